"""docpipe.toml / [tool.docpipe] / front matter / command-line flags → one frozen Config.

A project is a folder: the one holding ``docpipe.toml`` (or a pyproject.toml with a
``[tool.docpipe]`` table); without one, the git work tree holding the source, else the source's
own folder. Later layers win: project → [documents."x.md"] → front matter → command line.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import field
from pathlib import Path
from typing import Any

from docpipe.errors import DocpipeError, UsageError
from docpipe.records import Record, record

CONFIG_FILE = "docpipe.toml"
ALL_FORMATS = ("docx", "pdf", "epub")
PAPERS = ("A4", "A5")
#: archival and accessible PDF variants (``--pdf-variant``), as WeasyPrint names them; every
#: PDF is tagged (a structure tree for screen readers and reflow) whatever the variant
PDF_VARIANTS = ("pdf/a-2b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")
#: Han–Latin spacing conventions the linter knows (lint/rules.py)
CONVENTIONS = ("consistent", "space", "none")
#: folders never searched for sources: tools' and site generators' own
SKIPPED_FOLDERS = frozenset({"node_modules", "dist", "build", "site", "_site", "venv"})


class ConfigError(DocpipeError):
    """docpipe.toml (or [tool.docpipe]) says something docpipe cannot use."""


@record
class Flags(Record):
    """What the command line said; None (or empty) where it said nothing."""

    files: tuple[Path, ...] = ()
    output: Path | None = None
    formats: tuple[str, ...] = ()
    style: str | None = None
    paper: str | None = None
    booklet: bool = False
    pdf_variant: str | None = None
    force: bool = False
    jobs: int | None = None
    encoding: str | None = None
    shard: str | None = None


@record
class Overrides(Record):
    """[documents."PATH"]: settings for one source, relative to the project root."""

    style: str | None = None
    paper: str | None = None
    formats: tuple[str, ...] = ()
    pdf_variant: str | None = None


@record
class CheckSettings(Record):
    """[check]: which lint rules run, and the Han–Latin spacing convention."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    han_latin: str = "consistent"


@record
class Source(Record):
    """One Markdown file of the build and where its outputs go (without the suffix)."""

    path: Path
    #: output path relative to the output folder, without suffix: "guide", "api/intro"
    name: str


@record
class DocumentSettings(Record):
    """What one source builds with, once project, overrides, front matter and flags agree."""

    style: str
    paper: str | None
    formats: tuple[str, ...]
    #: folders this source's build may read (the project root first)
    resource_roots: tuple[Path, ...]
    #: PDF/A or PDF/UA variant of its PDF (PDF_VARIANTS); None: a plain tagged PDF
    pdf_variant: str | None = None


