"""Font files for embedding: find a role's face through fontconfig and subset it to a text."""
from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docpipe.errors import StyleError
from docpipe.model.theme import FontRole, Theme
from docpipe.write import fontconfig, woff

GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})
#: CSS weight → fontconfig weight name (fontconfig's own scale differs from CSS's)
FC_WEIGHTS = {100: "thin", 200: "extralight", 300: "light", 400: "regular", 500: "medium",
              600: "demibold", 700: "bold", 800: "extrabold", 900: "black"}
#: Characters readers draw without their being in the text: list markers, hyphenation.
GENERATED = "0123456789.•◦▪-"
#: 'locl' pulls in the Japanese, Korean and Traditional forms of every hanzi (40 % of a Noto CJK
#: subset); the embedded face is already the one for the book's language, so it is not needed.
DROPPED_FEATURES = frozenset({"locl"})
#: Kept although HarfBuzz's default set leaves them out: typography.py compresses adjacent
#: punctuation with 'halt' (and 'chws' where a font has it).
KEPT_FEATURES = frozenset({"halt", "vhal", "palt", "chws", "vchw"})


def locate(role: FontRole, weight: int | None = None, lang: str = "zh-cn") -> tuple[Path, int]:
    """(file, face index) of the role's font: its ``file``, else the first installed family."""
    wanted = weight or role.weight
    if role.file is not None:
        return role.file, _face_index(role.file, role.families[0])
    for family in role.families:
        found = _fc_match(family, FC_WEIGHTS[_nearest_weight(wanted)], lang)
        # fc-match always answers, with a fallback when the family is missing: accept it only
        # for the family asked for, or for a generic name at the end of the stack.
        if found and (family in GENERIC or family.casefold() in found[2]):
            return found[0], found[1]
    raise StyleError(f"no installed font for the stack {', '.join(role.families)}",
                     fix="install fonts-noto-cjk, or set file = \"...\" for the role in "
                         "theme.toml")


def _nearest_weight(weight: int) -> int:
    return min(FC_WEIGHTS, key=lambda known: abs(known - weight))


@functools.lru_cache(maxsize=64)
def _fc_match(family: str, weight: str, lang: str) -> tuple[Path, int, list[str]] | None:
    pattern = f"{family}:lang={lang}:weight={weight}"
    form = "%{file}\n%{index}\n%{family}"
    answer = fontconfig.match(pattern, form)   # in this process (write/fontconfig.py)
    if answer is None:
        if shutil.which("fc-match") is None:
            raise StyleError("fontconfig (fc-match) is not installed, so fonts cannot be found",
                             fix="install fontconfig, or set file = \"...\" for each font role")
        result = subprocess.run(["fc-match", "-f", form, pattern],
                                capture_output=True, text=True, check=False)
        answer = result.stdout if result.returncode == 0 else ""
    lines = answer.split("\n")
    if len(lines) < 3 or not lines[0]:
        return None
    families = [name.strip().casefold() for name in lines[2].split(",")]
    return Path(lines[0]), int(lines[1] or 0), families


def _face_index(path: Path, family: str) -> int:
    """The face of a collection (.ttc) whose family is ``family``; 0 for a single font."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as collection:
        for index, font in enumerate(collection.fonts):
            names = {font["name"].getDebugName(n) for n in (1, 16)}
            if family in names:
                return index
    return 0


def subset(path: Path, index: int, text: str, flavor: str | None = "woff") -> bytes:
    """The face ``index`` of ``path`` cut down to the glyphs ``text`` needs, as ``flavor``.

    ``flavor`` is "woff", "woff2" or None (plain OpenType). Same input, same bytes: the head
    table's dates are kept as they are. Results are cached for the life of the process.
    """
    stat = path.stat()
    return _subset_cached(str(path), stat.st_mtime_ns, stat.st_size, index,
                          "".join(sorted(set(text))), flavor)


@functools.lru_cache(maxsize=32)
def _subset_cached(path: str, mtime: int, size: int, index: int, chars: str,
                   flavor: str | None) -> bytes:
    sfnt = _subset_sfnt(path, mtime, size, index, chars)
    if sfnt is None:
        return _subset_fonttools(path, index, chars, flavor)
    return sfnt if flavor is None else _wrap(sfnt, flavor)


@functools.lru_cache(maxsize=32)
def _subset_sfnt(path: str, mtime: int, size: int, index: int, chars: str) -> bytes | None:
    """HarfBuzz's cut, cached apart from the flavour: the PDF's plain faces and the EPUB's
    WOFF of the same characters come from one subsetting."""
    return _subset_harfbuzz(path, index, chars)


def _subset_harfbuzz(path: str, index: int, chars: str) -> bytes | None:
    """HarfBuzz's subsetter: ~30 ms for 750 hanzi of Noto Serif CJK, against ~4 s in fontTools."""
    try:
        import uharfbuzz as hb
    except ImportError:
        return None
    face = _hb_face(path, index)
    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(char) for char in chars)
    # Keep every name, so the copyright and the OFL licence (IDs 0, 13, 14) travel with the font.
    for names in (plan.name_id_set, plan.name_lang_id_set):
        names.clear()
        names.invert()   # an inverted empty set is "all"
    features = plan.layout_feature_tag_set
    for tag in DROPPED_FEATURES:
        features.discard(int.from_bytes(tag.encode("ascii"), "big"))
    for tag in KEPT_FEATURES:
        features.add(int.from_bytes(tag.encode("ascii"), "big"))
    # NOTDEF_OUTLINE: a missing glyph shows as a box. DESUBROUTINIZE: CFF outlines inlined;
    # faster here and in WeasyPrint's own subsetting pass, and no bigger once compressed.
    plan.flags = int(hb.SubsetFlags.NOTDEF_OUTLINE) | int(hb.SubsetFlags.DESUBROUTINIZE)
    try:
        result = hb.subset(face, plan)
    except Exception:   # noqa: BLE001 - any HarfBuzz failure: let fontTools try
        return None
    data = result.blob.data if result is not None else b""
    return bytes(data) or None


