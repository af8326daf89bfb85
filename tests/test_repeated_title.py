"""A first `# heading` that repeats the front matter's title is shown once, in every format."""
from __future__ import annotations

import zipfile

import pdfplumber
from conftest import ROOT, run_docpipe
from docx import Document as open_docx

from docpipe.model.document import text_of
from docpipe.model.theme import load_theme
from docpipe.read.parse import parse_file

SOURCE = "---\ntitle: 重复的标题\n---\n\n# 重复的标题\n\n正文一段。\n\n# 第一章\n\n正文二段。\n"


def test_parse_drops_the_heading_that_repeats_the_title(tmp_path):
    theme = load_theme("default", search_from=[ROOT])
    (tmp_path / "a.md").write_text(SOURCE, encoding="utf-8")
    document = parse_file(tmp_path / "a.md", style_folder=theme.folder)
    assert document.meta.title == "重复的标题"
    assert [text_of(h) for h in document.body.iter("h1")] == ["第一章"]
    # a heading that differs from the title stays, and so does a repeat further down
    (tmp_path / "b.md").write_text(SOURCE.replace("# 重复的标题", "# 另一个标题"), encoding="utf-8")
    other = parse_file(tmp_path / "b.md", style_folder=theme.folder)
    assert [text_of(h) for h in other.body.iter("h1")] == ["另一个标题", "第一章"]
    (tmp_path / "c.md").write_text(SOURCE.replace("# 重复的标题\n\n正文一段。",
                                                  "正文一段。\n\n# 重复的标题"), encoding="utf-8")
    later = parse_file(tmp_path / "c.md", style_folder=theme.folder)
    assert [text_of(h) for h in later.body.iter("h1")] == ["重复的标题", "第一章"]


def test_every_format_shows_the_title_once(project):
    (project / "source" / "repeat.md").write_text(SOURCE, encoding="utf-8")
    result = run_docpipe("build", "source/repeat.md", cwd=project)
    assert result.returncode == 0, result.stderr
    dist = project / "dist"
    with pdfplumber.open(dist / "repeat.pdf") as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
    with zipfile.ZipFile(dist / "repeat.epub") as epub:
        xhtml = epub.read("EPUB/content.xhtml").decode()
        nav = epub.read("EPUB/nav.xhtml").decode()
    docx_text = "".join(p.text for p in open_docx(dist / "repeat.docx").paragraphs)
    for text in (pdf_text, xhtml, docx_text):
        assert text.count("重复的标题") == 1 + text.count("<title>重复的标题</title>")
        assert "第一章" in text
    assert nav.count("重复的标题") == 1   # the landmark to the text; not a contents entry too
