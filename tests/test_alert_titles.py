"""``> [!TIP] 标题``: alerts with a title on the marker line (ddia's chapters, Obsidian, Hugo)
are admonitions with that title in every format, never the typed ``[!TIP]``."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, run_docpipe
from docx import Document as open_docx
from lxml import etree, html

import docpipe

EXTRACT = ROOT / "tests" / "data" / "ddia" / "alerts.md"   # Vonng/ddia, CC BY 4.0
TITLES = ["早期读者注意事项", "术语：前端和后端"]


@pytest.mark.fast
def test_a_titled_alert_is_an_admonition_with_its_title():
    tree = html.fromstring(f"<div>{docpipe.markdown_to_html(EXTRACT.read_text('utf-8'))}</div>")
    boxes = tree.xpath("//div[contains(@class, 'admonition')]")
    assert [box.get("class") for box in boxes] == ["admonition tip"] * 2 + ["admonition note"]
    assert [box.findtext("p[@class='admonition-title']") for box in boxes][:2] == TITLES
    first = boxes[0].xpath("p[not(@class)]")
    assert len(first) == 2 and first[0].text_content().startswith("通过 Early Release")
    assert "[!" not in tree.text_content()
    assert not tree.xpath("//blockquote")


@pytest.mark.fast
@pytest.mark.parametrize("source, kind, title", [
    ("> [!warning]- 可折叠\n> 内容。\n", "warning", "可折叠"),      # Obsidian's fold marker
    ("段落。\n> [!CAUTION] 注意\n", "caution", "注意"),             # interrupts a paragraph
])
def test_titled_alert_forms(source, kind, title):
    tree = html.fromstring(f"<div>{docpipe.markdown_to_html(source)}</div>")
    box = tree.xpath("//div[contains(@class, 'admonition')]")[0]
    assert box.get("class") == f"admonition {kind}"
    assert box.findtext("p[@class='admonition-title']") == title


@pytest.mark.parametrize("source", ["> 引用里的 [!TIP] 不是提示\n", "> [!TIP]标题无空格\n"])
@pytest.mark.fast
def test_not_an_alert_stays_a_quote(source):
    assert "<blockquote>" in docpipe.markdown_to_html(source)


def test_titled_alerts_in_every_format(tmp_path):
    shutil.copy(EXTRACT, tmp_path / "alerts.md")
    result = run_docpipe("build", "alerts.md", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    with pdfplumber.open(out / "alerts.pdf") as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
    docx_text = "\n".join(p.text for p in open_docx(out / "alerts.docx").paragraphs)
    with zipfile.ZipFile(out / "alerts.epub") as epub:
        epub_text = "".join(etree.fromstring(epub.read(n)).xpath("string(//*[local-name()='body'])")
                            for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n)
    for text in (pdf_text, docx_text, epub_text):
        assert "[!" not in text
        for title in TITLES:
            assert title in text.replace("\n", "")
