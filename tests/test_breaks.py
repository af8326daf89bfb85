"""Lines break where a reader expects: titles between words, the author's own title break,
inline code whole at its hyphens, Latin words only at a hyphen (PDF, DOCX, EPUB read back)."""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import zipfile
from itertools import groupby
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
#: balanced with the second line the longer (11 | 12 characters)
SECOND_TITLE = "中华人民共和国个人信息保护法实施条例征求意见稿"
CLUB_TITLE = "Open Source Club 第二十五次会议纪要与下一阶段工作安排的说明"
HEADING = "这是一个相当长的二级标题用来检查标题换行是否只发生在词语之间而不是词语内部的情况"
CODES = ["find . -iname '*.md' -print0", "xargs -0 grep -l foo", "ls --color=auto -la"]
#: inline code with spaces, in Chinese lines (mid-line, at a line's end) and in a Latin line
SPACED_CODES = ["git log --oneline --graph", "pip install a b c", "python -m pytest -q tests",
                "cp -r src dst", "tar -xzf a.tgz -C /tmp", "a b c d e f g h",
                "git commit --amend --no-edit", "git rebase -i HEAD~3",
                "git push --force-with-lease origin main"]
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

在终端里输入 `{SPACED_CODES[0]}` 可以看到提交的历史，输入 `{SPACED_CODES[1]}` 可以安装三个包，而输入
`{SPACED_CODES[2]}` 则会运行全部测试并且只打印简短的结果。汉字之间的空白还要照常分配汉字之间的
`{SPACED_CODES[3]}` 空白还要照常分配汉字之间的空白 `{SPACED_CODES[4]}` 还要照常分配汉字之间的空白，
行末附近放一个代码 `{SPACED_CODES[5]}` 看看它在行末时会不会被拉开，汉字之间的空白还要照常分配。

The command `{SPACED_CODES[6]}` rewrites the last commit and keeps its message, while
`{SPACED_CODES[7]}` lets you edit the last three; use `{SPACED_CODES[8]}` with care because it
rewrites the history that other people may have fetched already.

## {HEADING}

正文。
"""

#: long Portuguese and German words, with their accents and ß, in Chinese lines and a title
#: (jieba cuts "Straßenverkehrsordnung" at the ß: the title was "…Straß" / "enverkehrsordnung…")
LONG_LATIN = ("Português", "internacionalização", "Straßenverkehrsordnung",
              "Geschwindigkeitsbegrenzung", "Donaudampfschifffahrtsgesellschaft",
              "inconstitucionalissimamente", "Verschlüsselungsverfahren", "responsabilidade")
LATIN_TITLE = "关于加强与Straßenverkehrsordnung有关事项的通知"
_FILL = "这是一段用来检查换行的中文正文内容我们需要足够多的汉字来填满每一行这是一段用来检查换行"
LATIN_PAGE = f"""---
title: {LATIN_TITLE}
---

""" + "\n\n".join(
    _FILL[:start] + f"{word}、{LONG_LATIN[(index + 3) % len(LONG_LATIN)]}与" + _FILL[:9] + "。"
    for index, word in enumerate(LONG_LATIN) for start in (14, 20, 24)) + "\n"

AUTHOR = """---
title: |
  Open Source Club
  第二十五次会议纪要
---

正文。
"""

SECOND = f"""---
title: {SECOND_TITLE}
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
@pytest.mark.parametrize("title", [LATIN_TITLE, "关于举办internacionalização经贸合作论坛的通知",
                                   "中国与Português的合作"])
