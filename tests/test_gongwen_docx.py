"""The 公文 DOCX: Word's own means for every part (read back from the XML), and LibreOffice's
rendering of it measured against GB/T 9704-2012 (mm from the paper's edges; the DOCX has no
mirrored margins, so the type area is 28-184 mm across on every page)."""
from __future__ import annotations

import shutil
import subprocess
import zipfile

import pdfplumber
import pytest
from conftest import ROOT, run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn
from gongwen_measure import PX, check_joint_seals, find, raster, red_mask_rows, rules, text_lines
from lxml import etree

NOTICE = ROOT / "docs" / "examples" / "notice.md"
CASES = ROOT / "tests" / "cases" / "gongwen"
P = 225 / 22
CHAR = 16 * 25.4 / 72
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """notice.docx and report.docx, and LibreOffice's PDF of each."""
    out = tmp_path_factory.mktemp("gongwen-docx")
    names = ("notice", "report", "letter", "full-page", "joint-sealed", "long-recipients")
    result = run_docpipe("build", str(NOTICE), *(str(CASES / f"{n}.md") for n in names[1:]),
                         "--style", "gongwen", "-f", "docx", "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/setup.sh"
    # blank pages a section break inserts are printed, so they are exported too
    export = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out}/profile",
                          "--convert-to", export, "--outdir", str(out / "lo"),
                          *(str(out / f"{n}.docx") for n in names)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    return out


def body_xml(path):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_the_parts_are_words_own(office):
    root = body_xml(office / "notice.docx")
    paragraphs = list(root.iter(f"{W}p"))
    texts = [paragraph_text(p) for p in paragraphs]
    mark = paragraphs[texts.index("国务院办公厅文件")]
    run = mark.find(f"{W}r/{W}rPr")
    assert run.find(f"{W}color").get(f"{W}val") == "FF0000"
    assert run.find(f"{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    number = texts.index("国办发〔2019〕3号")
    rule = paragraphs[number + 1].find(f"{W}pPr/{W}pBdr/{W}top")   # the red line: a border
    assert rule.get(f"{W}color") == "FF0000" and int(rule.get(f"{W}sz")) >= 8
    anchors = list(root.iter(f"{WP}anchor"))
    seal = [a for a in anchors if a.find(".//{http://schemas.openxmlformats.org/drawingml/"
                                             "2006/picture}pic") is not None]
    assert len(seal) == 1 and seal[0].get("behindDoc") == "1"      # behind the text
    imprint = [a for a in anchors if a.find(f"{WP}docPr").get("name") == "版记"]
    assert len(imprint) == 1
    assert imprint[0].find(f"{WP}positionV").get("relativeFrom") == "page"
    box = [paragraph_text(p) for p in imprint[0].iter(f"{W}p")]
    assert box[1].startswith("抄送：") and box[3] == "国务院办公厅秘书局2019年2月21日印发"
    assert len(imprint[0].findall(f".//{W}r/{W}tab")) == 1   # 印发日期 at a right tab stop
    sizes = [p.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}sz")
             for p in imprint[0].iter(f"{W}p") if not paragraph_text(p)]
    assert sizes == ["8", "6", "8"]                                 # thick, thin, thick
    label = paragraphs[texts.index("附件1")]
    assert label.find(f"{W}pPr/{W}pageBreakBefore") is not None    # 另面编排
    assert "PAGE" in open_docx(office / "notice.docx").sections[0].footer._element.xml


def test_styles_keep_the_heading_indent_and_the_heavy_title(office):
    document = open_docx(office / "notice.docx")
    for level in (1, 2):
        ind = document.styles[f"Heading {level}"].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"
    fc = subprocess.run(["fc-match", "-f", "%{style}", "方正小标宋简体"], capture_output=True,
                        text=True, check=True).stdout
    assert "Bold" in fc or "Black" in fc or "Heavy" in fc, fc
    with pdfplumber.open(office / "lo" / "notice.pdf") as pdf:
        title = [c["fontname"] for c in pdf.pages[0].chars if round(c["size"]) == 22]
    assert title and all("Bold" in f or "Black" in f or "Heavy" in f for f in title), title
    with pdfplumber.open(office / "lo" / "notice.pdf") as pdf:
        heading = next(c for c in pdf.pages[0].chars if c["text"] == "一")
    assert abs(heading["x0"] * 25.4 / 72 - (LEFT + 2 * CHAR)) < 0.5


def test_libreoffice_sets_the_head_where_the_standard_does(office):
    pdf = office / "lo" / "notice.pdf"
    first = text_lines(pdf)[0]
    for number, text in enumerate(("000012", "机密★1年", "特急")):
        line = find(first, text)
        assert abs(line.left - LEFT) < 0.5 and TOP + number * P < line.baseline < TOP + (number + 1) * P
    mark = find(first, "国务院办公厅文件")
    assert mark.red and abs(mark.centre - 106) < 0.5
    image = raster(pdf, 1, office)
    assert abs(min(red_mask_rows(image)) * PX - (TOP + 35)) < 1.0    # 7.2.4
    number = find(first, "国办发〔2019〕3号")
    assert abs(number.centre - 106) < 0.5
    (top, bottom, left, right), = rules(image, red=True)
    assert abs(left - LEFT) < 0.5 and abs(right - RIGHT) < 0.5 and 0.3 < bottom - top < 0.8
    assert abs(top - (number.baseline + 0.12 * CHAR) - 4) < 0.5      # 7.2.7
    titles = [line for line in first if line.size == 22]
    assert [t.text for t in titles] == ["国务院办公厅关于印发", "政务数据共享管理办法的通知"]
    assert all(abs(t.centre - 106) < 0.5 for t in titles)
    assert abs(titles[0].baseline - 0.88 * 22 * 25.4 / 72 - bottom - 2 * P) < 2
    assert abs(find(first, "各省、自治区").left - LEFT) < 0.3


