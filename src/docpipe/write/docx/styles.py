"""Word styles (Normal, Title, Heading n, Quote, …) made from the theme, fonts named outright."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from docpipe.model.theme import Theme
from docpipe.write.docx import xml

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "centre": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
TABLE_STYLE = "Docpipe Table"
#: python-docx names (internal names for Word's built-ins, so Word localises them: 脚注文本 …)
CAPTION, FOOTER, FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = ("Caption", "Footer", "footnote text",
                                                      "footnote reference")
#: Word's own styles the template lacks: not marked custom, so Word treats them as its own
BUILT_IN = {"Hyperlink", FOOTNOTE_TEXT, FOOTNOTE_REFERENCE, "TOC Heading",
            *(f"toc {n}" for n in range(1, 7))}


@dataclass
class StyleSpec:
    """The look of one style; ``None`` means inherit from the base style."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    role: str | None = None         # theme font role
    size: float | None = None
    bold: bool | None = None
    color: str | None = None
    align: str | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None       # multiple of single spacing
    indent: bool | None = None      # True: first-line indent; False: none
    left_chars: float | None = None
    keep_next: bool = False
    outline: int | None = None
    fill: str | None = None
    underline: bool = False
    tracking: float = 0.0           # letter spacing in pt
    superscript: bool = False
    style_id: str | None = None
    first_chars: float | None = None   # first-line indent in characters (gongwen headings: 2)
    at_least: float | None = None   # line spacing "at least" this many pt
    off_grid: bool = False          # not snapped to the document grid (w:snapToGrid off)
    leader_tab: int | None = None   # a right tab with dot leaders at this many twips


def style_specs(theme: Theme) -> list[StyleSpec]:
    text, title, inline, blocks, roles = (theme.text, theme.title, theme.inline, theme.blocks,
                                          theme.roles)
    single = None if theme.line_pitch else 1.0     # a grid's exact pitch suits every block
    specs = [StyleSpec("Normal", base=None, role=roles.body, size=theme.body_size,
                       color=text.color, align=text.align,
                       before=0, after=float(text.paragraph_spacing), indent=True,
                       tracking=float(text.letter_spacing or 0)),
             StyleSpec("Title", role=roles.title, size=float(title.size), bold=False,
                       align=title.align, color=title.color,
                       before=0, after=float(title.space_after), indent=False,
                       line=None if theme.line_pitch else 1.25, keep_next=True),
             StyleSpec("Subtitle", role=roles.subtitle,
                       size=float(title.subtitle_size),
                       align=title.align, color=title.color,
                       before=0, after=float(title.space_after), indent=False,
                       keep_next=True),
             StyleSpec("Credits", role=roles.body,
                       size=float(title.credits_size),
                       align=title.align, before=0,
                       after=float(title.space_after), indent=False),
             StyleSpec("Lead", role=roles.lead),
             StyleSpec("Quote", role=roles.quote, color=blocks.quote_color,
                       left_chars=float(blocks.quote_indent)),
             StyleSpec("List Bullet", after=0), StyleSpec("List Number", after=0),
             StyleSpec("List Continue", after=0, indent=False),
             StyleSpec("Definition Term", role=roles.term, bold=True, indent=False,
                       keep_next=True),
             StyleSpec("Definition", indent=False, left_chars=2),
             # tables keep a pitch of their own, also on a gongwen grid (the body's exact
             # 28.95 pt made 公文 tables twice as tall as the PDF's)
             StyleSpec("Table Text", size=float(blocks.table_size),
                       align="left", before=0, after=0, indent=False,
                       at_least=round(float(blocks.table_size) * blocks.table_line_height, 2),
                       off_grid=True),
             StyleSpec("Figure", align="center", before=6, after=0, line=1.0, indent=False,
                       keep_next=True),
             StyleSpec(CAPTION, size=float(blocks.caption_size),
                       bold=False, align="center", before=3, after=6, line=single,
                       indent=False),
             StyleSpec("Code Block", role=roles.code,
                       size=float(blocks.code_size), align="left",
                       before=6, after=6, line=single, indent=False,
                       fill=_hex(blocks.code_fill)),
             StyleSpec(FOOTNOTE_TEXT, size=float(blocks.footnote_size),
                       align="justify", before=0, after=0, line=single, indent=False,
                       style_id="FootnoteText"),
             StyleSpec(FOOTER, role=roles.page_number,
                       size=float(theme.page.page_number_size),
                       align="center", before=0, after=0, line=single, indent=False),
             StyleSpec("Header", before=0, after=0, line=single, indent=False,
                       size=float(theme.page.running_head_size)),
             StyleSpec("TOC Heading", role=theme.headings[0].font,
                       size=float(theme.headings[0].size), bold=True, align="center",
                       before=0, after=12, indent=False, keep_next=True),
             *(StyleSpec(f"toc {n}", before=0, after=0, indent=False,
                         left_chars=2.0 * (n - 1) or None, leader_tab=_text_width(theme))
               for n in range(1, 7)),
             StyleSpec("Strong", WD_STYLE_TYPE.CHARACTER, base=None, bold=True,
                       role=roles.strong),
             StyleSpec("Emphasis", WD_STYLE_TYPE.CHARACTER, base=None, role=roles.emphasis),
             StyleSpec("Code", WD_STYLE_TYPE.CHARACTER, base=None, role=roles.code,
                       size=float(inline.code_size), fill=_hex(blocks.code_fill)),
             StyleSpec("Hyperlink", WD_STYLE_TYPE.CHARACTER, base=None, underline=True,
                       color=inline.link_color),
             StyleSpec(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER, base=None,
                       superscript=True, style_id="FootnoteReference")]
    for level, heading in enumerate(theme.headings, start=1):
        specs.append(StyleSpec(f"Heading {level}", role=heading.font, size=heading.size,
                               bold=heading.bold, align=heading.align,
                               color=theme.headings.color, before=heading.before,
                               after=heading.after, indent=False, keep_next=True,
                               outline=level - 1, first_chars=heading.indent or None))
    return specs


