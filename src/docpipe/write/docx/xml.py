"""Raw WordprocessingML tweaks python-docx has no API for, each named for what it adds."""
from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from docpipe.text import cjk

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
#: Characters Latin and Chinese share: without the hint Word sets them in the Latin font,
#: half-width (quotes) or broken (a 2-em dash "——" drawn as two short dashes).
_SHARED = re.compile(f"[{cjk.SHARED_MARKS}]")
#: Schema order of pPr and rPr children (CT_PPr / CT_RPr in ECMA-376 part 1, §17.3)
PPR_ORDER = tuple(qn(f"w:{name}") for name in (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange").split())
RPR_ORDER = tuple(qn(f"w:{name}") for name in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split())


def element(tag: str, **attributes: Any) -> Any:
    """A new w: element; attribute names are given without prefix (``val="x"``)."""
    new = OxmlElement(tag)
    for name, value in attributes.items():
        new.set(qn(f"w:{name}"), str(value))
    return new


def put(parent: Any, child: Any) -> Any:
    """Insert ``child`` into a pPr or rPr in schema order, replacing one of the same tag."""
    names = PPR_ORDER if parent.tag == qn("w:pPr") else RPR_ORDER
    for old in parent.findall(child.tag):
        parent.remove(old)
    tag = child.tag
    later = names[names.index(tag) + 1:] if tag in names else ()
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def child(parent: Any, tag: str) -> Any:
    """The parent's ``tag`` child, added in schema order when missing."""
    found = parent.find(qn(tag))
    return found if found is not None else put(parent, element(tag))


# ---- fonts and language ---------------------------------------------------------------------

def set_fonts(rpr: Any, east_asian: str, latin: str) -> None:
    """Name the East Asian and the Latin font explicitly; a theme font would win otherwise."""
    fonts = child(rpr, "w:rFonts")
    for name in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(name), None)
    for slot, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian),
                        ("cs", latin)):
        fonts.set(qn(f"w:{slot}"), value)


def strip_theme_fonts(root: Any) -> None:
    """Remove every theme-font attribute (python-docx's template sets them on many styles)."""
    for fonts in root.iter(qn("w:rFonts")):
        for name in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(name), None)


def set_language(rpr: Any, latin: str = "en-US", east_asian: str = "zh-CN") -> None:
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asian)


def needs_east_asian_hint(text: str, chinese: bool) -> bool:
    """True for CJK text, and (in a Chinese document) for the marks Latin shares with it."""
    return cjk.CJK.occurs_in(text) or (chinese and bool(_SHARED.search(text)))


def set_new_run_text(run: Any, text: str) -> None:
    """``run.text = text`` for a run without content yet. python-docx's setter reads the text
    one character at a time (for tabs and line breaks) after an XPath that clears the run:
    0.1-0.2 s of CPU for a 300 KB law; text without tabs or breaks is one ``w:t``, as there."""
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
    elif text:
        run._r.add_t(text)


def add_east_asian_hint(rpr: Any) -> None:
    fonts = child(rpr, "w:rFonts")
    fonts.set(qn("w:hint"), "eastAsia")


def add_shading(properties: Any, fill: str) -> None:
    """Background fill of a paragraph or run (``fill`` as RRGGBB)."""
    put(properties, element("w:shd", val="clear", color="auto", fill=fill))


# ---- paragraph layout -----------------------------------------------------------------------

def set_indent(ppr: Any, *, first_chars: float | None = None, left_chars: float | None = None,
               char_pt: float) -> None:
    """Indents in characters (Word's *Chars attributes) with twips for readers lacking them."""
    ind = child(ppr, "w:ind")
    if first_chars is not None:
        ind.set(qn("w:firstLineChars"), str(round(first_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(first_chars * char_pt * 20)))
    if left_chars is not None:
        ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
        ind.set(qn("w:left"), str(round(left_chars * char_pt * 20)))


def clear_first_line_chars(ppr: Any) -> None:
    """``firstLineChars="0"`` lets a list's hanging indent win over Normal's two characters."""
    ind = child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), "0")


def drop_if_empty(properties: Any) -> None:
    """Remove an empty pPr/rPr, as Word does, so the XML says only what it means."""
    if properties is not None and not len(properties) and not properties.attrib:
        properties.getparent().remove(properties)


