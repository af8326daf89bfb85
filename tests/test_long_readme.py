"""A long README from a public repository (tests/data/llamafactory: LLaMA-Factory's Chinese
README, 1,000 lines of tables, nested lists, code, <details> blocks and images), built once in
all three formats and read back as a reader sees it: the contents with the headings and the
pages they land on, tables whose rows hold together, images or their alt text, and no
Markdown syntax left in the text."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from conftest import ROOT, run_docpipe

pikepdf = pytest.importorskip("pikepdf")
pytestmark = [pytest.mark.pdf, pytest.mark.slow]  # ~20 s of CPU: make test-slow

DATA = ROOT / "tests" / "data" / "llamafactory"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: images in the repository (the others are badges on the web: their alt text shows)
LOCAL_ALT = ("Discord", "Open in Colab", "Open in DSW", "Warp sponsorship", "SerpAPI sponsorship")
REMOTE_ALT = ("GitHub Repo stars", "GitHub last commit", "Docker Pulls", "Open in Spaces")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("readme") / "llamafactory"
    shutil.copytree(DATA, folder)
    result = run_docpipe("build", "README_zh.md", "-o", "out", "--jobs", "2", cwd=folder,
                         env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr
    return {fmt: folder / "out" / f"README_zh.{fmt}" for fmt in ("pdf", "docx", "epub")}


def _source_headings(level: int) -> list[str]:
    """The source's headings of one level, as text (links, emphasis, <br> and the
    variation selector of ❤️ dropped), outside fenced code."""
    headings, fence = [], False
    for line in (DATA / "README_zh.md").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        match = None if fence else re.match(rf"#{{{level}}} (.+)", line)
        if match:
            text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", match.group(1))
            headings.append(_plain(re.sub(r"<br>|\*\*", "", text)))
    return headings


def _plain(text: str) -> str:
    return re.sub(r"[\s\ufe0f]", "", text)


def _pdf_pages(pdf: Path) -> list[str]:
    # poppler reads the text back; pdfminer cannot decode the CMap WeasyPrint writes for a
    # font missing some glyphs (the README's emoji)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


def _outline(pdf: Path) -> list[tuple[str, int]]:
    reader = pypdf.PdfReader(pdf)

    def flat(items):
        for item in items:
            if isinstance(item, list):
                yield from flat(item)
            else:
                yield item.title, reader.get_destination_page_number(item) + 1
    return list(flat(reader.outline))


def test_the_pdf_contents_list_the_headings_with_the_pages_they_land_on(built) -> None:
    pages = _pdf_pages(built["pdf"])
    assert "目录" in pages[0]
    # contents lines: a title, dot leaders, a page number (a long title wraps onto two lines)
    contents: list[tuple[str, int]] = []
    pending = ""
    for page in pages[:3]:
        for line in page.splitlines():
            entry = re.match(r"(.*?)\s*\.{4,}\s*(\d+)$", line)
            if entry:
                contents.append((_plain(pending + entry.group(1)), int(entry.group(2))))
                pending = ""
            elif line.strip() == "目录":   # the title block stands before it
                pending = ""
            elif line.strip() and not line.startswith("—"):
                pending += line
    # every heading, in order, with the page it landed on (by the PDF's own bookmarks)
    outline = [(_plain(title), page) for title, page in _outline(built["pdf"])]
    assert len(outline) >= 30
    assert contents == outline
    listed = dict(contents)
    for heading in _source_headings(2):
        assert heading in listed, heading
        assert heading in _plain(pages[listed[heading] - 1])   # and it is on that page


def _rows(pdf: Path) -> list[set[int]]:
    """The pages each table row (structure element TR) has content on."""
    with pikepdf.open(pdf) as document:
        numbers = {page.objgen: index for index, page in enumerate(document.pages)}
        rows: list[set[int]] = []

        def walk(node, page, row):
            if isinstance(node, int):          # a marked-content id on the current page
                if row is not None:
                    row.add(page)
                return
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, page, row)
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            if "/Pg" in node:
                page = numbers[node.Pg.objgen]
            if "/MCID" in node:
                walk(int(node.MCID), page, row)
                return
            if node.get("/S") == "/TR":
                row = set()
                rows.append(row)
            if "/K" in node:
                walk(node.K, page, row)

        walk(document.Root.StructTreeRoot, None, None)
    return rows


def test_tables_hold_together_in_every_format(built) -> None:
    rows = _rows(built["pdf"])
    assert len(rows) >= 80
    assert all(len(pages) == 1 for pages in rows), [sorted(p) for p in rows if len(p) != 1]
    word = docx.Document(str(built["docx"])).element.body
    tables = word.findall(f".//{W}tbl")
    word_rows = word.findall(f".//{W}tbl/{W}tr")
    assert len(rows) >= len(word_rows) >= 80  # the PDF repeats a header row on a new page
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in word_rows)
    assert all(table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for table in tables)
    with zipfile.ZipFile(built["epub"]) as epub:
        pages = b"".join(epub.read(n) for n in epub.namelist()
                         if n.endswith(".xhtml") and "nav" not in n)
    assert pages.count(b"<table") == len(tables) == 7
    assert pages.count(b"<tr") == len(word_rows)


def test_images_are_shown_or_their_alt_text_is(built) -> None:
    text = "\n".join(_pdf_pages(built["pdf"]))
    for alt in REMOTE_ALT:
        assert alt in text, alt
    with pikepdf.open(built["pdf"]) as pdf:
        images = sum(1 for page in pdf.pages
                     for xobject in page.Resources.get("/XObject", {}).values()
                     if xobject.get("/Subtype") == "/Image")
    assert images >= 2   # the logo and the sponsor's picture (the SVGs are drawn as vectors)
    word = docx.Document(str(built["docx"]))
    described = [shape.get("descr") for shape in word.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert set(LOCAL_ALT) <= set(described)
    word_text = "\n".join(p.text for p in word.paragraphs)
    assert all(alt in word_text for alt in REMOTE_ALT)
    with zipfile.ZipFile(built["epub"]) as epub:
        names = epub.namelist()
        assert sum(name.startswith("EPUB/images/") for name in names) == 6
        body = b"".join(epub.read(n) for n in names if n.endswith(".xhtml")).decode("utf-8")
    for alt in LOCAL_ALT:
        assert re.search(rf'<img [^>]*alt="{alt}"', body), alt
    assert all(alt in body for alt in REMOTE_ALT)


def test_nothing_runs_off_the_pdf_pages(built) -> None:
    """Every picture and every table rule inside the text block: the sponsor logo
    (<img width="400"> of a 1,024 px picture in a table cell) ran off the right edge, and so
    did the training-methods table (five columns of :white_check_mark:)."""
    import pdfplumber

    section = docx.Document(str(built["docx"])).sections[0]   # the same theme's text block
    left, right = section.left_margin.pt, section.right_margin.pt
    outside = []
    with pdfplumber.open(built["pdf"]) as pdf:
        for page in pdf.pages:
            for thing in page.images + [e for e in page.edges if e["orientation"] == "v"]:
                if thing["x0"] < left - 0.5 or thing["x1"] > page.width - right + 0.5:
                    outside.append((page.page_number, round(thing["x0"]), round(thing["x1"])))
    assert outside == []


def test_no_markdown_syntax_is_left_in_the_pdf_text(built) -> None:
    text = "\n".join(_pdf_pages(built["pdf"]))
    source = (DATA / "README_zh.md").read_text(encoding="utf-8")
    for syntax in ("](", "```", "![", "[!", "[^", "<details", "<summary", "<div", "<img",
                   "<br", "&nbsp;", "&lt;"):
        assert syntax not in text, syntax
    assert not re.search(r"^\s*\|\s*:?-{3}", text, re.M)   # a table's delimiter row
    assert not re.search(r"^\s*> ", text, re.M)              # a quote marker
    # "**" only where the author escaped it (\*\*)
    assert text.count("**") == source.count(r"\*\*")
    for level in (2, 3, 4):   # no heading left as "#### …" (those inside <details> were)
        for heading in _source_headings(level):
            assert "#" * level + heading not in _plain(text), heading
    # the Markdown inside <details> is read as GitHub reads it
    assert "GLM-4.1V-9B-Thinking" in text and "预训练数据集" in text


def test_the_docx_and_epub_contents_hold_the_headings(built) -> None:
    word = docx.Document(str(built["docx"]))
    instructions = "".join(t.text or "" for t in word.element.body.iter(f"{W}instrText"))
    assert "TOC" in instructions
    headings = {_plain(p.text) for p in word.paragraphs if p.style.name == "Heading 2"}
    assert set(_source_headings(2)) <= headings
    with zipfile.ZipFile(built["epub"]) as epub:
        nav = next(epub.read(n) for n in epub.namelist() if n.endswith("nav.xhtml"))
    entries = {_plain(t) for t in re.findall(r"<a [^>]*>([^<]+)</a>", nav.decode("utf-8"))}
    assert set(_source_headings(2)) <= entries


def test_the_epub_passes_epubcheck(built, epubcheck) -> None:
    verdict = epubcheck.check(built["epub"])
    assert verdict.clean, verdict.messages
