"""公文 (GB/T 9704-2012) parts for the PDF: the geometry both writers share, the HTML and CSS."""
from __future__ import annotations

from typing import Any


def active(document: Any, theme: Any) -> bool:
    """Whether to set the document as a 公文: its front matter has the parts and the style is
    one made for them (a ``[gongwen]`` table in theme.toml)."""
    return document.meta.gongwen is not None and theme.gongwen is not None
