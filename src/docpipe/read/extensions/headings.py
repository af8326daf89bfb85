"""ATX headings as GitHub reads them: ``#`` marks then a space (``#话题`` and ``#5`` stay
text), up to 3 spaces before them, and a closing run of ``#`` only after a space."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension


class GfmHashHeaderProcessor(HashHeaderProcessor):
    RE = re.compile(r"(?:^|\n) {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<header>.*?))??"
                    r"(?:[ \t]+#+)?[ \t]*(?:\n|$)")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        assert match is not None
        before, after = block[:match.start()], block[match.end():]
        if before:
            self.parser.parseBlocks(parent, [before])
        heading = etree.SubElement(parent, f"h{len(match.group('level'))}")
        heading.text = (match.group("header") or "").strip()
        if after:
            blocks.insert(0, after)


class HeadingsExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        md.parser.blockprocessors.register(GfmHashHeaderProcessor(md.parser), "hashheader", 70)
