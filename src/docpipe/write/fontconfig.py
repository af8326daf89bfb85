"""fontconfig's best match for a pattern, asked in this process: what ``fc-match`` prints.

Why not ``fc-match``: a build asks for five faces or so (the body for the glyph check, each
role's weights, the cover's title), and each process cost ~10 ms of CPU (it loads
fontconfig's configuration and caches anew) and ~50 ms of wall time on a loaded machine;
here the configuration is loaded once (~8 ms) and a match takes ~0.4 ms. The calls are the
ones fc-match makes (FcNameParse, FcConfigSubstitute, FcDefaultSubstitute, FcFontMatch,
FcPatternFormat), so the answers are the same; tests/test_epub.py compares them. Where the
library cannot be loaded, ``match`` returns None and write/fonts.py runs fc-match.
"""
from __future__ import annotations

import ctypes
import functools
from typing import Any

#: FcMatchKind FcMatchPattern: substitute as for a pattern asked for, as fc-match does
_MATCH_PATTERN = 0


def match(pattern: str, form: str) -> str | None:
    """``form`` (FcPatternFormat's syntax) of the font fontconfig picks for ``pattern``;
    "" when nothing matches; None when libfontconfig is not available in this process."""
    library = _library()
    if library is None:
        return None
    lib, config = library
    query = lib.FcNameParse(pattern.encode("utf-8"))
    if not query:
        return ""
    try:
        lib.FcConfigSubstitute(config, query, _MATCH_PATTERN)
        lib.FcDefaultSubstitute(query)
        result = ctypes.c_int()
        font = lib.FcFontMatch(config, query, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(query)
    if not font:
        return ""
    try:
        text = lib.FcPatternFormat(font, form.encode("utf-8"))
        if not text:
            return ""
        try:
            return ctypes.string_at(text).decode("utf-8", errors="replace")
        finally:
            lib.FcStrFree(text)
    finally:
        lib.FcPatternDestroy(font)


@functools.lru_cache(maxsize=1)
def _library() -> tuple[Any, int] | None:
    """(libfontconfig, its loaded configuration), once per process; None if it is missing."""
    try:   # the soname first: find_library would run ldconfig (another process) to find it
        lib = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        from ctypes.util import find_library   # 4 ms of imports: only where needed

        name = find_library("fontconfig")
        try:
            lib = ctypes.CDLL(name) if name else None
        except OSError:
            lib = None
    if lib is None:
        return None
    pointer, text = ctypes.c_void_p, ctypes.c_char_p
    signatures = {"FcInitLoadConfigAndFonts": (pointer, []),
                  "FcNameParse": (pointer, [text]),
                  "FcConfigSubstitute": (ctypes.c_int, [pointer, pointer, ctypes.c_int]),
                  "FcDefaultSubstitute": (None, [pointer]),
                  "FcFontMatch": (pointer, [pointer, pointer, ctypes.POINTER(ctypes.c_int)]),
                  "FcPatternFormat": (pointer, [pointer, text]),
                  "FcPatternDestroy": (None, [pointer]),
                  "FcStrFree": (None, [pointer])}
    try:
        for function, (restype, argtypes) in signatures.items():
            getattr(lib, function).restype = restype
            getattr(lib, function).argtypes = argtypes
    except AttributeError:   # an old fontconfig without FcPatternFormat (before 2.7)
        return None
    config = lib.FcInitLoadConfigAndFonts()
    return (lib, config) if config else None
