"""stack_room.with_room: calls made inside it never cross the end of a frame-stack chunk.

A loop that calls a function at the depth where a chunk of CPython's frame stack ends maps a
new chunk and unmaps it on every call (gh-142183): each call then costs page faults. The loop
is run at every depth from 0 to 299 frames, with and without the room; the page faults of each
run are counted (the process's minor faults, before and after).
"""
from __future__ import annotations

import resource
import sys

import pytest
from conftest import ROOT

from docpipe.write.pdf.stack_room import with_room

CALLS = 2000
DEPTHS = range(300)


def _leaf() -> int:
    return 1


def _loop() -> None:
    for _ in range(CALLS):
        _leaf()


def _at_depth(depth: int) -> None:
    if depth:
        return _at_depth(depth - 1)
    _loop()


def _faults(function, *args) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function(*args)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.fast
def test_no_depth_faults_on_every_call_inside_the_room():
    worst = max(_faults(with_room, _at_depth, depth) for depth in DEPTHS)
    assert worst < CALLS / 10


@pytest.mark.fast
def test_the_loop_finds_the_chunk_end_without_the_room():
    """The check above can fail: without the room one depth costs a fault per call."""
    worst = max(_faults(_at_depth, depth) for depth in DEPTHS)
    if worst < CALLS / 10 and (sys.implementation.name != "cpython" or sys.version_info >= (3, 13)):
        pytest.skip("this Python keeps a spare frame chunk (gh-142183 fixed): nothing to show")
    assert worst >= CALLS


@pytest.mark.fast
def test_with_room_passes_arguments_and_returns():
    assert with_room(lambda a, b=0: (a, b), 1, b=2) == (1, 2)
    with pytest.raises(ZeroDivisionError):
        with_room(lambda: 1 / 0)


@pytest.mark.fast
def test_an_interpreter_that_refuses_the_frame_falls_back_with_one_sentence(monkeypatch):
    from docpipe.write.pdf import stack_room

    monkeypatch.setattr(stack_room, "SLOTS", -1)   # co_stacksize must be positive
    call, problem = stack_room._roomy_call()
    assert call is stack_room._call
    assert problem.startswith("PDF layout without room on the frame stack (ValueError")
    assert "\n" not in problem and call(divmod, (7, 2), {}) == (3, 1)


@pytest.mark.pdf
def test_the_writer_says_the_fallback_and_still_writes_the_same_pdf(tmp_path, monkeypatch):
    from docpipe.model.theme import load_theme
    from docpipe.read.parse import parse_file
    from docpipe.write.pdf import stack_room, writer

    source = tmp_path / "short.md"
    source.write_text("# 标题\n\n正文一段，用于检查。\n", encoding="utf-8")
    theme = load_theme("default", search_from=[ROOT])
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = "2020-12-01"
    prepared = writer.prepare(document, theme)
    said: list[str] = []
    writer.write(prepared, tmp_path / "roomy.pdf", warn=said.append)
    assert said == []
    monkeypatch.setattr(stack_room, "_call_with_room", stack_room._call)
    monkeypatch.setattr(stack_room, "problem", "PDF layout without room on the frame stack (test)")
    writer.write(prepared, tmp_path / "plain.pdf", warn=said.append)
    assert said == ["PDF layout without room on the frame stack (test)"]
    assert (tmp_path / "plain.pdf").read_bytes() == (tmp_path / "roomy.pdf").read_bytes()
