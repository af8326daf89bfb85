"""Footnotes numbered once, on the Document: in order of first reference, unreferenced ones out.

Python-Markdown numbers notes in the order they are *defined* and keeps notes nobody cites, so
its numbers had gaps (², ³ with no ¹) and an orphan note whose back-link led nowhere. Every
writer reads the numbers set here: the PDF's footnote counter, the EPUB's asides and Word's
automatic footnote numbers all follow the same first-reference order.
"""
from __future__ import annotations

from typing import Any

NOTE_CLASSES = ("footnote", "footnotes")


def note_lists(body: Any) -> list[Any]:
    """The footnote containers (``div.footnote``) of a body tree."""
    return [div for div in body.iter("div") if div.get("class") in NOTE_CLASSES]


def number_notes(body: Any, warn: Any = None, *, where: str = "", raw: str = "") -> None:
    """Renumber footnote references 1, 2, … by first reference; drop notes never cited.

    ``warn`` hears one line per dropped note (``where`` names the source file, ``raw`` is its
    text, used to find the note's line)."""
    containers = note_lists(body)
    if not containers:
        return
    notes = {li.get("id", "")[3:]: li for div in containers for li in div.iter("li")
             if li.get("id", "").startswith("fn:")}
    order: list[str] = []
    references = []
    for sup in body.iter("sup"):
        link = sup.find("a")
        if not sup.get("id", "").startswith("fnref") or link is None:
            continue
        label = link.get("href", "")[4:]
        if label not in notes:
            continue
        if label not in order:
            order.append(label)
        references.append((link, label))
    number = {label: str(index) for index, label in enumerate(order, start=1)}
    for link, label in references:
        link.text = number[label]
    for label, item in notes.items():
        if label not in number:
            if warn is not None:
                line = _line(raw, f"[^{label}]:")
                warn(f"{where}:{line or '?'}: footnote [^{label}] is never referenced; "
                     "it is left out")
            item.getparent().remove(item)
    for div in containers:
        for ol in div.iter("ol"):
            items = sorted(ol.findall("li"), key=lambda li: order.index(li.get("id")[3:]))
            for li in items:
                ol.remove(li)
            tail_text = ol.text
            ol.extend(items)
            ol.text = tail_text
        if not any(True for _ in div.iter("li")):
            _remove_keeping_tail(div)


def _remove_keeping_tail(element: Any) -> None:
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _line(raw: str, needle: str) -> int | None:
    index = raw.find(needle) if raw else -1
    return raw.count("\n", 0, index) + 1 if index >= 0 else None
