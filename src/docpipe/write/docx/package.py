"""The DOCX package around the text: footnotes part, properties, and a byte-stable zip."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart

from docpipe.files import write_zip
from docpipe.model.document import Document
from docpipe.write.docx import xml

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def add_footnotes_part(docx_document: Any) -> XmlPart:
    """Create /word/footnotes.xml (python-docx has no footnote API) and relate it."""
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.new_footnotes_root(),
                   docx_document.part.package)
    docx_document.part.relate_to(part, RT.FOOTNOTES)
    xml.add_footnote_settings(docx_document.settings.element)
    return part


def drop_template_extras(docx_document: Any) -> None:
    """Remove what python-docx's template carries but this document is not: its thumbnail
    (a file manager would show a picture of another document) and Word 2010's duplicate
    stylesheet (which still names theme fonts)."""
    package = docx_document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for rel_id, rel in list(docx_document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del docx_document.part.rels[rel_id]


#: Office font names → (name Windows and WPS also know, PANOSE, family, pitch). Windows 10 and
#: later ship 仿宋 and 楷体 but not the *_GB2312 fonts that official documents name: the altName
#: and the GB2312 charset (86) let Word and WPS substitute the nearest one instead of a Latin face.
OFFICE_FONTS = {
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "auto", "variable"),
    "等线": ("DengXian", "02010600030101010101", "auto", "variable"),
}


#: Latin fonts the themes name → (PANOSE, family, pitch); others are taken as a serif.
LATIN_FONTS = {
    "Times New Roman": ("02020603050405020304", "roman", "variable"),
    "Arial": ("020B0604020202020204", "swiss", "variable"),
    "Courier New": ("02070309020205020404", "modern", "fixed"),
    "Consolas": ("020B0609020204030204", "modern", "fixed"),
}


def write_font_table(docx_document: Any, east_asian: list[str], latin: list[str]) -> None:
    """Replace the template's font table (which lists Japanese ＭＳ 明朝 and Cambria) with the
    fonts this document names, each East Asian one marked GB2312 with a substitute."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.Element(f"{{{w}}}fonts", nsmap={"w": w})

    def add(name: str, charset: str, alt: str | None, panose: str, family: str,
            pitch: str) -> None:
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        if alt:
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        for tag, value in (("panose1", panose), ("charset", charset), ("family", family),
                           ("pitch", pitch)):
            etree.SubElement(font, f"{{{w}}}{tag}", {f"{{{w}}}val": value})

    for name in dict.fromkeys(latin):
        add(name, "00", None, *LATIN_FONTS.get(name, LATIN_FONTS["Times New Roman"]))
    for name in dict.fromkeys(east_asian):
        alt, panose, family, pitch = OFFICE_FONTS.get(name, (None, "02010600030101010101",
                                                             "auto", "variable"))
        add(name, "86", alt, panose, family, pitch)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for part in docx_document.part.package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            part._blob = blob


def set_core_properties(docx_document: Any, document: Document) -> None:
    """Title, author, language, … and dates from the build date, never the clock."""
    meta = document.meta
    properties = docx_document.core_properties
    properties.title = meta.title
    properties.author = meta.author_line
    properties.language = meta.lang
    properties.subject = meta.description or ""
    properties.comments = meta.description or ""
    properties.keywords = "; ".join(meta.keywords)
    if meta.identifier:
        properties.identifier = meta.identifier
    properties.last_modified_by = "docpipe"
    properties.revision = 1
    moment = dt.datetime.combine(dt.date.fromisoformat(document.build_date), dt.time(0, 0))
    properties.created = moment
    properties.modified = moment


def save_deterministic(docx_document: Any, dest: Path) -> None:
    """Save with fixed member times and a stable order ([Content_Types].xml first):
    python-docx stamps each member with the wall clock, so two builds would differ."""
    buffer = io.BytesIO()
    docx_document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        write_zip(dest, ((name, source.read(name)) for name in names))
