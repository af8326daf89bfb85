"""Word tracked changes as raw WordprocessingML (python-docx has no API for them): revision
elements with id, author and date, runs placed inside them, deleted text, paragraph and row
marks, and the settling of paragraph marks at the end of a container."""
from __future__ import annotations

from typing import Any, Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docpipe.write.docx import xml

W_P = qn("w:p")
MARKS = {"ins": qn("w:ins"), "del": qn("w:del")}


class Revisions:
    """Makes the revision elements: each with the next id, the author and the date."""

    def __init__(self, author: str, date: str, first_id: int = 1) -> None:
        self.author, self.date, self.next_id = author, date, first_id

    def new(self, kind: str) -> Any:
        """A ``w:ins``, ``w:del`` or ``w:rPrChange`` element with id, author and date."""
        element = xml.element(f"w:{kind}", id=self.next_id, author=self.author, date=self.date)
        self.next_id += 1
        return element

    def place(self, holder: Any, run: Any, rev: str | None) -> None:
        """Append ``run`` to ``holder`` (paragraph or hyperlink), inside a revision if any."""
        if rev is None:
            holder.append(run)
            return
        last = holder[-1] if len(holder) else None
        if last is None or last.tag != MARKS[rev]:
            last = self.new(rev)
            holder.append(last)
        last.append(run)

    def mark_paragraph(self, paragraph: Any, kind: str) -> None:
        """Insert or delete the paragraph mark (first in the mark's run properties)."""
        ppr = paragraph.get_or_add_pPr()
        rpr = xml.child(ppr, "w:rPr")
        for old in rpr.findall(qn("w:ins")) + rpr.findall(qn("w:del")):
            rpr.remove(old)
        rpr.insert(0, self.new(kind))

    def mark_row(self, tr: Any, kind: str) -> None:
        tr.get_or_add_trPr().append(self.new(kind))

    def format_change(self, rpr: Any, old_rpr: Any) -> None:
        """Record in ``rpr`` that the run had ``old_rpr`` (None: no properties) before."""
        change = self.new("rPrChange")
        before = OxmlElement("w:rPr")
        for child in list(old_rpr) if old_rpr is not None else []:
            before.append(child)
        change.append(before)
        rpr.append(change)    # rPrChange is the last child of w:rPr


def delete_text(run: Any) -> None:
    """A deleted run's text is ``w:delText``."""
    for text in run.findall(qn("w:t")):
        text.tag = qn("w:delText")
    for instruction in run.findall(qn("w:instrText")):
        instruction.tag = qn("w:delInstrText")


def paragraph_mark(paragraph: Any) -> str | None:
    rpr = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if rpr is None:
        return None
    for kind, tag in MARKS.items():
        if rpr.find(tag) is not None:
            return kind
    return None


def unmark_paragraph(paragraph: Any) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr"))
    for tag in MARKS.values():
        for found in rpr.findall(tag):
            rpr.remove(found)
    xml.drop_if_empty(rpr)
    xml.drop_if_empty(ppr)


def settle_paragraph_marks(containers: Iterator[Any], revisions: Revisions) -> None:
    """Paragraphs inserted or deleted at the end of a container (before a table, a section's
    end, the end of a cell or note) cannot take their own paragraph mark with them: accepting
    or rejecting would join them with nothing. There the mark of the paragraph before the
    run is changed instead, and the run's last mark stays."""
    for container in containers:
        children = list(container)
        index = 0
        while index < len(children):
            kind = paragraph_mark(children[index]) if children[index].tag == W_P else None
            if kind is None:
                index += 1
                continue
            end = index
            while (end + 1 < len(children) and children[end + 1].tag == W_P
                   and paragraph_mark(children[end + 1]) == kind):
                end += 1
            after = children[end + 1] if end + 1 < len(children) else None
            if after is None or after.tag != W_P:
                last = children[end]
                unmark_paragraph(last)
                before = children[index - 1] if index else None
                before_kind = paragraph_mark(before) if before is not None and \
                    before.tag == W_P else None
                if before is not None and before.tag == W_P and before_kind is None:
                    revisions.mark_paragraph(before, kind)
                elif before_kind not in (None, kind) and _wholly(before, before_kind):
                    # a replaced end (deleted paragraphs, then inserted ones, or the other way
                    # round): the last paragraph holds the other side's last content too, so
                    # that either side alone leaves exactly its own paragraphs
                    _prepend_content(before, last)
                    container.remove(before)
            index = end + 1


def _wholly(paragraph: Any, kind: str) -> bool:
    """Every run of the paragraph is inside a revision of ``kind``."""
    runs = list(paragraph.iter(qn("w:r")))
    return bool(runs) and all(any(a.tag == MARKS[kind] for a in run.iterancestors())
                              for run in runs)


def _prepend_content(source: Any, target: Any) -> None:
    """Move the content of paragraph ``source`` (not its properties) to the start of
    ``target``'s."""
    ppr = target.find(qn("w:pPr"))
    position = 1 if ppr is not None else 0
    for child in [c for c in source if c.tag != qn("w:pPr")]:
        target.insert(position, child)
        position += 1
