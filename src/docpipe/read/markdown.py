"""Markdown (with raw HTML) → sanitized lxml tree of known tags: Python-Markdown, then nh3."""
from __future__ import annotations

import re
from typing import Any

from docpipe.errors import SourceError
from docpipe.text import cjk

#: The parser is Python-Markdown; the dialect is GitHub's. Kept extensions first: the parts
#: of "extra" (minus its fenced_code), pymdown-extensions' task lists, ``~~`` strikethrough (a
#: single ``~`` stays a range: 10~20 元), MagicLink (bare URLs), GitHub callouts
#: (``> [!NOTE]``); then our own processors in docpipe.read.extensions, one file each.
#: Extensions are passed as objects: a name makes Python-Markdown scan every installed
#: package's entry points (0.05 s of every build).
#:
#: Each extension comes with its trigger: a pattern without which it cannot change the output
#: (``None``: always needed). An extension is set up only when its trigger occurs in the text:
#: setting them all up (their imports, pymdown-extensions' urllib among them, and some 60
#: regular expressions) cost ~0.1 s of CPU per build, which the article, using none of these
#: syntaxes, no longer pays (benchmarks/README.md, "The DOCX build"). A trigger must match
#: every text the extension could change, never fewer: tests/test_markdown_triggers.py
#: compares the output with all extensions set up.
MARKDOWN_EXTENSIONS: list[tuple[str, str, str | None]] = [
    ("markdown.extensions.abbr", "AbbrExtension", r"\*\["),              # *[HTML]: …
    ("markdown.extensions.attr_list", "AttrListExtension", r"\{"),       # {: .class }
    ("markdown.extensions.def_list", "DefListExtension", r":[ \t]"),     # ": definition"
    ("markdown.extensions.footnotes", "FootnoteExtension", r"\[\^"),       # [^1]
    ("markdown.extensions.md_in_html", "MarkdownInHtmlExtension", "<"),   # raw HTML blocks
    ("markdown.extensions.tables", "TableExtension", r"\|"),             # also escapes \|
    ("markdown.extensions.toc", "TocExtension", None),                   # every heading's id
    ("pymdownx.tasklist", "TasklistExtension", r"\[[ xX]\]"),
    ("pymdownx.tilde", "DeleteSubExtension", r"~~|\\~"),                # also escapes \~
    ("pymdownx.magiclink", "MagiclinkExtension", r"(?i)://|www\.|@"),    # <URL>, e-mail
    ("markdown_callouts.github_callouts", "GitHubCalloutsExtension", r"\[!"),
    ("docpipe.read.extensions.alert_titles", "AlertTitlesExtension", r"\[!"),  # > [!TIP] 标题
    ("docpipe.read.extensions.fences", "FencesExtension", "```|~~~"),
    ("docpipe.read.extensions.lists", "ListsExtension", None),
    ("docpipe.read.extensions.interrupt", "InterruptExtension", None),
    ("docpipe.read.extensions.quotes", "QuotesExtension", None),
    ("docpipe.read.extensions.tables", "TablesExtension", r"\|"),        # needs "tables"
    ("docpipe.read.extensions.breaks", "BreaksExtension", None),
    ("docpipe.read.extensions.headings", "HeadingsExtension", None),
    ("docpipe.read.extensions.containers", "ContainersExtension", ":::"),
    ("docpipe.read.extensions.details", "DetailsExtension", r"(?i)<(details|summary)"),
    ("docpipe.read.extensions.footnote_divs", "FootnoteDivsExtension", r"(?i)footnote"),
    # MagicLink's bare links (which "@" alone sets up) match nothing without these
    ("docpipe.read.extensions.autolinks", "BareUrlsExtension", r"(?i)://|www\."),
    ("docpipe.read.extensions.autolinks", "AngleAutolinksExtension", "<"),
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


def needed_extensions(text: str) -> list[tuple[str, str]]:
    """(module, class) of each extension whose trigger occurs in ``text``."""
    # Python-Markdown deletes STX and ETX from the source first: "~\x02~" is "~~" to it
    probe = text.replace("\x02", "").replace("\x03", "")
    return [(module, name) for module, name, trigger in MARKDOWN_EXTENSIONS
            if trigger is None or re.search(trigger, probe)]


def _extensions(chosen: list[tuple[str, str]]) -> list[Any]:
    import importlib

    from docpipe.read.extensions.anchors import GitHubSlugger

    configs = {**EXTENSION_CONFIGS, "markdown.extensions.toc": {"slugify": GitHubSlugger()}}
    return [getattr(importlib.import_module(module), name)(**configs.get(module, {}))
            for module, name in chosen]


#: What raw HTML may keep: structural tags render like their Markdown equivalents.
SAFE_TAGS = set("p br hr h1 h2 h3 h4 h5 h6 em strong b i code pre blockquote ul ol li table "
                "thead tbody tfoot tr th td a img sup sub del s dl dt dd abbr div figure "
                "figcaption input".split())
SAFE_ATTRIBUTES = {"*": {"id", "class", "title"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
                   "th": {"style", "align"}, "td": {"style", "align"}, "ol": {"start"},
                   "input": {"type", "checked", "disabled"}}
RENAME = {"b": "strong", "i": "em", "s": "del", "tfoot": "tbody"}


def markdown_to_tree(text: str) -> Any:
    """Markdown (with raw HTML) → sanitized lxml ``<body>`` element of known tags."""
    import nh3
    from lxml import html as lxml_html

    converter = _markdown_class()(extensions=_extensions(needed_extensions(text)))
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


#: A source line break between two of these is no space (CSS Text 3 segment-break rules;
#: WeasyPrint and Word would otherwise show one): CJK text and the marks it shares with Latin.
_JOINED = cjk.CJK | cjk.CharClass((ord(mark), ord(mark)) for mark in cjk.SHARED_MARKS)
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _without_cjk_breaks(text: str) -> str:
    """``text`` without the line breaks (and the spaces around them) between two ``_JOINED``
    characters. (A lookbehind and a lookahead of the class took 6-10 ms to compile.)"""
    def join(match: re.Match[str]) -> str:
        start, end = match.span()
        if 0 < start and end < len(text) and text[start - 1] in _JOINED and text[end] in _JOINED:
            return ""
        return match.group()

    return _LINE_BREAK.sub(join, text)


def _join_cjk_lines(body: Any) -> None:
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("pre", "code"):
            if element.tail and "\n" in element.tail:
                element.tail = _without_cjk_breaks(element.tail)
            continue
        if element.text and "\n" in element.text:
            element.text = _without_cjk_breaks(element.text)
        if element.tail and "\n" in element.tail:
            element.tail = _without_cjk_breaks(element.tail)


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
