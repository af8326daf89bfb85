"""The command line: parses options and hands off to build(); no logic of its own."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from docpipe.config import PDF_VARIANTS
from docpipe.version import __version__
from docpipe.errors import DocpipeError

FORMAT_CHOICE = click.Choice(["docx", "pdf", "epub"], case_sensitive=False)

BUILD_HELP = """Build DOCX, PDF and EPUB from Markdown sources (files, or folders of them).

With no FILES, builds the project's sources (docpipe.toml's sources, default source/) into
its output folder (default dist/); a folder's subfolders are mirrored in the output. Front
matter overrides docpipe.toml, and these options override both. Outputs are rebuilt only
when their source, style, images, options or docpipe itself changed (--force rebuilds anyway).

\b
Examples:
  docpipe build                          # source/*.md → dist/*.docx, *.pdf, *.epub
  docpipe build docs                     # docs/**/*.md → dist/**/*.docx, *.pdf, *.epub
  docpipe build source/article.md -f pdf # just the PDF of one file
  docpipe build notes.md -o out/ -f docx -f epub
  docpipe build --style gongwen          # GB/T 9704 official-document layout
  docpipe build --paper a5 --booklet -f pdf   # A5 booklet imposed on A4 sheets
  docpipe build --shard 2/4              # the second of four CI jobs' share
"""


class _Group(click.Group):
    """Turns DocpipeError into one line on stderr and its exit code; no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DocpipeError as exc:
            _traceback_if_debug(ctx)
            click.echo(f"docpipe: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("docpipe: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug in docpipe, not the user's input: still one line
            _traceback_if_debug(ctx)
            click.echo(f"docpipe: internal error: {type(exc).__name__}: {exc} (run "
                       "'docpipe --debug …' for a traceback and report it)", err=True)
            sys.exit(1)


def _traceback_if_debug(ctx: click.Context) -> None:
    if ctx.meta.get("debug"):
        import traceback  # only here: with textwrap it is 2 ms of every command's start-up

        traceback.print_exc()


def entry() -> None:
    """The ``docpipe`` command: ``main``, then exit without the interpreter's teardown.

    Freeing the modules and objects of a build one by one took ~0.1 s of a 1.3 s build; every
    output is written and closed by then, so only the standard streams need flushing.
    """
    import os

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docpipe")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """docpipe: one Markdown source → styled DOCX, PDF and EPUB, Chinese typography done right."""
    ctx.meta["debug"] = debug


@main.command(help=BUILD_HELP)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder for the outputs [default: the project's output, "
                                 "else dist].")
@click.option("-f", "--format", "formats", type=FORMAT_CHOICE, multiple=True,
              help="Build only this format (repeatable). Default: all three.")
@click.option("--style", default=None, help="A built-in style (default, gongwen) or the "
              "project's styles/NAME; wins over front matter and docpipe.toml "
              "('docpipe styles' lists them).")
@click.option("--paper", type=click.Choice(["a4", "a5"], case_sensitive=False),
              help="Paper size for the PDF and DOCX (default: the style's).")
@click.option("--booklet", is_flag=True, help="Impose the PDF as a saddle-stitched A5 booklet "
                                              "on A4 sheets.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS, case_sensitive=False),
              help="Write the PDF as PDF/A-2b, -2u, -3u (archival) or PDF/UA-1 (accessible); "
                   "every PDF is tagged.")
@click.option("--force", is_flag=True, help="Rebuild even if outputs are up to date.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Build outputs in N parallel processes (default: one per core, up to 4).")
@click.option("--encoding", help="Source encoding when not UTF-8 (e.g. gb18030).")
@click.option("--shard", metavar="K/N", help="Build only the K-th of N shares of the sources "
              "(chosen by path: a source stays in its shard), for CI jobs side by side.")
def build(files: tuple[Path, ...], out_dir: Path | None, formats: tuple[str, ...],
          style: str | None, paper: str | None, booklet: bool, pdf_variant: str | None,
          force: bool, jobs: int | None, encoding: str | None, shard: str | None) -> None:
    from docpipe.config import Flags
    from docpipe.pipeline.build import build as run_build

    config = _config(Flags(files=files, output=out_dir, formats=_formats(formats), style=style,
                           paper=paper.upper() if paper else None, booklet=booklet,
                           pdf_variant=pdf_variant.lower() if pdf_variant else None, force=force,
                           jobs=jobs, encoding=encoding, shard=shard))
    results = run_build(config, report=_report)
    if shard and not results:
        click.echo(f"shard {shard}: no sources fall in this shard")
    _exit_on_failures(results)


def _config(flags, unique_outputs: bool = True):
    """The one Config of this command: the project's settings under the flags."""
    from docpipe import config
    from docpipe.pipeline.jobs import default_jobs

    return config.load(flags, default_jobs=default_jobs(), unique_outputs=unique_outputs)


def _formats(chosen: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.lower() for f in chosen))


