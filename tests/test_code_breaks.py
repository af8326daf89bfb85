"""Inline code never breaks at a hyphen (issue 12, item 6): `find . -iname` is not set as
"find . -" / "iname" at a line end, in the PDF, the EPUB's markup and the DOCX (Word's
non-breaking hyphen); its text reads back unchanged."""
from __future__ import annotations

import zipfile

import pdfplumber
import pytest

from conftest import run_docpipe

#: Chinese of different lengths before each command, so that the code lands at many positions
#: along the line (several of them at its end)
PARAGRAPHS = ["中文" * (3 + 7 * n % 23) + "，使用 `find . -iname '*.md'` 与 `--pdf-variant` 选项"
              "检查所有的文件名。" for n in range(24)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codebreaks")
    (folder / "code.md").write_text("---\ntitle: 断行\n---\n\n" + "\n\n".join(PARAGRAPHS) + "\n",
                                    encoding="utf-8")
    result = run_docpipe("build", str(folder / "code.md"), "-f", "pdf", "-f", "epub", "-o",
                         str(folder / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.mark.pdf
def test_hyphenated_code_stays_on_one_line_in_the_pdf(built):
    with pdfplumber.open(built / "code.pdf") as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")]
    # each of the 24 commands whole on a line: a break at its hyphen would split the word
    assert sum(line.count("-iname") for line in lines) == len(PARAGRAPHS)
    assert sum(line.count("--pdf-variant") for line in lines) == len(PARAGRAPHS)
    assert not [line for line in lines if line.rstrip().endswith("-")]


@pytest.mark.pdf
def test_the_epub_marks_hyphenated_code_words_and_keeps_the_text(built):
    with zipfile.ZipFile(built / "code.epub") as epub:
        xhtml = epub.read("EPUB/content.xhtml").decode()
        css = epub.read("EPUB/style.css").decode()
    assert xhtml.count('<span class="code-word">-iname</span>') == len(PARAGRAPHS)
    assert "<code>find . <span" in xhtml
    assert "span.code-word { white-space: nowrap; }" in css


def test_the_docx_sets_code_hyphens_as_non_breaking(tmp_path):
    import docx
    from docx.oxml.ns import qn

    (tmp_path / "code.md").write_text("---\ntitle: 断行\n---\n\n" + PARAGRAPHS[0] + "\n",
                                      encoding="utf-8")
    result = run_docpipe("build", str(tmp_path / "code.md"), "-f", "docx", "-o",
                         str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "code.docx"))
    paragraph = next(p for p in document.paragraphs if "iname" in p.text)
    code = [run for run in paragraph.runs if "iname" in run.text]
    assert code and code[0]._r.findall(qn("w:noBreakHyphen"))
    assert not any("-" in (t.text or "") for run in code for t in run._r.findall(qn("w:t")))
    assert "find . -iname '*.md'" in paragraph.text   # read back as typed
