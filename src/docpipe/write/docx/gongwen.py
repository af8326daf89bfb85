"""A 公文 (GB/T 9704-2012) in Word's own means: direct paragraph formatting on the grid,
paragraph borders for the red line and the 版记 rules, a table for 签发人 and for joint
标志, a floating picture behind the text for the seal, and a frame at the page bottom for the
版记 (after an even-page section break when the text does not end on an even page with room)."""
from __future__ import annotations

import copy
import math
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt, RGBColor

from docpipe.model import gongwen as gw
from docpipe.model.document import text_of
from docpipe.write.docx import xml
from docpipe.write.gongwen import geometry as geo

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
EMU_PER_PT = 12700
#: An exact-height line in Word/LibreOffice sets its text about 0.12 em higher than a CSS line
#: box of the same height (measured in LibreOffice 7.4 against the PDF): the 标志 drops by it.
MARK_DROP_EM = 0.123
#: ... and a 16 pt line's baseline 1.1 mm lower: the red line follows it (7.2.7: 4 mm).
RULE_DROP_MM = 1.1
#: height of the empty paragraphs that carry the 版记 rules, pt
RULE_LINE = 1.0


class GongwenDocx:
    """Writes every part of the document through a DocxWriter (its body flow and styles)."""

    def __init__(self, writer: Any) -> None:
        self.w = writer
        self.theme = writer.theme
        self.parts: gw.Gongwen = writer.document.meta.gongwen
        self.page = geo.Page.of(self.theme)
        self.lines_used = 0.0      # grid lines used on the current page (for the 版记's page)
        self.page_number = 1

    # ---- paragraphs ----------------------------------------------------------------------

    def para(self, text: str = "", *, align: str = "left", role: str = "body",
             size: float | None = None, color: str | None = None, line: float | None = None,
             before: float = 0.0, after: float = 0.0, first: float = 0.0,
             left: float = 0.0, right: float = 0.0, hanging: float = 0.0,
             page_break: bool = False, keep_next: bool = False) -> Any:
        """A paragraph with its layout given outright (indents in 字 of 三号)."""
        paragraph = self.w.paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        layout = paragraph.paragraph_format
        paragraph.alignment = ALIGN[align]
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        if line is not None:
            xml.put(ppr, xml.element("w:spacing", before=round(before * 20),
                                     after=round(after * 20), line=round(line * 20),
                                     lineRule="exact"))
        xml.put(ppr, xml.element("w:snapToGrid", val=0))
        # no automatic Han–digit gaps in dates and numbers: 2019年2月20日 as the PDF sets it
        xml.put(ppr, xml.element("w:autoSpaceDE", val=0))
        xml.put(ppr, xml.element("w:autoSpaceDN", val=0))
        self.indent(ppr, first=first, left=left, right=right, hanging=hanging)
        if page_break:
            xml.put(ppr, xml.element("w:pageBreakBefore"))
        if keep_next:
            xml.put(ppr, xml.element("w:keepNext"))
        if text:
            self.run(paragraph, text, role=role, size=size, color=color)
        return paragraph

    def indent(self, ppr: Any, *, first: float = 0, left: float = 0, right: float = 0,
               hanging: float = 0) -> None:
        char = self.page.size
        ind = xml.element("w:ind")
        for name, value in (("left", left), ("right", right)):
            ind.set(qn(f"w:{name}Chars"), str(round(value * 100)))
            ind.set(qn(f"w:{name}"), str(round(value * char * 20)))
        if hanging:
            ind.set(qn("w:hangingChars"), str(round(hanging * 100)))
            ind.set(qn("w:hanging"), str(round(hanging * char * 20)))
        else:
            ind.set(qn("w:firstLineChars"), str(round(first * 100)))
            ind.set(qn("w:firstLine"), str(round(first * char * 20)))
        xml.put(ppr, ind)

    def run(self, paragraph: Any, text: str, *, role: str = "body", size: float | None = None,
            color: str | None = None, spacing: float | None = None) -> Any:
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        font = self.theme.font(role)
        # digits and Latin in the same face as the hanzi (5.2.2: 仿宋 throughout; the PDF's
        # Fandol digits are half-width too), so widths and centring match the PDF's
        xml.set_fonts(rpr, font.word, font.word)
        if xml.needs_east_asian_hint(text, True):
            xml.add_east_asian_hint(rpr)
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        # no tracking in the parts (the body text's −0.25 pt is for its 28 characters a line)
        xml.put(rpr, xml.element("w:spacing", val=round((spacing or 0) * 20)))
        return run

    def lines(self, count: float) -> None:
        self.lines_used += count

    # ---- the document --------------------------------------------------------------------

    def write(self) -> None:
        parts = self.parts
        self.head()
        meta = self.w.document.meta
        P = self.page.pitch
        if parts.title_given or parts.format != "order":
            title = list(parts.title_lines) or geo.title_lines(meta.title,
                                                               self.theme.title_chars_per_line)
            paragraph = self.para(role="title", align="center", line=P,
                                  before=P if parts.format == "order" else 2 * P,
                                  keep_next=True)
            paragraph._p.get_or_add_pPr().style = self.w.ids["Title"]
            for index, line in enumerate(title):
                if index:
                    paragraph.add_run().add_break()
                self.run(paragraph, line, role="title", size=float(self.theme.title.size))
            self.lines(len(title) + 2)
        if parts.recipients:
            self.para(parts.recipients_line, before=P, line=P)
            self.lines(1 + self._wrapped(parts.recipients_line))
        text, attachments = gw.split_body(self.w.document.body, text_of)
        self.flow(text)
        chain = self.lines_used      # 附件说明, 署名, date and 附注 keep together with the text
        if parts.attachments:
            self.attachment_list()
        self.signature()
        for label, names in parts.attendance:
            paragraph = self.para(line=P, left=5, hanging=3,
                                  before=P if label == parts.attendance[0][0] else 0)
            self.run(paragraph, f"{label}：", role="heading")
            self.run(paragraph, names)
            self.lines(self._wrapped("　" * 5 + names))
        if parts.note:
            self.para(parts.note, first=2, line=P)
            self.lines(1)
        self._keep_together(chain, self.lines_used - chain)
        for attachment in attachments:
            self.attachment(attachment)
        if parts.has_imprint:
            self.imprint()

    def flow(self, elements: list[Any]) -> None:
        holder = self.w.document.body.makeelement("body", {})
        for element in elements:
            holder.append(_run_in(copy.deepcopy(element)))
            self.lines(self._element_lines(element))
        self.w.flow(holder)

    # ---- 版头 ----------------------------------------------------------------------------

    def head(self) -> None:
        parts, page = self.parts, self.page
        P = page.pitch
        marks = [(v, role) for v, role in ((parts.copy_number, "body"),
                                           (parts.classification, "heading"),
                                           (parts.urgency, "heading")) if v]
        used = 0.0
        if parts.format != "letter":
            for value, role in marks:
                self.para(value, role=role, line=P)
            used = len(marks) * P
        if parts.format == "letter":
            self.letter_head(marks)
            return
        mark = geo.mark(parts, page)
        drop = MARK_DROP_EM * mark.size
        self.issuer(mark, before=mark.top - used + drop)
        self.lines((mark.top + mark.height) / P)
        if parts.format == "order":
            if parts.doc_number:
                self.para(parts.doc_number, align="center", before=2 * P, line=P)
                self.lines(3)
            return
        if parts.format == "minutes" and not parts.doc_number:
            return
        if parts.direction == "up":
            self.number_and_signers()
        else:
            self.para(parts.doc_number or "", align="center", before=2 * P - drop, line=P)
        self.lines(3.5)
        self.red_rule()

    def issuer(self, mark: geo.Mark, before: float) -> None:
        """The red 标志: one centred line, or a table of stacked names with the word beside."""
        red, size = self.page.red, mark.size
        if len(mark.names) == 1:
            paragraph = self.para(align="center", line=mark.row_height, before=before)
            self.run(paragraph, mark.names[0] + mark.word, role="title", size=size, color=red)
            return
        spacer = self.para(line=max(before, 1.0))   # the table cannot carry space before
        del spacer
        table = self.w.frame.container.add_table(1, 2 if mark.word else 1)
        _borderless_centred(table)
        names_cell = table.rows[0].cells[0]
        for index, (name, spacing) in enumerate(zip(mark.names, mark.spacing)):
            paragraph = names_cell.paragraphs[0] if index == 0 else names_cell.add_paragraph()
            self._cell_paragraph(paragraph, mark.row_height)
            run = self.run(paragraph, name, role="title", size=size, color=red, spacing=spacing)
            del run
        if mark.word:
            cell = table.rows[0].cells[1]
            _vertical_centre(cell)
            paragraph = cell.paragraphs[0]
            self._cell_paragraph(paragraph, size * 1.15)
            xml.put(paragraph._p.get_or_add_pPr(), xml.element(
                "w:ind", left=round(0.5 * size * 20), firstLine=0, firstLineChars=0))
            self.run(paragraph, mark.word, role="title", size=size, color=red)
        _cell_widths(table, [mark.names_width + 2, (len(mark.word) + 0.5) * size + 2][
            :2 if mark.word else 1])

    def _cell_paragraph(self, paragraph: Any, line: float) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        xml.put(ppr, xml.element("w:spacing", before=0, after=0, line=round(line * 20),
                                 lineRule="exact"))
        xml.put(ppr, xml.element("w:snapToGrid", val=0))
        xml.put(ppr, xml.element("w:ind", firstLine=0, firstLineChars=0))
        xml.put(ppr, xml.element("w:jc", val="left"))

    def number_and_signers(self) -> None:
        """上行文: 发文字号 left (1 字 in) on the line of the last 签发人, in a borderless table."""
        parts, P = self.parts, self.page.pitch
        self.para(line=2 * P)     # 空二行 under the 标志
        table = self.w.frame.container.add_table(1, 2)
        _borderless_centred(table, full=True)
        left, right = table.rows[0].cells
        for cell in (left, right):
            _vertical_bottom(cell)
        paragraph = left.paragraphs[0]
        self._cell_paragraph(paragraph, P)
        xml.put(paragraph._p.get_or_add_pPr(), xml.element(
            "w:ind", left=round(self.page.size * 20), leftChars=100, firstLine=0, firstLineChars=0))
        self.run(paragraph, parts.doc_number or "")
        rows = [parts.signers[i:i + 2] for i in range(0, len(parts.signers), 2)]
        for index, names in enumerate(rows):
            paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
            self._cell_paragraph(paragraph, P)
            label = self.run(paragraph, "签发人：")
            if index:
                label.font.hidden = False
                xml.put(label._r.get_or_add_rPr(), xml.element("w:color", val="FFFFFF"))
            self.run(paragraph, "　".join(names), role="emphasis")
        widest = 4 + max(sum(len(n) for n in names) + len(names) - 1 for names in rows) + 1
        _cell_widths(table, [self.page.width - widest * self.page.size, widest * self.page.size])
        for paragraph in right.paragraphs:
            xml.put(paragraph._p.get_or_add_pPr(), xml.element(
                "w:ind", right=round(self.page.size * 20), rightChars=100, firstLine=0,
                firstLineChars=0))
        self.lines(len(rows) - 1)

    def red_rule(self) -> None:
        """7.2.7: the red line 4 mm under the 发文字号's em box, as wide as the type area."""
        P, size = self.page.pitch, self.page.size
        gap = (4 + RULE_DROP_MM) * geo.MM - (P - (P + size) / 2)
        paragraph = self.para(line=1, before=gap)
        sz = max(2, round(self.page.red_rule * 8))
        xml.put(paragraph._p.get_or_add_pPr(), parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="{sz}" w:space="0" '
            f'w:color="{self.page.red.lstrip("#").upper()}"/></w:pBdr>'))

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
        _text_box(lines[0].add_run(), [p._p for p in head], wide, height, top + height,
                  left_pt=left, wrap="wrapNone", anchor="t")
        lines[0].paragraph_format.space_before = Pt(max(0.0, first_top - self.theme.margin_mm(
            "top") * geo.MM))
        _text_box(lines[0].add_run(), [p._p for p in foot], wide, 4, (297 - 20) * geo.MM,
                  left_pt=left, wrap="wrapNone")
        self._first_page_unnumbered()
        self.lines(rows + (first_top / P) - self.theme.margin_mm("top") * geo.MM / P)

    def _first_page_unnumbered(self) -> None:
        section = self.w.word.sections[0]
        section.different_first_page_header_footer = True
        footer = section.first_page_footer
        footer.is_linked_to_previous = False

    # ---- 主体 ----------------------------------------------------------------------------

    def attachment_list(self) -> None:
        names, P = self.parts.attachments, self.page.pitch
        several = len(names) > 1
        number = geo.width_em(f"{len(names)}.") if several else 0
        for index, name in enumerate(names, start=1):
            paragraph = self.para(line=P, before=P if index == 1 else 0, left=5 + number,
                                  hanging=(3 if index == 1 else 0) + number, align="justify",
                                  keep_next=True)
            self.run(paragraph, ("附件：" if index == 1 else "")
                     + (f"{index}.\t" if several else "") + name)
            self.lines(self._wrapped("　" * 5 + name) + (1 if index == 1 else 0))

    def signature(self) -> None:
        parts, page, P = self.parts, self.page, self.page.pitch
        if parts.format == "minutes" or not parts.date:
            return
        date = parts.date_text
        if parts.format == "order":
            paragraph = self.para(align="right", right=4, before=2 * P, line=2 * P,
                                  keep_next=True)
            self.run(paragraph, "　".join(parts.signatures))
            if parts.seal_image:
                self.run(paragraph, "　　")   # 职务 two 字 left of the 签名章 (7.3.5.3)
                image = self.w.document.images[parts.seal_image].path
                paragraph.runs[-1].add_picture(str(image), height=Emu(round(2 * P * EMU_PER_PT)))
            self.para(date, align="right", right=4, before=P, line=P, keep_next=bool(parts.note))
            self.lines(5)
            return
        if parts.sealed and len(parts.signatures) > 1:
            self.joint_sealed()
            return
        if parts.sealed:
            top = geo.sealed_text_top(page)
            # an empty line as tall as the space over the 署名 holds the seal: space before a
            # paragraph is dropped at a page's top, a line is not
            spacer = self.para(line=top, keep_next=True)
            for name in parts.signatures:
                sig_right, _ = geo.sealed_indents(name, date)
                self.para(name, align="right", right=sig_right, line=P, keep_next=True)
            self.para(date, align="right", right=4, line=P, keep_next=bool(parts.note))
            if parts.seal_image:
                right, _ = geo.seal_box(date, page)
                x = page.width - right - page.seal
                _floating_picture(spacer.add_run(), self.w.document.images[parts.seal_image].path,
                                  page.seal, x, 0.0)
            # the seal reaches below the date: word processors keep it on the page too
            # (LibreOffice keeps a line more with it than the seal's height: measured)
            self.lines(max(top + (len(parts.signatures) + 1) * P, page.seal) / P + 1)
            return
        longest = max(parts.signatures, key=geo.width_em)
        sig_right, date_right = geo.unsealed_indents(longest, date)
        for index, name in enumerate(parts.signatures):
            shift = geo.width_em(longest) - geo.width_em(name)
            self.para(name, align="right", right=sig_right + shift, line=P,
                      before=P if index == 0 else 0, keep_next=True)
        self.para(date, align="right", right=date_right, line=P, keep_next=bool(parts.note))
        self.lines(2 + len(parts.signatures))

    def joint_sealed(self) -> None:
        """Joint issuance with seals (7.3.5.1): up to three names a row at centred tab stops,
        a floating seal centred on each, the date 右空四字 under the last row."""
        parts, page, P = self.parts, self.page, self.page.pitch
        top = geo.sealed_text_top(page)
        pitch = page.seal + 2 * geo.MM
        images = parts.seal_images
        count = 0
        for number, row in enumerate(geo.seal_rows(parts.signatures, page)):
            # the row's seals hang in an empty line above its names (see signature())
            height = top if number == 0 else pitch - P
            spacer = self.para(line=height, keep_next=True)
            paragraph = self.para(line=P, keep_next=True)
            stops = "".join(f'<w:tab w:val="center" w:pos="{round(c * 20)}"/>' for c in row.centres)
            xml.put(paragraph._p.get_or_add_pPr(), parse_xml(
                f'<w:tabs {nsdecls("w")}>{stops}</w:tabs>'))
            self.run(paragraph, "".join(f"\t{name}" for name in row.names))
            for centre in row.centres:
                if images:
                    _floating_picture(spacer.add_run(), self.w.document.images[images[count]].path,
                                      page.seal, centre - page.seal / 2, height - top)
                count += 1
            self.lines((height + P) / P)
        self.para(parts.date_text, align="right", right=4, line=P, keep_next=bool(parts.note))
        self.lines(max(0.0, page.seal - top - P) / P + 2)

    # ---- 附件 and 版记 --------------------------------------------------------------------

    def attachment(self, attachment: gw.Attachment) -> None:
        P = self.page.pitch
        self._new_page()
        self.para(attachment.label, role="heading", line=P, page_break=True, keep_next=True)
        paragraph = self.para(align="center", line=P, before=P, after=P, keep_next=True)
        paragraph._p.get_or_add_pPr().style = self.w.ids["Title"]
        self.run(paragraph, attachment.title, role="title", size=float(self.theme.title.size))
        self.lines(3 + self._wrapped(attachment.title, size=float(self.theme.title.size)))
        self.flow(attachment.elements)

    def imprint(self) -> None:
        """版记 (7.4) in a text box anchored to the bottom of the type area (paragraph borders:
        thick rule, 抄送, thin, 印发, thick), on the last page when that is even with room, else
        after a section break to the next even page."""
        parts, page = self.parts, self.page
        P, size = page.pitch, page.imprint_size
        rows = []
        if parts.cc:
            rows.append(("cc", "抄送：" + "，".join(parts.cc) + "。"))
        if parts.format != "letter" and (parts.printed_by or parts.print_date):
            rows.append(("printed", ""))
        lines = sum(self._wrapped("　" * 2 + text, size=size) if kind == "cc" else 1
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
            if not letter:
                made.append(self.rule(thick if index == len(rows) - 1 else thin))
        height = lines * P + 3 * RULE_LINE + 6
        bottom = (self.theme.page_size_mm[1] - self.theme.margin_mm("bottom")) * geo.MM
        _text_box(anchor.add_run(), made, page.width, height, bottom)

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

    # ---- line counting (where the text ends, for the 版记's even page) -------------------

    def _keep_together(self, start: float, length: float) -> None:
        """A kept-together block that would cross a page's foot (or end within a line of it)
        starts the next page, with the text's last line (7.3.5.5: no 署名 page without text)."""
        room = 22 - start % 22
        if length + 1 > room:
            self.lines_used = start + room + length + 1

    def _new_page(self) -> None:
        self.page_number += math.ceil(self.lines_used / 22) if self.lines_used else 0
        self.lines_used = 0.0

    def _wrapped(self, text: str, size: float | None = None) -> int:
        per_line = self.page.width / (size or self.page.size - 0.25)
        return max(1, math.ceil(geo.width_em(text) / per_line))

    def _element_lines(self, element: Any) -> float:
        text = text_of(element)
        if element.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            return self._wrapped("　　" + text)
        if element.tag in ("ul", "ol"):
            return sum(self._wrapped("　　　　" + text_of(li)) for li in element.iter("li"))
        if element.tag == "table":
            return 1.3 * sum(1 for _ in element.iter("tr"))
        return self._wrapped(text) + 1


def _run_in(element: Any) -> Any:
    """（一）… runs in: its head, up to the first 。, in 楷体 (the theme's emphasis face)."""
    if element.tag == "p" and element.text:
        found = gw.run_in_head(element.text)
        if found and found[0] == 2:
            span = element.makeelement("em", {})
            span.text, span.tail = element.text[:found[1]], element.text[found[1]:]
            element.text = None
            element.insert(0, span)
    return element


def _borderless_centred(table: Any, full: bool = False) -> None:
    tbl_pr = table._tbl.tblPr
    xml_borders = "".join(f'<w:{edge} w:val="nil"/>' for edge in
                          ("top", "left", "bottom", "right", "insideH", "insideV"))
    for tag in ("w:tblBorders", "w:jc", "w:tblCellMar", "w:tblLayout"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{xml_borders}</w:tblBorders>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'))
    _order_tbl_pr(tbl_pr)


def _order_tbl_pr(tbl_pr: Any) -> None:
    order = [qn(f"w:{n}") for n in ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual",
                                    "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
                                    "tblCellSpacing", "tblInd", "tblBorders", "shd",
                                    "tblLayout", "tblCellMar", "tblLook")]
    children = sorted(tbl_pr, key=lambda c: order.index(c.tag) if c.tag in order else 99)
    for child in children:
        tbl_pr.append(child)


def _cell_widths(table: Any, widths_pt: list[float]) -> None:
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_pt) * 20)))
    grid = table._tbl.tblGrid
    for col, value in zip(grid.findall(qn("w:gridCol")), widths_pt):
        col.set(qn("w:w"), str(round(value * 20)))
    for cell, value in zip(table.rows[0].cells, widths_pt):
        tc_pr = cell._tc.get_or_add_tcPr()
        for old in tc_pr.findall(qn("w:tcW")):
            tc_pr.remove(old)
        tc_pr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{round(value * 20)}" '
                                  'w:type="dxa"/>'))