def _report(result) -> None:
    """One progress line per output (and its source's warnings, said once per build)."""
    for warning in result.warnings:
        click.echo(f"docpipe: warning: {warning}", err=True)
    size = f"{result.size / 1024:.0f} KB"
    if result.error:
        if not result.error_said:
            click.echo(f"docpipe: error: {result.error}", err=True)
    elif result.built:
        click.echo(f"built    {result.output}  {size}  {result.seconds:.2f} s")
    else:
        click.echo(f"current  {result.output}  {size}  (unchanged, skipped)")


def _exit_on_failures(results) -> None:
    """Exit 1 when any output failed: each failure has had its line, every other output is
    written."""
    if any(result.error for result in results):
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def styles(files: tuple[Path, ...]) -> None:
    """List the styles a build can use, and where each comes from.

    The built-in styles ship with docpipe; a project's styles/NAME/theme.toml adds a style or
    replaces the built-in of that name (and may start from one: extends = "default").

    \b
    Example:
      docpipe styles                  # for the project of the current folder
    """
    from docpipe.config import find_root
    from docpipe.model.style_lookup import available_styles

    start = files[0] if files else Path.cwd()
    root, _ = find_root(start if start.is_dir() else start.parent)
    for info in available_styles([root, Path.cwd()]):
        origin = "built-in" if info.origin == "built-in" else f"project ({info.folder})"
        notes = []
        if info.overrides:
            notes.append("replaces the built-in")
        if info.extends:
            notes.append(f"extends {info.extends}")
        extra = f" [{'; '.join(notes)}]" if notes else ""
        click.echo(f"{info.name:<12} {origin}{extra}  {info.description}".rstrip())


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False),
                default=Path("."))
def init(folder: Path) -> None:
    """Start a project: a commented docpipe.toml and source/example.md.

    Nothing that exists is overwritten.

    \b
    Example:
      docpipe init my-report && cd my-report && docpipe build
    """
    from docpipe.pipeline.init import create_project

    for path in create_project(folder):
        click.echo(f"created  {path}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Findings as 'file:line:col: rule message' or JSON.")
@click.option("--fix", is_flag=True, help="Rewrite what can be fixed safely; report the rest.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show what --fix would change, as a unified diff; write nothing.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules (comma-separated, repeatable; wins over docpipe.toml).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Leave these rules out (comma-separated, repeatable; added to docpipe.toml's).")
@click.option("--han-latin", type=click.Choice(["consistent", "space", "none"]),
              help="Han–Latin spacing convention (default: docpipe.toml's, else consistent).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("--encoding", help="Source encoding when not UTF-8 (e.g. gb18030).")
def check(files: tuple[Path, ...], output_format: str, fix: bool, show_diff: bool,
          select: tuple[str, ...], ignore: tuple[str, ...], han_latin: str | None,
          list_rules: bool, encoding: str | None) -> None:
    """Lint sources: front matter, structure and Chinese copy-editing rules.

    With no FILES, checks the project's sources (docpipe.toml's, default source/). Exit 1 when
    anything is found. A rule is turned off for part of a file by
    <!-- docpipe: disable=RULE --> … <!-- docpipe: enable=RULE -->, or for one line by
    <!-- docpipe: disable-next-line=RULE --> (no =RULE: every rule).

    \b
    Examples:
      docpipe check                       # the project's sources
      docpipe check draft.md --fix        # fix half-width punctuation etc. in place
      docpipe check draft.md --diff       # what --fix would change
      docpipe check --ignore han-latin-space,mixed-quotes
      docpipe check --format json > findings.json
    """
    from docpipe.config import Flags
    from docpipe.lint.check import (RULES, check_file, fix_diff, fix_file, format_json,
                                    format_text, options_for)

    if list_rules:
        for rule, what in RULES.items():
            click.echo(f"{rule:<26} {what}")
        return
    config = _config(Flags(files=files), unique_outputs=False)
    options = options_for(config.check, select, ignore, han_latin)
    findings = []
    fixed_total = 0
    for path in (source.path for source in config.sources):
        options = dataclasses.replace(options, roots=config.resource_roots(path))
        if show_diff:
            diff_text = fix_diff(path, encoding=encoding, options=options)
            if diff_text:
                click.echo(diff_text, nl=False)
        elif fix:
            fixed, remaining = fix_file(path, encoding=encoding, options=options)
            fixed_total += fixed
            findings.extend(remaining)
        else:
            findings.extend(check_file(path, encoding=encoding, options=options))
    if show_diff:
        return
    text = format_json(findings) if output_format == "json" else format_text(findings)
    if text:
        click.echo(text)
    if fix and output_format == "text":
        click.echo(f"docpipe: fixed {fixed_total} problem(s); {len(findings)} left", err=True)
    sys.exit(1 if findings else 0)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder for the outputs and zip [default: the project's "
                                 "output, else dist].")
@click.option("--style", default=None, help="A built-in style or the project's styles/NAME.")
def bundle(files: tuple[Path, ...], out_dir: Path | None, style: str | None) -> None:
    """Build, then pack DOCX, PDF and EPUB with a manifest and SHA256SUMS for other offices.

    Writes dist/<stem>-<date>.zip (the date from SOURCE_DATE_EPOCH, the front matter or the
    source's last commit); the zip is byte-identical for identical inputs.

    \b
    Example:
      docpipe bundle source/article.md     # → dist/article-2020-12-01.zip
    """
    from docpipe.config import Flags
    from docpipe.pipeline.build import build as run_build
    from docpipe.pipeline.bundle import write_bundle

    config = _config(Flags(files=files, output=out_dir, style=style, formats=("docx", "pdf",
                                                                                "epub")))
    results = run_build(config, report=_report)
    _exit_on_failures(results)
    for source in config.sources:
        path = write_bundle(source.path, results, config.output_path(source, "pdf").parent)
        click.echo(f"bundled  {path}  {path.stat().st_size / 1024:.0f} KB")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--since", metavar="REV", help="Compare FILE with its version at git revision "
              "REV (default with one FILE: the previous commit that touched it).")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("dist"), show_default=True, help="Folder for the redlines.")
