"""A long EPUB's content split into one XHTML file per top-level chapter, links kept working.

Readers slow down on one large file (and older reading systems refuse files of a few hundred
KB), so a book whose content would exceed SPLIT_ABOVE bytes is cut before each heading of its
top level: ``content.xhtml`` keeps the title block and whatever precedes the first chapter,
``chapter-001.xhtml`` … one chapter each. Every ``#id`` link then names the file holding its
target, and each chapter carries the footnotes it refers to, so that a note pops up (or is
followed) within its own file and keeps its number.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from docpipe.write import html

#: a single content file up to this size (serialised XHTML) is left whole
SPLIT_ABOVE = 100_000
FIRST = "content.xhtml"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class Part:
    """One content file: its name in the package and its <html> tree."""

    href: str
    tree: Any


def split(root: Any, limit: int = SPLIT_ABOVE) -> list[Part]:
    """The parts of ``root`` (html_tree's <html>, links already made EPUB-safe): one, unless
    its XHTML exceeds ``limit`` and it has two chapters or more. A split takes the content
    out of ``root`` into the parts (moved, not copied: each element lands in one file), so
    read the parts, not ``root``, afterwards."""
    flow = root.find("body/section")
    chapters = _chapter_starts(flow) if flow is not None else []
    if len(chapters) < 2 or len(html.to_xhtml(root)) <= limit:
        return [Part(FIRST, root)]
    notes = _take_notes(flow)
    children = list(flow)
    bounds = [children.index(start) for start in chapters] + [len(children)]
    parts = [_part(root, FIRST, children[:bounds[0]], title=True)]
    for number, (begin, end) in enumerate(zip(bounds, bounds[1:]), start=1):
        parts.append(_part(root, f"chapter-{number:03d}.xhtml", children[begin:end], title=False))
    if notes is not None:
        _distribute_notes(parts, notes)
    _relink(parts)
    return parts


def file_of(parts: list[Part]) -> dict[str, str]:
    """Each id in the book → the file that holds it."""
    return {element.get("id"): part.href for part in parts for element in part.tree.iter()
            if isinstance(element.tag, str) and element.get("id")}


def _chapter_starts(flow: Any) -> list[Any]:
    """The headings of the top level present among the flow's own children."""
    levels = [child.tag for child in flow if child.tag in HEADINGS]
    if not levels:
        return []
    top = min(levels)
    return [child for child in flow if child.tag == top]


def _take_notes(flow: Any) -> Any | None:
    """The footnote block, taken out of the flow (each chapter gets its own notes)."""
    for child in flow:   # the EPUB's asides (write/book.py), or a plain list of notes
        if child.tag in ("div", "section") and \
                {"footnote", "footnotes"} & set((child.get("class") or "").split()):
            flow.remove(child)
            return child
    return None


def _part(root: Any, href: str, children: list[Any], *, title: bool) -> Part:
    """A copy of ``root``'s head with a body holding ``children`` (and the title block)."""
    tree = root.makeelement(root.tag, root.attrib)
    tree.append(copy.deepcopy(root.find("head")))   # every file has its own head
    old_body = root.find("body")
    body = tree.makeelement("body", old_body.attrib)
    tree.append(body)
    for child in list(old_body):
        if child.tag == "section":
            section = body.makeelement("section", child.attrib)
            body.append(section)
            section.text = child.text if title else None
            section.extend(children)   # moved, with their tails
        elif title:
            body.append(child)
    return Part(href, tree)


def _distribute_notes(parts: list[Part], notes: Any) -> None:
    """Each note into the part that refers to it (the first, if several do), numbered as in
    the whole book; a note no part refers to stays at the end of the last."""
    listing = notes.find("ol")
    items = notes.findall("aside") if listing is None else list(listing)
    start = int(listing.get("start", "1")) if listing is not None else 1
    numbered = {item.get("id"): (start + index, item) for index, item in enumerate(items)}
    placed: set[str] = set()
    for index, part in enumerate(parts):
        wanted = []
        for link in part.tree.iter("a"):
            target = unquote((link.get("href") or "#")[1:])
            if (link.get("href") or "").startswith("#") and target in numbered \
                    and target not in placed:
                placed.add(target)
                wanted.append(target)
        if index == len(parts) - 1:
            wanted += [ident for ident in numbered if ident not in placed]
        if wanted:
            part.tree.find("body/section").append(_notes_block(notes, listing, numbered, wanted))


def _notes_block(notes: Any, listing: Any, numbered: dict[str, tuple[int, Any]],
                 wanted: list[str]) -> Any:
    block = notes.makeelement(notes.tag, notes.attrib)
    for child in notes:
        if child is not listing and child.tag != "aside":
            block.append(copy.deepcopy(child))
    # each note is wanted by one part only: moved there, not copied
    if listing is None:   # asides carry their own numbers
        block.extend(numbered[ident][1]
                     for ident in sorted(wanted, key=lambda ident: numbered[ident][0]))
        return block
    own = block.makeelement("ol", {k: v for k, v in listing.attrib.items() if k != "start"})
    block.append(own)
    for ident in sorted(wanted, key=lambda ident: numbered[ident][0]):
        number, item = numbered[ident]
        item.set("value", str(number))
        own.append(item)
    return block


def _relink(parts: list[Part]) -> None:
    """``#id`` → ``file#id`` where the target lives in another part."""
    where = file_of(parts)
    for part in parts:
        for link in part.tree.iter("a"):
            href = link.get("href") or ""
            if not href.startswith("#"):
                continue
            target = where.get(unquote(href[1:]))
            if target is not None and target != part.href:
                link.set("href", target + href)