def _vertical_centre(cell: Any) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))


def _vertical_bottom(cell: Any) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="bottom"/>'))


def _floating_picture(run: Any, path: Any, size_pt: float, x_pt: float, y_pt: float) -> None:
    """A picture floating behind the text, placed from the margin's left and the top of the
    paragraph it is anchored in (the seal over the 署名 and date: Word's own "behind text"
    wrapping)."""
    run.add_picture(str(path), width=Emu(round(size_pt * EMU_PER_PT)),
                    height=Emu(round(size_pt * EMU_PER_PT)))
    drawing = run._r.find(qn("w:drawing"))
    inline = drawing[0]
    extent = inline.find(qn("wp:extent"))
    doc_pr = inline.find(qn("wp:docPr"))
    graphic = inline.find(qn("a:graphic"))
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" '
        'simplePos="0" relativeHeight="251659264" behindDoc="1" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{round(x_pt * EMU_PER_PT)}'
        '</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{round(y_pt * EMU_PER_PT)}'
        '</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/></wp:anchor>')
    anchor.append(doc_pr)
    anchor.append(parse_xml(f'<wp:cNvGraphicFramePr {nsdecls("wp")}/>'))
    anchor.append(graphic)
    drawing.remove(inline)
    drawing.append(anchor)


WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _text_box(run: Any, paragraphs: list[Any], width_pt: float, height_pt: float,
              bottom_pt: float, left_pt: float | None = None, wrap: str = "wrapTopAndBottom",
              anchor: str = "b") -> None:
    """Move ``paragraphs`` into a text box whose bottom is ``bottom_pt`` from the paper's top
    (for the 版记 the type area's bottom edge: "page", not "margin", which LibreOffice reads as
    the area above the footer), centred on the type area or ``left_pt`` from the paper's left
    edge, its text set at the box's bottom (``anchor``), the body text kept off it (``wrap``)."""
    cx, cy = round(width_pt * EMU_PER_PT), round(height_pt * EMU_PER_PT)
    horizontal = ('<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
                  if left_pt is None else
                  f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(left_pt * EMU_PER_PT)}'
                  '</wp:posOffset></wp:positionH>')
    drawing = parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a")} xmlns:wps="{WPS}"><wp:anchor distT="0" distB="0" '
        'distL="0" distR="0" simplePos="0" relativeHeight="251660288" behindDoc="0" locked="0" '
        f'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>{horizontal}'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(bottom_pt * EMU_PER_PT) - cy}'
        '</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:{wrap}/><wp:docPr id="{9000 + len(paragraphs) + round(bottom_pt)}" name="版记"/>'
        f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{WPS}"><wps:wsp>'
        f'<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        '</wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'anchor="{anchor}" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData>'
        '</a:graphic></wp:anchor></w:drawing>')
    content = drawing.find(".//" + qn("w:txbxContent"))
    for paragraph in paragraphs:
        paragraph.getparent().remove(paragraph)
        content.append(paragraph)
    run._r.append(drawing)
