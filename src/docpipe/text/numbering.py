"""Heading numbers: "chinese" (一、 （一） 1. （1）, GB/T 9704 7.3.3) or "decimal" (1, 1.1, 1.1.1).

One pure function gives the numbers the PDF and the EPUB print; the DOCX writes the same
formats as Word numbering (``WORD_LEVELS``), so Word numbers a heading added later too.
"""
from __future__ import annotations

SCHEMES = ("none", "chinese", "decimal")
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _DIGITS[value]
    if value < 20:
        return "十" + (_DIGITS[value - 10] if value > 10 else "")
    if value < 100:
        tens, ones = divmod(value, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    if value >= 1000:
        return str(value)
    if not rest:
        return _DIGITS[hundreds] + "百"
    return _DIGITS[hundreds] + "百" + ("零" + _DIGITS[rest] if rest < 10
                                      else chinese_numeral(rest) if rest >= 20
                                      else "一" + chinese_numeral(rest))


def _chinese(depth: int, count: int) -> str:
    """The GB/T 9704 sequence; below the fourth level it repeats （1） ."""
    if depth == 0:
        return f"{chinese_numeral(count)}、"
    if depth == 1:
        return f"（{chinese_numeral(count)}）"
    if depth == 2:
        return f"{count}."
    return f"（{count}）"


def heading_numbers(levels: list[int], scheme: str) -> list[str]:
    """The number of each heading, given the headings' levels (1–6) in document order.

    The shallowest level present counts as the first; a skipped level (h2 then h4) is numbered
    as the next one down; "" for every heading when ``scheme`` is "none".
    """
    if scheme == "none" or not levels:
        return ["" for _ in levels]
    counts: list[list[int]] = []     # [level, count] of each open level, outermost first
    numbers = []
    for level in levels:
        while counts and counts[-1][0] > level:
            counts.pop()
        if counts and counts[-1][0] == level:
            counts[-1][1] += 1
        else:
            counts.append([level, 1])
        depth = len(counts) - 1
        if scheme == "chinese":
            numbers.append(_chinese(depth, counts[-1][1]))
        else:
            numbers.append(".".join(str(count) for _, count in counts))
    return numbers


def word_levels(scheme: str) -> list[tuple[str, str]]:
    """(w:numFmt, w:lvlText) for Word numbering levels 0–5 giving the same numbers."""
    if scheme == "chinese":
        return [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                ("decimal", "%3."), ("decimal", "（%4）"), ("decimal", "（%5）"),
                ("decimal", "（%6）")]
    return [("decimal", ".".join(f"%{n}" for n in range(1, depth + 2))) for depth in range(6)]
