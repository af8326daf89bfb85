"""Where the slack of a justified Chinese line goes: plain data in, a plan out, no WeasyPrint.

The rules and their reasons are in docs/justification.md; ``adapter`` reads the facts of each
line from WeasyPrint's boxes and carries the plan out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from docpipe.text.cjk import INSEPARABLE, SHARED_MARKS, is_cjk_text
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


@dataclass
class Report:
    """What justification did: lines justified, lines left ragged (too loose), the widest gap,
    and why nothing was done (``skipped``: a sentence for the user) if so."""
    justified: int = 0
    too_loose: list[str] = field(default_factory=list)
    widest_gap_em: float = 0.0
    skipped: str = ""


class Unit(NamedTuple):
    """A visible character of a line (a tuple: one is made per character of every line)."""
    leaf: int   # index of its box among the line's leaves
    byte: int   # UTF-8 offset in the text box's text (-1 for an atomic box)
    char: str


#: a Han–Latin space (AUTOSPACE_CHAR): (leaf, UTF-8 offset, units before it)
Spacer = tuple[int, int, int]


def add_text(text: str, leaf: int, units: list[Unit], spacers: list[Spacer]) -> bool:
    """Append the visible characters and Han–Latin spaces of one text box; True if it had
    visible characters. Zero-width characters and newlines are not characters here."""
    count, offset = len(units), 0
    unit = Unit
    for char in text:
        if char == AUTOSPACE_CHAR:
            spacers.append((leaf, offset, len(units)))
        elif char not in ZERO_WIDTH and char != "\n":
            units.append(unit(leaf, offset, char))
        code = ord(char)  # its UTF-8 length
        offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return len(units) > count


@dataclass(slots=True)
class LineFacts:
    """What the planner needs to know of one line box (CSS px and computed styles)."""
    units: list[Unit]
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
    # WeasyPrint would widen the spaces of inline code with the others: a line holding them
    # is set here, even a Latin one, and one that cannot be is left ragged (``unstretched``)
    code_spaces = bool(code) and any(unit.char in _SPACES and unit.leaf in code
                                     for unit in units)
    # A Latin line is WeasyPrint's to justify, unless negative letter-spacing makes its last
    # glyph stick out: then its spaces are set again here.
    justify = (align == "justify" and line.white_space in ("normal", "nowrap", "pre-line")
               and (tracking < 0 or code_spaces or any(is_cjk_text(unit.char) for unit in units)))
    if not justify:
        if not tidy:
            return None
        return _plan(line, edges, {}, edge_markers, dropped * _SHIFT.get(align, 0.0), False)
    unstretched = _plan(line, edges, {}, edge_markers, 0.0, True) if code_spaces else None
    right_edge, content_end, taken_back = line.geometry()
    slack = right_edge + tracking - content_end + taken_back + dropped
    gaps = [i for i in range(count - 1) if is_opportunity(units[i].char, units[i + 1].char)
            and not _inside_code(code, units[i].leaf, units[i + 1].leaf)]
    if not gaps or slack < min(tracking, 0.0) - 0.01:
        # nothing to stretch, or a line too long already (an unbreakable word): leave it
        return unstretched or (_plan(line, edges, {}, edge_markers, 0.0, False) if tidy else None)
    per_gap = slack / len(gaps)
    font_size = line.font_size
    # a Latin line set here for its code gets what WeasyPrint would give its spaces: no limit
    if per_gap > MAX_GAP_EM * font_size and not (
            code_spaces and not any(is_cjk_text(unit.char) for unit in units)):
        # flush left at the natural spacing, WeasyPrint's widening of the spaces taken back:
        # left to it, a line with one space puts all its slack there (a hole)
        report.too_loose.append(f"{per_gap / font_size:.2f} em per gap: "
                                + "".join(u.char for u in units)[:40])
        return _plan(line, edges, {}, edge_markers, 0.0, True)
    report.justified += 1
    report.widest_gap_em = max(report.widest_gap_em, per_gap / font_size)
    inner: dict[int, dict[int, float]] = {leaf: dict(e) for leaf, e in edges.items()}
    after: dict[int, float] = {}
    for i in gaps:
        left, right = units[i], units[i + 1]
        if left.leaf == right.leaf:  # inside one text box: after the glyph, at draw time
            extras = inner.setdefault(left.leaf, {})
            extras[left.byte] = extras.get(left.byte, 0.0) + per_gap
        else:  # between boxes: the boxes after it move
            after[left.leaf] = after.get(left.leaf, 0.0) + per_gap
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
