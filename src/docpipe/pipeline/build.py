"""The build: plan what is out of date → parse each source once → run the writers → record.

``build`` owns the executor for its run (a ``with`` block); the writers know nothing about
processes. A source that fails costs only its own outputs: every failure is one line in its
Result, and the others are still written.

Planning reads only what tells whether an output is current (the front matter's ``style``,
the style's files, the source's bytes); themes are checked and sources parsed only for the
outputs to write, after the PDF workers are forked, so that their import of WeasyPrint (a
PDF build's critical path) starts as early as the build knows a PDF is to be written.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from docpipe.config import Config, DocumentSettings, Source
from docpipe.errors import DocpipeError, UsageError
from docpipe.model.style_lookup import LocatedStyle, locate_style
from docpipe.pipeline import build_record
from docpipe.pipeline.executor import Executor, internal_error, pdf_workers
from docpipe.pipeline.jobs import Job, Result
from docpipe.records import Record, record
from docpipe.write import FORMATS

if TYPE_CHECKING:
    from docpipe.model.document import Document
    from docpipe.model.theme import Theme

Report = Callable[[Result], None]


@record
class _Planned(Record):
    """A source with the settings and the style it builds with."""

    source: Source
    settings: DocumentSettings
    style: LocatedStyle


def build(config: Config, report: Report = lambda result: None,
          executor: Executor | None = None) -> list[Result]:
    """Build every (source, format) pair that is out of date; return what happened.

    ``executor`` lets a caller that builds again and again (``watch``) keep its PDF workers
    warm between builds; without one, the build forks its own and ends them when it is done.
    """
    for fmt in config.formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'", fix=f"use one of {', '.join(FORMATS)}")
    # the project's (or the command line's) style is found before anything is built, and its
    # theme checked before anything is written (in _run): a mistake there is the command's
    # one error line (exit 2 for an unknown style or paper), not one source's
    styles = {config.style: locate_style(config.style, config.style_search)}
    prepare_output_folder(config.output)
    results: list[Result] = []
    jobs: list[Job] = []
    planned: dict[Path, _Planned] = {}
    for source in _my_share(config):
        try:
            plan = _plan(config, source, styles)
        except Exception as error:  # noqa: BLE001 - one source's failure is its own
            error = _as_docpipe_error(source.path, error)
            for index, fmt in enumerate(config.formats):
                result = Result(source.path, fmt, config.output_path(source, fmt), built=False,
                                error=str(error), error_said=index > 0)
                report(result)
                results.append(result)
            continue
        planned[source.path] = plan
        for fmt in plan.settings.formats:
            output = config.output_path(source, fmt)
            key = build_record.input_key(source.path, plan.style.folders,
                                         config.key(plan.settings), fmt)
            current = None if config.force else build_record.current(output.parent, output, key)
            if current is not None and current.get("date"):  # older records lack it
                result = Result(source.path, fmt, output, built=False,
                                size=output.stat().st_size, title=current.get("title", ""),
                                date=current.get("date", ""), commit=current.get("commit"))
                report(result)
                results.append(result)
            else:
                jobs.append(Job(source.path, fmt, output, key,
                                booklet=fmt == "pdf" and config.booklet,
                                pdf_variant=plan.settings.pdf_variant if fmt == "pdf" else None))
    if not jobs:
        return results

    def finish(result: Result) -> None:
        if result.error is None:
            build_record.record(result.output.parent, result.output, _job_key(jobs, result),
                                result.dependencies, title=result.title, date=result.date,
                                commit=result.commit)
        report(result)
        results.append(result)

    if executor is not None:
        _run(executor, jobs, planned, styles[config.style], config, finish)
    else:
        with Executor(pdf_workers(config.jobs, jobs)) as own:  # forks the PDF workers now
            _run(own, jobs, planned, styles[config.style], config, finish)
    return results


def _my_share(config: Config) -> tuple[Source, ...]:
    """The sources this build writes: all, or those of its --shard (links still lead to the
    others' outputs, which the other shards write)."""
    if not config.shard:
        return config.sources
    from docpipe.pipeline.shards import select

    chosen = set(select([source.path for source in config.sources], config.shard))
    return tuple(source for source in config.sources if source.path in chosen)


def prepare_output_folder(folder: Path) -> None:
    """Create the output folder, or say in one line why it cannot be written to."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"the output folder {folder} is a file",
                         fix="name a folder with -o (or output = \"…\" in docpipe.toml)") from None
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {folder}: {exc.strerror}",
                         fix="choose a folder you can write to with -o") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to the output folder {folder}: permission denied",
                         fix="choose a folder you can write to with -o") from None


def _plan(config: Config, source: Source, styles: dict[str, LocatedStyle]) -> _Planned:
    """The settings and style of one source: its front matter may name the style."""
    from docpipe.read.frontmatter import named_style

    if not source.path.is_file():
        raise DocpipeError("source file not found", path=source.path,
                           fix="check the path; sources are Markdown files or folders of them")
    settings = config.settings(source.path, named_style(source.path, config.encoding))
    if settings.style not in styles:
        try:
            styles[settings.style] = locate_style(settings.style, config.style_search)
        except DocpipeError as error:
            raise _named_by(source.path, settings.style, error) from None
    for fmt in settings.formats:
        config.output_path(source, fmt).parent.mkdir(parents=True, exist_ok=True)
    return _Planned(source, settings, styles[settings.style])


def _named_by(source: Path, style: str, error: DocpipeError) -> DocpipeError:
    """A style's error that names no file (an unknown style, a paper it does not allow) as
    the error of the source that asked for that style."""
    if error.path is not None:
        return error
    message = error.message if f"'{style}'" in error.message else f"style '{style}': {error.message}"
    return DocpipeError(message, path=source, fix=error.fix)


def _as_docpipe_error(source: Path, error: Exception) -> DocpipeError:
    return error if isinstance(error, DocpipeError) else internal_error(source, None, error)


def _job_key(jobs: list[Job], result: Result) -> str:
    return next(job.key for job in jobs if job.output == result.output)


def _run(executor: Executor, jobs: list[Job], planned: dict[Path, _Planned],
         project_style: LocatedStyle, config: Config, finish: Report) -> None:
    """Check each theme once and parse each source once (while the executor's workers import
    WeasyPrint), then write each theme's outputs."""
    from docpipe.model.document import Document
    from docpipe.model.theme import theme_of

    themes: dict[tuple[Path, str | None], Theme] = {}

    def theme(style: LocatedStyle, paper: str | None) -> Theme:
        if (style.folder, paper) not in themes:
            themes[style.folder, paper] = theme_of(style, paper)
        return themes[style.folder, paper]

    theme(project_style, config.paper)  # raises: the command's mistake, before any output
    outputs = {source.path.resolve(): source.name for source in config.sources}
    documents: dict[Path, Document | DocpipeError] = {}
    for source in dict.fromkeys(job.source for job in jobs):
        plan = planned[source]
        try:
            try:
                source_theme = theme(plan.style, plan.settings.paper)
            except DocpipeError as error:
                raise _named_by(source, plan.settings.style, error) from None
            documents[source] = parse(source, source_theme, config.encoding,
                                      resource_roots=plan.settings.resource_roots,
                                      outputs=outputs,
                                      warn_unknown_keys=_unknown_keys_said(config))
        except Exception as error:  # noqa: BLE001 - one source's failure is its own
            documents[source] = _as_docpipe_error(source, error)
    by_theme: dict[int, list[Job]] = {}
    failed: set[Path] = set()
    for job in jobs:
        parsed = documents[job.source]
        if isinstance(parsed, DocpipeError):
            finish(Result(job.source, job.fmt, job.output, built=False, error=str(parsed),
                          error_said=job.source in failed))
            failed.add(job.source)
        else:
            plan = planned[job.source]
            by_theme.setdefault(id(theme(plan.style, plan.settings.paper)), []).append(job)
    said: dict[Path, set[str]] = {}

    def finish_once(result: Result) -> None:
        # three formats share one parse: each warning is said once per source, and a writer's
        # own (the EPUB's unfollowable links) with the format that found it
        known = said.setdefault(result.source, set())
        result.warnings = [w for w in dict.fromkeys(result.warnings) if w not in known]
        known.update(result.warnings)
        finish(result)

    parsed_ok = {s: d for s, d in documents.items() if isinstance(d, Document)}
    for group in by_theme.values():
        plan = planned[group[0].source]
        executor.run(group, parsed_ok, theme(plan.style, plan.settings.paper), finish_once)


def _unknown_keys_said(config: Config) -> bool:
    """Unknown front-matter keys are warned about unless the project's [check] turns their
    rule off (a site generator's keys are meant to be there)."""
    from docpipe.read.frontmatter import UNKNOWN_KEY_RULE

    chosen = config.check
    return (not chosen.select or UNKNOWN_KEY_RULE in chosen.select) and \
        UNKNOWN_KEY_RULE not in chosen.ignore


def parse(source: Path, theme: Theme, encoding: str | None, *,
          resource_roots: tuple[Path, ...] = (), outputs: dict[Path, str] | None = None,
          warn_unknown_keys: bool = True) -> Document:
    """The Document of ``source``, dated, with the glyph-coverage warnings of this theme."""
    from docpipe.read.dates import VersionLookup
    from docpipe.read.parse import parse_file
    from docpipe.write.glyph_coverage import uncovered

    lookup = VersionLookup(source).start()  # git answers while the source is parsed
    try:
        document = parse_file(source, style_folder=theme.folder, encoding=encoding,
                              resource_roots=resource_roots, outputs=outputs,
                              warn_unknown_keys=warn_unknown_keys)
    except BaseException:
        lookup.cancel()
        raise
    version = lookup.result(document.meta.date)
    document.build_date = version.date
    document.commit = version.commit
    document.warnings.extend(uncovered(document, theme))
    return document
