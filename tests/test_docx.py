"""DOCX renderer: read the output back (python-docx, zipfile + lxml), check what a reader sees."""
from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from docpipe.model.document import Document, text_of
from docpipe.read.parse import parse_file
from docpipe.write.docx.writer import render
from docpipe.model.theme import Theme, load_theme
from conftest import CORPUS as CORPUS_DIR

pytestmark = pytest.mark.fast  # DOCX structure, rendered in-process (no LibreOffice)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "source" / "article.md"
SYNTAX = CORPUS_DIR / "markdown-syntax" / "markdown-syntax.md"
BUILD_DATE = "2024-05-01"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

FIXTURE = """---
title: 测试文档
credits: 记者 张三
---

# 测试文档

正文有*强调*、**加粗**、<del>删除</del>、`代码`、
H<sub>2</sub>O、x<sup>2</sup>和“引号”。
第二行接着写。[外链](https://example.com/a?b=1&c=2)，
[小节](#section)，[邮件](mailto:a@b.cn)。
强制换行  
之后。脚注在此[^1]，再一个[^note]。

## 小节 {#section}

| 左 | 中 | 右 |
|:---|:--:|---:|
| a  | *b* | 1 |
| 中文 | c | 22 |

1. 一
2. 二
    1. 二之一
    2. 二之二
        - 点
3. 三

<ol start="5"><li>五</li><li>六</li></ol>

- 甲
- 乙

> 引用一
>
> > 嵌套引用
>
> 回到一

```
def f():
    return "代码"
```

![图一 说明](wide.png)

[^1]: 第一条脚注，含[链接](https://example.org)。
[^note]: 第二条脚注。
"""


# ---- helpers -----------------------------------------------------------------------------------