@record
class Config(Record):
    """Everything a build or check depends on besides the files' contents."""

    root: Path
    #: the docpipe.toml or pyproject.toml read, None when the project has none
    file: Path | None
    sources: tuple[Source, ...]
    output: Path
    formats: tuple[str, ...] = ALL_FORMATS
    style: str = "default"
    paper: str | None = None
    booklet: bool = False
    #: PDF/A or PDF/UA variant of the PDF (PDF_VARIANTS; --pdf-variant, else docpipe.toml's
    #: pdf_variant); None: plain tagged
    pdf_variant: str | None = None
    force: bool = False
    jobs: int = 1
    encoding: str | None = None
    #: folders outside the root that a build may read too (resources = [...])
    resources: tuple[Path, ...] = ()
    documents: tuple[tuple[str, Overrides], ...] = ()
    check: CheckSettings = field(default_factory=CheckSettings)
    #: "K/N": build only the K-th of N shares of the sources (pipeline/shards.py)
    shard: str | None = None
    #: the command line chose these: front matter cannot override them
    style_from_flags: bool = False
    paper_from_flags: bool = False
    formats_from_flags: bool = False
    pdf_variant_from_flags: bool = False

    @property
    def style_search(self) -> list[Path]:
        """Where styles/NAME is looked for before the built-in styles."""
        return [self.root, Path.cwd()]

    def settings(self, source: Path, front_matter_style: str | None = None) -> DocumentSettings:
        """The settings of one source: flags over front matter (only its ``style`` is one)
        over [documents] over the project."""
        override = self._override(source)
        style = self.style if self.style_from_flags else (
            front_matter_style or override.style or self.style)
        paper = self.paper if self.paper_from_flags else (override.paper or self.paper)
        formats = self.formats if self.formats_from_flags else (override.formats or self.formats)
        variant = self.pdf_variant if self.pdf_variant_from_flags else (
            override.pdf_variant or self.pdf_variant)
        return DocumentSettings(style=style, paper=paper, formats=formats,
                                resource_roots=self.resource_roots(source), pdf_variant=variant)

    def resource_roots(self, source: Path) -> tuple[Path, ...]:
        """The project root and resources = [...]; a source from elsewhere (named beside the
        project's own) also reads inside its own project."""
        resolved = source.resolve()
        root = self.root if _inside(resolved, self.root) else find_root(resolved.parent)[0]
        return (root, *self.resources)

    def output_path(self, source: Source, fmt: str) -> Path:
        """dist/<name>.<format>; an imposed booklet is <name>-booklet.pdf beside the plain PDF."""
        suffix = "-booklet.pdf" if fmt == "pdf" and self.booklet else f".{fmt}"
        return self.output / f"{source.name}{suffix}"

    def key(self, settings: DocumentSettings) -> str:
        """The settings that change an output's bytes (for the build record); the build's
        other sources among them, as links to them lead to their outputs."""
        names = ",".join(sorted(source.name for source in self.sources))
        roots = ",".join(map(str, settings.resource_roots))
        variant = f"variant={settings.pdf_variant};" if settings.pdf_variant else ""
        return (f"style={settings.style};paper={settings.paper};booklet={self.booklet};{variant}"
                f"enc={self.encoding};roots={roots};sources={names}")

    def _override(self, source: Path) -> Overrides:
        try:
            relative = source.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Overrides()
        return dict(self.documents).get(relative, Overrides())


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


# ---- finding the project ------------------------------------------------------------------