def add_outline_level(ppr: Any, level: int) -> None:
    """0-based outline level: what Word's navigation pane and TOC read."""
    put(ppr, element("w:outlineLvl", val=level))


def add_east_asian_line_breaking(ppr: Any, autospace: bool = True) -> None:
    """Kinsoku (line-start/end rules) and automatic Han–Latin/Han–digit spacing, explicitly
    (Word's default for the spacing is on: off must be written)."""
    put(ppr, element("w:kinsoku", val=1))
    set_autospace(ppr, autospace)


def set_autospace(ppr: Any, on: bool) -> None:
    """Word's Han–Latin (autoSpaceDE) and Han–digit (autoSpaceDN) gaps, on or off."""
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        put(ppr, element(tag, val=int(on)))


def add_bottom_rule(ppr: Any, color: str) -> None:
    put(ppr, parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" '
                       f'w:space="1" w:color="{color}"/></w:pBdr>'))


def add_page_field(paragraph: Any, placeholder: str = "1") -> None:
    """A PAGE field (complex-field form, which every reader updates) at the paragraph's end."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                       ("text", placeholder), ("end", None)):
        run = paragraph.add_run()._r
        if kind == "instr":
            instr = element("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
            run.append(instr)
        elif kind == "text":
            run.append(element("w:t"))
            run[-1].text = text
        else:
            run.append(element("w:fldChar", fldCharType=kind))


# ---- links, bookmarks, footnotes ------------------------------------------------------------

def new_hyperlink(paragraph_element: Any, *, r_id: str | None = None,
                  anchor: str | None = None) -> Any:
    """A ``w:hyperlink`` appended to the paragraph: external by relationship, or to a bookmark."""
    link = OxmlElement("w:hyperlink")
    if r_id:
        link.set(qn("r:id"), r_id)
    if anchor:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph_element.append(link)
    return link


def add_bookmark(paragraph_element: Any, bookmark_id: int, name: str) -> None:
    """Bookmark the whole paragraph (after its pPr) so ``#id`` links can jump to it."""
    start = element("w:bookmarkStart", id=bookmark_id, name=name)
    ppr = paragraph_element.find(qn("w:pPr"))
    paragraph_element.insert(0 if ppr is None else 1, start)
    paragraph_element.append(element("w:bookmarkEnd", id=bookmark_id))


def add_footnote_reference(run_element: Any, footnote_id: int | None) -> None:
    """The note number: a reference in the text, or the mark (``None``) inside the note."""
    if footnote_id is None:
        run_element.append(element("w:footnoteRef"))
    else:
        run_element.append(element("w:footnoteReference", id=footnote_id))


def new_footnotes_root() -> Any:
    """``w:footnotes`` holding the separator notes (-1, 0) every footnotes part needs."""
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
        f'<w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for kind, number in (("separator", -1), ("continuationSeparator", 0)))
    return parse_xml(f'<w:footnotes {nsdecls("w", "r")}>{separators}</w:footnotes>')


def new_footnote(root: Any, footnote_id: int) -> Any:
    root.append(element("w:footnote", id=footnote_id))
    return root[-1]


def add_picture_description(inline: Any, text: str) -> None:
    """Alt text on a picture (read aloud by screen readers, shown in Word's Alt Text pane)."""
    for doc_pr in inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                              "wordprocessingDrawing}docPr"):
        doc_pr.set("descr", text)


# ---- tables ---------------------------------------------------------------------------------

#: twips left and right of a table cell's text (the table style's cell margins)
CELL_MARGIN = 108


def table_style_xml(style_id: str, name: str, border: str, header_fill: str) -> Any:
    """A table style: thin borders everywhere, the header row bold on a shaded ground."""
    edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{border}"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        f'<w:tblPr><w:tblBorders>{edges}</w:tblBorders><w:tblCellMar>'
        '<w:top w:w="57" w:type="dxa"/>'
        f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr>'
        '</w:tblStylePr></w:style>')


def set_table_full_width(tbl: Any, has_header: bool) -> None:
    """Table as wide as the text block; tblLook says whether the header row look applies."""
    tbl_pr = tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "1" if has_header else "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420" if has_header else "0400")


