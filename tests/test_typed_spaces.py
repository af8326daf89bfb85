"""What the author typed is kept: a typed space between Han and Latin stays one space, the
automatic ¼-em gap goes only where none was typed, `[text] autospace = false` turns it off,
and code is never touched."""
from __future__ import annotations

import re
import shutil
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
