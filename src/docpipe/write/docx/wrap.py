"""Titles and headings that Word and LibreOffice wrap, by themselves, where the PDF breaks them.

A word processor breaks Chinese between any two characters. It cannot be told where the words
are: LibreOffice ignores a WORD JOINER (U+2060) in text whose language is Chinese (its CJK
line breaker applies only its forbidden-character lists, and its DOCX import reads no custom
``w:noLineBreaksBefore``), so a joiner would hold the words in neither reader we can check. What
both do the same way is fill a line up to its width. So the DOCX narrows a title or heading
(its indents) to a measure at which that greedy fill ends every line between two words — found
by simulating the fill with each character's narrowest and widest plausible width, so the answer
holds in any face the reader's machine substitutes (Latin letters and digits, and the Han–Latin
gap both word processors add, have a range of widths). Where no measure is certain a title keeps
a typed line break and a heading is left as is.
"""
from __future__ import annotations

from dataclasses import dataclass

from docpipe.text import cjk, titles

#: Plausible widths in em of what is not full-width (Times New Roman, Arial, DejaVu, …)
_SPACE, _DIGIT, _LATIN = (0.25, 0.35), (0.5, 0.64), (0.3, 0.7)
#: full-width punctuation: Word's compressPunctuation may set it at half its width
_MARK = (0.5, 1.0)
_GAP = 0.3     # em: the widest Han–Latin gap a word processor adds (about a quarter em)
_SLACK = 0.5   # pt kept between a certain width and the measure (the twips rounding of indents)


def _em(char: str, compressed: bool) -> tuple[float, float]:
    if char.isspace():
        return _SPACE
    if char in cjk.OPENING or char in cjk.CLOSING:
        return _MARK if compressed else (1.0, 1.0)
    if titles.width(char) == 1.0:
        return (1.0, 1.0)
    return _DIGIT if char.isdigit() else _LATIN


def _autospace(before: str, after: str) -> bool:
    """Whether Word and LibreOffice may put their Han–Latin gap (w:autoSpaceDE/DN, on by
    default) between these two characters."""
    def han(char: str) -> bool:
        return titles.width(char) == 1.0 and char not in cjk.OPENING and char not in cjk.CLOSING

    def latin(char: str) -> bool:
        return char.isascii() and char.isalnum()

    return (han(before) and latin(after)) or (latin(before) and han(after))


class _Measure:
    """Narrowest and widest widths (pt) of pieces of one text at one size and tracking."""

    def __init__(self, text: str, size: float, tracking: float, compressed: bool = True) -> None:
        self.text = text
        low, high, self.gap = [0.0], [0.0], [0.0] * (len(text) + 1)
        for index, char in enumerate(text):
            narrow, wide = _em(char, compressed)
            if index and _autospace(text[index - 1], char):
                self.gap[index] = _GAP * size       # widest; the narrowest is no gap
            low.append(low[-1] + narrow * size + tracking)
            high.append(high[-1] + wide * size + tracking + self.gap[index])
        self.low, self.high = low, high

    def span(self, start: int, end: int) -> tuple[float, float]:
        """Width of ``text[start:end]`` without its trailing spaces (they hang at a line end)."""
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (self.low[end] - self.low[start],
                self.high[end] - self.high[start] - self.gap[start])


def widest(text: str, size: float, tracking: float) -> float:
    """The widest ``text`` plausibly sets at (pt)."""
    return _Measure(text, size, tracking, compressed=False).span(0, len(text))[1]


def _opportunities(text: str) -> list[int]:
    """Where Word and LibreOffice may end a line in ``text``: between any two characters but
    inside a Latin word, before a space, before a closing mark or after an opening one."""
    return [cut for cut in range(1, len(text))
            if not text[cut].isspace() and titles.breakable(text, cut)]


def certain_ends(measure: _Measure, areas: list[float]) -> list[int] | None:
    """The line ends a greedy fill gives at ``areas`` (pt; the last repeats), or None when a
    reader's face could change one: every line must fit at its widest and the next break
    opportunity must overflow at its narrowest."""
    text, ends, start = measure.text, [], 0
    cuts = _opportunities(text) + [len(text)]
    while start < len(text):
        area = areas[min(len(ends), len(areas) - 1)]
        fitting = [cut for cut in cuts if cut > start and measure.span(start, cut)[1] <= area]
        if not fitting:
            return None
        end = fitting[-1]
        later = [cut for cut in cuts if cut > end]
        if later and measure.span(start, later[0])[0] <= area + _SLACK:
            return None
        ends.append(end)
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    return ends


@dataclass(frozen=True)
class Indents:
    """Paragraph indents (pt) that make the word processor's lines end where wanted."""

    left: float = 0.0
    right: float = 0.0
    first_line: float = 0.0   # added to ``left`` on the first line (negative: hanging)


def title_indents(title: str, lines: list[str], text_width: float, size: float,
                  tracking: float) -> Indents | None:
    """Indents for a centred title balanced in ``lines`` (two): the first line's measure
    lets it end at the break, the second's fits it; equal when one measure does both, else the
    first line is narrowed by a first-line indent and the left indent is moved back by half of
    it, so each line sits a quarter of the difference off the centre (at most an eighth of a
    character). None when no measure is certain or the lines would stand visibly off centre."""
    measure = _Measure(title, size, tracking)
    cut = title.index(lines[1], len(lines[0]))
    cuts = [c for c in _opportunities(title) if c > cut]
    first_wide = measure.span(0, cut)[1] + _SLACK
    first_max = (measure.span(0, cuts[0])[0] if cuts else text_width) - 2 * _SLACK
    second = measure.span(cut, len(title))[1] + _SLACK
    if first_wide > first_max or second > text_width:
        return None
    first = min(max(first_wide, second), first_max)
    area = max(first, second)
    if certain_ends(measure, [first, area]) != [cut, len(title)]:
        return None
    shift = area - first                       # how much narrower the first line is
    if shift > size / 2:
        # the lines' centres would stand more than a quarter of a character apart (a second
        # line two or more characters the longer): a typed break keeps the PDF's trapezoid
        return None
    left = (text_width - area - shift / 2) / 2
    return Indents(left=left, right=text_width - area - left, first_line=shift)


def word_measure(text: str, bounds: set[int], available: float, first_indent: float,
                 size: float, tracking: float) -> float | None:
    """The widest measure (pt, at most ``available``) at which every line of ``text`` ends
    between two words (``bounds``: offsets in ``text``), or None when none is certain.
    ``first_indent`` narrows the first line (pt). Full-width marks count at full width, as
    LibreOffice sets them (its DOCX import ignores ``w:characterSpacingControl``): Word may
    compress them and end a line elsewhere, which is no worse than a heading without the
    measure (unlike a title, whose fallback is a typed break that is always right)."""
    measure = _Measure(text, size, tracking, compressed=False)
    widths = {measure.span(0, b)[1] + _SLACK for b in bounds}
    candidates = sorted({available} | widths | {w + first_indent for w in widths}, reverse=True)
    for area in candidates:
        if area > available or area < 4 * size:
            continue
        ends = certain_ends(measure, [area - first_indent, area])
        if ends is not None and all(end in bounds or end == len(text) for end in ends):
            return area
    return None
