"""Where a build's writers run: DOCX and EPUB in this process, PDFs in warm worker processes.

A PDF is most of a build (70–95 % of its CPU) and WeasyPrint's import is most of a small PDF,
so with N cores the order of work is:

1. ``Executor.__enter__`` forks the PDF workers (at most N−1, at most one per PDF) as soon as
   the build knows what is out of date; each imports WeasyPrint and waits.
2. Meanwhile the build checks the themes and parses every source, and ``run`` prepares each
   PDF here (HTML, stylesheet and font subsets: ``write.pdf.writer.prepare``, no WeasyPrint)
   and hands it over.
3. This process writes the DOCX and EPUB outputs: they reuse its parse and font subsets.
4. Then it takes back the PDFs queued behind the workers' first ones (those stay: a worker
   that is importing WeasyPrint is ready sooner than this process would be) and lays them
   out itself, so that no core idles while PDFs wait.

Workers are forked (not spawned) so that they share this process's imports; each prepared PDF
reaches them pickled (an HTML string and a few hundred KB of fonts). With no workers (one core,
``--jobs 1``, or no PDF to write) everything runs here, in the same order.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from docpipe.errors import DocpipeError
from docpipe.files import write_atomically
from docpipe.pipeline.jobs import Job, Result

if TYPE_CHECKING:  # a no-op build imports this module and needs none of them
    from concurrent.futures import Future

    from docpipe.model.document import Document
    from docpipe.model.theme import Theme


def pdf_workers(jobs_allowed: int, jobs: list[Job]) -> int:
    """How many PDF workers to fork: one per PDF, leaving a core to this process."""
    pdfs = sum(job.fmt == "pdf" for job in jobs)
    if jobs_allowed < 2 or not pdfs:
        return 0
    return max(1, min(jobs_allowed - 1, pdfs))


class Executor:
    """Runs a build's jobs; a context manager that owns its worker processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = None

    def __enter__(self) -> "Executor":
        if self.workers:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers, initializer=_preload,
                                             mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(int)  # fork now, before the build parses anything
        return self

    def __exit__(self, error_type, *exc_info) -> None:
        if self._pool is not None:
            # leaving on an error (a broken project theme, Ctrl-C) does not wait for workers
            # still importing WeasyPrint: they end when their queue closes or this process does
            self._pool.shutdown(wait=error_type is None, cancel_futures=True)
            self._pool = None

    def run(self, jobs: list[Job], documents: dict[Path, Document], theme: Theme,
            finish: Callable[[Result], None]) -> None:
        """Write every job's output; ``finish`` receives each Result as it is known."""
        to_workers = [job for job in jobs if job.fmt == "pdf" and self._pool is not None]
        here = [job for job in jobs if job not in to_workers]
        queued: list[tuple[Job, object, float, Future]] = []
        for job in to_workers:
            document = documents[job.source]
            started = time.perf_counter()
            try:
                prepared = _prepare_pdf(document, theme)
            except DocpipeError as error:
                finish(_failed(job, error))
                continue
            except Exception as error:  # noqa: BLE001 - a bug must not cost the other outputs
                finish(_failed(job, internal_error(job.source, job.fmt, error)))
                continue
            seconds = time.perf_counter() - started
            future = self._pool.submit(write_prepared_pdf, prepared, job)
            queued.append((job, prepared, seconds, future))
        for job in here:
            finish(_attempt(job, documents[job.source],
                            lambda: write_output(job, documents[job.source], theme)))
        # PDFs still waiting for a worker: lay them out here, the last ones first; not a
        # worker's first (see step 4 above: a -f pdf build took its one PDF back whenever it
        # asked before the pool's thread had handed it on, and imported WeasyPrint twice)
        for job, prepared, seconds, future in reversed(queued[self.workers:]):
            if future.cancel():
                finish(_attempt(job, documents[job.source],
                                lambda: seconds + write_prepared_pdf(prepared, job)))
        for job, _, seconds, future in queued:
            if not future.cancelled():
                finish(_attempt(job, documents[job.source],
                                lambda: seconds + _worker_result(future)))


def write_output(job: Job, document: Document, theme: Theme) -> float:
    """Render ``job`` in this process; the seconds it took."""
    from docpipe.write import renderer

    if job.fmt == "pdf":
        started = time.perf_counter()
        prepared = _prepare_pdf(document, theme)
        return time.perf_counter() - started + write_prepared_pdf(prepared, job)
    render = renderer(job.fmt)
    started = time.perf_counter()
    write_atomically(job.source, job.output, lambda temporary: render(document, theme, temporary))
    return time.perf_counter() - started


def write_prepared_pdf(prepared, job: Job) -> float:
    """Lay out and write one prepared PDF (imposed as a booklet if asked); the seconds it took."""
    from docpipe.write.pdf import writer as pdf

    def produce(temporary: Path) -> None:
        pdf.write(prepared, temporary, variant=job.pdf_variant)
        if job.booklet:
            from docpipe.write.pdf.booklet import impose

            impose(temporary, temporary)

    started = time.perf_counter()
    write_atomically(job.source, job.output, produce)
    return time.perf_counter() - started


def _prepare_pdf(document: Document, theme: Theme):
    from docpipe.write.pdf import writer as pdf

    return pdf.prepare(document, theme)


def _attempt(job: Job, document: Document, work: Callable[[], float]) -> Result:
    """The Result of ``work`` (which returns its seconds); a DocpipeError becomes its line."""
    try:
        seconds = work()
    except DocpipeError as error:
        return _failed(job, error)
    except Exception as error:  # noqa: BLE001 - a bug must not cost the other outputs
        return _failed(job, internal_error(job.source, job.fmt, error))
    return Result(job.source, job.fmt, job.output, built=True, seconds=seconds,
                  size=job.output.stat().st_size, warnings=list(document.warnings),
                  dependencies=[image.path for image in document.images.values()],
                  title=document.meta.title, date=document.build_date,
                  commit=document.commit)


def internal_error(source: Path, fmt: str | None, error: Exception) -> DocpipeError:
    """A bug in docpipe met while building ``source``: still one line, naming the file."""
    what = f"writing the {fmt.upper()}" if fmt else "reading it"
    return DocpipeError(f"internal error {what}: {type(error).__name__}: {error}", path=source,
                        fix="run 'docpipe --debug build …' for a traceback and report it")


def _failed(job: Job, error: DocpipeError) -> Result:
    return Result(job.source, job.fmt, job.output, built=False, error=str(error))


def _worker_result(future: Future) -> float:
    """A worker's seconds, or the reason it has none as a DocpipeError."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise DocpipeError("the PDF worker process died before finishing (killed, or out of "
                           "memory)", fix="rebuild; with --jobs 1 the PDF is laid out in the "
                                          "main process") from None


def _preload() -> None:
    """Worker start: import what a PDF needs, then leave the imported objects to the GC's
    permanent generation (they live as long as the worker).

    A failure here is not raised: it would break the whole pool with no message. The job then
    imports again and raises the real cause, which reaches the parent as that job's error.
    """
    import gc

    _exit_with_parent()
    try:
        from docpipe.write.pdf import writer as pdf
        from docpipe.write.pdf import justify  # noqa: F401

        pdf.import_weasyprint()
    except Exception:  # noqa: BLE001 - reported by the job, see above
        return
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
