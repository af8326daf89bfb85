"""Helpers for the redline tests: edited versions of real texts, DOCX text as accepted/rejected."""
from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def edit_law(text: str, count: int, seed: int = 14) -> str:
    """``count`` scattered edits of a law's article paragraphs, of every kind a redline shows:
    characters inserted, deleted and replaced, paragraphs inserted, deleted, split, moved,
    emphasis added."""
    rng = random.Random(seed)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines)
            if len(line) > 30 and not line.startswith(("#", "<!--", "|", "-", ">"))]
    chosen = sorted(rng.sample(body, min(count, len(body))))
    kinds = ["insert", "delete", "replace", "replace", "insert", "delete", "new paragraph",
             "drop paragraph", "split", "emphasis", "move"]
    moved: list[str] = []
    for number, index in enumerate(chosen):
        line = lines[index]
        kind = kinds[number % len(kinds)]
        at = rng.randrange(8, len(line) - 8)
        if kind == "insert":
            lines[index] = line[:at] + "以及相关" + line[at:]
        elif kind == "delete":
            lines[index] = line[:at] + line[at + 3:]
        elif kind == "replace":
            lines[index] = line[:at] + "某某" + line[at + 2:]
        elif kind == "new paragraph":
            lines[index] = line + "\n\n本条所称有关规定，由最高人民检察院另行制定。"
        elif kind == "drop paragraph":
            lines[index] = None
        elif kind == "split":
            cut = line.find("。", 10)
            if 0 < cut < len(line) - 2:
                lines[index] = line[:cut + 1] + "\n\n" + line[cut + 1:]
        elif kind == "emphasis":
            lines[index] = line[:at] + "**" + line[at:at + 4] + "**" + line[at + 4:]
        elif kind == "move":
            moved.append(line)
            lines[index] = None
    kept = [line for line in lines if line is not None]
    if moved:   # moved paragraphs reappear before the last line: where the text has no final
        # newline, the last of them runs into the last paragraph (a replaced final paragraph)
        kept[-1:-1] = [item for line in moved for item in ("", line)]
    return "\n".join(kept)


def docx_paragraphs(path: Path, mode: str = "plain") -> list[str]:
    """The body's paragraph texts in order (table cells included), the tracked changes left as
    they are ("plain"), accepted ("accept") or rejected ("reject"), as a word processor does:
    a removed paragraph mark joins the paragraph with the next. The contents (TOC field
    results, refreshed by the word processor: no tracked changes) are left out."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    body = root.find(f"{W}body")
    if mode != "plain":
        drop, keep = ("del", "ins") if mode == "accept" else ("ins", "del")
        for row in list(body.iter(f"{W}tr")):
            if row.find(f"{W}trPr/{W}{drop}") is not None:
                row.getparent().remove(row)
        for element in list(body.iter(f"{W}{drop}")):
            if element.getparent().tag != f"{W}rPr" and element.getparent().tag != f"{W}trPr":
                element.getparent().remove(element)
    texts: list[str] = []
    joining = False
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").lower().startswith("toc"):
            continue
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}br", f"{W}tab"):
            if node.tag in (f"{W}t", f"{W}delText"):
                parts.append(node.text or "")
            else:
                parts.append("\n" if node.tag == f"{W}br" else "\t")
        text = "".join(parts)
        if joining:
            texts[-1] += text
        else:
            texts.append(text)
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        joining = mode != "plain" and mark is not None and mark.find(f"{W}{drop}") is not None
    return texts


def revisions(path: Path) -> list:
    """Every w:ins, w:del and w:rPrChange element of the document."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [e for e in root.iter(f"{W}ins", f"{W}del", f"{W}rPrChange")]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text_by_colour(path: Path) -> dict[tuple, str]:
    """Every page's characters, whitespace dropped, grouped by fill colour (rounded RGB)."""
    import pdfplumber

    found: dict[tuple, list[str]] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                colour = tuple(round(v, 2) for v in (char["non_stroking_color"] or ()))
                if not char["text"].isspace():
                    found.setdefault(colour, []).append(char["text"])
    return {colour: "".join(chars) for colour, chars in found.items()}
