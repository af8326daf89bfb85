"""Pure text rules: Unicode classes, Chinese spacing and line breaking; no engines."""
