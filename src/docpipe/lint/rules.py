"""Chinese copy-editing rules for ``docpipe check``, run on Markdown with non-prose masked out."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docpipe.text import cjk

#: Stands in for every masked character, so offsets (and lines) stay those of the real file.
MASK = "\x00"
HAN = cjk.HAN.pattern
FULL_WIDTH_ALNUM = cjk.FULL_WIDTH_ALPHANUMERIC.pattern
LATIN = "A-Za-z0-9" + FULL_WIDTH_ALNUM
OPENERS = cjk.OPENING_BRACKETS
CLOSERS = cjk.CLOSING_BRACKETS
STOPS = cjk.PAUSE_AND_STOP_MARKS
#: Left neighbours that make a following half-width mark "inside Chinese text".
_CJK_LEFT = re.compile(f"[{HAN}{CLOSERS}{STOPS}]")
_CJK_RIGHT = re.compile(f"[{HAN}{OPENERS}]")
_HAN = re.compile(f"[{HAN}]")
PAIRS = dict(zip(OPENERS, CLOSERS))
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class Hit:
    """A finding before it is placed on a line: offset into the normalised text, and its fix."""

    offset: int
    rule: str
    message: str
    edits: tuple[Edit, ...] = ()


def hide(text: str) -> str:
    """``text`` masked, newlines kept."""
    return re.sub("[^\n]", MASK, text)


def _hide_match(match: re.Match[str]) -> str:
    return hide(match.group())


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_INLINE_CODE = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_RAW_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(pre|code|script|style)\b[^>]*>.*?</\1\s*>",
                         re.S | re.I)


def mask_code(text: str, front_matter_lines: int) -> str:
    """``text`` with front matter, code blocks, code spans and HTML comments masked."""
    lines = text.split("\n")
    fence: str | None = None
    in_code = in_list = False
    previous_blank = True
    for number, line in enumerate(lines):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        blank = not line.strip()
        opening = _FENCE.match(line)
        if number < front_matter_lines:
            lines[number] = hide(line)
            continue
        if fence is not None:
            lines[number] = hide(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = None
            continue
        if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end():]):
            fence, lines[number] = opening.group(1), hide(line)
            continue
        # Indented code starts after a blank line; inside a list, 4 spaces is a nested paragraph.
        if not blank and indent >= (8 if in_list else 4) and (previous_blank or in_code):
            in_code, lines[number] = True, hide(line)
            continue
        if not blank:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank and indent < 4:
                in_list = False
        previous_blank = blank
    masked = "\n".join(lines)
    masked = _INLINE_CODE.sub(_hide_match, masked)
    return _RAW_BLOCKS.sub(_hide_match, masked)


# Things that are not prose although code masking left them: the copy rules must not read them.
_NON_PROSE = [re.compile(p, flags) for p, flags in [
    (r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$", re.M),          # reference definitions
    (r"\[\^[^\]\s]+\]:?", 0),                                  # footnote markers and labels
    (r"(?<=\])\((?:[^()\n]|\([^()\n]*\))*\)", 0),              # link and image destinations
    (r"(?<=\])[ ]?\[[^\]\n]*\]", 0),                           # reference-link labels
    (r"!(?=\[)", 0),                                           # the image mark
    (r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>", 0),  # autolinks
    (r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", 0),          # HTML tags
    (r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);", 0),  # entities
    # a URL ends where CJK text begins (no space is typed between them)
    (rf"(?:https?|ftp|file|mailto):[^\s<>\"{cjk.CJK.pattern}]*"
     rf"[^\s<>\"{cjk.CJK.pattern}.,;:!?)'\]]", 0),
    (r"\{:[^{}\n]*\}|\{[ \t]*[#.][^{}\n]*\}", 0),              # attribute lists {: .lead }
    # site generators' template tags: Hugo's {{< figure src="…" >}} and {{% … %}}, Liquid and
    # Jinja's {% … %} and {{ … }}: their quotes are the generator's syntax, not Chinese copy
    (r"\{\{[<%][^\n]*?[>%]\}\}|\{%[^\n]*?%\}|\{\{[^{}\n]*\}\}", 0),
    # emoticons: ;) :-) :( :D ^_^ (^_^) are what they are, not punctuation to fix
    (r"(?<![A-Za-z0-9])[:;=][-^']?[()DPpO3\]\[](?![A-Za-z0-9])|\(?\^[_-]?\^\)?|"
     r"\([ ]?[;:][ ]?\)", 0),
]]


def mask_prose(code_masked: str) -> str:
    """``code_masked`` with link targets, URLs, HTML tags and the like masked too."""
    text = code_masked
    for pattern in _NON_PROSE:
        text = pattern.sub(_hide_match, text)
    return text


_BLOCK_START = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]|\|")
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of paragraph-like blocks: quotes and brackets must balance in each."""
    start: int | None = None
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        empty = not line.replace(MASK, "").strip(" \t>")
        heading = _HEADING_LINE.match(line)
        if (empty or heading or _BLOCK_START.match(line)) and start is not None:
            yield start, offset - 1
            start = None
        if heading:
            yield offset, end
        elif not empty and start is None:
            start = offset
        offset = end + 1
    if start is not None:
        yield start, len(text)


