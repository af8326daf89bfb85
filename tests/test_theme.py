"""One style source: a value changed in theme.toml changes the PDF, the DOCX and the EPUB."""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import pdfplumber
import pytest
from conftest import ARTICLE, ROOT, pdf_font_families, run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn


@pytest.fixture(scope="module")
def restyled(tmp_path_factory):
    """The article built with a copy of the default style: body 14 pt in LXGW WenKai / 楷体."""
    project = tmp_path_factory.mktemp("project")
    (project / "source").mkdir()
    shutil.copy(ARTICLE, project / "source" / "article.md")
    shutil.copytree(ROOT / "styles" / "default", project / "styles" / "big")
    theme = project / "styles" / "big" / "theme.toml"
    text = theme.read_text(encoding="utf-8")
    text = text.replace("size = 12                   # 小四", "size = 14")
    text = re.sub(r'(\[fonts\.body\]\nfamilies = )\[[^\]]*\]\nword = "宋体"',
                  r'\1["LXGW WenKai", "serif"]\nword = "楷体"', text)
    assert "size = 14" in text and '"LXGW WenKai", "serif"]\nword = "楷体"' in text
    theme.write_text(text, encoding="utf-8")
    result = run_docpipe("build", "--style", "big", cwd=project,
                         env={"SOURCE_DATE_EPOCH": "1606780800"})
    assert result.returncode == 0, result.stderr
    return project / "dist"


def test_pdf_body_follows_the_theme(restyled):
    families = pdf_font_families(restyled / "article.pdf")
    with pdfplumber.open(restyled / "article.pdf") as pdf:
        chars = [c for c in pdf.pages[1].chars  # body text: headings and run-in heads are bold
                 if c["text"] == "的" and "Bold" not in c["fontname"]]
    assert chars and all(abs(c["size"] - 14) < 0.01 for c in chars)
    assert all(families[c["fontname"]] == "LXGW WenKai" for c in chars)


def test_docx_normal_style_follows_the_theme(restyled):
    document = open_docx(restyled / "article.docx")
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "楷体"


def test_epub_css_and_embedded_font_follow_the_theme(restyled):
    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(restyled / "article.epub") as epub:
        css = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
        assert re.search(r"body \{[^}]*font-size: 14(\.0)?pt", css)
        fonts = [n for n in epub.namelist() if re.search(r"\.(woff2?|otf|ttf)$", n)]
        families = {TTFont(io.BytesIO(epub.read(n)))["name"].getDebugName(1) for n in fonts}
    assert any("WenKai" in (family or "") for family in families), families
