"""The theme.toml schema: one dataclass per section, a docstring and ONE default per field.

A key left out of a theme takes the default written here, in every output format. The defaults
are the values of styles/default (A4), so a theme that omits a key looks like the default style
in that respect. docs/theme.md is generated from these docstrings (scripts/theme_doc.py runs
model/theme_reference.py).
"""
from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any, Callable, Iterator

from docpipe.records import Record, record

#: Paper sizes in mm (width, height).
PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
#: The font roles a theme defines under [fonts.ROLE]; every `*_font` key names one of them.
ROLES = ("body", "heading", "title", "emphasis", "code")
ALIGNMENTS = ("left", "center", "right", "justify")

#: A check returns what is wrong with a value (to follow "must …"), or None when it is fine.
Check = Callable[[Any], "str | None"]


def _number(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return None if ok else "be a number"


def _positive(value: Any) -> str | None:
    return _number(value) or (None if value > 0 else "be a positive number")


def _not_negative(value: Any) -> str | None:
    return _number(value) or (None if value >= 0 else "be zero or more")


def _count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "be a whole number above zero"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "be a string in quotes"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "be true or false"


def _color(value: Any) -> str | None:
    ok = isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value)
    return None if ok else 'be a colour "#rrggbb"'


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else "be one of " + ", ".join(f'"{c}"' for c in choices)
    check.choices = choices  # type: ignore[attr-defined]  # read for the nearest-match hint
    return check


