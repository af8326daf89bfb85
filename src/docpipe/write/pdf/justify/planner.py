"""Where the slack of a justified Chinese line goes: plain data in, a plan out, no WeasyPrint.

The rules and their reasons are in docs/justification.md; ``adapter`` reads the facts of each
line from WeasyPrint's boxes and carries the plan out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, NamedTuple

from docpipe.text.cjk import CJK, INSEPARABLE, SHARED_MARKS, is_cjk_text
from docpipe.text.typography import AUTOSPACE_CHAR

#: A line needing more than this per gap (in em of the line's font) is set flush left, at its
#: natural spacing: ragged, but never with its slack in one or two holes.
MAX_GAP_EM = 0.5

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10))
_SPACES = frozenset(" \u00a0")
_UNSPLITTABLE = frozenset(INSEPARABLE)
_CJK_LIKE_MARKS = SHARED_MARKS + "\ufffc"
#: how far a line that is not justified moves when an edge's spacing is dropped
_SHIFT = {"center": 0.5, "end": 1.0}
#: a character that is not a plain visible one: a Han–Latin space, zero-width, a newline
_NOT_PLAIN = re.compile("[" + "".join(re.escape(c) for c in sorted(
    ZERO_WIDTH | {AUTOSPACE_CHAR, "\n"})) + "]")


def _is_cjk_like(char: str) -> bool:
    """CJK text, or a mark that a CJK font sets full width in Chinese text."""
    return is_cjk_text(char) or char in _CJK_LIKE_MARKS


def is_opportunity(before: str, after: str) -> bool:
    """Whether justification may widen the gap between two visible characters."""
    if before == after and before in _UNSPLITTABLE:
        return False
    if before in _SPACES:
        return True
    if after in _SPACES:
        return False
    return _is_cjk_like(before) or _is_cjk_like(after)


class _Kinds(dict):
    """Character → its letter for ``opportunities``: S a space, D and E the two marks never
    split when doubled (— …), C CJK-like, L anything else; filled as characters are met."""

    def __missing__(self, char: str) -> str:
        kind = ("S" if char in _SPACES else "D" if char == INSEPARABLE[0]
                else "E" if char == INSEPARABLE[1] else "C" if _is_cjk_like(char) else "L")
        self[char] = kind
        return kind


_KINDS = _Kinds()
#: the pairs of kinds ``is_opportunity`` says no to: before a space (unless after one), the
#: doubled marks, two characters neither CJK-like nor spaces
_CLOSED = re.compile(r"[^S](?=S)|D(?=D)|E(?=E)|L(?=L)")
assert len(INSEPARABLE) == 2


def opportunities(text: str) -> list[int]:
    """Every ``i`` where justification may widen the gap after ``text[i]``: ``is_opportunity``
    of each pair, found on a string of one letter a character (a Chinese line has every gap
    open, and one regular-expression search says so)."""
    kinds = "".join(map(_KINDS.__getitem__, text))
    closed = {found.start() for found in _CLOSED.finditer(kinds)}
    if not closed:
        return list(range(len(text) - 1))
    return [i for i in range(len(text) - 1) if i not in closed]


def utf8_offsets(text: str) -> list[int]:
    """The UTF-8 offset of each character of ``text``."""
    if text.isascii():
        return list(range(len(text)))
    if "\u0800" <= min(text) and max(text) <= "\uffff":  # three bytes each: Chinese
        return list(range(0, 3 * len(text), 3))
    offsets, offset = [], 0
    for char in text:
        offsets.append(offset)
        code = ord(char)
        offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return offsets


@dataclass
class Report:
    """What justification did: lines justified, lines left ragged (too loose), the widest gap,
    and why nothing was done (``skipped``: a sentence for the user) if so."""
    justified: int = 0
    too_loose: list[str] = field(default_factory=list)
    widest_gap_em: float = 0.0
    skipped: str = ""


class Units:
    """The visible characters of one line, in order (an atomic box is one, U+FFFC): their
    ``text``, and for each the index of its leaf among the line's boxes (``leaves``) and its
    UTF-8 offset in that box's text (``offsets``; -1 for an atomic box). A string and two
    lists, filled a box at a time: a book's lines hold some 100,000 characters."""

    __slots__ = ("_pieces", "_text", "leaves", "offsets")

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._text = ""
        self.leaves: list[int] = []
        self.offsets: list[int] = []

    def add(self, chars: str, leaf: int, offsets: list[int]) -> None:
        self._pieces.append(chars)
        self.leaves.extend([leaf] * len(chars))
        self.offsets.extend(offsets)

    @property
    def text(self) -> str:
        if len(self._text) != len(self.leaves):
            self._text = "".join(self._pieces)
        return self._text

    def __len__(self) -> int:
        return len(self.leaves)

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        """(leaf, UTF-8 offset, character) of each."""
        return zip(self.leaves, self.offsets, self.text)


