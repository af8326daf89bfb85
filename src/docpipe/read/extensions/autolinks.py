"""Bare URLs that touch Chinese text: ``见https://example.com，然后`` links the URL alone.

GFM (and MagicLink, which links the other bare URLs) starts a URL only after a space or a
few marks and ends it only at a space, so a URL written against Chinese text was not linked,
or swallowed the sentence after it. Here a URL may start right after a wide (CJK) character
and ends before one; trailing ``.,:;!?`` and an unbalanced ``)`` are not part of it, as in GFM.
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


class AutolinksExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # before MagicLink's bare links (85)
        md.inlinePatterns.register(WideAutolinkProcessor(cjk.CJK.pattern, md),
                                   "wide_autolink", 86)
