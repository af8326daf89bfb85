"""Python-Markdown's tables, ended and escaped as GitHub does.

A table ends at a blank line or where another block starts (a quote, a heading, a list item
or a rule under the last row), a header without rows has no empty body row, and ``\\|``
is a pipe inside a cell, code spans included (GFM replaces it before inline parsing).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor

from docpipe.read.extensions.lists import interrupts_paragraph

_BLOCK_START = re.compile(r" {0,3}(?:>|#{1,6}(?: |$)|```|~~~|([-*_])(?: *\1){2,} *$)")


class GfmTableProcessor(TableProcessor):

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks[0].split("\n")
        end = next((index for index in range(2, len(lines))
                    if _BLOCK_START.match(lines[index]) or interrupts_paragraph(lines[index])),
                   len(lines))
        blocks[0] = "\n".join(lines[:end])
        if end < len(lines):
            blocks.insert(1, "\n".join(lines[end:]))
        super().run(parent, blocks)
        if end == 2:   # a header and its delimiter row only
            table = parent[-1]
            table.remove(table.find("tbody"))

    def _split_row(self, row: str) -> list[str]:
        return [cell.replace("\\|", "|") for cell in super()._split_row(row)]


class TablesExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        old = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(GfmTableProcessor(md.parser, old.config), "table", 75)