def png(width: int, height: int) -> bytes:
    """A valid grey RGB PNG, built by hand so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def build(source: Path, theme: Theme, dest: Path) -> Document:
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = BUILD_DATE
    render(document, theme, dest)
    return document


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def body_text(path: Path) -> str:
    """The text of the body, without the contents (a document with many headings has one)."""
    body = part(path, "word/document.xml").find(f"{W}body")
    contents = {p for p in body.iter(f"{W}p")
                if (p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle")
                    .get(f"{W}val", "").lower().startswith("toc"))}
    # inline code's hyphens are Word's non-breaking hyphen, which Word shows as "-"
    return "".join("-" if t.tag == f"{W}noBreakHyphen" else t.text or ""
                   for p in body.iter(f"{W}p") if p not in contents
                   for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def style_element(path: Path, style_id: str) -> etree._Element:
    found = part(path, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def style_of(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(f"{W}val")


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme("default", search_from=[ROOT])


@pytest.fixture(scope="module")
def article(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    dest = tmp_path_factory.mktemp("article") / "article.docx"
    return build(ARTICLE, theme, dest), dest


@pytest.fixture(scope="module")
def fixture_docx(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    folder = tmp_path_factory.mktemp("fixture")
    (folder / "wide.png").write_bytes(png(2000, 400))
    (folder / "doc.md").write_text(FIXTURE, encoding="utf-8")
    return build(folder / "doc.md", theme, folder / "doc.docx"), folder / "doc.docx"


# ---- the article ---------------------------------------------------------------------------

def test_title_block_and_section_headings(article: tuple[Document, Path]) -> None:
    document, path = article
    paragraphs = docx.Document(str(path)).paragraphs
    # a two-line title breaks where the PDF's does, before 《
    assert (paragraphs[0].style.name, paragraphs[0].text) == (
        "Title", "中共衡阳市委贯彻落实\n《中国共产党政法工作条例》纪实")
    assert (paragraphs[1].style.name, paragraphs[1].text) == ("Credits", document.meta.credits)
    assert paragraphs[2].style.name == "Lead"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [text for level, _, text in document.headings() if level == 1]
    assert len(headings) == 4
    assert [p.text.replace("\n", "") for p in paragraphs].count(document.meta.title) == 1


def test_text_is_the_source_text(article: tuple[Document, Path]) -> None:
    document, path = article
    expected = document.meta.title + (document.meta.credits or "") + text_of(document.body)
    assert squeeze("".join(p.text for p in docx.Document(str(path)).paragraphs)) == \
        squeeze(expected)


def test_east_asian_fonts_are_named_and_no_theme_fonts(article: tuple[Document, Path],
                                                       theme: Theme) -> None:
    _, path = article
    for style_id, role in (("Normal", "body"), ("Heading1", "heading"), ("Title", "title")):
        fonts = style_element(path, style_id).find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == theme.font(role).word
        assert fonts.get(f"{W}ascii") == theme.font(role).word_latin
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                text = archive.read(name).decode("utf-8")
                assert not re.search(r"w:(eastAsia|ascii|hAnsi)Theme=", text), name


def test_chinese_language_and_punctuation_settings(article: tuple[Document, Path]) -> None:
    _, path = article
    settings = part(path, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "compressPunctuation"
    lang = part(path, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia")) == ("en-US", "zh-CN")
    normal = style_element(path, "Normal").find(f"{W}pPr")
    for tag in ("kinsoku", "autoSpaceDE", "autoSpaceDN"):
        assert normal.find(f"{W}{tag}") is not None


def test_body_paragraphs_indent_two_characters(article: tuple[Document, Path],
                                               theme: Theme) -> None:
    _, path = article
    normal = style_element(path, "Normal").find(f"{W}pPr")
    indent = normal.find(f"{W}ind")
    assert indent.get(f"{W}firstLineChars") == "200"
    assert indent.get(f"{W}firstLine") == str(round(2 * theme.body_size * 20))
    assert normal.find(f"{W}jc").get(f"{W}val") == "both"
    assert normal.find(f"{W}spacing").get(f"{W}line") == str(round(theme.line_height * 240))
    for style_id in ("Heading1", "Title", "Credits", "Caption", "CodeBlock", "TableText"):
        ind = style_element(path, style_id).find(f"{W}pPr/{W}ind")
        assert ind.get(f"{W}firstLineChars") == "0", style_id
    body = part(path, "word/document.xml").find(f"{W}body")
    plain = [p for p in body.iter(f"{W}p") if style_of(p) is None]
    assert len(plain) > 20
    assert all(p.find(f"{W}pPr/{W}ind") is None for p in plain)   # inherit Normal's indent


def test_headings_have_outline_levels(article: tuple[Document, Path], theme: Theme) -> None:
    _, path = article
    for level in range(1, 7):
        element = style_element(path, f"Heading{level}")
        assert element.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == str(level - 1)
        size = element.find(f"{W}rPr/{W}sz").get(f"{W}val")
        assert size == str(round(theme.headings[level - 1].size * 2))


def test_page_size_margins_and_page_number(article: tuple[Document, Path],
                                           theme: Theme) -> None:
    _, path = article
    section = part(path, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    for attribute, side in (("top", "top"), ("bottom", "bottom"), ("left", "inner"),
                            ("right", "outer")):
        expected = round(theme.margin_mm(side) * 1440 / 25.4)
        assert margins.get(f"{W}{attribute}") == str(expected)
    reference = section.find(f"{W}footerReference")
    rels = part(path, "word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == reference.get(R_ID))
    footer = part(path, f"word/{target}")
    assert "PAGE" in "".join(t.text for t in footer.iter(f"{W}instrText"))
    assert "".join(t.text for t in footer.iter(f"{W}t")) == "— 1 —"


def test_core_properties(article: tuple[Document, Path]) -> None:
    document, path = article
    properties = docx.Document(str(path)).core_properties
    assert properties.title == document.meta.title
    assert properties.author == document.meta.author_line
    assert properties.language == "zh-CN"
    assert properties.subject == document.meta.description
    assert properties.comments == document.meta.description
    assert "衡阳" in properties.keywords
    moment = dt.datetime(2024, 5, 1, 0, 0, 0)
    assert properties.created.replace(tzinfo=None) == moment
    assert properties.modified.replace(tzinfo=None) == moment
    assert properties.revision == 1
    assert properties.last_modified_by == "docpipe"


def test_strong_is_bold_hei_and_hint_on_chinese_runs(article: tuple[Document, Path],
                                                      theme: Theme) -> None:
    _, path = article
    strong = style_element(path, "Strong").find(f"{W}rPr")
    assert strong.find(f"{W}b") is not None
    assert strong.find(f"{W}rFonts").get(f"{W}eastAsia") == theme.font("heading").word
    body = part(path, "word/document.xml").find(f"{W}body")
    quoted = [r for r in body.iter(f"{W}r") if re.search("[“”]", "".join(r.itertext()))]
    assert quoted
    assert all(r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia" for r in quoted)


def test_output_is_byte_identical(article: tuple[Document, Path], theme: Theme,
                                  tmp_path: Path) -> None:
    _, first = article
    second = tmp_path / "again.docx"
    build(ARTICLE, theme, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(second) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert not any("thumbnail" in info.filename for info in infos)


# ---- Markdown constructs ---------------------------------------------------------------------

def test_fixture_text_is_the_source_text(fixture_docx: tuple[Document, Path]) -> None:
    document, path = fixture_docx
    body = document.body
    for note in body.iter("div"):
        note.getparent().remove(note)
    # the source's opening "# heading" repeats the front-matter title: parse dropped it
    assert document.meta.title not in [text_of(h) for h in body.iter("h1")]
    expected = document.meta.title + (document.meta.credits or "") + text_of(body)
    assert squeeze(body_text(path)) == squeeze(expected)
    # a source line break between Chinese characters is no space in the text
    assert "“引号”。第二行接着写" in body_text(path)


def test_emphasis_is_kai_never_italic(fixture_docx: tuple[Document, Path],
                                       theme: Theme) -> None:
    _, path = fixture_docx
    emphasis = style_element(path, "Emphasis").find(f"{W}rPr")
    assert emphasis.find(f"{W}i") is None
    assert emphasis.find(f"{W}rFonts").get(f"{W}eastAsia") == theme.font("emphasis").word
    word = docx.Document(str(path))
    runs = [r for p in word.paragraphs for r in p.runs if r.style.name == "Emphasis"]
    assert [r.text for r in runs] == ["强调"]
    assert not any(r.italic for r in runs)
    assert part(path, "word/document.xml").find(f".//{W}i") is None
    assert style_element(path, "Quote").find(f"{W}rPr/{W}i") is None


def test_inline_formatting(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    runs = {r.text: r for p in docx.Document(str(path)).paragraphs for r in p.runs}
    assert runs["加粗"].style.name == "Strong"
    assert runs["删除"].font.strike
    assert runs["代码"].style.name == "Code"
    body = part(path, "word/document.xml")
    aligns = [r.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") for r in body.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}vertAlign") is not None
              and r.find(f"{W}rPr/{W}rStyle") is None]
    assert aligns == ["subscript", "superscript"]
    assert body.find(f".//{W}br") is not None
    code = style_element(path, "Code").find(f"{W}rPr/{W}rFonts")
    assert code.get(f"{W}ascii") == "Consolas"


def test_hyperlinks_external_and_internal(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    body = part(path, "word/document.xml")
    links = list(body.iter(f"{W}hyperlink"))
    rels = {r.get("Id"): r for r in part(path, "word/_rels/document.xml.rels")}
    external = {rels[link.get(R_ID)].get("Target") for link in links if link.get(R_ID)}
    assert external == {"https://example.com/a?b=1&c=2", "mailto:a@b.cn"}
    assert all(rels[link.get(R_ID)].get("TargetMode") == "External"
               for link in links if link.get(R_ID))
    anchors = [link.get(f"{W}anchor") for link in links if link.get(f"{W}anchor")]
    bookmarks = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    assert anchors == ["section"]
    assert style_of(bookmarks["section"]) == "Heading2"
    link_runs = [r for link in links for r in link.iter(f"{W}r")]
    assert all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink" for r in link_runs)


def test_real_footnotes(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
        assert "/word/footnotes.xml" in types
        assert "wordprocessingml.footnotes+xml" in types
    rels = part(path, "word/_rels/document.xml.rels")
    assert any(r.get("Type").endswith("/footnotes") and r.get("Target") == "footnotes.xml"
               for r in rels)
    notes = part(path, "word/footnotes.xml")
    ids = [n.get(f"{W}id") for n in notes.findall(f"{W}footnote")]
    assert ids == ["-1", "0", "1", "2"]
    texts = ["".join(t.text for t in n.iter(f"{W}t")).strip()
             for n in notes.findall(f"{W}footnote")[2:]]
    assert texts == ["第一条脚注，含链接。", "第二条脚注。"]
    assert notes.find(f".//{W}footnoteRef") is not None
    assert style_of(notes.find(f".//{W}footnote[@{W}id='1']/{W}p")) == "FootnoteText"
    references = part(path, "word/document.xml").findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in references] == ["1", "2"]
    assert all(r.getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
               for r in references)
    assert "↩" not in body_text(path) and "↩" not in "".join(notes.itertext())
    note_rels = part(path, "word/_rels/footnotes.xml.rels")
    assert [r.get("Target") for r in note_rels] == ["https://example.org"]
    settings = part(path, "word/settings.xml")
    assert settings.find(f"{W}footnotePr") is not None


def test_table_style_alignment_and_header(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    table = part(path, "word/document.xml").find(f".//{W}tbl")
    assert table.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "DocpipeTable"
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert rows[1].find(f"{W}trPr/{W}tblHeader") is None
    aligns = [[c.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") for c in row.findall(f"{W}tc")]
              for row in rows]
    assert aligns == [["left", "center", "right"]] * 3
    assert {style_of(p) for p in table.iter(f"{W}p")} == {"TableText"}
    style = style_element(path, "DocpipeTable")
    assert style.find(f"{W}tblPr/{W}tblBorders/{W}insideH").get(f"{W}val") == "single"
    header = style.find(f"{W}tblStylePr[@{W}type='firstRow']")
    assert header.find(f"{W}rPr/{W}b") is not None
    assert header.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "EEEEEE"


def test_nested_lists_use_real_numbering(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    found = []
    for paragraph in part(path, "word/document.xml").iter(f"{W}p"):
        numbering = paragraph.find(f"{W}pPr/{W}numPr")
        if numbering is not None:
            found.append((style_of(paragraph), int(numbering.find(f"{W}ilvl").get(f"{W}val")),
                          numbering.find(f"{W}numId").get(f"{W}val"),
                          "".join(t.text for t in paragraph.iter(f"{W}t"))))
    assert [(s, level, text) for s, level, _, text in found] == [
        ("ListNumber", 0, "一"), ("ListNumber", 0, "二"), ("ListNumber", 1, "二之一"),
        ("ListNumber", 1, "二之二"), ("ListBullet", 2, "点"), ("ListNumber", 0, "三"),
        ("ListNumber", 0, "五"), ("ListNumber", 0, "六"), ("ListBullet", 0, "甲"),
        ("ListBullet", 0, "乙")]
    first, inner, later = found[0][2], found[2][2], found[6][2]
    assert found[5][2] == first and len({first, inner, later}) == 3   # each <ol> restarts
    numbering = part(path, "word/numbering.xml")

    def start_of(num_id: str, level: int) -> str:
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        override = num.find(f"{W}lvlOverride[@{W}ilvl='{level}']/{W}startOverride")
        return override.get(f"{W}val")

    assert (start_of(first, 0), start_of(inner, 1), start_of(later, 0)) == ("1", "1", "5")
    abstract_id = numbering.find(f"{W}num[@{W}numId='{first}']/{W}abstractNumId").get(f"{W}val")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
    assert len(abstract.findall(f"{W}lvl")) == 9


def test_nested_quotes_indent_further(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    quotes = [p for p in part(path, "word/document.xml").iter(f"{W}p") if style_of(p) == "Quote"]
    assert ["".join(q.itertext()) for q in quotes] == ["引用一", "嵌套引用", "回到一"]
    style_indent = int(style_element(path, "Quote").find(f"{W}pPr/{W}ind").get(f"{W}left"))
    nested = int(quotes[1].find(f"{W}pPr/{W}ind").get(f"{W}left"))
    assert style_indent > 0 and nested > style_indent


def test_code_block(fixture_docx: tuple[Document, Path]) -> None:
    _, path = fixture_docx
    blocks = [p for p in docx.Document(str(path)).paragraphs if p.style.name == "Code Block"]
    assert [p.text for p in blocks] == ['def f():\n    return "代码"']
    style = style_element(path, "CodeBlock").find(f"{W}pPr")
    assert style.find(f"{W}shd").get(f"{W}fill") == "F5F5F5"
    assert style.find(f"{W}jc").get(f"{W}val") == "left"


def test_figure_fits_the_text_block_with_caption_below(fixture_docx: tuple[Document, Path]
                                                       ) -> None:
    _, path = fixture_docx
    word = docx.Document(str(path))
    section = word.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    shapes = word.inline_shapes
    assert len(shapes) == 1
    assert 0 < shapes[0].width <= text_width
    assert shapes[0].width * 400 == pytest.approx(shapes[0].height * 2000, rel=1e-3)
    names = [p.style.name for p in word.paragraphs]
    figure = names.index("Figure")
    assert word.paragraphs[figure + 1].style.name == "Caption"
    assert word.paragraphs[figure + 1].text == "图一 说明"
    doc_pr = part(path, "word/document.xml").find(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr.get("descr") == "图一 说明"


def test_markdown_syntax_corpus_renders(theme: Theme, tmp_path: Path) -> None:
    dest = tmp_path / "syntax.docx"
    document = build(SYNTAX, theme, dest)
    word = docx.Document(str(dest))
    names = [p.style.name for p in word.paragraphs]
    assert names[0] == "Title"
    assert names.count("Code Block") > 20
    assert names.count("List Bullet") > 20
    assert {"Heading 2", "Heading 3"} <= set(names)
    assert squeeze(body_text(dest)) == squeeze(document.meta.title + text_of(document.body))
    rels = part(dest, "word/_rels/document.xml.rels")
    assert sum(r.get("TargetMode") == "External" for r in rels) > 5


# ---- the official-document layout (character grid, odd/even footers) ---------------------

def test_grid_exact_pitch_and_outside_page_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "styles" / "grid"
    folder.mkdir(parents=True)
    toml = (ROOT / "styles" / "default" / "theme.toml").read_text(encoding="utf-8")
    for old, new in (("margin_top = 25", "margin_top = 37"),
                     ("margin_bottom = 25", "margin_bottom = 35"),
                     ("margin_inner = 25", "margin_inner = 28"),
                     ("margin_outer = 25", "margin_outer = 26"),
                     ('page_number_position = "center"', 'page_number_position = "outside"'),
                     ("page_number_size = 10.5", "page_number_size = 14"),
                     ("size = 12 ", "size = 16\nline_pitch = 28.95\ngrid = true\n"
                                    "chars_per_line = 28\n#")):
        assert old in toml
        toml = toml.replace(old, new, 1)
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    theme = load_theme(str(folder))
    dest = tmp_path / "grid.docx"
    build(ARTICLE, theme, dest)
    section = part(dest, "word/document.xml").find(f"{W}body/{W}sectPr")
    grid = section.find(f"{W}docGrid")
    # a line grid: LibreOffice puts each 16 pt hanzi in two cells of a linesAndChars grid
    # whose pitch is narrower than the glyph, so the 28 characters come from letter spacing
    assert grid.get(f"{W}type") == "lines"
    assert grid.get(f"{W}linePitch") == "579"
    assert grid.get(f"{W}charSpace") is None
    spacing = style_element(dest, "Normal").find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}lineRule"), spacing.get(f"{W}line")) == ("exact", "579")
    settings = part(dest, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    rels = {r.get("Id"): r.get("Target") for r in part(dest, "word/_rels/document.xml.rels")}
    sides = {}
    for reference in section.findall(f"{W}footerReference"):
        footer = part(dest, f"word/{rels[reference.get(R_ID)]}")
        paragraph = footer.find(f"{W}p")
        sides[reference.get(f"{W}type")] = (paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val"),
                                            paragraph.find(f"{W}pPr/{W}ind").attrib)
        assert "PAGE" in "".join(footer.itertext())
    assert sides["default"][0] == "right" and sides["default"][1] == {f"{W}right": "280"}
    assert sides["even"][0] == "left" and sides["even"][1] == {f"{W}left": "280"}
