"""A 公文 (GB/T 9704-2012) in Word's own means: direct paragraph formatting on the grid,
paragraph borders for the red line and the 版记 rules, a table for 签发人 and for joint
标志, a floating picture behind the text for the seal, and a text box on the type area's
bottom edge for the 版记 (after an even-page section break unless the text ends on an even
page with room). This module: paragraphs, the 版头, the flow; gongwen_sign.py the signature
block, gongwen_page.py the letter head and the 版记, gongwen_xml.py the raw XML."""
from __future__ import annotations

import copy
import math
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from docpipe.model import gongwen as gw
from docpipe.model.document import text_of
from docpipe.write.docx import gongwen_xml as gx
from docpipe.write.docx import wrap, xml
from docpipe.write.docx.gongwen_page import MARK_DROP_EM, PageParts
from docpipe.write.docx.gongwen_sign import SignatureParts
from docpipe.write.gongwen import geometry as geo

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
#: ... and a 16 pt line's baseline 1.1 mm lower than CSS: the red line follows it (7.2.7: 4 mm).
RULE_DROP_MM = 1.1


class GongwenDocx(SignatureParts, PageParts):
    """Writes every part of the document through a DocxWriter (its body flow and styles)."""

    def __init__(self, writer: Any) -> None:
        self.w = writer
        self.theme = writer.theme
        self.parts: gw.Gongwen = writer.document.meta.gongwen
        self.page = geo.Page.of(self.theme)
        self.lines_used = 0.0      # grid lines used on the current page (for the 版记's page)
        self.page_number = 1
        self.recipients_moved = False

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
            size = float(self.theme.title.size)
            # two lines docpipe chose: indents at which the word processor ends the first
            # line there itself (wrap.py), a typed break where no indent is certain to
            indents = None if parts.title_lines or len(title) != 2 else \
                wrap.title_indents(meta.title, title, self.page.width, size, 0.0)
            if indents is not None:
                layout = paragraph.paragraph_format
                layout.left_indent, layout.right_indent = Pt(indents.left), Pt(indents.right)
                if indents.first_line:
                    layout.first_line_indent = Pt(indents.first_line)
            for index, line in enumerate([meta.title] if indents is not None else title):
                if index:
                    paragraph.add_run().add_break()
                self.run(paragraph, line, role="title", size=size)
            self.lines(len(title) + 2)
        if parts.recipients:
            need = 1 + self._wrapped(parts.recipients_line)
            # 7.3.2: a 主送 that leaves page 1 no line of text goes into the 版记 (as counted)
            self.recipients_moved = parts.format != "letter" and self.lines_used + need + 1 > 22
            if not self.recipients_moved:
                self.para(parts.recipients_line, before=P, line=P)
                self.lines(need)
            else:                   # the line under the title stays empty
                self.para(line=P)
                self.lines(1)
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
        if parts.has_imprint or self.recipients_moved:
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
        gx.borderless_centred(table)
        names_cell = table.rows[0].cells[0]
        for index, (name, spacing) in enumerate(zip(mark.names, mark.spacing)):
            paragraph = names_cell.paragraphs[0] if index == 0 else names_cell.add_paragraph()
            self._cell_paragraph(paragraph, mark.row_height)
            run = self.run(paragraph, name, role="title", size=size, color=red, spacing=spacing)
            del run
        if mark.word:
            cell = table.rows[0].cells[1]
            gx.vertical_centre(cell)
            paragraph = cell.paragraphs[0]
            self._cell_paragraph(paragraph, size * 1.15)
            xml.put(paragraph._p.get_or_add_pPr(), xml.element(
                "w:ind", left=round(0.5 * size * 20), firstLine=0, firstLineChars=0))
            self.run(paragraph, mark.word, role="title", size=size, color=red)
        gx.cell_widths(table, [mark.names_width + 2, (len(mark.word) + 0.5) * size + 2][
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
        gx.borderless_centred(table, full=True)
        left, right = table.rows[0].cells
        for cell in (left, right):
            gx.vertical_bottom(cell)
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
        gx.cell_widths(table, [self.page.width - widest * self.page.size, widest * self.page.size])
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

    # ---- 主体 ----------------------------------------------------------------------------

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
