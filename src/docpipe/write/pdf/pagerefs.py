"""Tagged PDFs without a cost per element × page: one adaptation of pydyf (WeasyPrint's PDF
writer, 0.11-0.13 for WeasyPrint 66-70).

``pydyf.PDF.page_references`` is a property that builds the tuple of every page's reference
each time it is read, and WeasyPrint's tagging (``weasyprint/pdf/tags.py``) reads it once per
structure element to name the element's page: 6,000 times × 121 pages for the 313 KB rules,
0.25 s of its 2.0 s of ``write_pdf``, and quadratic in a longer book. Here the tuple is built
once and built again only when a page is added (the page list only grows while a PDF is written).
The PDF's bytes are unchanged (tested).
"""
from __future__ import annotations

from typing import Any

#: the attribute that holds (id of the page list, its length, the references)
_CACHE = "_docpipe_page_references"


def install() -> str | None:
    """Apply the adaptation; return why not, in one sentence, when pydyf differs."""
    import pydyf

    current = getattr(pydyf.PDF, "page_references", None)
    if getattr(current, "fget", None) is not None and \
            getattr(current.fget, "_docpipe_cached", False):
        return None
    if not isinstance(current, property) or current.fget is None or current.fset is not None:
        return ("pydyf's PDF.page_references is not the property docpipe's adaptation was "
                "written for: tagging a long PDF stays slow")
    build = current.fget

    def page_references(pdf: Any) -> Any:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get(_CACHE)
        if cached is None or cached[0] is not kids or cached[1] != len(kids):
            cached = (kids, len(kids), build(pdf))
            pdf.__dict__[_CACHE] = cached
        return cached[2]

    page_references._docpipe_cached = True  # type: ignore[attr-defined]
    page_references.__doc__ = build.__doc__
    pydyf.PDF.page_references = property(page_references)
    return None
