"""Write docs/theme.md, the theme.toml reference, from the schema's docstrings."""
from __future__ import annotations

from pathlib import Path

from docpipe.model.theme_reference import reference_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "theme.md"
    target.write_text(reference_markdown(), encoding="utf-8")
    print(f"wrote {target}")
