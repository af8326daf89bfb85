"""Where the DOCX's headings will land, estimated line by line, for the contents' cached pages.

Word refreshes the TOC field on opening (``w:updateFields``); LibreOffice (7.x) and WPS show
the field's cached result as it is. This estimate fills that result: each block's lines at the
widths and pitches the DOCX styles set, rows and headings kept whole, footnotes taking room at
the foot of their page. It is an estimate (a reader's fonts decide the real breaks); on the
constitution it matches LibreOffice's pages (tests/test_book.py).
"""
from __future__ import annotations

import math
from typing import Any

from docpipe.model.document import Document, text_of
from docpipe.model.theme import Theme
from docpipe.write.docx.tables import column_widths, half_ems

_SINGLE = 1.3          # Word's "single" line of a CJK face, in em
_CELL_PADDING = 5.7    # the table style's top and bottom cell margins, pt


def _units(text: str) -> float:
    """Width in em: full-width characters one, others about a half."""
    return half_ems(text) / 2


class _Pages:
    """A running total of the height used on the current page."""

    def __init__(self, height: float) -> None:
        self.height, self.used, self.page = height, 0.0, 1

    def new_page(self) -> None:
        self.page, self.used = self.page + 1, 0.0

    def place(self, lines: int, pitch: float, before: float = 0.0, after: float = 0.0,
              whole: bool = False, keep_next: float = 0.0) -> int:
        """Place a block; return the page its first line is on."""
        if self.used and self.used + before + pitch > self.height:
            self.new_page()
        needed = before + lines * pitch + keep_next
        if (whole or lines <= 3) and self.used and self.used + needed > self.height:
            self.new_page()
        if self.used:
            self.used += before
        first = self.page
        for _ in range(lines):
            if self.used + pitch > self.height:
                self.new_page()
            self.used += pitch
        self.used += after
        return first


def heading_pages(document: Document, theme: Theme, contents_lines: int,
                  skip: Any = None) -> dict[str, int]:
    """Heading id → estimated page, for a DOCX with a title block and a contents of
    ``contents_lines`` entries followed by a page break."""
    width_mm, height_mm = theme.page_size_mm
    text_width = (width_mm - theme.margin_mm("inner") - theme.margin_mm("outer")) / 25.4 * 72
    text_height = (height_mm - theme.margin_mm("top") - theme.margin_mm("bottom")) / 25.4 * 72
    body = theme.body_size
    pitch = theme.line_pitch or max(body * theme.line_height, body * _SINGLE)
    pages = _Pages(text_height)
    notes = {li.get("id", "")[3:]: text_of(li) for li in document.body.iter("li")
             if li.get("id", "").startswith("fn:")}
    note_pitch = float(theme.blocks.footnote_size) * _SINGLE

    def lines_of(text: str, size: float, indent_em: float = 0.0, left: float = 0.0) -> int:
        per_line = max(math.floor((text_width - left) / size), 1)   # whole characters
        return max(1, math.ceil((_units(text) + indent_em) / per_line))

    title = theme.title
    pages.place(lines_of(document.meta.title, float(title.size)), float(title.size) * 1.25,
                after=float(title.space_after))
    for extra, size in ((document.meta.subtitle, title.subtitle_size),
                        (document.meta.credits, title.credits_size)):
        if extra:
            pages.place(lines_of(str(extra), float(size)), max(float(size) * _SINGLE, pitch),
                        after=float(title.space_after))
    if contents_lines:
        first = theme.headings[0]
        pages.place(1, float(first.size) * _SINGLE, after=12)
        pages.place(contents_lines, pitch)
        pages.new_page()
    found: dict[str, int] = {}

    def footnotes_in(element: Any) -> None:
        for sup in element.iter("sup"):
            link = sup.find("a")
            if sup.get("id", "").startswith("fnref:") and link is not None:
                note = notes.get(link.get("href", "")[4:], "")
                pages.used += lines_of(note, float(theme.blocks.footnote_size)) * note_pitch

    def walk(element: Any, left: float) -> None:
        for child in element:
            if child is skip or not isinstance(child.tag, str):
                continue
            tag = child.tag
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                heading = theme.headings[int(tag[1]) - 1]
                size = float(heading.size)
                first = pages.place(lines_of(text_of(child), size), max(size * _SINGLE, pitch),
                                    float(heading.before), float(heading.after),
                                    keep_next=2 * pitch)
                found.setdefault(child.get("id", ""), first)
            elif tag in ("p", "dt", "figcaption"):
                image = child.find("img")
                if image is not None and document.images.get(image.get("src", "")):
                    from docpipe import images

                    facts = images.inspect(document.images[image.get("src", "")].path)
                    width = images.width_on_page(facts, images.requested_width(
                        facts, image.get("width"), image.get("height")), text_width)
                    pages.place(1, facts.height_pt * width / facts.width_pt + 6, whole=True)
                else:
                    indent = theme.indent_chars if tag == "p" and not left else 0.0
                    pages.place(lines_of(text_of(child), body, indent, left), pitch,
                                after=float(theme.text.paragraph_spacing))
                footnotes_in(child)
            elif tag == "pre":
                code = float(theme.blocks.code_size)
                count = sum(lines_of(line or " ", code, 0, left + code)
                            for line in "".join(child.itertext()).rstrip("\n").split("\n"))
                pages.place(count, code * _SINGLE, 6 + code, 6 + code)
            elif tag == "table":
                _table(child, left)
            elif tag in ("ul", "ol", "blockquote", "dd", "li", "figure") or (
                    tag == "div" and "footnote" not in child.get("class", "")):
                walk(child, left + (2 * body if tag in ("ul", "ol", "blockquote", "dd")
                                    else 0))
                if child.text and child.text.strip() and tag == "li":
                    pages.place(lines_of(child.text, body, 0, left + 2 * body), pitch)
            elif tag == "hr":
                pages.place(1, pitch)

    def _table(table: Any, left: float) -> None:
        rows = [[c for c in row if c.tag in ("th", "td")] for row in table.iter("tr")]
        columns = max((len(r) for r in rows), default=0)
        if not columns:
            return
        widths = [w / 20 for w in column_widths(rows, columns, round((text_width - left) * 20))]
        size = float(theme.blocks.table_size)
        row_pitch = max(size * float(theme.blocks.table_line_height), size * _SINGLE)
        for row in rows:
            tallest = max(max(1, math.ceil(_units(text_of(cell)) * size / max(w - 11, size)))
                          for cell, w in zip(row, widths))
            pages.place(1, tallest * row_pitch + _CELL_PADDING, whole=True)
            footnotes_in(row[0].getparent())

    walk(document.body, 0.0)
    return found
