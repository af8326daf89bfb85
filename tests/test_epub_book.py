"""E-books stores and readers take: a cover (the front matter's or a typeset one), a long book
split into one XHTML file per chapter with its links, notes and contents working across files,
still epubcheck-clean."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from conftest import CORPUS, source_text, squash
from docpipe.errors import SourceError
from docpipe.model.theme import load_theme
from docpipe.read.parse import parse_file
from docpipe.write import epub, epub_cover, epub_split

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "source" / "article.md"
LAW = CORPUS / "lawrefbook" / "procuratorate-criminal-procedure-rules.md"
NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml",
      "epub": "http://www.idpf.org/2007/ops"}
#: one chapter's paragraph: ~40 KB of XHTML a chapter, so three chapters pass SPLIT_ABOVE
PARAGRAPH = "检察机关依法履行法律监督职能，保障法律统一正确实施。" * 24


def _long_source(cover: str | None) -> str:
    front = f"---\ntitle: 长篇测试\nauthor: 张三\n{f'cover: {cover}' + chr(10) if cover else ''}---\n\n"
    chapters = []
    for number in (1, 2, 3):
        body = "\n\n".join([PARAGRAPH] * 30)
        chapters.append(f"# 第{number}章\n\n开头有注[^n{number}]，见[第三章](#第3章)。\n\n"
                        f"## 第{number}章第一节\n\n{body}\n")
    notes = "\n".join(f"[^n{number}]: 第{number}个注。" for number in (1, 2, 3))
    return front + "\n".join(chapters) + "\n" + notes + "\n"


@pytest.fixture(scope="module")
def theme():
    return load_theme("default", search_from=[ROOT])


def _render(source: Path, theme, out: Path):
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = "2020-12-01"
    dest = out / f"{source.stem}.epub"
    epub.render(document, theme, dest)
    return document, dest


def _png(size=(600, 960), colour=(20, 90, 160)) -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, format="PNG")
    return data.getvalue()


@pytest.fixture(scope="module")
def books(theme, tmp_path_factory):
    out = tmp_path_factory.mktemp("books")
    project = tmp_path_factory.mktemp("long")
    (project / "cover.png").write_bytes(_png())
    (project / "long.md").write_text(_long_source("cover.png"), encoding="utf-8")
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "cover.png").write_bytes(_png())
    refused = tmp_path_factory.mktemp("refused")
    (refused / "refused.md").write_text(
        f"---\ntitle: 封面在外\ncover: ../{outside.name}/cover.png\n---\n\n正文。\n", "utf-8")
    return {"law": _render(LAW, theme, out), "long": _render(project / "long.md", theme, out),
            "article": _render(ARTICLE, theme, out),
            "refused": _render(refused / "refused.md", theme, out)}


class Book:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.zip.read("EPUB/content.opf"))

    def spine(self) -> list[str]:
        hrefs = {item.get("id"): item.get("href")
                 for item in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [hrefs[ref.get("idref")] for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def xhtml(self, href: str):
        return etree.fromstring(self.zip.read(f"EPUB/{href}"))

    def item(self, **attrs):
        condition = " and ".join(f"@{k}='{v}'" for k, v in attrs.items())
        (found,) = self.opf.xpath(f"opf:manifest/opf:item[{condition}]", namespaces=NS)
        return found


def _targets_resolve(book: Book, href_of_page: str, tree) -> None:
    """Every link inside the book leads to a file of the package and an id in it."""
    for link in tree.iterfind(".//x:a[@href]", NS):
        href = link.get("href")
        if href.startswith(("http:", "https:", "mailto:")):
            continue
        page, _, fragment = href.partition("#")
        page = page or href_of_page
        target = book.xhtml(page)
        if fragment:
            assert target.xpath("//*[@id=$id]", id=unquote(fragment)), (href_of_page, href)


def test_the_law_is_one_file_per_chapter_and_its_contents_lead_there(books):
    document, path = books["law"]
    book = Book(path)
    spine = book.spine()
    chapters = [h for h in spine if h.startswith("chapter-")]
    top = [text for level, _, text in document.headings() if level == 2]
    assert len(top) == 17 and len(chapters) == 17
    assert spine[:2] == ["cover.xhtml", "content.xhtml"] and spine[-1] == "nav.xhtml"
    for href, heading in zip(chapters, top):
        first = book.xhtml(href).find(".//x:section/*", NS)
        assert "".join(first.itertext()).strip() == heading
    nav = book.xhtml("nav.xhtml")
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
    assert len(toc) == len(document.headings())
    _targets_resolve(book, "nav.xhtml", nav)
    for href in chapters:
        assert len(book.zip.read(f"EPUB/{href}")) < epub_split.SPLIT_ABOVE
    # all the text, in reading order, once
    text = "".join("".join(book.xhtml(h).find("x:body", NS).itertext())
                   for h in spine if h not in ("cover.xhtml", "nav.xhtml"))
    assert squash(text) == source_text(LAW)


def test_notes_and_links_work_across_the_split(books):
    _, path = books["long"]
    book = Book(path)
    chapters = [h for h in book.spine() if h.startswith("chapter-")]
    assert len(chapters) == 3
    for number, href in enumerate(chapters, start=1):
        page = book.xhtml(href)
        _targets_resolve(book, href, page)
        (ref,) = page.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        assert ref.get("href").startswith("#"), "a note lives in the file that cites it"
        # an EPUB 3 footnote (write/book.py): its number, linking back, then its text
        (note,) = page.xpath("//x:aside[starts-with(@id, 'fn:')]", namespaces=NS)
        assert note.get(f"{{{NS['epub']}}}type") == "footnote"
        assert "".join(note.itertext()).strip().startswith(f"{number}. 第{number}个注")
        backref = note.find(".//x:a[@role='doc-backlink']", NS)
        assert backref is not None and backref.get("href").startswith("#")
        link = page.xpath("//x:a[text()='第三章']", namespaces=NS)[0]
        assert link.get("href") == ("#第3章" if number == 3 else f"{chapters[2]}#第3章")


def test_the_split_books_body_face_has_every_character_of_every_file(books):
    """The subsets are cut from the files as split (the notes' text included: "个" is only
    in the notes of the long book)."""
    from fontTools.ttLib import TTFont

    book = Book(books["long"][1])
    shown = {c for href in book.spine() if href != "cover.xhtml"
             for c in "".join(book.xhtml(href).find("x:body", NS).itertext())
             if not c.isspace()}
    assert "个" in shown
    face = TTFont(io.BytesIO(book.zip.read("EPUB/fonts/body.woff")))
    assert shown - {chr(code) for code in face.getBestCmap()} == set()


def test_the_front_matter_cover_is_the_books_cover(books):
    document, path = books["long"]
    book = Book(path)
    item = book.item(properties="cover-image")
    assert book.zip.read(f"EPUB/{item.get('href')}") == _png()
    assert book.opf.xpath("//opf:meta[@name='cover']/@content", namespaces=NS) == [item.get("id")]
    cover = book.xhtml("cover.xhtml")
    (img,) = cover.iterfind(".//x:img", NS)
    assert img.get("src") == item.get("href") and img.get("alt") == "长篇测试"
    assert book.spine()[0] == "cover.xhtml"
    landmarks = book.xhtml("nav.xhtml").xpath("//x:nav[@epub:type='landmarks']//x:a/@href",
                                              namespaces=NS)
    assert "cover.xhtml" in landmarks
    assert document.images["cover.png"].path.name == "cover.png"   # a build dependency


def test_without_a_cover_one_is_typeset_from_the_title(books):
    from PIL import Image

    book = Book(books["article"][1])
    item = book.item(properties="cover-image")
    assert item.get("href") == "cover.png" and item.get("media-type") == "image/png"
    picture = Image.open(io.BytesIO(book.zip.read("EPUB/cover.png"))).convert("L")
    assert picture.size == (1600, 2560)
    # the title is drawn in its upper half: dark ink there, in several lines' worth of rows
    rows = [y for y in range(500, 1500, 10)
            if picture.crop((0, y, 1600, y + 1)).getextrema()[0] < 80]
    assert len(rows) > 30
    # a short book stays one content file (the cover comes before it)
    assert book.spine() == ["cover.xhtml", "content.xhtml", "nav.xhtml"]


def _drawn_in_rgb(theme, parts: list[tuple[str, str]]):
    """What Pillow draws for (text, colour) lines on a white RGB page: the reference picture."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (epub_cover.WIDTH, epub_cover.HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(picture)
    face = epub_cover._face(theme, "title", 150)
    for number, (text, colour) in enumerate(parts):
        draw.text((epub_cover.WIDTH / 2, 300 + 400 * number), text, font=face, fill=colour,
                  anchor="ma")
    return picture


