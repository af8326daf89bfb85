"""Lines break where a reader expects: titles between words, the author's own title break,
inline code whole at its hyphens, Latin words only at a hyphen (PDF, DOCX, EPUB read back)."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest
from lxml import etree

from conftest import run_docpipe
from docpipe.text import titles

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

LONG_TITLE = "关于进一步复制推广营商环境改革创新试点经验的通知"
CLUB_TITLE = "Open Source Club 第二十五次会议纪要与下一阶段工作安排的说明"
HEADING = "这是一个相当长的二级标题用来检查标题换行是否只发生在词语之间而不是词语内部的情况"
CODES = ["find . -iname '*.md' -print0", "xargs -0 grep -l foo", "ls --color=auto -la"]
LATIN = ("Português", "internationalization", "characteristically", "incomprehensibilities")

PAGE = f"""---
title: {LONG_TITLE}
---

要在目录里找出全部 Markdown 文件，可以使用。例如 `{CODES[0]}` 会列出它们，再把结果交给
`{CODES[1]}` 处理，这样比逐个打开文件快得多，也不容易漏掉任何一个需要修改的文件。要看颜色就用
`{CODES[2]}` 命令，它会把目录和文件分开显示。

这是一段很长的中文正文，用来检查两端对齐是否仍在汉字之间分配空白，而 {LATIN[0]} 和
{LATIN[1]} 这样的拉丁词语，还有 {LATIN[2]} 与 {LATIN[3]}，要么在连字点加连字符断开，要么整个移到
下一行，不能在词中间无符号地断开。{LATIN[0]}、{LATIN[1]}、{LATIN[2]}、{LATIN[3]}。

## {HEADING}

正文。
"""

AUTHOR = """---
title: |
  Open Source Club
  第二十五次会议纪要
---

正文。
"""

BR = f"""---
title: "Free Software<br>基金会年度报告"
---

