"""docpipe: one Markdown source → styled DOCX, PDF and EPUB, with Chinese typography done right.

The public API is these names; everything else is internal. They are loaded on first use, so
``import docpipe`` stays cheap and the package imports in one direction (nothing imports this
module's names from inside the package).
"""
from __future__ import annotations

from docpipe.version import __version__

__all__ = ["__version__", "build", "markdown_to_html"]


def __getattr__(name: str):
    if name == "build":
        from docpipe.pipeline.build import build

        return build
    if name == "markdown_to_html":
        from docpipe.read.markdown import markdown_to_html

        return markdown_to_html
    raise AttributeError(f"module 'docpipe' has no attribute {name!r}")
