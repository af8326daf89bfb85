"""docpipe: one Markdown source → styled DOCX, PDF and EPUB, with Chinese typography done right."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