正文。
"""


# ---- the pure logic ------------------------------------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("title", [LONG_TITLE, CLUB_TITLE, "Open Source Club 第二十五次会议",
                                   "中共衡阳市委贯彻落实《中国共产党政法工作条例》纪实"])
@pytest.mark.parametrize("per_line", [14, 17, 20])
def test_balanced_lines_break_between_words(title: str, per_line: int) -> None:
    lines = titles.balanced_lines(title, per_line)
    if titles.width(title) <= per_line:
        assert lines == [title]
        return
    assert 1 <= len(lines) <= 2
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    if len(lines) == 2:
        cut = len(title) - len(lines[1])
        assert cut in titles.word_bounds(title) or cut - 1 in titles.word_bounds(title)
        assert all(titles.width(line) <= per_line for line in lines)


@pytest.mark.fast
def test_the_issues_titles_no_longer_break_inside_a_word() -> None:
    assert titles.balanced_lines(LONG_TITLE, 20) == ["关于进一步复制推广营商环境", "改革创新试点经验的通知"]
    assert titles.balanced_lines("Open Source Club 第二十五次会议", 14) == [
        "Open Source Club", "第二十五次会议"]


@pytest.mark.fast
def test_author_lines_and_metadata_title() -> None:
    assert titles.author_lines("Open Source Club\n第二十五次会议纪要\n") == [
        "Open Source Club", "第二十五次会议纪要"]
    assert titles.author_lines("甲乙<br>丙丁") == titles.author_lines("甲乙<BR />丙丁") == ["甲乙", "丙丁"]
    assert titles.author_lines("一行的标题") is None
    assert titles.joined(["Open Source Club", "第二十五次"]) == "Open Source Club 第二十五次"
    assert titles.joined(["关于进一步", "复制推广"]) == "关于进一步复制推广"
    assert titles.joined(["Free", "Software"]) == "Free Software"


@pytest.mark.fast
def test_words_held_joins_inside_words_only() -> None:
    held = titles.words_held("关于进一步复制")
    assert held.replace(titles.WORD_JOINER, "") == "关于进一步复制"
    assert held.split(titles.WORD_JOINER) == ["关", "于进", "一", "步复", "制"]


@pytest.mark.fast
def test_the_segmenter_is_not_loaded_for_titles_that_fit() -> None:
    code = ("import sys; from docpipe.text import titles; "
            "assert titles.balanced_lines('短标题', 20) == ['短标题']; "
            "assert titles.author_lines('两行\\n标题'); print('jieba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# ---- read back -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("breaks")
    for name, text in (("page", PAGE), ("author", AUTHOR), ("br", BR)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    out = folder / "dist"
    for style in ("default", "gongwen"):
        result = run_docpipe("build", *(str(folder / f"{n}.md") for n in ("page", "author", "br")),
                             "-o", str(out / style), "--style", style, "--force")
        assert result.returncode == 0, result.stderr
    return {"default": out / "default", "gongwen": out / "gongwen"}


def _lines(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [line for page in document.pages
                for line in (page.extract_text(y_tolerance=6) or "").splitlines()]


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_title_and_heading_lines_end_between_words(built, style: str) -> None:
    lines = _lines(built[style] / "page.pdf")
    for text in (LONG_TITLE, HEADING):
        held = [line for line in lines if line and line in text]
        assert "".join(held) == text, (text, held)
        bounds = titles.word_bounds(text)
        offset = 0
        for line in held[:-1]:
            offset += len(line)
            assert offset in bounds, f"{line!r} ends inside a word"
    # the outline shows the heading as written (no word joiners)
    assert [item.title for item in pypdf.PdfReader(built[style] / "page.pdf").outline] == [HEADING]


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_inline_code_keeps_its_hyphenated_options_on_one_line(built, style: str) -> None:
    lines = _lines(built[style] / "page.pdf")
    text = "\n".join(lines)
    for code in CODES:
        words = code.split(" ")
        # each word of the command whole on one line, the words in order, a break at most
        # at a space
        pattern = r"\s".join(re.escape(word) for word in words)
        assert re.search(pattern, text), code
        for word in words:
            if "-" in word:
                assert any(word in line for line in lines), word
    assert not any(re.search(r"\s-$", line) for line in lines)


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_latin_words_break_only_with_a_hyphen(built, style: str) -> None:
    lines = _lines(built[style] / "page.pdf")
    for line, following in zip(lines, lines[1:]):
        tail = re.search(r"([A-Za-zÀ-ɏ]+)(-?)$", line)
        head = re.match(r"[A-Za-zÀ-ɏ]+", following)
        if not tail or not head:
            continue
        broken = tail.group(1) + head.group(0)
        if tail.group(2):            # hyphenated: the halves make one of the words
            assert broken in LATIN, (line, following)
        else:                        # not hyphenated: no word was cut in two
            assert broken not in LATIN, (line, following)


def test_a_wrapped_title_is_no_hard_break_in_the_docx(built) -> None:
    title = docx.Document(str(built["default"] / "page.docx")).paragraphs[0]
    assert title.style.name == "Title"
    assert title.text == LONG_TITLE
    assert title._p.findall(f".//{W}br") == []
    indent = title.paragraph_format.left_indent
    assert indent is not None and indent == title.paragraph_format.right_indent


@pytest.mark.parametrize("name, lines", [
    ("author", ["Open Source Club", "第二十五次会议纪要"]),
    ("br", ["Free Software", "基金会年度报告"])])
def test_the_authors_title_break_is_kept_in_every_format(built, name: str,
                                                        lines: list[str]) -> None:
    out = built["default"]
    joined = f"{lines[0]} {lines[1]}"
    document = docx.Document(str(out / f"{name}.docx"))
    title = document.paragraphs[0]
    assert title.text == "\n".join(lines)
    assert len(title._p.findall(f".//{W}br")) == 1
    assert document.core_properties.title == joined
    with pdfplumber.open(out / f"{name}.pdf") as pdf:
        assert pdf.metadata["Title"] == joined
        assert pdf.pages[0].extract_text().splitlines()[:2] == lines
    with zipfile.ZipFile(out / f"{name}.epub") as epub:
        opf = next(n for n in epub.namelist() if n.endswith(".opf"))
        tree = etree.fromstring(epub.read(opf))
        assert tree.findtext(".//{http://purl.org/dc/elements/1.1/}title") == joined
        pages = [n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n]
        body = b"".join(epub.read(n) for n in pages).decode("utf-8")
        assert re.search(rf'class="title">{lines[0]}<br\s*/>{lines[1]}<', body)


@pytest.mark.fast
def test_justification_leaves_the_spaces_inside_code_alone() -> None:
    from docpipe.write.pdf.justify import planner
    from docpipe.write.pdf.justify.planner import LineFacts, Report

    units: list = []
    spacers: list = []
    for leaf, text in enumerate(["使用例如", "a -b c", "列出"]):
        planner.add_text(text, leaf, units, spacers)
    facts = LineFacts(units, spacers, [], False, "justify", "start", "ltr", "normal", "normal",
                      12.0, lambda: (104.0, 100.0, 0.0), lambda leaf: 12.0,
                      frozenset({1}))
    plan = planner.plan_line(facts, Report())
    assert plan.justified
    # the gaps: 3 inside 使用例如, 如|a, c|列, 1 inside 列出; none inside the code
    assert 1 not in plan.inner
    assert sum(sum(gaps.values()) for gaps in plan.inner.values()) + sum(plan.after.values()) \
        == pytest.approx(4.0)
    assert plan.after == {0: pytest.approx(4 / 6), 1: pytest.approx(4 / 6)}


@pytest.mark.fast
def test_a_break_at_a_mark_is_found_without_loading_jieba():
    """The article's title breaks before 《 with the same answer as the full word search, and
    without importing jieba (about 1.7 s of CPU for a build that needs no segmenter)."""
    import subprocess
    import sys

    probe = ("import sys\nfrom docpipe.text.titles import balanced_lines\n"
             "lines = balanced_lines('衡阳市委以实际行动贯彻落实《中国共产党政法工作条例》', 18)\n"
             "print(lines, 'jieba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['衡阳市委以实际行动贯彻落实', '《中国共产党政法工作条例》'] False", out
