"""The pipeline: find sources → parse → theme → renderers → outputs written atomically."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from docpipe.pipeline import build_record as state
from docpipe.errors import DocpipeError, UsageError
from docpipe.write import FORMATS


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on besides the sources and the style folder."""

    formats: tuple[str, ...] = tuple(FORMATS)
    style: str = "default"
    paper: str | None = None
    booklet: bool = False
    force: bool = False
    jobs: int = 1
    encoding: str | None = None

    def key(self) -> str:
        """The options that change an output's bytes."""
        return f"style={self.style};paper={self.paper};booklet={self.booklet};enc={self.encoding}"


@dataclass
class Result:
    """One output: where it went, whether it was rebuilt, how big and how long."""

    source: Path
    fmt: str
    output: Path
    built: bool
    seconds: float = 0.0
    size: int = 0
    warnings: list[str] = field(default_factory=list)
    dependencies: list[Path] = field(default_factory=list)


def default_jobs() -> int:
    """One process per core, at most four: a PDF worker imports WeasyPrint while the parent
    parses, then lays out the PDF while the parent writes the DOCX and EPUB (see
    ``parallel``); several sources' PDFs are laid out side by side."""
    return max(1, min(os.cpu_count() or 1, 4))


def find_sources(files: list[Path]) -> list[Path]:
    """The named files, or every source/*.md when none are named."""
    if files:
        return files
    sources = sorted(Path("source").glob("*.md"))
    if not sources:
        raise UsageError("no sources: source/*.md is empty and no FILE was named",
                         fix="run in the project folder or name the Markdown files")
    return sources


def build(files: list[Path], out_dir: Path, options: BuildOptions,
          report: Callable[[Result], None] = lambda result: None) -> list[Result]:
    """Build every (source, format) pair that is out of date; return what happened."""
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'", fix=f"use one of {', '.join(FORMATS)}")
    sources = find_sources(files)
    for source in sources:
        if not source.is_file():
            raise DocpipeError("source file not found", path=source,
                               fix="check the path; sources are Markdown files such as "
                                   "source/*.md")
    from docpipe.model.theme import find_style

    style_folder = find_style(options.style, [Path.cwd(), *(s.parent for s in sources)])
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = []
    results = []
    for source in sources:
        for fmt in options.formats:
            output = out_dir / output_name(source, fmt, options)
            key = state.input_key(source, style_folder, options.key(), fmt)
            if not options.force and state.is_current(out_dir, output, key):
                result = Result(source, fmt, output, built=False, size=output.stat().st_size)
                report(result)
                results.append(result)
            else:
                tasks.append((source, fmt, output, key))
    results.extend(_run(tasks, style_folder, out_dir, options, report))
    return results


def output_name(source: Path, fmt: str, options: BuildOptions) -> str:
    """dist/<stem>.<format>; an imposed booklet is <stem>-booklet.pdf beside the plain PDF."""
    if fmt == "pdf" and options.booklet:
        return f"{source.stem}-booklet.pdf"
    return f"{source.stem}.{fmt}"


def _run(tasks: list, style_folder: Path, out_dir: Path, options: BuildOptions,
         report: Callable[[Result], None]) -> list[Result]:
    if not tasks:
        return []
    results = []

    def finish(task: tuple, result: Result) -> None:
        state.record(out_dir, result.output, task[3], result.dependencies)
        report(result)
        results.append(result)

    if options.jobs > 1 and any(task[1] == "pdf" for task in tasks):
        from docpipe.pipeline import executor as parallel

        parallel.run(tasks, style_folder, options, finish)
        return results
    for task in tasks:
        finish(task, build_one(*task[:3], style_folder, options))
    return results


def build_one(source: Path, fmt: str, output: Path, style_folder: Path,
              options: BuildOptions) -> Result:
    """Parse ``source`` and render one format into ``output``, replacing it atomically."""
    from docpipe.write import renderer
    from docpipe.model.theme import load_theme

    started = time.perf_counter()
    theme = load_theme(str(style_folder), paper=options.paper)
    document = _parsed(source, theme.folder, options.encoding)
    render = renderer(fmt)
    write_atomically(source, output, lambda temporary: render(document, theme, temporary),
                     booklet=fmt == "pdf" and options.booklet)
    return finished(source, fmt, output, document, time.perf_counter() - started)


