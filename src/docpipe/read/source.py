"""Reading a source file: encoding, size and character checks that give one clear error line."""
from __future__ import annotations

import re
from pathlib import Path

from docpipe.errors import SourceError

#: Limits docpipe enforces on input (documented in the README).
MAX_BYTES = 32 * 1024 * 1024
MAX_QUOTE_DEPTH = 64
MAX_LIST_DEPTH = 64

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_QUOTE_PREFIX = re.compile(r"^(?:[ ]{0,3}>)+")


def read_source(path: Path, encoding: str | None = None) -> str:
    """Return the text of ``path`` with BOM and CRLF normalised, or raise SourceError."""
    text = decoded_source(path, encoding)
    _check_characters(text, path)
    _check_nesting(text, path)
    return text


def decoded_source(path: Path, encoding: str | None = None) -> str:
    """``read_source`` without the checks of every line (for a look at the front matter:
    the parse checks the whole text when the source is built)."""
    if not path.exists():
        raise SourceError("source file not found", path=path,
                          fix="check the path; sources are Markdown files such as source/*.md")
    if not path.is_file():
        raise SourceError("source is not a regular file", path=path, fix="name a .md file")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise SourceError(f"source is {len(data) // 1048576} MiB, more than the "
                          f"{MAX_BYTES // 1048576} MiB limit", path=path,
                          fix="split it into several source files")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise SourceError("source file is empty", path=path,
                          fix="write the article in Markdown, with a title in front matter")
    text = _decode(data, path, encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path, encoding: str | None) -> str:
    if b"\x00" in data[:8192] and encoding is None:
        raise SourceError("source looks like a binary file, not Markdown text", path=path,
                          fix="name a UTF-8 Markdown file")
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise SourceError(f"cannot decode as {encoding}: {exc}", path=path,
                              fix="check --encoding") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError("source is not valid UTF-8", path=path, line=line,
                              fix="save it as UTF-8") from None
        raise SourceError("source is not UTF-8 but looks like GBK/GB18030", path=path, line=line,
                          fix=f"convert it with 'iconv -f GB18030 -t UTF-8 {path.name}' "
                              "or pass --encoding gb18030") from None


def _check_characters(text: str, path: Path) -> None:
    match = _BAD_CHARS.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise SourceError(f"control character U+{ord(match.group()):04X} at column {column} "
                          "cannot appear in a document", path=path, line=line,
                          fix="delete it; it is invisible in most editors")


def _check_nesting(text: str, path: Path) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if ">" in line[:4]:
            prefix = _QUOTE_PREFIX.match(line)
            if prefix and prefix.group().count(">") > MAX_QUOTE_DEPTH:
                raise SourceError(f"block quotes nested more than {MAX_QUOTE_DEPTH} deep",
                                  path=path, line=number, fix="remove some leading '>' marks")
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_LIST_DEPTH * 4 and line.lstrip()[:2] in ("- ", "* ", "+ "):
            raise SourceError(f"lists nested more than {MAX_LIST_DEPTH} deep", path=path,
                              line=number, fix="reduce the indentation")