#: a Han–Latin space (AUTOSPACE_CHAR): (leaf, UTF-8 offset, units before it)
Spacer = tuple[int, int, int]


def add_text(text: str, leaf: int, units: Units, spacers: list[Spacer]) -> bool:
    """Append the visible characters and Han–Latin spaces of one text box; True if it had
    visible characters. Zero-width characters and newlines are not characters here."""
    if _NOT_PLAIN.search(text) is None:  # the common box: every character visible
        if text:
            units.add(text, leaf, utf8_offsets(text))
        return bool(text)
    before = len(units)
    chars: list[str] = []
    offsets: list[int] = []
    offset = 0
    for char in text:
        if char == AUTOSPACE_CHAR:
            spacers.append((leaf, offset, before + len(chars)))
        elif char not in ZERO_WIDTH and char != "\n":
            chars.append(char)
            offsets.append(offset)
        code = ord(char)  # its UTF-8 length
        offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    if chars:
        units.add("".join(chars), leaf, offsets)
    return bool(chars)


def add_atomic(leaf: int, units: Units) -> None:
    """Append an atomic inline box (an image, an inline-block): one character, U+FFFC."""
    units.add("\ufffc", leaf, [-1])


@dataclass(slots=True)
class LineFacts:
    """What the planner needs to know of one line box (CSS px and computed styles)."""
    units: Units
    spacers: list[Spacer]
    #: Han–Latin spacing markers (``AUTOSPACE_CLASS`` spans): (key, margin-left, units before)
    markers: list[tuple[int, float, int]]
    last: bool               # the last line of its paragraph, or one before a forced break
    text_align_all: str
    text_align_last: str
    direction: str
    white_space: str
    letter_spacing: float | str   # "normal" or px
    font_size: float
    #: () → (the block's content right edge, the end of the line's content, what WeasyPrint
    #: gave to spaces): asked only of a line to justify
    geometry: Callable[[], tuple[float, float, float]]
    #: leaf → its font size: asked only for a Han–Latin space at a line's edge
    font_size_of: Callable[[int], float]
    #: leaf → the inline code element (a command to type) it belongs to: the gaps inside one
    #: element are never widened, even between its boxes (a ``span.code-word`` splits it)
    code_of: dict[int, int] = field(default_factory=dict)


class Plan(NamedTuple):
    """How to move one line: px after characters and boxes, margins to drop, a shift."""
    inner: dict[int, dict[int, float]]   # leaf → {UTF-8 offset: px after that character}
    after: dict[int, float]              # leaf → px after the whole leaf
    edge_markers: dict[int, float]       # marker key → its margin, dropped (at a line edge)
    shift: float                         # px the whole line moves (a line not justified)
    justified: bool                      # WeasyPrint's spacing of spaces is taken back
    hidden: dict[int, set[int]]          # leaf → offsets of Han–Latin spaces drawn as gaps


