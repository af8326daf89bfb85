"""The PDF's 版记 (7.4): its last rule on the type area's bottom edge, on an even page.

WeasyPrint lays the 版记 out in the flow after the text; this moves it down to the bottom of its
page when that page is even, and otherwise lays the document out again with the 版记 starting a
left (even) page: a blank page is added when the text ends on an even page without room for it,
and then neither the blank page nor the 版记 page is numbered (7.5).
"""
from __future__ import annotations

from typing import Any, Callable

IMPRINT = 'class="gw-imprint" id="gw-imprint"'


def finish(rendered: Any, render: Callable[[str], Any], html: str) -> Any:
    """A laid-out 公文 with its 主送 moved into the 版记 when it left page 1 without text (7.3.2:
    公文首页必须显示正文), and its 版记 placed (``place``)."""
    if 'class="gw-recipients"' in html and not _text_on_first_page(rendered):
        html = html.replace('<body class="gongwen', '<body class="gw-moved gongwen', 1)
        rendered = render(html)
    if 'id="gw-imprint"' in html or 'id="gw-letter-imprint"' in html:
        rendered = place(rendered, render, html)
    return rendered


def _text_on_first_page(rendered: Any) -> bool:
    """Whether page 1 shows a line of the 正文 (a line box inside ``div.gw-text``)."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any, inside: bool) -> bool:
        element = getattr(box, "element", None)
        if element is not None and "gw-text" in (element.get("class") or "").split():
            inside = True
        if inside and isinstance(box, boxes.LineBox):
            return True
        return any(walk(child, inside) for child in getattr(box, "children", ()))

    return bool(rendered.pages) and walk(rendered.pages[0]._page_box, False)


def place(rendered: Any, render: Callable[[str], Any], html: str) -> Any:
    """The rendered document with its 版记 at the bottom of the last even page."""
    found = find(rendered)
    if found is None:
        return rendered
    index, box = found
    if (index + 1) % 2 and box.element.get("id") == "gw-imprint":
        # An odd page: lay out again with the 版记 starting the next left page; when that
        # leaves a blank page before it, once more with the 版记's page unnumbered too.
        rendered = render(html.replace(IMPRINT, 'class="gw-imprint gw-new-page" id="gw-imprint"'))
        found = find(rendered)
        if found is not None and found[0] and rendered.pages[found[0] - 1]._page_box.page_type.blank:
            rendered = render(html.replace(
                IMPRINT, 'class="gw-imprint gw-new-page gw-after-blank" id="gw-imprint"'))
            found = find(rendered)
        if found is None:
            return rendered
        index, box = found
    _, bottom = _page_area(rendered.pages[index])
    box.translate(dy=bottom - (box.position_y + box.margin_top + box.border_height()))
    return rendered


def find(rendered: Any) -> tuple[int, Any] | None:
    """(page index, box) of the 版记's block."""
    for index, page in enumerate(rendered.pages):
        box = _find_box(page._page_box)
        if box is not None:
            return index, box
    return None


def _find_box(box: Any) -> Any:
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if element is not None and element.get("id") in ("gw-imprint", "gw-letter-imprint"):
            return child
        found = _find_box(child)
        if found is not None:
            return found
    return None


def _page_area(page: Any) -> tuple[float, float]:
    """Top and bottom of the page's type area."""
    box = page._page_box
    top = box.content_box_y()
    return top, top + box.height
