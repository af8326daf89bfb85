"""The one date source of a build: SOURCE_DATE_EPOCH → front matter → git → the file's mtime.

Every output carries one date (the DOCX and EPUB metadata, the bundle's name); it must not
change between two builds of the same inputs, hence no clock time anywhere.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from docpipe.errors import UsageError
from docpipe.records import Record, record


@record
class SourceVersion(Record):
    """The date a source's outputs carry and, when git knows the file, its last commit."""

    date: str                  # ISO date YYYY-MM-DD
    commit: str | None = None  # full hash of the last commit that touched the file


class VersionLookup:
    """Asks git about a source while the caller parses it (``git log`` takes 10–100 ms).

    ``start()`` launches the query, ``result(front_matter_date)`` settles the version; a lookup
    that is not needed (SOURCE_DATE_EPOCH set) costs nothing: no git runs (10–20 ms of CPU,
    beside a PDF worker's import), and the version has no commit (``last_commit`` asks for it
    where one is wanted: the bundle's manifest).
    """

    def __init__(self, source: Path) -> None:
        self.source = source
        self._git: subprocess.Popen | None = None

    def start(self, *, commit: bool = False) -> "VersionLookup":
        """Launch git, unless SOURCE_DATE_EPOCH settles the date and ``commit`` is not asked."""
        if not commit and epoch_date() is not None:
            return self
        try:
            self._git = subprocess.Popen(
                ["git", "log", "-1", "--format=%H %cs", "--", self.source.name],
                cwd=self.source.resolve().parent, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True)
        except OSError:  # no git on this machine: the file's date stands in
            self._git = None
        return self

    def cancel(self) -> None:
        """Kill and reap the git process, if it runs (the parse failed, say)."""
        if self._git is not None:
            self._git.kill()
            self._git.communicate()
            self._git = None

    def result(self, front_matter_date: str | None) -> SourceVersion:
        commit, git_date = self._answer()
        epoch = epoch_date()
        date = epoch or front_matter_date or git_date or _modified_date(self.source)
        return SourceVersion(date=date, commit=commit)

    def _answer(self) -> tuple[str | None, str | None]:
        if self._git is None:
            return None, None
        try:
            out = self._git.communicate(timeout=10)[0].strip()
        except subprocess.TimeoutExpired:
            self.cancel()
            return None, None
        finally:
            self._git = None
        commit, _, date = out.partition(" ")
        return (commit or None), (date or None)


def epoch_date() -> str | None:
    """The date SOURCE_DATE_EPOCH names (reproducible-builds.org), or None when it is unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                         fix="set it to an integer, e.g. $(git log -1 --format=%ct)") from None


def last_commit(source: Path) -> str | None:
    """The full hash of the last commit that touched ``source``; None outside a git work tree
    (a build under SOURCE_DATE_EPOCH does not ask, so its Results carry none)."""
    return VersionLookup(source).start(commit=True).result(None).commit


def source_version(source: Path, front_matter_date: str | None) -> SourceVersion:
    """The version of ``source`` in one call (for callers that have nothing to overlap)."""
    return VersionLookup(source).start().result(front_matter_date)


def _modified_date(source: Path) -> str:
    """The file's modification date in UTC: outside git the file's own date is the best guess."""
    stamp = source.stat().st_mtime
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date().isoformat()
