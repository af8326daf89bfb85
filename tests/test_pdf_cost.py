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


@pytest.fixture
def pydyf_as_shipped():
    """pydyf's own serialization around a test (the adaptation put back after it)."""
    from docpipe.write.pdf import pdfbytes

    pdfbytes.uninstall()
    yield
    pdfbytes.uninstall()


@pytest.mark.fast
def test_fast_serialization_writes_the_bytes_pydyf_writes(pydyf_as_shipped):
    import pydyf

    from docpipe.write.pdf import pdfbytes

    page = pydyf.Dictionary({"Type": "/Page"})
    page.number = 7
    values = [0, 1, -3, 10**12, 0.0, -0.0, 1.0, 2.5, -0.125, 1e-7, 123456.789, 1 / 3, 1e22,
              float("inf"), True, False, None, "/Span", b"3 0 R", bytearray(b"x"),
              pydyf.String("标签 (x)"), pydyf.String("a\\b"), page.reference,
              pydyf.Array([1, 2.5, "/Name", pydyf.Array([b"x", 0.1])]),
              pydyf.Dictionary({"K": pydyf.Array([3, 4]), "Alt": pydyf.String("图")})]
    stream = pydyf.Stream([b"BT", 12, 0.5, "/F1", pydyf.Dictionary({"MCID": 2})],
                          {"Type": "/XObject"}, compress=True)
    plain = pydyf.Stream([b"q", 1.25, b"Q"])

    def written():
        return ([pydyf._to_bytes(value) for value in values]
                + [pydyf.Dictionary({"A": value, "B": 1}).data for value in values]
                + [pydyf.Array([value, value]).data for value in values]
                + [stream.data, plain.data])

    shipped = written()
    assert pdfbytes.install(level=9) is None
    assert pydyf._to_bytes.__module__ == pdfbytes.__name__   # the fast functions are in
    assert written() == shipped
    pdfbytes.uninstall()
    assert pdfbytes.install(level=6) is None
    fast = written()
    assert fast[:-2] == shipped[:-2] and fast[-1] == shipped[-1]   # only deflate differs
    assert fast[-2] != shipped[-2]


@pytest.mark.fast
def test_a_pydyf_of_another_shape_keeps_its_own_code_and_says_so(pydyf_as_shipped,
                                                                 monkeypatch):
    import pydyf

    from docpipe.write.pdf import pdfbytes

    def _to_bytes(item):   # a future pydyf that writes numbers otherwise
        return repr(item).encode()

    monkeypatch.setattr(pydyf, "_to_bytes", _to_bytes)
    refused = pdfbytes.install()
    assert refused and "pydyf" in refused and pydyf._to_bytes is _to_bytes


_TAGGED = """<html lang="zh-CN"><head><title>标签</title><style>
@page { size: A6; margin: 10mm; @bottom-center { content: counter(page); } }
body { font-size: 10pt; text-align: justify; } h1 { break-before: page; }
span.note { float: footnote; }
</style></head><body>
<h1 id="a">第一章 总则</h1><p>为了保障视障读者也能读到本文（见<a href="#b">第二章</a>），这一段中文足够长，
会排成几行，标签必须仍然指向它们所在的内容<span class="note">一个脚注。</span>。</p>
<ul><li>第一项 with Latin 1.5</li><li>第二项<ol><li>甲</li></ol></li></ul>
<table><thead><tr><th>名称</th><th scope="col">数量</th></tr></thead>
<tbody><tr><td>甲</td><td rowspan="2">1</td></tr><tr><td>乙</td></tr></tbody></table>
<p><img alt="红色方块" style="width: 20px; height: 10px" src="data:image/png;base64,\
iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGM8ISfHwMAAAAXMAQZFiFnUAAAAAElFTkSuQmCC"></p>
<h1 id="b">第二章 附则</h1><p>本规则自公布之日起施行。</p></body></html>"""


@pytest.mark.pdf
def test_a_tagged_pdf_is_written_byte_for_byte_as_pydyf_writes_it(pydyf_as_shipped):
    """A tagged PDF (headings, links, a footnote, lists, a table with headers, an image,
    two pages) laid out once and written with pydyf's serialization and with docpipe's at
    pydyf's deflate level: the same bytes; at docpipe's level the same objects and page
    contents (pikepdf reads them back)."""
    import io

    import pikepdf

    from docpipe.write.pdf import pdfbytes, writer

    weasyprint = writer.import_weasyprint()
    document = weasyprint.HTML(string=_TAGGED).render()
    assert len(document.pages) == 2

    def write() -> bytes:
        out = io.BytesIO()
        document.write_pdf(out, pdf_tags=True, pdf_identifier=None)
        return out.getvalue()

    shipped = write()
    assert pdfbytes.install(level=9) is None
    assert write() == shipped
    pdfbytes.uninstall()
    assert pdfbytes.install(level=6) is None
    faster = write()
    assert faster != shipped

    def contents(data: bytes):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            tree = pdf.Root.StructTreeRoot
            return ([page.Contents.read_bytes() for page in pdf.pages], len(pdf.objects),
                    str(tree.ParentTree.Nums), len(tree.K[0].K))

    assert contents(faster) == contents(shipped)
