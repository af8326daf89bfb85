"""Raw WordprocessingML for the 公文 DOCX: borderless tables, a picture floating behind the
text, a text box placed on the page (python-docx has no API for them)."""
from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

EMU_PER_PT = 12700
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def borderless_centred(table: Any, full: bool = False) -> None:
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
    order_tbl_pr(tbl_pr)


def order_tbl_pr(tbl_pr: Any) -> None:
    order = [qn(f"w:{n}") for n in ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual",
                                    "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
                                    "tblCellSpacing", "tblInd", "tblBorders", "shd",
                                    "tblLayout", "tblCellMar", "tblLook")]
    children = sorted(tbl_pr, key=lambda c: order.index(c.tag) if c.tag in order else 99)
    for child in children:
        tbl_pr.append(child)


def cell_widths(table: Any, widths_pt: list[float]) -> None:
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


def vertical_centre(cell: Any) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))


def vertical_bottom(cell: Any) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="bottom"/>'))


def floating_picture(run: Any, path: Any, size_pt: float, x_pt: float, y_pt: float) -> None:
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



def text_box(run: Any, paragraphs: list[Any], width_pt: float, height_pt: float,
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
