"""``docpipe diff``: two versions of a source (two files, or a file and a git revision) →
<stem>-redline.docx (tracked changes), <stem>-redline.pdf (marked proof) and the change list."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from docpipe.errors import DocpipeError, UsageError
from docpipe.files import write_atomically
from docpipe.read.dates import source_version

FORMATS = ("docx", "pdf")
#: Markdown punctuation that a block's text does not show (emphasis, tables, headings, quotes)
MARKUP = re.compile(r"[*_`|#>]+")
NOTE_REFERENCE = re.compile(r"\[\^[^\]]+\]")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


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
    warnings: list[str] = field(default_factory=list)

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
    from docpipe.read.source import read_source

    if old_path is None:
        revision = since or previous_revision(new_path)
        old_doc, old_text = _parse_at_revision(new_path, revision, theme.folder,
                                               options.encoding)
        old = _git_version(new_path, revision, f"{new_path.name}@{revision}")
    else:
        old_doc = _parse(old_path, theme.folder, options.encoding)
        old_text = read_source(old_path, options.encoding)
        old = _file_version(old_path)
    new_doc = _parse(new_path, theme.folder, options.encoding)
    new = _file_version(new_path)
    if old_path is None:
        if _uncommitted(new_path):
            new.author = _git(new_path, "config", "user.name", check=False).strip()
        else:
            new = _git_version(new_path, "HEAD", new_path.name)
    redline = compare(old_doc, new_doc, title_chars=theme.title_chars_per_line)
    _locate(redline.changes, redline.contexts, old_text, read_source(new_path, options.encoding))
    result = DiffResult(redline.changes, old, new)
    if out_dir is None:
        return result
    author = options.author or new.author or "docpipe"
    when = _timestamp(options.date or new.date)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = _marked_document(redline, new_doc, old_doc)
    for fmt in options.formats:
        output = out_dir / f"{new_path.stem}-redline.{fmt}"
        if fmt == "docx":
            from docpipe.write.docx import redline as revisions

            write_atomically(new_path, output, lambda temporary: revisions.render(
                document, redline, theme, temporary, author=author, date=when))
        elif fmt == "pdf":
            from docpipe.write.redline import proof

            write_atomically(new_path, output, lambda temporary: proof.render(
                document, redline, theme, temporary, old=old, new=new))
        else:
            raise UsageError(f"unknown redline format '{fmt}'", fix="use docx, pdf or json")
        result.outputs.append(output)
    result.warnings = list(dict.fromkeys(document.warnings))
    return result


def _marked_document(redline, new_doc, old_doc):
    from dataclasses import replace

    images = {**old_doc.images, **new_doc.images}
    return replace(new_doc, body=redline.body, images=images,
                   warnings=list(dict.fromkeys(old_doc.warnings + new_doc.warnings)))


def _parse(path: Path, style_folder: Path, encoding: str | None):
    from docpipe.config import find_root
    from docpipe.read.parse import parse_file

    # images anywhere in the source's project (../assets/), as in a build
    roots = (find_root(path.resolve().parent)[0],)
    document = parse_file(path, style_folder=style_folder, encoding=encoding,
                          resource_roots=roots)
    document.build_date = source_version(path, document.meta.date).date
    return document


# ---- git ------------------------------------------------------------------------------------

def _git(path: Path, *args: str, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=path.resolve().parent, capture_output=True,
                              text=True, timeout=60, check=False)
    except OSError:
        raise UsageError("git is not installed", path=path,
                         fix="install git, or name the old version as a file") from None
    if done.returncode and not check:
        return ""
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
    from docpipe.read.source import read_source

    data = _git_bytes(path, revision)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.redline.tmp")
    try:
        temporary.write_bytes(data)
        document = _parse(temporary, style_folder, encoding)
        text = read_source(temporary, encoding)
    except DocpipeError as exc:
        exc.path = Path(f"{path}@{revision}")
        raise
    finally:
        temporary.unlink(missing_ok=True)
    document.path = path
    return document, text


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


def _file_version(path: Path):
    """A version named by its file: dated SOURCE_DATE_EPOCH, else when it was last saved."""
    import datetime as dt

    from docpipe.write.redline.changes import Version

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        seconds = int(epoch) if epoch else path.stat().st_mtime
    except ValueError:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(microsecond=0)
    return Version(path.name, date=moment.isoformat().replace("+00:00", "Z"))


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

def _locate(changes: list, contexts: dict, old_text: str, new_text: str) -> None:
    """Best-effort source line of each change: the first line, from the previous change's on,
    that holds the start of the block the change is in (or of its own text)."""
    sides = {"new": (new_text.split("\n"), 0), "old": (old_text.split("\n"), 0)}
    for change in changes:
        old_context, new_context = contexts.get(change.id, (change.old, change.new))
        inline = change.scope == "text" or "break" in change.scope
        for side, text, present in (("new", new_context, inline or change.kind != "delete"),
                                    ("old", old_context, inline or change.kind != "insert")):
            lines, start = sides[side]
            needle = " ".join(text.split())[:24]
            if not present or not needle:
                continue
            found = next((i for i in range(start, len(lines))
                          if needle in _plain_line(lines[i])), None)
            if found is not None:
                setattr(change, f"{side}_line", found + 1)
                sides[side] = (lines, found)


def _plain_line(line: str) -> str:
    """A source line as its block's text reads: without Markdown's marks, note references
    and link targets, spaces collapsed."""
    line = LINK.sub(r"\1", NOTE_REFERENCE.sub("", line))
    return " ".join(MARKUP.sub("", line).split())
