"""A complete 公文 (docs/examples/notice.md) measured on the PDF page against GB/T 9704-2012.

Positions are mm from the paper's top and left edges; the type area is 28-184 mm across (odd
pages; 26-182 on even ones) and 37-262 mm down. Tolerances are stated where they are used:
0.5 mm for what the layout computes exactly, 1 mm (the standard's own 6.1 tolerance for the
type area) for ink measured on a 200 dpi raster.
"""
from __future__ import annotations

import pytest
from conftest import ROOT, run_docpipe
from gongwen_measure import find, raster, red_mask_rows, rules, text_lines, PX

NOTICE = ROOT / "docs" / "examples" / "notice.md"
P = 225 / 22            # one 行 of the grid, mm
CHAR = 16 * 25.4 / 72   # one 字 of 三号, mm
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    out = tmp_path_factory.mktemp("notice")
    result = run_docpipe("build", str(NOTICE), "--style", "gongwen", "-f", "pdf", "-o", str(out),
                         "--force")
    assert result.returncode == 0, result.stderr
    return out / "notice.pdf", text_lines(out / "notice.pdf"), out


def test_copy_number_classification_and_urgency_stack_at_the_top_left(notice):
    _, pages, _ = notice
    first = pages[0]
    for number, text in enumerate(("000012", "机密★1年", "特急")):
        line = find(first, text)
        assert line.text == text
        assert abs(line.left - LEFT) < 0.5                       # flush left
        assert TOP + number * P < line.baseline < TOP + (number + 1) * P   # line 1, 2, 3
    assert all("heading" in f for f in find(first, "特急").fonts)     # 3号黑体 (7.2.2-3)
    assert all("heading" in f for f in find(first, "机密").fonts)


def test_issuer_mark_is_red_centred_with_its_top_35_mm_under_the_type_area(notice):
    pdf, pages, out = notice
    mark = find(pages[0], "国务院办公厅文件")
    assert mark.red and mark.size > 30
    assert abs(mark.centre - 106) < 0.5           # centred on the type area (28 + 156 / 2 = 106)
    rows = red_mask_rows(raster(pdf, 1, out))
    ink_top = min(rows) * PX
    assert abs(ink_top - (TOP + 35)) < 1.0        # 7.2.4: 上边缘至版心上边缘 35 mm


def test_document_number_then_the_red_line_4_mm_under_it(notice):
    pdf, pages, out = notice
    number = find(pages[0], "国办发〔2019〕3号")
    assert abs(number.centre - 106) < 0.5                       # centred (7.2.5)
    mark = find(pages[0], "国务院办公厅文件")
    assert 2 * P < number.baseline - mark.baseline < 4 * P      # 空二行 under the 标志
    red = rules(raster(pdf, 1, out), red=True)
    assert len(red) == 1
    top, bottom, left, right = red[0]
    assert abs(left - LEFT) < 0.5 and abs(right - RIGHT) < 0.5  # as wide as the type area
    assert 0.3 < bottom - top < 0.8                             # 0.5 mm (theme)
    em_bottom = number.baseline + 0.12 * CHAR
    assert abs(top - em_bottom - 4) < 0.5                       # 7.2.7: 4 mm under the 发文字号


def test_title_recipients_and_text(notice):
    pdf, pages, out = notice
    red_top = rules(raster(pdf, 1, out), red=True)[0][1]
    lines = [line for line in pages[0] if line.size == 22]
    assert [line.text for line in lines] == ["国务院办公厅关于印发", "政务数据共享管理办法的通知"]
    for line in lines:
        assert abs(line.centre - 106) < 0.5
    em_top = lines[0].baseline - 0.88 * 22 * 25.4 / 72
    assert abs(em_top - red_top - 2 * P) < 2                    # 空二行 under the red line
    recipients = find(pages[0], "各省、自治区")
    assert abs(recipients.left - LEFT) < 0.3                    # flush left (7.3.2)
    assert 1.5 * P < recipients.baseline - lines[-1].baseline < 2.5 * P   # 空一行 under the title
    assert find(pages[0], "构：").text == "构："
    text = find(pages[0], "《政务数据共享管理办法》已经")
    assert abs(text.left - (LEFT + 2 * (CHAR - 0.25 * 25.4 / 72))) < 0.3   # 左空二字
    assert abs(text.baseline - find(pages[0], "构：").baseline - P) < 0.3  # the next line


def test_heading_levels_in_hei_kai_fang_indented_two_characters(notice):
    _, pages, _ = notice
    lines = [line for page in pages for line in page]
    first = find(lines, "一、总体要求")
    assert all("heading" in f for f in first.fonts)
    assert abs(first.left - (LEFT + 2 * CHAR)) < 0.5
    second = find(lines, "（一）明确职责分工")
    assert all("emphasis" in f for f in second.fonts)
    run_in = find(lines, "（二）完善标准规范。")
    assert {"docpipe-emphasis", "docpipe-body"} <= run_in.fonts     # run-in head in 楷体
    assert all("body" in f for f in find(lines, "1.编制共享目录").fonts)


