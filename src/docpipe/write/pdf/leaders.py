"""Dot leaders drawn as one text per line: one adaptation of WeasyPrint's laid-out boxes (66-70).

WeasyPrint lays out ``leader(dotted)`` (the contents' dots, ``book.print_css``) as one copy of
its ". " text box per dot (``layout/leader.py``, ``handle_leader``), each placed one pattern
width left of the next; the draw then makes a Pango layout, shapes and writes each copy on its
own (``draw/text.py``, ``draw_text``), and tagging marks each one. The rules' three pages of
contents held 5,700 such boxes: more text boxes than its 119 pages of body text, 0.6 s of CPU.
Here, after layout, each leader's copies become one text box of the pattern repeated, starting
where the leftmost copy starts: the same glyphs on the same line, Pango placing each pattern one
pattern width after the last, as the copies were placed.
"""
from __future__ import annotations

import copy
from typing import Any, Iterator


def apply(document: Any) -> str | None:
    """Merge the leaders of a rendered ``document`` in place; return why not, in one
    sentence, when its boxes are not what this was written for (its leaders are then drawn
    as they are: slower, the same page). The writer calls it only for a WeasyPrint of
    ``boot.WRITTEN_FOR``."""
    try:
        merge(document)
    except Exception as exc:  # noqa: BLE001 - each leader is merged whole or not at all
        return f"dot leaders drawn one box per dot: {type(exc).__name__}: {exc}"[:300]
    return None


def merge(document: Any) -> int:
    """Merge each leader's copies into one text box, in place; how many leaders were merged.
    A leader whose boxes are not the copies described above is left as it is."""
    from weasyprint.formatting_structure import boxes

    merged = 0
    for page in document.pages:
        for leader in _leaders(page._page_box, boxes):
            if _merge_one(leader, boxes):
                merged += 1
    return merged


def _leaders(box: Any, boxes: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if getattr(child, "is_leader", False):
            yield child
        elif isinstance(child, boxes.ParentBox):
            yield from _leaders(child, boxes)


def _merge_one(leader: Any, boxes: Any) -> bool:
    copies = leader.children
    if len(copies) < 2:
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