@pytest.mark.fast
@pytest.mark.parametrize("colours, tolerance", [(["#000000", "#000"], 0),
                                                (["#8b1a1a", "#1f4e8c", "#333333"], 2)])
def test_the_palette_cover_is_the_rgb_drawing(theme, colours, tolerance):
    """The cover's palette PNG shows what an RGB drawing would: the same pixels with one
    colour (however spelt), within 2/255 per channel with three (85 anti-aliasing levels
    each)."""
    from PIL import Image, ImageChops

    parts = [(f"封面文字{n}《题》Ag", colour) for n, colour in enumerate(colours)]
    canvas = epub_cover._Canvas()
    face = epub_cover._face(theme, "title", 150)
    for number, (text, colour) in enumerate(parts):
        canvas.centred(text, face, 300 + 400 * number, colour)
    picture = Image.open(io.BytesIO(canvas.png()))
    assert picture.mode == "P" and picture.size == (1600, 2560)
    reference = _drawn_in_rgb(theme, parts)
    assert len(reference.getcolors(1 << 24)) > 50 * len(set(colours)) // 2   # anti-aliased ink
    difference = ImageChops.difference(picture.convert("RGB"), reference)
    assert max(high for _, high in difference.getextrema()) <= tolerance


def test_a_typeset_cover_is_kept_for_the_next_build_of_the_same_inputs(theme, tmp_path,
                                                                       monkeypatch):
    """The second build reuses the first one's picture without drawing; a changed title, a
    damaged file or DOCPIPE_NO_CACHE draws again."""
    import dataclasses

    from docpipe.write import cover_cache

    monkeypatch.setenv("DOCPIPE_CACHE_DIR", str(tmp_path / "cache"))
    document = parse_file(ARTICLE, style_folder=theme.folder)
    drawn = []
    real = epub_cover._draw
    monkeypatch.setattr(epub_cover, "_draw", lambda *a: drawn.append(1) or real(*a))
    first = epub_cover.typeset(document, theme)
    assert epub_cover.typeset(document, theme) == first and len(drawn) == 1
    (kept,) = (tmp_path / "cache" / "covers").iterdir()
    kept.write_bytes(first[:1000])                                  # damaged: drawn again
    assert epub_cover.typeset(document, theme) == first and len(drawn) == 2
    document.meta = dataclasses.replace(document.meta, title="另一个标题")
    other = epub_cover.typeset(document, theme)
    assert other != first and len(drawn) == 3
    assert len(list((tmp_path / "cache" / "covers").iterdir())) == 2
    monkeypatch.setenv("DOCPIPE_NO_CACHE", "1")
    assert epub_cover.typeset(document, theme) == other and len(drawn) == 4
    monkeypatch.setattr(cover_cache, "MAX_FILES", 1)
    monkeypatch.delenv("DOCPIPE_NO_CACHE")
    document.meta = dataclasses.replace(document.meta, title="第三个标题")
    epub_cover.typeset(document, theme)
    assert len(list((tmp_path / "cache" / "covers").iterdir())) == 1   # the oldest removed


def test_a_refused_cover_is_a_warning_and_the_cover_is_typeset(books):
    document, path = books["refused"]
    assert any("cover image refused" in w and "outside the project" in w
               for w in document.warnings)
    assert Book(path).item(properties="cover-image").get("href") == "cover.png"


def test_a_missing_cover_names_the_line(theme, tmp_path):
    (tmp_path / "doc.md").write_text("---\ntitle: 缺封面\ncover: nothere.png\n---\n\n正文。\n",
                                     encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        parse_file(tmp_path / "doc.md", style_folder=theme.folder)
    assert raised.value.line == 3 and "nothere.png" in str(raised.value)


def test_the_books_are_epubcheck_clean(books, epubcheck):
    for name, (_, path) in books.items():
        verdict = epubcheck.check(path)
        assert verdict.counts == (0, 0, 0), (name, str(verdict))
