"""Typeset EPUB covers kept between builds: a rebuild whose cover would be drawn from the same
inputs reuses the PNG instead of importing Pillow and drawing it again.

Why: the cover is the same from one build of a document to the next (it changes with the
title, the credits, the style's colours and faces, or docpipe's drawing code), and drawing it
costs ~0.07 s of CPU (Pillow's import ~0.03 s, the drawing and the PNG ~0.04 s), 10-15 % of
an article's EPUB build. The file is named by a hash of everything the drawing depends on,
which the caller lists (epub_cover.py: its own source, Pillow's and FreeType's versions, the
text, the colours, each face's file, index, size and date), so a changed input is a new
file, never a stale picture (``docpipe.cache``: ``covers/`` of the cache folder). At most
MAX_FILES covers are kept, the least recently used removed; ``DOCPIPE_NO_CACHE=1`` draws
every time.
"""
from __future__ import annotations

from typing import Callable

from docpipe import cache

MAX_FILES = 64
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"


def cached(inputs: list[str], draw: Callable[[], bytes]) -> bytes:
    """The PNG that ``draw`` makes from ``inputs``: the kept one if there is one."""
    return cache.kept("covers", inputs, draw, load=_whole_png, suffix=".png", keep=MAX_FILES)


def _whole_png(data: bytes) -> bytes | None:
    """``data`` if it is a PNG from its signature to its end, else None (damaged: redrawn)."""
    return data if data.startswith(PNG_START) and data.endswith(PNG_END) else None