def _weight(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 900
    return None if ok else "be a CSS weight from 100 to 900"


def _families(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
    return None if ok else 'be a non-empty list of font names ["…", "…"]'


_role = one_of(*ROLES)


def _papers(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, str) and v.upper() in PAPER_MM
                                         for v in value)
    return None if ok else f"be a list of paper sizes from {', '.join(PAPER_MM)}"


def setting(default: Any, doc: str, check: Check) -> Any:
    """A schema field: its one default, its docstring and the check of its value."""
    return field(default=default, metadata={"doc": doc, "check": check})


def required(doc: str, check: Check) -> Any:
    """A schema field with no default: a theme must set it."""
    return field(metadata={"doc": doc, "check": check})


def optional(doc: str, check: Check) -> Any:
    """A schema field that may be left out (None); when set, ``check`` applies."""
    return field(default=None, metadata={"doc": doc, "check": check})


@record
class General(Record):
    """Top-level keys: the style's name and a line about it."""

    name: str | None = optional("The style's name; defaults to its folder's name.", _text)
    description: str = setting("", "One line saying what the style is for (for people reading "
                               "the file; not shown in the outputs).", _text)


@record
class Page(Record):
    """[page]: paper, margins (mm) and the page number in the footer."""

    size: str = setting("A4", "Paper size: A4 or A5 (`--paper` on the command line wins).",
                        one_of(*PAPER_MM))
    margin_top: float = setting(25, "Top margin, mm.", _positive)
    margin_bottom: float = setting(25, "Bottom margin, mm; the page number sits in it.", _positive)
    margin_inner: float = setting(25, "Binding-edge margin (left on odd pages), mm.", _positive)
    margin_outer: float = setting(25, "Outer margin (right on odd pages), mm.", _positive)
    page_number: str = setting("— {page} —", "Footer text; `{page}` is replaced by the page "
                               "number.", _text)
    page_number_size: float = setting(10.5, "Page-number size, pt.", _positive)
    page_number_font: str = setting("body", "Font role of the page number.", _role)
    page_number_position: str = setting("center", '"center", or "outside" (right on odd pages, '
                                        "left on even, one character in from the edge).",
                                        one_of("center", "outside"))
    papers: tuple[str, ...] = setting((), "Paper sizes the style allows (gongwen: A4 only, "
                                      "GB/T 9704 5.1); empty: any.", _papers)
    page_number_gap: float = setting(4, "Space between the text block and the top of the page "
                                     "number's line, mm (GB/T 9704: 7).", _not_negative)
    running_heads: bool = setting(False, "Page headers with the document title (left) and the "
                                  "current chapter (right), none on the first page; PDF and "
                                  "DOCX.", _flag)
    running_head_size: float = setting(9, "Size of the running heads, pt.", _positive)


@record
class FontRole(Record):
    """[fonts.ROLE]: one typeface role; ROLE is body, heading, title, emphasis or code."""

    families: tuple[str, ...] = required(
        "Font stack for PDF and EPUB (fontconfig names), CJK face first so that the shared "
        "quote marks “” take their full-width forms. Required.", _families)
    word: str = setting("", "East Asian font the DOCX names (what office PCs have); defaults to "
                        "the first of `families`.", _text)
    word_latin: str = setting("Times New Roman", "Latin font the DOCX names.", _text)
    file: Path | None = optional("A font file inside the style folder, used for PDF and EPUB "
                                 "instead of the installed fonts.", _text)
    weight: int = setting(400, "CSS weight of the role's face (900: the title's Black).", _weight)


@record
class Text(Record):
    """[text]: the body text."""

    size: float = setting(12, "Body size, pt (12 = 小四, 16 = 三号).", _positive)
    line_height: float = setting(1.75, "Line height as a multiple of the size (formats "
                                 "without an exact pitch).", _positive)
    line_pitch: float | None = optional("Exact line pitch, pt: every line of the PDF and DOCX on "
                                        "this grid (gongwen: 28.95 = 225 mm / 22 lines).",
                                        _not_negative)
    letter_spacing: float = setting(0, "Extra space between characters, pt (negative: tighter).",
                                    _number)
    indent: float = setting(2, "First-line indent, characters.", _not_negative)
    align: str = setting("justify", "Paragraph alignment.", one_of(*ALIGNMENTS))
    paragraph_spacing: float = setting(0, "Extra space after each paragraph, pt.", _not_negative)
    color: str = setting("#000000", "Text colour.", _color)
    autospace: bool = setting(True, "A ¼-em gap where Han meets a Latin letter or digit with "
                              "no space typed (PDF/EPUB: drawn, not copied; DOCX: Word's "
                              "autoSpaceDE/DN); false: only the spaces the author typed.", _flag)
    grid: bool = setting(False, "DOCX: a line grid (w:docGrid) at `line_pitch`.", _flag)
    lines_per_page: int | None = optional("Informative: the lines a page holds at `line_pitch` "
                                          "(GB/T 9704: 22); docpipe reads nothing from it.", _count)
    chars_per_line: int | None = optional("Informative: the characters a line holds with "
                                          "`letter_spacing` (GB/T 9704: 28); docpipe reads "
                                          "nothing from it.", _count)
    widows: int = setting(2, "PDF: fewest lines of a paragraph at the top of a page.", _count)
    orphans: int = setting(2, "PDF: fewest lines of a paragraph at the foot of a page.", _count)


@record
class Title(Record):
    """[title]: the title block (title, subtitle, credits)."""

    size: float = setting(22, "Title size, pt (22 = 二号).", _positive)
    align: str = setting("center", "Alignment of the title block.", one_of(*ALIGNMENTS))
    space_after: float = setting(12, "Space under the title block, pt.", _not_negative)
    subtitle_size: float = setting(16, "Subtitle size, pt.", _positive)
    credits_size: float = setting(10.5, "Size of the credits line (author, date), pt.", _positive)
    color: str = setting("#000000", "Title colour.", _color)


@record
class Heading(Record):
    """[headings] h1 … h6 = { size = …, font = …, … }: the look of one heading level."""

    size: float = setting(12, "Size, pt.", _positive)
    font: str = setting("heading", "Font role of the level.", _role)
    bold: bool = setting(True, "Set in bold.", _flag)
    align: str = setting("left", "Alignment of the level.", one_of(*ALIGNMENTS))
    before: float = setting(6, "Space above, pt.", _not_negative)
    after: float = setting(0, "Space below, pt.", _not_negative)
    indent: float = setting(0, "First-line indent, characters (gongwen indents headings by two).",
                            _not_negative)


@record
class Headings(Record):
    """[headings]: the colour of all headings and h1 … h6, each an inline table of the keys
    listed under "h1 … h6".

    A level left out, or a key left out of a level's table, takes the value shown here (that of
    styles/default).

    Iterating gives the six levels, h1 first; ``headings[0]`` is h1.
    """

    color: str = setting("#000000", "Colour of every heading.", _color)
    numbering: str = setting("none", 'Heading numbers in every format: "none"; "chinese" '
                             "(一、 （一） 1. （1）, the GB/T 9704 sequence); \"decimal\" (1, 1.1, "
                             "1.1.1). The top heading level the document uses is numbered "
                             "first; the contents and links to headings show the numbers.",
                             one_of("none", "chinese", "decimal"))
    h1: Heading = setting(Heading(size=16, before=14, after=6), "Level 1.", None)
    h2: Heading = setting(Heading(size=14, before=12, after=4), "Level 2.", None)
    h3: Heading = setting(Heading(size=12, before=10, after=2), "Level 3.", None)
    h4: Heading = setting(Heading(size=12, bold=False, before=8, after=2), "Level 4.", None)
    h5: Heading = setting(Heading(size=12, font="body"), "Level 5.", None)
    h6: Heading = setting(Heading(size=12, font="body", bold=False), "Level 6.", None)

    @property
    def levels(self) -> tuple[Heading, ...]:
        return (self.h1, self.h2, self.h3, self.h4, self.h5, self.h6)

    def __iter__(self) -> Iterator[Heading]:
        return iter(self.levels)

    def __getitem__(self, index: int) -> Heading:
        return self.levels[index]

    def __len__(self) -> int:
        return 6


@record
class Inline(Record):
    """[inline]: text-level elements."""

    strong_font: str = setting("heading", "Font role of **strong** (and run-in heads), set bold.",
                               _role)
    emphasis_font: str = setting("emphasis", "Font role of *emphasis* (never slanted: Chinese "
                                 "has no italics).", _role)
    link_color: str = setting("#1f4e8c", "Colour of links.", _color)
    code_size: float = setting(10.5, "Size of `inline code`, pt.", _positive)


@record
class Blocks(Record):
    """[blocks]: quotes, rules, tables, captions, code blocks and footnotes."""

    quote_indent: float = setting(2, "Left indent of block quotes, characters.", _not_negative)
    quote_color: str = setting("#333333", "Colour of block quotes.", _color)
    quote_font: str = setting("emphasis", "Font role of block quotes.", _role)
    rule_color: str = setting("#999999", "Colour of horizontal rules (---).", _color)
    table_size: float = setting(10.5, "Size of table text, pt.", _positive)
    table_border: str = setting("#666666", "Colour of table borders.", _color)
    table_header_fill: str = setting("#eeeeee", "Background of table header cells.", _color)
    caption_size: float = setting(10.5, "Size of figure captions, pt.", _positive)
    code_size: float = setting(9, "Size of code blocks, pt.", _positive)
    code_fill: str = setting("#f5f5f5", "Background of code (blocks and inline).", _color)
    footnote_size: float = setting(9, "Size of footnotes, pt.", _positive)
    footnote_rule: float = setting(0.5, "Thickness of the rule above the footnotes at the foot "
                                   "of a page, pt (0: none).", _not_negative)
    footnote_rule_length: float = setting(33, "Length of that rule, % of the text width.",
                                          _positive)
    table_line_height: float = setting(1.45, "Line height of table text, a multiple of its size "
                                       "(also in styles with an exact body pitch: a table does "
                                       "not sit on the body's line grid).", _positive)


@record
class Gongwen(Record):
    """[gongwen]: the parts of a GB/T 9704-2012 official document (front-matter keys issuer,
    doc_number, seal …); a style without this section sets such sources as plain text."""

    red: str = setting("#FF0000", "Colour of the 发文机关标志 and the red line (6.2: red ink "
                       "Y80 % M80 %).", _color)
    red_rule: float = setting(0.5, "Thickness of the 版头's red line, mm (the standard gives "
                              "none).", _positive)
    imprint_thick: float = setting(0.35, "First and last 版记 rules, mm (7.4.1).", _positive)
    imprint_thin: float = setting(0.25, "The 版记 rules between them, mm (7.4.1).", _positive)
    imprint_size: float = setting(14, "Size of the 抄送 and 印发 lines, pt (四号).", _positive)
    seal_size: float = setting(42, "Diameter of a seal image, mm.", _positive)
    issuer_max_size: float = setting(52, "Largest size of the 发文机关标志, pt; longer names "
                                     "shrink to fit the type area's width.", _positive)


@record
class Contents(Record):
    """[contents]: the table of contents after the title block (PDF with page numbers and dot
    leaders, DOCX as a TOC field; the EPUB always has its navigation)."""

    show: str = setting("auto", '"auto": a contents when the document has more than '
                        "`auto_headings` headings; \"always\"; \"never\". The front matter's "
                        "`toc: true` / `toc: false` wins.", one_of("auto", "always", "never"))
    depth: int = setting(3, "Heading levels listed, counted from the top level the document "
                         "uses (front matter `toc_depth` wins).", _count)
    auto_headings: int = setting(12, "With `show = \"auto\"`: more headings than this give a "
                                 "contents.", _count)
    title: str = setting("目录", "Heading of the contents.", _text)


def _chosen(role: str, doc: str, key: str = "") -> Any:
    """A row of ElementRoles: the role, what it covers and the key that chooses it, if any."""
    return field(default=role, metadata={"doc": doc, "key": key})


@record
class ElementRoles(Record):
    """Which font role each kind of element is set in: the one table that the stylesheet (PDF,
    EPUB), the font subsetting and the DOCX styles all read. Headings: each level's `font`."""

    body: str = _chosen("body", "Body text, lists, tables, captions, footnotes, credits.")
    title: str = _chosen("title", "The title.")
    subtitle: str = _chosen("heading", "The subtitle.")
    lead: str = _chosen("emphasis", "A lead paragraph (standfirst).")
    emphasis: str = _chosen("emphasis", "*Emphasis*.", "[inline] emphasis_font")
    strong: str = _chosen("heading", "**Strong** (bold).", "[inline] strong_font")
    quote: str = _chosen("emphasis", "Block quotes.", "[blocks] quote_font")
    code: str = _chosen("code", "Inline code and code blocks.")
    term: str = _chosen("heading", "Definition-list terms (bold).")
    table_header: str = _chosen("heading", "Table header cells (bold; PDF and EPUB only, the "
                                "DOCX's header row is bold in the table text's face).")
    page_number: str = _chosen("body", "The page number.", "[page] page_number_font")

    @classmethod
    def of(cls, page: Page, inline: Inline, blocks: Blocks) -> ElementRoles:
        return cls(emphasis=inline.emphasis_font, strong=inline.strong_font,
                   quote=blocks.quote_font, page_number=page.page_number_font)


#: theme.toml's sections → their schema (top-level keys are General's; [fonts.ROLE] FontRole's;
#: [paper.SIZE.SECTION] overrides any of these for one paper size).
SECTIONS: dict[str, type] = {"page": Page, "text": Text, "title": Title, "headings": Headings,
                             "inline": Inline, "blocks": Blocks, "gongwen": Gongwen,
                             "contents": Contents}
