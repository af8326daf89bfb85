"""styles/<name>/theme.toml → Theme: the typed values every output format is styled from."""
from __future__ import annotations

import difflib
import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from docpipe.errors import StyleError, UsageError
from docpipe.model.style_lookup import (BUILTIN_STYLES, LocatedStyle, StyleInfo,
                                        available_styles, find_style, locate_style)
from docpipe.model.theme_schema import (PAPER_MM, ROLES, SECTIONS, Blocks, ElementRoles,
                                        Contents, FontRole, General, Gongwen, Heading, Headings, Inline,
                                        Page, Text, Title)
from docpipe.records import Record, record

__all__ = ["BUILTIN_STYLES", "PAPER_MM", "ROLES", "ElementRoles", "FontRole", "Heading",
           "LocatedStyle", "StyleInfo", "Theme", "available_styles", "find_style", "load_theme",
           "locate_style", "theme_of"]


@record
class Theme(Record):
    """Every style value, read and checked once from one theme.toml; renderers only read it."""

    name: str
    folder: Path
    paper: str
    description: str
    page: Page
    fonts: dict[str, FontRole]
    text: Text
    title: Title
    headings: Headings
    inline: Inline
    blocks: Blocks
    roles: ElementRoles
    gongwen: Gongwen | None = None   # [gongwen]: the style sets official documents
    #: the style's folder, then those of the styles it extends (their files shape it too)
    folders: tuple[Path, ...] = ()
    contents: Contents = Contents()

    # Frequently used values, named so renderers read like prose.
    @property
    def page_size_mm(self) -> tuple[float, float]:
        return PAPER_MM[self.paper]

    def margin_mm(self, side: str) -> float:
        return float(getattr(self.page, f"margin_{side}"))

    @property
    def title_chars_per_line(self) -> int:
        """How many full-width title characters fit across the text block."""
        width_mm = self.page_size_mm[0] - self.margin_mm("inner") - self.margin_mm("outer")
        return int(width_mm / 25.4 * 72 // float(self.title.size))

    @property
    def body_size(self) -> float:
        return float(self.text.size)

    @property
    def body_font(self) -> FontRole:
        return self.fonts["body"]

    @property
    def line_height(self) -> float:
        return float(self.text.line_height)

    @property
    def line_pitch(self) -> float | None:
        """Exact line pitch in pt when the style sets a grid (gongwen), else None."""
        return float(self.text.line_pitch) if self.text.line_pitch else None

    @property
    def indent_chars(self) -> float:
        return float(self.text.indent)

    def font(self, role: str) -> FontRole:
        return self.fonts[role]

    @property
    def extra_css(self) -> str:
        path = self.folder / "extra.css"
        return path.read_text(encoding="utf-8") if path.is_file() else ""


def load_theme(name: str = "default", *, search_from: list[Path] | None = None,
               paper: str | None = None) -> Theme:
    """Read and check styles/NAME/theme.toml (NAME may be a folder path) for ``paper``.

    A theme with ``extends = "NAME"`` starts from that style's values and changes only what it
    sets (a project's ``default`` may extend the built-in ``default``). Call it once per build
    and hand the Theme down: it is immutable and can be pickled.
    """
    return theme_of(locate_style(name, search_from or [Path.cwd()]), paper)


def theme_of(style: LocatedStyle, paper: str | None = None) -> Theme:
    """The Theme of a located style for ``paper``: every value checked against the schema."""
    if "extends" in style.raw and not isinstance(style.raw["extends"], str):
        _Reader(style.path, style.text)._fail("extends must name a style in quotes", "extends",
                                              'extends = "default"')
    return _Reader(style.path, style.text, style.folders).theme(style.raw, style.folder, paper)


class _Reader:
    """Checks a parsed theme.toml against the schema; every error names the file and line."""

    def __init__(self, path: Path, text: str, folders: tuple[Path, ...] = ()) -> None:
        self.path, self.lines = path, text.splitlines()
        self.folders = folders or (path.parent,)

    def theme(self, raw: dict[str, Any], folder: Path, paper: str | None) -> Theme:
        self._known(raw, "", [f.name for f in fields(General)]
                    + [*SECTIONS, "fonts", "paper", "extends"])
        overrides = self._table(raw, "paper", "paper")
        for size, sections in overrides.items():
            self._choice(size.upper(), list(PAPER_MM), "paper size", f"[paper.{size}]")
            if not isinstance(sections, dict):
                self._fail(f"[paper.{size}] must be a table of sections", size,
                           f"write [paper.{size}.page] and so on")
            self._known(sections, f"paper.{size}", [*SECTIONS, "fonts"])
            for section, table in sections.items():
                schema = SECTIONS.get(section)
                if schema is not None and isinstance(table, dict):   # named as they are written
                    self._known(table, f"paper.{size}.{section}", [f.name for f in fields(schema)])
        page_size = self._table(raw, "page", "page").get("size", "A4")
        if not isinstance(page_size, str):
            self._fail("[page] size must be a string in quotes", "size", 'size = "A4"', "page")
        chosen = (paper or page_size).upper()
        if chosen not in PAPER_MM:
            raise UsageError(f"unknown paper size '{chosen}'", fix="use A4 or A5")
        # [paper.A5] (etc.) overrides values for that paper size, e.g. smaller margins on A5;
        # the other sizes' overrides are checked too, so a typo shows whatever the paper.
        merged: dict[str, Any] = {}
        for size, sections in overrides.items():
            values = self._merged(raw, sections)
            self._sections(values, folder)
            if size.upper() == chosen:
                merged = values
        values = merged or self._merged(raw, {})
        general = self._section(values, "", General)
        page, text, title, headings, inline, blocks = self._sections(values, folder)
        fonts = {role: self._font_role(values, role, folder) for role in ROLES}
        papers = [p.upper() for p in page.papers]
        if papers and chosen not in papers:   # gongwen: GB/T 9704 5.1 allows A4 only
            raise UsageError(f"style '{folder.name}' is {' or '.join(papers)} only, not {chosen}",
                             fix="drop --paper, or choose another style")
        gongwen = self._section(values, "gongwen", Gongwen) if "gongwen" in values else None
        contents = self._section(values, "contents", Contents)
        return Theme(name=general.name or folder.name, folder=folder, paper=chosen,
                     folders=self.folders,
                     description=general.description, page=replace(page, size=chosen),
                     fonts=fonts, text=text, title=title, headings=headings, inline=inline,
                     blocks=blocks, roles=ElementRoles.of(page, inline, blocks), gongwen=gongwen,
                     contents=contents)

    def _merged(self, raw: dict[str, Any], sections: dict[str, Any]) -> dict[str, Any]:
        merged = {key: dict(value) if isinstance(value, dict) else value
                  for key, value in raw.items()}
        for section, values in sections.items():
            self._table(sections, section, f"paper.…{section}")
            merged.setdefault(section, {}).update(values)
        return merged

    def _sections(self, values: dict[str, Any], folder: Path) -> tuple:
        for role in ROLES:
            self._font_role(values, role, folder)
        page = self._section(values, "page", Page, upper=("size",))
        headings = self._headings(values)
        return (page, self._section(values, "text", Text), self._section(values, "title", Title),
                headings, self._section(values, "inline", Inline),
                self._section(values, "blocks", Blocks))

    def _section(self, values: dict[str, Any], section: str, schema: type,
                 upper: tuple[str, ...] = ()) -> Any:
        table = values if not section else self._table(values, section, section)
        names = [f.name for f in fields(schema)]
        if section:
            self._known(table, section, names)
        given = {}
        for spec in fields(schema):
            if spec.name not in table:
                continue
            value = table[spec.name]
            if spec.name in upper and isinstance(value, str):
                value = value.upper()
            self._check(spec, value, section)
            given[spec.name] = value
        return schema(**given)

    def _headings(self, values: dict[str, Any]) -> Headings:
        table = self._table(values, "headings", "headings")
        self._known(table, "headings", [f.name for f in fields(Headings)])
        if "color" in table:
            self._check(next(f for f in fields(Headings) if f.name == "color"), table["color"],
                        "headings")
        defaults = Headings()
        levels = {}
        for level in range(1, 7):
            key = f"h{level}"
            spec = self._table(table, key, f"headings.{key}")
            self._known(spec, f"headings.{key}", [f.name for f in fields(Heading)])
            for item in fields(Heading):
                if item.name in spec:
                    self._check(item, spec[item.name], "headings", prefix=f"{key}.", anchor=key)
            heading = replace(getattr(defaults, key), **spec)
            # sizes and spacing as floats: the stylesheet prints them as such (16.0pt)
            levels[key] = replace(heading, size=float(heading.size),
                                  before=float(heading.before), after=float(heading.after),
                                  indent=float(heading.indent))
        if "numbering" in table:
            self._check(next(f for f in fields(Headings) if f.name == "numbering"),
                        table["numbering"], "headings")
        return Headings(color=table.get("color", defaults.color),
                        numbering=table.get("numbering", defaults.numbering), **levels)

    def _font_role(self, values: dict[str, Any], role: str, folder: Path) -> FontRole:
        fonts = self._table(values, "fonts", "fonts")
        self._known(fonts, "fonts", list(ROLES))
        spec = self._table(fonts, role, f"fonts.{role}")
        if not spec.get("families"):
            raise StyleError(f"font role '{role}' is missing", path=self.path,
                             fix=f"add [fonts.{role}] with families = [...] and word = \"...\"")
        self._known(spec, f"fonts.{role}", [f.name for f in fields(FontRole)])
        for item in fields(FontRole):
            if item.name in spec:
                self._check(item, spec[item.name], f"fonts.{role}")
        file = None
        if spec.get("file"):
            file = (folder / spec["file"]).resolve()
            inside = any(style.resolve() in file.parents for style in self.folders)
            if not file.is_file() or not inside:
                raise StyleError(f"font file '{spec['file']}' for '{role}' is not in the style "
                                 "folder", path=self.path, line=self._line(str(spec["file"])),
                                 fix="copy the font into the style folder")
        families = tuple(spec["families"])
        return FontRole(families=families, word=spec.get("word", families[0]),
                        word_latin=spec.get("word_latin", FontRole.word_latin), file=file,
                        weight=spec.get("weight", FontRole.weight))

    # ---- checks ------------------------------------------------------------------------------

    def _table(self, values: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        table = values.get(key, {})
        if not isinstance(table, dict):
            self._fail(f"{key} must be a table [{where}]", key, f"write [{where}] on its own line")
        return table

    def _known(self, table: dict[str, Any], section: str, valid: list[str]) -> None:
        for key in table:
            if key not in valid:
                near = difflib.get_close_matches(key, valid, n=1)
                if isinstance(table[key], dict):    # a [table] of its own
                    name = f"{section}.{key}" if section else key
                    parent = f"{section}." if section else ""
                    what = f"unknown section [{name}]"
                    fix = (f"did you mean [{parent}{near[0]}]?" if near else
                           f"valid: {', '.join(f'[{parent}{v}]' for v in valid)}")
                else:
                    what = f"unknown key [{section}] {key}" if section else f"unknown key {key}"
                    fix = (f"did you mean {near[0]}?" if near else
                           f"valid keys{f' in [{section}]' if section else ''}: {', '.join(valid)}")
                self._fail(what, key, fix, section)

    def _check(self, spec: Any, value: Any, section: str, prefix: str = "",
               anchor: str = "") -> None:
        check = spec.metadata.get("check")
        problem = check(value) if check else None
        if problem:
            choices = getattr(check, "choices", None)
            near = difflib.get_close_matches(str(value), choices, n=1) if choices else []
            fix = f'did you mean "{near[0]}"?' if near else f"see docs/theme.md for {spec.name}"
            where = f"[{section}] " if section else ""
            self._fail(f"{where}{prefix}{spec.name} must {problem}", anchor or spec.name, fix,
                       section)

    def _choice(self, value: str, valid: list[str], what: str, where: str) -> None:
        if value not in valid:
            self._fail(f"unknown {what} {where}", value, f"use {' or '.join(valid)}")

    def _fail(self, message: str, key: str, fix: str, section: str = "") -> None:
        raise StyleError(message, path=self.path, line=self._line(key, section), fix=fix)

    def _line(self, key: str, section: str = "") -> int | None:
        """The line that sets ``key`` (or names it in a [table] header), in ``section`` when
        that has a header of its own, for the message."""
        pattern = re.compile(rf"(^|[\s{{,.\[]){re.escape(key)}\s*(=|\]|\.)")
        header = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*\]") if section else None
        start = next((n for n, line in enumerate(self.lines) if header and header.match(line)), 0)
        return next((number for number, line in enumerate(self.lines[start:], start=start + 1)
                     if pattern.search(line.split("#", 1)[0])), None)
