"""Inter-character justification for Chinese lines in WeasyPrint layouts (placeholder hook)."""
from __future__ import annotations


def apply(document) -> None:
    """Distribute each justified line's slack between characters (see issue 3)."""
    return None
