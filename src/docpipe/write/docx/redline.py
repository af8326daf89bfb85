"""A redline as DOCX: the marked tree (write/redline/marks.py) written as Word tracked changes.

``RedlineWriter`` is the ordinary DOCX writer taught the redline markup: ``<ins>``/``<del>``
become runs in ``w:ins``/``w:del`` (deleted text in ``w:delText``), emphasis changes a
``w:rPrChange`` holding the old run properties, whole blocks inserted or deleted paragraphs
whose paragraph marks are inserted or deleted too (``w:pPr/w:rPr/w:ins|w:del``), table rows
``w:trPr/w:ins|w:del``; the XML itself is made in revisions.py. Each revision has its own id,
the author and the date. Accepting every change gives the new version's DOCX, rejecting every
change the old one's.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterator

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from docpipe.model.document import Document
from docpipe.model.theme import Theme
from docpipe.write.docx import package as docx_package
from docpipe.write.docx import xml
from docpipe.write.docx.inline import Format, Segment
from docpipe.write.docx.revisions import Revisions, delete_text, settle_paragraph_marks
from docpipe.write.docx.writer import DocxWriter
from docpipe.write.redline.marks import lines_element


def render(document: Document, redline: Any, theme: Theme, dest: Path, *, author: str,
           date: str) -> None:
    """Write the marked ``document`` (its body the redline's) as a DOCX with tracked changes.
    ``date`` is ISO 8601 (``2026-12-01T10:00:00Z``)."""
    word = docx.Document()
    RedlineWriter(word, document, theme, redline, Revisions(author, date)).write()
    docx_package.save_deterministic(word, dest)


@dataclass(frozen=True)
class RevFormat(Format):
    """Inline formatting plus the revision in force: "ins"/"del", or the emphasis before."""

    rev: str | None = None
    old: frozenset | None = None


class _Recorder:
    """A frame container that remembers the tables made in it (to mark their rows)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.tables = inner, []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.inner, name)
        if name != "add_table":
            return found

        def add_table(*args: Any) -> Any:
            table = found(*args)
            self.tables.append(table)
            return table

        return add_table


