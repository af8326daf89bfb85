"""EPUB output read back as a reader would: zip, package, nav, text, CSS, fonts, epubcheck."""
from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from docpipe.write import fonts
from docpipe.read.parse import parse_file
from docpipe.write import css, epub
from docpipe.write import faces as faces_module
from conftest import CORPUS_FILES
from docpipe.model.theme import FontRole, load_theme

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "source" / "article.md"
CORPUS = CORPUS_FILES
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIXTURE = """---
title: 测试文档
subtitle: 副标题
author: [张三, 李四]
publisher: 某某出版社
---

正文有脚注[^1]，有*强调*和**加粗*斜粗*文字**，[外链](https://example.com)、
[站内](/about/)、[失效](#nowhere)。

![红色方块](red.png "图一")

# 第一章

#### 四级标题

> 引用。

[^1]: 脚注内容。
"""


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"\x00\xff\x00\x00" * 2
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def theme():
    return load_theme("default", search_from=[ROOT])


def _build(source: Path, theme, out: Path):
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = "2020-12-01"
    dest = out / f"{source.stem}.epub"
    epub.render(document, theme, dest)
    return document, dest


@pytest.fixture(scope="module")
def built(theme, tmp_path_factory):
    """Every EPUB the tests read: the article, the corpus and a fixture with notes and images."""
    out = tmp_path_factory.mktemp("epub")
    source = tmp_path_factory.mktemp("fixture")
    (source / "red.png").write_bytes(_png())
    (source / "fixture.md").write_text(FIXTURE, encoding="utf-8")
    books = {path.stem: _build(path, theme, out) for path in [ARTICLE, *CORPUS,
                                                              source / "fixture.md"]}
    books["styled"] = _build_styled(tmp_path_factory, out)
    return books


def _build_styled(tmp_path_factory, out: Path):
    """A book whose style's extra.css imports a URL and a file outside the project and uses a
    picture of its own: what epubcheck would flag (RSC-006) must not reach the package."""
    project = tmp_path_factory.mktemp("styled")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "evil.css").write_text("p { color: red; }")
    style = project / "styles" / "mine"
    shutil.copytree(ROOT / "styles" / "default", style)
    (style / "paper.png").write_bytes(_png())
    (style / "extra.css").write_text(
        '@import url("http://example.com/remote.css");\n'
        f'@import url("{outside / "evil.css"}");\n'
        f'@import "../../../{outside.name}/evil.css";\n'
        'body { background: url("https://example.com/bg.png") repeat; color: #222; }\n'
        '@media screen { header { background-image: url(paper.png); } }\n', encoding="utf-8")
    (project / "styled.md").write_text("---\ntitle: 样式\n---\n\n正文。\n", encoding="utf-8")
    document, dest = _build(project / "styled.md", load_theme(str(style)), out)
    assert len([w for w in document.warnings if "stylesheet reference refused" in w]) == 4
    return document, dest


def test_style_references_are_checked_and_packaged(built):
    book = Book(built["styled"][1])
    assert "example.com" not in book.css and "evil" not in book.css
    assert "@import" not in book.css and "color: #222" in book.css
    assert "background-image: url(\"style-files/file-001.png\")" in book.css
    hrefs = book.opf.xpath("//opf:item/@href", namespaces=NS)
    assert "style-files/file-001.png" in hrefs
    assert book.zip.read("EPUB/style-files/file-001.png") == _png()
    # the books without an extra.css keep their stylesheet exactly as css.py wrote it
    assert "style-files" not in Book(built["article"][1]).css