def test_libreoffice_signature_seal_and_imprint(office):
    pdf = office / "lo" / "notice.pdf"
    pages = text_lines(pdf)
    index = next(i for i, page in enumerate(pages) if any("2019年2月20日" in l.text for l in page))
    lines = pages[index]
    date = find(lines, "2019年2月20日")
    signature = [line for line in lines if line.text == "国务院办公厅"][0]
    assert abs(date.right - (RIGHT - 4 * CHAR)) < 0.5                # 右空四字
    # LibreOffice puts its Han–digit gap into the date (Word does not: autoSpaceDN is off), so
    # the date is ~4.6 mm wider than the 6.5 字 the 署名 is centred on
    assert abs(signature.centre - (RIGHT - 4 * CHAR - 6.5 * CHAR / 2)) < 0.5
    assert abs(date.baseline - signature.baseline - P) < 0.3
    with pdfplumber.open(pdf) as document:
        (seal,) = document.pages[index].images
        mm = 72 / 25.4
        x0, x1, top = seal["x0"] / mm, seal["x1"] / mm, seal["top"] / mm
    assert abs((x0 + x1) / 2 - signature.centre) < 0.5 and abs(x1 - x0 - 42) < 0.5
    above = max(l.baseline for l in lines if l.baseline < signature.baseline - 1)
    assert top - above < P                                          # 一行之内
    assert len(pages) % 2 == 0                                      # the 版记 on an even page
    last = pages[-1]
    assert find(last, "抄送：").size == 14
    found = rules(raster(pdf, len(pages), office))
    assert len(found) == 3
    assert abs(found[-1][1] - BOTTOM) < 0.5                         # on the area's bottom edge
    assert all(abs(l - LEFT) < 0.5 and abs(r - RIGHT) < 0.5 for _, _, l, r in found)
    assert found[0][1] - found[0][0] > found[1][1] - found[1][0]     # thick over thin
    assert found[0][0] < find(last, "抄送：").baseline < found[1][0] < \
        find(last, "2019年2月21日印发").baseline < found[2][0]


def test_report_signers_in_a_table_and_the_letter_in_libreoffice(office):
    root = body_xml(office / "report.docx")
    table = root.find(f"{W}body/{W}tbl")
    cells = table.findall(f"{W}tr/{W}tc")
    assert paragraph_text(cells[0]) == "某政〔2024〕12号"
    assert paragraph_text(cells[1]).startswith("签发人：张三　李四")
    fonts = {r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for r in cells[1].iter(f"{W}r")}
    assert "楷体_GB2312" in fonts
    first = text_lines(office / "lo" / "report.pdf")[0]
    number = find(first, "某政〔2024〕12号")
    assert abs(number.left - (LEFT + CHAR)) < 0.5
    assert abs(find(first, "签发人").right - (RIGHT - CHAR)) < 0.5
    letter = office / "lo" / "letter.pdf"
    image = raster(letter, 1, office)
    assert abs(min(red_mask_rows(image)) * PX - 30) < 1.0           # 10.1: 30 mm
    red = rules(image, red=True, min_mm=160)
    assert abs(red[-1][1] - 277) < 0.5                              # 20 mm above the foot
    assert all(abs(l - 21) < 0.7 and abs(r - 191) < 0.7 for _, _, l, r in red)
    assert not any(line.text.startswith("—") for line in text_lines(letter)[0])
    last = text_lines(letter)[-1]
    assert find(last, "抄送：某某委员会。")                          # 10.1: 版记 without rules
    assert not rules(raster(letter, len(text_lines(letter)), office))


def test_libreoffice_puts_the_imprint_after_a_blank_page_unnumbered(office):
    root = body_xml(office / "full-page.docx")
    kinds = [t.get(f"{W}val") for t in root.iter(f"{W}type")]
    assert kinds == ["evenPage"]                                    # Word's own break
    pages = text_lines(office / "lo" / "full-page.pdf")
    assert len(pages) == 4 and pages[2] == []
    numbers = [[line.text for line in page if line.text.startswith("—")] for page in pages]
    assert numbers == [["—1—"], ["—2—"], [], []]
    assert find(pages[3], "抄送：市委办公室。")
    assert abs(rules(raster(office / "lo" / "full-page.pdf", 4, office))[-1][1] - BOTTOM) < 0.5


def test_libreoffice_joint_seals(office):
    pdf = office / "lo" / "joint-sealed.pdf"
    check_joint_seals(pdf, text_lines(pdf), ["教育部", "财政部", "人力资源社会保障部", "国家卫生健康委"],
                      "2024年3月18日")
    anchors = list(body_xml(office / "joint-sealed.docx").iter(f"{WP}anchor"))
    assert sum(a.get("behindDoc") == "1" for a in anchors) == 4


def test_libreoffice_long_recipient_list_in_the_imprint(office):
    from test_gongwen_formats import check_recipients_moved

    pdf = office / "lo" / "long-recipients.pdf"
    check_recipients_moved(pdf, text_lines(pdf), office)
