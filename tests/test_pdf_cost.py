"""What the PDF skips when it is not needed: the segmenter for headings that surely fit,
pydyf's page list rebuilt per tagged element; each shortcut leaves the output as it was."""
from __future__ import annotations

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
    print(held, "jieba" in sys.modules)
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
    return subprocess.run([sys.executable, "-c", _PROBE, *sources], capture_output=True,
                          text=True, check=True).stdout.splitlines()


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
