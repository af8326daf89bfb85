"""Document: metadata plus one body tree that every renderer reads.

The body is an lxml element ``<body>`` holding only these tags (the parser guarantees it):
blocks  p h1-h6 ul ol li blockquote pre hr table thead tbody tr th td figure figcaption
        dl dt dd div(class="footnote") div(class="admonition KIND": note tip important
        warning caution …, its first child p.admonition-title)
inline  em strong code a br img sup sub del abbr input(type="checkbox", a task list's box)
Alignment of table cells is ``style="text-align: …"``; footnote references are
``<sup id="fnref:N"><a class="footnote-ref" href="#fn:N">N</a></sup>``.
"""
from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from docpipe.records import MutableRecord, record

BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre hr table thead tbody tr th td "
                       "figure figcaption dl dt dd div".split())


@record
class Metadata(MutableRecord):
    """What the front matter (or the first heading) says about the document."""

    title: str
    lang: str = "zh-CN"
    #: the title's lines when the author broke it (``title: |`` or ``<br>``); ``title`` is then
    #: the lines joined for metadata
    title_lines: list[str] | None = None
    title_editorial: bool = False
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: str | None = None
    date: str | None = None          # ISO date YYYY-MM-DD
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    rights: str | None = None
    identifier: str | None = None
    source: str | None = None
    publisher: str | None = None
    #: the front matter's cover image as written (resolved into Document.images under this key)
    cover: str | None = None
    #: front matter ``toc`` (None: the style decides) and ``toc_depth``
    toc: bool | None = None
    toc_depth: int | None = None
    #: the parts of a GB/T 9704 official document (model/gongwen.py), when the front matter has them
    gongwen: Any = None

    @property
    def author_line(self) -> str:
        """Authors for metadata fields; the page credits stand in when there is no author."""
        if self.authors:
            return "、".join(self.authors)
        return (self.credits or "").lstrip("■□●◆ ").strip()


@record
class Image(MutableRecord):
    """A local image the document uses, already checked against the resource policy."""

    src: str        # as written in the source
    path: Path      # resolved file inside the project


@record
class Document(MutableRecord):
    """One parsed source: metadata, body tree, images, and where it came from."""

    path: Path
    meta: Metadata
    body: Any                       # lxml.etree._Element <body>
    images: dict[str, Image] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: ISO date the outputs carry (SOURCE_DATE_EPOCH, front matter or last commit); set by build
    build_date: str = "1980-01-01"
    #: the last git commit that touched the source, when it is in a work tree; set by build
    commit: str | None = None
    #: the folders the build may read for this document (the project root first)
    resource_roots: tuple[Path, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.stem

    def headings(self) -> list[tuple[int, str, str]]:
        """(level, id, text) of every heading, for outlines and navigation."""
        found = []
        for element in self.body.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            found.append((int(element.tag[1]), element.get("id", ""), text_of(element)))
        return found


def text_of(element: Any) -> str:
    """The text a reader sees in an element (footnote markers excluded)."""
    return "".join(_visible_text(element, top=True)).strip()


def _visible_text(node: Any, top: bool = False) -> list[str]:
    parts: list[str] = []
    is_marker = node.tag == "sup" and node.get("id", "").startswith("fnref")
    if not is_marker:
        if node.text:
            parts.append(node.text)
        for child in node:
            parts.extend(_visible_text(child))
    if not top and node.tail:
        parts.append(node.tail)
    return parts