def keep_row_together(tr: Any, header: bool) -> None:
    """The row never splits across pages (Word still splits one taller than a page); a
    header row also repeats at the top of every page the table runs onto."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(element("w:cantSplit"))     # schema order: cantSplit before tblHeader
    if header:
        tr_pr.append(element("w:tblHeader"))


def set_column_widths(tbl: Any, widths: list[int]) -> None:
    """Column widths in twips (the grid and every cell), so Word, WPS and LibreOffice start
    from widths that follow the content rather than equal columns."""
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(width))


# ---- lists ----------------------------------------------------------------------------------

BULLETS = ("•", "◦", "▪")
#: Level formats repeating every three levels: 1.  （1）  ①  (the usual Chinese sequence)
NUMBER_FORMATS = (("decimal", "%{n}."), ("decimal", "（%{n}）"),
                  ("decimalEnclosedCircle", "%{n}"))


def add_list_definitions(numbering: Any, char_pt: float, bullet_font: str) -> tuple[int, int]:
    """Two nine-level abstractNums (bullets, numbers) indented two characters a level."""
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    first = max(ids, default=-1) + 1
    step = round(2 * char_pt * 20)
    made = []
    for offset, ordered in enumerate((False, True)):
        levels = []
        for level in range(9):
            if ordered:
                fmt, text = NUMBER_FORMATS[level % 3]
                text, fonts = text.format(n=level + 1), ""
            else:
                fmt, text = "bullet", BULLETS[level % 3]
                fonts = (f'<w:rPr><w:rFonts w:ascii="{bullet_font}" w:hAnsi="{bullet_font}" '
                         f'w:eastAsia="{bullet_font}" w:cs="{bullet_font}"/></w:rPr>')
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
                f'<w:ind w:left="{step * (level + 1)}" w:hanging="{step}"/></w:pPr>{fonts}</w:lvl>')
        abstract_id = first + offset
        add_abstract_numbering(numbering, abstract_id, 0x0D0C0000 + abstract_id,
                               "hybridMultilevel", levels)
        made.append(abstract_id)
    return made[0], made[1]


def add_list_instance(numbering: Any, abstract_id: int, level: int, start: int | None) -> int:
    """A ``w:num``; with ``start`` its level restarts there (each ``<ol>`` counts afresh)."""
    num = numbering.add_num(abstract_id)
    if start is not None:
        num.add_lvlOverride(ilvl=level).add_startOverride(start)
    return int(num.numId)


def set_numbering(ppr: Any, num_id: int, level: int) -> None:
    put(ppr, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                       f'<w:numId w:val="{num_id}"/></w:numPr>'))


# ---- settings and section -------------------------------------------------------------------

def set_chinese_settings(settings: Any) -> None:
    """zh-CN theme-font language, punctuation compression, Word 2013+ mode, no preview image."""
    def first(tag: str) -> Any:
        return settings.find(qn(tag))

    lang = first("w:themeFontLang")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = first("w:characterSpacingControl")
    if spacing is not None:
        spacing.set(qn("w:val"), "compressPunctuation")
    preview = first("w:savePreviewPicture")
    if preview is not None:
        settings.remove(preview)
    # Mode 14 makes Word 2013+ open the file in "Compatibility Mode"
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def add_footnote_settings(settings: Any) -> None:
    """Point the settings at the separator notes, as Word itself writes them."""
    if settings.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                            '<w:footnote w:id="0"/></w:footnotePr>')
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


def set_document_grid(sect_pr: Any, line_pitch: int) -> None:
    """Word's line grid (lines per page). Not linesAndChars: LibreOffice gives a 16 pt hanzi two
    cells of a character grid narrower than the glyph; the theme's letter spacing sets the
    characters per line in every word processor instead."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = element("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))


def add_abstract_numbering(numbering: Any, abstract_id: int, nsid: int, kind: str,
                           levels: list[str]) -> None:
    """Add a ``w:abstractNum`` of ``levels`` (``w:lvl`` XML) to the numbering part, after the
    other abstract numberings (Word requires them before every ``w:num``)."""
    definition = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid:08X}"/>'
        f'<w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>')
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(definition)
    else:
        numbering.insert(0, definition)