def finished(source: Path, fmt: str, output: Path, document, seconds: float) -> Result:
    """The Result of an output just written from ``document``."""
    return Result(source, fmt, output, built=True, seconds=seconds,
                  size=output.stat().st_size, warnings=list(document.warnings),
                  dependencies=[image.path for image in document.images.values()])


def write_atomically(source: Path, output: Path, produce: Callable[[Path], None],
                     booklet: bool = False) -> None:
    """``produce`` a temporary file beside ``output``, then rename it over ``output``: a reader
    sees the old file or the new one, never half of one."""
    _remove_stale_temporaries(output)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        produce(temporary)
        if booklet:
            from docpipe.write.pdf.booklet import impose

            impose(temporary, temporary)
        os.replace(temporary, output)
    except DocpipeError:
        raise
    except OSError as exc:
        raise DocpipeError(f"cannot write {output}: {exc.strerror}", path=source,
                           fix="check free disk space and permissions of the output folder") \
            from None
    finally:
        temporary.unlink(missing_ok=True)


def _remove_stale_temporaries(output: Path) -> None:
    """Delete temporaries left by builds that were killed (their process no longer exists)."""
    for leftover in output.parent.glob(f".{output.name}.*.tmp"):
        try:
            pid = int(leftover.name.rsplit(".", 2)[-2])
            os.kill(pid, 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (ValueError, PermissionError):
            continue


#: source path → (what it was parsed from, Document): one entry per source, replaced on change
_PARSED: dict[Path, tuple[tuple, object]] = {}


def _parsed(source: Path, style_folder: Path, encoding: str | None):
    """Parse once per process and source: the formats share one Document."""
    from docpipe.read.parse import parse_file

    path = source.resolve()
    stamp = (source.stat().st_mtime_ns, source.stat().st_size, style_folder, encoding)
    cached = _PARSED.get(path)
    if cached is None or cached[0] != stamp:
        git = _ask_git_for_date(source)  # runs while the source is parsed
        try:
            document = parse_file(source, style_folder=style_folder, encoding=encoding)
        except BaseException:
            _stop(git)
            raise
        document.build_date = build_date(source, document.meta.date, git)
        from docpipe.write.glyph_coverage import uncovered
        from docpipe.model.theme import load_theme

        document.warnings.extend(uncovered(document, load_theme(str(style_folder))))
        _PARSED[path] = (stamp, document)
    return _PARSED[path][1]


def _ask_git_for_date(source: Path) -> subprocess.Popen | None:
    """Start ``git log`` for the source's last commit date, to read it after the parse (it
    takes 10-100 ms); None when SOURCE_DATE_EPOCH settles the date or git cannot run."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return None
    try:
        return subprocess.Popen(["git", "log", "-1", "--format=%cs", "--", source.name],
                                cwd=source.resolve().parent, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return None


def build_date(source: Path, front_matter_date: str | None,
               git: subprocess.Popen | None = None) -> str:
    """SOURCE_DATE_EPOCH, else the front matter's date, else the source's last commit date
    (read from ``git``, a ``_ask_git_for_date`` process, or from one started now)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch or front_matter_date:
        _stop(git)
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                             fix="set it to an integer, e.g. $(git log -1 --format=%ct)") from None
    if front_matter_date:
        return front_matter_date
    git = git or _ask_git_for_date(source)
    answer = ""
    if git is not None:
        try:
            answer = git.communicate(timeout=10)[0].strip()
        except subprocess.TimeoutExpired:
            _stop(git)
    return answer or "1980-01-01"


def _stop(process: subprocess.Popen | None) -> None:
    """Kill and reap a helper process that is no longer needed."""
    if process is not None:
        process.kill()
        process.communicate()
