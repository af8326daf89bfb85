"""Glyph coverage: name every character that no installed font can draw, instead of a blank box."""
from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from typing import Callable

from docpipe.model.document import Document
from docpipe.model.theme import Theme

#: Character classes never drawn as glyphs of their own: spaces, controls, format characters
#: (joiners), and combining marks such as variation selectors.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}


def uncovered(document: Document, theme: Theme) -> list[str]:
    """Warnings for characters that neither the body font nor any fallback font covers."""
    from docpipe.write import fonts

    # the body's characters once each (a set, not the 300,000 of a long law one by one)
    shown = set("".join([document.meta.title, document.meta.subtitle or "",
                         document.meta.credits or "", *document.body.itertext()]))
    try:
        path, index = fonts.locate(theme.body_font)
        has_glyph = _glyph_lookup(str(path), index)
    except Exception:  # no body font at all: the font check in the renderers reports that
        return []
    missing = sorted(ch for ch in shown if unicodedata.category(ch) not in _INVISIBLE
                     and not has_glyph(ord(ch)))
    warnings = []
    source_text = document.path.read_text(encoding="utf-8", errors="replace") if missing else ""
    for char in missing:
        if _any_font_covers(ord(char)):
            continue  # Pango falls back to that font in the PDF; Word and readers do likewise
        offset = source_text.find(char)
        line = source_text.count("\n", 0, offset) + 1 if offset >= 0 else "?"
        warnings.append(f"{document.path}:{line}: U+{ord(char):04X} {char!r} cannot be drawn by "
                        "any installed font and will show as a blank box (install a font that "
                        "has it, e.g. fonts-noto-color-emoji for emoji, or replace it)")
    return warnings


def _glyph_lookup(path: str, index: int) -> Callable[[int], bool]:
    """Whether the face has a glyph for a code point, asked of the HarfBuzz face that the
    subsetter opens too (write/fonts.py), rather than a set of all its 45,000 code points."""
    from docpipe.write import fonts

    font = fonts.hb_font(path, index)
    return lambda codepoint: font.get_nominal_glyph(codepoint) is not None


@functools.lru_cache(maxsize=1024)
def _any_font_covers(codepoint: int) -> bool:
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", f":charset={codepoint:x}", "family"],
                            capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())
