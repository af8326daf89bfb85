"""--style gongwen (GB/T 9704-2012): the 22 × 28 grid, margins, page numbers, office fonts."""
from __future__ import annotations

import re

import pdfplumber
import pytest
from conftest import pdf_font_families
from docx import Document as open_docx
from docx.oxml.ns import qn

#: laid out by WeasyPrint: CI runs these with the lowest WeasyPrint too (make test-lowest-weasyprint)
pytestmark = pytest.mark.pdf

MM = 72 / 25.4


@pytest.fixture(scope="module")
def gongwen(built_gongwen_article):
    return built_gongwen_article["pdf"].parent


def _lines(page):
    """Body lines (16 pt text above the footer), grouped by baseline."""
    chars = sorted((c for c in page.chars if abs(c["size"] - 16) < 0.2
                    and c["bottom"] < page.height - 35 * MM + 2), key=lambda c: c["bottom"])
    lines: list[list[dict]] = []
    for char in chars:
        if lines and abs(char["bottom"] - lines[-1][-1]["bottom"]) < 6:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def test_full_pages_hold_22_lines_on_a_28_95_pt_pitch(gongwen):
    with pdfplumber.open(gongwen / "article.pdf") as pdf:
        pages = [_lines(page) for page in pdf.pages]
    assert len(pages) >= 4
    for lines in pages[1:-1]:
        assert len(lines) == 22
        # the pitch between body lines (headings in Hei sit on the grid with their own baseline)
        body = [line[-1]["bottom"] for line in lines if "body" in line[-1]["fontname"]]
        steps = sorted(b - a for a, b in zip(body, body[1:]) if b - a < 40)
        assert abs(steps[len(steps) // 2] - 225 * MM / 22) < 0.1


def test_a_full_line_holds_28_characters_in_the_156_mm_block(gongwen):
    han = re.compile(r"[\u4e00-\u9fff，。、；：“”《》（）]")
    with pdfplumber.open(gongwen / "article.pdf") as pdf:
        page = pdf.pages[2]
        lines = _lines(page)
        left = 28 * MM if page.page_number % 2 else 26 * MM
    full = [line for line in lines if all(han.match(c["text"]) for c in line)
            and abs(line[0]["x0"] - left) < 1 and line[-1]["x1"] > left + 150 * MM]
    assert len(full) >= 10
    for line in full:
        assert len(line) == 28
        assert abs(line[-1]["x1"] - (left + 156 * MM)) < 1.0


def test_margins_and_page_numbers(gongwen):
    with pdfplumber.open(gongwen / "article.pdf") as pdf:
        for page in pdf.pages[:4]:
            footer = sorted((c for c in page.chars if c["top"] > page.height - 35 * MM),
                            key=lambda c: c["x0"])
            text = "".join(c["text"] for c in footer)
            assert text.replace(" ", "") == f"—{page.page_number}—"
            assert all(abs(c["size"] - 14) < 0.1 for c in footer)
            block_bottom = page.height - 35 * MM
            assert 5 * MM < footer[0]["top"] - block_bottom < 12 * MM   # ~7 mm below the block
            if page.page_number % 2:   # odd: right, one character (14 pt) in from the block edge
                assert abs(footer[-1]["x1"] - (page.width - 26 * MM - 14)) < 2
            else:
                assert abs(footer[0]["x0"] - (26 * MM + 14)) < 2
        lines = _lines(pdf.pages[1])
        assert abs(lines[0][0]["top"] - 37 * MM) < 8   # the text block starts 37 mm down


def test_body_is_fangsong_and_title_22pt(gongwen):
    with pdfplumber.open(gongwen / "article.pdf") as pdf:
        body = [c for c in pdf.pages[1].chars if abs(c["size"] - 16) < 0.2]
        title = [c for c in pdf.pages[0].chars if abs(c["size"] - 22) < 0.2]
    families = pdf_font_families(gongwen / "article.pdf")
    assert any(families[c["fontname"]].startswith("FandolFang") for c in body)
    assert "".join(c["text"] for c in title).startswith("中共衡阳市委")


def test_docx_grid_footers_and_office_fonts(gongwen):
    document = open_docx(gongwen / "article.docx")
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"   # 15.75 pt per hanzi: 28 to the 156 mm line
    assert grid.get(qn("w:linePitch")) == "579"
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        assert "PAGE" in footer._element.xml
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    def east_asia(style):
        return document.styles[style].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert east_asia("Normal") == "仿宋_GB2312"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "楷体_GB2312"
    assert east_asia("Title") == "方正小标宋简体"
    assert document.styles["Normal"].font.size.pt == 16
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(gongwen / "article.docx") as docx_zip:
        table = etree.fromstring(docx_zip.read("word/fontTable.xml"))
    fonts = {f.get(f"{w}name"): f for f in table}
    # Windows 10+ has 仿宋 but not 仿宋_GB2312: the substitute and GB2312 charset are declared
    fang = fonts["仿宋_GB2312"]
    assert fang.find(f"{w}altName").get(f"{w}val") == "仿宋"
    assert fang.find(f"{w}charset").get(f"{w}val") == "86"
    assert "ＭＳ 明朝" not in fonts   # the template's Japanese entries are gone
