"""The special formats of GB/T 9704-2012 clause 10, joint issuance and the 上行文's 签发人,
measured on the PDF page (mm from the paper's edges; tolerances as in test_gongwen_document)."""
from __future__ import annotations

import pytest
from conftest import ROOT, run_docpipe
from gongwen_measure import PX, check_joint_seals, find, raster, red_mask_rows, rules, text_lines

#: laid out by WeasyPrint: CI runs these with the lowest WeasyPrint too (make test-lowest-weasyprint)
pytestmark = pytest.mark.pdf

CASES = ROOT / "tests" / "cases" / "gongwen"
P = 225 / 22
CHAR = 16 * 25.4 / 72
LEFT, RIGHT, TOP = 28.0, 184.0, 37.0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    names = ["joint", "report", "letter", "order", "minutes", "full-page", "joint-sealed",
             "long-recipients"]
    result = run_docpipe("build", *(str(CASES / f"{n}.md") for n in names), "--style", "gongwen",
                         "-f", "pdf", "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    return {n: (out / f"{n}.pdf", text_lines(out / f"{n}.pdf")) for n in names}, out


def ink_top(pdf, out) -> float:
    return min(red_mask_rows(raster(pdf, 1, out))) * PX


def test_letter_format(built):
    (pdf, pages), out = built[0]["letter"], built[1]
    first = pages[0]
    mark = find(first, "国务院办公厅")
    assert mark.red and mark.text == "国务院办公厅"              # no 文件 in a letter's 标志
    assert abs(ink_top(pdf, out) - 30) < 1.0                     # 10.1: 30 mm from the paper's top
    red = rules(raster(pdf, 1, out), red=True, min_mm=160)
    assert len(red) >= 2
    for top, bottom, left, right in red:
        assert abs(left - 21) < 0.5 and abs(right - 191) < 0.5   # 170 mm, centred on the area
    assert abs(red[-1][1] - (297 - 20)) < 0.5                    # 20 mm above the paper's foot
    assert 2 < red[0][0] - mark.baseline < 6                     # 4 mm under the 标志
    copy, number = find(first, "000003"), find(first, "国办函〔2024〕21号")
    assert abs(copy.left - LEFT) < 0.3 and abs(number.right - RIGHT) < 0.5
    assert abs(copy.baseline - number.baseline) < 0.3            # the same line
    assert not any(line.text.startswith("—") for line in first)  # page 1 has no number
    last = pages[-1]
    assert find(last, "抄送：某某委员会。")
    assert not rules(raster(pdf, len(pages), out))               # 版记 without rules


def test_order_format(built):
    (pdf, pages), out = built[0]["order"], built[1]
    first = pages[0]
    mark = find(first, "中华人民共和国国务院令")
    assert mark.red and abs(mark.centre - 106) < 0.5
    assert abs(ink_top(pdf, out) - (TOP + 20)) < 1.0             # 10.2: 20 mm under the area's top
    number = find(first, "第777号")
    assert abs(number.centre - 106) < 0.5
    assert 2 * P < number.baseline - mark.baseline < 4 * P       # 空二行
    date = find(first, "2024年4月1日")
    assert abs(date.right - (RIGHT - 4 * CHAR)) < 0.5            # 7.3.5.3: 右空四字
    title = find(first, "总理")
    assert abs(title.right - (RIGHT - 4 * CHAR)) < 0.5
    assert not rules(raster(pdf, 1, out), red=True)              # no red line in an order


def test_minutes_format(built):
    (pdf, pages), out = built[0]["minutes"], built[1]
    first = pages[0]
    mark = find(first, "国务院常务会议纪要")
    assert mark.red
    assert abs(ink_top(pdf, out) - (TOP + 35)) < 1.0             # 10.3: 35 mm
    present = find(first, "出席：")
    assert abs(present.left - (LEFT + 2 * CHAR)) < 0.5           # 左空二字
    assert present.fonts == {"docpipe-heading", "docpipe-body"}  # 黑体 label, 仿宋 names
    leave, sitting = find(first, "请假："), find(first, "列席：")
    assert abs(leave.baseline - present.baseline - P) < 0.3
    assert abs(sitting.baseline - leave.baseline - P) < 0.3
    text = find(first, "会议指出")
    assert 1.5 * P < present.baseline - text.baseline < 2.5 * P  # 空一行 under the text
    assert len(pages) % 2 == 0 and find(pages[-1], "2024年2月2日印发")


def test_joint_issuance_stacks_the_names_with_wenjian_beside_them(built):
    (pdf, pages), out = built[0]["joint"], built[1]
    first = pages[0]
    top, middle, bottom = (find(first, n) for n in ("教", "财政部文件", "人力资源社会保障部"))
    assert top.red and middle.red and bottom.red and middle.size == bottom.size > 30
    assert top.baseline < middle.baseline < bottom.baseline
    assert abs(top.left - bottom.left) < 0.5 and abs(top.right - bottom.right) < 0.5
    assert abs(middle.left - bottom.left) < 0.5     # 文件 beside the middle name: 上下居中
    assert middle.right > bottom.right + 2 * 25.4 / 72 * middle.size * 0.9
    assert abs((bottom.left + middle.right) / 2 - 106) < 0.5     # the whole 标志 centred
    assert abs(ink_top(pdf, out) - (TOP + 35)) < 1.0
    # unsealed (7.3.5.2): the 署名 右空二字, stacked, the date 2 字 right of the 署名's start
    last = pages[-1]
    signatures = [find(last, n) for n in ("教育部", "财政部")]
    longest = [line for line in last if line.text == "人力资源社会保障部"][0]
    date = find(last, "2024年3月8日")
    assert abs(longest.right - (RIGHT - 2 * CHAR)) < 0.5 or abs(longest.right - (182 - 2 * CHAR)) < 0.5
    assert abs(date.left - (longest.left + 2 * CHAR)) < 0.5
    assert all(abs(s.left - longest.left) < 0.5 for s in signatures)


def test_report_puts_the_signers_beside_the_document_number(built):
    (pdf, pages), out = built[0]["report"], built[1]
    first = pages[0]
    number = find(first, "某政〔2024〕12号")
    assert abs(number.left - (LEFT + CHAR)) < 0.3                # 上行文: 左空一字
    signer_lines = [line for line in first if "张三" in line.text or line.text.strip() == "王五"
                    or line.text.endswith("王五")]
    assert len(signer_lines) == 2
    assert signer_lines[0].text.replace(" ", "") == "签发人：张三李四"
    assert "docpipe-emphasis" in signer_lines[0].fonts           # names in 楷体
    last_line = signer_lines[-1]
    assert abs(last_line.baseline - number.baseline) < 0.3       # on the last 签发人's line
    assert abs(find(first, "李四").right - (RIGHT - CHAR)) < 0.5 # 右空一字
    # a second line of names starts under the first name (7.2.6)
    assert abs((last_line.right - 2 * CHAR) - (signer_lines[0].left + 4 * CHAR)) < 0.5
    red = rules(raster(pdf, 1, out), red=True)
    assert len(red) == 1 and abs(red[0][0] - (number.baseline + 0.12 * CHAR) - 4) < 0.5


def test_a_blank_page_before_the_imprint_and_neither_numbered(built):
    """The text ends low on page 2: the 版记 cannot follow it there, page 3 is left blank and
    the 版记 goes to the bottom of page 4; neither carries a page number (7.5)."""
    (pdf, pages), out = built[0]["full-page"], built[1]
    assert len(pages) == 4
    numbers = [[line.text for line in page if line.text.startswith("—")] for page in pages]
    assert numbers[:2] == [["—1—"], ["—2—"]] and numbers[2:] == [[], []]
    assert pages[2] == []                                        # blank
    assert find(pages[3], "抄送：市委办公室。")
    assert abs(rules(raster(pdf, 4, out))[-1][1] - 262) < 0.3


def test_joint_issuance_with_a_seal_on_each_name(built):
    pdf, pages = built[0]["joint-sealed"]
    index = next(i for i, page in enumerate(pages) if any("2024年3月18日" in l.text for l in page))
    right = 184.0 if index % 2 == 0 else 182.0
    check_joint_seals(pdf, pages, ["教育部", "财政部", "人力资源社会保障部", "国家卫生健康委"],
                      "2024年3月18日", right=right)
    date = find(pages[index], "2024年3月18日")
    assert abs(date.right - (right - 4 * CHAR)) < 0.5                      # 右空四字


def check_recipients_moved(pdf, pages, out, bottom=262.0):
    """7.3.2/7.4.2: page 1 keeps a line of text; the 主送 reads "主送：…。" above the 抄送 in the
    版记, no rule between them; thick, 主送 and 抄送, thin, 印发, thick."""
    first = pages[0]
    title = find(first, "关于进一步做好某某工作的通知")
    text = find(first, "为进一步做好某某工作")
    assert not any("各省、自治区" in line.text for line in first)
    assert 1.5 * P < text.baseline - title.baseline < 2.5 * P           # 空一行 under the title
    last = pages[-1]
    to, cc = find(last, "主送：各省"), find(last, "抄送：")
    found = rules(raster(pdf, len(pages), out))
    assert len(found) == 3 and abs(found[-1][1] - bottom) < 0.5
    assert found[0][1] < to.baseline < cc.baseline < found[1][0]         # one block, no rule
    assert abs(to.left - cc.left) < 0.3


def test_a_long_recipient_list_moves_into_the_imprint(built):
    (pdf, pages), out = built[0]["long-recipients"], built[1]
    check_recipients_moved(pdf, pages, out)
