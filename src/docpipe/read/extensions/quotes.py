"""Block quotes as GitHub reads them: ``>`` lines plus lazy paragraph lines, ended by a blank.

Python-Markdown's quote took every line of its block (a list or code after ``> text`` went
inside it), merged quotes separated by a blank line, and lost to a setext underline
(``> foo`` over ``---`` became a heading).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from docpipe.read.extensions.lists import fenced, lazy_continuation

_QUOTE = re.compile(r" {0,3}> ?")


class QuoteProcessor(BlockProcessor):

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_QUOTE.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        inner: list[str] = []
        for index, line in enumerate(lines):
            quoted = _QUOTE.match(line)
            if quoted:
                inner.append(line[quoted.end():])
            elif not (inner and lazy_continuation(inner[-1], line)):
                blocks.insert(0, "\n".join(lines[index:]))
                break
            else:
                inner.append(line)
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        try:
            self.parser.parseChunk(quote, "\n".join(fenced(self.parser.md, inner)))
        finally:
            self.parser.state.reset()


class QuotesExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        md.parser.blockprocessors.deregister("quote")
        # before setext headings: "> foo" over "---" is a quote and a rule
        md.parser.blockprocessors.register(QuoteProcessor(md.parser), "gfm_quote", 66)
        if "github-callouts" in md.parser.blockprocessors:   # "> [!NOTE]" before any quote
            callouts = md.parser.blockprocessors["github-callouts"]
            md.parser.blockprocessors.deregister("github-callouts")
            md.parser.blockprocessors.register(callouts, "github-callouts", 67)
