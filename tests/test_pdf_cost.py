"""What the PDF skips when it is not needed: the segmenter for headings that surely fit,
pydyf's page list rebuilt per tagged element; each shortcut leaves the output as it was."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docpipe.text import titles


@pytest.mark.fast
def test_widest_is_an_upper_bound_of_a_line():
    assert titles.widest("第一章 通则") == 5.5
    assert titles.widest("ab") == 2.0
    # a Han–Latin boundary gets the PDF's quarter-em autospace, both sides
    assert titles.widest("第A章") == 3.5
    assert titles.widest("章😀") == 2.5   # an emoji may be wider than an em


_PROBE = """
import sys
from pathlib import Path
from docpipe.model.theme import load_theme
from docpipe.read.parse import parse_file
from docpipe.write import html
from docpipe.write.pdf.writer import _heading_chars

for name in sys.argv[1:]:
    source = Path(name)
    theme = load_theme("default", search_from=[source.parent])
    document = parse_file(source, style_folder=theme.folder)
    root = html.html_tree(document, title_chars=theme.title_chars_per_line, theme=theme,
                          notes="foot", hold_words=True, heading_chars=_heading_chars(theme))
    held = ["\\u2060" in "".join(h.itertext()) for h in root.iter("h2", "h3")]
    print(held, "rjieba" in sys.modules or "jieba" in sys.modules)
"""


def _held(tmp_path, *documents: str, numbering: str = "none") -> list[str]:
    """For each Markdown text: which of its h2/h3 hold their words, and whether jieba has
    been loaded by then (one process for all)."""
    sources = []
    for index, markdown in enumerate(documents):
        folder = tmp_path / str(index)
        (folder / "styles" / "default").mkdir(parents=True)
        (folder / "styles" / "default" / "theme.toml").write_text(
            f'extends = "default"\n[headings]\nnumbering = "{numbering}"\n', encoding="utf-8")
        (folder / "doc.md").write_text(f"---\ntitle: 规则\n---\n\n{markdown}\n\n正文。\n",
                                       encoding="utf-8")
        sources.append(str(folder / "doc.md"))
    # an empty cache of words (text/words.py): jieba loaded means the headings were cut
    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(tmp_path / "word-cache")}
    return subprocess.run([sys.executable, "-c", _PROBE, *sources], capture_output=True,
                          text=True, check=True, env=env).stdout.splitlines()


@pytest.mark.fast
def test_headings_that_fit_their_level_load_no_segmenter(tmp_path):
    # 24 characters: wider than a title line (18 at 22 pt on A4), narrower than an h3 line
    # (37 at 12 pt); 31 on an h2 line (32.4 at 14 pt)
    assert _held(tmp_path, "### 第五节 延长侦查羁押期限和重新计算侦查羁押期限",
                 "## 这是一个相当长的二级标题用来检查标题换行是否只发生在词语之间了") \
        == ["[False] False", "[False] False"]


def test_a_heading_that_may_wrap_is_held_and_its_number_counts(tmp_path):
    long = "这是一个相当长的二级标题用来检查标题换行是否只发生在词语之间了"   # 31 characters
    # "一、" in front: 33, more than an h2 line holds once the number is counted
    assert _held(tmp_path, f"## {long}", numbering="chinese") == ["[True] True"]
    assert _held(tmp_path / "more", f"## {long}长长", f"> ## {long[:10]}") \
        == ["[True] True", "[True] True"]   # too wide; in a quote (narrower: not counted)


@pytest.mark.fast
def test_page_references_are_built_once_per_page_count():
    import pydyf

    from docpipe.write.pdf import pagerefs

    assert pagerefs.install() is None
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 3
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4
    assert pdf.page_references[:3] == first
    assert pdf.page_references[3] == f"{pdf.pages['Kids'][9]} 0 R".encode()


_LEADERS = """<html lang="zh-CN"><head><style>
@page { size: A5; margin: 20mm; }
body { font-size: 12pt; }
a { display: block; color: inherit; text-decoration: none; }
a::after { content: leader(dotted) " " target-counter(attr(href), page); }
h1 { break-before: page; }
</style></head><body>
<a href="#one">第一章 总则</a><a href="#two">第二章 一个长得多的章节标题</a>
<h1 id="one">第一章</h1><h1 id="two">第二章</h1></body></html>"""


@pytest.mark.pdf
def test_leaders_drawn_as_one_text_keep_every_dot_in_its_place(tmp_path):
    """One text box per leader instead of one per dot: the same characters at the same
    places (pdfplumber reads them back), the text boxes of each leader down to two."""
    import pdfplumber

    from docpipe.write.pdf import leaders, writer

    weasyprint = writer.import_weasyprint()
    from weasyprint.formatting_structure import boxes

    def chars(merge: bool):
        document = weasyprint.HTML(string=_LEADERS).render()
        if merge:
            assert leaders.apply(document) is None
        found = list(leaders._leaders(document.pages[0]._page_box, boxes))
        assert len(found) == 2
        counts = [len(leader.children) for leader in found]
        path = tmp_path / f"{merge}.pdf"
        document.write_pdf(path, pdf_tags=True)
        with pdfplumber.open(path) as pdf:
            return counts, sorted((c["top"], c["x0"], c["text"]) for c in pdf.pages[0].chars)

    plain_counts, plain = chars(False)
    merged_counts, merged = chars(True)
    assert min(plain_counts) > 20 and merged_counts == [2, 2]
    assert [text for _, _, text in merged] == [text for _, _, text in plain]
    # Pango places the repeated pattern where the copies were, to PDF rounding (1/1000 em)
    assert max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(plain, merged)) < 0.05
    assert sum(text == "." for _, _, text in plain) > 40
