"""User-facing errors: each names the file, the line where known, what is wrong and the fix."""
from __future__ import annotations

from pathlib import Path


class DocpipeError(Exception):
    """An error the user caused and can fix; the CLI prints it on one line, no traceback."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None, fix: str | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.fix:
            text += f" ({self.fix})"
        return " ".join(text.split("\n"))


class SourceError(DocpipeError):
    """The Markdown source cannot be read or parsed."""


class FrontMatterError(SourceError):
    """The YAML front matter is malformed or breaks the schema."""


class StyleError(DocpipeError):
    """The style folder is missing or its theme is invalid."""


class UsageError(DocpipeError):
    """The command line asks for something that does not exist (exit 2)."""

    exit_code = 2