def _next_to(text: str, index: int, step: int) -> str:
    """The character before (step -1) or after (step 1) ``index``, looking through emphasis *."""
    index += step
    while 0 <= index < len(text) and text[index] == "*":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _cjk_left(text: str, index: int) -> bool:
    return bool(_CJK_LEFT.match(_next_to(text, index, -1)))


def _cjk_right(text: str, index: int) -> bool:
    return bool(_CJK_RIGHT.match(_next_to(text, index, 1)))


_HALF = re.compile(r"[,;:?!()]")
_CJK_INNER = re.compile(f"[{HAN}{OPENERS}{CLOSERS}{STOPS}]")


def half_width(masked: str) -> list[Hit]:
    """Half-width , ; : ? ! ( ) touching Chinese text; brackets are judged as pairs."""
    flagged: list[int] = []
    for start, end in blocks(masked):
        opened: list[int] = []
        for match in _HALF.finditer(masked, start, end):
            index, mark = match.start(), match.group()
            if mark == "(":
                opened.append(index)
            elif mark == ")" and opened:
                first = opened.pop()
                if (_cjk_left(masked, first) or _cjk_right(masked, index)
                        or _CJK_INNER.search(masked, first + 1, index)):
                    flagged += [first, index]
            elif _cjk_left(masked, index) or _cjk_right(masked, index):
                flagged.append(index)
        flagged += [i for i in opened if _cjk_left(masked, i) or _cjk_right(masked, i)]
    return [_half_width_hit(masked, index) for index in sorted(flagged)]


def _half_width_hit(masked: str, index: int) -> Hit:
    mark, full = masked[index], HALF_TO_FULL[masked[index]]
    # A full-width mark carries its own space, so blanks typed around it go with the fix;
    # but never a list marker's space, a hard line break or the space before code.
    start = index
    while start > 0 and masked[start - 1] in " \t":
        start -= 1
    if start == index or start == 0 or not re.match(f"[{HAN}{CLOSERS}A-Za-z0-9]",
                                                     masked[start - 1]):
        start = index
    end = index + 1
    while end < len(masked) and masked[end] in " \t":
        end += 1
    if end == len(masked) or masked[end] in "\n*" + MASK:
        end = index + 1
    message = f"half-width '{mark}' in Chinese text: use '{full}'"
    if (start, end) != (index, index + 1):
        message += " (and drop the space beside it)"
    return Hit(index, "half-width-punctuation", message, ((start, end, full),))


def apply_virtual(masked: str, hits: list[Hit]) -> str:
    """``masked`` with flagged half-width marks made full-width (same length, for later rules)."""
    chars = list(masked)
    for hit in hits:
        chars[hit.offset] = HALF_TO_FULL[masked[hit.offset]]
    return "".join(chars)


_BRACKET = re.compile(f"[{OPENERS}{CLOSERS}]")


#: quotation marks, which may open in one paragraph and close in a later one
QUOTE_OPENERS = "“‘「『"


def unbalanced(text: str) -> list[Hit]:
    """“” ‘’ 《》 （） 【】 … that do not pair up within a paragraph of Chinese text. A quotation
    may run over paragraphs: reopened at the start of each (GB/T 15834's way, closed only on
    the last), or opened in one and closed in a later one before the next heading."""
    hits: list[Hit] = []
    spans = [span for span in blocks(text) if _HAN.search(text, span[0], span[1])]
    carried: list[int] = []   # quotation marks still open from earlier paragraphs
    for number, (start, end) in enumerate(spans):
        if _HEADING_LINE.match(text, start):
            hits += [_unclosed(text, index) for index in carried]
            carried = []
        stack: list[int] = []
        for match in _BRACKET.finditer(text, start, end):
            index, mark = match.start(), match.group()
            if mark == "’" and re.match("[A-Za-z]", _next_to(text, index, -1)) and not any(
                    text[i] == "‘" for i in stack):
                continue  # an apostrophe, as in "don’t"
            if mark in PAIRS:
                stack.append(index)
                continue
            opener = next((i for i in reversed(stack) if PAIRS[text[i]] == mark), None)
            if opener is None:
                if carried and PAIRS[text[carried[-1]]] == mark:
                    carried.pop()   # closes a quotation opened in an earlier paragraph
                    continue
                hits.append(Hit(index, "unbalanced-pair",
                                f"'{mark}' closes nothing in this paragraph"))
                continue
            while stack[-1] != opener:
                hits.append(_unclosed(text, stack.pop()))
            stack.pop()
        following = spans[number + 1][0] if number + 1 < len(spans) else None
        for index in stack:
            if text[index] not in QUOTE_OPENERS or following is None:
                hits.append(_unclosed(text, index))
            elif not text[following:following + 200].lstrip(" *>" + MASK).startswith(text[index]):
                carried.append(index)   # else reopened on the next paragraph: nothing to close
    return hits + [_unclosed(text, index) for index in carried]


def _unclosed(text: str, index: int) -> Hit:
    mark = text[index]
    return Hit(index, "unbalanced-pair",
               f"'{mark}' is not closed by '{PAIRS[mark]}' in this paragraph")


