"""The build: plan what is out of date → parse each source once → run the writers → record.

``build`` owns the executor for its run (a ``with`` block); the writers know nothing about
processes. A source that fails costs only its own outputs: every failure is one line in its
Result, and the others are still written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from docpipe.errors import DocpipeError, UsageError
from docpipe.model.document import Document
from docpipe.model.theme import Theme, find_style, load_theme
from docpipe.pipeline import build_record
from docpipe.pipeline.executor import Executor, pdf_workers
from docpipe.pipeline.jobs import BuildOptions, Job, Result
from docpipe.write import FORMATS

Report = Callable[[Result], None]


def find_sources(files: list[Path]) -> list[Path]:
    """The named files, or every source/*.md when none are named."""
    if files:
        return files
    sources = sorted(Path("source").glob("*.md"))
    if not sources:
        raise UsageError("no sources: source/*.md is empty and no FILE was named",
                         fix="run in the project folder or name the Markdown files")
    return sources


def output_name(source: Path, fmt: str, options: BuildOptions) -> str:
    """dist/<stem>.<format>; an imposed booklet is <stem>-booklet.pdf beside the plain PDF."""
    if fmt == "pdf" and options.booklet:
        return f"{source.stem}-booklet.pdf"
    return f"{source.stem}.{fmt}"


def build(files: list[Path], out_dir: Path, options: BuildOptions,
          report: Report = lambda result: None, executor: Executor | None = None) -> list[Result]:
    """Build every (source, format) pair that is out of date; return what happened.

    ``executor`` lets a caller that builds again and again (``watch``) keep its PDF workers
    warm between builds; without one, the build forks its own and ends them when it is done.
    """
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'", fix=f"use one of {', '.join(FORMATS)}")
    sources = find_sources(files)
    for source in sources:
        if not source.is_file():
            raise DocpipeError("source file not found", path=source,
                               fix="check the path; sources are Markdown files such as "
                                   "source/*.md")
    style_folder = find_style(options.style, [Path.cwd(), *(s.parent for s in sources)])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {out_dir}: {exc.strerror}",
                         fix="choose a folder you can write to with -o") from None
    results: list[Result] = []
    jobs: list[Job] = []
    for source in sources:
        for fmt in options.formats:
            output = out_dir / output_name(source, fmt, options)
            key = build_record.input_key(source, style_folder, options.key(), fmt)
            current = None if options.force else build_record.current(out_dir, output, key)
            if current is not None and current.get("date"):  # older records lack it
                result = Result(source, fmt, output, built=False, size=output.stat().st_size,
                                title=current.get("title", ""), date=current.get("date", ""),
                                commit=current.get("commit"))
                report(result)
                results.append(result)
            else:
                jobs.append(Job(source, fmt, output, key,
                                booklet=fmt == "pdf" and options.booklet))
    if not jobs:
        return results

    def finish(result: Result) -> None:
        if result.error is None:
            build_record.record(out_dir, result.output, _job_key(jobs, result),
                                result.dependencies, title=result.title, date=result.date,
                                commit=result.commit)
        report(result)
        results.append(result)

    if executor is not None:
        _run(executor, jobs, style_folder, options, finish)
    else:
        with Executor(pdf_workers(options.jobs, jobs)) as own:
            _run(own, jobs, style_folder, options, finish)
    return results


def _job_key(jobs: list[Job], result: Result) -> str:
    return next(job.key for job in jobs if job.output == result.output)


def _run(executor: Executor, jobs: list[Job], style_folder: Path, options: BuildOptions,
         finish: Report) -> None:
    """Parse each source once (while the executor's workers import WeasyPrint), then write."""
    theme = load_theme(str(style_folder), paper=options.paper)
    documents: dict[Path, Document | DocpipeError] = {}
    for source in dict.fromkeys(job.source for job in jobs):
        try:
            documents[source] = parse(source, theme, options.encoding)
        except DocpipeError as error:
            documents[source] = error
    runnable = []
    failed: set[Path] = set()
    for job in jobs:
        parsed = documents[job.source]
        if isinstance(parsed, DocpipeError):
            finish(Result(job.source, job.fmt, job.output, built=False, error=str(parsed),
                          error_said=job.source in failed))
            failed.add(job.source)
        else:
            runnable.append(job)
    said: set[Path] = set()

    def finish_once(result: Result) -> None:
        # three formats share one parse: each source's warnings are said once
        if result.source in said:
            result.warnings = []
        said.add(result.source)
        finish(result)

    executor.run(runnable, {s: d for s, d in documents.items() if isinstance(d, Document)},
                 theme, finish_once)


def parse(source: Path, theme: Theme, encoding: str | None) -> Document:
    """The Document of ``source``, dated, with the glyph-coverage warnings of this theme."""
    from docpipe.read.dates import VersionLookup
    from docpipe.read.parse import parse_file
    from docpipe.write.glyph_coverage import uncovered

    lookup = VersionLookup(source).start()  # git answers while the source is parsed
    try:
        document = parse_file(source, style_folder=theme.folder, encoding=encoding)
    except BaseException:
        lookup.cancel()
        raise
    version = lookup.result(document.meta.date)
    document.build_date = version.date
    document.commit = version.commit
    document.warnings.extend(uncovered(document, theme))
    return document
