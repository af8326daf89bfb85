"""The command line: formats, output folder, exit codes, progress lines, incremental skips."""
from __future__ import annotations

import re

import pytest
from conftest import run_docpipe

from docpipe.version import __version__


@pytest.mark.fast
def test_version_and_help():
    assert run_docpipe("--version").stdout.strip().endswith(__version__)
    help_text = run_docpipe("build", "--help").stdout
    assert "Examples:" in help_text and "--format" in help_text and "--style" in help_text


@pytest.mark.fast
def test_debug_shows_the_traceback_of_an_error(tmp_path):
    (tmp_path / "doc.md").write_text("# 一\n", encoding="utf-8")
    plain = run_docpipe("build", "doc.md", "--style", "nosuch", cwd=tmp_path)
    debug = run_docpipe("--debug", "build", "doc.md", "--style", "nosuch", cwd=tmp_path)
    assert plain.returncode == debug.returncode == 2
    assert plain.stderr.startswith("docpipe: error: unknown style 'nosuch'"), plain.stderr
    assert debug.stderr.startswith("Traceback (most recent call last):"), debug.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.strip()


def test_named_file_one_format_into_a_folder(project, tmp_path):
    out = tmp_path / "out"
    result = run_docpipe("build", "source/article.md", "-f", "docx", "-o", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["article.docx"]
    assert re.search(r"built\s+\S+article\.docx\s+\d+ KB\s+[\d.]+ s", result.stdout)


def test_second_build_skips_and_force_rebuilds(project):
    first = run_docpipe("build", "-f", "docx", cwd=project)
    assert first.returncode == 0, first.stderr
    second = run_docpipe("build", "-f", "docx", cwd=project)
    assert "unchanged, skipped" in second.stdout
    forced = run_docpipe("build", "-f", "docx", "--force", cwd=project)
    assert "built" in forced.stdout
    source = project / "source" / "article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    changed = run_docpipe("build", "-f", "docx", cwd=project)
    assert changed.stdout.startswith("built")


@pytest.mark.fast
@pytest.mark.parametrize("args, code, message", [
    (["build", "--style", "nosuch"], 2, "unknown style 'nosuch'"),
    (["build", "-f", "odt"], 2, "Invalid value for '-f' / '--format'"),
    (["build", "missing.md"], 1, "missing.md: source file not found"),
    (["nosuchcommand"], 2, "No such command"),
])
def test_errors_are_one_line_with_the_right_exit_code(project, args, code, message):
    result = run_docpipe(*args, cwd=project)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.fast
def test_check_passes_the_canonical_source():
    result = run_docpipe("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


@pytest.mark.fast
def test_check_flags_the_seed_and_fix_makes_it_pass(tmp_path):
    import json

    from conftest import SEED

    draft = tmp_path / "draft.md"
    draft.write_text("---\ntitle: 稿件\n---\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_docpipe("check", str(draft), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert {f["rule"] for f in findings} == {"half-width-punctuation"}
    assert findings[0]["line"] == 5 and findings[0]["column"] == 25
    fixed = run_docpipe("check", str(draft), "--fix")
    assert fixed.returncode == 0, fixed.stdout
    assert run_docpipe("check", str(draft)).returncode == 0


def test_no_op_build_imports_no_heavy_library(project):
    import subprocess
    import sys

    assert run_docpipe("build", cwd=project).returncode == 0
    probe = ("import sys\nfrom docpipe.cli import main\n"
             "try:\n    main(['build'], standalone_mode=False)\nfinally:\n"
             "    heavy = {'weasyprint', 'docx', 'markdown', 'lxml', 'nh3', 'fontTools', 'pypdf'}\n"
             "    print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert "unchanged, skipped" in result.stdout
    assert result.stdout.strip().endswith("[]"), result.stdout


def test_watch_rebuilds_on_save(project):
    import subprocess
    import time

    from conftest import DOCPIPE

    output = project / "dist" / "article.docx"
    watcher = subprocess.Popen([*DOCPIPE, "watch", "-f", "docx", "--interval", "0.2"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        deadline = time.monotonic() + 120
        while not output.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert output.exists()
        first = output.stat().st_mtime_ns
        source = project / "source" / "article.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n编辑保存后的新段落。\n",
                          encoding="utf-8")
        while output.stat().st_mtime_ns == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert output.stat().st_mtime_ns != first
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    from docx import Document

    assert "编辑保存后的新段落。" in [p.text for p in Document(output).paragraphs]


def test_watch_dir_builds_markdown_files_created_after_it_started(project):
    import subprocess
    import time

    from conftest import DOCPIPE
    from docx import Document

    dist = project / "dist"
    watcher = subprocess.Popen([*DOCPIPE, "watch", "source", "-f", "docx", "--interval", "0.2"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        deadline = time.monotonic() + 120
        while not (dist / "article.docx").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (dist / "article.docx").exists()
        # a new file in the watched folder, and one in a new subfolder (mirrored in dist/)
        (project / "source" / "later.md").write_text("# 后来的\n\n开始之后才写的。\n",
                                                     encoding="utf-8")
        (project / "source" / "part").mkdir()
        (project / "source" / "part" / "deeper.md").write_text("# 更深\n\n子目录里的。\n",
                                                               encoding="utf-8")
        wanted = [dist / "later.docx", dist / "part" / "deeper.docx"]
        while not all(p.exists() for p in wanted) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)   # let the write finish (outputs appear whole, by rename)
    finally:
        watcher.terminate()
        said, _ = watcher.communicate(timeout=30)
    texts = {p.name: [para.text for para in Document(p).paragraphs] for p in wanted}
    assert "开始之后才写的。" in texts["later.docx"], said
    assert "子目录里的。" in texts["deeper.docx"], said
    assert "new source: source/later.md" in said