@click.option("-f", "--format", "formats", type=click.Choice(["docx", "pdf", "json"]),
              multiple=True, help="docx (tracked changes), pdf (marked proof) or json (the "
                                  "changes on stdout); repeatable. Default: docx and pdf.")
@click.option("--style", default="default", show_default=True, help="Style folder styles/NAME.")
@click.option("--paper", type=click.Choice(["a4", "a5"], case_sensitive=False))
@click.option("--author", help="Author of the revisions (default: the new version's git "
                               "author, else docpipe).")
@click.option("--date", help="Date of the revisions, YYYY-MM-DD[THH:MM:SS] (default: the new "
                             "version's commit or build date).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ (as git diff).")
@click.option("--encoding", help="Source encoding when not UTF-8 (e.g. gb18030).")
def diff(files: tuple[Path, ...], since: str | None, out_dir: Path, formats: tuple[str, ...],
         style: str, paper: str | None, author: str | None, date: str | None, exit_code: bool,
         encoding: str | None) -> None:
    """Redline: what changed between OLD.md and NEW.md, or in FILE.md since a git revision.

    Writes dist/<stem>-redline.docx (Word tracked changes: accept all gives NEW, reject all
    OLD) and dist/<stem>-redline.pdf (insertions underlined, deletions struck through, change
    bars, a summary on the first page).

    \b
    Examples:
      docpipe diff old/article.md source/article.md
      docpipe diff source/article.md                 # against the previous commit
      docpipe diff source/article.md --since v1.0 -f docx
      docpipe diff a.md b.md -f json --exit-code     # for CI
    """
    from docpipe.errors import UsageError
    from docpipe.pipeline.redline import DiffOptions, diff as run_diff
    from docpipe.write.redline.changes import counts, to_json

    if len(files) > 2 or (since and len(files) != 1):
        raise UsageError("diff takes OLD.md NEW.md, or one FILE.md (with or without --since)",
                         fix="see 'docpipe diff --help'")
    chosen = tuple(dict.fromkeys(f.lower() for f in formats)) or ("docx", "pdf")
    written = tuple(f for f in chosen if f != "json")
    options = DiffOptions(formats=written, style=style, author=author, date=date,
                          paper=paper.upper() if paper else None, encoding=encoding)
    old, new = (files[0], files[1]) if len(files) == 2 else (None, files[0])
    result = run_diff(old, new, out_dir if written else None, options, since=since)
    for warning in result.warnings:
        click.echo(f"docpipe: warning: {warning}", err=True)
    if "json" in chosen:
        click.echo(to_json(result.changes, result.old, result.new))
    else:
        found = counts(result.changes)
        click.echo(f"compared {result.old.label} → {result.new.label}: "
                   f"{len(result.changes)} change(s), {found['insert']} insertion(s), "
                   f"{found['delete']} deletion(s), {found['replace']} replacement(s), "
                   f"{found['format']} formatting change(s)")
    for output in result.outputs:
        click.echo(f"redline  {output}  {output.stat().st_size / 1024:.0f} KB",
                   err="json" in chosen)
    sys.exit(1 if exit_code and result.changed else 0)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder for the outputs [default: the project's output, "
                                 "else dist].")
@click.option("-f", "--format", "formats", type=FORMAT_CHOICE, multiple=True)
@click.option("--style", default=None, help="A built-in style or the project's styles/NAME.")
@click.option("--interval", type=float, default=0.5, show_default=True,
              help="Seconds between looks at the files.")
def watch(files: tuple[Path, ...], out_dir: Path | None, formats: tuple[str, ...],
          style: str | None, interval: float) -> None:
    """Rebuild whenever a source or the style folder is saved (Ctrl-C stops); Markdown files
    created under a watched folder are built from then on.

    \b
    Example:
      docpipe watch source/article.md -f pdf
      docpipe watch docs -f epub
    """
    from docpipe.config import Flags
    from docpipe.pipeline.watch import watch as run_watch

    flags = Flags(files=files, output=out_dir, formats=_formats(formats), style=style)
    # loaded again at every look: a Markdown file created under a watched folder is built too
    run_watch(lambda: _config(flags), _report, say=click.echo, interval=interval)
