"""Inter-character justification of Chinese lines in a laid-out WeasyPrint document.

Why: WeasyPrint justifies a line by widening its spaces only (``layout/inline.py``:
``justify_line`` → ``add_word_spacing``, which count U+0020 and U+00A0), so a line of Chinese,
which has no spaces, keeps a ragged right edge. clreq (§3.8) and CSS ``text-justify:
inter-character`` share the slack between the characters instead.

How: ``apply(document)`` runs after ``HTML(...).render()`` and before ``write_pdf()``; it only
moves boxes that layout has placed and widens glyphs at draw time, so line breaking,
pagination and the text stay WeasyPrint's.

1. Every line box of every page is visited. A line is justified when its computed
   ``text-align`` (``text-align-last`` for a last line) is ``justify``, white space collapses,
   it holds CJK text, and it is not the last line of its paragraph: the last line box of a
   block, unless the block goes on over the page (WeasyPrint then records the bottom side in
   ``remove_decoration_sides``), or a line ending in a forced break (``<br>``).
2. Its slack is the block's content right edge (plus any letter-spacing, which follows the
   last glyph too) minus the end of its content, plus what WeasyPrint had already given to
   spaces (taken back, so a line with one Latin word does not put all its slack in two
   spaces) and the Han–Latin spacing that fell at the start or end of a line (dropped there,
   as clreq wants; on any line): the margins of ``typography.AUTOSPACE_CLASS`` markers, or the
   widths of ``typography.AUTOSPACE_CHAR`` spaces. Those spaces are drawn as gaps (Pango's
   empty glyph) on every line, so they never reach the PDF's text.
3. Opportunities: between two visible characters when either is CJK (Han, kana, full-width
   punctuation, CJK quotes and dashes), and after a space; never inside a Latin word or a
   number, never inside —— or …… . Zero-width characters (U+2060 word joiners that
   ``typography`` inserts) are not characters here. The slack is shared equally; a line that
   would need more than ``MAX_GAP_EM`` per gap is left as laid out and listed in the report.
   With negative letter-spacing a line may fit by WeasyPrint's count yet have its last glyph
   stick out: its small negative slack is shared the same way.
4. Applying: boxes after a gap move right, and inline boxes around them grow (as
   ``add_word_spacing`` does). A gap between two characters of one text box widens the glyph
   before it: WeasyPrint re-shapes a text box when it draws it (``Layout.reactivate``) and reads
   the glyphs from ``Layout.get_first_line()``; each text box of a justified line gets a
   private copy of its layout whose ``get_first_line`` (a ``_GlyphPlacer``) sets the glyphs'
   widths. ``draw_first_line`` writes a width that differs from the font's as a TJ adjustment
   truncated to whole 1/1000 em (which drifts by up to that much a glyph, more than 0.3 pt a
   line with gongwen's letter-spacing), so every glyph's width is chosen to make the written
   advances land where Pango's widths plus the gaps say, the rounding carried to the next
   glyph: a justified line ends within 0.01 pt of the edge.

Nothing is added to the text, so copying from the PDF gives the source text. The clickable
rectangles of links move with their boxes. Relies only on names that WeasyPrint 66 to 70 share
(box classes and attributes, ``Layout.get_first_line``, Pango's glyph strings, and
``draw_first_line``'s rule for advances); checked with 66.0 and 70.0.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Iterator, NamedTuple

from docpipe.text.cjk import INSEPARABLE, SHARED_MARKS, is_cjk_text
from docpipe.text.typography import AUTOSPACE_CHAR, AUTOSPACE_CLASS

#: A line needing more than this per gap (in em of the line's font) is left ragged.
MAX_GAP_EM = 0.5

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10))
_SPACES = frozenset(" \u00a0")
_UNSPLITTABLE = frozenset(INSEPARABLE)
_CJK_LIKE_MARKS = SHARED_MARKS + "\ufffc"


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


#: WeasyPrint major versions the adapter was written for and checked with.
WRITTEN_FOR = range(66, 71)
#: From this version on, ``draw_first_line`` sizes raster (PNG) emoji fonts by the box's font
#: size, not by the Pango font's (WeasyPrint #2800).
PNG_SIZE_RULE_SINCE = 70


class AdapterFailed(Exception):
    """WeasyPrint did not behave as the adapter expects; the document may be half moved and
    must be laid out again, unjustified."""


@dataclass
class Report:
    """What ``apply`` did: lines justified, lines left ragged (too loose), the widest gap, and
    why nothing was done (``skipped``: a sentence for the user) if so."""
    justified: int = 0
    too_loose: list[str] = field(default_factory=list)
    widest_gap_em: float = 0.0
    skipped: str = ""


def _failed(exc: BaseException) -> AdapterFailed:
    import weasyprint

    return AdapterFailed(
        f"Chinese lines left unjustified: WeasyPrint {weasyprint.__version__} did not behave "
        f"as docpipe's justification expects ({type(exc).__name__}: {exc})"[:300])


def apply(document: Any) -> Report:
    """Justify the Chinese lines of a rendered WeasyPrint ``Document`` in place. Raises
    ``AdapterFailed`` for anything unexpected (render again and write that unjustified)."""
    import weasyprint

    major = weasyprint.__version__.partition(".")[0]
    if not major.isdigit() or int(major) not in WRITTEN_FOR:
        return Report(skipped=f"Chinese lines left unjustified: docpipe's justification was "
                      f"written for WeasyPrint {WRITTEN_FOR[0]}–{WRITTEN_FOR[-1]}, not "
                      f"{weasyprint.__version__}")
    if getattr(document, "_docpipe_cjk_justified", False):
        return Report()
    try:
        return _apply(document, png_rule=int(major) >= PNG_SIZE_RULE_SINCE)
    except Exception as exc:  # noqa: BLE001 - a future WeasyPrint: WeasyPrint's own lines
        raise _failed(exc) from exc


def _apply(document: Any, png_rule: bool) -> Report:
    from weasyprint.formatting_structure import boxes

    report = Report()
    document._docpipe_cjk_justified = True
    lines = [(page, block, line) for page in document.pages
             for block, line in _line_boxes(page._page_box, boxes)]
    last_of_block = {id(block): line for _, block, line in lines}
    cache: dict = {"png_rule": png_rule}
    for page in document.pages:  # outline titles read as the text: no Han–Latin spaces
        page.bookmarks = [(level, label.replace(AUTOSPACE_CHAR, ""), *rest)
                          if isinstance(label, str) else (level, label, *rest)
                          for level, label, *rest in page.bookmarks]
    for page, block, line in lines:
        # a block broken by a page break has lost its bottom decoration: it goes on overleaf
        continues = "bottom" in getattr(block, "remove_decoration_sides", ())
        last = (last_of_block[id(block)] is line and not continues) or _ends_with_break(line, boxes)
        moved = _Line(line, block, boxes, cache).adjust(last, report)
        if moved:
            _move_links(page, moved)
    return report


def _line_boxes(box: Any, boxes: Any) -> Iterator[tuple[Any, Any]]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield box, child
        elif isinstance(child, boxes.ParentBox):
            yield from _line_boxes(child, boxes)


def _ends_with_break(line: Any, boxes: Any) -> bool:
    """A forced break (``<br>``, or a preserved newline) ends this line."""
    last_text = None
    stack = list(line.children)
    while stack:
        box = stack.pop(0)
        if box.element_tag == "br":
            return True
        if isinstance(box, boxes.TextBox):
            last_text = box.text
        stack[:0] = getattr(box, "children", ())
    return last_text is not None and last_text.endswith("\n")


class _Unit(NamedTuple):
    """A visible character of a line (a tuple: one is made per character of every line)."""
    leaf: int   # index of its box in _Line.leaves
    byte: int   # UTF-8 offset in the text box's text (-1 for an atomic box)
    char: str


class _Line:
    """One line box: its leaves in order, its visible characters, and how to stretch it."""

    def __init__(self, line: Any, block: Any, boxes: Any, cache: dict) -> None:
        self.line, self.block, self.boxes, self.cache = line, block, boxes, cache
        self.leaves: list[Any] = []
        self.units: list[_Unit] = []
        self.markers: list[tuple[Any, int]] = []  # (marker box, number of units before it)
        # Han–Latin spaces (AUTOSPACE_CHAR): (leaf, UTF-8 offset, number of units before it)
        self.spacers: list[tuple[int, int, int]] = []
        self.with_units: set[int] = set()
        self._collect(line, [])

    def _collect(self, box: Any, ancestors: list[Any]) -> None:
        boxes = self.boxes
        for child in box.children:
            if not child.is_in_normal_flow():
                continue
            if isinstance(child, boxes.TextBox):
                self.leaves.append(child)
                leaf, offset, count = len(self.leaves) - 1, 0, len(self.units)
                units, unit = self.units, _Unit
                for char in child.text:
                    if char == AUTOSPACE_CHAR:
                        self.spacers.append((leaf, offset, len(units)))
                    elif char not in _ZERO_WIDTH and char != "\n":
                        units.append(unit(leaf, offset, char))
                    code = ord(char)  # its UTF-8 length
                    offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
                if len(self.units) > count:
                    self.with_units.update(id(owner) for owner in ancestors + [child])
            elif isinstance(child, boxes.InlineBox):
                if _is_marker(child):
                    self.markers.append((child, len(self.units)))
                self._collect(child, ancestors + [child])
            else:  # an atomic inline: image, inline-block
                self.leaves.append(child)
                self.units.append(_Unit(len(self.leaves) - 1, -1, "\ufffc"))
                self.with_units.update(id(owner) for owner in ancestors + [child])

    def adjust(self, last: bool, report: Report) -> dict[int, tuple[float, float]]:
        """Stretch or tidy the line; return {id(inline box): (dx, dwidth)} for moved boxes."""
        style = self.line.style
        align = style["text_align_all"]
        if last and style["text_align_last"] != "auto":
            align = style["text_align_last"]
        if align in ("left", "right"):
            align = "start" if (align == "left") ^ (style["direction"] == "rtl") else "end"
        if style["direction"] == "rtl" or not self.units:
            return {}
        edge_markers = {id(box): box.margin_left for box, before in self.markers
                        if before == 0 or before == len(self.units)}
        # letter-spacing follows the last glyph too: let it hang past the edge so that the
        # glyph itself ends there (it is negative on the gongwen grid)
        tracking = 0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
        # a Han–Latin space at the start or end of the line is taken out (its glyph's width
        # taken back after it); every one is drawn as a gap, not as a character
        edges: dict[int, dict[int, float]] = {}
        for leaf, byte, before in self.spacers:
            if before == 0 or before == len(self.units):
                width = 0.25 * self.leaves[leaf].style["font_size"] + tracking
                edges.setdefault(leaf, {})[byte] = -width
        dropped = sum(edge_markers.values()) - sum(sum(e.values()) for e in edges.values())
        tidy = bool(dropped or self.spacers)  # something to do even when not justifying
        # A Latin line is WeasyPrint's to justify, unless negative letter-spacing makes its last
        # glyph stick out: then its spaces are set again here.
        justify = (align == "justify" and style["white_space"] in ("normal", "nowrap", "pre-line")
                   and (tracking < 0 or any(is_cjk_text(unit.char) for unit in self.units)))
        if not justify:
            if not tidy:
                return {}
            shift = dropped * {"center": 0.5, "end": 1.0}.get(align, 0.0)
            return self._apply(edges, {}, edge_markers, shift, justified=False)
        taken_back = sum(_spacing_of(leaf) for leaf in self.leaves)
        slack = self._right_edge() + tracking - self._content_end() + taken_back + dropped
        gaps = [i for i in range(len(self.units) - 1)
                if is_opportunity(self.units[i].char, self.units[i + 1].char)]
        if not gaps or slack < min(tracking, 0.0) - 0.01:
            # nothing to stretch, or a line too long already (an unbreakable word): leave it
            return self._apply(edges, {}, edge_markers, 0.0, justified=False) if tidy else {}
        per_gap = slack / len(gaps)
        font_size = style["font_size"]
        if per_gap > MAX_GAP_EM * font_size:
            report.too_loose.append(f"{per_gap / font_size:.2f} em per gap: "
                                    + "".join(u.char for u in self.units)[:40])
            return self._apply(edges, {}, edge_markers, 0.0, justified=False) if tidy else {}
        report.justified += 1
        report.widest_gap_em = max(report.widest_gap_em, per_gap / font_size)
        inner: dict[int, dict[int, float]] = {leaf: dict(e) for leaf, e in edges.items()}
        after: dict[int, float] = {}
        for i in gaps:
            left, right = self.units[i], self.units[i + 1]
            if left.leaf == right.leaf:
                extras = inner.setdefault(left.leaf, {})
                extras[left.byte] = extras.get(left.byte, 0.0) + per_gap
            else:
                after[left.leaf] = after.get(left.leaf, 0.0) + per_gap
        return self._apply(inner, after, edge_markers, 0.0, justified=True)

    def _right_edge(self) -> float:
        return self.block.content_box_x() + self.block.width

    def _content_end(self) -> float:
        return max(child.position_x + child.margin_width() for child in self.line.children
                   if child.is_in_normal_flow())

    def _apply(self, inner: dict[int, dict[int, float]], after: dict[int, float],
               edge_markers: dict[int, float], shift: float, *, justified: bool
               ) -> dict[int, tuple[float, float]]:
        hidden: dict[int, set[int]] = {}
        for leaf, byte, _ in self.spacers:
            hidden.setdefault(leaf, set()).add(byte)
        state = _Walk(inner, after, edge_markers, shift, justified,
                      {id(leaf): index for index, leaf in enumerate(self.leaves)}, self, hidden)
        before = state.x
        state.walk(self.line)
        self.line.width += state.x - before + state.pending
        return state.moved


class _Walk:
    """Moves a line's boxes: ``x`` is the shift so far, ``pending`` a gap waiting to be placed
    before the next box that has characters (so it falls between, not inside, inline boxes)."""

    def __init__(self, inner, after, edge_markers, shift, justified, leaf_index, line, hidden):
        self.inner, self.after, self.edge_markers = inner, after, edge_markers
        self.hidden = hidden
        self.x, self.pending = shift, 0.0
        self.justified, self.leaf_index, self.owner = justified, leaf_index, line
        self.moved: dict[int, tuple[float, float]] = {}

    def walk(self, box: Any) -> None:
        boxes = self.owner.boxes
        for child in box.children:
            if not child.is_in_normal_flow():
                continue
            if self.pending and id(child) in self.owner.with_units:
                self.x += self.pending
                self.pending = 0.0
            if isinstance(child, boxes.TextBox):
                self._text(child)
            elif isinstance(child, boxes.InlineBox):
                dx = self.x
                child.position_x += self.x
                if id(child) in self.edge_markers:
                    self.x -= child.margin_left
                    child.margin_left = 0
                start = self.x
                self.walk(child)
                child.width += self.x - start
                self.moved[id(child)] = (dx, self.x - start)
            else:
                child.translate(self.x, 0)
                self.pending += self.after.get(self.leaf_index[id(child)], 0.0)

    def _text(self, box: Any) -> None:
        box.position_x += self.x
        index = self.leaf_index[id(box)]
        extras = self.inner.get(index)
        grow = sum(extras.values()) if extras else 0.0
        hidden = self.hidden.get(index)
        if self.justified or hidden:  # glyphs placed exactly, Han–Latin spaces hidden
            layout = copy.copy(box.pango_layout)
            if self.justified:  # WeasyPrint's spacing of spaces is taken back
                grow -= _spacing_of(box)
                layout.justification_spacing = 0
                box.justification_spacing = 0
            layout.get_first_line = _GlyphPlacer(
                layout, extras or {}, box.style["font_size"], self.owner.cache, hidden)
            box.pango_layout = layout
        box.width += grow
        self.x += grow
        self.pending += self.after.get(index, 0.0)


def _is_marker(box: Any) -> bool:
    element = getattr(box, "element", None)
    return (element is not None and box.element_tag == "span"
            and AUTOSPACE_CLASS in (element.get("class") or "").split())


def _spacing_of(box: Any) -> float:
    """The width WeasyPrint's own justification gave to this text box's spaces."""
    spacing = getattr(box, "justification_spacing", 0) or 0
    text = getattr(box, "text", None)
    if not spacing or text is None:
        return 0.0
    return spacing * (text.count(" ") + text.count("\u00a0"))


def _move_links(page: Any, moved: dict[int, tuple[float, float]]) -> None:
    for index, (kind, target, rect, box) in enumerate(page.links):
        if id(box) in moved:
            dx, dwidth = moved[id(box)]
            x0, y0, x1, y1 = rect  # an axis-aligned box, corners (``rectangle_aabb``)
            page.links[index] = (kind, target, (x0 + dx, y0, x1 + dx + dwidth, y1), box)


class _GlyphPlacer:
    """Stands in for ``Layout.get_first_line`` of one text box of a justified line: returns
    Pango's first line with the glyph before each gap widened, and every glyph's width set so
    that the advance ``draw_first_line`` writes (whole 1/1000 em) lands where Pango's widths
    plus the gaps say, the rounding error carried to the next glyph. ``extras`` maps the
    UTF-8 offset of a character to the space (CSS px) to add after it."""

    def __init__(self, layout: Any, extras: dict[int, float], style_font_size: float,
                 cache: dict, hidden: set[int] | None = None) -> None:
        self.original = type(layout).get_first_line.__get__(layout)
        self.extras = extras
        self.hidden = hidden or set()  # UTF-8 offsets of characters drawn as gaps only
        self.style_font_size = style_font_size
        self.cache = cache  # font sizes and glyph advances, shared by one document's boxes

    def __call__(self):
        line, index = self.original()
        if line is not None:
            try:
                self._place(line)
            except Exception as exc:  # noqa: BLE001 - drawn from write_pdf: lay out again
                raise _failed(exc) from exc
        return line, index

    def _place(self, line: Any) -> None:
        from weasyprint.text.ffi import FROM_UNITS, ffi, pango

        target = written = 0.0  # px from the box's start: where the next glyph should go, will go
        # the gaps in text order, consumed as the glyphs pass their characters (left to right)
        gaps = sorted(self.extras.items())
        gap_index, gap_count = 0, len(gaps)
        run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            item, glyphs = glyph_item.item, glyph_item.glyphs
            if item.analysis.level % 2:
                return  # right-to-left: not ours
            start, end = item.offset, item.offset + item.length
            font = item.analysis.font
            font_key = int(ffi.cast("uintptr_t", font))
            size = _font_size(font, font_key, self.style_font_size, self.cache)
            count = glyphs.num_glyphs
            # The glyph array read and written through int32 views of its memory: cffi
            # attribute access per glyph field was most of this loop's time.
            fields = _glyph_fields(ffi)
            infos = memoryview(ffi.buffer(glyphs.glyphs, count * fields[0])).cast("i")
            clusters = memoryview(ffi.buffer(glyphs.log_clusters, count * 4)).cast("i")
            stride, glyph_at, width_at, x_offset_at = fields[1:]
            empty = pango.PANGO_GLYPH_EMPTY
            hidden = self.hidden
            # per font and size: glyph → advance, and (advance, x_offset, width, kerning) →
            # what _placed answers
            advances = self.cache.setdefault(("advances", font_key, size), {})
            placements = self.cache.setdefault(("placements", size), {})
            for i in range(count):
                base = i * stride
                if hidden and start + clusters[i] in hidden:
                    infos[base + glyph_at] = empty  # a gap in the PDF, not a character
                width = infos[base + width_at]
                target += width * FROM_UNITS
                if gap_index < gap_count and (i + 1 == count or clusters[i + 1] != clusters[i]):
                    cluster_end = start + clusters[i + 1] if i + 1 < count else end
                    while gap_index < gap_count and gaps[gap_index][0] < cluster_end:
                        target += gaps[gap_index][1]
                        gap_index += 1
                glyph = infos[base + glyph_at]
                if glyph == empty:
                    # written as a plain number: width / size thousandths of an em
                    width = round((target - written) * 1000)
                    infos[base + width_at] = width
                    written += width / 1000
                    continue
                advance = advances.get(glyph)
                if advance is None:
                    advance = advances[glyph] = _advance(font, glyph, size)
                # the whole 1/1000 em to write after this glyph, so the next lands on target
                x_offset = infos[base + x_offset_at]
                kerning = round(advance + x_offset / size - (target - written) * 1000 / size)
                key = (advance, x_offset, width, kerning)
                placed = placements.get(key)
                if placed is None:
                    placed = placements[key] = _placed(size, *key)
                delta, moved = placed
                infos[base + width_at] = width + delta
                written += moved


def _glyph_fields(ffi: Any) -> tuple[int, int, int, int, int]:
    """PangoGlyphInfo's size in bytes, and its size and the glyph, width and x_offset fields'
    offsets in 32-bit words (all its fields are 32-bit)."""
    size = ffi.sizeof("PangoGlyphInfo")
    words = [ffi.offsetof("PangoGlyphInfo", "glyph") // 4,
             ffi.offsetof("PangoGlyphInfo", "geometry", "width") // 4,
             ffi.offsetof("PangoGlyphInfo", "geometry", "x_offset") // 4]
    return (size, size // 4, *words)


def _font_size(font: Any, key: int, style_font_size: float, cache: dict) -> float:
    """The font size ``draw_first_line`` divides by: the Pango font's (``stream.add_font``),
    but the box's with Pango < 1.48.2 and, from WeasyPrint 70, for raster emoji fonts."""
    from weasyprint.text.ffi import harfbuzz, pango
    from weasyprint.text.fonts import get_pango_font_hb_face, get_pango_font_key

    if pango.pango_version() < 14802:
        return style_font_size
    known = cache.get(key)
    if known is None:
        raster = cache["png_rule"] and bool(
            harfbuzz.hb_ot_color_has_png(get_pango_font_hb_face(font)))
        known = cache[key] = (get_pango_font_key(font)[2], raster)
    return style_font_size if known[1] else known[0]


def _advance(font: Any, glyph: int, size: float) -> int:
    """The glyph's advance in 1/1000 em, as ``draw_first_line`` puts it in the PDF font."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    rect = ffi.new("PangoRectangle *")
    pango.pango_font_get_glyph_extents(font, glyph, ffi.NULL, rect)
    return round(rect.width * 1000 * FROM_UNITS / size)


def _placed(size: float, advance: int, x_offset: int, width: int, kerning: int
            ) -> tuple[int, float]:
    """Pango units to add to a glyph's width so that ``draw_first_line`` writes ``kerning``
    after it (or the nearest it can); and how far the pen then moves, in px.

    ``draw_first_line`` writes a glyph's advance as ``offset + L - int(L + offset - W·k)``
    (L the font's advance in 1/1000 em, W Pango's width, offset = x_offset / size,
    k = 1000 / (1024 · size)); ``int`` rounds towards zero.
    """
    from weasyprint.text.ffi import FROM_UNITS

    k = 1000 * FROM_UNITS / size
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