def plan_line(line: LineFacts, report: Report) -> Plan | None:
    """The plan for one line (None: leave it as laid out); justified lines and lines too loose
    to justify are counted in ``report``."""
    align = line.text_align_all
    if line.last and line.text_align_last != "auto":
        align = line.text_align_last
    if align in ("left", "right"):
        align = "start" if (align == "left") ^ (line.direction == "rtl") else "end"
    units = line.units
    if line.direction == "rtl" or not units:
        return None
    count = len(units)
    edge_markers = {key: margin for key, margin, before in line.markers
                    if before == 0 or before == count}
    # letter-spacing follows the last glyph too: let it hang past the edge so that the glyph
    # itself ends there (it is negative on the gongwen grid)
    tracking = 0 if line.letter_spacing == "normal" else line.letter_spacing
    # a Han–Latin space at the start or end of the line is taken out (its glyph's width taken
    # back after it); every one is drawn as a gap, not as a character
    edges: dict[int, dict[int, float]] = {}
    for leaf, byte, before in line.spacers:
        if before == 0 or before == count:
            edges.setdefault(leaf, {})[byte] = -(0.25 * line.font_size_of(leaf) + tracking)
    dropped = sum(edge_markers.values()) - sum(sum(e.values()) for e in edges.values())
    tidy = bool(dropped or line.spacers)  # something to do even when not justifying
    code = line.code_of
    text, leaves = units.text, units.leaves
    # WeasyPrint would widen the spaces of inline code with the others: a line holding them
    # is set here, even a Latin one, and one that cannot be is left ragged (``unstretched``)
    code_spaces = bool(code) and any(char in _SPACES and leaf in code
                                     for leaf, char in zip(leaves, text))
    # A Latin line is WeasyPrint's to justify, unless negative letter-spacing makes its last
    # glyph stick out: then its spaces are set again here.
    justify = (align == "justify" and line.white_space in ("normal", "nowrap", "pre-line")
               and (tracking < 0 or code_spaces or any(map(CJK.__contains__, text))))
    if not justify:
        if not tidy:
            return None
        return _plan(line, edges, {}, edge_markers, dropped * _SHIFT.get(align, 0.0), False)
    unstretched = _plan(line, edges, {}, edge_markers, 0.0, True) if code_spaces else None
    right_edge, content_end, taken_back = line.geometry()
    slack = right_edge + tracking - content_end + taken_back + dropped
    gaps = opportunities(text)
    if code:
        gaps = [i for i in gaps if not _inside_code(code, leaves[i], leaves[i + 1])]
    if not gaps or slack < min(tracking, 0.0) - 0.01:
        # nothing to stretch, or a line too long already (an unbreakable word): leave it
        return unstretched or (_plan(line, edges, {}, edge_markers, 0.0, False) if tidy else None)
    per_gap = slack / len(gaps)
    font_size = line.font_size
    # a Latin line set here for its code gets what WeasyPrint would give its spaces: no limit
    if per_gap > MAX_GAP_EM * font_size and not (
            code_spaces and not any(map(CJK.__contains__, text))):
        # flush left at the natural spacing, WeasyPrint's widening of the spaces taken back:
        # left to it, a line with one space puts all its slack there (a hole)
        report.too_loose.append(f"{per_gap / font_size:.2f} em per gap: " + text[:40])
        return _plan(line, edges, {}, edge_markers, 0.0, True)
    report.justified += 1
    report.widest_gap_em = max(report.widest_gap_em, per_gap / font_size)
    inner: dict[int, dict[int, float]] = {leaf: dict(e) for leaf, e in edges.items()}
    after: dict[int, float] = {}
    offsets = units.offsets
    if leaves[0] == leaves[-1] and not inner:  # one text box (most lines): every gap in it
        inner[leaves[0]] = dict.fromkeys(map(offsets.__getitem__, gaps), 0.0 + per_gap)
        return _plan(line, inner, after, edge_markers, 0.0, True)
    for i in gaps:
        leaf = leaves[i]
        if leaf == leaves[i + 1]:  # inside one text box: after the glyph, at draw time
            extras = inner.get(leaf)
            if extras is None:
                extras = inner[leaf] = {}
            byte = offsets[i]
            extras[byte] = extras.get(byte, 0.0) + per_gap
        else:  # between boxes: the boxes after it move
            after[leaf] = after.get(leaf, 0.0) + per_gap
    return _plan(line, inner, after, edge_markers, 0.0, True)


def _inside_code(code: dict[int, int], left: int, right: int) -> bool:
    """Whether a gap between characters of these two leaves falls inside one code element."""
    if not code:
        return False
    element = code.get(left)
    return element is not None and element == code.get(right)


def _plan(line: LineFacts, inner, after, edge_markers, shift: float, justified: bool) -> Plan:
    hidden: dict[int, set[int]] = {}
    for leaf, byte, _ in line.spacers:
        hidden.setdefault(leaf, set()).add(byte)
    return Plan(inner, after, edge_markers, shift, justified, hidden)


def placed(size: float, advance: int, x_offset: int, width: int, kerning: int,
           from_units: float) -> tuple[int, float]:
    """Pango units to add to a glyph's width so that WeasyPrint's ``draw_first_line`` writes
    ``kerning`` after it (or the nearest it can); and how far the pen then moves, in px.

    ``draw_first_line`` writes a glyph's advance as ``offset + L - int(L + offset - W·k)``
    (L the font's advance in 1/1000 em, W Pango's width, offset = x_offset / size,
    k = 1000 · from_units / size, from_units = 1/1024, Pango's unit); ``int`` rounds towards
    zero.
    """
    k = 1000 * from_units / size
    offset = x_offset / size
    natural = advance + offset - width * k   # the kerning it would write, before int()
    aim = kerning + (0.5 if kerning > 0 else -0.5 if kerning < 0 else 0.0)
    guess = round((natural - aim) / k)
    for delta in (guess, guess - 1, guess + 1):
        if int(natural - delta * k) == kerning:
            break
    else:  # a font too small for Pango units to reach every value: the nearest will do
        delta = guess
    return delta, (advance + offset - int(natural - delta * k)) * size / 1000


def draw_font_size(pango_size: float, box_size: float, *, pango_version: int, raster: bool,
                   raster_rule: bool) -> float:
    """The font size ``draw_first_line`` divides advances by: the Pango font's, but the box's
    with Pango < 1.48.2 (Pango #530) and, where ``raster_rule`` (WeasyPrint 70 and later, its
    #2800), for a raster (PNG) emoji font."""
    if pango_version < 14802 or (raster_rule and raster):
        return box_size
    return pango_size
