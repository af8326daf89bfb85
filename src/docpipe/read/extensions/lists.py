"""List items as GitHub (CommonMark) reads them, in place of Python-Markdown's 4-space lists.

Python-Markdown nests a list only under 4 spaces, so the 2-space nesting GitHub users write
came out flat (an ordered sub-list even renumbered its parent). Here an item's content
column is where its text starts after the marker (``- `` → 2, ``10. `` → 4); a line indented
that far belongs to the item, a paragraph line may continue lazily without indentation, a
change of bullet or delimiter starts a new list, and a list is loose (``<p>`` in each item)
only when a blank line separates its items or two blocks of one item.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

#: indent, marker (bullet, or number and delimiter), spaces, content
_ITEM = re.compile(r"( {0,3})([-+*]|(\d{1,9})([.)]))(?= |$)( *)(.*)")
_HR = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
#: lines that end a paragraph, so they are never a lazy continuation of one
_BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?: |$)|>|```|~~~|<)")
#: a block that a preprocessor stashed (fenced code, an HTML block)
PLACEHOLDER = re.compile(re.escape(util.HTML_PLACEHOLDER % "@").replace("@", r"\d+"))
_FENCE = re.compile(r" {0,3}(```|~~~)")


@dataclass
class Marker:
    kind: str        # the bullet, or the ordered delimiter: items of one list share it
    start: int | None
    width: int       # the content column
    content: str

    @property
    def ordered(self) -> bool:
        return self.start is not None


def marker(line: str) -> Marker | None:
    """The list item that ``line`` starts, if any (thematic breaks are not items)."""
    match = _ITEM.fullmatch(line)
    if match is None or _HR.fullmatch(line):
        return None
    indent, mark, number, delimiter, spaces, rest = match.groups()
    width = len(indent) + len(mark)
    if not rest:
        return Marker(delimiter or mark, _number(number), width + 1, "")
    if len(spaces) > 4:   # the content is indented code: one space belongs to the marker
        return Marker(delimiter or mark, _number(number), width + 1, spaces[1:] + rest)
    return Marker(delimiter or mark, _number(number), width + len(spaces), rest)


def _number(text: str | None) -> int | None:
    return int(text) if text is not None else None


def interrupts_paragraph(line: str) -> bool:
    """A list item that may start right after a paragraph line: not empty, and an ordered
    one only when it starts at 1 (so "2019. 年" inside a sentence stays text)."""
    found = marker(line)
    return found is not None and bool(found.content.strip()) and found.start in (None, 1)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip()


def _continues_paragraph(last: str) -> bool:
    """Whether ``last`` (an item's latest line) is paragraph text a lazy line may extend."""
    while True:
        if _blank(last) or indent_of(last) >= 4 or PLACEHOLDER.search(last):
            return False
        if _HR.fullmatch(last) or _BLOCK_START.match(last) and not last.lstrip().startswith(">"):
            return False
        inner = marker(last)
        if inner is not None:
            last = inner.content
            continue
        if last.lstrip().startswith(">"):
            last = last.lstrip()[1:]
            continue
        return True


def lazy_continuation(last: str, line: str) -> bool:
    """Whether ``line``, not indented into a container, still continues the paragraph that
    ``last`` (the container's latest line) belongs to."""
    return (_continues_paragraph(last) and marker(line) is None and not _HR.fullmatch(line)
            and not _BLOCK_START.match(line) and not PLACEHOLDER.fullmatch(line.strip()))


def fenced(md: Any, lines: list[str]) -> list[str]:
    """A container's lines with their fenced code stashed: the document-wide pass could not
    see a fence that opens on a marker's line ("- ```", "> ```") or lies deeper in."""
    from docpipe.read.extensions.fences import stash_fences   # it reads markers from here

    return stash_fences(md, lines) if any(map(_FENCE.search, lines)) else lines


class Lines:
    """The parser's blocks as lines, taken from its list only as far as they are read."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.lines = blocks.pop(0).split("\n")
        self.pos = 0

    def get(self, ahead: int = 0) -> str | None:
        while self.pos + ahead >= len(self.lines) and self.blocks:
            self.lines += [""] + self.blocks.pop(0).split("\n")
        index = self.pos + ahead
        return self.lines[index] if index < len(self.lines) else None

    def blanks_ahead(self) -> int:
        count = 0
        while (line := self.get(count)) is not None and _blank(line):
            count += 1
        return count

    def give_back(self) -> None:
        rest = self.lines[self.pos:]
        while rest and _blank(rest[0]):
            rest.pop(0)
        if rest:
            self.blocks[0:0] = "\n".join(rest).split("\n\n")


def _item_lines(source: Lines, first: Marker) -> list[str]:
    lines = [first.content]
    source.pos += 1
    while (line := source.get()) is not None:
        if _blank(line):
            if all(_blank(text) for text in lines):
                break   # an item may begin with one blank line, not two
            ahead = source.blanks_ahead()
            following = source.get(ahead)
            if following is None or indent_of(following) < first.width:
                break
            lines += [""] * ahead
            source.pos += ahead
        elif indent_of(line) >= first.width:
            lines.append(line[first.width:])
            source.pos += 1
        elif lazy_continuation(lines[-1], line):
            lines.append(line)
            source.pos += 1
        else:
            break
    return lines


def _has_inner_gap(lines: list[str]) -> bool:
    """A blank line between two blocks of the item itself (not inside a nested list)."""
    nested_width: int | None = None
    nested_kind: str | None = None
    previous_blank = False
    seen = False
    for line in lines:
        if _blank(line):
            previous_blank = seen   # an item's opening blank line separates nothing
            continue
        found = marker(line) if indent_of(line) < 4 else None
        inside = nested_width is not None and (
            indent_of(line) >= nested_width or (found is not None and found.kind == nested_kind))
        if previous_blank and not inside:
            return True
        if found is not None and indent_of(line) == 0:
            nested_width, nested_kind = found.width, found.kind
        elif indent_of(line) == 0 and previous_blank:
            nested_width = nested_kind = None
        previous_blank, seen = False, True
    return False


class ListProcessor(BlockProcessor):
    """Ordered and bullet lists with CommonMark's item rules."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return marker(block.split("\n", 1)[0]) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        source = Lines(blocks)
        first = marker(source.get() or "")
        assert first is not None
        items: list[list[str]] = []
        loose = False
        while (line := source.get()) is not None:
            current = marker(line)
            if current is None or current.kind != first.kind:
                break
            lines = fenced(self.parser.md, _item_lines(source, current))
            items.append(lines)
            loose = loose or _has_inner_gap(lines)
            ahead = source.blanks_ahead()
            following = source.get(ahead)
            after = marker(following) if following is not None else None
            if after is None or after.kind != first.kind:
                break
            loose = loose or ahead > 0
            source.pos += ahead
        source.give_back()
        self._build(parent, first, items, loose)

    def _build(self, parent: etree.Element, first: Marker, items: list[list[str]],
               loose: bool) -> None:
        element = etree.SubElement(parent, "ol" if first.ordered else "ul")
        if first.ordered and first.start != 1:
            element.set("start", str(first.start))
        for lines in items:
            item = etree.SubElement(element, "li")
            # Python-Markdown's paragraph processor writes no <p> in the 'list' state
            self.parser.state.set("looselist" if loose else "list")
            try:
                self.parser.parseChunk(item, "\n".join(lines))
            finally:
                self.parser.state.reset()


class ListsExtension(Extension):
    """Replace Python-Markdown's list processors (and its 4-space list indentation)."""

    def extendMarkdown(self, md: Any) -> None:
        for name in ("olist", "ulist", "indent"):
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)
        if "defindent" in md.parser.blockprocessors:
            # def_list's indented continuation would also pull indented blocks into a <li>
            defindent = md.parser.blockprocessors["defindent"]
            defindent.ITEM_TYPES, defindent.LIST_TYPES = ["dd"], ["dl"]
        # before setext headings ("- foo\n---" is a list and a rule) and thematic breaks
        md.parser.blockprocessors.register(ListProcessor(md.parser), "gfm_list", 65)
