"""Links to local files: to another source of the same build, a relative link to its output of
the same format (``other.md#part`` → ``other.pdf#part``); to anything else, plain text and a
warning. No output ever carries a ``file://`` URL or the builder's folders."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

#: attribute on an <a> that links to another output of the build: its name relative to this
#: document's output, without suffix; each writer adds its own (write/html.py, write/docx/)
OUTPUT_LINK = "data-docpipe-output"
#: the #fragment of such a link (a heading's id in the other document), if any
OUTPUT_FRAGMENT = "data-docpipe-fragment"
#: where such a link was typed (its source line, and its href as typed), for a warning by a
#: format that cannot follow it (``unlink_outputs``)
OUTPUT_LINE = "data-docpipe-line"
OUTPUT_TYPED = "data-docpipe-typed"
#: marks a link to this very document (a README's language list names itself)
OUTPUT_SELF = "data-docpipe-self"
_OUTPUT_ATTRIBUTES = (OUTPUT_LINK, OUTPUT_FRAGMENT, OUTPUT_LINE, OUTPUT_TYPED, OUTPUT_SELF)
#: schemes that lead somewhere for the reader of the output
REMOTE_SCHEMES = ("http", "https", "mailto", "tel", "ftp", "ftps", "news", "irc", "xmpp")


def resolve_links(body: Any, source: Path, raw: str, warnings: list[str],
                  outputs: Mapping[Path, str] | None, root: Path | None = None) -> None:
    """Rewrite the local links of ``body``; ``outputs`` maps each source of the build (resolved)
    to its output name ("guide", "api/intro"), this one's included. A path starting with '/'
    is read from ``root`` (the project's), as GitHub reads it from the repository's root."""
    outputs = outputs or {}
    own = outputs.get(source.resolve(), source.stem)
    lines = SourceLines(raw)
    for link in list(body.iter("a")):
        href = link.get("href")
        if href is None or href.startswith("#") or "footnote" in (link.get("class") or ""):
            continue
        parts = urlsplit(href)
        if parts.scheme.lower() in REMOTE_SCHEMES or (parts.netloc and not parts.scheme):
            continue
        target = None
        if not parts.scheme and parts.path:
            base = (root or source.parent) if parts.path.startswith("/") else source.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
        name = outputs.get(target) if target is not None else None
        if target is not None and target == source.resolve():
            if parts.fragment:   # a place in this document: the same link in every format
                link.set("href", "#" + unquote(parts.fragment))
                continue
            name = own
            link.set(OUTPUT_SELF, "1")
        if name is not None:
            relative = posixpath.relpath(name, posixpath.dirname(own) or ".")
            link.set(OUTPUT_LINK, relative)
            if parts.fragment:
                link.set(OUTPUT_FRAGMENT, unquote(parts.fragment))
            link.set(OUTPUT_LINE, str(lines.of(href) or "?"))
            link.set(OUTPUT_TYPED, href)
            link.set("href", relative + (f"#{parts.fragment}" if parts.fragment else ""))
            continue
        warnings.append(_refusal(source, lines.of(href), href, target))
        _unwrap(link)


def _refusal(source: Path, line: int | None, href: str, target: Path | None) -> str:
    where = f"{source}:{line or '?'}: link to '{href}'"
    if target is None:
        return (f"{where} leads nowhere a reader of the output can follow: its text is shown "
                "without the link (link to a web address instead)")
    if not target.exists():
        relative_to = ("the project root, as a path starting with '/' is" if href.startswith("/")
                       else "the Markdown file")
        return (f"{where} names no file: its text is shown without the link (check the path, "
                f"relative to {relative_to})")
    if target.suffix.lower() in (".md", ".markdown"):
        return (f"{where}: that file is not built in this run, so its text is shown without "
                "the link (build both in one command, or their folder, to link the outputs)")
    return (f"{where}: a local file is not part of the outputs, so its text is shown without "
            "the link (link to its web address to keep it)")


def output_href(link: Any, suffix: str, *, fragment: bool = True) -> str | None:
    """The href of a link made by ``resolve_links`` in the output format ``suffix``, or None
    when ``link`` is not one."""
    name = link.get(OUTPUT_LINK)
    if name is None:
        return None
    anchor = link.get(OUTPUT_FRAGMENT)
    return f"{name}.{suffix}" + (f"#{anchor}" if anchor and fragment else "")


def point_to_outputs(tree: Any, suffix: str) -> None:
    """Each link of ``tree`` made by ``resolve_links`` leads to the other output in the format
    ``suffix`` (``other.pdf#part``); the attributes that marked it are gone."""
    for link in tree.iter("a"):
        href = output_href(link, suffix)
        if href is not None:
            link.set("href", href)
        for name in _OUTPUT_ATTRIBUTES:
            link.attrib.pop(name, None)


def unlink_outputs(tree: Any, source: Path) -> list[str]:
    """For an EPUB: each link of ``tree`` to another output becomes its words, and a warning.

    An EPUB can only link inside itself or to the web: a relative ``other.epub`` is a missing
    resource of the package (epubcheck RSC-007), and a reading system cannot open a second
    book from a link anyway. A link without a target would still look like a link (coloured,
    not clickable), so the words are left as plain text."""
    warnings = []
    for link in list(tree.iter("a")):
        name = link.get(OUTPUT_LINK)
        if name is None:
            continue
        if link.get(OUTPUT_SELF):   # the reader is in that book already: the words, no warning
            _unwrap(link)
            continue
        warnings.append(
            f"{source}:{link.get(OUTPUT_LINE)}: link to '{link.get(OUTPUT_TYPED)}' is plain "
            f"text in the EPUB: an e-book cannot open another book (the PDF and DOCX link to "
            f"{name}.pdf and {name}.docx; to keep it in the EPUB, link to a web address)")
        _unwrap(link)
    return warnings


def _unwrap(element: Any) -> None:
    """Replace ``element`` by its content: the words stay, the link goes."""
    parent = element.getparent()
    index = parent.index(element)
    previous = element.getprevious()
    text = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else None
    tail = element.tail or ""
    if last is not None:
        last.tail = (last.tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


class SourceLines:
    """The source line of each link's href (or image's src), in document order: the href as a
    whole (``b.md`` is not the start of ``b.md#part``, ``/x.png`` not the end of ``../x.png``),
    a second link with the same href after the first."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.after: dict[str, int] = {}

    def of(self, href: str) -> int | None:
        if not href:
            return None
        whole = re.compile(rf"(?<=[(<\"'\s]){re.escape(href)}(?=[)>\"'\s]|$)")
        found = whole.search(self.raw, self.after.get(href, 0)) or whole.search(self.raw)
        index = found.start() if found else self.raw.find(href)
        if index < 0:
            return None
        self.after[href] = index + len(href)
        return self.raw.count("\n", 0, index) + 1