class StylesByName:
    """The document's styles looked up by name in a dict read once.

    python-docx's ``styles[name]``, ``name in styles`` and ``add_style`` each run an XPath
    over all ~160 styles of its template; the ~40 styles a build sets up made that 0.1 s of
    CPU, a fifth of the article's DOCX build (measured before/after in benchmarks/README.md).
    """

    def __init__(self, styles: Any) -> None:
        self.root = styles.element
        self.elements: dict[str, Any] = {}
        for element in self.root.style_lst:
            self.elements.setdefault(element.name_val, element)   # the first, as python-docx

    def __contains__(self, name: str) -> bool:
        return BabelFish.ui2internal(name) in self.elements

    def __getitem__(self, name: str) -> Any:
        return StyleFactory(self.elements[BabelFish.ui2internal(name)])

    def get_or_add(self, name: str, kind: WD_STYLE_TYPE) -> Any:
        """The style called ``name``, added (as a custom style of ``kind``) if missing."""
        internal = BabelFish.ui2internal(name)
        if internal not in self.elements:
            self.elements[internal] = self.root.add_style_of_type(internal, kind, False)
        return StyleFactory(self.elements[internal])


def configure_styles(document: Any, theme: Theme) -> dict[str, str]:
    """Apply the theme to the template's styles; return style name → styleId for raw XML."""
    styles = StylesByName(document.styles)
    root = styles.root
    _document_defaults(root, theme)
    xml.strip_theme_fonts(root)
    ids: dict[str, str] = {}
    for spec in style_specs(theme):
        style = _fresh_style(styles, spec)
        if spec.base:
            style.base_style = styles[spec.base]
        if spec.keep_next or spec.name in ("Lead", "Credits", CAPTION):
            style.next_paragraph_style = styles["Normal"]
        _apply(style, spec, theme)
        for properties in (style.element.pPr, style.element.rPr):
            xml.drop_if_empty(properties)
        if spec.name in BUILT_IN:
            style.element.attrib.pop(qn("w:customStyle"), None)
        ids[spec.name] = style.style_id
    if TABLE_STYLE not in styles:
        root.append(xml.table_style_xml("DocpipeTable", TABLE_STYLE,
                                        _hex(theme.blocks.table_border) or "auto",
                                        _hex(theme.blocks.table_header_fill) or "auto"))
    ids[TABLE_STYLE] = "DocpipeTable"
    return ids


