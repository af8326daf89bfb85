"""Parallel builds: PDF workers start importing WeasyPrint while the parent parses.

A PDF is most of a build (70–95 % of its CPU) and WeasyPrint's import is most of a small PDF,
so the order of work on a machine with N cores is:

1. Fork N−1 workers at once (at most one per PDF); each imports WeasyPrint and waits. For the
   common case of one PDF beside its DOCX and EPUB, the worker was already forked by
   ``launch`` as the command started, ~0.06 s sooner (``_Forked`` makes it look like a pool).
2. Meanwhile the parent parses every source (a bad source fails the build before any output
   is written, as in a serial build), then prepares each PDF: HTML, stylesheet and font
   subsets (``render.pdf.prepare``, no WeasyPrint), and hands it to the workers.
3. The parent builds the DOCX and EPUB outputs itself: they reuse its parse and font subsets.
4. Then it takes back the PDFs no worker has started and lays them out itself, so that no
   core idles while PDFs wait.

Workers are forked (not spawned) so that they share the parent's imports; they get each
prepared PDF pickled (an HTML string and a few hundred KB of fonts).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from docpipe.pipeline import build as pipeline
from docpipe.errors import DocpipeError


def run(tasks: list[tuple], style_folder: Path, options, finish: Callable) -> None:
    """Build ``tasks`` ((source, format, output, key) tuples); ``finish(task, result)`` each."""
    from docpipe.write.pdf import writer as pdf
    from docpipe.model.theme import load_theme

    pdf_tasks = [task for task in tasks if task[1] == "pdf"]
    other_tasks = [task for task in tasks if task[1] != "pdf"]
    pool = _workers(max(1, min(options.jobs - 1, len(pdf_tasks))), len(pdf_tasks))
    try:
        theme = load_theme(str(style_folder), paper=options.paper)
        documents = {source: pipeline._parsed(source, theme.folder, options.encoding)
                     for source in dict.fromkeys(task[0] for task in tasks)}
        queued = []
        for task in pdf_tasks:
            started = time.perf_counter()
            prepared = pdf.prepare(documents[task[0]], theme)
            seconds = time.perf_counter() - started
            future = pool.submit(_write_pdf, prepared, task[0], task[2], options.booklet)
            queued.append((task, prepared, seconds, future))
        for task in other_tasks:
            finish(task, pipeline.build_one(*task[:3], style_folder, options))
        # PDFs still waiting for a worker: lay them out here, the last ones first
        for task, prepared, seconds, future in reversed(queued):
            if future.cancel():
                seconds += _write_pdf(prepared, task[0], task[2], options.booklet)
                finish(task, pipeline.finished(*task[:3], documents[task[0]], seconds))
        for task, _, seconds, future in queued:
            if not future.cancelled():
                seconds += _result(future, task)
                finish(task, pipeline.finished(*task[:3], documents[task[0]], seconds))
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _workers(count: int, pdfs: int):
    """``count`` PDF workers, forked now and importing WeasyPrint while the parent parses."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                               initializer=_preload)
    pool.submit(int)  # forks the workers now, before the parent imports or parses anything
    return pool


def _preload() -> None:
    """Worker start: import what a PDF needs, then leave the imported objects to the GC's
    permanent generation (they live as long as the worker)."""
    import gc

    _exit_with_parent()
    from docpipe.write.pdf import writer as pdf

    pdf.import_weasyprint()
    from docpipe.write.pdf import justify  # noqa: F401

    gc.freeze()


def _exit_with_parent(interval: float = 0.2) -> None:
    """End this worker soon after the parent dies (killed, say): a worker blocks on a queue
    whose other end it holds too, so it would otherwise wait, orphaned, forever."""
    import os
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="docpipe-parent-watch", daemon=True).start()


def _write_pdf(prepared, source: Path, output: Path, booklet: bool) -> float:
    """Lay out and write one prepared PDF atomically; the seconds it took."""
    from docpipe.write.pdf import writer as pdf

    started = time.perf_counter()
    pipeline.write_atomically(source, output, lambda temporary: pdf.write(prepared, temporary),
                              booklet=booklet)
    return time.perf_counter() - started


def _result(future, task: tuple) -> float:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise DocpipeError("a PDF worker process died before finishing", path=task[0],
                           fix="rebuild; if it recurs, run with --jobs 1 and --debug") from None