def find_root(start: Path) -> tuple[Path, Path | None]:
    """(project root, config file) for a folder: the nearest folder up holding docpipe.toml or
    a pyproject.toml with [tool.docpipe], not past the git work tree's top; else that work
    tree; else ``start`` itself."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file():
            return folder, folder / CONFIG_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "docpipe" in _read(pyproject).get("tool", {}):
            return folder, pyproject
        if (folder / ".git").exists():
            return folder, None
    return start, None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", path=path, fix="save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"is not valid TOML: {exc}", path=path,
                          fix="fix the syntax shown") from None


def project_table(file: Path) -> dict[str, Any]:
    """The settings table of a config file: all of docpipe.toml, or [tool.docpipe]."""
    data = _read(file)
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("docpipe", {})
    if not isinstance(data, dict):
        raise ConfigError("[tool.docpipe] must be a table", path=file,
                          fix="write [tool.docpipe] on its own line")
    return data


# ---- reading it ----------------------------------------------------------------------------


def load(flags: Flags, *, default_jobs: int = 1, unique_outputs: bool = True) -> Config:
    """The Config of a command: the project found from the first FILE (or the current folder),
    its settings, and the flags over them. ``unique_outputs``: two sources that would write
    the same outputs are an error (not for ``check``, which writes none)."""
    if flags.booklet and flags.pdf_variant:
        # imposition rewrites the pages with pypdf: the structure tree, the XMP identification
        # and the output intent a variant needs would not survive it
        raise UsageError("--booklet and --pdf-variant cannot be combined (the imposed booklet "
                         "keeps no structure tree or PDF/A metadata)",
                         fix="build the variant and the booklet in two commands")
    first = flags.files[0] if flags.files else Path.cwd()
    root, file = find_root(first if first.is_dir() else first.parent)
    table = project_table(file) if file else {}
    from docpipe.config.schema import read_table

    settings = read_table(table, file, root)
    if flags.booklet and not flags.pdf_variant and file is not None:
        _refuse_booklet_variant(settings, file)
    # the project's output folder is its own (root/dist), named from here when it is below
    output = flags.output or _from_here(settings.output or (root / "dist" if file else
                                                           Path("dist")))
    configured = tuple(_from_here(p) for p in settings.sources or
                       ((root / "source",) if file else ()))
    sources = find_sources(flags.files, root, configured, output, unique_outputs)
    formats = flags.formats or settings.formats or ALL_FORMATS
    paper = "A5" if flags.booklet else (flags.paper or settings.paper)
    return Config(root=root, file=file, sources=sources, output=output, formats=formats,
                  style=flags.style or settings.style or "default", paper=paper,
                  booklet=flags.booklet, pdf_variant=flags.pdf_variant or settings.pdf_variant,
                  force=flags.force,
                  jobs=flags.jobs or default_jobs,
                  encoding=flags.encoding, resources=settings.resources,
                  documents=settings.documents, check=settings.check, shard=flags.shard,
                  style_from_flags=flags.style is not None,
                  paper_from_flags=flags.paper is not None or flags.booklet,
                  formats_from_flags=bool(flags.formats),
                  pdf_variant_from_flags=flags.pdf_variant is not None)


def _refuse_booklet_variant(settings: Any, file: Path) -> None:
    """--booklet where docpipe.toml sets a pdf_variant (for the project or one document): the
    same refusal as --booklet --pdf-variant, naming the file."""
    variants = [settings.pdf_variant] + [o.pdf_variant for _, o in settings.documents]
    variant = next((v for v in variants if v), None)
    if variant:
        raise UsageError(f"--booklet cannot be combined with pdf_variant = \"{variant}\" of "
                         f"{file} (the imposed booklet keeps no structure tree or PDF/A "
                         "metadata)", fix="build the booklet from a configuration without "
                                          "pdf_variant")


def _from_here(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it (shorter progress lines)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path


def find_sources(files: tuple[Path, ...], root: Path, configured: tuple[Path, ...],
                 output: Path, unique_outputs: bool = True) -> tuple[Source, ...]:
    """The named files (a folder: the Markdown files under it, its folders mirrored in the
    output); with none, the project's ``sources`` (default: source/)."""
    named = files or configured or (Path("source"),)
    found: list[Source] = []
    for path in named:
        if path.is_dir():
            found.extend(_folder_sources(path, output))
        elif path.is_file() or files:
            found.append(Source(path, path.stem))
    if not found:
        if files:
            raise UsageError(f"no Markdown files under {', '.join(map(str, files))}",
                             fix="name .md files, or a folder that holds some")
        where = ", ".join(str(p) for p in named)
        raise UsageError(f"no sources: {where} holds no .md file and no FILE was named",
                         fix="run in the project folder, name the Markdown files, or set "
                             "sources = [...] in docpipe.toml ('docpipe init' makes one)")
    return tuple(_refuse_duplicates(found) if unique_outputs else dict.fromkeys(found))


def _folder_sources(folder: Path, output: Path) -> list[Source]:
    skipped = output.resolve()
    found = []
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder)
        parents = relative.parts[:-1]
        if any(part.startswith((".", "_")) or part in SKIPPED_FOLDERS for part in parents):
            continue
        if skipped in path.resolve().parents or not path.is_file():
            continue
        found.append(Source(path, relative.with_suffix("").as_posix()))
    return found


def _refuse_duplicates(sources: list[Source]) -> list[Source]:
    """The sources, each once; two that would write the same outputs (and overwrite each
    other) are an error naming both."""
    unique = list({source.path.resolve(): source for source in reversed(sources)}.values())
    unique.reverse()
    seen: dict[str, Source] = {}
    for source in unique:
        other = seen.get(source.name)
        if other is not None:
            raise UsageError(f"{other.path} and {source.path} would both be written as "
                             f"{source.name}.*", fix="rename one, or build them with "
                                                      "different -o folders, or build the "
                                                      "folder holding both (its subfolders are "
                                                      "mirrored in the output)")
        seen[source.name] = source
    return unique


def nearest(key: str, valid: list[str]) -> str | None:
    """The valid key closest to a misspelt one (``authors`` → ``author``)."""
    found = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    return found[0] if found else None
