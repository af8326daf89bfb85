"""What the PDF's layout refuses rather than hang on: a paragraph past a documented length.

WeasyPrint lays a paragraph out as one Pango layout: its time per character grows with the
paragraph's length (0.2 ms a character at 160,000 characters, more than 15 minutes for 2 million, see
benchmarks/README.md), so a paragraph that long fails the PDF with one line naming it, and
the DOCX and EPUB of the same build are still written. Splitting the paragraph fixes it.
"""
from __future__ import annotations

from docpipe.errors import SourceError
from docpipe.model.document import Document

#: The longest paragraph the PDF lays out, in characters (README, "Limits and errors").
MAX_PARAGRAPH_CHARS = 200_000

#: The elements whose text WeasyPrint lays out as one paragraph.
_PARAGRAPHS = ("p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
               "figcaption")


def check_paragraph_lengths(document: Document) -> None:
    """Raise SourceError for the first paragraph longer than MAX_PARAGRAPH_CHARS."""
    for element in document.body.iter(_PARAGRAPHS):
        own = (element.text or "") + "".join(
            "".join(child.itertext()) + (child.tail or "")
            for child in element if child.tag not in ("ul", "ol", "p", "table"))
        if len(own) > MAX_PARAGRAPH_CHARS:
            raise SourceError(
                f"a paragraph of {len(own):,} characters is longer than the "
                f"{MAX_PARAGRAPH_CHARS:,} the PDF lays out", path=document.path,
                line=_line_of(document, own),
                fix="split it into several paragraphs; the DOCX and EPUB are still written")


def _line_of(document: Document, text: str) -> int | None:
    """The source line where ``text`` begins (found by its first characters), if found."""
    try:
        source = document.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    start = source.find(text.strip()[:40])
    return source.count("\n", 0, start) + 1 if start >= 0 else None
