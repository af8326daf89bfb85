"""Renderer registry: a format is one module with ``render(document, theme, dest)``.

Modules are imported only when their format is built, so WeasyPrint and python-docx stay
unloaded for formats (and no-op builds) that do not need them.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # the registry is read by every build, no-op ones too: no theme import
    from docpipe.model.document import Document
    from docpipe.model.theme import Theme

#: format name → the module that writes it; the output file is dist/<stem>.<format>
FORMATS: dict[str, str] = {"docx": "docpipe.write.docx.writer", "pdf": "docpipe.write.pdf.writer",
                           "epub": "docpipe.write.epub"}

Renderer = Callable[["Document", "Theme", Path], None]


def renderer(fmt: str) -> Renderer:
    """The render function for ``fmt`` (imports its module on first use)."""
    module = importlib.import_module(FORMATS[fmt])
    return module.render
