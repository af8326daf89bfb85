"""Redlines: two versions of a document compared, as one tree marked with the changes."""
