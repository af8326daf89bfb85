"""A list or a table may start on the line after a paragraph's text, as on GitHub.

Python-Markdown starts a block only after a blank line, so ``说明：`` followed by ``- 一``
or by a table's header row printed the list and the table as text. This processor runs just
before the paragraph one: it cuts the block at the first line that starts a list item (that
may interrupt a paragraph), a quote or a table, or around stashed fenced code, and leaves the text above it to the paragraph.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from docpipe.read.extensions.lists import PLACEHOLDER, interrupts_paragraph

#: a table's delimiter row: | :--- | ---: | (pipes at the edges optional, one pipe at least
#: when there is a single column)
_QUOTE = re.compile(r" {0,3}(?:>|:::)")   # a quote, or a ::: container
_DELIMITER = re.compile(r" {0,3}\|? *:?-+:? *(\| *:?-+:? *)*\|? *")


def _table_starts(lines: list[str], index: int) -> bool:
    if index + 1 >= len(lines) or "|" not in lines[index]:
        return False
    row = lines[index + 1]
    return bool(_DELIMITER.fullmatch(row)) and ("|" in row or "|" in lines[index].strip("| "))


def _stashed(line: str) -> bool:
    """A fenced code block or an HTML block, stashed as a placeholder: a block of its own."""
    return bool(PLACEHOLDER.fullmatch(line.strip()))


def split_point(lines: list[str]) -> int | None:
    """The index of the first line (after the first) where a list or table starts."""
    for index in range(1, len(lines)):
        if (interrupts_paragraph(lines[index]) or _QUOTE.match(lines[index])
                or _table_starts(lines, index) or _stashed(lines[index - 1])
                or _stashed(lines[index])):
            return index
    return None


class InterruptProcessor(BlockProcessor):

    def test(self, parent: etree.Element, block: str) -> bool:
        return "\n" in block and split_point(block.split("\n")) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        lines = blocks.pop(0).split("\n")
        cut = split_point(lines)
        assert cut is not None
        blocks[0:0] = ["\n".join(lines[:cut]), "\n".join(lines[cut:])]
        return False   # the paragraph processor takes the text above the cut, as usual


class InterruptExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        md.parser.blockprocessors.register(InterruptProcessor(md.parser), "gfm_interrupt", 11)
