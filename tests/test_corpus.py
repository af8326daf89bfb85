"""Real documents nobody here wrote: every corpus file through all three formats, text intact
(the PDF of the 119-page rules is read in test_typography)."""
from __future__ import annotations

import re
import zipfile

import pdfplumber
import pytest
from conftest import CORPUS_FILES, PDF_ELSEWHERE, drop_contents, source_text, squash
from docx import Document as open_docx
from lxml import etree

LAWS = [p for p in CORPUS_FILES if p.parent.name == "lawrefbook"]
SYNTAX = [p for p in CORPUS_FILES if p.parent.name == "markdown-syntax"]


def _docx_text(path) -> str:
    """The text, without the contents (a field result listing the headings)."""
    document = open_docx(path)
    parts = [p.text for p in document.paragraphs
             if not p.style.name.lower().startswith("toc")]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return squash("".join(parts))


def _pdf_text(path) -> str:
    """The text of the pages without their page numbers, running heads and contents."""
    with pdfplumber.open(path) as pdf:
        pages = [re.sub(r"—\s*\d+\s*—\s*$", "", (page.extract_text() or "").strip())
                 for page in pdf.pages]
    kept = [drop_contents(page).replace("\n", "") for page in pages]
    return squash("".join(kept))


def _epub_text(path) -> str:
    """The text of the book's content files in reading order (a long book is one file per
    chapter), without the cover and the nav."""
    with zipfile.ZipFile(path) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", ns)}
        names = [hrefs[ref.get("idref")] for ref in opf.iterfind(".//opf:itemref", ns)]
        bodies = [etree.fromstring(epub.read(f"EPUB/{name}")).find(
            "{http://www.w3.org/1999/xhtml}body") for name in names
            if name not in ("cover.xhtml", "nav.xhtml")]
    return squash("".join("".join(body.itertext()) for body in bodies))


@pytest.mark.parametrize("path", LAWS, ids=[p.stem for p in LAWS])
def test_law_text_is_identical_in_every_format(built_corpus, path):
    expected = source_text(path)
    outputs = built_corpus[path.stem]
    assert _docx_text(outputs["docx"]) == expected
    assert _epub_text(outputs["epub"]) == expected
    if path.stem not in PDF_ELSEWHERE:  # else test_typography compares its PDF's text
        assert _pdf_text(outputs["pdf"]) == expected


@pytest.mark.parametrize("path", SYNTAX, ids=[p.stem for p in SYNTAX])
def test_markdown_syntax_pages_render_in_every_format(built_corpus, path):
    outputs = built_corpus[path.stem]
    expected = source_text(path)
    docx_text, epub_text = _docx_text(outputs["docx"]), _epub_text(outputs["epub"])
    assert docx_text == expected   # code blocks, lists and raw HTML blocks all kept
    assert epub_text == expected
    pdf_text = _pdf_text(outputs["pdf"])
    for heading in re.findall(r"^#{1,3} (.+?)\s*#*$", path.read_text(encoding="utf-8"), re.M)[1:]:
        assert squash(heading) in pdf_text


def test_the_corpus_is_there():
    """The corpus lies beside the clone (../shared/corpus); without it the cases above vanish."""
    assert len(LAWS) == 4 and len(SYNTAX) == 2, CORPUS_FILES
