"""``docpipe diff``: two versions of a source (two files, or a file and a git revision) →
<stem>-redline.docx (tracked changes), <stem>-redline.pdf (marked proof) and the change list."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from docpipe.errors import DocpipeError, UsageError
from docpipe.files import write_atomically
from docpipe.read.dates import source_version

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class DiffOptions:
    formats: tuple[str, ...] = FORMATS
    style: str = "default"
    paper: str | None = None
    author: str | None = None        # the revisions' author when git does not say
    date: str | None = None          # ISO date or date-time of the revisions
    encoding: str | None = None


@dataclass
class DiffResult:
    changes: list
    old: object                      # changes.Version
    new: object
    outputs: list[Path] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def diff(old_path: Path | None, new_path: Path, out_dir: Path | None, options: DiffOptions,
         since: str | None = None) -> DiffResult:
    """Compare ``old_path`` (or ``new_path`` as it was at git revision ``since``) with
    ``new_path``; write the redline outputs into ``out_dir`` (none when it is None)."""
    from docpipe.model.theme import find_style, load_theme
    from docpipe.write.redline.changes import Version
    from docpipe.write.redline.marks import compare

    if not new_path.is_file():
        raise DocpipeError("source file not found", path=new_path,
                           fix="name the Markdown file to compare")
    style_folder = find_style(options.style, [Path.cwd(), new_path.parent])
    theme = load_theme(str(style_folder), paper=options.paper)
    if old_path is None:
        revision = since or previous_revision(new_path)
        old_doc = _parse_at_revision(new_path, revision, theme.folder, options.encoding)
        old = _git_version(new_path, revision, f"{new_path.name}@{revision}")
    else:
        old_doc = _parse(old_path, theme.folder, options.encoding)
        old = _file_version(old_path, old_doc)
    new_doc = _parse(new_path, theme.folder, options.encoding)
    new = _file_version(new_path, new_doc)
    if old_path is None and _uncommitted(new_path) is False:
        new = _git_version(new_path, "HEAD", new_path.name)
    redline = compare(old_doc, new_doc, title_chars=theme.title_chars_per_line)
    _locate(redline.changes, old_doc.path if old_path else None, new_path, options.encoding)
    result = DiffResult(redline.changes, old, new)
    if out_dir is None:
        return result
    out_dir.mkdir(parents=True, exist_ok=True)
    author = options.author or new.author or "docpipe"
    when = _timestamp(options.date or new.date)
    document = _marked_document(redline, new_doc, old_doc)
    for fmt in options.formats:
        output = out_dir / f"{new_path.stem}-redline.{fmt}"
        if fmt == "docx":
            from docpipe.write.docx import revisions

            write_atomically(new_path, output, lambda temporary: revisions.render(
                document, redline, theme, temporary, author=author, date=when))
        elif fmt == "pdf":
            from docpipe.write.redline import proof

            write_atomically(new_path, output, lambda temporary: proof.render(
                document, redline, theme, temporary, old=old, new=new))
        else:
            raise UsageError(f"unknown redline format '{fmt}'", fix="use docx, pdf or json")
        result.outputs.append(output)
    return result


def _marked_document(redline, new_doc, old_doc):
    from dataclasses import replace

    images = {**old_doc.images, **new_doc.images}
    return replace(new_doc, body=redline.body, images=images,
                   warnings=list(dict.fromkeys(old_doc.warnings + new_doc.warnings)))


def _parse(path: Path, style_folder: Path, encoding: str | None):
    from docpipe.read.parse import parse_file

    document = parse_file(path, style_folder=style_folder, encoding=encoding)
    document.build_date = source_version(path, document.meta.date).date
    return document


# ---- git ------------------------------------------------------------------------------------

def _git(path: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=path.resolve().parent, capture_output=True,
                              text=True, timeout=60, check=False)
    except OSError:
        raise UsageError("git is not installed", path=path,
                         fix="install git, or name the old version as a file") from None
    if done.returncode:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UsageError(f"git: {message}", path=path,
                         fix="check that the file is in a git repository and the revision "
                             "exists, or name the old version as a file")
    return done.stdout


def previous_revision(path: Path) -> str:
    """The commit before the file's current state: with uncommitted changes the last commit
    that touched it (HEAD's version), else the one before that."""
    commits = _git(path, "log", "--format=%H", "-n", "2", "--", path.name).split()
    if not commits:
        raise UsageError("the file has no history in git", path=path,
                         fix="commit it first, or name the old version as a file")
    if _uncommitted(path):
        return commits[0][:12]
    if len(commits) < 2:
        raise UsageError("the file has only one commit: nothing to compare with", path=path,
                         fix="name a revision with --since, or the old version as a file")
    return commits[1][:12]


def _uncommitted(path: Path) -> bool | None:
    try:
        return bool(_git(path, "status", "--porcelain", "--", path.name).strip())
    except UsageError:
        return None


def _parse_at_revision(path: Path, revision: str, style_folder: Path, encoding: str | None):
    """The file as it was at ``revision``, parsed beside the current one (its images resolve
    as they did), under a temporary name that no build picks up."""
    data = _git_bytes(path, revision)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.redline.tmp")
    try:
        temporary.write_bytes(data)
        document = _parse(temporary, style_folder, encoding)
    except DocpipeError as exc:
        exc.path = Path(f"{path}@{revision}")
        raise
    finally:
        temporary.unlink(missing_ok=True)
    document.path = path
    return document


def _git_bytes(path: Path, revision: str) -> bytes:
    try:
        done = subprocess.run(["git", "show", f"{revision}:./{path.name}"],
                              cwd=path.resolve().parent, capture_output=True, timeout=60,
                              check=False)
    except OSError:
        raise UsageError("git is not installed", path=path) from None
    if done.returncode:
        message = (done.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
        raise UsageError(f"git show {revision}: {message}", path=path,
                         fix="name a revision where the file exists (git log -- FILE)")
    return done.stdout


def _git_version(path: Path, revision: str, label: str):
    from docpipe.write.redline.changes import Version

    line = _git(path, "log", "-1", "--format=%h%x00%an%x00%aI", revision, "--", path.name)
    short, author, date = (line.strip().split("\0") + ["", "", ""])[:3]
    return Version(label, date=date, revision=short or revision, author=author)


def _file_version(path: Path, document):
    from docpipe.write.redline.changes import Version

    return Version(path.name, date=document.build_date)


def _timestamp(date: str | None) -> str:
    """W3C date-time in UTC for w:date (Word wants a time; a bare date is midnight)."""
    import datetime as dt

    if not date:
        return "1980-01-01T00:00:00Z"
    try:
        moment = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"date '{date}' is not an ISO date",
                         fix="write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- where each change is in the sources ------------------------------------------------------

def _locate(changes: list, old_path: Path | None, new_path: Path, encoding: str | None) -> None:
    """Best-effort source line of each change: the first line holding its text, searched
    forward from the previous change's line (so repeated phrases land in order)."""
    from docpipe.read.source import read_source

    new_lines = read_source(new_path, encoding).split("\n")
    old_lines = read_source(old_path, encoding).split("\n") if old_path else None
    new_at = old_at = 0
    for change in changes:
        if change.new.strip():
            found = _find(new_lines, change.new, new_at)
            if found is not None:
                change.new_line, new_at = found + 1, found
        if change.old.strip() and old_lines is not None:
            found = _find(old_lines, change.old, old_at)
            if found is not None:
                change.old_line, old_at = found + 1, found


def _find(lines: list[str], text: str, start: int) -> int | None:
    needle = text.strip().split("\n")[0][:20]
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index
    return None