_STRAIGHT = re.compile('"')


_CURLY_HAN = re.compile(f"“[^”\n]{{0,200}}?[{HAN}]")
_CORNER = re.compile("[「『]")


def quote_styles(text: str) -> list[Hit]:
    """Straight "…" in Chinese text, and two quote styles in one file: “ ” (with ‘ ’ inside)
    and 「 」 (with 『 』 inside) are each a style of their own; only mixing them is flagged,
    at the style the file uses less."""
    corner = [m.start() for m in _CORNER.finditer(text)]
    curly = [m.start() for m in _CURLY_HAN.finditer(text)]
    corner_style = len(corner) > len(curly)
    opening, closing = ("「", "」") if corner_style else ("“", "”")
    hits: list[Hit] = []
    for start, end in blocks(text):
        if not _HAN.search(text, start, end):
            continue
        quotes = [m.start() for m in _STRAIGHT.finditer(text, start, end)]
        if not any(_cjk_left(text, i) or _cjk_right(text, i) for i in quotes):
            continue
        if len(quotes) % 2:
            hits += [Hit(i, "mixed-quotes", f"straight '\"' in Chinese text: use {opening} "
                                            f"{closing} (cannot pair them up, so not fixed)")
                     for i in quotes]
            continue
        for first, second in zip(quotes[::2], quotes[1::2]):
            # a full-width quote takes no space beside it from Chinese text: 说 "喵" 了 → 说「喵」了
            before = _spaces_between_han(text, first, -1)
            after = _spaces_between_han(text, second, 1)
            hits.append(Hit(first, "mixed-quotes", f"straight \"…\" in Chinese text: use "
                                                   f"{opening}…{closing}",
                            ((first - before, first + 1, opening),
                             (second, second + 1 + after, closing))))
    if corner and curly:
        minority = curly if corner_style else corner
        used, other = ("「」", "“”") if corner_style else ("“”", "「」")
        for offset in minority:
            hits.append(Hit(offset, "mixed-quotes",
                            f"'{text[offset]}' mixes {other} into a document that quotes with "
                            f"{used} ({max(len(corner), len(curly))} of "
                            f"{len(corner) + len(curly)} quotations): use one style"))
    return hits


def _spaces_between_han(text: str, index: int, step: int) -> int:
    """How many spaces or tabs stand on the ``step`` side of ``index`` with Chinese beyond."""
    count, at = 0, index + step
    while 0 <= at < len(text) and text[at] in " \t":
        count, at = count + 1, at + step
    beyond = text[at] if 0 <= at < len(text) else ""
    return count if count and _HAN.match(beyond) else 0


_REPEATABLE = "！？"  # repeated for emphasis on purpose sometimes: the editor decides


def repeated(text: str) -> list[Hit]:
    """，， 。。 ！！！ …; ……and —— are single marks and never match."""
    hits = []
    for match in re.finditer(f"([{STOPS}])\\1+", text):
        mark = match.group(1)
        edits = () if mark in _REPEATABLE else ((match.start() + 1, match.end(), ""),)
        hits.append(Hit(match.start(), "repeated-punctuation",
                        f"'{match.group()}' repeats '{mark}': write it once", edits))
    return hits


def full_width_alnum(text: str) -> list[Hit]:
    """ＡＢＣ１２３ → ABC123: full-width forms of ASCII letters and digits."""
    hits = []
    for match in re.finditer(f"[{FULL_WIDTH_ALNUM}]+", text):
        plain = "".join(chr(ord(c) - 0xFEE0) for c in match.group())
        hits.append(Hit(match.start(), "full-width-alphanumeric",
                        f"full-width '{match.group()}': use '{plain}'",
                        ((match.start(), match.end(), plain),)))
    return hits


_SPACED = re.compile(f"(?<=[{HAN}])\\**([ \\t\u00a0]+)\\**(?=[{LATIN}])"
                     f"|(?<=[{LATIN}])\\**([ \\t\u00a0]+)\\**(?=[{HAN}])")
_NUMBERED_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+[0-9]+(?:\.[0-9]+)*\.?")


def han_latin_space(text: str) -> list[Hit]:
    """docpipe's sources type no space between Han and Latin/digits: the typesetter adds ¼ em."""
    hits = []
    for match in _SPACED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        line_start = text.rfind("\n", 0, start) + 1
        if _NUMBERED_HEADING.fullmatch(text, line_start, start):
            continue  # "## 2.1 概述": a section number keeps its space, as GB/T 1.1 sets it
        hits.append(Hit(start, "han-latin-space", "space between Chinese and Latin/digits: "
                        "remove it (the typesetter adds a quarter-em)", ((start, end, ""),)))
    return hits


def copy_rules(masked: str) -> list[Hit]:
    """Every copy-editing rule over prose-masked text."""
    hits = half_width(masked)
    virtual = apply_virtual(masked, hits)
    hits += unbalanced(virtual) + repeated(virtual) + quote_styles(virtual)
    return hits + full_width_alnum(masked)   # Han–Latin spacing: lint/spacing.py
