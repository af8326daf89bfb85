"""Page setup of the DOCX: paper, margins, page-number footers, the gongwen character grid."""
from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips

from docpipe.model.theme import Theme
from docpipe.write.docx import xml
from docpipe.write.docx.styles import FOOTER

MM_PER_PT = 25.4 / 72


def twips(mm: float) -> Twips:
    return Twips(round(mm * 1440 / 25.4))


def set_up_pages(word: Any, theme: Theme, ids: dict[str, str], chinese: bool,
                 heads: tuple[str, str, str] | None = None) -> None:
    """Paper, margins, page-number footers (odd/even when outside), the optional grid, and
    with ``heads`` (title, chapter heading style, numbering scheme) running heads on every
    page but the first."""
    section = word.sections[0]
    width, height = theme.page_size_mm
    section.page_width, section.page_height = twips(width), twips(height)
    section.top_margin = twips(theme.margin_mm("top"))
    section.bottom_margin = twips(theme.margin_mm("bottom"))
    section.left_margin = twips(theme.margin_mm("inner"))
    section.right_margin = twips(theme.margin_mm("outer"))
    section.gutter = Twips(0)
    size = float(theme.page.page_number_size)
    # Footer distance is measured from the paper's edge to the footer's bottom: place the
    # number's line page_number_gap below the text block, as the PDF does (GB/T 9704: 7 mm).
    line_mm = size * 1.3 * MM_PER_PT     # a single line of CJK text is about 1.3 em tall
    gap_mm = float(theme.page.page_number_gap)
    section.footer_distance = twips(max(theme.margin_mm("bottom") - gap_mm - line_mm, 5))
    outside = theme.page.page_number_position == "outside"
    _page_number(section.footer, theme, ids, chinese, "right" if outside else "center")
    if outside:
        word.settings.odd_and_even_pages_header_footer = True
        _page_number(section.even_page_footer, theme, ids, chinese, "left")
    if heads is not None:
        from docpipe.write.docx.book import running_head

        section.different_first_page_header_footer = True
        _page_number(section.first_page_footer, theme, ids, chinese,
                     "right" if outside else "center")
        width = round((width - theme.margin_mm("inner") - theme.margin_mm("outer"))
                      * 1440 / 25.4)
        title, chapter, scheme = heads
        running_head(section.header, ids, title, chapter, width, chinese, scheme)
        if outside:
            running_head(section.even_page_header, ids, title, chapter, width, chinese, scheme)
    if theme.text.grid and theme.line_pitch:
        xml.set_document_grid(section._sectPr, round(theme.line_pitch * 20))


def _page_number(footer: Any, theme: Theme, ids: dict[str, str], chinese: bool,
                 side: str) -> None:
    """The theme's page-number text around a PAGE field; at the outside edge, one char in."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = ids[FOOTER]
    size = Pt(float(theme.page.page_number_size))
    layout = paragraph.paragraph_format
    if side == "right":
        paragraph.alignment, layout.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, size
    elif side == "left":
        paragraph.alignment, layout.left_indent = WD_ALIGN_PARAGRAPH.LEFT, size
    before, _, after = theme.page.page_number.partition("{page}")
    for position, text in enumerate((before, after)):
        if position == 1:
            xml.add_page_field(paragraph)
        if text:
            run = paragraph.add_run(text)
            if xml.needs_east_asian_hint(text, chinese):
                xml.add_east_asian_hint(run._r.get_or_add_rPr())
