"""Front matter + Python-Markdown + nh3 → Document: one parse that every output reads."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from . import frontmatter
from .document import Document, Image, Metadata, text_of
from .errors import FrontMatterError, SourceError
from .resources import ResourcePolicy
from .source import read_source

#: Python-Markdown's "extra" (its parts listed, as "extra" itself loads them), sane_lists and
#: toc. The extensions are passed as objects: a name makes Python-Markdown scan every installed
#: package's entry points (importlib.metadata), 0.05 s of every build.
MARKDOWN_EXTENSIONS = [("abbr", "AbbrExtension"), ("attr_list", "AttrListExtension"),
                       ("def_list", "DefListExtension"), ("fenced_code", "FencedCodeExtension"),
                       ("footnotes", "FootnoteExtension"), ("md_in_html", "MarkdownInHtmlExtension"),
                       ("tables", "TableExtension"), ("sane_lists", "SaneListExtension"),
                       ("toc", "TocExtension")]

#: What raw HTML may keep: structural tags render like their Markdown equivalents.
SAFE_TAGS = set("p br hr h1 h2 h3 h4 h5 h6 em strong b i code pre blockquote ul ol li table "
                "thead tbody tfoot tr th td a img sup sub del s dl dt dd abbr div figure "
                "figcaption".split())
SAFE_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "img": {"src", "alt"},
                   "th": {"style", "align"}, "td": {"style", "align"}, "ol": {"start"}}
RENAME = {"b": "strong", "i": "em", "s": "del", "tfoot": "tbody"}


def parse_file(path: Path, *, style_folder: Path, encoding: str | None = None) -> Document:
    """Read ``path`` and return its Document; raise a DocpipeError on bad input."""
    raw = read_source(path, encoding)
    meta_raw, body_md, offset = frontmatter.split(raw, path)
    frontmatter.validate(meta_raw, raw, path)
    body = markdown_to_tree(body_md)
    policy = ResourcePolicy.for_build(path, style_folder)
    document = Document(path=path, meta=_metadata(meta_raw, body, path), body=body)
    _figures(body)
    _resolve_images(document, policy, raw)
    return document


def markdown_to_tree(text: str) -> Any:
    """Markdown (with raw HTML) → sanitized lxml ``<body>`` element of known tags."""
    import markdown
    from markdown.extensions.toc import slugify_unicode
    import nh3
    from lxml import html as lxml_html

    import importlib

    configs = {"toc": {"slugify": slugify_unicode},
               "footnotes": {"BACKLINK_TEXT": "↑", "BACKLINK_TITLE": "返回正文"}}
    extensions = [getattr(importlib.import_module(f"markdown.extensions.{module}"), name)(
        **configs.get(module, {})) for module, name in MARKDOWN_EXTENSIONS]
    converter = markdown.Markdown(extensions=extensions)
    try:
        converted = converter.convert(text)
    except RecursionError:
        raise SourceError("document is nested too deeply to parse",
                          fix="reduce nesting of lists and quotes") from None
    clean = nh3.clean(converted, tags=SAFE_TAGS, clean_content_tags={"script", "style"},
                      attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto", "file"},
                      link_rel=None, filter_style_properties={"text-align"})
    body = lxml_html.fragment_fromstring(clean or "", create_parent="body")
    _normalise(body)
    _local_links(body)
    return body


_WIDE = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
#: A source line break between two Chinese characters is no space (CSS Text 3 segment-break
#: rules; WeasyPrint and Word would otherwise show one).
_CJK_BREAK = re.compile(f"(?<=[{_WIDE}“”‘’—…·])[ \t]*\n[ \t]*(?=[{_WIDE}“”‘’—…·])")


def _join_cjk_lines(body: Any) -> None:
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("pre", "code"):
            if element.tail and "\n" in element.tail:
                element.tail = _CJK_BREAK.sub("", element.tail)
            continue
        if element.text and "\n" in element.text:
            element.text = _CJK_BREAK.sub("", element.text)
        if element.tail and "\n" in element.tail:
            element.tail = _CJK_BREAK.sub("", element.tail)


def _normalise(body: Any) -> None:
    _join_cjk_lines(body)
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        element.tag = RENAME.get(element.tag, element.tag)
        if element.tag == "div" and element.get("class") != "footnote":
            element.drop_tag()
        elif element.tag in ("th", "td") and element.get("align"):
            element.set("style", f"text-align: {element.attrib.pop('align')};")


def _local_links(body: Any) -> None:
    """file: links point into the writer's own disk: keep their words, drop the link."""
    for link in body.iter("a"):
        if link.get("href", "").lower().startswith("file:"):
            del link.attrib["href"]


