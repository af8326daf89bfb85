"""Bare URLs as GitHub links them, also when they touch Chinese text (``见https://a.cn，然后``).

One rule for every installed pymdown-extensions: MagicLink's bare-URL ends differ between
versions (12.x kept an unbalanced ``)`` and half an entity; 13.x, which needs Python >= 3.11.5,
does not), so the bare URLs are found here, in place of MagicLink's, which keeps e-mail addresses
and ``<http://…>``. A URL starts at ``http(s)://``, ``ftp(s)://`` or ``www.`` at the start of a
line, after a space, one of ``*_~([^'"`` or a wide (CJK) character; it ends before a space,
``<`` or a wide character (a Chinese sentence goes on right after it). Then GFM's end rules:
trailing ``?!.,:*_~'"`` are not part of it, nor an entity-like ``&name;`` (a lone ``;`` goes
too), nor a ``)`` without its ``(`` (``]`` likewise, as MagicLink 13 has it: ``[见 https://a.cn]``).
``<scheme:…>`` autolinks take any scheme, and ``<foo.bar>`` is text, not a tag.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from docpipe.text import cjk

#: GFM's trailing punctuation, never the last character of a bare URL
_TRAILING = frozenset("?!.,:*_~'\"")
#: a closing mark ends a URL only when the URL holds as many of its opening mark
_CLOSERS = {")": "(", "]": "["}
#: a domain's first character is a letter or digit; then letters, digits, ``-``, ``_``, ``.``
_DOMAIN = re.compile(r"[^_\W][-\w.]*")


def gfm_url_end(url: str) -> int:
    """How much of ``url`` (everything up to a space) a bare link takes, by GFM's rules."""
    end = len(url)
    closing: dict[str, list[int]] = {}
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ";":
            name = end - 1
            while name and url[name - 1].isascii() and url[name - 1].isalnum():
                name -= 1
            # ``&hl;`` is an entity-like reference, left out whole; a lone ``;`` goes alone
            end = name - 1 if name < end - 1 and name and url[name - 1] == "&" else end - 1
        elif last in _CLOSERS:
            # counted once, so a run of closers stays linear
            counts = closing.setdefault(last, [url.count(last, 0, end),
                                               url.count(_CLOSERS[last], 0, end)])
            if counts[0] <= counts[1]:
                break
            counts[0] -= 1
            end -= 1
        else:
            break
    return end


class BareUrlProcessor(InlineProcessor):
    """``https://…``, ``ftp://…`` and ``www.…`` in running text, as ``<a>`` elements."""

    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, wide: str, md: Any) -> None:
        # case-insensitive only where it matters: (?i) over the CJK class made re fold the
        # case of each of its 50,000 code points (4 ms of CPU; no CJK character has a case)
        super().__init__(rf"(?<![^\s*_~(\[^'\"\x03{wide}])"
                         r"(?i:(?:https?|ftps?)://|(?P<www>www\.))", md)
        # the URL runs to a space, ``<``, an inline placeholder (STX/ETX) or a wide character
        self.rest = re.compile(rf"[^\s<\x02\x03{wide}]*")

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:
        start, floor = m.start(), m.end()
        stop = self.rest.match(data, floor).end()
        end = floor + gfm_url_end(data[floor:stop])
        domain = _DOMAIN.match(data, floor, end)
        if domain is None:
            return None, None, None
        # GFM: no underscore in the last two parts of the domain (``www.a_b.cn`` is text)
        if any("_" in part for part in domain.group().split(".")[-2:]):
            return None, None, None
        url = data[start:end]
        link = etree.Element("a", {"href": f"http://{url}" if m.group("www") else url})
        link.text = AtomicString(url)
        return link, start, end


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


class BareUrlsExtension(Extension):
    """Bare URLs in running text (also against CJK text)."""

    def extendMarkdown(self, md: Any) -> None:
        # in place of MagicLink's bare links (85): one rule whatever its version
        md.inlinePatterns.deregister("magic-link", strict=False)
        md.inlinePatterns.register(BareUrlProcessor(cjk.CJK.pattern, md), "bare_url", 86)


class AngleAutolinksExtension(Extension):
    """``<scheme:…>`` autolinks, and CommonMark's tag names in raw inline HTML."""

    def extendMarkdown(self, md: Any) -> None:
        from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor

        # after MagicLink's <http…> (120), before raw HTML (90)
        md.inlinePatterns.register(SchemeAutolinkProcessor(
            r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>", md), "scheme_autolink", 119)
        if _TAG_NAME in HTML_RE:
            md.inlinePatterns.register(HtmlInlineProcessor(
                HTML_RE.replace(_TAG_NAME, "[a-zA-Z][a-zA-Z0-9-]*+"), md), "html", 90)