class Book:
    """An EPUB opened for reading: its entries, parsed package and XHTML."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.zip.read("EPUB/content.opf"))
        self.content = etree.fromstring(self.zip.read("EPUB/content.xhtml"))
        self.nav = etree.fromstring(self.zip.read("EPUB/nav.xhtml"))
        self.css = self.zip.read("EPUB/style.css").decode("utf-8")

    def meta(self, prop: str) -> list[str]:
        return self.opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)

    def dc(self, name: str) -> list[str]:
        return self.opf.xpath(f"//dc:{name}/text()", namespaces=NS)

    def font(self, href: str):
        from fontTools.ttLib import TTFont
        return TTFont(io.BytesIO(self.zip.read(f"EPUB/{href}")))


@pytest.fixture(scope="module")
def article(built):
    return built["article"][0], Book(built["article"][1])


def test_mimetype_first_and_stored(article):
    entries = article[1].zip.infolist()
    assert entries[0].filename == "mimetype"
    assert entries[0].compress_type == zipfile.ZIP_STORED and not entries[0].extra
    assert article[1].zip.read("mimetype") == b"application/epub+zip"
    assert all(entry.date_time == (1980, 1, 1, 0, 0, 0) for entry in entries)


def test_language_is_zh_cn(article):
    book = article[1]
    assert book.dc("language") == ["zh-CN"]
    for tree in (book.content, book.nav):
        assert tree.get(XML_LANG) == "zh-CN" and tree.get("lang") == "zh-CN"


def test_nav_lists_the_four_sections(article):
    document, book = article
    links = book.nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
    assert [a.text for a in links] == [text for _, _, text in document.headings()]
    assert len(links) == 4
    ids = set(book.content.xpath("//@id"))
    assert all(a.get("href").split("#")[1] in ids for a in links)
    assert book.nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=NS)


def test_nav_nests_by_level():
    outline = epub._outline([(1, "a", "A"), (2, "b", "B"), (3, "c", "C"), (2, "d", "D"),
                             (1, "e", "E"), (3, "f", "F")])
    shape = etree.tostring(outline, encoding="unicode")
    shape = re.sub(r'<a href="content.xhtml#\w">(\w)</a>', r"\1", shape)
    assert shape == "<ol><li>A<ol><li>B<ol><li>C</li></ol></li><li>D</li></ol></li>" \
                    "<li>E<ol><li>F</li></ol></li></ol>"


def test_text_equals_source(article):
    document, book = article
    section = book.content.find(".//x:body/x:section", NS)
    assert "".join(section.itertext()) == (document.body.text or "") + "".join(
        "".join(child.itertext()) + (child.tail or "") for child in document.body)
    title = book.content.find(".//x:header/x:p[@class='title']", NS)
    assert "".join(title.itertext()) == document.meta.title   # its words may be span.word


def test_css_is_the_shared_stylesheet(article, theme):
    book = article[1]
    faces = {role: f"fonts/{role}.woff" for role in faces_module.EMBEDDED_ROLES
             if f"EPUB/fonts/{role}.woff" in book.zip.namelist()}
    assert css.stylesheet(theme, media="screen", font_faces=faces) in book.css
    assert f"font-size: {theme.body_size}pt" in book.css
    assert re.search(r"text-indent: 2(\.0)?em", book.css)
    assert "@page" not in book.css


def _shown_text(book: Book) -> set[str]:
    return {c for tree in (book.content, book.nav)
            for c in "".join(tree.find("x:body", NS).itertext()) if not c.isspace()}


def test_body_font_covers_the_text_and_is_a_subset(article, theme):
    book = article[1]
    font = book.font("fonts/body.woff")
    missing = _shown_text(book) - {chr(code) for code in font.getBestCmap()}
    assert not missing
    path, index = fonts.locate(theme.body_font)
    from fontTools.ttLib import TTFont
    with TTFont(path, fontNumber=index, lazy=True) as source:
        assert font["maxp"].numGlyphs < source["maxp"].numGlyphs / 20
    assert "Open Font License" in font["name"].getDebugName(13)   # the OFL travels along


def test_every_face_is_declared_and_covers_its_role(built, theme):
    book = Book(built["fixture"][1])
    manifest = {item.get("href"): item.get("media-type")
                for item in book.opf.xpath("//opf:item", namespaces=NS)}
    urls = re.findall(r'url\("([^"]+)"\)', book.css)
    faces = [name[5:] for name in book.zip.namelist() if name.startswith("EPUB/fonts/")]
    assert sorted(urls) == sorted(faces) and len(faces) >= 5   # a bold heading face, a bold Kai
    assert all(manifest[href] == "font/woff" for href in faces)
    # Each (role, weight) the text uses is in the face declared for it, as far as the installed
    # face has it (see _source_cmap: a character the installed face lacks is drawn by a fallback).
    html_root = etree.fromstring(book.zip.read("EPUB/content.xhtml"))
    etree.cleanup_namespaces(html_root)
    for element in html_root.iter():
        element.tag = etree.QName(element).localname
    for (role, weight), chars in fonts.role_texts(html_root, theme).items():
        if role not in faces_module.EMBEDDED_ROLES:
            continue
        href = (f"fonts/{role}.woff" if weight == theme.font(role).weight
                else f"fonts/{role}-{weight}.woff")
        cmap = {chr(code) for code in book.font(href).getBestCmap()}
        wanted = {c for c in chars if not c.isspace()} & _source_cmap(theme.font(role), weight)
        assert wanted <= cmap, (role, weight)


def _source_cmap(role: FontRole, weight: int) -> set[str]:
    from fontTools.ttLib import TTFont
    path, index = fonts.locate(role, weight)
    with TTFont(path, fontNumber=index, lazy=True) as face:
        return {chr(code) for code in face.getBestCmap()}


def test_accessibility_metadata(article, built):
    book = article[1]
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    assert set(book.meta("schema:accessibilityFeature")) == {
        "structuralNavigation", "tableOfContents", "readingOrder"}
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary")[0].strip()
    fixture = Book(built["fixture"][1])
    assert "alternativeText" in fixture.meta("schema:accessibilityFeature")
    assert fixture.meta("schema:accessMode") == ["textual", "visual"]


def test_package_metadata(article, built):
    book = article[1]
    assert book.dc("title") == [article[0].meta.title]
    assert book.dc("identifier")[0].startswith("urn:uuid:")
    assert book.dc("date") == ["2020-12-01"]
    assert book.meta("dcterms:modified") == ["2020-12-01T00:00:00Z"]
    assert len(book.dc("subject")) == 5 and book.dc("rights") and book.dc("description")
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "ltr"
    fixture = Book(built["fixture"][1])
    assert fixture.dc("creator") == ["张三、李四"] and fixture.dc("publisher") == ["某某出版社"]
    assert fixture.dc("title") == ["测试文档", "副标题"]


def test_links_footnotes_and_images(built):
    book = Book(built["fixture"][1])
    ids = set(book.content.xpath("//@id"))
    hrefs = book.content.xpath("//x:a/@href", namespaces=NS)
    assert "#fn:1" in hrefs and "#fnref:1" in hrefs and "https://example.com" in hrefs
    assert all(h[1:] in ids for h in hrefs if h.startswith("#"))
    assert not [h for h in hrefs if h.startswith("/") or h == "#nowhere"]
    assert book.content.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    (src,) = book.content.xpath("//x:img/@src", namespaces=NS)
    assert src == "images/image-001.png" and book.zip.read(f"EPUB/{src}") == _png()
    item = book.opf.xpath(f"//opf:item[@href='{src}']", namespaces=NS)[0]
    assert item.get("media-type") == "image/png"


def test_byte_identical_across_renders(theme, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = _build(ARTICLE, theme, tmp_path / "a")[1]
    fonts._subset_cached.cache_clear()   # the second build subsets again, not from the cache
    second = _build(ARTICLE, theme, tmp_path / "b")[1]
    assert first.read_bytes() == second.read_bytes()


def test_article_epub_is_at_most_1_mb(built):
    assert built["article"][1].stat().st_size <= 1_000_000


def test_locate_picks_the_sc_face_of_a_collection(theme):
    path, index = fonts.locate(theme.body_font)
    assert path.suffix == ".ttc"
    role = FontRole(families=("Noto Serif CJK SC",), word="宋体", word_latin="", file=path)
    assert fonts.locate(role) == (path, index)
    from fontTools.ttLib import TTFont
    with TTFont(path, fontNumber=index, lazy=True) as face:
        assert face["name"].getDebugName(1) == "Noto Serif CJK SC"


def test_fonttools_fallback_matches_harfbuzz(theme):
    path, index = fonts.locate(theme.body_font)
    from fontTools.ttLib import TTFont
    slow = fonts._subset_fonttools(str(path), index, "中文，。A1", "woff")
    assert slow == fonts._subset_fonttools(str(path), index, "中文，。A1", "woff")
    fast = fonts.subset(path, index, "中文，。A1")
    assert TTFont(io.BytesIO(slow)).getBestCmap() == TTFont(io.BytesIO(fast)).getBestCmap()


@pytest.mark.fast
@pytest.mark.parametrize("family", ["Noto Serif CJK SC", "DejaVu Sans"])   # CFF, TrueType
def test_woff_wrapping_is_fonttools_own(family):
    """The direct WOFF copy gives TTFont.save()'s bytes, and a WOFF fontTools reads back."""
    from fontTools.ttLib import TTFont
    path, index = fonts.locate(FontRole(families=(family,), word="", word_latin=""))
    sfnt = fonts._subset_harfbuzz(str(path), index, "中文，。Ag1")
    font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    font.flavor = "woff"
    expected = io.BytesIO()
    font.save(expected)
    assert fonts._wrap(sfnt, "woff") == expected.getvalue()
    back = TTFont(io.BytesIO(fonts._wrap(sfnt, "woff")))
    assert back.flavor == "woff" and ord("A") in back.getBestCmap()


