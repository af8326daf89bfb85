"""Book parts of the PDF and EPUB: heading numbers, contents, footnotes, running heads.

The decisions shared with the DOCX writer (which headings, which numbers, whether a contents)
are made here once, from the Document and the theme; the writers only lay them out.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from docpipe.model.document import Document, text_of
from docpipe.model.theme import Theme
from docpipe.read.notes import note_lists
from docpipe.text.numbering import heading_numbers

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Entry:
    """One heading as the contents, the navigation and the running heads see it."""

    level: int
    ident: str
    number: str       # "" without numbering
    text: str         # without the number

    @property
    def prefix(self) -> str:
        """What goes in front of the heading's text: its number and a space (none after
        a closing mark or a full stop), or nothing."""
        if not self.number:
            return ""
        return self.number + ("" if self.number[-1] in "、）." else " ")

    @property
    def label(self) -> str:
        """The number and the text, as a reader sees the heading."""
        return self.prefix + self.text


def numbering_scheme(document: Document, theme: Theme) -> str:
    """The theme's heading numbering; a 公文 numbers its headings in its own text."""
    if document.meta.gongwen is not None:
        return "none"
    return theme.headings.numbering


def entries(document: Document, theme: Theme) -> list[Entry]:
    """Every heading of the body in order, numbered by the theme's scheme."""
    headings = [h for h in document.body.iter(*HEADINGS)]
    levels = [int(h.tag[1]) for h in headings]
    numbers = heading_numbers(levels, numbering_scheme(document, theme))
    return [Entry(level, h.get("id", ""), number, text_of(h))
            for h, level, number in zip(headings, levels, numbers)]


def top_level(document: Document) -> int:
    """The shallowest heading level the body uses (1 when it has none)."""
    return min((int(h.tag[1]) for h in document.body.iter(*HEADINGS)), default=1)


def contents_depth(document: Document, theme: Theme) -> int:
    return int(document.meta.toc_depth or theme.contents.depth)


def wants_contents(document: Document, theme: Theme) -> bool:
    """Front matter ``toc`` first, then the theme's [contents] show (auto: many headings)."""
    if document.meta.gongwen is not None:
        return False
    if document.meta.toc is not None:
        return bool(document.meta.toc)
    show = theme.contents.show
    if show != "auto":
        return show == "always"
    return sum(1 for _ in document.body.iter(*HEADINGS)) > theme.contents.auto_headings


def contents_entries(document: Document, theme: Theme) -> list[Entry]:
    """The headings the contents lists: ``depth`` levels from the top one, with an id."""
    top, depth = top_level(document), contents_depth(document, theme)
    return [e for e in entries(document, theme) if e.ident and e.text and e.level - top < depth]


# ---- the HTML tree --------------------------------------------------------------------------

def number_headings(main: Any, document: Document, theme: Theme) -> None:
    """Put each heading's number in front of its text (span.heading-number), and show it in
    links that name a heading by its text."""
    found = entries(document, theme)
    if not any(e.number for e in found):
        return
    by_id = {e.ident: e for e in found if e.ident}
    for heading, entry in zip(main.iter(*HEADINGS), found):
        if not entry.number:
            continue
        span = etree.Element("span", {"class": "heading-number"})
        span.text = entry.number
        span.tail = entry.prefix[len(entry.number):] + (heading.text or "")
        heading.text = None
        heading.insert(0, span)
    for link in main.iter("a"):
        target = by_id.get(link.get("href", "")[1:]) if link.get("href", "").startswith("#") \
            else None
        if target is not None and target.number and text_of(link) == target.text:
            link.text = target.label if len(link) == 0 else f"{target.number} {link.text or ''}"


def heading_numbers_by_position(document: Document, theme: Theme) -> dict[int, str]:
    """What ``number_headings`` puts in front of each numbered heading (its ``prefix``), by
    the heading's position among the body's headings."""
    return {position: entry.prefix for position, entry in enumerate(entries(document, theme))
            if entry.number}


def contents_nav(document: Document, theme: Theme) -> Any | None:
    """nav.toc for the PDF: one link per heading, its page number after dot leaders (CSS)."""
    if not wants_contents(document, theme):
        return None
    listed = contents_entries(document, theme)
    if not listed:
        return None
    top = min(e.level for e in listed)
    nav = etree.Element("nav", {"class": "toc", "id": "docpipe-contents"})
    etree.SubElement(nav, "p", {"class": "toc-title"}).text = theme.contents.title
    holder = etree.SubElement(nav, "ul")
    for entry in listed:
        item = etree.SubElement(holder, "li", {"class": f"toc-level-{entry.level - top + 1}"})
        # data-target: the HTML serialiser percent-encodes href, which target-counter() does
        # not decode (a Chinese id would lose its page number)
        etree.SubElement(item, "a", {"href": f"#{entry.ident}",
                                     "data-target": f"#{entry.ident}"}).text = entry.label
    return nav


