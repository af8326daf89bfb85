"""The 公文 DOCX's 附件说明, 署名, 成文日期 and seals (7.3.4, 7.3.5): a mixin of GongwenDocx."""
from __future__ import annotations


from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Emu

from docpipe.write.docx import gongwen_xml as gx
from docpipe.write.docx import xml
from docpipe.write.gongwen import geometry as geo


class SignatureParts:
    """附件说明 and the signature block; ``para``/``run``/``lines`` come from GongwenDocx."""

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
                paragraph.runs[-1].add_picture(str(image), height=Emu(round(2 * P * gx.EMU_PER_PT)))
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
                gx.floating_picture(spacer.add_run(), self.w.document.images[parts.seal_image].path,
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
                    gx.floating_picture(spacer.add_run(), self.w.document.images[images[count]].path,
                                      page.seal, centre - page.seal / 2, height - top)
                count += 1
            self.lines((height + P) / P)
        self.para(parts.date_text, align="right", right=4, line=P, keep_next=bool(parts.note))
        self.lines(max(0.0, page.seal - top - P) / P + 2)
