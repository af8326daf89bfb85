"""Glyph coverage: name every character that no installed font can draw, instead of a blank box."""
from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata

from docpipe.model.document import Document, text_of
from docpipe.model.theme import Theme

#: Character classes never drawn as glyphs of their own: spaces, controls, format characters
#: (joiners), and combining marks such as variation selectors.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}


def uncovered(document: Document, theme: Theme) -> list[str]:
    """Warnings for characters that neither the body font nor any fallback font covers."""
    from docpipe.write import fonts

    text = "".join([document.meta.title, document.meta.subtitle or "",
                    document.meta.credits or "", text_of(document.body)])
    try:
        path, index = fonts.locate(theme.body_font)
        covered = _codepoints(str(path), index)
    except Exception:  # no body font at all: the font check in the renderers reports that
        return []
    missing = sorted({ch for ch in text if ord(ch) not in covered
                      and unicodedata.category(ch) not in _INVISIBLE})
    warnings = []
    source_text = document.path.read_text(encoding="utf-8", errors="replace")
    for char in missing:
        if _any_font_covers(ord(char)):
            continue  # Pango falls back to that font in the PDF; Word and readers do likewise
        offset = source_text.find(char)
        line = source_text.count("\n", 0, offset) + 1 if offset >= 0 else "?"
        warnings.append(f"{document.path}:{line}: U+{ord(char):04X} {char!r} cannot be drawn by "
                        "any installed font and will show as a blank box (install a font that "
                        "has it, e.g. fonts-noto-color-emoji for emoji, or replace it)")
    return warnings


@functools.lru_cache(maxsize=8)
def _codepoints(path: str, index: int) -> frozenset[int]:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    return frozenset(face.unicodes)


@functools.lru_cache(maxsize=1024)
def _any_font_covers(codepoint: int) -> bool:
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", f":charset={codepoint:x}", "family"],
                            capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())
