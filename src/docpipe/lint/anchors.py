"""``--fix`` never breaks a document's own ``#anchor`` links: when a fix changes a heading's
text, and so the id GitHub and docpipe give it, the links to the old id follow."""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from docpipe.read.extensions.anchors import GitHubSlugger

_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_LINK_TEXT = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKS = re.compile(r"[*_`~]+|<[^<>\n]+>")
# (#id) in inline links and [label]: #id in reference definitions
_FRAGMENT = re.compile(r"(\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)#([^)\s>\"']+)", re.M)


def heading_ids(text: str, masked: str) -> list[str]:
    """The ids of the ATX headings of ``text`` (found in the code-masked ``masked``), in
    order, as the Markdown step makes them."""
    slugger = GitHubSlugger()
    ids = []
    for match in _ATX.finditer(masked):
        raw = text[match.start(1):match.end(1)]
        visible = _MARKS.sub("", _LINK_TEXT.sub(r"\1", raw))
        ids.append(slugger(visible.strip()))
    return ids


def follow_renames(text: str, before: list[str], after: list[str]) -> str:
    """``text`` with links to a heading id in ``before`` pointed at its id in ``after``."""
    renamed = {old: new for old, new in zip(before, after) if old != new}
    if not renamed or len(before) != len(after):
        return text

    def point(match: re.Match[str]) -> str:
        target = unquote(match.group(2))
        new = renamed.get(target)
        if new is None:
            return match.group()
        encoded = quote(new, safe="-_") if match.group(2) != target else new
        return f"{match.group(1)}#{encoded}"

    return _FRAGMENT.sub(point, text)
