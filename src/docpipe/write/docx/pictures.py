"""Pictures in the DOCX: bytes Word can take (images.for_word), the size every format gives
the image (its pixels at its DPI, capped at the text block), and an SVG kept beside its PNG
(Word 2016 and later draw the SVG; older ones and LibreOffice show the PNG)."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from docpipe import images

SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def fitted_size(path: Path, section: Any, requested: tuple[float, str] | None = None,
                room_pt: float | None = None) -> tuple[Emu, Emu]:
    """The width the <img> asks for (``images.requested_width``) or the image's own size,
    shrunk to ``room_pt`` (its table cell or list item) and the text block's width (and most
    of its height)."""
    facts = images.inspect(path)
    block_width = section.page_width - section.left_margin - section.right_margin
    block_height = section.page_height - section.top_margin - section.bottom_margin
    room = block_width if room_pt is None else min(block_width, Pt(room_pt))
    width, height = Pt(facts.width_pt), Pt(facts.height_pt)
    if requested is not None:   # as the PDF and EPUB: a percentage of the container
        wanted = images.width_on_page(facts, requested, room / 12700)
        width, height = Pt(wanted), Pt(wanted * facts.height_pt / facts.width_pt)
    scale = min(1.0, room / width, 0.85 * block_height / height)
    return Emu(int(width * scale)), Emu(int(height * scale))


def add_picture(run: Any, path: Path, section: Any, requested: tuple[float, str] | None = None,
                room_pt: float | None = None) -> Any:
    """Add ``path`` to ``run`` as an inline picture; returns python-docx's InlineShape."""
    data, _ = images.for_word(path)
    width, height = fitted_size(path, section, requested, room_pt)
    shape = run.add_picture(io.BytesIO(data), width=width, height=height)
    for side in ("distT", "distB", "distL", "distR"):   # LibreOffice's default: 0.125 in
        shape._inline.set(side, "0")                    # (a picture sized to its cell overran)
    if images.inspect(path).kind == "svg":
        _keep_svg(run, shape, path.read_bytes())
    return shape


def _keep_svg(run: Any, shape: Any, svg: bytes) -> None:
    part = run.part
    package = part.package
    index = 1 + sum(1 for p in package.iter_parts() if str(p.partname).endswith(".svg"))
    svg_part = Part(PackURI(f"/word/media/image-svg{index}.svg"), "image/svg+xml", svg,
                    package)
    r_id = part.relate_to(svg_part, RT.IMAGE)
    blip = shape._inline.find(".//" + qn("a:blip"))
    ext_list = blip.makeelement(qn("a:extLst"), {})
    ext = ext_list.makeelement(qn("a:ext"), {"uri": SVG_EXTENSION})
    svg_blip = ext.makeelement(f"{{{SVG_NS}}}svgBlip", {qn("r:embed"): r_id},
                               nsmap={"asvg": SVG_NS})
    ext.append(svg_blip)
    ext_list.append(ext)
    blip.append(ext_list)
