"""Dot leaders laid out as one text per line: one adaptation of WeasyPrint's line layout (66-70).

WeasyPrint lays out ``leader(dotted)`` (the contents' dots, ``book.print_css``) as one copy of
its ". " text box per dot (``layout/leader.py``, ``handle_leader``), each placed one pattern
width left of the next. Every later step then visits each copy: the page's other layout steps
(``page_values``, ``relative_positioning``, translations), each of the contents' layout passes,
the walks after layout (bookmarks, anchors, backgrounds), the draw (a Pango layout shaped per
copy) and tagging. The rules' three pages of contents held 5,600 such boxes: more text boxes
than its 119 pages of body text. Here, as soon as WeasyPrint has placed a line's copies, they
become two text boxes: the pattern repeated, starting where the second-leftmost copy starts,
and the leftmost copy. The same glyphs at the same places: Pango sets each pattern one pattern
width after the last, as the copies were set.
"""
from __future__ import annotations

import copy
from typing import Any

from docpipe.write.pdf.boot import LayoutProblems

#: why a leader kept its copies, one sentence each, until the writer says them
problems = LayoutProblems()


def install() -> str | None:
    """Merge each leader as its line is laid out, from now on; return why not, in one sentence,
    when WeasyPrint's line layout is not the one this was written for. The writer calls it
    only for a WeasyPrint of ``boot.WRITTEN_FOR``."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline, leader

    current = getattr(inline, "handle_leader", None)
    if getattr(current, "_docpipe_leaders", False):
        return None
    if current is None or current is not getattr(leader, "handle_leader", None) or \
            not hasattr(leader, "leader_index"):
        return ("WeasyPrint's line layout is not the one docpipe's leader adaptation was "
                "written for: dot leaders are laid out one box per dot (slower, the same page)")
    find = leader.leader_index

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        current(context, line, containing_block)
        try:
            _, found = find(line)
            if found is not None:
                merge_one(found, boxes)
        except Exception as exc:  # noqa: BLE001 - the copies stay as WeasyPrint placed them
            message = f"dot leaders laid out one box per dot: {type(exc).__name__}: {exc}"
            problems.add(message)

    handle_leader._docpipe_leaders = True  # type: ignore[attr-defined]
    handle_leader._docpipe_original = current  # type: ignore[attr-defined]
    inline.handle_leader = handle_leader
    return None


def merge_one(leader: Any, boxes: Any) -> bool:
    """Make one leader's copies two text boxes, in place; False (left as it is) when its
    children are not the copies described above."""
    copies = leader.children
    if len(copies) < 3:
        return False
    first = copies[0]
    if not isinstance(first, boxes.TextBox) or not first.text or first.width <= 0:
        return False
    for right, left in zip(copies, copies[1:]):
        if not isinstance(left, boxes.TextBox) or left.pango_layout is not first.pango_layout \
                or left.text != first.text or left.width != first.width \
                or left.position_y != first.position_y \
                or abs(right.position_x - left.position_x - first.width) > 1e-6:
            return False
    # the leftmost copy stays apart and is drawn last, as before: text extraction (pdftotext)
    # then joins it to the words before it as it did
    rest = copies[:-1]
    text = first.text * len(rest)
    layout = copy.copy(first.pango_layout)
    layout.text = text      # what the draw's reactivate lays out again
    box = rest[-1].copy()
    box.text = text
    box.pango_layout = layout
    box.width = first.width * len(rest)
    leader.children = (box, copies[-1])
    return True