@pytest.mark.parametrize("per_line", [10, 20])
def test_a_latin_word_with_accents_is_one_word(title: str, per_line: int) -> None:
    """jieba cuts a Latin word at a letter outside ASCII (Portugu|ê|s, Straß|enverkehrs…)."""
    for line in titles.balanced_lines(title, per_line):
        for word in re.findall(r"[A-Za-zÀ-ɏ]+", line):
            assert any(word in whole and len(word) == len(whole) for whole in LONG_LATIN), line


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
            "assert titles.author_lines('两行\\n标题'); print('rjieba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# ---- read back -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("breaks")
    names = ("page", "author", "br", "second", "latin")
    for name, text in zip(names, (PAGE, AUTHOR, BR, SECOND, LATIN_PAGE)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    out = folder / "dist"
    for style in ("default", "gongwen"):
        result = run_docpipe("build", *(str(folder / f"{n}.md") for n in names),
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
    for code in CODES + SPACED_CODES:
        words = code.split(" ")
        # each word of the command whole on one line, the words in order, a break at most
        # at a space
        pattern = r"\s".join(re.escape(word) for word in words)
        assert re.search(pattern, text), code
        for word in words:   # whole at its hyphens and after its solidus ("-C /" / "tmp")
            if "-" in word or "/" in word:
                assert any(word in line for line in lines), word
    assert not any(re.search(r"\s-$", line) for line in lines)


@pytest.mark.parametrize("style", ["default", "gongwen"])
@pytest.mark.parametrize("name, words", [("page", LATIN), ("latin", LONG_LATIN)])
def test_latin_words_break_only_with_a_hyphen(built, style: str, name: str, words) -> None:
    lines = _lines(built[style] / f"{name}.pdf")
    at_edges = 0
    for line, following in zip(lines, lines[1:]):
        tail = re.search(r"([A-Za-zÀ-ɏ]+)([-\u2010]?)$", line)
        head = re.match(r"[A-Za-zÀ-ɏ]+", following)
        at_edges += bool(tail and tail.group(1) in words) + bool(head and head.group(0) in words)
        if not tail or not head:
            continue
        broken = tail.group(1) + head.group(0)
        if tail.group(2):            # hyphenated: the halves make one of the words
            assert broken in words, (line, following)
        else:                        # not hyphenated: no word was cut in two
            assert broken not in words, (line, following)
    if name == "latin":  # the words did come to the ends of lines, where a cut would be
        assert at_edges >= 6, at_edges


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_a_title_with_an_accented_latin_word_breaks_beside_it(built, style: str) -> None:
    # (the Han–Latin space reads back as a space)
    held = [line.replace(" ", "") for line in _lines(built[style] / "latin.pdf")[:3]
            if line.replace(" ", "") in LATIN_TITLE]
    assert "".join(held) == LATIN_TITLE and len(held) == 2, held
    assert held[0].endswith("Straßenverkehrsordnung") or held[1].startswith(
        "Straßenverkehrsordnung"), held
    docx_title = docx.Document(str(built[style] / "latin.docx")).paragraphs[0].text
    assert "Straßenverkehrsordnung" in docx_title.replace("\n", "")
    assert all("Straß" not in part or "Straßenverkehrsordnung" in part
               for part in docx_title.split("\n")), docx_title


def _baselines(page) -> list[list[dict]]:
    """The page's characters line by line (same baseline: code is set smaller than its
    neighbours, so their tops differ), left to right."""
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        rows.setdefault(round(char["matrix"][5], 1), []).append(char)
    return [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows, reverse=True)]


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_spaces_inside_inline_code_keep_the_monospace_advance(built, style: str) -> None:
    """Every character of a command sits a whole number of monospace advances from the one
    before it (a space is one advance), and a line holding code still reaches the right edge
    unless it ends its paragraph: justification widened the gaps around the code only."""
    runs, ends = [], []   # (code, [(x0, position in code)]); (page, line end, line text)
    with pdfplumber.open(built[style] / "page.pdf") as pdf:
        for number, row in ((n, row) for n, page in enumerate(pdf.pages)
                            for row in _baselines(page)):
            drawn = [c for c in row if c["text"] != " "]
            ends.append((number, drawn[-1]["x1"], "".join(c["text"] for c in drawn)))
            for mono, run in groupby(drawn, key=lambda c: "Mono" in c["fontname"]):
                run = list(run)
                text = "".join(c["text"] for c in run)
                code = next((code for code in SPACED_CODES if text in code.replace(" ", "")),
                            None)
                if mono and code:
                    where = [i for i, char in enumerate(code) if char != " "]
                    where = where[code.replace(" ", "").index(text):][:len(text)]
                    runs.append((code, [(c["x0"], i) for c, i in zip(run, where)]))
    # the advance (with the style's letter-spacing) from characters next to each other
    advance = statistics.median(b - a for _, run in runs
                                for (a, i), (b, j) in zip(run, run[1:]) if j - i == 1)
    for code, run in runs:
        for (a, i), (b, j) in zip(run, run[1:]):
            assert b - a == pytest.approx((j - i) * advance, abs=0.02), (code, i, j)
    assert {code for code, _ in runs} == set(SPACED_CODES)
    edge = {}  # the right edge of each page's text block (even pages are mirrored)
    for number, end, _ in ends:
        edge[number] = max(edge.get(number, end), end)
    holding = [(number, end, text) for number, end, text in ends if any(
        code.replace(" ", "")[:4] in text for code in SPACED_CODES)]
    assert len(holding) >= 6
    for number, end, text in holding:
        assert end == pytest.approx(edge[number], abs=0.05) or text.endswith(("。", ".")), text


@pytest.mark.parametrize("name, title", [("page", LONG_TITLE), ("second", SECOND_TITLE)])
def test_a_wrapped_title_is_no_hard_break_in_the_docx(built, name: str, title: str) -> None:
    """The title is one line of text narrowed by indents; when its second line is the
    longer, a first-line indent narrows the first line alone."""
    paragraph = docx.Document(str(built["default"] / f"{name}.docx")).paragraphs[0]
    assert paragraph.style.name == "Title"
    assert paragraph.text == title
    assert paragraph._p.findall(f".//{W}br") == []
    layout = paragraph.paragraph_format
    assert layout.left_indent is not None and layout.right_indent is not None
    first, second = titles.balanced_lines(title, 20)
    if titles.width(second) > titles.width(first):
        assert layout.first_line_indent is not None and layout.first_line_indent > 0
        # the lines stay centred: the left indent gives back half of the first line's
        assert abs(layout.left_indent.pt + layout.first_line_indent.pt / 2
                   - layout.right_indent.pt) < 0.1
    else:
        assert layout.left_indent == layout.right_indent and not layout.first_line_indent


def test_a_gongwen_title_is_no_hard_break_either(tmp_path) -> None:
    """A 公文's title balanced in two lines: one line of text narrowed by its indents."""
    case = Path(__file__).parent / "cases" / "gongwen" / "report.md"
    source = re.sub(r"(?m)^title: .*$", f"title: {SECOND_TITLE}",
                    case.read_text(encoding="utf-8"))
    (tmp_path / "report.md").write_text(source, encoding="utf-8")
    result = run_docpipe("build", str(tmp_path / "report.md"), "-o", str(tmp_path / "out"),
                         "--style", "gongwen", "-f", "docx", "--force")
    assert result.returncode == 0, result.stderr
    title = next(p for p in docx.Document(str(tmp_path / "out" / "report.docx")).paragraphs
                 if p.style.name == "Title")
    assert title.text == SECOND_TITLE and title._p.findall(f".//{W}br") == []
    assert title.paragraph_format.first_line_indent.pt > 0


@pytest.mark.fast
def test_title_indents_only_where_the_widths_are_certain() -> None:
    from docpipe.write.docx import wrap

    long = wrap.title_indents(LONG_TITLE, titles.balanced_lines(LONG_TITLE, 20), 453.5, 22, 0)
    assert long is not None and long.first_line == 0 and long.left == long.right
    second = wrap.title_indents(SECOND_TITLE, titles.balanced_lines(SECOND_TITLE, 20),
                                453.5, 22, 0)
    assert second is not None and 0 < second.first_line < 22
    # a Latin line end: its width depends on the reader's fonts, so Word cannot be relied on
    club = "Open Source Club 第二十五次会议纪要与下一阶段工作安排的说明"
    assert wrap.title_indents(club, titles.balanced_lines(club, 20), 453.5, 22, 0) is None
    # a second line five characters the longer: a first-line indent would set the lines
    # visibly off each other's centre
    # digits, and the gap Word and LibreOffice add between them and the hanzi, of unknown width
    joint = "教育部 财政部 人力资源社会保障部关于做好2024年教师培训工作的通知"
    assert wrap.title_indents(joint, ["教育部 财政部 人力资源社会保障部",
                                      "关于做好2024年教师培训工作的通知"], 442.2, 22, 0) is None
    article = "中共衡阳市委贯彻落实《中国共产党政法工作条例》纪实"
    assert wrap.title_indents(article, ["中共衡阳市委贯彻落实", "《中国共产党政法工作条例》纪实"],
                              453.5, 22, 0) is None


@pytest.mark.fast
def test_a_title_wider_than_two_lines_gets_a_measure_ending_lines_between_words() -> None:
    from docpipe.write.docx import wrap

    title = ("关于全面加强新时代大中小学劳动教育的意见和国务院办公厅关于进一步优化营商环境"
             "更好服务市场主体的实施意见")
    assert titles.balanced_lines(title, 20) == [title]          # more than two lines
    bounds = titles.word_bounds(title)
    area = wrap.word_measure(title, bounds, 453.5, 0.0, 22, 0)
    assert area is not None
    ends = wrap.certain_ends(wrap._Measure(title, 22, 0, compressed=False), [area])
    assert ends is not None and len(ends) == 3 and all(end in bounds for end in ends[:-1])


def test_libreoffice_wraps_the_docx_title_where_the_pdf_breaks_it(built, tmp_path) -> None:
    """LibreOffice's own line breaking, given only the indents, ends the title's first line
    where the PDF's does (the DOCX has no line break in it)."""
    import shutil

    out = built["default"]
    names = ("page", "second")
    run = subprocess.run([shutil.which("soffice") or "soffice", "--headless",
                          f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                          "pdf", "--outdir", str(tmp_path), *(str(out / f"{n}.docx")
                                                             for n in names)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    for name, title in zip(names, (LONG_TITLE, SECOND_TITLE)):
        expected = titles.balanced_lines(title, 20)
        assert _lines(tmp_path / f"{name}.pdf")[:2] == expected, name
        assert _lines(out / f"{name}.pdf")[:2] == expected, name
    # the long heading: its own lines end between words too (the DOCX narrows it)
    _assert_ends_between_words(_lines(tmp_path / "page.pdf"), HEADING)


def _assert_ends_between_words(lines: list[str], text: str) -> None:
    held = [line for line in lines if line and line in text]
    assert len(held) >= 2 and "".join(held) == text, (text, held)
    bounds = titles.word_bounds(text)
    offset = 0
    for line in held[:-1]:
        offset += len(line)
        assert offset in bounds, f"{line!r} ends inside a word"


def test_a_long_docx_heading_is_narrowed_not_edited(built) -> None:
    """The heading reads back as typed (no joiners, no breaks: copying it gives its words);
    a right indent makes the word processor's line end between two words."""
    heading = next(p for p in docx.Document(str(built["default"] / "page.docx")).paragraphs
                   if p.style.name.startswith("Heading"))
    assert heading.text == HEADING
    assert heading._p.findall(f".//{W}br") == []
    assert heading.paragraph_format.right_indent is not None
    assert 0 < heading.paragraph_format.right_indent.pt < 3 * 14


@pytest.mark.fast
def test_heading_measure_ends_every_line_between_words() -> None:
    from docpipe.write.docx import wrap

    bounds = titles.word_bounds(HEADING)
    area = wrap.word_measure(HEADING, bounds, 453.5, 0.0, 14, 0)
    assert area is not None and area < 453.5
    measure = wrap._Measure(HEADING, 14, 0, compressed=False)
    ends = wrap.certain_ends(measure, [area])
    assert ends is not None and all(end in bounds for end in ends[:-1])
    # at the full width the second line would start inside a word
    full = wrap.certain_ends(measure, [453.5])
    assert full is not None and full[0] not in bounds


def test_epub_headings_hold_their_words_in_a_narrow_column(built, tmp_path) -> None:
    """In the EPUB each word of a wide heading is a span.word kept on one line: its text is
    unchanged, and laid out in a phone-wide column (WeasyPrint) every line ends between
    words."""
    import weasyprint

    h2 = "{http://www.w3.org/1999/xhtml}h2"
    with zipfile.ZipFile(built["default"] / "page.epub") as epub:
        css = epub.read("EPUB/style.css").decode("utf-8")
        xhtml, heading = next((data, h) for data in (epub.read(n) for n in epub.namelist()
                                                     if n.endswith(".xhtml"))
                              for h in etree.fromstring(data).iter(h2)
                              if "".join(h.itertext()).startswith(HEADING[:4]))
    assert "".join(heading.itertext()) == HEADING
    words = ["".join(s.itertext()) for s in heading.iter("{http://www.w3.org/1999/xhtml}span")
             if s.get("class") == "word"]
    assert len(words) >= 8 and "".join(words) != HEADING
    assert "span.word { white-space: nowrap; }" in css
    narrow = "@page { size: 90mm 200mm; margin: 4mm; }"
    pdf = tmp_path / "narrow.pdf"
    weasyprint.HTML(string=xhtml.decode("utf-8")).write_pdf(
        pdf, stylesheets=[weasyprint.CSS(string=css + narrow)])
    lines = _lines(pdf)
    _assert_ends_between_words(lines, HEADING)


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
        words_unwrapped = re.sub(r'</?span( class="word")?>', "", body)  # see word_breaks.py
        assert re.search(rf'class="title">{lines[0]}<br\s*/>{lines[1]}<', words_unwrapped)


@pytest.mark.fast
def test_a_break_at_a_mark_is_found_without_loading_the_segmenter():
    """The article's title breaks before 《 with the same answer as the full word search, and
    without importing the segmenter (0.17 s of CPU for a build that needs none)."""
    import subprocess
    import sys

    probe = ("import sys\nfrom docpipe.text.titles import balanced_lines\n"
             "lines = balanced_lines('衡阳市委以实际行动贯彻落实《中国共产党政法工作条例》', 18)\n"
             "print(lines, 'rjieba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['衡阳市委以实际行动贯彻落实', '《中国共产党政法工作条例》'] False", out
