"""Markdown (with raw HTML) → sanitized lxml tree of known tags: Python-Markdown, then nh3."""
from __future__ import annotations

import re
from typing import Any

from docpipe.errors import SourceError

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


def markdown_to_html(text: str) -> str:
    """The body HTML that every renderer starts from: Markdown → sanitized, normalised HTML."""
    from lxml import html as lxml_html

    body = markdown_to_tree(text)
    inner = (body.text or "") + "".join(lxml_html.tostring(child, encoding="unicode")
                                        for child in body)
    return inner
