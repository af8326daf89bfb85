"""Carries out the planner's plans on a laid-out WeasyPrint document: moves its boxes and sets
its glyphs' widths at draw time. The only part of justification that knows WeasyPrint.

Names it relies on (WeasyPrint 66–70): the box classes and their ``position_x``, ``width``,
``margin_left``, ``children``, ``style``, ``pango_layout``, ``justification_spacing``;
``Page.links``, ``Page.bookmarks``, ``Page._page_box``; ``Layout.get_first_line``; Pango's
glyph strings; and ``draw_first_line``'s rule for advances (``planner.placed``).
"""
from __future__ import annotations

import copy
from array import array
from functools import partial
from typing import Any, Iterator

from docpipe.text.typography import AUTOSPACE_CHAR, AUTOSPACE_CLASS
from docpipe.write.pdf.justify import planner
from docpipe.write.pdf.justify.planner import LineFacts, Report

#: Inline code and its kin: a command to type, whose spaces justification never widens.
_CODE_TAGS = frozenset("code kbd samp".split())


class AdapterFailed(Exception):
    """WeasyPrint did not behave as the adapter expects; the document may be half moved and
    must be laid out again, unjustified."""


def failure(exc: BaseException) -> AdapterFailed:
    import weasyprint

    return AdapterFailed(
        f"Chinese lines left unjustified: WeasyPrint {weasyprint.__version__} did not behave "
        f"as docpipe's justification expects ({type(exc).__name__}: {exc})"[:300])


def justify_document(document: Any, raster_rule: bool) -> Report:
    """Justify every line of ``document`` that the planner says to, in place."""
    from weasyprint.formatting_structure import boxes

    report = Report()
    document._docpipe_cjk_justified = True
    lines = [(page, block, line) for page in document.pages
             for block, line in _line_boxes(page._page_box, boxes)]
    last_of_block = {id(block): line for _, block, line in lines}
    cache: dict = {"raster_rule": raster_rule}
    for page in document.pages:  # outline titles read as the text: no Han–Latin spaces
        page.bookmarks = [(level, label.replace(AUTOSPACE_CHAR, ""), *rest)
                          if isinstance(label, str) else (level, label, *rest)
                          for level, label, *rest in page.bookmarks]
    for page, block, line in lines:
        # a block broken by a page break has lost its bottom decoration: it goes on overleaf
        continues = "bottom" in getattr(block, "remove_decoration_sides", ())
        last = (last_of_block[id(block)] is line and not continues) or _ends_with_break(line, boxes)
        facts = _Line(line, block, boxes, last)
        plan = planner.plan_line(facts.facts, report)
        if plan is not None:
            moved = facts.carry_out(plan, cache)
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


class _Line:
    """One line box: its leaves in order and the planner's facts about it."""

    def __init__(self, line: Any, block: Any, boxes: Any, last: bool) -> None:
        self.line, self.block, self.boxes = line, block, boxes
        self.leaves: list[Any] = []
        self.units = planner.Units()
        self.markers: list[tuple[int, float, int]] = []
        self.spacers: list[planner.Spacer] = []
        self.with_units: set[int] = set()  # ids of the boxes that hold visible characters
        self.code_of: dict[int, int] = {}  # leaf → id of the inline code element it is in
        self._collect(line, [])
        style = line.style
        # the geometry as a partial, not a bound method: no reference cycle to keep each
        # line's boxes and characters alive until the cyclic GC runs
        self.facts = LineFacts(
            self.units, self.spacers, self.markers, last, style["text_align_all"],
            style["text_align_last"], style["direction"], style["white_space"],
            style["letter_spacing"], style["font_size"],
            partial(_geometry, line, block, self.leaves), partial(_font_size_of, self.leaves),
            self.code_of)

    def _collect(self, box: Any, ancestors: list[Any]) -> None:
        boxes = self.boxes
        for child in box.children:
            if not child.is_in_normal_flow():
                continue
            if isinstance(child, boxes.TextBox):
                self.leaves.append(child)
                code = next((owner for owner in ancestors
                             if getattr(owner, "element_tag", None) in _CODE_TAGS), None)
                if code is not None:  # its outermost code box: one per code element and line
                    self.code_of[len(self.leaves) - 1] = id(code)
                if planner.add_text(child.text, len(self.leaves) - 1, self.units, self.spacers):
                    self.with_units.update(id(owner) for owner in ancestors + [child])
            elif isinstance(child, boxes.InlineBox):
                if _is_marker(child):
                    self.markers.append((id(child), child.margin_left, len(self.units)))
                self._collect(child, ancestors + [child])
            else:  # an atomic inline: image, inline-block
                self.leaves.append(child)
                planner.add_atomic(len(self.leaves) - 1, self.units)
                self.with_units.update(id(owner) for owner in ancestors + [child])

    def carry_out(self, plan: planner.Plan, cache: dict) -> dict[int, tuple[float, float]]:
        """Move the boxes as ``plan`` says; {id(inline box): (dx, dwidth)} of those moved."""
        walk = _Walk(plan, {id(leaf): index for index, leaf in enumerate(self.leaves)}, self,
                     cache)
        before = walk.x
        walk.walk(self.line)
        self.line.width += walk.x - before + walk.pending
        return walk.moved


