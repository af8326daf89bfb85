"""A table of long words fits the text block in every format (LLaMA-Factory's README: five
columns of :white_check_mark: ran 57 pt off the PDF page): the words break inside their cells,
hyphenated where the language has patterns, and the DOCX table is laid out fixed."""
from __future__ import annotations

import subprocess
import zipfile

import pdfplumber
import pytest
from conftest import run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn

pytestmark = pytest.mark.pdf

ROW = "| {} | :white_check_mark: | :white_check_mark: | :white_check_mark: | :white_check_mark: |"
SOURCES = {
    "zh.md": "# 训练方法\n\n| 方法 | 全参数训练 | 部分参数训练 | LoRA | QLoRA |\n"
             "| --- | --- | --- | --- | --- |\n" + "\n".join(ROW.format(name) for name in (
                 "指令监督微调", "奖励模型训练", "PPO 训练")) + "\n\n| 短 | 表 |\n| --- | --- |\n| 一 | 二 |\n",
    "en.md": "---\nlang: en\n---\n# Wide\n\n| Term | Meaning | Other | More | Still |\n"
             "| --- | --- | --- | --- | --- |\n| internationalization | incomprehensibilities | "
             "characteristically | counterrevolutionary | uncharacteristically |\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wide")
    for name, text in SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
        result = run_docpipe("build", name, "-o", "out", "--force", cwd=folder)
        assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.mark.parametrize("name", ["zh", "en"])
def test_the_pdf_table_stays_inside_the_text_block(built, name):
    section = open_docx(built / f"{name}.docx").sections[0]   # the same theme's text block
    with pdfplumber.open(built / f"{name}.pdf") as pdf:
        page = pdf.pages[0]
        rules = [e for e in page.edges if e["orientation"] == "v"]
        chars = page.chars
        assert rules and max(e["x1"] for e in rules) <= page.width - section.right_margin.pt + 0.5
        assert min(e["x0"] for e in rules) >= section.left_margin.pt - 0.5
        assert max(c["x1"] for c in chars) <= page.width - section.right_margin.pt + 0.5
    text = subprocess.run(["pdftotext", "-layout", str(built / f"{name}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    if name == "en":   # English has hyphenation patterns: the words break at a hyphen
        assert "international‐" in text or "international-" in text
    else:              # no patterns: anywhere, the text unchanged
        assert ":white_check_m" in text and "white_check_mark" not in text.replace("\n", " ")


@pytest.mark.parametrize("name", ["zh", "en"])
def test_a_docx_table_of_long_words_is_fixed_at_the_text_width(built, name):
    document = open_docx(built / f"{name}.docx")
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    layouts = []
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == pytest.approx(text_width, abs=2)
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        layouts.append(None if layout is None else layout.get(qn("w:type")))
    # a table whose words fit keeps the automatic layout
    assert layouts == (["fixed", None] if name == "zh" else ["fixed"])


def test_the_epub_breaks_long_words_in_cells_only(built):
    with zipfile.ZipFile(built / "zh.epub") as epub:
        css = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    cells = css[css.index("th, td {"):]
    assert "overflow-wrap: anywhere" in cells[:cells.index("}")]
    body = css[css.index("body {"):]
    assert "overflow-wrap: anywhere" not in body[:body.index("}")]
