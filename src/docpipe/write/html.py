"""Document → HTML: the page that WeasyPrint lays out and the EPUB packages (as XHTML)."""
from __future__ import annotations

import base64
import copy
import re
from typing import Any

from lxml import etree

from docpipe import images
from docpipe.text import titles, typography
from docpipe.write import callouts
from docpipe.model.document import Document
from docpipe.read import links
from docpipe.write import book
from docpipe.model.theme import Theme

XHTML_NS = "http://www.w3.org/1999/xhtml"


def html_tree(document: Document, *, css_href: str | None = None,
              image_href: dict[str, str] | None = None, title_chars: int | None = None,
              autospace: str = "span", output_suffix: str | None = None,
              theme: Theme | None = None, notes: str = "end",
              hold_words: bool = False,
              heading_chars: tuple[float, ...] | None = None) -> Any:
    """An ``<html>`` element for the document: title block, body, metadata in ``<head>``.

    ``css_href`` is linked (a stylesheet is inlined with ``add_style``); ``image_href`` rewrites image
    sources (the EPUB stores images under its own names); ``autospace`` is how Han–Latin
    spacing is marked (``typography.prepare``); ``output_suffix`` is the format a link to
    another source of the build leads to (``other.md`` → ``other.pdf``); without one such
    links become their words, with a warning each in the document's warnings (an EPUB may
    link only inside itself: epubcheck RSC-007).
    With ``theme``, the book parts: heading numbers, footnotes (``notes`` "foot": at the foot
    of the PDF page, "aside": EPUB 3 asides, "end": a list at the end) and the contents (PDF:
    ``notes`` "foot"). With ``hold_words`` a title line or heading that may wrap holds its
    words together (word joiners), so the renderer breaks it only between words;
    ``heading_chars`` is how many full-width characters of each heading level (h1 first) fit
    on a line, and a heading that surely fits is left as it is (no segmenter load).
    """
    meta = document.meta
    root = etree.Element("html", {"lang": meta.lang})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "title").text = meta.title
    for name, value in (("author", meta.author_line), ("description", meta.description),
                        ("keywords", ", ".join(meta.keywords)), ("generator", "docpipe"),
                        ("dcterms.created", document.build_date),
                        ("dcterms.modified", document.build_date)):
        if value:
            etree.SubElement(head, "meta", {"name": name, "content": value})
    if css_href:
        etree.SubElement(head, "link", {"rel": "stylesheet", "type": "text/css", "href": css_href})
    body = etree.SubElement(root, "body")
    body.append(_title_block(document, title_chars, hold_words))
    main = etree.SubElement(body, "main" if css_href is None else "section")
    for child in document.body:
        main.append(copy.deepcopy(child))
    main.text = document.body.text
    _size_images(document, main, embed=not image_href)
    if image_href:
        for image in main.iter("img"):
            image.set("src", image_href.get(image.get("src", ""), image.get("src", "")))
    if hold_words and heading_chars:
        numbers = {} if theme is None else book.heading_numbers_by_position(document, theme)
        _hold_heading_words(main, heading_chars, numbers)
    callouts.mark_task_boxes(main)
    if output_suffix:
        links.point_to_outputs(main, output_suffix)
    else:
        document.warnings.extend(warning for warning in links.unlink_outputs(main, document.path)
                                 if warning not in document.warnings)
    if theme is not None:
        book.number_headings(main, document, theme)
        if notes == "foot":
            book.footnotes_at_foot(main)
            contents = book.contents_nav(document, theme)
            if contents is not None:
                body.insert(1, contents)
        elif notes == "aside":
            book.footnotes_as_asides(main)
    typography.prepare(body, autospace=autospace)
    _keep_code_words(main)
    return root


#: a run of inline code a line could break inside: at a hyphen ("-iname", "--pdf-variant",
#: "utf-8"), after a solidus ("-C /" / "tmp", "a/b") or other ASCII punctuation ("a=b", "x|y")
_HYPHENATED = re.compile(r"\S*[-/?!|,;:=+%&~)}\]>]\S*")


def _keep_code_words(main: Any) -> None:
    """Inline code never breaks at a hyphen (a reader would type ``find . -`` and ``iname`` as
    two things) or after a solidus (``-C /`` and ``tmp``): each such word of it goes in a
    ``span.code-word`` that the stylesheet
    keeps on one line; the text itself is unchanged (it still copies as typed), and the
    code may still break at its spaces."""
    for code in main.iter("code"):
        if len(code) or not code.text or code.getparent().tag == "pre" \
                or not _HYPHENATED.search(code.text):
            continue
        text, code.text = code.text, None
        last = None
        position = 0
        for match in _HYPHENATED.finditer(text):
            before = text[position:match.start()]
            if last is None:
                code.text = before
            else:
                last.tail = before
            last = etree.SubElement(code, "span", {"class": "code-word"})
            last.text = match.group()
            position = match.end()
        if last is None:
            code.text = text
        else:
            last.tail = text[position:] or None


