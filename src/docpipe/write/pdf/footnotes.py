"""Footnotes stay on the page of their call: one WeasyPrint adaptation (written for 66-70).

When a paragraph lower on the page would leave an orphan, WeasyPrint's line layout
(``layout.block._linebox_layout``) first tries "reporting" the page's earlier footnotes to the
next page to make room; a note then sits a page after its call although it fitted (seen on the
constitution: note 2 called on page 3, printed on page 4). Here that optional report is
refused: the line is broken as it would be without footnotes, so the orphan rule moves the line,
never a note. A note that does not fit on its page is still carried over as before.
"""
from __future__ import annotations

import inspect
import sys
from typing import Any

#: the statement in _linebox_layout this adaptation is written against
_PATTERN = "while report and context.current_page_footnotes:"


class _Hidden(list):
    """The page's footnotes, seen as none by the report loop only (until the line breaks)."""

    def __bool__(self) -> bool:
        return False


def install(weasyprint: Any) -> str | None:
    """Apply the adaptation; return why not, in one sentence, when WeasyPrint differs."""
    from weasyprint.layout import LayoutContext, block

    if getattr(LayoutContext, "_docpipe_footnotes", False):
        return None
    try:
        source = inspect.getsource(block._linebox_layout)
    except (OSError, TypeError, AttributeError):
        source = ""
    if _PATTERN not in source or not hasattr(block, "_break_line") or \
            not hasattr(LayoutContext, "report_footnote"):
        return ("WeasyPrint's line layout is not the one docpipe's footnote adaptation was "
                "written for: a footnote may print a page after its call")
    report, break_line = LayoutContext.report_footnote, block._break_line

    def report_footnote(self: Any, footnote: Any) -> None:
        caller = sys._getframe(1)
        if caller.f_code is block._linebox_layout.__code__ and \
                "reported_footnotes" in caller.f_locals:
            # the optional report for an orphan: end the loop, keep the note on its page
            self.current_page_footnotes = _Hidden(self.current_page_footnotes)
            return
        report(self, footnote)

    def _break_line(context: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(context.current_page_footnotes, _Hidden):
            context.current_page_footnotes = list(context.current_page_footnotes)
        return break_line(context, *args, **kwargs)

    LayoutContext.report_footnote = report_footnote
    block._break_line = _break_line
    LayoutContext._docpipe_footnotes = True
    return None