@pytest.mark.fast
def test_fontconfig_in_process_answers_as_fc_match(monkeypatch):
    """Faces are found in this process, with fc-match's answers (and by fc-match without
    the library): a present family at each weight, a missing one, a generic name."""
    import subprocess
    from docpipe.write import fontconfig
    form = "%{file}\n%{index}\n%{family}"
    patterns = [f"{family}:lang=zh-cn:weight={weight}"
                for family in ("Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai",
                               "No Such Family", "serif")
                for weight in ("regular", "bold", "black")]
    asked = [subprocess.run(["fc-match", "-f", form, pattern], capture_output=True,
                            text=True, check=True).stdout for pattern in patterns]
    assert [fontconfig.match(pattern, form) for pattern in patterns] == asked
    assert "NotoSerifCJK-Bold" in asked[1]
    found = [fonts._fc_match.__wrapped__("Noto Serif CJK SC", "bold", "zh-cn"),
             fonts._fc_match.__wrapped__("No Such Family", "regular", "zh-cn")]
    # a platform whose library has another file name: found by ctypes.util.find_library
    import ctypes
    import ctypes.util
    loaded = next(line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
                  if "libfontconfig" in line)
    real = ctypes.CDLL

    def only_by_path(name):
        if name == "libfontconfig.so.1":
            raise OSError(name)
        return real(name)

    monkeypatch.setattr(ctypes, "CDLL", only_by_path)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: loaded)
    fontconfig._library.cache_clear()
    try:
        assert fontconfig.match(patterns[1], form) == asked[1]
    finally:
        monkeypatch.setattr(ctypes, "CDLL", real)
        fontconfig._library.cache_clear()
    monkeypatch.setattr(fontconfig, "_library", lambda: None)
    assert fontconfig.match(patterns[0], form) is None
    assert [fonts._fc_match.__wrapped__("Noto Serif CJK SC", "bold", "zh-cn"),
            fonts._fc_match.__wrapped__("No Such Family", "regular", "zh-cn")] == found


@pytest.fixture(scope="module")
def epubcheck_results(built, epubcheck):
    """Every book through the session's one epubcheck JVM: name → counts, and the messages."""
    verdicts = {name: epubcheck.check(dest) for name, (_, dest) in built.items()}
    return ({name: verdict.counts for name, verdict in verdicts.items()},
            "\n".join(str(verdict) for verdict in verdicts.values()))


@pytest.mark.parametrize("name", ["article", "fixture", "styled",
                                  *(path.stem for path in CORPUS)])
def test_epubcheck_reports_nothing(epubcheck_results, name):
    results, messages = epubcheck_results
    assert name in results, messages[-2000:]
    assert results[name] == (0, 0, 0), [m for m in messages.splitlines() if name in m]