def test_attachment_list_hangs_numbers_aligned(notice):
    _, pages, _ = notice
    index = next(i for i, page in enumerate(pages) if any("附件：" in l.text for l in page))
    lines = pages[index]
    first, second = find(lines, "附件："), find(lines, "2.政务数据共享目录编制指南")
    assert first.text.startswith("附件：1.政务数据共享管理办法")
    assert abs(first.left - ((LEFT if index % 2 == 0 else 26) + 2 * CHAR)) < 0.5   # 左空二字
    one_x = first.left + 3 * CHAR
    assert abs(second.left - one_x) < 0.5                       # "2." under "1."


def test_signature_date_and_seal(notice):
    pdf, pages, _ = notice
    import pdfplumber

    page_index = next(i for i, page in enumerate(pages) if any("2019年2月20日" in l.text for l in page))
    lines = pages[page_index]
    right = RIGHT if page_index % 2 == 0 else RIGHT - 2
    date = find(lines, "2019年2月20日")
    signature = [line for line in lines if line.text == "国务院办公厅"][0]
    assert abs(date.right - (right - 4 * CHAR)) < 0.5           # 右空四字 (7.3.5.1)
    assert abs(signature.centre - date.centre) < 0.5            # 署名 centred on the date
    assert abs(date.baseline - signature.baseline - P) < 0.3    # on the line above
    with pdfplumber.open(pdf) as document:
        page = document.pages[page_index]
        (seal,) = page.images
        mm = 72 / 25.4
        x0, x1, top, bottom = seal["x0"] / mm, seal["x1"] / mm, seal["top"] / mm, seal["bottom"] / mm
    assert abs((x0 + x1) / 2 - date.centre) < 0.5               # centred on the date
    assert abs(x1 - x0 - 42) < 0.5                              # theme seal_size
    above = max(l.baseline for l in lines if l.baseline < signature.baseline - 1)
    assert top - above < P                                      # 上距正文一行之内
    text_centre = (signature.baseline + date.baseline) / 2 - 0.38 * CHAR
    assert 0 < text_centre - (top + bottom) / 2 < 0.5 * P       # 居印章中心偏下
    note = find(lines, "（此件公开发布）")
    assert abs(note.baseline - date.baseline - P) < 0.3         # 附注 on the next line
    assert abs(note.left - ((LEFT if page_index % 2 == 0 else 26) + 2 * CHAR)) < 0.5


def test_attachments_start_pages_with_label_in_hei(notice):
    _, pages, _ = notice
    for number, title in ((1, "政务数据共享管理办法"), (2, "政务数据共享目录编制指南")):
        index = next(i for i, page in enumerate(pages) if page and page[0].text == f"附件{number}")
        label, heading = pages[index][0], pages[index][1]
        assert all("heading" in f for f in label.fonts)
        left = LEFT if index % 2 == 0 else 26
        assert abs(label.left - left) < 0.3 and TOP < label.baseline < TOP + P
        assert heading.text == title and heading.size == 22
        assert 2 * P - 0.5 < heading.baseline - label.baseline < 2 * P + 3   # on line 3
    assert abs(heading.centre - (left + 78)) < 0.5


def test_imprint_at_the_bottom_of_the_last_page_which_is_even(notice):
    pdf, pages, out = notice
    assert len(pages) % 2 == 0
    last = pages[-1]
    cc = find(last, "抄送：")
    printed = find(last, "国务院办公厅秘书局")
    date = find(last, "2019年2月21日印发")
    assert cc.size == 14 and printed.size == 14                 # 4号 (7.4.2-3)
    assert abs(cc.left - (26 + 14 * 25.4 / 72)) < 0.3           # 左空一字
    assert abs(printed.left - (26 + 14 * 25.4 / 72)) < 0.3
    assert abs(date.right - (182 - 14 * 25.4 / 72)) < 0.3       # 右空一字
    found = rules(raster(pdf, len(pages), out))
    assert len(found) == 3
    (t1, b1, l1, r1), (t2, b2, _, _), (t3, b3, _, _) = found
    assert abs(l1 - 26) < 0.5 and abs(r1 - 182) < 0.5           # the type area's width
    assert abs(b3 - BOTTOM) < 0.3                               # last rule on the bottom edge
    assert t1 < cc.baseline < t2 < printed.baseline < t3        # thick, 抄送, thin, 印发, thick
    thick, thin = b1 - t1, b2 - t2
    assert thick > thin                                         # 0.35 and 0.25 mm
    assert abs(thick - 0.35) < 2 * PX and abs(thin - 0.25) < 2 * PX
