"""Markdown (with raw HTML) → sanitized lxml tree of known tags: Python-Markdown, then nh3."""
from __future__ import annotations

import re
from typing import Any

from docpipe.errors import SourceError
from docpipe.text import cjk

#: The parser is Python-Markdown; the dialect is GitHub's. Kept extensions first: the parts
#: of "extra" (minus its fenced_code), pymdown-extensions' task lists, ``~~`` strikethrough (a single ``~`` stays a range: 10~20 元),
#: MagicLink (bare URLs), GitHub callouts (``> [!NOTE]``); then our own block processors in
#: docpipe.read.extensions, one file each. Extensions are passed as objects: a name makes
#: Python-Markdown scan every installed package's entry points (0.05 s of every build).
MARKDOWN_EXTENSIONS = [
    ("markdown.extensions.abbr", "AbbrExtension"),
    ("markdown.extensions.attr_list", "AttrListExtension"),
    ("markdown.extensions.def_list", "DefListExtension"),
    ("markdown.extensions.footnotes", "FootnoteExtension"),
    ("markdown.extensions.md_in_html", "MarkdownInHtmlExtension"),
    ("markdown.extensions.tables", "TableExtension"),
    ("markdown.extensions.toc", "TocExtension"),
    ("pymdownx.tasklist", "TasklistExtension"),
    ("pymdownx.tilde", "DeleteSubExtension"),
    ("pymdownx.magiclink", "MagiclinkExtension"),
    ("markdown_callouts.github_callouts", "GitHubCalloutsExtension"),
    ("docpipe.read.extensions.fences", "FencesExtension"),
    ("docpipe.read.extensions.lists", "ListsExtension"),
    ("docpipe.read.extensions.interrupt", "InterruptExtension"),
    ("docpipe.read.extensions.quotes", "QuotesExtension"),
    ("docpipe.read.extensions.tables", "TablesExtension"),
    ("docpipe.read.extensions.breaks", "BreaksExtension"),
    ("docpipe.read.extensions.headings", "HeadingsExtension"),
    ("docpipe.read.extensions.containers", "ContainersExtension"),
    ("docpipe.read.extensions.autolinks", "AutolinksExtension"),
]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "markdown.extensions.footnotes": {"BACKLINK_TEXT": "↑", "BACKLINK_TITLE": "返回正文"},
    "pymdownx.tilde": {"subscript": False},
    "pymdownx.magiclink": {"hide_protocol": False, "repo_url_shortener": False},
}


def _markdown_class() -> Any:
    import importlib

    import markdown

    class Markdown(markdown.Markdown):
        """Extensions named by other extensions (SuperFences names pymdownx.highlight) are
        imported by module name, without the entry-point scan."""

        def build_extension(self, ext_name: str, configs: Any) -> Any:
            if ":" in ext_name:
                return super().build_extension(ext_name, configs)
            return importlib.import_module(ext_name).makeExtension(**configs)

    return Markdown


def _extensions() -> list[Any]:
    import importlib

    from docpipe.read.extensions.anchors import GitHubSlugger

    configs = {**EXTENSION_CONFIGS, "markdown.extensions.toc": {"slugify": GitHubSlugger()}}
    return [getattr(importlib.import_module(module), name)(**configs.get(module, {}))
            for module, name in MARKDOWN_EXTENSIONS]


#: What raw HTML may keep: structural tags render like their Markdown equivalents.
SAFE_TAGS = set("p br hr h1 h2 h3 h4 h5 h6 em strong b i code pre blockquote ul ol li table "
                "thead tbody tfoot tr th td a img sup sub del s dl dt dd abbr div figure "
                "figcaption input".split())
SAFE_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "img": {"src", "alt"},
                   "th": {"style", "align"}, "td": {"style", "align"}, "ol": {"start"},
                   "input": {"type", "checked", "disabled"}}
RENAME = {"b": "strong", "i": "em", "s": "del", "tfoot": "tbody"}


def markdown_to_tree(text: str) -> Any:
    """Markdown (with raw HTML) → sanitized lxml ``<body>`` element of known tags."""
    import nh3
    from lxml import html as lxml_html

    converter = _markdown_class()(extensions=_extensions())
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


_JOINED = cjk.CJK.pattern + cjk.SHARED_MARKS
#: A source line break between two Chinese characters is no space (CSS Text 3 segment-break
#: rules; WeasyPrint and Word would otherwise show one).
_CJK_BREAK = re.compile(f"(?<=[{_JOINED}])[ \t]*\n[ \t]*(?=[{_JOINED}])")


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
        if element.tag == "div" and not _kept_div(element.get("class", "")):
            element.drop_tag()
        elif element.tag == "div" and element.get("class") == "admonition danger":
            element.set("class", "admonition caution")   # markdown-callouts' name for it
        elif element.tag == "input" and element.get("type") != "checkbox":
            element.drop_tree()   # only task lists' boxes are known to the renderers
        elif element.tag in ("th", "td") and element.get("align"):
            element.set("style", f"text-align: {element.attrib.pop('align')};")


def _kept_div(classes: str) -> bool:
    """Footnotes and admonitions (alerts, ``:::`` containers) are the <div>s renderers know."""
    return classes == "footnote" or classes.split()[:1] == ["admonition"]


def _local_links(body: Any) -> None:
    """file: links point into the writer's own disk: keep their words, drop the link. A
    ``#fragment`` is kept as the heading id it names (``#中文-标题``, not percent-encoded)."""
    from urllib.parse import unquote

    for link in body.iter("a"):
        href = link.get("href", "")
        if href.lower().startswith("file:"):
            del link.attrib["href"]
        elif href.startswith("#") and "%" in href:
            link.set("href", "#" + unquote(href[1:]))


#: libxml2's HTML serialiser leaves out the end tag of an empty <li>, which a browser then
#: reads as the parent of the next item
_EMPTY_ITEM = re.compile(r"(<li\b[^>]*>)(?=\s*(?:<li\b|</[ou]l>))")


def markdown_to_html(text: str) -> str:
    """The body HTML that every renderer starts from, for Markdown as GitHub reads it.

    GitHub Flavored Markdown (lists nested at 2 spaces, tables, task lists, ``~~strike~~``,
    bare URLs, fenced code, ``> [!NOTE]`` alerts and ``:::`` containers as
    ``<div class="admonition KIND">`` with a ``p.admonition-title``), with two differences
    on purpose: raw HTML is sanitised to the tags the renderers know (no comments, scripts or
    event handlers), and emphasis may touch Chinese punctuation (``**加粗。**后文`` is bold;
    GFM would print the asterisks). ``scripts/gfm_spec.py`` measures it on GFM's spec.
    """
    from lxml import html as lxml_html

    body = markdown_to_tree(text)
    inner = (body.text or "") + "".join(lxml_html.tostring(child, encoding="unicode")
                                        for child in body)
    return _EMPTY_ITEM.sub(r"\1</li>", inner)
