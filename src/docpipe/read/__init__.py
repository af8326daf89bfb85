"""Reading sources: bytes → text → front matter + Markdown → Document."""
