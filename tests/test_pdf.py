"""The article's PDF read back: text, fonts, outline, metadata, page setup, page numbers."""
from __future__ import annotations

import re

import pdfplumber
import pypdf
import pytest
from conftest import pdf_font_families, source_text, squash

#: laid out by WeasyPrint: CI runs these with the lowest WeasyPrint too (make test-lowest-weasyprint)
pytestmark = pytest.mark.pdf

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdf(built_article):
    return pypdf.PdfReader(built_article["pdf"])


def _page_texts(path) -> list[str]:
    with pdfplumber.open(path) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_text_in_reading_order_equals_the_source(built_article):
    pages = _page_texts(built_article["pdf"])
    body = "".join(re.sub(r"—\s*\d+\s*—\s*$", "", page.strip()) for page in pages)
    assert squash(body) == source_text()


def test_every_page_has_its_number_in_the_footer(built_article):
    pages = _page_texts(built_article["pdf"])
    for number, text in enumerate(pages, start=1):
        assert text.strip().endswith(f"— {number} —")


def test_fonts_are_embedded_subset_and_simplified_chinese_only(pdf, built_article):
    names = set()
    for page in pdf.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            names.add(str(font["/BaseFont"]))
    assert all(re.match(r"^/?[A-Z]{6}\+", name) for name in names), names
    families = set(pdf_font_families(built_article["pdf"]).values())
    assert "Noto Serif CJK SC" in families and "Noto Sans CJK SC" in families, families
    assert not any(re.search(r"CJK (JP|KR|TC|HK)", family) for family in families), families


def test_no_fake_italic_for_chinese(built_article):
    with pdfplumber.open(built_article["pdf"]) as document:
        for page in document.pages:
            for char in page.chars:
                a, b, c, d = char["matrix"][:4]
                assert abs(b) < 1e-6 and abs(c) < 1e-6, char  # no skew: upright glyphs only


def test_outline_lists_the_section_headings(pdf):
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert titles == ["坚持把《条例》作为新时代政法工作的总规范", "坚决捍卫党对政法工作的绝对领导",
                      "不断推动新时代政法工作迈上新台阶", "着力建设“五个过硬”政法队伍"]


def test_metadata_title_author_language_and_fixed_dates(pdf):
    info = pdf.metadata
    assert info["/Title"] == "中共衡阳市委贯彻落实《中国共产党政法工作条例》纪实"
    assert "阳旭辉" in info["/Author"]
    assert pdf.trailer["/Root"]["/Lang"] == "zh-CN"
    assert info["/CreationDate"].startswith("D:20201201")


def test_a4_pages_with_the_theme_margins(built_article):
    with pdfplumber.open(built_article["pdf"]) as document:
        page = document.pages[1]
        assert (round(float(page.width), 1), round(float(page.height), 1)) == (595.3, 841.9)
        body = [c for c in page.chars if c["size"] > 11]
        left = min(c["x0"] for c in body)
        top = min(c["top"] for c in body)
    assert abs(left - 25 / 25.4 * 72) < 1.5          # 25 mm inner margin
    assert 25 / 25.4 * 72 - 1 < top < 25 / 25.4 * 72 + 12


def test_first_line_indent_is_two_characters(built_article):
    with pdfplumber.open(built_article["pdf"]) as document:
        page = document.pages[1]
        lines = {}
        for char in page.chars:
            if abs(char["size"] - 12) < 0.1:
                lines.setdefault(round(char["top"]), []).append(char)
        starts = sorted(min(c["x0"] for c in chars) for chars in lines.values())
    margin = starts[0]
    indented = [x for x in starts if abs(x - margin - 24) < 1.0]
    assert indented, starts  # paragraphs start 2 × 12 pt in
    assert all(abs(x - margin) < 1.0 or abs(x - margin - 24) < 1.0 for x in starts)


def test_a_long_title_breaks_into_balanced_lines(built_article):
    from docpipe.write.html import balanced_lines

    assert balanced_lines("中共衡阳市委贯彻落实《中国共产党政法工作条例》纪实", 20) == [
        "中共衡阳市委贯彻落实", "《中国共产党政法工作条例》纪实"]
    assert balanced_lines("短标题", 20) == ["短标题"]
    with pdfplumber.open(built_article["pdf"]) as document:
        first = document.pages[0].extract_text().split("\n")
    assert first[:2] == ["中共衡阳市委贯彻落实", "《中国共产党政法工作条例》纪实"]


def test_pdf_is_small(built_article):
    assert built_article["pdf"].stat().st_size < 300_000   # subsets cut to the glyphs used
