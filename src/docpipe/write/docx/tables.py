"""Table column widths from their content, as a browser's automatic table layout does."""
from __future__ import annotations

import unicodedata
from typing import Any, Callable

from docpipe.model.document import text_of

#: A column is never narrower than this many half-em units (two Chinese characters), nor is
#: one long cell allowed to take more than this many before the others get their share.
_NARROWEST, _WIDEST = 4, 60


class _HalfEms(dict):
    """Character → its width in half-em units, each looked up in Unicode once (asking per
    character took 30 ms of CPU for a 300 KB law)."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return width


_HALF_EMS = _HalfEms()


def half_ems(text: str) -> int:
    """Width in half-em units: a full-width (Chinese) character is two, others one."""
    return sum(map(_HALF_EMS.__getitem__, text))


def column_widths(rows: list[list[Any]], columns: int, total: int,
                  pictures: Callable[[Any], int] | None = None) -> list[int]:
    """Twips per column, summing to ``total``, in proportion to each column's longest cell
    (bounded so that a paragraph-long cell does not squeeze a column of numbers); a cell's
    pictures count as wide as ``pictures`` says (half-em units), if they are wider."""
    longest = [_NARROWEST] * columns
    for row in rows:
        for index, cell in enumerate(row[:columns]):
            width = half_ems(text_of(cell))
            if pictures is not None:
                width = max(width, pictures(cell))
            span = min(max(width, _NARROWEST), _WIDEST)
            longest[index] = max(longest[index], span)
    whole = sum(longest)
    widths = [total * units // whole for units in longest]
    widths[-1] += total - sum(widths)
    return widths


def longest_word(text: str) -> int:
    """The widest run of text without a break opportunity, in half-em units (a Chinese
    character breaks on either side; Latin words break at spaces and after a hyphen or /)."""
    widest = run = 0
    for char in text:
        width = _HALF_EMS[char]
        if char.isspace() or width == 2:
            run = width if width == 2 else 0
        else:
            run += width
            if char in "-/":
                widest, run = max(widest, run), 0
        widest = max(widest, run)
    return widest


def too_wide(rows: list[list[Any]], widths: list[int], half_em_twips: float,
             margins: int) -> bool:
    """Whether a cell holds a word wider than its column (``widths`` in twips, ``margins``
    the twips of its cell's margins): a word processor's automatic layout would widen the
    table past the text block for it."""
    for row in rows:
        for cell, width in zip(row, widths):
            if longest_word(text_of(cell)) * half_em_twips > width - margins:
                return True
    return False
