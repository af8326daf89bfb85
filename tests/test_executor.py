"""The executor's order of work: a worker's first PDF is laid out by that worker."""
from __future__ import annotations

import os

from conftest import ROOT
from pypdf import PdfReader

from docpipe.model.theme import load_theme
from docpipe.pipeline import executor
from docpipe.pipeline.build import parse
from docpipe.pipeline.jobs import Job

_LAY_OUT = executor.write_prepared_pdf


def _lay_out_noting_where(prepared, job: Job) -> float:
    """The real layout, leaving a file named by the process that did it (module-level: the
    pool hands it to the worker by name)."""
    (job.output.parent / f"laid-out-by-{os.getpid()}").touch()
    return _LAY_OUT(prepared, job)


def test_a_workers_first_pdf_is_never_taken_back(tmp_path, monkeypatch):
    """The build hands its one PDF over while the worker is still importing WeasyPrint; it
    used to take the PDF back when it asked before the pool's thread had passed it on, and
    then imported WeasyPrint and laid the PDF out itself (a -f pdf build, 4 times in 6)."""
    source = tmp_path / "doc.md"
    source.write_text("# 标题\n\n正文一段。\n", encoding="utf-8")
    theme = load_theme("default", search_from=[ROOT])
    document = parse(source, theme, None)
    monkeypatch.setattr(executor, "write_prepared_pdf", _lay_out_noting_where)
    with executor.Executor(workers=1) as pool:
        for attempt in range(3):  # the race was lost more often than not: three chances
            out = tmp_path / str(attempt)
            out.mkdir()
            results = []
            pool.run([Job(source, "pdf", out / "doc.pdf", "key")], {source: document}, theme,
                     results.append)
            assert results[0].error is None and results[0].built, results[0].error
            assert "正文一段。" in PdfReader(out / "doc.pdf").pages[0].extract_text()
            [noted] = [p.name for p in out.glob("laid-out-by-*")]
            assert noted != f"laid-out-by-{os.getpid()}", "this process took the PDF back"
