"""Typeset EPUB covers kept between builds: a rebuild whose cover would be drawn from the same
inputs reuses the PNG instead of importing Pillow and drawing it again.

Why: the cover is the same from one build of a document to the next (it changes with the
title, the credits, the style's colours and faces, or docpipe's drawing code), and drawing it
costs ~0.07 s of CPU (Pillow's import ~0.03 s, the drawing and the PNG ~0.04 s), 10-15 % of
an article's EPUB build. The file is named by a hash of everything the drawing depends on,
which the caller lists (epub_cover.py: its own source, Pillow's and FreeType's versions, the
text, the colours, each face's file, index, size and date), so a changed input is a new
file, never a stale picture. At most MAX_FILES covers are kept, the least recently used
removed; ``DOCPIPE_NO_CACHE=1`` draws every time.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from docpipe.errors import DocpipeError
from docpipe.files import write_atomically
from docpipe.write.pdf.boot import cache_folder

MAX_FILES = 64
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"


def cached(inputs: list[str], draw: Callable[[], bytes]) -> bytes:
    """The PNG that ``draw`` makes from ``inputs``: the kept one if there is one."""
    if os.environ.get("DOCPIPE_NO_CACHE"):
        return draw()
    digest = hashlib.sha256("\0".join(inputs).encode("utf-8", "surrogatepass")).hexdigest()
    folder = cache_folder() / "covers"
    path = folder / f"{digest[:32]}.png"
    try:
        data = path.read_bytes()
        if data.startswith(PNG_START) and data.endswith(PNG_END):   # else damaged: redraw
            os.utime(path)   # recently used
            return data
    except OSError:
        pass
    data = draw()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(None, path, lambda temporary: temporary.write_bytes(data))
        _keep_newest(folder)
    except (OSError, DocpipeError):
        pass   # an unwritable cache: the cover is still drawn, just not kept
    return data


def _keep_newest(folder: Path) -> None:
    covers = sorted(folder.glob("*.png"), key=lambda path: path.stat().st_mtime_ns)
    for old in covers[:-MAX_FILES]:
        old.unlink(missing_ok=True)