def _size_images(document: Document, main: Any, *, embed: bool) -> None:
    """Each local image at the width its ``width`` asks for, or its own (pixels at its DPI):
    the DOCX's size too; CSS caps it at its container's width (``max-width: 100%``). With
    ``embed`` (the PDF), an image the renderer must not take as it is (CMYK JPEG) goes in as a
    data: URL of its converted bytes, and a raster image's size is given as its resolution."""
    for img in main.iter("img"):
        image = document.images.get(img.get("src", ""))
        if image is None:
            continue
        facts = images.inspect(image.path)
        requested = images.requested_width(facts, img.get("width"), img.get("height"))
        for name in ("width", "height"):   # the style says it (an attribute loses to CSS)
            img.attrib.pop(name, None)
        if requested and requested[1] == "%":
            img.set("style", f"width: {requested[0]:g}%; height: auto;")
        elif embed and facts.pixel_width:
            # WeasyPrint counts a fixed width whole in a table column's narrowest width (a
            # 400 px logo in a cell pushed the table off the page), but not an auto width
            # whose max-width is a percentage, as browsers do: the size comes from a
            # resolution instead, and the picture shrinks with its column
            width_pt = requested[0] if requested else facts.width_pt
            img.set("style", f"image-resolution: {facts.pixel_width * 0.75 / width_pt:.6f}dppx;"
                    " height: auto;")
        else:
            width_pt = requested[0] if requested else facts.width_pt
            img.set("style", f"width: {width_pt:.2f}pt; height: auto;")
        converted = images.for_browser(image.path) if embed else None
        if converted is not None:
            data, ext = converted
            img.set("src", f"data:image/{'jpeg' if ext == 'jpg' else ext};base64,"
                    + base64.b64encode(data).decode("ascii"))


def add_style(root: Any, stylesheet: str) -> None:
    """Inline ``stylesheet`` in the document's <head>."""
    etree.SubElement(root.find("head"), "style").text = stylesheet


def _hold_heading_words(main: Any, heading_chars: tuple[float, ...],
                        numbers: dict[int, str]) -> None:
    """Word joiners inside the words of each heading that may wrap. A heading of the body
    (not in a list, quote or table) that surely fits its level's line is left alone: its
    width, with the number ``book.number_headings`` puts in front (``numbers``: by position),
    counted as if every character but a space were a full em (``titles.widest``)."""
    for position, heading in enumerate(main.iter(*book.HEADINGS)):
        level = int(heading.tag[1])
        text = numbers.get(position, "") + "".join(heading.itertext())
        if heading.getparent() is main and level <= len(heading_chars) and \
                titles.widest(text) <= heading_chars[level - 1]:
            continue
        for node in heading.iter():
            if node is not heading and node.tail:
                node.tail = titles.words_held(node.tail)
            if node.text and node.tag not in typography.OPAQUE:
                node.text = titles.words_held(node.text)


def _title_block(document: Document, title_chars: int | None, hold_words: bool) -> Any:
    meta = document.meta
    header = etree.Element("header", {"class": "title-block"})
    title = etree.SubElement(header, "p", {"class": "title"})
    lines = title_lines(meta, title_chars)
    if hold_words and title_chars:
        lines = [titles.words_held(line) if titles.width(line) > title_chars else line
                 for line in lines]
    title.text = lines[0]
    for line in lines[1:]:
        etree.SubElement(title, "br").tail = line
    if meta.subtitle:
        etree.SubElement(header, "p", {"class": "subtitle"}).text = meta.subtitle
    if meta.credits:
        etree.SubElement(header, "p", {"class": "credits"}).text = meta.credits
    return header


def balanced_lines(title: str, per_line: int) -> list[str]:
    """A title's lines as the writers set them (text.titles: between words, balanced)."""
    return titles.balanced_lines(title, per_line)


def title_lines(meta: Any, per_line: int | None) -> list[str]:
    """The lines of the document's title: the author's own, or balanced between words."""
    if meta.title_lines:
        return list(meta.title_lines)
    return balanced_lines(meta.title, per_line) if per_line else [meta.title]


def to_html(root: Any) -> str:
    """Serialise as HTML5 (for WeasyPrint)."""
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def to_xhtml(root: Any) -> bytes:
    """Serialise as EPUB 3 XHTML (namespaced, xml:lang, self-closing void elements)."""
    tree = copy.deepcopy(root)
    tree.set("{http://www.w3.org/XML/1998/namespace}lang", tree.get("lang", "zh-CN"))
    for element in tree.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{XHTML_NS}}}{element.tag}"
    nsmap = {None: XHTML_NS, "epub": "http://www.idpf.org/2007/ops"}
    wrapped = etree.Element(tree.tag, tree.attrib, nsmap=nsmap)
    wrapped.text = tree.text
    wrapped.extend(list(tree))
    body = etree.tostring(wrapped, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body
