"""An author's own ``<div class="footnote">`` is not the footnotes extension's list of notes.

Python-Markdown's footnotes extension looks for its notes in every ``div`` of class
``footnote``; in one an author wrote (a page copied from a site that marks notes so), a list
item without its ``fn:1``-style id made it fail (ValueError in get_num_duplicates: an internal
error), and later steps would take the div for the document's notes. The class is taken off
such divs before the extension adds its own.
"""
from __future__ import annotations

from typing import Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

NOTES_CLASS = "footnote"


class AuthorFootnoteDivs(Treeprocessor):

    def run(self, root: Any) -> None:
        for div in root.iter("div"):
            classes = div.get("class", "").split()
            if NOTES_CLASS in classes:
                kept = [name for name in classes if name != NOTES_CLASS]
                if kept:
                    div.set("class", " ".join(kept))
                else:
                    del div.attrib["class"]


class FootnoteDivsExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # before the footnotes extension appends its own div (its treeprocessor: priority 50)
        md.treeprocessors.register(AuthorFootnoteDivs(md), "author_footnote_divs", 51)
