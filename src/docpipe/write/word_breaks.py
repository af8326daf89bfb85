"""EPUB headings and title that a reader's narrow screen wraps only between words.

The PDF holds a heading's words together with word joiners; an e-book reader would copy those
and miss them in a search. The EPUB puts each word of jieba's of two or more characters in a
``span.word`` that the stylesheet keeps on one line (``white-space: nowrap``, CSS 2.1: every
reading system has it), so the text stays exactly as written.
"""
from __future__ import annotations

from typing import Any, Iterator

from lxml import etree

from docpipe.model.theme import Theme
from docpipe.text import titles
from docpipe.text.typography import OPAQUE

#: A narrow reading column in body characters: a phone held upright shows about 20 (320 CSS
#: px of 16 px text); a heading narrower than that at its own size never wraps (no jieba).
NARROW_COLUMN = 20
WORD_CLASS = "word"


def hold_heading_words(root: Any, theme: Theme) -> None:
    """Each word of two or more characters of each heading (and the title) that may wrap in
    a narrow column in a ``span.word``."""
    body = theme.body_size
    sizes = {f"h{level}": float(h.size) for level, h in enumerate(theme.headings, start=1)}
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p"):
        if element.tag == "p":
            if "title" not in element.get("class", "").split():
                continue
            size = float(theme.title.size)
        else:
            size = sizes[element.tag]
        text = "".join(element.itertext())
        if titles.width(text) * size <= NARROW_COLUMN * body:
            continue
        _hold(element, titles.word_bounds(text), len(text))


def _slots(element: Any, opaque: bool = False) -> Iterator[tuple[str, Any, bool]]:
    """(\"text\"|\"tail\", node, inside code) in the order of ``itertext``."""
    opaque = opaque or element.tag in OPAQUE
    yield "text", element, opaque
    for child in element:
        if isinstance(child.tag, str):
            yield from _slots(child, opaque)
        yield "tail", child, opaque


def _hold(element: Any, bounds: set[int], length: int) -> None:
    """Wrap the pieces of text between consecutive ``bounds`` (offsets in the element's
    text) that are two characters or more, piece by piece within each text node (a word
    split by markup is held in each of its parts)."""
    cuts = sorted(bounds | {0, length})
    offset = 0
    for kind, node, opaque in list(_slots(element)):
        text = getattr(node, kind) or ""
        start, offset = offset, offset + len(text)
        if opaque or not text:
            continue
        edges = sorted({0, len(text)} | {c - start for c in cuts if start < c < offset})
        pieces = [text[a:b] for a, b in zip(edges, edges[1:])]
        loose, spans = "", []        # text before the first span; (span, tail) after
        for piece in pieces:
            if len(piece.strip()) >= 2 and not any(ch.isspace() for ch in piece):
                span = etree.Element("span", {"class": WORD_CLASS})
                span.text = piece
                spans.append(span)
            elif spans:
                spans[-1].tail = (spans[-1].tail or "") + piece
            else:
                loose += piece
        if not spans:
            continue
        setattr(node, kind, loose or None)
        for index, span in enumerate(spans):
            if kind == "text":
                node.insert(index, span)
            else:
                node.addnext(span)
                node = span
