"""Contents pages renumbered in place, not laid out again: one adaptation of WeasyPrint's
pagination (written for 66-70).

The contents' page numbers are unknown when its pages are first laid out (pass 1 prints "0");
WeasyPrint then lays those pages out a second time only to put the real numbers in
(``layout/__init__.py``, ``layout_document``, calling ``make_all_pages`` again). Here, before
that second pass, each entry's laid-out line gets its number instead: the number's text is laid
out alone, the line's leader taken back and placed again by WeasyPrint's own ``handle_leader``,
and the page is marked up to date. A page is renumbered only when everything that asked for it
again is an entry that ``targets.refile`` filed (one ``target-counter()`` of another element's
page), each entry on one line, its new number as tall as the old one and still fitting beside
the leader; any other page is laid out again as WeasyPrint does.
"""
from __future__ import annotations

import math
from typing import Any

from docpipe.write.pdf.boot import LayoutProblems
from docpipe.write.pdf.targets import FILED

#: why pages were laid out again after all, one sentence each, until the writer says them
problems = LayoutProblems()


def install() -> str | None:
    """Renumber contents pages before WeasyPrint's second pass, from now on; return why not,
    in one sentence, when its pagination is not the one this was written for. The writer
    calls it only for ``boot.WRITTEN_FOR``."""
    import weasyprint.layout as layout
    from weasyprint.layout import inline, leader

    current = getattr(layout, "make_all_pages", None)
    if getattr(current, "_docpipe_renumber", False):
        return None
    if current is None or not hasattr(inline, "split_text_box") or \
            not hasattr(leader, "leader_index"):
        return ("WeasyPrint's pagination is not the one docpipe's contents adaptation was "
                "written for: the contents pages are laid out twice")

    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list) -> Any:
        if pages:
            try:
                renumber(context, pages)
            except Exception as exc:  # noqa: BLE001 - a page not marked is laid out again
                message = f"contents laid out twice: {type(exc).__name__}: {exc}"
                problems.add(message)
        return current(context, root_box, html, pages)

    make_all_pages._docpipe_renumber = True  # type: ignore[attr-defined]
    make_all_pages._docpipe_original = current  # type: ignore[attr-defined]
    layout.make_all_pages = make_all_pages
    return None


def renumber(context: Any, pages: list) -> int:
    """Renumber in place each laid-out page that only its contents entries ask to be made
    again, and mark it up to date; how many pages."""
    if any(any(by_page.values()) for by_page in context.running_elements.values()):
        return 0
    by_page: dict[int, list[Any]] = {}
    for (box, token), lookup in context.target_collector.counter_lookup_items.items():
        index = lookup.page_maker_index
        if index is not None:
            by_page.setdefault(index, []).append((box, token, lookup))
    done = 0
    for index, page in enumerate(pages):
        state = context.page_maker[index][-1]
        if not state["content_changed"] or state["pages_wanted"]:
            continue
        found = by_page.get(index, [])
        if not found or not all(token == "content" and getattr(lookup, FILED, False)
                                for _, token, lookup in found):
            continue
        entries = {box for box, _, _ in found}
        plan = _plan(context, page, entries)
        if plan is None:
            continue
        for line, after, number in plan:
            _place(line, after, number)
        state["content_changed"] = False
        done += 1
    return done


def _plan(context: Any, page: Any, entries: set) -> list | None:
    """For each entry laid out on ``page``: its line, its laid-out ``::after`` box and its new
    number laid out alone; None when any entry is not as described above."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import split_text_box

    plan, seen = [], set()
    for line, after in _afters(page, entries, boxes):
        source = after.missing_link
        if source in seen or line is None or after not in line.children or \
                line.style["direction"] != "ltr":
            return None                  # not the line's own, or placed right to left
        seen.add(source)
        children = after.children
        fresh = source.children
        if len(children) != 2 or not children[0].is_leader or \
                not isinstance(children[1], boxes.TextBox) or len(fresh) != 2 or \
                not fresh[0].is_leader or not isinstance(fresh[1], boxes.TextBox):
            return None
        old = children[1]
        if _lead(old.text) != _lead(fresh[1].text):
            return None
        number, _, _ = split_text_box(context, fresh[1], math.inf, 0, is_line_start=False)
        if number is None or number.height != old.height or number.baseline != old.baseline:
            return None
        pattern = children[0].children[-1] if children[0].children else None
        if pattern is None or not isinstance(pattern, boxes.TextBox) or pattern.width <= 0:
            return None
        spare = children[0].width - pattern.width     # what the leader took beyond a pattern
        if spare + old.width - number.width < 0:
            return None                  # the new number would not fit beside the leader
        plan.append((line, after, number))
    return plan if len(seen) == len(entries) else None


def _afters(box: Any, entries: set, boxes: Any, line: Any = None):
    """(line, laid-out ``::after`` box) for each box below ``box`` that stands for an entry."""
    for child in getattr(box, "children", ()):
        if getattr(child, "missing_link", None) in entries and \
                isinstance(child, boxes.InlineBox):
            yield line, child
        elif isinstance(child, boxes.ParentBox):
            yield from _afters(child, entries, boxes,
                               child if isinstance(child, boxes.LineBox) else line)


def _lead(text: str) -> str:
    return text[:len(text) - len(text.lstrip())]


def _place(line: Any, after: Any, number: Any) -> None:
    """Take the line's leader back to its one pattern, put ``number`` in place of the old one,
    and let handle_leader place the leader again, as a new layout of the line would."""
    from weasyprint.layout import inline

    leader_box, old = after.children
    pattern = leader_box.children[-1].copy()   # the leftmost copy of the one pattern box
    spare = leader_box.width - pattern.width    # what handle_leader added to each box
    pattern.position_x = leader_box.content_box_x()
    leader_box.children = (pattern,)
    leader_box.width = pattern.width
    number.position_x = old.position_x - spare
    number.position_y = old.position_y
    after.children = (leader_box, number)
    after.width = after.width - spare - old.width + number.width
    inline.handle_leader(_NoShapes, line, _Width(line.width))


class _NoShapes:
    """The part of the layout context handle_leader reads: no float beside a contents line."""

    excluded_shapes: tuple = ()


class _Width:
    """The containing block as handle_leader sees it: its width (the line's, once placed)."""

    def __init__(self, width: float) -> None:
        self.width = width
