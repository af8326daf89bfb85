"""styles/<name>/theme.toml → Theme: the one set of values every output format is styled from."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docpipe.errors import StyleError, UsageError

PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
ROLES = ("body", "heading", "title", "emphasis", "code")


@dataclass(frozen=True)
class FontRole:
    """One typeface role (body, heading, title, emphasis, code)."""

    families: tuple[str, ...]   # CSS/fontconfig stack for PDF and EPUB, CJK face first
    word: str                   # East Asian font the DOCX names (what office PCs have)
    word_latin: str             # Latin font the DOCX names
    file: Path | None = None    # a font file in the style folder, used instead of fontconfig
    weight: int = 400

    @property
    def primary(self) -> str:
        return self.families[0]


@dataclass(frozen=True)
class Heading:
    """Look of one heading level."""

    size: float
    font: str
    bold: bool
    align: str
    before: float
    after: float
    indent: float = 0.0     # first-line indent in characters (gongwen indents headings by two)


@dataclass(frozen=True)
class Theme:
    """Every style value, read from one theme.toml; renderers only read it."""

    name: str
    folder: Path
    raw: dict[str, Any] = field(repr=False)
    fonts: dict[str, FontRole] = field(repr=False)
    headings: tuple[Heading, ...] = field(repr=False)
    paper: str = "A4"

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.raw.get(section, {}).get(key, default)

    # Frequently used values, named so renderers read like prose.
    @property
    def page_size_mm(self) -> tuple[float, float]:
        return PAPER_MM[self.paper]

    def margin_mm(self, side: str) -> float:
        return float(self.get("page", f"margin_{side}"))

    @property
    def title_chars_per_line(self) -> int:
        """How many full-width title characters fit across the text block."""
        width_mm = self.page_size_mm[0] - self.margin_mm("inner") - self.margin_mm("outer")
        return int(width_mm / 25.4 * 72 // float(self.get("title", "size")))

    @property
    def body_size(self) -> float:
        return float(self.get("text", "size"))

    @property
    def body_font(self) -> FontRole:
        return self.fonts["body"]

    @property
    def line_height(self) -> float:
        return float(self.get("text", "line_height"))

    @property
    def line_pitch(self) -> float | None:
        """Exact line pitch in pt when the style sets a grid (gongwen), else None."""
        pitch = self.get("text", "line_pitch")
        return float(pitch) if pitch else None

    @property
    def indent_chars(self) -> float:
        return float(self.get("text", "indent", 2))

    def font(self, role: str) -> FontRole:
        return self.fonts[role]

    @property
    def extra_css(self) -> str:
        path = self.folder / "extra.css"
        return path.read_text(encoding="utf-8") if path.is_file() else ""


def find_style(name: str, search_from: list[Path]) -> Path:
    """Locate styles/NAME by walking up from each starting folder (or NAME as a folder path)."""
    direct = Path(name)
    if (direct / "theme.toml").is_file():
        return direct
    seen: list[Path] = []
    for start in search_from:
        for folder in [start.resolve(), *start.resolve().parents]:
            candidate = folder / "styles" / name
            if (candidate / "theme.toml").is_file():
                return candidate
            if (folder / "styles").is_dir() and folder / "styles" not in seen:
                seen.append(folder / "styles")
    available = sorted({p.parent.name for s in seen for p in s.glob("*/theme.toml")})
    hint = f"available: {', '.join(available)}" if available else "no styles/ folder was found"
    raise UsageError(f"unknown style '{name}'", fix=f"{hint}; a style is a folder styles/NAME "
                                                   "holding theme.toml")


def load_theme(name: str = "default", *, search_from: list[Path] | None = None,
               paper: str | None = None) -> Theme:
    """Read and check styles/NAME/theme.toml."""
    folder = find_style(name, search_from or [Path.cwd()])
    path = folder / "theme.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StyleError(f"theme is not valid TOML: {exc}", path=path,
                         fix="fix the syntax shown") from None
    chosen = (paper or raw.get("page", {}).get("size", "A4")).upper()
    # [paper.A5] (etc.) overrides values for that paper size, e.g. smaller margins on A5
    for section, values in raw.get("paper", {}).get(chosen, {}).items():
        raw.setdefault(section, {}).update(values)
    fonts = {role: _font_role(raw, role, folder, path) for role in ROLES}
    headings = tuple(_heading(raw, level, path) for level in range(1, 7))
    for section, key in (("text", "size"), ("text", "line_height"), ("page", "margin_top"),
                         ("page", "margin_bottom"), ("page", "margin_inner"),
                         ("page", "margin_outer"), ("title", "size")):
        value = raw.get(section, {}).get(key)
        if not isinstance(value, (int, float)) or value <= 0:
            raise StyleError(f"[{section}] {key} must be a positive number", path=path,
                             fix=f"set {key} = <number> under [{section}]")
    if chosen not in PAPER_MM:
        raise UsageError(f"unknown paper size '{chosen}'", fix="use A4 or A5")
    return Theme(name=raw.get("name", folder.name), folder=folder, raw=raw, fonts=fonts,
                 headings=headings, paper=chosen)


def _font_role(raw: dict[str, Any], role: str, folder: Path, path: Path) -> FontRole:
    spec = raw.get("fonts", {}).get(role)
    if not isinstance(spec, dict) or not spec.get("families"):
        raise StyleError(f"font role '{role}' is missing", path=path,
                         fix=f"add [fonts.{role}] with families = [...] and word = \"...\"")
    file = None
    if spec.get("file"):
        file = (folder / spec["file"]).resolve()
        if not file.is_file() or folder.resolve() not in file.parents:
            raise StyleError(f"font file '{spec['file']}' for '{role}' is not in the style "
                             "folder", path=path, fix="copy the font into the style folder")
    return FontRole(families=tuple(spec["families"]), word=spec.get("word", spec["families"][0]),
                    word_latin=spec.get("word_latin", "Times New Roman"), file=file,
                    weight=int(spec.get("weight", 400)))


def _heading(raw: dict[str, Any], level: int, path: Path) -> Heading:
    spec = raw.get("headings", {}).get(f"h{level}", {})
    try:
        return Heading(size=float(spec.get("size", raw["text"]["size"])),
                       font=spec.get("font", "heading"), bold=bool(spec.get("bold", True)),
                       align=spec.get("align", "left"), before=float(spec.get("before", 6)),
                       after=float(spec.get("after", 0)), indent=float(spec.get("indent", 0)))
    except (KeyError, TypeError, ValueError):
        raise StyleError(f"heading h{level} has an invalid value", path=path,
                         fix="sizes and spacing are numbers in pt") from None
