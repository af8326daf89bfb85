"""Chinese typography done in the shared HTML tree (PDF and EPUB), before layout.

``prepare(root)`` edits an lxml tree in place; ``CSS`` styles what it adds. Nothing it adds is
text a reader would copy:

- Han–Latin spacing (clreq §3.2.1, TYPOGRAPHY.md: at most ¼ em) where a Han character and a
  Latin letter or digit meet with no space between them. In the EPUB an empty
  ``<span class="cjk-autospace">`` with a ¼-em left margin; in the PDF a U+2005 FOUR-PER-EM
  SPACE, so line breaking counts it without an extra inline box per boundary (which cost
  WeasyPrint a quarter of its layout time on text full of numbers); ``cjk_justify`` draws it
  as a gap without a glyph (so it is not in the PDF's text) and drops either form where it
  falls at the start or end of a line.
- Compression of adjacent full-width punctuation (clreq §3.1.6: two marks take 1.5 em, not
  2): the installed Noto CJK fonts have no 'chws' feature, but they have 'halt' (half-width
  forms); the mark whose blank half faces its neighbour is wrapped in
  ``<span class="cjk-halt">`` that turns 'halt' on: a closing mark (，。、；：！？ and closing
  quotes and brackets) before another mark, or an opening mark after an opening mark.
- Line-breaking prohibitions (clreq §3.1.7) are Pango's (UAX #14): between two characters
  it forbids every GB-style case, also across inline elements (WeasyPrint asks Pango about
  the two characters on either side of a box boundary), and it never splits —— or …… .
  What it misses is a space in between: UAX #14 allows a break after a space, so
  "文字 ：" or "文字 ”" could start a line with the mark, and "“ 文字" end one with “. There
  a U+2060 WORD JOINER goes after the space; WeasyPrint draws it as no glyph, so PDF text
  extraction does not see it (EPUB text keeps it: it is invisible there too).

Text inside ``pre``, ``code``, ``kbd``, ``samp``, ``script`` and ``style`` is never edited;
``sup``/``sub`` and line breaks separate runs of text.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Any, Iterator

from docpipe.text import cjk
from docpipe.text.cjk import is_han

AUTOSPACE_CLASS = "cjk-autospace"
#: The PDF's Han–Latin spacing: a FOUR-PER-EM SPACE (¼ em) in the laid-out text, which
#: ``cjk_justify`` draws as a gap without a glyph, so it is not in the PDF's text.
AUTOSPACE_CHAR = "\u2005"
HALT_CLASS = "cjk-halt"
WORD_JOINER = "\u2060"

#: The rules for what ``prepare`` adds; part of the stylesheet shared by PDF and EPUB.
CSS = f"""
span.{AUTOSPACE_CLASS} {{ margin-left: 0.25em; }}
span.{HALT_CLASS} {{ font-feature-settings: "halt" 1; }}
"""

CLOSING = frozenset(cjk.CLOSING)
OPENING = frozenset(cjk.OPENING)
#: clreq §3.1.7: no line starts with a closing mark, none ends with an opening one.
LINE_START_FORBIDDEN = CLOSING
LINE_END_FORBIDDEN = OPENING

INLINE = frozenset("a abbr b bdi bdo cite data del dfn em i ins mark q s small span strong "
                   "time u".split())
OPAQUE = frozenset("code kbd samp var".split())   # text not edited, but a Latin neighbour
BARRIER = frozenset("br img sup sub wbr".split())  # ends a run of adjacent text
SKIPPED = frozenset("pre script style math svg textarea head title".split())


def is_latin(char: str) -> bool:
    """A Latin, Greek or Cyrillic letter, or a digit (not full-width)."""
    code = ord(char)
    return char.isascii() and char.isalnum() or (0xC0 <= code <= 0x24F and char.isalpha()) or (
        0x370 <= code <= 0x4FF and char.isalpha())


@dataclass
class _Slot:
    """A piece of text in the tree: ``element.text`` or ``element.tail``."""
    element: Any
    attribute: str  # "text" or "tail"
    text: str
    depth: int
    opaque: bool = False


def prepare(root: Any, autospace: str = "span") -> None:
    """Add Han–Latin spacing, punctuation compression and word joiners to an lxml tree.

    ``autospace="span"`` marks a Han–Latin boundary with an empty ``span.cjk-autospace`` (the
    EPUB: a reader lays it out); ``"char"`` with ``AUTOSPACE_CHAR`` (the PDF: no extra inline
    box, which made WeasyPrint's line breaking ~25 % slower on text with many numbers);
    ``"none"`` adds none (the theme's ``[text] autospace = false``: only the typed spaces).
    A space the author typed is never touched: the gap goes only where Han and Latin touch."""
    for run in _runs(root):
        text = "".join(slot.text for slot in run)
        starts = list(itertools.accumulate((len(slot.text) for slot in run), initial=0))

        def where(offset: int) -> tuple[int, int]:
            index = bisect.bisect_right(starts, offset) - 1
            return index, offset - starts[index]

        edits: dict[int, dict[int, list[str]]] = {}
        # Candidates come from regular expressions (a Python loop over every pair of
        # characters took 0.2 s of a 300 KB law); is_han/is_latin decide, as before.
        for i in _han_latin_pairs(text) if autospace != "none" else ():
            _edit(run, edits, *where(i), *where(i + 1), "space")
        for match in _HALT_PAIR.finditer(text):
            i = match.start()
            halt = _halt_target(text[i], text[i + 1])
            s, p = where(i if halt == 1 else i + 1)
            if halt and not run[s].opaque:
                edits.setdefault(s, {}).setdefault(p, []).append("halt")
        for match in _SPACE_BEFORE.finditer(text):
            before, after = match.group(1), match.group(3)
            if before in LINE_END_FORBIDDEN or after in LINE_START_FORBIDDEN:
                last_space = match.end(2) - 1
                _edit(run, edits, *where(last_space), *where(last_space + 1), "join")
        for index, slot_edits in edits.items():
            _rebuild(run[index], slot_edits, autospace)


#: Runs of what may be Latin letters and digits (a superset; is_latin decides): a Han–Latin
#: boundary is at one's start or end. (A pattern of Han–Latin pairs took ~8 ms to compile:
#: ``re`` fills its table for the Han class one code point at a time.)
_LATIN_RUN = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u04ff]+")


def _han_latin_pairs(text: str) -> Iterator[int]:
    """Each ``i`` where ``text[i]`` and ``text[i + 1]`` are Han and Latin, or Latin and Han,
    in order."""
    for match in _LATIN_RUN.finditer(text):
        start, end = match.span()
        if start and is_han(text[start - 1]) and is_latin(text[start]):
            yield start - 1
        if end < len(text) and is_latin(text[end - 1]) and is_han(text[end]):
            yield end - 1
#: Two adjacent marks of which one may be set half width (_halt_target decides).
_HALT_PAIR = re.compile("(?=[{0}][{0}{1}]|[{1}][{1}])".format(
    re.escape("".join(sorted(CLOSING))), re.escape("".join(sorted(OPENING)))))
#: The last of some spaces, with the character before them (if any) and the one after.
_SPACE_BEFORE = re.compile("([^ ]?)( +)(?=([^ ]))")


def _halt_target(a: str, b: str) -> int:
    """Which of two adjacent marks to set half width: 1 (the first), 2 (the second), or 0."""
    if a in CLOSING and (b in CLOSING or b in OPENING):
        return 1
    if a in OPENING and b in OPENING:
        return 2
    return 0


def _edit(run: list[_Slot], edits, s1: int, p1: int, s2: int, p2: int, kind: str) -> None:
    """Put ``kind`` between the characters (s1, p1) and (s2, p2), in a slot that may be edited:
    the same slot, else the shallower of the two (outside a link rather than inside it)."""
    first, second = run[s1], run[s2]
    if s1 == s2:
        if not first.opaque:
            edits.setdefault(s1, {}).setdefault(p2, []).append(kind)
        return
    candidates = [(first.depth, 0, s1, len(first.text)), (second.depth, 1, s2, 0)]
    for _, _, index, position in sorted(candidates):
        if not run[index].opaque:
            edits.setdefault(index, {}).setdefault(position, []).append(kind)
            return


def _runs(root: Any) -> list[list[_Slot]]:
    """Runs of text that read on without a block boundary, as slots in document order."""
    runs: list[list[_Slot]] = [[]]

    def close() -> None:
        if runs[-1]:
            runs.append([])

    def walk(element: Any, depth: int) -> None:
        if element.text:
            runs[-1].append(_Slot(element, "text", element.text, depth))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:
                pass  # a comment or processing instruction: only its tail counts
            elif tag in SKIPPED:
                close()
            elif tag in OPAQUE:
                text = "".join(child.itertext())
                if text:
                    runs[-1].append(_Slot(child, "text", text, depth + 1, opaque=True))
            elif tag in BARRIER:
                close()
            elif tag in INLINE:
                walk(child, depth + 1)
            else:
                close()
                walk(child, 0)
                close()
            if child.tail:
                runs[-1].append(_Slot(child, "tail", child.tail, depth))

    walk(root, 0)
    return [run for run in runs if run]


def _rebuild(slot: _Slot, edits: dict[int, list[str]], autospace: str = "span") -> None:
    """Write a slot's text back with its word joiners, markers and wrapped marks."""
    from lxml import etree

    head = ""
    added: list[Any] = []

    def append(text: str) -> None:
        nonlocal head
        if added:
            added[-1].tail = (added[-1].tail or "") + text
        else:
            head += text

    for position in range(len(slot.text) + 1):
        kinds = edits.get(position, [])
        if "join" in kinds:
            append(WORD_JOINER)
        if "space" in kinds:
            if autospace == "char":
                append(AUTOSPACE_CHAR)
            else:
                added.append(etree.Element("span", {"class": AUTOSPACE_CLASS}))
        if position == len(slot.text):
            break
        if "halt" in kinds:
            mark = etree.Element("span", {"class": HALT_CLASS})
            mark.text = slot.text[position]
            added.append(mark)
        else:
            append(slot.text[position])
    if slot.attribute == "text":
        slot.element.text = head
        for offset, element in enumerate(added):
            slot.element.insert(offset, element)
    else:
        slot.element.tail = head
        parent = slot.element.getparent()
        at = parent.index(slot.element) + 1
        for offset, element in enumerate(added):
            parent.insert(at + offset, element)
