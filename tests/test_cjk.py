"""The one module of CJK character classes and punctuation sets, and the formats that use it."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from docpipe.text import cjk, typography

SRC = Path(__file__).resolve().parents[1] / "src" / "docpipe"

#: One ideograph of each block of Han, from the first to the last extension.
IDEOGRAPHS = {
    "URO": "一", "URO last": "\u9fff", "Ext A": "㐀", "Ext B": "𠀀", "Ext C": "\U0002a700",
    "Ext D": "\U0002b740", "Ext E": "\U0002b820", "Ext F": "\U0002ceb0",
    "Ext I": "\U0002ebf0", "Ext G": "\U00030000", "Ext H": "\U00031350",
    "Compatibility": "豈", "Compatibility Supplement": "\U0002f800", "zero": "〇",
}


@pytest.mark.parametrize("block", sorted(IDEOGRAPHS))
def test_every_extension_is_han_and_cjk_text(block):
    char = IDEOGRAPHS[block]
    assert char in cjk.HAN and cjk.is_han(char)
    assert char in cjk.CJK and cjk.is_cjk_text(char)
    assert re.fullmatch(f"[{cjk.HAN.pattern}]", char)


@pytest.mark.parametrize("char", list("aZ9，。、（）“”　ア가ㄅ\u00e9\u4dc0") + ["\U0001f600"])
def test_other_characters_are_not_han(char):
    assert char not in cjk.HAN and not cjk.is_han(char)
    assert not re.fullmatch(f"[{cjk.HAN.pattern}]", char)


def test_han_is_what_unicode_names_an_ideograph():
    """Every code point Unicode (as this Python knows it) names a CJK ideograph is Han, and
    every assigned Han code point is one (or 〇)."""
    named = {code for code in range(0x40000)
             if unicodedata.name(chr(code), "").startswith(("CJK UNIFIED IDEOGRAPH",
                                                             "CJK COMPATIBILITY IDEOGRAPH"))}
    assert all(chr(code) in cjk.HAN for code in named)
    assigned_han = {code for code in range(0x40000)
                    if chr(code) in cjk.HAN and unicodedata.category(chr(code)) != "Cn"}
    assert assigned_han - named == {0x3007}


def test_classes_nest_and_patterns_match_membership():
    for part in (cjk.HAN, cjk.CJK_PUNCTUATION, cjk.FULL_WIDTH, cjk.FULL_WIDTH_ALPHANUMERIC):
        assert all(a in cjk.CJK and b in cjk.CJK for a, b in
                   ((chr(first), chr(last)) for first, last in part.ranges))
    for klass in (cjk.HAN, cjk.CJK, cjk.CJK_PUNCTUATION, cjk.FULL_WIDTH,
                  cjk.FULL_WIDTH_ALPHANUMERIC):
        pattern = re.compile(f"[{klass.pattern}]")
        edges = {code + step for first, last in klass.ranges for code in (first, last)
                 for step in (-1, 0, 1)}
        for code in sorted(edges):
            char = chr(code)
            assert (char in klass) == bool(pattern.fullmatch(char)), hex(code)


def test_cjk_text_is_wide_text():
    """CJK text holds every wide (W, F) character of the CJK blocks and the whole half-width
    and full-width forms block, and nothing of Latin, Greek or Cyrillic."""
    for code in range(0x3000, 0xA4D0):
        char = chr(code)
        if unicodedata.category(char) != "Cn" and unicodedata.east_asian_width(char) in "WF":
            assert char in cjk.CJK, hex(code)
    for code in range(0xFF01, 0xFFEF):
        assert chr(code) in cjk.CJK
    assert not any(chr(code) in cjk.CJK for code in range(0x20, 0x1100))


def test_punctuation_sets():
    assert len(cjk.OPENING_BRACKETS) == len(cjk.CLOSING_BRACKETS)
    for opening, closing in zip(cjk.OPENING_BRACKETS, cjk.CLOSING_BRACKETS):
        assert unicodedata.category(opening) in ("Ps", "Pi"), opening
        assert unicodedata.category(closing) in ("Pe", "Pf"), closing
        name = unicodedata.name(opening)
        assert unicodedata.name(closing) == name.replace("LEFT", "RIGHT"), (opening, closing)
    assert all(unicodedata.east_asian_width(mark) in "WF" for mark in cjk.PAUSE_AND_STOP_MARKS)
    assert all(unicodedata.east_asian_width(mark) == "A" for mark in cjk.SHARED_MARKS)
    assert set(cjk.CLOSING) == set(cjk.PAUSE_AND_STOP_MARKS) | set(cjk.CLOSING_BRACKETS)
    assert not set(cjk.OPENING) & set(cjk.CLOSING)


def test_no_module_writes_its_own_han_ranges():
    """The ranges live in text/cjk.py alone: no other module spells a Han block's bounds."""
    bounds = re.compile(r"\\u4e00|\\u3400|\\U00020000|\\u2e80|0x4E00|0x3400|0x20000|0x2E80"
                        r"|[\u4e00\u3400\U00020000\u2e80]-", re.I)
    offenders = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                 if path.name != "cjk.py" and bounds.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def _spaced(text: str) -> str:
    root = etree.fromstring(f"<body><p>{text}</p></body>")
    typography.prepare(root, autospace="char")
    return "".join(root.itertext())


def test_han_latin_spacing_for_every_extension():
    for char in IDEOGRAPHS.values():
        assert _spaced(f"{char}A") == f"{char}{typography.AUTOSPACE_CHAR}A"


def test_docx_hint_for_extension_b():
    """The DOCX's East Asian font hint covered no Extension B before cjk.py: a run of 𠀀 was
    set in the Latin font."""
    from docpipe.write.docx import xml

    assert xml.needs_east_asian_hint("𠀀", chinese=False)
    assert xml.needs_east_asian_hint("\U00031350", chinese=False)
    assert not xml.needs_east_asian_hint("abc", chinese=False)


def test_source_lines_join_between_extension_b_characters():
    from docpipe.read.markdown import markdown_to_html

    assert "𠀀𠀁" in markdown_to_html("𠀀\n𠀁\n")
    assert "a\nb" in markdown_to_html("a\nb\n")


def test_linter_reads_extension_h_as_han():
    from docpipe.lint.rules import han_latin_space

    assert [hit.rule for hit in han_latin_space("\U00031350 A")] == ["han-latin-space"]
    assert han_latin_space("abc A") == []


def test_justification_opens_gaps_in_cjk_text_only():
    from docpipe.write.pdf import justify

    assert justify.is_opportunity("𠀀", "𠀁")
    assert justify.is_opportunity("中", "，")
    assert not justify.is_opportunity("a", "b")
    assert not justify.is_opportunity("—", "—")
