"""The incremental-build record: concurrent builds lose no entry, library upgrades rebuild."""
from __future__ import annotations

import importlib.metadata
import json
import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT, run_docpipe

from docpipe import version
from docpipe.pipeline import build_record

WRITERS, RECORDS = 6, 25


def _record_many(out_dir: Path, writer: int, barrier) -> None:
    barrier.wait()  # all writers start together, so their read-modify-writes overlap
    for index in range(RECORDS):
        build_record.record(out_dir, out_dir / f"w{writer}-{index}.pdf", f"key{index}", [])


@pytest.mark.fast
def test_concurrent_records_lose_no_entry(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS)
    writers = [context.Process(target=_record_many, args=(tmp_path, writer, barrier))
               for writer in range(WRITERS)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
    assert [process.exitcode for process in writers] == [0] * WRITERS
    data = json.loads((tmp_path / build_record.STATE_FILE).read_text(encoding="utf-8"))
    expected = {f"w{writer}-{index}.pdf" for writer in range(WRITERS) for index in range(RECORDS)}
    assert set(data) == expected, f"{len(expected - set(data))} of {len(expected)} entries lost"
    assert data["w3-7.pdf"]["key"] == "key7"
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.fast
def test_a_killed_writers_temporary_is_removed_by_the_next_record(tmp_path):
    leftover = tmp_path / f".{build_record.STATE_FILE}.999999.tmp"
    leftover.write_text("{half", encoding="utf-8")
    build_record.record(tmp_path, tmp_path / "a.pdf", "k", [])
    assert not leftover.exists()
    assert set(json.loads((tmp_path / build_record.STATE_FILE).read_text())) == {"a.pdf"}


@pytest.mark.fast
def test_library_versions_are_the_installed_ones():
    names = {*build_record.PARSING_LIBRARIES, *sum(build_record.FORMAT_LIBRARIES.values(), ())}
    assert {"weasyprint", "python-docx"} <= names
    for name in names:
        assert build_record.library_version(name) == importlib.metadata.version(name), name
    assert build_record.library_version("no-such-distribution-here") == ""


@pytest.mark.fast
def test_the_key_changes_with_the_library_that_writes_the_format(monkeypatch):
    style = ROOT / "styles" / "default"

    def keys() -> dict[str, str]:
        return {fmt: build_record.input_key(ARTICLE, style, "", fmt)
                for fmt in ("docx", "pdf", "epub")}

    before = keys()
    installed = dict(version._installed())
    monkeypatch.setattr(version, "_installed", lambda: {**installed, "weasyprint": "999"})
    build_record.library_version.cache_clear()
    after_weasyprint = keys()
    monkeypatch.setattr(version, "_installed", lambda: {**installed, "python_docx": "999"})
    build_record.library_version.cache_clear()
    after_docx = keys()
    monkeypatch.undo()
    build_record.library_version.cache_clear()
    assert after_weasyprint["pdf"] != before["pdf"]
    assert after_weasyprint["docx"] == before["docx"] and after_weasyprint["epub"] == before["epub"]
    assert after_docx["docx"] != before["docx"]
    assert after_docx["pdf"] == before["pdf"] and after_docx["epub"] == before["epub"]
    assert keys() == before


def test_upgrading_python_docx_rebuilds_the_docx_only(project, tmp_path_factory):
    # an "upgrade": a python-docx dist-info with another version earlier on the path
    fake = tmp_path_factory.mktemp("site")
    info = fake / "python_docx-99.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: python-docx\nVersion: 99.0\n")
    formats = ("-f", "docx", "-f", "epub")
    assert run_docpipe("build", *formats, cwd=project).returncode == 0
    same = run_docpipe("build", *formats, cwd=project)
    assert same.stdout.count("unchanged, skipped") == 2, same.stdout
    path = os.pathsep.join(filter(None, [str(fake), os.environ.get("PYTHONPATH")]))
    upgraded = run_docpipe("build", *formats, cwd=project, env={"PYTHONPATH": path})
    assert upgraded.returncode == 0, upgraded.stderr
    lines = upgraded.stdout.splitlines()
    assert [line.split()[:2] for line in lines if "article.docx" in line] == [
        ["built", "dist/article.docx"]], upgraded.stdout
    assert "skipped" in next(line for line in lines if "article.epub" in line), upgraded.stdout