def _document_defaults(root: Any, theme: Theme) -> None:
    """Fonts, size and zh-CN language for text no style reaches (docDefaults)."""
    rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    body = theme.body_font
    xml.set_fonts(rpr, body.word, body.word_latin)
    xml.set_language(rpr, "en-US", "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(theme.body_size * 2)))
    spacing = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/"
                        f"{qn('w:spacing')}")
    for name, value in (("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{name}"), value)


def _fresh_style(styles: StylesByName, spec: StyleSpec) -> Any:
    """The named style with its template formatting removed (italics, theme colours, …)."""
    style = styles.get_or_add(spec.name, spec.kind)
    element = style.element
    for tag in ("w:pPr", "w:rPr", "w:link", "w:semiHidden", "w:unhideWhenUsed"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if spec.style_id:
        style.style_id = spec.style_id
    return style


def _apply(style: Any, spec: StyleSpec, theme: Theme) -> None:
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH and spec.name != "Normal":
        style.quick_style = True
    font = style.font
    rpr = style.element.get_or_add_rPr()
    if spec.role:
        role = theme.font(spec.role)
        xml.set_fonts(rpr, role.word, role.word_latin)
    if spec.size:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.color:
        font.color.rgb = RGBColor.from_string(_hex(spec.color))
    if spec.underline:
        font.underline = True
    if spec.superscript:
        font.superscript = True
    if spec.tracking:
        xml.put(rpr, xml.element("w:spacing", val=round(spec.tracking * 20)))
    if spec.kind != WD_STYLE_TYPE.PARAGRAPH:
        if spec.fill:
            xml.add_shading(rpr, spec.fill)
        return
    _apply_paragraph(style, spec, theme)


def _apply_paragraph(style: Any, spec: StyleSpec, theme: Theme) -> None:
    layout = style.paragraph_format
    ppr = style.element.get_or_add_pPr()
    if spec.name == "Normal":
        xml.add_east_asian_line_breaking(ppr, theme.text.autospace)
        if theme.line_pitch:
            layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            layout.line_spacing = Pt(theme.line_pitch)
        else:
            # Word's "multiple" scales the font's own line height (1.45 em for Noto CJK, other
            # for 宋体), CSS's the font size: "at least size × line_height" gives the PDF's
            # pitch in every word processor and still lets a picture's line grow.
            layout.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            layout.line_spacing = Pt(round(theme.body_size * theme.line_height, 2))
    elif spec.at_least:
        layout.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        layout.line_spacing = Pt(spec.at_least)
    elif spec.line:
        layout.line_spacing = spec.line
    if spec.off_grid:
        xml.put(ppr, xml.element("w:snapToGrid", val=0))
    if spec.align:
        layout.alignment = ALIGN[spec.align]
    if spec.before is not None:
        layout.space_before = Pt(spec.before)
    if spec.after is not None:
        layout.space_after = Pt(spec.after)
    if spec.keep_next:
        layout.keep_with_next = True
        layout.keep_together = True
    if spec.indent is not None:
        first = theme.indent_chars if spec.indent else (spec.first_chars or 0)
        xml.set_indent(ppr, first_chars=first, char_pt=theme.body_size)
    if spec.name.startswith("List ") and spec.indent is None:
        xml.clear_first_line_chars(ppr)
    if spec.left_chars:
        xml.set_indent(ppr, left_chars=spec.left_chars, char_pt=theme.body_size)
    if spec.outline is not None:
        xml.add_outline_level(ppr, spec.outline)
    if spec.fill:
        xml.add_shading(ppr, spec.fill)
    if spec.name == "Code Block":   # code is verbatim: no gap where Han meets Latin
        xml.set_autospace(ppr, False)
    if spec.leader_tab:
        xml.put(ppr, xml.element("w:tabs"))
        ppr.find(qn("w:tabs")).append(xml.element("w:tab", val="right", leader="dot",
                                                  pos=spec.leader_tab))


def _text_width(theme: Theme) -> int:
    """The text block's width in twips."""
    width_mm = theme.page_size_mm[0] - theme.margin_mm("inner") - theme.margin_mm("outer")
    return round(width_mm * 1440 / 25.4)


def _hex(color: str | None) -> str | None:
    return color.lstrip("#").upper() if color else None
