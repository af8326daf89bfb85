"""Where styles come from: a project's styles/NAME folders first, then the built-in ones."""
from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from typing import Any

from docpipe.errors import StyleError, UsageError
from docpipe.records import Record, record

#: The styles that ship inside the package (package data): ``default`` and ``gongwen``.
BUILTIN_STYLES = Path(__file__).resolve().parent.parent / "styles"


@record
class StyleInfo(Record):
    """One style a build can use: its name, its folder, where it comes from."""

    name: str
    folder: Path
    origin: str                  # "built-in" or the styles/ folder that holds it
    description: str = ""
    extends: str | None = None
    overrides: bool = False      # a project style that replaces the built-in of that name


@record
class LocatedStyle(Record):
    """A style found and its theme.toml read, ``extends`` followed: all that a build needs to
    tell whether its outputs are current. ``model.theme.theme_of`` checks it into a Theme,
    which only a build that writes something pays for."""

    folder: Path
    #: the style's folder, then those of the styles it extends (their files shape it too)
    folders: tuple[Path, ...]
    #: theme.toml's tables laid over those of the styles it extends
    raw: dict[str, Any]
    #: theme.toml's text, for the lines that error messages name
    text: str

    @property
    def path(self) -> Path:
        return self.folder / "theme.toml"


def locate_style(name: str, search_from: list[Path]) -> LocatedStyle:
    """Find styles/NAME (see ``find_style``) and read its theme.toml; ``extends = "NAME"``
    lays it over that style's values (a project's ``default`` may extend the built-in one)."""
    folder = find_style(name, search_from)
    path = folder / "theme.toml"
    raw, text = read_theme_file(path)
    chain = [folder]
    while isinstance(raw.get("extends"), str):
        parent = parent_style(raw["extends"], chain, search_from, path, text)
        parent_raw, _ = read_theme_file(parent / "theme.toml")
        parent_raw = {k: v for k, v in parent_raw.items() if k not in ("name", "description")}
        chain.append(parent)
        raw = merge_tables(absolute_font_files(parent_raw, parent), {k: v for k, v in raw.items()
                                                                   if k != "extends"})
    return LocatedStyle(folder, tuple(chain), raw, text)


def read_theme_file(path: Path) -> tuple[dict[str, Any], str]:
    """The tables and the text of a theme.toml (none: empty); bad TOML is a StyleError."""
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except UnicodeDecodeError:
        raise StyleError("theme is not UTF-8 text", path=path,
                         fix="save theme.toml as UTF-8") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"theme is not valid TOML: {exc}", path=path,
                         fix="fix the syntax shown") from None


def style_folders(search_from: list[Path]) -> list[Path]:
    """The styles/ folders a build looks in, nearest first, the built-in ones last: a
    project's styles/NAME adds a style or replaces the built-in NAME."""
    found: list[Path] = []
    for start in search_from:
        for folder in [start.resolve(), *start.resolve().parents]:
            candidate = folder / "styles"
            if candidate.is_dir() and candidate.resolve() not in [f.resolve() for f in found]:
                found.append(candidate)
    builtin = BUILTIN_STYLES.resolve()
    found = [f for f in found if f.resolve() != builtin]
    return [*found, BUILTIN_STYLES]


def candidates(name: str, search_from: list[Path]) -> list[Path]:
    """The folders holding a style NAME, the one a build uses first."""
    direct = Path(name)
    if (direct / "theme.toml").is_file():
        return [direct]
    return [folder / name for folder in style_folders(search_from)
            if (folder / name / "theme.toml").is_file()]


def find_style(name: str, search_from: list[Path]) -> Path:
    """Locate styles/NAME: a project's styles/ folder (walking up from each starting folder)
    first, then the built-in styles; NAME may also be a folder path."""
    found = candidates(name, search_from)
    if found:
        return found[0]
    available = sorted({info.name for info in available_styles(search_from)})
    raise UsageError(f"unknown style '{name}'",
                     fix=f"available: {', '.join(available)} ('docpipe styles' lists them); a "
                         "style of your own is a folder styles/NAME holding theme.toml")


def available_styles(search_from: list[Path]) -> list[StyleInfo]:
    """Every style a build from these folders can use, the one a name picks first."""
    seen: dict[str, StyleInfo] = {}
    for folder in style_folders(search_from):
        builtin = folder == BUILTIN_STYLES
        for theme_file in sorted(folder.glob("*/theme.toml")):
            name = theme_file.parent.name
            if name in seen:
                if builtin:
                    seen[name] = replace(seen[name], overrides=True)
                continue
            try:
                raw = tomllib.loads(theme_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                raw = {}
            extends = raw.get("extends")
            seen[name] = StyleInfo(name, theme_file.parent,
                                   "built-in" if builtin else str(folder),
                                   str(raw.get("description", "")),
                                   extends if isinstance(extends, str) else None)
    return list(seen.values())


def parent_style(name: str, chain: list[Path], search: list[Path], path: Path,
                  text: str) -> Path:
    """The style ``extends`` names: the first of that name not already in the chain (so a
    project's styles/default can extend the built-in default)."""
    resolved = [c.resolve() for c in chain]
    for candidate in candidates(name, search):
        if candidate.resolve() not in resolved:
            return candidate
    if any(c.name == name for c in chain) and len(chain) > 1:
        problem = f"extends = \"{name}\" makes a loop"
    else:
        problem = f"extends names an unknown style '{name}'"
    available = sorted({info.name for info in available_styles(search)})
    raise StyleError(problem, path=path, line=_line_of(text, "extends"),
                     fix=f"available: {', '.join(available)}")


def merge_tables(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it, table by table."""
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tables(merged[key], value)
        else:
            merged[key] = value
    return merged


def absolute_font_files(raw: dict[str, Any], folder: Path) -> dict[str, Any]:
    """A parent style's font files stay relative to the parent's folder."""
    fonts = raw.get("fonts")
    if not isinstance(fonts, dict):
        return raw
    fixed = {role: ({**spec, "file": str((folder / spec["file"]).resolve())}
                    if isinstance(spec, dict) and isinstance(spec.get("file"), str) else spec)
             for role, spec in fonts.items()}
    return {**raw, "fonts": fixed}


def _line_of(text: str, key: str) -> int | None:
    return next((number for number, line in enumerate(text.splitlines(), start=1)
                 if line.split("=", 1)[0].strip() == key), None)
