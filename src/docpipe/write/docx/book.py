"""Book parts of the DOCX: heading numbers as Word numbering, the TOC field, running heads.

Word computes what only a layout knows (page numbers, the current chapter): the TOC is a real
field pre-filled with its entries, PAGEREF fields give their pages and ``w:updateFields`` asks
Word, WPS and LibreOffice to refresh it on opening; the running head's chapter is a STYLEREF.
"""
from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from docpipe.text.numbering import word_levels
from docpipe.write.docx import xml

#: Where w:updateFields goes in settings.xml: before the first of these (CT_Settings order)
_AFTER_UPDATE_FIELDS = tuple(qn(f"w:{name}") for name in (
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema "
    "themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
    "forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults "
    "doNotEmbedSmartTags decimalSymbol listSeparator").split())


def number_heading_styles(word: Any, ids: dict[str, str], scheme: str, top: int) -> None:
    """One multilevel list bound to the Heading n styles (both ways: the level names the style
    and the style carries the numPr), so every heading — also one typed later in Word — is
    numbered; Heading ``top`` is the first level."""
    if scheme == "none":
        return
    numbering = word.part.numbering_part.element
    taken = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(taken, default=-1) + 1
    suffix = "space" if scheme == "decimal" else "nothing"
    levels = []
    for ilvl, (fmt, text) in enumerate(word_levels(scheme)[:7 - top]):
        style = ids[f"Heading {top + ilvl}"]
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:pStyle w:val="{style}"/><w:suff w:val="{suffix}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')
    xml.add_abstract_numbering(numbering, abstract_id, 0x0D0C1000 + abstract_id, "multilevel",
                               levels)
    num_id = int(numbering.add_num(abstract_id).numId)
    styles = word.styles
    for ilvl in range(len(levels)):
        style = styles[f"Heading {top + ilvl}"]
        xml.set_numbering(style.element.get_or_add_pPr(), num_id, ilvl)


def mark_fields_for_update(word: Any) -> None:
    """``w:updateFields``: the TOC's page numbers are refreshed when the file is opened."""
    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = xml.element("w:updateFields", val="true")
    later = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if later is not None:
        later.addprevious(update)
    else:
        settings.append(update)


def _field_runs(paragraph_element: Any, parts: list[tuple[str, str | None]]) -> None:
    """Runs of a complex field: ("begin"|"separate"|"end", None), ("begin", "dirty") for a
    field whose cached result is to be recomputed, ("instr", code), ("text", cached result),
    ("tab", None)."""
    for kind, value in parts:
        run = xml.element("w:r")
        if kind == "instr":
            instr = xml.element("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = value
            run.append(instr)
        elif kind == "text":
            text = xml.element("w:t")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = value
            run.append(text)
        elif kind == "tab":
            run.append(xml.element("w:tab"))
        else:
            run.append(xml.element("w:fldChar", fldCharType=kind))
            if value == "dirty":     # its result is stale: Word recomputes it on opening
                run[-1].set(qn("w:dirty"), "true")
        paragraph_element.append(run)


def add_contents(writer: Any, title: str, listed: list[Any], first: int, last: int,
                 bookmarks: dict[str, str], pages: dict[str, int]) -> None:
    """The contents: a title and a TOC field whose result is one hyperlinked entry per heading
    (``listed``: book.Entry), each with a PAGEREF to the heading's bookmark showing its
    estimated page (``pages``) until a word processor updates it (the field is marked dirty
    and the settings ask for an update on opening); then a page break."""
    writer.paragraph("TOC Heading").add_run(title)
    top = min(entry.level for entry in listed)
    for index, entry in enumerate(listed):
        paragraph = writer.paragraph(f"toc {min(entry.level - top + 1, 9)}")
        p = paragraph._p
        if index == 0:
            _field_runs(p, [("begin", "dirty"),
                            ("instr", f' TOC \\o "{first}-{last}" \\h \\z \\u '),
                            ("separate", None)])
        link = xml.new_hyperlink(p, anchor=bookmarks[entry.ident])
        _field_runs(link, [("text", entry.label), ("tab", None), ("begin", None),
                           ("instr", f" PAGEREF {bookmarks[entry.ident]} \\h "),
                           ("separate", None), ("text", str(pages.get(entry.ident, ""))),
                           ("end", None)])
        for run in link.findall(qn("w:r")):
            if xml.needs_east_asian_hint("".join(run.itertext()), writer.chinese):
                _hint(run)
        if index == len(listed) - 1:
            _field_runs(p, [("end", None)])
            page_break = xml.element("w:r")
            page_break.append(xml.element("w:br", type="page"))
            p.append(page_break)
    mark_fields_for_update(writer.word)


def running_head(header: Any, ids: dict[str, str], title: str, chapter_style: str,
                 text_width_twips: int, chinese: bool, numbered: str) -> None:
    """The title at the left, STYLEREFs of the chapter heading (its number when ``numbered``
    names a scheme, then its text) at the right tab."""
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    ppr = paragraph._p.get_or_add_pPr()
    ppr.style = ids["Header"]
    xml.put(ppr, parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="clear" w:pos="4153"/>'
                           f'<w:tab w:val="clear" w:pos="8306"/>'
                           f'<w:tab w:val="right" w:pos="{text_width_twips}"/></w:tabs>'))
    parts: list[tuple[str, str | None]] = [("text", title), ("tab", None)]
    if numbered != "none":
        parts += [("begin", None), ("instr", f' STYLEREF "{chapter_style}" \\n '),
                  ("separate", None), ("text", ""), ("end", None)]
        if numbered == "decimal":
            parts.append(("text", " "))
    parts += [("begin", None), ("instr", f' STYLEREF "{chapter_style}" '),
              ("separate", None), ("text", ""), ("end", None)]
    _field_runs(paragraph._p, parts)
    for run in paragraph._p.findall(qn("w:r")):
        if xml.needs_east_asian_hint("".join(run.itertext()), chinese):
            _hint(run)


def _hint(run: Any) -> None:
    """The East Asian font hint on a raw run (its rPr first, as the schema wants)."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = xml.element("w:rPr")
        run.insert(0, rpr)
    xml.add_east_asian_hint(rpr)
