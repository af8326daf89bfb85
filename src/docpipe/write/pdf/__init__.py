"""PDF writer: HTML + CSS → WeasyPrint, with every WeasyPrint adaptation in this package."""