def _figures(body: Any) -> None:
    """A paragraph holding only an image becomes a figure captioned by its title or alt text."""
    for paragraph in list(body.iter("p")):
        children = list(paragraph)
        if (len(children) == 1 and children[0].tag == "img"
                and not (paragraph.text or "").strip() and not (children[0].tail or "").strip()):
            image = children[0]
            paragraph.tag = "figure"
            caption = image.get("title") or image.get("alt")
            if caption:
                figcaption = paragraph.makeelement("figcaption", {})
                figcaption.text = caption
                paragraph.append(figcaption)


def _resolve_images(document: Document, policy: ResourcePolicy, raw: str) -> None:
    for image in list(document.body.iter("img")):
        src = image.get("src", "")
        line = _line_of(raw, src)
        path, refusal = policy.resolve(src, document.path.parent)
        if refusal:
            document.warnings.append(f"{document.path}:{line or '?'}: image refused: {refusal}; "
                                     "its alt text is shown instead")
            _replace_with_text(image, image.get("alt") or "")
            continue
        if not path.is_file():
            raise SourceError(f"image '{src}' not found", path=document.path, line=line,
                              fix="check the file name, relative to the Markdown file")
        from .images import check_image

        check_image(path, document.path, line)
        document.images[src] = Image(src=src, path=path)


def _replace_with_text(element: Any, text: str) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    addition = text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + addition
    else:
        parent.text = (parent.text or "") + addition
    parent.remove(element)
    if parent.tag == "figure":
        parent.tag = "p"
        for caption in parent.findall("figcaption"):
            parent.remove(caption)


def _line_of(raw: str, needle: str) -> int | None:
    index = raw.find(needle) if needle else -1
    return raw.count("\n", 0, index) + 1 if index >= 0 else None


def _metadata(meta: dict[str, Any], body: Any, path: Path) -> Metadata:
    title = meta.get("title")
    if not title:
        first = next(body.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
        if first is not None and first.tag == "h1":
            title = text_of(first)
            body.remove(first) if first.getparent() is body else None
        else:
            title = path.stem
    authors = meta.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    date = meta.get("date")
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.isoformat()[:10]
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip()).isoformat()
        except ValueError:
            raise FrontMatterError(f"date '{date}' is not a date",
                                   path=path, line=frontmatter.key_line(
                                       path.read_text(encoding="utf-8", errors="replace"), "date"),
                                   fix="write it as YYYY-MM-DD") from None
    return Metadata(
        title=str(title).strip(), lang=str(meta.get("lang") or "zh-CN"),
        title_editorial=bool(meta.get("title_editorial", False)),
        subtitle=meta.get("subtitle"), authors=[str(a) for a in authors],
        credits=_credits(meta.get("credits")), date=date, description=meta.get("description"),
        keywords=[str(k) for k in meta.get("keywords") or []], rights=meta.get("rights"),
        identifier=meta.get("identifier"), source=meta.get("source"),
        publisher=meta.get("publisher"))


def _credits(value: Any) -> str | None:
    if isinstance(value, dict):
        return "　".join(f"{k} {'、'.join(v) if isinstance(v, list) else v}"
                        for k, v in value.items())
    return str(value) if value else None
