"""The 公文 DOCX's page-level parts: the letter's head, the 版记 in a text box on the type
area's bottom edge, the even-page section break before it: a mixin of GongwenDocx."""
from __future__ import annotations

import math
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from docpipe.write.docx import gongwen_xml as gx
from docpipe.write.docx import xml
from docpipe.write.gongwen import geometry as geo

#: An exact-height line in Word/LibreOffice sets its text about 0.12 em higher than a CSS line
#: box of the same height (measured in LibreOffice 7.4 against the PDF): the 标志 drops by it.
MARK_DROP_EM = 0.123
#: height of the empty paragraphs that carry the 版记 rules, pt
RULE_LINE = 1.0


class PageParts:
    """信函 head and 版记; ``para``/``run``/``lines`` come from GongwenDocx."""

    def letter_head(self, marks: list) -> None:
        """信函格式 (10.1): the 标志 30 mm from the paper's top and the thick-over-thin red lines
        4 mm under it in a text box above the type area, the thin-over-thick pair 20 mm above
        the paper's foot in another; the marks left and the 发文字号 right under the lines; page
        1 without a number."""
        page, P = self.page, self.page.pitch
        red = page.red.lstrip("#").upper()
        mark = geo.mark(self.parts, page)
        wide = 170 * geo.MM
        left = (self.theme.margin_mm("inner") - 7) * geo.MM
        drop = MARK_DROP_EM * mark.size
        head = [self.para(align="center", line=mark.row_height)]
        self.run(head[0], mark.names[0], role="title", size=mark.size, color=page.red)
        head.append(self.para(line=1, before=4 * geo.MM))
        xml.put(head[1]._p.get_or_add_pPr(), parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="thickThinSmallGap" w:sz="24" w:space="0" '
            f'w:color="{red}"/></w:pBdr>'))
        top = 30 * geo.MM - geo.INK_TOP_EM * mark.size + drop
        height = mark.row_height + 4 * geo.MM + 6
        foot = [self.para(line=1)]
        xml.put(foot[0]._p.get_or_add_pPr(), parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="thinThickSmallGap" w:sz="24" w:space="0" '
            f'w:color="{red}"/></w:pBdr>'))
        rows = max(len(marks), 1 if self.parts.doc_number else 0)
        lines = []
        # the text starts 7/8 of a 三号 line (14 pt) under the lines: the box's foot wraps it
        first_top = top + height + 14 - (P - page.size) / 2
        for index in range(max(rows, 1)):
            paragraph = self.para(line=P)
            if index < len(marks):
                self.run(paragraph, marks[index][0], role=marks[index][1])
            if index == 0 and self.parts.doc_number:
                xml.put(paragraph._p.get_or_add_pPr(), parse_xml(
                    f'<w:tabs {nsdecls("w")}><w:tab w:val="right" '
                    f'w:pos="{round(page.width * 20)}"/></w:tabs>'))
                self.run(paragraph, "\t" + self.parts.doc_number)
            lines.append(paragraph)
        gx.text_box(lines[0].add_run(), [p._p for p in head], wide, height, top + height,
                  left_pt=left, wrap="wrapNone", anchor="t")
        lines[0].paragraph_format.space_before = Pt(max(0.0, first_top - self.theme.margin_mm(
            "top") * geo.MM))
        gx.text_box(lines[0].add_run(), [p._p for p in foot], wide, 4, (297 - 20) * geo.MM,
                  left_pt=left, wrap="wrapNone")
        self._first_page_unnumbered()
        self.lines(rows + (first_top / P) - self.theme.margin_mm("top") * geo.MM / P)

    def _first_page_unnumbered(self) -> None:
        section = self.w.word.sections[0]
        section.different_first_page_header_footer = True
        footer = section.first_page_footer
        footer.is_linked_to_previous = False

    def imprint(self) -> None:
        """版记 (7.4) in a text box anchored to the bottom of the type area (paragraph borders:
        thick rule, 抄送, thin, 印发, thick), on the last page when that is even with room, else
        after a section break to the next even page."""
        parts, page = self.parts, self.page
        P, size = page.pitch, page.imprint_size
        rows = []
        if self.recipients_moved:   # 7.4.2: 主送 above 抄送, laid out alike, no rule between
            rows.append(("cc", "主送：" + "，".join(parts.recipients) + "。"))
        if parts.cc:
            rows.append(("cc", "抄送：" + "，".join(parts.cc) + "。"))
        if parts.format != "letter" and (parts.printed_by or parts.print_date):
            rows.append(("printed", ""))
        # 抄送/主送 wrap inside 1 字 left and right and a 3 字 hanging label, in 四号
        measure = page.width - 5 * size
        lines = sum(math.ceil(geo.width_em(text) * size / measure) if kind == "cc" else 1
                    for kind, text in rows)
        pages, used = divmod(self.lines_used, 22)
        if used == 0 and pages:     # the text fills its last page to the bottom
            pages, used = pages - 1, 22.0
        last_page = self.page_number + int(pages)
        # the count is an estimate: the 版记 stays on the text's page only with lines to spare
        letter = parts.format == "letter"   # 10.1: no rules, the last page whatever its parity
        if not letter and not (last_page % 2 == 0 and used + lines + 4 <= 22):
            self.even_page_section(unnumbered=last_page % 2 == 0)
        anchor = self.para(line=1)
        thick, thin = max(2, round(page.thick * 8)), max(2, round(page.thin * 8))
        made = [] if letter else [self.rule(thick)]
        for index, (kind, text) in enumerate(rows):
            one = size / page.size      # 一字 of 四号, in 字 of 三号
            if kind == "cc":
                paragraph = self.para(line=P, left=one + 3 * one, hanging=3 * one, right=one,
                                      align="justify")
                self.run(paragraph, text, size=size)
            else:
                paragraph = self.para(line=P, left=one, right=one)
                tab = page.width - 2 * size
                xml.put(paragraph._p.get_or_add_pPr(), parse_xml(
                    f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:pos="{round(tab * 20)}"/>'
                    '</w:tabs>'))
                self.run(paragraph, (parts.printed_by or "") + "\t" + parts.print_date_text,
                         size=size)
            made.append(paragraph._p)
            follows_to = index + 1 < len(rows) and text.startswith("主送") and \
                rows[index + 1][1].startswith("抄送")
            if not letter and not follows_to:
                made.append(self.rule(thick if index == len(rows) - 1 else thin))
        height = lines * P + (len(rows) + 1) * RULE_LINE + 6
        bottom = (self.theme.page_size_mm[1] - self.theme.margin_mm("bottom")) * geo.MM
        gx.text_box(anchor.add_run(), made, page.width, height, bottom)

    def rule(self, sz: int) -> Any:
        """A 版记 rule: an empty paragraph as wide as the type area with a bottom border (the
        text's own paragraphs are indented one 字, and a border spans its paragraph's indents)."""
        paragraph = self.para(line=RULE_LINE)
        xml.put(paragraph._p.get_or_add_pPr(), parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{sz}" w:space="0" '
            'w:color="000000"/></w:pBdr>'))
        return paragraph._p

    def even_page_section(self, unnumbered: bool) -> None:
        """A section break to the next even page (Word's own odd/even logic); when that leaves a
        blank page, neither it nor the 版记 page is numbered (7.5)."""
        from docx.enum.section import WD_SECTION

        section = self.w.word.add_section(WD_SECTION.EVEN_PAGE)
        if unnumbered:
            for footer in (section.footer, section.even_page_footer):
                footer.is_linked_to_previous = False
                for paragraph in footer.paragraphs:
                    for run in list(paragraph.runs):
                        run._r.getparent().remove(run._r)