@functools.lru_cache(maxsize=8)
def _hb_face(path: str, index: int) -> Any:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path), index)


@functools.lru_cache(maxsize=8)
def hb_font(path: str, index: int) -> Any:
    """A HarfBuzz font of the face ``index`` of ``path``, on the subsetter's face (one open)."""
    import uharfbuzz as hb

    return hb.Font(_hb_face(path, index))


def _subset_fonttools(path: str, index: int, chars: str, flavor: str | None) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.layout_features = sorted((set(options.layout_features) | KEPT_FEATURES)
                                     - DROPPED_FEATURES)
    options.flavor = flavor
    font = TTFont(path, fontNumber=index, recalcTimestamp=False, lazy=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _wrap(sfnt: bytes, flavor: str) -> bytes:
    """Plain OpenType → WOFF/WOFF2; tables are copied, not recompiled, so this is fast."""
    if flavor == "woff":
        return woff.from_sfnt(sfnt)   # fontTools' bytes without importing it (write/woff.py)
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def role_texts(root: Any, theme: Theme) -> dict[tuple[str, int], str]:
    """(font role, CSS weight) → the characters shown in it, for an un-namespaced HTML tree.

    Mirrors the font-family and font-weight rules of write/css.py (both read the roles from
    ``theme.roles``), so each embedded face holds exactly the glyphs its role shows.
    """
    found: dict[tuple[str, int], set[str]] = {}
    _collect(root, ("body", 400), theme, found)
    return {key: "".join(sorted(chars)) for key, chars in sorted(found.items()) if chars}


def _collect(element: Any, parent: tuple[str, int], theme: Theme,
             found: dict[tuple[str, int], set[str]]) -> None:
    if not isinstance(element.tag, str):
        return
    style = _element_style(element, parent, theme)
    bucket = found.setdefault(style, set())
    bucket.update(element.text or "")
    if element.tag == "img":
        bucket.update(element.get("alt", ""))   # shown when the image cannot be, and spoken
    for child in element:
        _collect(child, style, theme, found)
        found.setdefault(style, set()).update(child.tail or "")


def _element_style(element: Any, parent: tuple[str, int], theme: Theme) -> tuple[str, int]:
    role, weight = parent
    tag, classes = element.tag, (element.get("class") or "").split()
    roles = theme.roles
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        heading = theme.headings[int(tag[1]) - 1]
        return heading.font, 700 if heading.bold else 400
    if element.get("data-role") in theme.fonts:   # parts that name their role (公文's 版头 …)
        role = element.get("data-role")
        return role, theme.font(role).weight if role == "title" else weight
    if "title" in classes:
        return roles.title, theme.font(roles.title).weight
    if "subtitle" in classes:
        return roles.subtitle, 400
    if tag == "em":
        return roles.emphasis, weight
    if tag == "p" and "lead" in classes:
        return roles.lead, weight
    if tag == "strong":
        return roles.strong, 700
    if tag == "dt":
        return roles.term, 700
    if tag == "th":
        return roles.table_header, 700
    if tag in ("code", "pre"):
        return roles.code, weight
    if tag == "blockquote":
        return roles.quote, weight
    return role, weight
