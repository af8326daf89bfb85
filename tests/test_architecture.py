"""The package's imports point one way (pyproject's import-linter contract), with no circle."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.mark.fast
def test_imports_point_one_way():
    """cli → pipeline → {lint, write} → read → {model, text, policy, …} → cache → files →
    {errors, version, records}, function-level imports included (import-linter's grimp reads
    every import)."""
    run = subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


@pytest.mark.fast
def test_an_upward_import_breaks_the_contract(tmp_path):
    """The check can fail: a copy of the package whose model imports the pipeline is refused."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy)
    theme = copy / "docpipe" / "model" / "theme.py"
    theme.write_text(theme.read_text(encoding="utf-8")
                     + "\n\ndef _upward():\n    from docpipe.pipeline import build  # noqa\n",
                     encoding="utf-8")
    run = subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert run.returncode != 0 and "BROKEN" in run.stdout.upper(), run.stdout[-2000:]
