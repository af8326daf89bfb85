"""``:::`` containers (VuePress, VitePress, Docusaurus, markdown-it-container) as admonitions.

``::: tip 标题`` … ``:::`` becomes ``<div class="admonition tip">`` with a
``p.admonition-title`` (the typed title, or the kind's name), like a ``> [!TIP]`` alert.
Containers nest; a longer run of colons closes only its own container. VitePress'
``code-group``, ``raw`` and ``v-pre`` only group: their content stays, unboxed. An unclosed one runs
to the end of the document.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from docpipe.read.extensions.lists import Lines

_OPEN = re.compile(r" {0,3}(:{3,}) *([A-Za-z][\w-]*)(?: +(.*?))? *")
_CLOSE = re.compile(r" {0,3}(:{3,}) *")
#: kinds named differently by the tools that write them → GitHub's alert kinds, where one is
#: meant (Docusaurus' "info" and VuePress' "danger" included)
KINDS = {"note": "note", "info": "note", "tip": "tip", "important": "important",
         "warning": "warning", "caution": "caution", "danger": "caution", "details": "details"}
#: containers that only group (VitePress' tabbed code-group, raw and v-pre): their content
#: is kept, with no box around it
UNBOXED = {"code-group", "raw", "v-pre"}


class ContainerProcessor(BlockProcessor):

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_OPEN.fullmatch(block.split("\n", 1)[0]))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        source = Lines(blocks)
        opening = _OPEN.fullmatch(source.get() or "")
        assert opening is not None
        colons, kind, title = opening.groups()
        source.pos += 1
        inner: list[str] = []
        depth = 0
        while (line := source.get()) is not None:
            source.pos += 1
            if _OPEN.fullmatch(line):
                depth += 1
            elif (closing := _CLOSE.fullmatch(line)) and len(closing.group(1)) >= len(colons):
                if depth == 0:
                    break
                depth -= 1
            inner.append(line)
        source.give_back()
        name = kind.lower()
        if name in UNBOXED:
            self.parser.parseChunk(parent, "\n".join(inner))
            return
        box = etree.SubElement(parent, "div",
                               {"class": f"admonition {KINDS.get(name, name)}"})
        heading = etree.SubElement(box, "p", {"class": "admonition-title"})
        heading.text = title or kind.title()
        self.parser.parseChunk(box, "\n".join(inner))


class ContainersExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # before paragraphs and lists: a ":::" line never starts anything else
        md.parser.blockprocessors.register(ContainerProcessor(md.parser), "gfm_container", 68)