class _Walk:
    """Moves a line's boxes: ``x`` is the shift so far, ``pending`` a gap waiting to be placed
    before the next box that has characters (so it falls between, not inside, inline boxes)."""

    def __init__(self, plan: planner.Plan, leaf_index: dict[int, int], line: _Line,
                 cache: dict) -> None:
        self.inner, self.after, self.edge_markers = plan.inner, plan.after, plan.edge_markers
        self.hidden, self.justified = plan.hidden, plan.justified
        self.x, self.pending = plan.shift, 0.0
        self.leaf_index, self.owner, self.cache = leaf_index, line, cache
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
                child.width += self.x - start  # inline boxes grow as add_word_spacing does
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
            # WeasyPrint re-shapes the box when it draws it: a private layout whose first
            # line comes with the widened glyphs
            layout = copy.copy(box.pango_layout)
            if self.justified:  # WeasyPrint's spacing of spaces is taken back
                grow -= _spacing_of(box)
                layout.justification_spacing = 0
                box.justification_spacing = 0
            layout.get_first_line = _GlyphPlacer(
                layout, extras or {}, box.style["font_size"], self.cache, hidden)
            box.pango_layout = layout
        box.width += grow
        self.x += grow
        self.pending += self.after.get(index, 0.0)


def _geometry(line: Any, block: Any, leaves: list[Any]) -> tuple[float, float, float]:
    """The block's content right edge, the end of the line's content, and what WeasyPrint's
    own justification gave to the line's spaces."""
    right_edge = block.content_box_x() + block.width
    content_end = max(child.position_x + child.margin_width()
                      for child in line.children if child.is_in_normal_flow())
    return right_edge, content_end, sum(_spacing_of(leaf) for leaf in leaves)


