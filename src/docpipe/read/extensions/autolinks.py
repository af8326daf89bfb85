"""Bare URLs that touch Chinese text: ``见https://example.com，然后`` links the URL alone.

GFM (and MagicLink, which links the other bare URLs) starts a URL only after a space or a
few marks and ends it only at a space, so a URL written against Chinese text was not linked,
or swallowed the sentence after it. Here a URL may start right after a wide (CJK) character
and ends before one; trailing ``.,:;!?`` and an unbalanced ``)`` are not part of it, as in GFM.
``<scheme:…>`` autolinks take any scheme, and ``<foo.bar>`` is text, not a tag.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from docpipe.text import cjk

_TRAILING = "?!.,:;*_~'\""


def _trim(url: str) -> str:
    url = url.rstrip(_TRAILING)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_TRAILING)
    return url


class WideAutolinkProcessor(InlineProcessor):

    def __init__(self, wide: str, md: Any) -> None:
        super().__init__(rf"(?<![^\s*_~(\[{wide}])((?:https?://|www\.)[^\s<>{wide}]+)", md)
        self.wide = re.compile(f"[{wide}]")

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:
        url = _trim(m.group(1))
        before = data[m.start() - 1] if m.start() else ""
        after = data[m.start() + len(url)] if m.start() + len(url) < len(data) else ""
        if "." not in url.split("//")[-1] or not (self.wide.match(before)
                                                   or self.wide.match(after)):
            return None, None, None    # no wide neighbour: MagicLink's (GFM's) rules apply
        link = etree.Element("a", {"href": url if "://" in url else f"http://{url}"})
        link.text = url
        return link, m.start(), m.start() + len(url)


class SchemeAutolinkProcessor(InlineProcessor):
    """``<scheme:…>`` with any scheme, as CommonMark has it (``<irc://…>``, ``<MAILTO:…>``):
    Python-Markdown read these as HTML tags, which the sanitiser then dropped with their text.
    The link keeps its text; the sanitiser still decides which schemes stay clickable."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
        link = etree.Element("a", {"href": m.group(1)})
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


#: Python-Markdown's tag name in raw inline HTML takes any character but a few; CommonMark's
#: is letters, digits and hyphens, so "<foo.bar>" and "<m:abc>" are text (the sanitiser
#: dropped them, and the text with them, as unknown tags)
_TAG_NAME = r"""[a-zA-Z][^\s"'<>@]*+"""


class AutolinksExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor

        # before MagicLink's bare links (85)
        md.inlinePatterns.register(WideAutolinkProcessor(cjk.CJK.pattern, md),
                                   "wide_autolink", 86)
        # after MagicLink's <http…> (120), before raw HTML (90)
        md.inlinePatterns.register(SchemeAutolinkProcessor(
            r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>", md), "scheme_autolink", 119)
        if _TAG_NAME in HTML_RE:
            md.inlinePatterns.register(HtmlInlineProcessor(
                HTML_RE.replace(_TAG_NAME, "[a-zA-Z][a-zA-Z0-9-]*+"), md), "html", 90)
