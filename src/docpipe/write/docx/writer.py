"""Document → DOCX: a visitor over the body tree that writes real Word styles and notes."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.shared import Pt
from docx.text.run import Run

from docpipe import images
from docpipe.model.document import BLOCK_TAGS, Document, text_of
from docpipe.model.theme import Theme
from docpipe.write.docx import package as docx_package
from docpipe.write.docx import page as docx_page
from docpipe.write import callouts
from docpipe.write import book
from docpipe.write.docx import book as docx_book
from docpipe.write.docx import boxes
from docpipe.write import gongwen
from docpipe.write.docx import wrap, xml
from docpipe.text import titles
from docpipe.write.html import balanced_lines
from docpipe.write.docx.inline import Format, InlineWriter, Segment, bookmark_names, has_content
from docpipe.write.docx.styles import ALIGN, CAPTION, FOOTNOTE_REFERENCE, FOOTNOTE_TEXT, TABLE_STYLE
from docpipe.write.docx.styles import configure_styles
from docpipe.write.docx.pages import heading_pages
from docpipe.write.docx import tables
from docpipe.write.docx.tables import column_widths

#: The footnotes' class (Python-Markdown's, as document.py's docstring says)
NOTE_CLASS = "footnote"


def render(document: Document, theme: Theme, dest: Path) -> None:
    """Write ``document`` as a DOCX file at ``dest``, styled by ``theme``."""
    word = docx.Document()
    DocxWriter(word, document, theme).write()
    docx_package.save_deterministic(word, dest)


@dataclass
class Frame:
    """Where paragraphs go now and how they look: body, quote, list item, cell or note."""

    container: Any              # anything with add_paragraph(): document, cell, footnote
    style: str = "Normal"
    left_chars: float = 0.0     # effective left indent in characters
    align: str | None = None
    first: Callable[[Paragraph], None] | None = None   # applied once, to the next paragraph
    width_pt: float | None = None   # the container's text width (a table cell's); None: the block's


class _Cell:
    """A table cell whose first paragraph (python-docx makes one) is used before adding more."""

    def __init__(self, cell: Any) -> None:
        self.cell, self.fresh = cell, cell.paragraphs[0]

    def add_paragraph(self) -> Paragraph:
        fresh, self.fresh = self.fresh, None
        return fresh if fresh is not None else self.cell.add_paragraph()

    def add_table(self, rows: int, cols: int) -> Any:
        return self.cell.add_table(rows, cols)


class _Body:
    """The document body. python-docx's add_paragraph()/add_table() search the whole body for
    the section properties on every call (quadratic: 12 s for a 3 MB text); this inserts
    straight before them."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.sect_pr = word.element.body.get_or_add_sectPr()

    def add_paragraph(self) -> Paragraph:
        paragraph = OxmlElement("w:p")
        self.sect_pr.addprevious(paragraph)
        return Paragraph(paragraph, self.word._body)

    def add_table(self, rows: int, cols: int) -> Any:
        from docx.oxml.table import CT_Tbl
        from docx.table import Table

        table = CT_Tbl.new_tbl(rows, cols, self.word._block_width)
        self.sect_pr.addprevious(table)
        return Table(table, self.word._body)


class _Note:
    """A footnote's paragraphs; ``part`` is the footnotes part, where its links are related."""

    def __init__(self, element: Any, part: Any) -> None:
        self.element, self.part = element, part

    def add_paragraph(self) -> Paragraph:
        paragraph = OxmlElement("w:p")
        self.element.append(paragraph)
        return Paragraph(paragraph, self)


