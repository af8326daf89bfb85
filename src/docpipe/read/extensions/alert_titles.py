"""``> [!TIP] 标题``: an alert with its title on the marker line (Obsidian, Hugo, MkDocs' callouts).

GitHub's own form puts ``> [!TIP]`` alone on its line (markdown_callouts reads it); the titled
form is as common in docs repositories (ddia's chapters use it) and was printed as typed. It
becomes the same ``<div class="admonition tip">`` with the typed title in its
``p.admonition-title``, as a ``::: tip 标题`` container does. A fold marker (``[!TIP]-``,
Obsidian's) is read and dropped: print has nothing to fold.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import util
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension

class TitledAlertProcessor(BlockQuoteProcessor):
    """Lines before the alert in the same block stay a paragraph; the quote's other lines are
    the alert's body (possibly none: a title alone)."""

    REGEX = re.compile(r"((?:^|\n) *(?:[^>].*)?(?:^|\n)) {0,3}> *\[!(NOTE|TIP|IMPORTANT|WARNING|"
                       r"CAUTION)\][+-]?[ \t]+(\S[^\n]*?)[ \t]*(?:\n|$)", re.IGNORECASE)

    def test(self, parent: etree.Element, block: str) -> bool:
        return (bool(self.REGEX.search(block)) and not self.parser.state.isstate("blockquote")
                and not util.nearing_recursion_limit())

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.REGEX.search(block)
        assert match is not None
        before, kind, title = match.group(1), match.group(2).lower(), match.group(3)
        body = "\n".join(self.clean(line) for line in block[match.end():].split("\n"))
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        box = etree.SubElement(parent, "div", {"class": f"admonition {kind}"})
        heading = etree.SubElement(box, "p", {"class": "admonition-title"})
        heading.text = title
        self.parser.state.set("blockquote")
        try:
            self.parser.parseChunk(box, body)
        finally:
            self.parser.state.reset()


class AlertTitlesExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # before GitHub's untitled alerts (67, read/extensions/quotes.py) and any quote (66)
        md.parser.blockprocessors.register(TitledAlertProcessor(md.parser), "titled-alerts", 67.5)


def makeExtension(**kwargs: Any) -> AlertTitlesExtension:
    return AlertTitlesExtension(**kwargs)