def _font_size_of(leaves: list[Any], leaf: int) -> float:
    return leaves[leaf].style["font_size"]


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
            except Exception as exc:  # noqa: BLE001 - called from write_pdf: lay out again
                raise failure(exc) from exc
        return line, index

    def _place(self, line: Any) -> None:
        from weasyprint.text.ffi import FROM_UNITS, ffi, pango

        target = written = 0.0  # px from the box's start: where the next glyph should go, will go
        # the gaps in text order, consumed as the glyphs pass their characters (left to right);
        # ``next_gap``: the UTF-8 offset of the next one (past the text's end: none left)
        gaps = sorted(self.extras.items())
        gaps.append((_NO_GAP, 0.0))
        gap_index, next_gap = 0, gaps[0][0]
        fields = self.cache.get("fields")
        if fields is None:
            fields = self.cache["fields"] = _glyph_fields(ffi)
        size_of_info, stride, glyph_at, width_at, x_offset_at = fields
        empty = pango.PANGO_GLYPH_EMPTY
        hidden = self.hidden
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
            # The glyph array read as columns of int32 views of its memory and its widths
            # written back in one go: cffi attribute access, then indexing per glyph field,
            # was most of this loop's time.
            infos = memoryview(ffi.buffer(glyphs.glyphs, count * size_of_info)).cast("i")
            clusters = memoryview(ffi.buffer(glyphs.log_clusters, count * 4)).cast("i").tolist()
            glyph_ids = infos[glyph_at::stride].tolist()
            if hidden:  # a gap in the PDF, not a character
                for i, cluster in enumerate(clusters):
                    if start + cluster in hidden:
                        glyph_ids[i] = empty
                infos[glyph_at::stride] = array("i", glyph_ids)
            # where each glyph's cluster ends (a gap after its character goes after the last
            # glyph of the cluster), as an offset in the item
            ends = clusters[1:]
            ends.append(end - start)
            # per font and size: glyph → advance, and (advance, x_offset, width, kerning) →
            # what planner.placed answers
            advances = self.cache.setdefault(("advances", font_key, size), {})
            placements = self.cache.setdefault(("placements", size), {})
            widths = []
            for glyph, width, x_offset, cluster, cluster_end in zip(
                    glyph_ids, infos[width_at::stride].tolist(),
                    infos[x_offset_at::stride].tolist(), clusters, ends):
                target += width * FROM_UNITS
                if cluster_end != cluster and next_gap < start + cluster_end:
                    cluster_end += start
                    while next_gap < cluster_end:
                        target += gaps[gap_index][1]
                        gap_index += 1
                        next_gap = gaps[gap_index][0]
                if glyph == empty:
                    # written as a plain number: width / size thousandths of an em
                    width = round((target - written) * 1000)
                    widths.append(width)
                    written += width / 1000
                    continue
                advance = advances.get(glyph)
                if advance is None:
                    advance = advances[glyph] = _advance(font, glyph, size)
                # the whole 1/1000 em to write after this glyph, so the next lands on target
                kerning = round(advance + x_offset / size - (target - written) * 1000 / size)
                key = (advance, x_offset, width, kerning)
                placed = placements.get(key)
                if placed is None:
                    placed = placements[key] = planner.placed(size, *key, FROM_UNITS)
                widths.append(width + placed[0])
                written += placed[1]
            infos[width_at::stride] = array("i", widths)


#: past any UTF-8 offset of a text box: the end of ``_GlyphPlacer``'s list of gaps
_NO_GAP = 1 << 62


def _glyph_fields(ffi: Any) -> tuple[int, int, int, int, int]:
    """PangoGlyphInfo's size in bytes, and its size and the glyph, width and x_offset fields'
    offsets in 32-bit words (all its fields are 32-bit)."""
    size = ffi.sizeof("PangoGlyphInfo")
    words = [ffi.offsetof("PangoGlyphInfo", "glyph") // 4,
             ffi.offsetof("PangoGlyphInfo", "geometry", "width") // 4,
             ffi.offsetof("PangoGlyphInfo", "geometry", "x_offset") // 4]
    return (size, size // 4, *words)


def _font_size(font: Any, key: int, style_font_size: float, cache: dict) -> float:
    """The font size ``draw_first_line`` divides by (``planner.draw_font_size``)."""
    known = cache.get(key)
    if known is None:
        from weasyprint.text.ffi import harfbuzz, pango
        from weasyprint.text.fonts import get_pango_font_hb_face, get_pango_font_key

        version = pango.pango_version()
        pango_size = get_pango_font_key(font)[2] if version >= 14802 else style_font_size
        raster = cache["raster_rule"] and bool(
            harfbuzz.hb_ot_color_has_png(get_pango_font_hb_face(font)))
        known = cache[key] = (pango_size, version, raster)
    return planner.draw_font_size(known[0], style_font_size, pango_version=known[1],
                                  raster=known[2], raster_rule=cache["raster_rule"])


def _advance(font: Any, glyph: int, size: float) -> int:
    """The glyph's advance in 1/1000 em, as ``draw_first_line`` puts it in the PDF font."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    rect = ffi.new("PangoRectangle *")
    pango.pango_font_get_glyph_extents(font, glyph, ffi.NULL, rect)
    return round(rect.width * 1000 * FROM_UNITS / size)
