"""The Unicode classes of CJK text and clreq's punctuation sets, defined once for every format.

Character classes are ``CharClass`` objects: ``char in HAN`` tests one character,
``HAN.occurs_in(text)`` a text, and ``HAN.pattern`` is the class's contents for a regular
expression (``f"[{HAN.pattern}“”]"``; compiling one costs milliseconds for a big class).
Punctuation sets are plain strings, in the order given (``OPENING_BRACKETS[i]`` pairs with
``CLOSING_BRACKETS[i]``).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable


class CharClass:
    """A set of code points given as inclusive (first, last) ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for first, last in sorted(ranges):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        self.ranges: tuple[tuple[int, int], ...] = tuple((a, b) for a, b in merged)
        # A flag per BMP code point (justification asks once per character of a line), and
        # [first, last + 1, …] bounds beyond it: a code point is inside when bisect lands odd.
        self._bmp = bytearray(0x10000)
        for first, last in self.ranges:
            if first < 0x10000:
                end = min(last, 0xFFFF) + 1
                self._bmp[first:end] = b"\x01" * (end - first)
        self._bounds = [bound for a, b in self.ranges for bound in (a, b + 1)]
        self.pattern = "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}"
                               for a, b in self.ranges)

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        if code < 0x10000:
            return self._bmp[code] == 1
        return bisect.bisect_right(self._bounds, code) & 1 == 1

    def occurs_in(self, text: str) -> bool:
        """Whether any character of ``text`` is in the class.

        Each distinct character is asked once. A regular expression of a big class such as
        ``CJK`` cost 5-10 ms of CPU to compile (``re`` fills a table one code point at a
        time), a build's worth of searches with this well under 1 ms.
        """
        return any(char in self for char in set(text))

    def __or__(self, other: CharClass) -> CharClass:
        return CharClass(self.ranges + other.ranges)

    def __repr__(self) -> str:
        return f"CharClass({self.pattern!r})"


def _escape(code: int) -> str:
    """A code point as it may stand in a regular expression's [...]."""
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char


#: Han ideographs: 〇 (IDEOGRAPHIC NUMBER ZERO), CJK Unified Ideographs and Extension A, the
#: CJK Compatibility Ideographs, and the Supplementary and Tertiary Ideographic Planes whole
#: (Extensions B–I and the Compatibility Ideographs Supplement: the two planes hold only Han,
#: so ideographs a later Unicode adds there count too).
HAN = CharClass([(0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                 (0x20000, 0x3FFFF)])

#: CJK punctuation: CJK Symbols and Punctuation (、。〈〉《》「」『』【】〔〕〖〗 …), the
#: Vertical Forms and the CJK Compatibility Forms (vertical presentation forms).
CJK_PUNCTUATION = CharClass([(0x3000, 0x303F), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F)])

#: The Halfwidth and Fullwidth Forms block: full-width ASCII (，：；（）！？ＡＢＣ１２３) and
#: signs (￥￡), and the half-width katakana and Hangul a CJK font also sets.
FULL_WIDTH = CharClass([(0xFF00, 0xFFEF)])

#: Full-width Latin letters and digits (ＡＢＣ１２３): the linter asks for plain ones.
FULL_WIDTH_ALPHANUMERIC = CharClass([(0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)])

#: CJK text: what a CJK font sets wide (East Asian Width W or F, and the half-width forms):
#: Han, CJK punctuation and full-width forms, and the scripts set among them without spaces
#: (Hangul Jamo's leading consonants, CJK and Kangxi radicals, kana, bopomofo, Hangul, Yi,
#: enclosed and compatibility CJK). Used for "is this Chinese text": the DOCX East Asian font
#: hint, justification between characters (PDF), and joining source lines with no space.
CJK = HAN | CJK_PUNCTUATION | FULL_WIDTH | CharClass([
    (0x1100, 0x115F),    # Hangul Jamo, leading consonants
    (0x2E80, 0xA4CF),    # CJK Radicals Supplement … Yi Radicals (kana, bopomofo, Han, …)
    (0xAC00, 0xD7AF),    # Hangul Syllables
])

#: Marks Latin and Chinese text share (East Asian Width "ambiguous"): a Chinese font sets them
#: full width, a Latin one narrow. Word needs a hint to use the East Asian font for them; a
#: source line break between them and Han is no space; justification may open a gap at them.
SHARED_MARKS = "“”‘’—…·"

#: clreq's pause and stop marks (点号) as set in simplified Chinese, full width.
PAUSE_AND_STOP_MARKS = "，。、；：！？"
#: Opening brackets and quotation marks (标号 that open), paired index by index with
#: ``CLOSING_BRACKETS``.
OPENING_BRACKETS = "“‘（《〈【「『〔［｛〖"
CLOSING_BRACKETS = "”’）》〉】」』〕］｝〗"
#: Marks that take the line's end side of their em box (blank half after them): a line may not
#: start with one (clreq §3.1.7), and two in a row are compressed (clreq §3.1.6).
CLOSING = PAUSE_AND_STOP_MARKS + CLOSING_BRACKETS
#: Marks that take the line's start side: a line may not end with one.
OPENING = OPENING_BRACKETS
#: Marks set in pairs that a line break never splits (—— and ……).
INSEPARABLE = "—…"


def is_han(char: str) -> bool:
    """A Han ideograph (``HAN``)."""
    return char in HAN


def is_cjk_text(char: str) -> bool:
    """CJK text (``CJK``): Han, kana, Hangul, CJK punctuation and full-width forms."""
    return char in CJK
