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

from ..document import Document
from . import docx_xml as xml

#: Zip entry time for every member: the earliest a zip can hold, so builds compare equal.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
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
        with zipfile.ZipFile(dest, "w") as target:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name))
