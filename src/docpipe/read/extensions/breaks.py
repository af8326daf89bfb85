"""Hard line breaks as GitHub writes them: two or more spaces, or a backslash, at a line's end.

Python-Markdown knew only exactly two spaces (more left a space before the break) and kept
the next line's indentation after it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor


class HardBreakProcessor(InlineProcessor):

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        return etree.Element("br"), m.start(0), m.end(0)


class BreaksExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        md.inlinePatterns.deregister("linebreak")
        # after code spans (190) and raw HTML (90): their text keeps its line ends
        md.inlinePatterns.register(HardBreakProcessor(r"(?: {2,}|\\)\n *", md), "linebreak", 89)
