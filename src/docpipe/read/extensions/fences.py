"""Fenced code as GitHub (CommonMark) reads it, in place of Python-Markdown's fenced_code.

A fence is 3+ backticks or tildes indented at most 3 spaces; it closes at a fence of the
same character at least as long (indented at most 3, nothing after it) or at the end of the
document or container; its content loses as much indentation as the opening fence had. The
info string's first word is the language (``class="language-…"``). The lists and quotes
processors run ``stash_fences`` again on their own lines, so a fence that opens on a
marker's line ("- ```", "> ```") or inside a deeper container is found too.
SuperFences (pymdown-extensions) passed 10 of the spec's 29 fenced-code examples: it needs
closed fences, matching indentation and no trailing text; hence our own.
"""
from __future__ import annotations

import html
import re
from typing import Any

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _closes(line: str, fence: str) -> bool:
    match = re.fullmatch(r" {0,3}(`{3,}|~{3,}) *", line)
    return bool(match) and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)


def _dedent(line: str, width: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width):]


def _code_html(info: str, lines: list[str]) -> str:
    words = html.unescape(_ESCAPE.sub(r"\1", info.strip())).split()
    language = f' class="language-{html.escape(words[0], quote=True)}"' if words else ""
    body = "".join(html.escape(line, quote=False) + "\n" for line in lines)
    return f"<pre><code{language}>{body}</code></pre>"


def _opening(line: str) -> tuple[int, int, str, str] | None:
    """(where the fence's marks start in ``line``, the container's content column, fence, info) for
    a fence, also one on a list item's first line ("- ```"), whose content column it takes."""
    from docpipe.read.extensions.lists import marker

    column, rest = 0, line
    while (item := marker(rest)) is not None:
        column += item.width
        rest = item.content
    found = _OPEN.fullmatch(rest)
    if found is None or found.group(2)[0] == "`" and "`" in found.group(3):
        return None
    return len(line) - len(rest) + len(found.group(1)), column, found.group(2), found.group(3)


def stash_fences(md: Any, lines: list[str]) -> list[str]:
    """``lines`` with each fenced code block replaced by one placeholder line (after the
    fence's indentation or list markers, so it stays in the container it was written in)."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        opening = _opening(lines[index])
        if opening is None:
            out.append(lines[index])
            index += 1
            continue
        start, column, fence, info = opening
        indent = start - column
        end = index + 1
        while end < len(lines) and not _closes(lines[end][column:], fence):
            if column and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) < column:
                break   # the list item ended, and the fence with it
            end += 1
        code = [_dedent(line[column:] if column else line, indent)
                for line in lines[index + 1:end]]
        closed = end < len(lines) and _closes(lines[end][column:], fence)
        while not closed and code and not code[-1].strip():
            code.pop()   # an open fence ends at the document's end, not its blank lines
        out.append(lines[index][:start] + md.htmlStash.store(_code_html(info, code)))
        index = end + 1 if closed else end
    return out


class FencePreprocessor(Preprocessor):

    def run(self, lines: list[str]) -> list[str]:
        return stash_fences(self.md, lines)


class FencesExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # where fenced_code sits: after whitespace normalisation, before raw HTML blocks
        md.preprocessors.register(FencePreprocessor(md), "fenced_code_block", 25)