class RedlineWriter(DocxWriter):
    """The DOCX writer with the redline markup written as tracked changes."""

    def __init__(self, word: Any, document: Document, theme: Theme, redline: Any,
                 revisions: Revisions) -> None:
        super().__init__(word, document, theme)
        self.redline, self.revisions = redline, revisions
        revisions.next_id = max(revisions.next_id, len(self.bookmarks) + 1)
        self.block_rev: str | None = None
        self.last_paragraph: Paragraph | None = None

    def write(self) -> None:
        super().write()
        containers = [self.word.element.body, *self.word.element.body.iter(qn("w:tc"))]
        if self.footnotes is not None:
            containers += list(self.footnotes.element.iter(qn("w:footnote")))
        settle_paragraph_marks(iter(containers), self.revisions)

    # ---- blocks ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def revision(self, element: Any) -> Iterator[None]:
        """While writing ``element``: the whole of it inserted or deleted, if it is marked."""
        kind = element.get("data-rev-block")
        parent = element.getparent()
        if kind is None and element.tag in ("td", "th") and parent is not None:
            kind = parent.get("data-rev-block")
        outer = self.block_rev
        self.block_rev = outer or kind
        try:
            yield
        finally:
            self.block_rev = outer
        mark = element.get("data-rev-mark")
        if mark and self.last_paragraph is not None:
            self.revisions.mark_paragraph(self.last_paragraph._p, mark)

    def block(self, element: Any) -> None:
        with self.revision(element):
            super().block(element)

    def within(self, frame: Any, element: Any) -> None:
        with self.revision(element):
            super().within(frame, element)

    def paragraph(self, style: str | None = None) -> Paragraph:
        paragraph = super().paragraph(style)
        if self.block_rev:
            self.revisions.mark_paragraph(paragraph._p, self.block_rev)
        self.last_paragraph = paragraph
        return paragraph

    def block_table(self, element: Any) -> None:
        recorder = _Recorder(self.frame.container)
        self.frame.container = recorder
        try:
            super().block_table(element)
        finally:
            self.frame.container = recorder.inner
        if not recorder.tables:
            return
        for row, tr in zip(element.iter("tr"), recorder.tables[-1]._tbl.tr_lst):
            kind = self.block_rev or next(
                (a.get("data-rev-block") for a in row.iterancestors()
                 if a.get("data-rev-block") and a.tag in ("thead", "tbody")), None) \
                or row.get("data-rev-block")
            if kind:
                self.revisions.mark_row(tr, kind)

    def block_pre(self, element: Any) -> None:
        if not self.block_rev and element.find(".//*[@data-rev]") is None:
            super().block_pre(element)
            return
        paragraph = self.paragraph("Code Block")
        pieces = [(value, fmt) for kind, value, fmt in self.segments(element) if kind == "text"]
        while pieces and not pieces[-1][0].rstrip("\n"):
            pieces.pop()
        if pieces:
            pieces[-1] = (pieces[-1][0].rstrip("\n"), pieces[-1][1])
        for value, fmt in pieces:
            run = Run(OxmlElement("w:r"), paragraph)
            rev = self.block_rev or getattr(fmt, "rev", None)
            self.revisions.place(paragraph._p, run._r, rev)
            run.text = value
            if xml.needs_east_asian_hint(value, self.chinese):
                xml.add_east_asian_hint(run._r.get_or_add_rPr())
            if rev == "del":
                delete_text(run._r)

    def title_block(self) -> None:
        redline, meta = self.redline, self.document.meta
        old = redline.old.meta if redline.old is not None else meta
        if redline.title is not None:          # the title changed: its marked words
            self.emit(self.paragraph("Title"), self.segments(redline.title))
        elif meta.title_lines:                 # unchanged, broken by its author
            self.emit(self.paragraph("Title"), self.segments(lines_element(meta.title_lines)))
        else:                                  # unchanged: wrapped as in a normal build
            self._wrapped_title(meta.title)
        for style, before, after, marked in (
                ("Subtitle", old.subtitle, meta.subtitle, redline.subtitle),
                ("Credits", old.credits, meta.credits, redline.credits)):
            if not before and not after:
                continue
            kind = None if before and after else ("ins" if after else "del")
            outer, self.block_rev = self.block_rev, kind
            try:
                element = marked if marked is not None else lines_element([str(after)])
                self.emit(self.paragraph(style), self.segments(element))
            finally:
                self.block_rev = outer

    # ---- runs -----------------------------------------------------------------------------

    def collect(self, node: Any, fmt: Format, out: list[Segment]) -> None:
        if not (isinstance(node.tag, str) and node.get("data-rev")
                and node.tag in ("ins", "del", "span")):
            super().collect(node, fmt, out)
            return
        base = {f.name: getattr(fmt, f.name) for f in fields(Format)}
        if node.tag == "span":
            inner = RevFormat(**base, old=frozenset(node.get("data-old", "").split()))
        else:
            inner = RevFormat(**base, rev=node.tag)
        if node.text:
            out.append(("text", node.text, inner))
        for child in node:
            self.collect(child, inner, out)
        if node.tail:
            out.append(("text", node.tail, fmt))

    def _place(self, holder: Any, run: Run, fmt: Format) -> None:
        self.revisions.place(holder, run._r, self._revision(fmt))

    def _filled(self, run: Run, fmt: Format) -> None:
        if self._revision(fmt) == "del":
            delete_text(run._r)

    def _revision(self, fmt: Format) -> str | None:
        return self.block_rev or getattr(fmt, "rev", None)

    def _format(self, run: Run, fmt: Format, text: str) -> None:
        old = getattr(fmt, "old", None)
        super()._format(run, _plain(fmt), text)
        if old is None:
            return
        probe = Run(OxmlElement("w:r"), run._parent)
        before = replace(_plain(fmt), em="em" in old, strong="strong" in old,
                         code="code" in old, strike="del" in old, sup="sup" in old,
                         sub="sub" in old)
        super()._format(probe, before, text)
        self.revisions.format_change(run._r.get_or_add_rPr(), probe._r.rPr)


def _plain(fmt: Format) -> Format:
    return Format(**{f.name: getattr(fmt, f.name) for f in fields(Format)})
