"""Where a title or heading may break: between words (jieba's), balanced in two lines."""
from __future__ import annotations

import re

from docpipe.text import cjk, words

#: A title line may end after a closing mark and start with an opening one (preferred breaks).
_BREAK_BEFORE = cjk.OPENING
_BREAK_AFTER = cjk.CLOSING
#: ``<br>`` in a title: the author's own line break.
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def author_lines(title: str) -> list[str] | None:
    """The lines an author chose for a title (a newline of a YAML block scalar, or ``<br>``),
    or None when the title is one line to be broken by docpipe."""
    lines = [line.strip() for line in _BR.sub("\n", title).split("\n")]
    lines = [line for line in lines if line]
    return lines if len(lines) > 1 else None


def joined(lines: list[str]) -> str:
    """The lines of a title as one line for metadata (PDF /Title, dc:title, core title):
    nothing between two Chinese characters, a space next to a Latin one."""
    text = lines[0]
    for line in lines[1:]:
        wide = _is_wide(text[-1]) and _is_wide(line[0])
        text += ("" if wide else " ") + line
    return text


def _in_latin_word(char: str) -> bool:
    """A letter or digit of a word set with spaces (Latin with its accents, Greek, Cyrillic):
    jieba cuts "Português" at the ê and "Straße" at the ß, which are no word bounds."""
    return char.isalnum() and not _is_wide(char)


def _is_wide(char: str) -> bool:
    return char in cjk.HAN or char in cjk.OPENING or char in cjk.CLOSING or ord(char) >= 0x3000


def _cut(text: str) -> tuple[str, ...]:
    # jieba's words, kept between builds (words.py): a rebuild imports no segmenter.
    return words.cut(text)


def word_bounds(text: str) -> set[int]:
    """Offsets inside ``text`` where one word ends and the next begins (jieba's words; a
    Latin word or number is one word), never before a closing mark or after an opening one."""
    bounds, offset = set(), 0
    for word in _cut(text):
        offset += len(word)
        bounds.add(offset)
    return {cut for cut in bounds if 0 < cut < len(text) and breakable(text, cut)}


def breakable(text: str, cut: int) -> bool:
    """Whether the line may end before ``text[cut]`` by the punctuation rules alone (no line
    starts with a closing mark or ends with an opening one; a Latin word holds together)."""
    before, after = text[cut - 1], text[cut]
    if _in_latin_word(before) and _in_latin_word(after):
        return False
    return after not in _BREAK_AFTER and before not in _BREAK_BEFORE


def width(text: str) -> float:
    """A line's width in full-width characters (a Latin letter or space counts half)."""
    return sum(1.0 if _is_wide(char) else 0.5 for char in text)


def widest(text: str) -> float:
    """An upper bound of a line's width in ems, for "surely fits": a space half an em, an
    astral character (emoji) one and a half, every other character a full em, and a quarter
    em for each Han–Latin boundary (the PDF's autospace, ``typography``)."""
    total, previous = 0.0, None
    for char in text:
        if char == " ":
            total += 0.5
            previous = None
            continue
        total += 1.5 if ord(char) > 0xFFFF else 1.0
        wide = _is_wide(char)
        if previous is not None and wide != previous:
            total += 0.25
        previous = wide
    return total


def balanced_lines(title: str, per_line: int) -> list[str]:
    """A title too wide for one line, split between two words into two lines of similar
    width (GB/T 9704 sets multi-line titles as a trapezoid), preferring a break before an
    opening mark or after a closing one; a title that fits stays one line, and so does one
    wider than two lines (the renderer wraps it) or one with no word boundary to break at."""
    total = width(title)
    if total <= per_line or total > 2 * per_line:
        return [title]
    # A break at a mark less than a quarter of the width off the middle scores below zero and
    # so beats every break between two words: look for one before loading the segmenter
    # (0.17 s of CPU). The marks are word boundaries too, so the answer is the
    # one the full search gives.
    at_marks = [cut for cut in range(1, len(title))
                if breakable(title, cut) and _at_mark(title, cut)]
    best = _most_balanced(title, at_marks, per_line, total)
    if best is None or best[1] >= 0:
        best = _most_balanced(title, sorted(word_bounds(title)), per_line, total)
    return [title] if best is None else list(best[0])


def _at_mark(title: str, cut: int) -> bool:
    before, after = title[:cut].rstrip(), title[cut:].lstrip()
    return bool(before and after) and (after[0] in _BREAK_BEFORE or before[-1] in _BREAK_AFTER)


def _most_balanced(title: str, cuts: list[int], per_line: int, total: float):
    """((first line, second line), score) of the best of ``cuts``, or None."""
    best, best_score = None, None
    for cut in cuts:
        before, after = title[:cut].rstrip(), title[cut:].lstrip()
        if not before or not after or width(before) > per_line or width(after) > per_line:
            continue
        preferred = after[0] in _BREAK_BEFORE or before[-1] in _BREAK_AFTER
        score = abs(total / 2 - width(title[:cut])) - (total / 4 if preferred else 0)
        # on a tie the longer first line wins (the DOCX can then wrap it without a break)
        if best_score is None or score <= best_score:
            best, best_score = (before, after), score
    return None if best is None else (best, best_score)


#: WORD JOINER: no line break here (the DOCX title: Word and LibreOffice break CJK anywhere).
WORD_JOINER = "\u2060"


def words_held(text: str) -> str:
    """``text`` with a word joiner between the characters of each word, so a renderer that
    wraps it can break only between words (where ``word_bounds`` allows)."""
    bounds = word_bounds(text)
    out = []
    for index, char in enumerate(text):
        if index and index not in bounds and not char.isspace() and not text[index - 1].isspace():
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)