def footnotes_at_foot(main: Any) -> None:
    """Each note moves to its first reference as a ``float: footnote`` span (WeasyPrint sets
    it at the foot of that page and numbers the call); later references keep the number."""
    for container in note_lists(main):
        for item in container.iter("li"):
            label = item.get("id", "")[3:]
            reference = next((sup for sup in main.iter("sup")
                              if sup.get("id", "") == f"fnref:{label}"), None)
            if reference is None:
                continue
            note = etree.Element("span", {"class": "footnote", "id": f"fn:{label}"})
            for index, paragraph in enumerate(item):
                part = copy.deepcopy(paragraph)
                for back in part.xpath('.//a[contains(@class, "footnote-backref")]'):
                    _drop(back)
                part.tag = "span"
                part.set("class", "footnote-paragraph")
                part.tail = None
                if index:
                    etree.SubElement(note, "br")
                note.append(part)
            note.tail = reference.tail
            reference.getparent().replace(reference, note)
        _drop(container)
    for link in main.xpath('.//a[contains(@class, "footnote-ref")]'):
        link.getparent().attrib.pop("id", None)   # a second reference: its number only


def footnotes_as_asides(main: Any) -> None:
    """EPUB 3 footnotes: each note an ``<aside epub:type="footnote">`` after the text, its
    number linking back to the first reference (readers that know noterefs pop them up)."""
    epub_type = "{http://www.idpf.org/2007/ops}type"
    for container in note_lists(main):
        section = etree.Element("section", {"class": "footnotes", "role": "doc-endnotes"})
        section.append(etree.Element("hr"))
        for number, item in enumerate(container.iter("li"), start=1):
            label = item.get("id", "")[3:]
            aside = etree.SubElement(section, "aside", {"id": f"fn:{label}", epub_type: "footnote",
                                                        "role": "doc-footnote",
                                                        "class": "footnote"})
            for child in list(item):
                for back in child.xpath('.//a[contains(@class, "footnote-backref")]'):
                    _drop(back)
                aside.append(child)
            first = aside.find("p")
            if first is None:
                first = etree.SubElement(aside, "p")
            mark = etree.Element("a", {"href": f"#fnref:{label}", "class": "footnote-number",
                                       "role": "doc-backlink"})
            mark.text = str(number)
            mark.tail = ". " + (first.text or "")
            first.text = None
            first.insert(0, mark)
        section.tail = container.tail
        container.getparent().replace(container, section)


def _drop(element: Any) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    tail = (element.tail or "").rstrip() if element.getnext() is None else element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = ((previous.tail or "").rstrip() if not tail else previous.tail or "") + tail
    else:
        parent.text = ((parent.text or "").rstrip() if not tail else parent.text or "") + tail
    parent.remove(element)


# ---- CSS ------------------------------------------------------------------------------------

def css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def print_css(document: Document, theme: Theme, stack: str) -> str:
    """Footnotes at the foot of the page, the contents' leaders and page numbers, running
    heads (title left, chapter right, none on the first page), rows that hold together."""
    blocks, page = theme.blocks, theme.page
    rule = ""
    if blocks.footnote_rule:
        rule = (f"background: linear-gradient(to right, {blocks.rule_color} 0, "
                f"{blocks.rule_color} {blocks.footnote_rule_length}%, transparent "
                f"{blocks.footnote_rule_length}%) no-repeat top left / 100% "
                f"{blocks.footnote_rule}pt;")
    parts = [f"""
span.footnote {{ float: footnote; font-size: {blocks.footnote_size}pt; line-height: 1.5;
  text-indent: 0; text-align: justify; font-weight: normal; color: {theme.text.color};
  footnote-display: block; footnote-policy: line; letter-spacing: 0; }}
span.footnote .footnote-paragraph {{ text-indent: 0; }}
::footnote-call {{ content: counter(footnote); font-size: 0.7em; vertical-align: super;
  line-height: 0; }}
::footnote-marker {{ content: counter(footnote) ". "; }}
@page {{ @footnote {{ {rule} padding-top: 4pt; margin-top: 6pt; }} }}
nav.toc {{ break-after: page; }}
nav.toc .toc-title {{ font-family: {stack}; font-size: {theme.headings[0].size}pt;
  font-weight: bold; text-align: center; text-indent: 0; margin: 0 0 1em 0; }}
nav.toc ul {{ list-style: none; margin: 0; padding: 0; }}
nav.toc li {{ margin: 0; text-indent: 0; }}
nav.toc li a {{ display: block; color: inherit; text-decoration: none; line-height: inherit; }}
nav.toc li a::after {{ content: leader(dotted) " " target-counter(attr(data-target), page); }}
""" + "\n".join(f"nav.toc li.toc-level-{n} {{ margin-left: {2 * (n - 1)}em; }}"
                for n in range(2, 7)),
             "tr, th, td { break-inside: avoid; page-break-inside: avoid; }"]
    if page.running_heads and document.meta.gongwen is None:
        top = top_level(document)
        head = (f"font-family: {stack}; font-size: {page.running_head_size}pt; "
                f"color: {theme.text.color}; vertical-align: bottom; padding-bottom: 3mm;")
        parts.append(f"""
h{top} {{ string-set: chapter content(); }}
@page {{ @top-left {{ content: {css_string(document.meta.title)}; {head} text-align: left; }}
  @top-right {{ content: string(chapter); {head} text-align: right; }} }}
@page :first {{ @top-left {{ content: none; }} @top-right {{ content: none; }} }}
""")
    return "\n".join(parts)


def screen_css(theme: Theme) -> str:
    """The EPUB's footnotes and heading numbers."""
    return f"""
section.footnotes {{ font-size: {theme.blocks.footnote_size}pt; margin-top: 1em; }}
section.footnotes aside p {{ text-indent: 0; }}
section.footnotes hr {{ margin: 0.5em 70% 0.5em 0; }}
"""
