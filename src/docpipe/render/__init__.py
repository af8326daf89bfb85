"""Renderer registry: a format is one module with ``render(document, theme, dest)``.

Modules are imported only when their format is built, so WeasyPrint and python-docx stay
unloaded for formats (and no-op builds) that do not need them.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..document import Document
from ..theme import Theme

#: format name → module under docpipe.render; the output file is dist/<stem>.<format>
FORMATS: dict[str, str] = {"docx": "docx", "pdf": "pdf", "epub": "epub"}

Renderer = Callable[[Document, Theme, Path], None]


def renderer(fmt: str) -> Renderer:
    """The render function for ``fmt`` (imports its module on first use)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render
