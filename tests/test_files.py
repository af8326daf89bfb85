"""files.py: the one atomic writer and the one deterministic zip writer, and the formats on it."""
from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docpipe import files
from docpipe.errors import DocpipeError

ROOT = Path(__file__).resolve().parents[1]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomically_replaces_the_file_whole(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    seen = []

    def produce(temporary: Path) -> None:
        seen.append(temporary)
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_text("new")
        assert target.read_text() == "old"   # nobody sees the new file before it is whole

    files.write_atomically(None, target, produce)
    assert target.read_text() == "new"
    assert seen and not seen[0].exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file_and_names_the_fix(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_text("old")

    def full_disk(temporary: Path) -> None:
        temporary.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DocpipeError) as caught:
        files.write_atomically(tmp_path / "a.md", target, full_disk)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'a.md'}: cannot write {target}: No space left")
    assert "free disk space" in message
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_other_errors_pass_through_and_leave_nothing(tmp_path):
    target = tmp_path / "out.epub"

    def broken(temporary: Path) -> None:
        temporary.write_text("half")
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        files.write_atomically(None, target, broken)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path):
    target = tmp_path / "out.docx"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".out.docx.{dead}.tmp"
    live = tmp_path / f".out.docx.{os.getppid()}.tmp"    # a build still running
    other = tmp_path / ".out.docx.notapid.tmp"
    for path in (stale, live, other):
        path.write_text("x")
    files.write_atomically(None, target, lambda temporary: temporary.write_text("new"))
    assert not stale.exists()
    assert live.exists() and other.exists()


def test_the_new_file_keeps_the_old_ones_mode(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o600)
    files.write_atomically(None, target, lambda temporary: temporary.write_text("new"))
    assert target.stat().st_mode & 0o777 == 0o600


def test_durable_writes_are_synced(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    files.write_atomically(None, tmp_path / "a", lambda t: t.write_text("x"))
    assert synced == []
    files.write_atomically(None, tmp_path / "b", lambda t: t.write_text("x"), durable=True)
    assert len(synced) == 1


MEMBERS = [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", b"<c/>" * 100),
           ("EPUB/中文.xhtml", "正文".encode() * 100)]


def test_write_zip_is_byte_stable_and_fixed():
    first, second = io.BytesIO(), io.BytesIO()
    files.write_zip(first, MEMBERS, stored={"mimetype"})
    files.write_zip(second, iter(MEMBERS), stored={"mimetype"})
    assert first.getvalue() == second.getvalue()
    with zipfile.ZipFile(first) as archive:
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS
        for info in archive.infolist():
            assert info.date_time == files.ZIP_TIME
            assert info.create_system == 3
            assert info.external_attr == 0o100644 << 16
            expected = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            assert info.compress_type == expected
    # OCF: the bytes start with the stored mimetype, readable without unzipping
    assert first.getvalue()[30:38] == b"mimetype"
    assert first.getvalue()[38:58] == b"application/epub+zip"


def test_write_zip_to_a_path(tmp_path):
    files.write_zip(tmp_path / "a.zip", MEMBERS)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.testzip() is None
        assert archive.infolist()[0].compress_type == zipfile.ZIP_DEFLATED


@pytest.fixture(scope="module")
def small_outputs(tmp_path_factory):
    """A small document rendered twice as DOCX and EPUB, straight through the writers."""
    from docpipe.model.theme import load_theme
    from docpipe.read.parse import parse_file
    from docpipe.write import renderer

    folder = tmp_path_factory.mktemp("small")
    source = folder / "small.md"
    source.write_text("---\ntitle: 小文\n---\n\n正文**加粗**。\n", encoding="utf-8")
    theme = load_theme("default", search_from=[ROOT])
    outputs = {}
    for fmt in ("docx", "epub"):
        for attempt in (1, 2):
            document = parse_file(source, style_folder=theme.folder)
            document.build_date = "2020-12-01"
            dest = folder / f"small-{attempt}.{fmt}"
            renderer(fmt)(document, theme, dest)
            outputs.setdefault(fmt, []).append(dest)
    return outputs


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_docx_and_epub_are_written_by_write_zip(small_outputs, fmt):
    first, second = small_outputs[fmt]
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert {(i.date_time, i.create_system, i.external_attr) for i in infos} == {
            (files.ZIP_TIME, files.ZIP_CREATE_SYSTEM, files.ZIP_EXTERNAL_ATTR)}
        names = [i.filename for i in infos]
        if fmt == "epub":
            assert names[0] == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        else:
            assert names[0] == "[Content_Types].xml"
    assert _leftovers(first.parent) == [] and not list(first.parent.glob("*.part"))
