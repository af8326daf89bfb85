"""What the author typed is kept: a typed space between Han and Latin stays one space, the
automatic ¼-em gap goes only where none was typed, `[text] autospace = false` turns it off,
and code is never touched."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pdfplumber
import pytest
from conftest import ROOT, run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
#: the copywriting guide's kind of example: wrong (none, one side) and right (both)
SOURCE = """# 空格

甲在LeanCloud上开发

乙在 LeanCloud上开发

丙在 LeanCloud 上开发

丁用`x中`写代码

```
print("你好world")
```
"""


def _build(folder, autospace: bool):
    shutil.copytree(ROOT / "styles" / "default", folder / "styles" / "plain")
    theme = folder / "styles" / "plain" / "theme.toml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(re.sub(r"(?m)^autospace = true", f"autospace = {str(autospace).lower()}",
                            text).replace('name = "default"', 'name = "plain"'),
                     encoding="utf-8")
    (folder / "spaces.md").write_text(SOURCE, encoding="utf-8")
    result = run_docpipe("build", "spaces.md", "--style", "plain", "-o", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture(scope="module", params=[True, False], ids=["autospace", "typed-only"])
def built(request, tmp_path_factory):
    return request.param, _build(tmp_path_factory.mktemp("spaces"), request.param)


def _gaps(line_chars) -> str:
    """The line with each visible gap between characters written as |, spaces as _."""
    chars = sorted(line_chars, key=lambda c: c["x0"])
    out = []
    for a, b in zip(chars, chars[1:]):
        out.append("_" if a["text"] == " " else a["text"])
        if b["x0"] - a["x1"] > 1.0 and a["text"] != " " and b["text"] != " ":
            out.append("|")
    out.append(chars[-1]["text"])
    return "".join(out)


def test_pdf_gap_only_where_no_space_was_typed(built):
    autospace, out = built
    with pdfplumber.open(out / "spaces.pdf") as pdf:
        lines: dict[int, list] = {}
        for char in pdf.pages[0].chars:
            lines.setdefault(round(char["top"]), []).append(char)
    shown = {line[0]: line for line in (_gaps(chars) for chars in lines.values())}
    if autospace:
        assert shown["甲"] == "甲在|LeanCloud|上开发"
        assert shown["乙"] == "乙在_LeanCloud|上开发"      # the typed side stays one space
    else:
        assert shown["甲"] == "甲在LeanCloud上开发"
        assert shown["乙"] == "乙在_LeanCloud上开发"       # wrong stays visibly wrong
    assert shown["丙"] == "丙在_LeanCloud_上开发"


def test_epub_text_is_what_was_typed(built):
    autospace, out = built
    with zipfile.ZipFile(out / "spaces.epub") as epub:
        tree = etree.fromstring(epub.read("EPUB/content.xhtml"))
    paragraphs = {p.xpath("string()")[0]: p for p in tree.iterfind(".//x:p", XHTML)
                  if p.xpath("string()")}
    for key, typed in (("甲", "甲在LeanCloud上开发"), ("乙", "乙在 LeanCloud上开发"),
                       ("丙", "丙在 LeanCloud 上开发")):
        assert paragraphs[key].xpath("string()") == typed    # copied text: as typed
    gaps = {key: len(p.findall(".//x:span[@class='cjk-autospace']", XHTML))
            for key, p in paragraphs.items()}
    assert (gaps["甲"], gaps["乙"], gaps["丙"]) == ((2, 1, 0) if autospace else (0, 0, 0))
    assert tree.find(".//x:code", XHTML).text == "x中"
    assert tree.find(".//x:pre", XHTML).xpath("string()") == 'print("你好world")\n'


def test_docx_autospace_follows_the_theme_and_never_reaches_code(built):
    autospace, out = built
    document = open_docx(out / "spaces.docx")
    normal = document.styles["Normal"].element.pPr
    code = document.styles["Code Block"].element.pPr
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        assert normal.find(qn(tag)).get(qn("w:val")) == ("1" if autospace else "0")
        assert code.find(qn(tag)).get(qn("w:val")) == "0"
    texts = [p.text for p in document.paragraphs]
    assert "乙在 LeanCloud上开发" in texts and "丙在 LeanCloud 上开发" in texts


def test_the_copywriting_guides_wrong_examples_stay_wrong_when_autospace_is_off(tmp_path):
    """sparanoid/chinese-copywriting-guidelines (tests/data/copywriting): its 错误 examples
    must print as typed, or the guide shows the reader nothing."""
    shutil.copytree(ROOT / "styles" / "default", tmp_path / "styles" / "plain")
    theme = tmp_path / "styles" / "plain" / "theme.toml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("autospace = true",
                     "autospace = false").replace('name = "default"', 'name = "plain"'),
                     encoding="utf-8")
    shutil.copy(ROOT / "tests" / "data" / "copywriting" / "README.zh-Hans.md",
                tmp_path / "guide.md")
    result = run_docpipe("build", "guide.md", "--style", "plain", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # pdftotext: pdfplumber reads no text from the quotes' Kai face in this file
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "guide.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for typed in ("在LeanCloud上，数据存储是围绕AVObject进行的。",      # 错误 (no spaces)
                  "在 LeanCloud上，数据存储是围绕AVObject 进行的。",    # 错误 (one side)
                  "在 LeanCloud 上，数据存储是围绕 AVObject 进行的。"):  # 正确
        assert typed in text.splitlines()
    with zipfile.ZipFile(tmp_path / "out" / "guide.epub") as epub:
        xhtml = epub.read("EPUB/content.xhtml").decode()
    assert "cjk-autospace" not in xhtml