class DocxWriter(InlineWriter):
    """Walks the body tree once; ``block_<tag>`` methods write blocks, ``emit`` the runs."""

    def __init__(self, word: Any, document: Document, theme: Theme) -> None:
        self.word, self.document, self.theme = word, document, theme
        self.ids = configure_styles(word, theme)
        self.chinese = document.meta.lang.lower().startswith("zh")
        self.frame = Frame(_Body(word))
        self.quote_indent = float(theme.blocks.quote_indent)
        #: left indents the styles already carry (direct indents are written only on change)
        self.style_left = {"Quote": self.quote_indent, "Definition": 2.0}
        self.numbering = word.part.numbering_part.element
        self.bullet_list, self.number_list = xml.add_list_definitions(
            self.numbering, theme.body_size, theme.body_font.word_latin)
        self.bullet_num: int | None = None
        self.list_depth = 0
        self.notes = {li.get("id", "")[3:]: li for div in document.body.iter("div")
                      if div.get("class") == NOTE_CLASS for li in div.iter("li")}
        self.footnotes: Any = None
        self.note_count = 0
        self.note_numbers: dict[str, int] = {}
        self.in_note = False
        self.bookmarks = bookmark_names(document.body)
        self.bookmarked: set[str] = set()
        self.toc_bookmarks: dict[str, str] = {}   # heading id → _Toc bookmark of the contents
        self.decorations: list[Callable[[Paragraph], None]] = []
        self.text_width: int | None = None
        #: heading element → (its number as Word numbering shows it, its text)
        self.heading_labels = {
            heading: (entry.label[:len(entry.label) - len(entry.text)], entry.text)
            for heading, entry in zip(document.body.iter(*book.HEADINGS),
                                      book.entries(document, theme))}

    def write(self) -> None:
        official = gongwen.active(self.document, self.theme)
        scheme = book.numbering_scheme(self.document, self.theme)
        top = book.top_level(self.document)
        heads = None
        if self.theme.page.running_heads and not official:
            heads = (self.document.meta.title, f"heading {top}", scheme)
        docx_page.set_up_pages(self.word, self.theme, self.ids, self.chinese, heads)
        docx_book.number_heading_styles(self.word, self.ids, scheme, top)
        xml.set_chinese_settings(self.word.settings.element)
        docx_package.drop_template_extras(self.word)
        fonts = self.theme.fonts.values()
        docx_package.write_font_table(self.word, [f.word for f in fonts],
                                      [f.word_latin for f in fonts])
        docx_package.set_core_properties(self.word, self.document)
        if official:   # a 公文: its parts, not a title block
            from docpipe.write.docx.gongwen import GongwenDocx

            GongwenDocx(self).write()
            return
        self.title_block()
        skip = None
        if book.wants_contents(self.document, self.theme):
            listed = [e for e in book.contents_entries(self.document, self.theme)
                      if skip is None or e.ident != skip.get("id")]
            if listed:
                self.toc_bookmarks = {e.ident: f"_Toc{n:08d}" for n, e in enumerate(listed, 1)}
                depth = book.contents_depth(self.document, self.theme)
                pages = heading_pages(self.document, self.theme, len(listed), skip)
                docx_book.add_contents(self, self.theme.contents.title, listed, top,
                                       min(top + depth - 1, 9), self.toc_bookmarks, pages)
        self.flow(self.document.body, skip=skip)

    # ---- frames and paragraphs -----------------------------------------------------------

    def within(self, frame: Frame, element: Any) -> None:
        outer, self.frame = self.frame, frame
        try:
            self.flow(element)
        finally:
            self.frame = outer

    def paragraph(self, style: str | None = None) -> Paragraph:
        frame = self.frame
        paragraph = frame.container.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        name = style or frame.style
        if name != "Normal":
            ppr.style = self.ids[name]
        if frame.left_chars != self.style_left.get(name, 0.0):
            xml.set_indent(ppr, left_chars=frame.left_chars, char_pt=self.theme.body_size)
        if frame.align in ALIGN:
            paragraph.alignment = ALIGN[frame.align]
        if frame.first is not None:
            first, frame.first = frame.first, None
            first(paragraph)
        for decorate in self.decorations:   # the admonition boxes it is inside
            decorate(paragraph)
        xml.drop_if_empty(ppr)
        return paragraph

    def flow(self, element: Any, skip: Any = None) -> None:
        """Child blocks in order (but ``skip``); loose inline content between them becomes
        paragraphs."""
        pending: list[Any] = [element.text] if element.text else []
        for child in element:
            if child is skip or not isinstance(child.tag, str):
                if child.tail:
                    pending.append(child.tail)
            elif child.tag in BLOCK_TAGS:
                self._inline_paragraph(pending)
                pending = [child.tail] if child.tail else []
                self.block(child)
            else:
                pending.append(child)
        self._inline_paragraph(pending)

    def _inline_paragraph(self, pending: list[Any]) -> None:
        segments: list[Segment] = []
        for item in pending:
            if isinstance(item, str):
                segments.append(("text", item, Format()))
            else:
                self.collect(item, Format(), segments)
        if has_content(segments):
            self.emit(self.paragraph(), segments)

    # ---- blocks --------------------------------------------------------------------------

    def block(self, element: Any) -> None:
        tag = element.tag
        if re.fullmatch(r"h[1-6]", tag):
            paragraph = self.paragraph(f"Heading {tag[1]}")
            self._hold_words(paragraph, element, int(tag[1]))
            self.emit(paragraph, self.segments(element))
            self._bookmark(paragraph, element)
            toc_name = self.toc_bookmarks.get(element.get("id", ""))
            if toc_name and toc_name not in self.bookmarked:
                self.bookmarked.add(toc_name)
                xml.add_bookmark(paragraph._p, 100_000 + len(self.bookmarked), toc_name)
        else:
            getattr(self, f"block_{tag}", self.flow)(element)

    def _hold_words(self, paragraph: Paragraph, element: Any, level: int) -> None:
        """A heading that may wrap gets the indent at which the word processor's own line
        ends fall between words (wrap.py), as the PDF's do; one that fits is left alone
        (and costs no segmenter)."""
        if self.frame.left_chars or not isinstance(self.frame.container, _Body):
            return
        heading = self.theme.headings[level - 1]
        size, tracking = float(heading.size), float(self.theme.text.letter_spacing or 0)
        first = float(heading.indent or 0) * size
        available = self._text_width() / 20
        label, text = self.heading_labels.get(element, ("", text_of(element)))
        shown = label + text
        if wrap.widest(shown, size, tracking) + first <= available:
            return
        bounds = {len(label) + bound for bound in titles.word_bounds(text)}
        area = wrap.word_measure(shown, bounds, available, first, size, tracking)
        if not area or area >= available:
            return
        layout = paragraph.paragraph_format
        if heading.align == "center":
            layout.left_indent = layout.right_indent = Pt((available - area) / 2)
        elif heading.align == "right":
            layout.left_indent = Pt(available - area)
        else:
            layout.right_indent = Pt(available - area)

    def title_block(self) -> None:
        meta = self.document.meta
        title: list = []
        if meta.title_lines:       # the author's own break: kept as a line break
            for line in meta.title_lines:
                title += ([("br", "", Format())] if title else []) + [("text", line, Format())]
            self.emit(self.paragraph("Title"), title)
        else:
            self._wrapped_title(meta.title)
        for style, text in (("Subtitle", meta.subtitle), ("Credits", meta.credits)):
            if text:
                self.emit(self.paragraph(style), [("text", str(text), Format())])

    def _wrapped_title(self, text: str) -> None:
        """A title docpipe breaks, wrapped by the word processor itself where the PDF's lines
        end (wrap.py: indents, no typed break); a typed break only where no indent is certain
        to do it (Latin words, whose width depends on the reader's fonts, at the break)."""
        theme = self.theme
        size, tracking = float(theme.title.size), float(theme.text.letter_spacing or 0)
        width = self._text_width() / 20
        lines = balanced_lines(text, theme.title_chars_per_line)
        paragraph = self.paragraph("Title")
        layout = paragraph.paragraph_format
        indents = None
        if len(lines) == 2:
            indents = wrap.title_indents(text, lines, width, size, tracking)
        elif titles.width(text) > theme.title_chars_per_line:     # more than two lines
            area = wrap.word_measure(text, titles.word_bounds(text), width, 0.0, size, tracking)
            if area is not None:
                indents = wrap.Indents(left=(width - area) / 2, right=(width - area) / 2)
        if indents is not None:
            lines = [text]
            layout.left_indent, layout.right_indent = Pt(indents.left), Pt(indents.right)
            if indents.first_line:
                layout.first_line_indent = Pt(indents.first_line)
        segments: list = []
        for line in lines:
            segments += ([("br", "", Format())] if segments else []) + [("text", line, Format())]
        self.emit(paragraph, segments)

    def block_p(self, element: Any) -> None:
        lead = "lead" in element.get("class", "").split() and self.frame.style == "Normal"
        segments = self.segments(element)
        if has_content(segments):
            paragraph = self.paragraph("Lead" if lead else None)
            self.emit(paragraph, segments)
            self._bookmark(paragraph, element)

    def block_blockquote(self, element: Any) -> None:
        self.within(Frame(self.frame.container, "Quote",
                          self.frame.left_chars + self.quote_indent,
                          width_pt=self.frame.width_pt), element)

    def block_ul(self, element: Any) -> None:
        if self.bullet_num is None:
            self.bullet_num = xml.add_list_instance(self.numbering, self.bullet_list, 0, None)
        self._list(element, self.bullet_num, "List Bullet")

    def block_ol(self, element: Any) -> None:
        level = min(self.list_depth, 8)
        try:
            start = int(element.get("start", "1"))
        except ValueError:
            start = 1
        # Every <ol> is its own w:num with a start override: numbering restarts per list
        num = xml.add_list_instance(self.numbering, self.number_list, level, start)
        self._list(element, num, "List Number")

    def _list(self, element: Any, num: int, style: str) -> None:
        level = min(self.list_depth, 8)

        def number(paragraph: Paragraph) -> None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.style = self.ids[style]
            for ind in ppr.findall(qn("w:ind")):
                ppr.remove(ind)
            xml.set_numbering(ppr, num, level)
            xml.clear_first_line_chars(ppr)

        self.list_depth += 1
        try:
            for item in element:
                if item.tag == "li":
                    # a task item shows its ☐/☑ where the bullet would be
                    task = "task-list-item" in item.get("class", "").split()
                    self.within(Frame(self.frame.container, "List Continue", 2.0 * (level + 1),
                                      first=None if task else number,
                                      width_pt=self.frame.width_pt), item)
                elif isinstance(item.tag, str):
                    self.block(item)
        finally:
            self.list_depth -= 1

    def block_pre(self, element: Any) -> None:
        text = "".join(element.itertext()).rstrip("\n")
        run = self.paragraph("Code Block").add_run(text)
        if xml.needs_east_asian_hint(text, self.chinese):
            xml.add_east_asian_hint(run._r.get_or_add_rPr())

    def block_hr(self, element: Any) -> None:
        color = self.theme.blocks.rule_color.lstrip("#")
        xml.add_bottom_rule(self.paragraph()._p.get_or_add_pPr(), color)

    def block_figure(self, element: Any) -> None:
        self.within(replace(self.frame, style="Figure", first=None, align=None), element)

    def block_figcaption(self, element: Any) -> None:
        self.emit(self.paragraph(CAPTION), self.segments(element))

    def block_dt(self, element: Any) -> None:
        self.emit(self.paragraph("Definition Term"), self.segments(element))

    def block_dd(self, element: Any) -> None:
        self.within(Frame(self.frame.container, "Definition", self.frame.left_chars + 2,
                               width_pt=self.frame.width_pt),
                    element)

    def block_div(self, element: Any) -> None:
        if callouts.is_admonition(element):
            boxes.admonition(self, element)
        elif element.get("class") != NOTE_CLASS:   # notes went where they are cited
            self.flow(element)

    def block_table(self, element: Any) -> None:
        rows = [row for row in element.iter("tr")]
        cells = [[c for c in row if c.tag in ("th", "td")] for row in rows]
        columns = max((len(c) for c in cells), default=0)
        if not columns or not hasattr(self.frame.container, "add_table"):
            for row in cells:   # a note cannot hold a table: one paragraph per row
                pending: list[Any] = []
                for cell in row:
                    pending += [cell.text or "", *cell, " "]
                self._inline_paragraph(pending)
            return
        table = self.frame.container.add_table(len(rows), columns)
        table._tbl.tblPr.style = self.ids[TABLE_STYLE]
        header = [row.getparent().tag == "thead" or all(c.tag == "th" for c in cs)
                  for row, cs in zip(rows, cells)]
        xml.set_table_full_width(table._tbl, bool(header) and header[0])
        from docx.table import _Cell as WordCell

        # Walk the XML rows directly: table.cell()/table.rows rebuild the whole grid on every
        # call, which made a 5,000-row table take minutes (quadratic).
        widths = column_widths(cells, columns, self._text_width(), self._picture_half_ems)
        xml.set_column_widths(table._tbl, widths)
        if tables.too_wide(cells, widths, 10 * float(self.theme.blocks.table_size),
                           2 * xml.CELL_MARGIN):
            table.autofit = False   # fixed layout: the long words break inside their cells
        leading_header = True
        for tr, row_cells, is_header in zip(table._tbl.tr_lst, cells, header):
            leading_header = leading_header and is_header
            xml.keep_row_together(tr, leading_header)
            tcs = tr.tc_lst
            for column, cell in enumerate(row_cells):
                align = re.search(r"text-align:\s*(\w+)", cell.get("style", ""))
                word_cell = WordCell(tcs[column], table)
                word_cell.paragraphs[0]._p.get_or_add_pPr().style = self.ids["Table Text"]
                frame = Frame(_Cell(word_cell), "Table Text",
                              align=align.group(1) if align else None,
                              width_pt=(widths[column] - 2 * xml.CELL_MARGIN) / 20)
                self.within(frame, cell)

    def _picture_half_ems(self, cell: Any) -> int:
        """The widest picture of a table cell in half-ems of the table's type (0: none)."""
        widest = 0.0
        for img in cell.iter("img"):
            image = self.document.images.get(img.get("src", ""))
            if image is not None:
                facts = images.inspect(image.path)
                widest = max(widest, images.width_on_page(facts, images.requested_width(
                    facts, img.get("width"), img.get("height")), self._text_width() / 20))
        return round(2 * widest / float(self.theme.blocks.table_size))

    def _picture_room(self) -> float | None:
        frame = self.frame
        if frame.width_pt is None and not frame.left_chars:
            return None
        width = self._text_width() / 20 if frame.width_pt is None else frame.width_pt
        return width - frame.left_chars * self.theme.body_size

    def _text_width(self) -> int:
        """The text block's width in twips (a table in a cell gets the same share of it).

        Read once, after the page setup: ``word.sections`` searches the whole body for its
        section properties (a heading at a time, 5 % of a 300 KB law's DOCX)."""
        if self.text_width is None:
            section = self.word.sections[0]
            self.text_width = int(section.page_width - section.left_margin
                                  - section.right_margin) // 635
        return self.text_width

    def _note(self, run: Run, number: str) -> None:
        item = self.notes.get(number)
        if item is None or self.in_note:
            run.text = number
            run.font.superscript = True
            return
        if number in self.note_numbers:
            # cited again: the number of the one Word footnote (read/notes.py numbered the
            # notes by first reference, which is also the order Word numbers them in)
            run._r.get_or_add_rPr().style = self.ids[FOOTNOTE_REFERENCE]
            run.text = str(self.note_numbers[number])
            return
        if self.footnotes is None:
            self.footnotes = docx_package.add_footnotes_part(self.word)
        self.note_count += 1
        self.note_numbers[number] = self.note_count
        run._r.get_or_add_rPr().style = self.ids[FOOTNOTE_REFERENCE]
        xml.add_footnote_reference(run._r, self.note_count)
        note = _Note(xml.new_footnote(self.footnotes.element, self.note_count), self.footnotes)

        def mark(paragraph: Paragraph) -> None:
            marker = paragraph.add_run()
            marker._r.get_or_add_rPr().style = self.ids[FOOTNOTE_REFERENCE]
            xml.add_footnote_reference(marker._r, None)
            paragraph.add_run(" ")

        self.in_note = True
        try:
            self.within(Frame(note, FOOTNOTE_TEXT, first=mark), item)
        finally:
            self.in_note = False

    # ---- bookmarks ---------------------------------------------------------------------

    def _bookmark(self, paragraph: Paragraph, element: Any) -> None:
        target = element.get("id")
        if target in self.bookmarks and target not in self.bookmarked:
            self.bookmarked.add(target)
            xml.add_bookmark(paragraph._p, len(self.bookmarked), self.bookmarks[target])
