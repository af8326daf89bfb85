"""The Han–Latin spacing rule and its conventions: ``none`` (no space typed: the typesetter
adds a quarter-em), ``space`` (a space typed between Han and Latin), ``consistent`` (either,
but one per document: only a document that mixes both is flagged, at its minority)."""
from __future__ import annotations

import re

from docpipe.lint.rules import HAN, Hit, han_latin_space

LETTERS = "A-Za-z"
# Han next to a Latin letter with nothing typed between (emphasis marks looked through);
# digits are left out: "2024年" and "第3章" are written unspaced in either convention.
_UNSPACED = re.compile(f"(?<=[{HAN}])\\**(?=[{LETTERS}])|(?<=[{LETTERS}])\\**(?=[{HAN}])")
_SPACED = re.compile(f"(?<=[{HAN}])\\**[ \\t\u00a0]+\\**(?=[{LETTERS}])"
                     f"|(?<=[{LETTERS}])\\**[ \\t\u00a0]+\\**(?=[{HAN}])")


def han_latin(masked: str, convention: str) -> list[Hit]:
    """The Han–Latin hits of ``masked`` (prose-masked text) under ``convention``."""
    if convention == "none":
        return han_latin_space(masked)
    if convention == "space":
        return _missing_spaces(masked, "a space between Chinese and Latin is this project's "
                                       "convention (han_latin = \"space\"): add one")
    spaced = len(_SPACED.findall(masked))
    unspaced = len(_boundaries(masked))
    if not spaced or not unspaced:
        return []
    total = spaced + unspaced
    if spaced >= unspaced:
        return _missing_spaces(masked, f"this document types a space between Chinese and Latin "
                                       f"({spaced} of {total} places): add one here too")
    return [Hit(hit.offset, hit.rule, f"this document types no space between Chinese and Latin "
                                      f"({unspaced} of {total} places): remove this one", hit.edits)
            for hit in han_latin_space(masked) if _letters_only(masked, hit)]


def _boundaries(masked: str) -> list[int]:
    """Offsets where Han and a Latin letter touch with no space typed between."""
    return [m.start() if masked[m.start() - 1] != "*" else m.end() for m in
            _UNSPACED.finditer(masked)]


def _missing_spaces(masked: str, message: str) -> list[Hit]:
    hits = []
    for match in _UNSPACED.finditer(masked):
        # the space goes outside emphasis marks: 中文 **Bold** rather than 中文** Bold**
        at = match.start() if re.match(f"[{HAN}]", masked[match.start() - 1]) else match.end()
        hits.append(Hit(at, "han-latin-space", message, ((at, at, " "),)))
    return hits


def _letters_only(masked: str, hit: Hit) -> bool:
    """A typed space between Han and a letter (the consistent count leaves digits out)."""
    start, end, _ = hit.edits[0]
    before = masked[start - 1::-1].lstrip("*")[:1]
    after = masked[end:].lstrip("*")[:1]
    return bool(re.match(f"[{LETTERS}]", before) or re.match(f"[{LETTERS}]", after))
