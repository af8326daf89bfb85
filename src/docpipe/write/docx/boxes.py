"""Admonitions in Word: paragraphs ruled on the left and shaded in the kind's colours (Word
joins consecutive paragraphs with equal borders into one box), the title bold in the rule's
colour."""
from __future__ import annotations

from typing import Any

from docx.shared import RGBColor

from docpipe.write import callouts
from docpipe.write.docx import xml


def _decorator(rule: str, tint: str):
    def decorate(paragraph: Any) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        borders = xml.element("w:pBdr")
        # 3 pt rule, 8 pt from the text (the CSS box's 0.25 em border and padding)
        borders.append(xml.element("w:left", val="single", sz="24", space="8",
                                   color=rule.lstrip("#")))
        xml.put(ppr, borders)
        xml.add_shading(ppr, tint.lstrip("#"))

    return decorate


def admonition(writer: Any, element: Any) -> None:
    """Write an admonition <div>: its title paragraph, then its blocks, all inside the box."""
    rule, tint = callouts.colors(element)
    title = next((child for child in element if child.tag == "p"
                  and callouts.TITLE_CLASS in child.get("class", "").split()), None)
    writer.decorations.append(_decorator(rule, tint))
    try:
        if title is not None:
            paragraph = writer.paragraph()
            writer.emit(paragraph, writer.segments(title))
            for run in paragraph.runs:
                run.font.bold = True
                run.font.color.rgb = RGBColor.from_string(rule.lstrip("#").upper())
        writer.flow(element, skip=title)
    finally:
        writer.decorations.pop()
