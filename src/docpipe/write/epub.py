"""Document → EPUB 3: the shared HTML and CSS, packaged with navigation, fonts and metadata."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from docpipe.files import write_zip
from docpipe.model.document import Document
from docpipe.images import for_browser, image_kind, svg_with_valid_ids
from docpipe.model.theme import Theme
from docpipe.policy import ResourcePolicy
from docpipe.write import book, epub_cover, epub_split, faces, word_breaks
from docpipe.write import html

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
CONTAINER = (b'<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
             b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             b'<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
             b'</rootfiles></container>\n')
COVER_PAGE = "cover.xhtml"
#: EPUB 3.3 core media types (epubcheck 5.3 also takes application/font-woff, warning-free).
FONT_FLAVOR, FONT_TYPE = "woff", "font/woff"
#: Files a style's extra.css may refer to with url(), by suffix: EPUB 3.3 core media types.
STYLE_FILE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                    ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp",
                    ".woff": "font/woff", ".woff2": "font/woff2", ".otf": "font/otf",
                    ".ttf": "font/ttf"}


@dataclass(frozen=True)
class Item:
    """One file of the package: its path under EPUB/, media type and bytes."""

    href: str
    media_type: str
    data: bytes
    properties: str = ""

    @property
    def id(self) -> str:
        return _item_id(self.href)


def _item_id(href: str) -> str:
    """A manifest id from a path: an XML name, stable, unique because paths are."""
    return "x-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in href)


def render(document: Document, theme: Theme, dest: Path) -> None:
    """Write ``dest``: the same input gives the same bytes (no clocks, no random ids)."""
    images = _images(document)
    cover = _cover(document, theme, images)
    root = html.html_tree(document, css_href="style.css",
                          image_href={src: item.href for src, item in images.items()},
                          autospace="span" if theme.text.autospace else "none",
                          theme=theme, notes="aside")
    word_breaks.hold_heading_words(root, theme)
    _prepare_content(root)
    parts = epub_split.split(root)
    nav = _nav_tree(document, theme, epub_split.file_of(parts))
    font_items, stylesheet = _fonts_and_css(document, theme,
                                            [*(part.tree for part in parts), nav])
    items = [Item("nav.xhtml", "application/xhtml+xml", html.to_xhtml(nav), "nav"),
             *(Item(part.href, "application/xhtml+xml", html.to_xhtml(part.tree))
               for part in parts),
             Item(COVER_PAGE, "application/xhtml+xml",
                  html.to_xhtml(epub_cover.page(document, cover.href))),
             Item("style.css", "text/css", stylesheet.encode("utf-8")),
             *font_items, *dict.fromkeys([*images.values(), cover])]
    package = _package(document, items, [part.href for part in parts], cover)
    files = [("META-INF/container.xml", CONTAINER), ("EPUB/content.opf", package),
             *((f"EPUB/{item.href}", item.data) for item in items)]
    _write_ocf(dest, files)


def _images(document: Document) -> dict[str, Item]:
    """Source reference → packaged image, named by order of first use (one file per path)."""
    by_path: dict[Path, Item] = {}
    result: dict[str, Item] = {}
    for src, image in document.images.items():
        if image.path not in by_path:
            media_type, ext = image_kind(image.path)
            data = image.path.read_bytes()
            converted = for_browser(image.path)   # CMYK JPEG: RGB for every reader
            if converted is not None:
                data, ext = converted
            elif ext == "svg":
                data = svg_with_valid_ids(data)
            by_path[image.path] = Item(f"images/image-{len(by_path) + 1:03d}.{ext}", media_type,
                                       data)
        result[src] = by_path[image.path]
    return result


def _cover(document: Document, theme: Theme, images: dict[str, Item]) -> Item:
    """The cover picture's item: the front matter's (already packaged with the images, now
    marked as the cover) or one typeset from the title."""
    if document.meta.cover and document.meta.cover in images:
        chosen = images[document.meta.cover]
        marked = replace(chosen, properties="cover-image")
        for src, item in images.items():
            if item is chosen:
                images[src] = marked
        return marked
    # beside cover.xhtml, not among the document's own images/
    return Item("cover.png", "image/png", epub_cover.typeset(document, theme),
                "cover-image")


def _prepare_content(root: Any) -> None:
    """Links a book can follow, and footnotes marked up so readers can show them as pop-ups."""
    ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        if urlsplit(href).scheme in ("http", "https", "mailto"):
            continue
        if href.startswith("#") and unquote(href[1:]) in ids:
            classes = (link.get("class") or "").split()
            if "footnote-ref" in classes:
                link.set(EPUB_TYPE, "noteref")
                link.set("role", "doc-noteref")
            elif "footnote-backref" in classes:
                link.set("role", "doc-backlink")
            continue
        # A site path or a fragment that is not in the book: keep the words, drop the dead link
        # (epubcheck rejects references to files the package does not hold).
        del link.attrib["href"]
    for notes in root.iter("div"):
        if notes.get("class") == "footnote":
            notes.set(EPUB_TYPE, "endnotes")
            notes.set("role", "doc-endnotes")
            for note in notes.iter("li"):
                if note.get("id", "").startswith("fn:"):
                    note.set(EPUB_TYPE, "endnote")


def _nav_tree(document: Document, theme: Theme, where: dict[str, str] | None = None) -> Any:
    """nav.xhtml: the headings (numbered as the theme numbers them) as a nested table of
    contents (``where``: the file holding each id, for a book split into chapters), plus
    landmarks."""
    title = "目录" if document.meta.lang.lower().startswith("zh") else "Contents"
    root = etree.Element("html", {"lang": document.meta.lang})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "link", {"rel": "stylesheet", "type": "text/css", "href": "style.css"})
    body = etree.SubElement(root, "body")
    toc = etree.SubElement(body, "nav", {EPUB_TYPE: "toc", "id": "toc", "role": "doc-toc"})
    etree.SubElement(toc, "h1").text = title
    entries = [(e.level, e.ident, e.label) for e in book.entries(document, theme) if e.text]
    toc.append(_outline(entries or [(1, "", document.meta.title)], where))
    landmarks = etree.SubElement(body, "nav", {EPUB_TYPE: "landmarks", "hidden": "hidden"})
    etree.SubElement(landmarks, "h2").text = "Landmarks"
    marks = etree.SubElement(landmarks, "ol")
    cover = "封面" if document.meta.lang.lower().startswith("zh") else "Cover"
    for kind, href, label in (("cover", COVER_PAGE, cover), ("toc", "nav.xhtml#toc", title),
                              ("bodymatter", epub_split.FIRST, document.meta.title)):
        link = etree.SubElement(etree.SubElement(marks, "li"), "a", {EPUB_TYPE: kind, "href": href})
        link.text = label
    return root


def _outline(entries: list[tuple[int, str, str]], where: dict[str, str] | None = None) -> Any:
    """Nested <ol> by heading level; a skipped level nests one step, never leaves a gap.
    ``where`` names the file of each id (default: the one content file)."""
    where = where or {}
    top = etree.Element("ol")
    stack: list[list[Any]] = [[entries[0][0], top, None]]   # [level, ol, last li]
    for level, ident, text in entries:
        while len(stack) > 1 and level < stack[-1][0]:
            stack.pop()
        frame = stack[-1]
        if level > frame[0] and frame[2] is not None:
            # One <ol> per <li>: the nav grammar allows a label and a single sub-list.
            child = frame[2].find("ol")
            if child is None:
                child = etree.SubElement(frame[2], "ol")
            frame = [level, child, None]
            stack.append(frame)
        item = etree.SubElement(frame[1], "li")
        page = where.get(ident, epub_split.FIRST)
        href = f"{page}#{ident}" if ident else page
        etree.SubElement(item, "a", {"href": href}).text = text
        frame[2] = item
    return top


def _fonts_and_css(document: Document, theme: Theme,
                   trees: list[Any]) -> tuple[list[Item], str]:
    """Subsets of each role's faces, the files the style's extra.css refers to, and the shared
    stylesheet that declares them, its references checked by the resource policy (a reader
    would fetch whatever an EPUB's CSS names: never a URL, never a file outside the project)."""
    embedded = faces.subset_faces(theme, trees, FONT_FLAVOR)
    items = [Item(f"fonts/{face.name}.{FONT_FLAVOR}", FONT_TYPE, face.data) for face in embedded]
    stylesheet = faces.stylesheet_with_faces(
        theme, embedded, lambda face: f"fonts/{face.name}.{FONT_FLAVOR}", "screen")
    own = {item.href for item in items}
    style_files: dict[Path, Item] = {}

    def place(path: Path) -> str | None:
        media_type = STYLE_FILE_TYPES.get(path.suffix.lower())
        if media_type is None:
            return None
        if path not in style_files:
            href = f"style-files/file-{len(style_files) + 1:03d}{path.suffix.lower()}"
            style_files[path] = Item(href, media_type, path.read_bytes())
        return style_files[path].href

    # the same roots as the PDF's: the project's and every folder of the style's chain
    policy = ResourcePolicy.for_build(document.path, theme.folder, document.resource_roots,
                                      *theme.folders)
    checked = policy.check_stylesheet(stylesheet, theme.folder / "extra.css",
                                      internal=own.__contains__, place=place)
    document.warnings.extend(w for w in checked.refusals if w not in document.warnings)
    return items + list(style_files.values()), checked.css


def _package(document: Document, items: list[Item], reading_order: list[str],
             cover: Item) -> bytes:
    """content.opf: metadata (Dublin Core + accessibility), manifest and spine (the cover
    page, the content files in ``reading_order``, the nav)."""
    meta = document.meta
    package = etree.Element(f"{{{OPF_NS}}}package", {
        "version": "3.0", "unique-identifier": "bookid",
        "{http://www.w3.org/XML/1998/namespace}lang": meta.lang}, nsmap={None: OPF_NS})
    metadata = etree.SubElement(package, f"{{{OPF_NS}}}metadata", nsmap={"dc": DC_NS})

    def dc(name: str, value: str, **attrs: str) -> None:
        etree.SubElement(metadata, f"{{{DC_NS}}}{name}", attrs).text = value

    def prop(name: str, value: str, **attrs: str) -> None:
        etree.SubElement(metadata, f"{{{OPF_NS}}}meta", {"property": name, **attrs}).text = value

    identifier = meta.identifier or uuid.uuid5(uuid.NAMESPACE_URL,
                                               f"docpipe:{document.stem}:{meta.title}").urn
    dc("identifier", str(identifier), id="bookid")
    dc("title", meta.title, id="title")
    if meta.subtitle:
        prop("title-type", "main", refines="#title")
        dc("title", meta.subtitle, id="subtitle")
        prop("title-type", "subtitle", refines="#subtitle")
    dc("language", meta.lang)
    for name, value in (("creator", meta.author_line), ("publisher", meta.publisher),
                        ("description", meta.description), ("rights", meta.rights)):
        if value:
            dc(name, value)
    for keyword in meta.keywords:
        dc("subject", keyword)
    dc("date", document.build_date)
    prop("dcterms:modified", f"{document.build_date}T00:00:00Z")
    for name, value in _accessibility(document):
        prop(name, value)
    # EPUB 2's cover declaration beside the manifest's cover-image: older readers look for it
    etree.SubElement(metadata, f"{{{OPF_NS}}}meta", {"name": "cover", "content": cover.id})
    manifest = etree.SubElement(package, f"{{{OPF_NS}}}manifest")
    for item in items:
        attrs = {"id": item.id, "href": item.href, "media-type": item.media_type}
        if item.properties:
            attrs["properties"] = item.properties
        etree.SubElement(manifest, f"{{{OPF_NS}}}item", attrs)
    spine = etree.SubElement(package, f"{{{OPF_NS}}}spine",
                             {"page-progression-direction": "ltr"})
    for href in [COVER_PAGE, *reading_order]:
        etree.SubElement(spine, f"{{{OPF_NS}}}itemref", {"idref": _item_id(href)})
    # The landmarks link to the nav: it must be in the spine, but outside the reading order.
    etree.SubElement(spine, f"{{{OPF_NS}}}itemref", {"idref": _item_id("nav.xhtml"),
                                                     "linear": "no"})
    return etree.tostring(package, encoding="utf-8", xml_declaration=True, pretty_print=True)


def _accessibility(document: Document) -> list[tuple[str, str]]:
    """schema.org accessibility claims, each one true of this particular book."""
    images = list(document.body.iter("img"))
    described = all((image.get("alt") or "").strip() for image in images)
    modes = ["textual", "visual"] if images else ["textual"]
    features = ["readingOrder"]
    if document.headings():
        features[:0] = ["structuralNavigation", "tableOfContents"]
    if images and described:
        features.append("alternativeText")
    summary = ["本出版物以文字为主，阅读顺序与原文一致，嵌入了所用汉字的字体子集。",
               "This publication is text in reading order, with embedded subsets of its fonts."]
    if document.headings():
        summary += ["含按层级组织的标题与目录导航。",
                    "Headings are structured and listed in the table of contents."]
    if images and described:
        summary += ["图片均附有替代文字。", "Every image has a text alternative."]
    elif images:
        summary += ["部分图片缺少替代文字。", "Some images lack a text alternative."]
    return [*(("schema:accessMode", mode) for mode in modes),
            ("schema:accessModeSufficient", "textual" if described else "textual,visual"),
            *(("schema:accessibilityFeature", feature) for feature in features),
            ("schema:accessibilityHazard", "none"),
            ("schema:accessibilitySummary", " ".join(summary))]


def _write_ocf(dest: Path, files: list[tuple[str, bytes]]) -> None:
    """OCF zip: ``mimetype`` first and stored, then the files (fixed times, modes and order).
    ``dest`` is the build's temporary: the pipeline renames it into place once complete."""
    write_zip(dest, [("mimetype", b"application/epub+zip"), *files], stored={"mimetype"})
