"""Tagged PDF by default and the --pdf-variant archival/accessible variants, read back with
pikepdf: the structure tree (roles, /Alt, /Lang), the XMP identification, fonts, OutputIntents."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_docpipe

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.pdf

SOURCE = """---
title: 无障碍测试
lang: zh-CN
---
# 第一章 总则

为了保障视障读者也能读到本文，这一段中文足够长，会排成两行以上，两端对齐时字符会被移动位置，标签必须仍然指向它们所在的内容。

## 第一节 范围

- 第一项
- 第二项

| 名称 | 数量 |
|------|------|
| 甲   | 1    |

![一只红色的方块](square.png)
"""


def _build(folder: Path, *variant: str) -> Path:
    from PIL import Image

    folder.mkdir()
    (folder / "doc.md").write_text(SOURCE, encoding="utf-8")
    Image.new("RGB", (120, 80), (200, 30, 30)).save(folder / "square.png")
    result = run_docpipe("build", str(folder / "doc.md"), "-f", "pdf", "-o", str(folder / "out"),
                         "--jobs", "1", *variant, env={"SOURCE_DATE_EPOCH": "1606780800"})
    assert result.returncode == 0, result.stderr
    return folder / "out" / "doc.pdf"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str | None, Path]:
    base = tmp_path_factory.mktemp("tags")
    built: dict[str | None, Path] = {None: _build(base / "plain")}
    for variant in ("pdf/a-2b", "pdf/a-3u", "pdf/ua-1"):
        built[variant] = _build(base / variant.replace("/", "-"), "--pdf-variant", variant)
    return built


def _elements(node, found: list) -> list:
    """Every structure element under ``node`` in reading order, as (role, element)."""
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append((str(kid.S), kid))
            _elements(kid, found)
    return found


def _roles(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [role for role, _ in _elements(pdf.Root.StructTreeRoot, [])]


def test_the_default_pdf_is_tagged_with_language_and_roles(pdfs):
    with pikepdf.open(pdfs[None]) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        assert bool(pdf.Root.MarkInfo.Marked)
        elements = _elements(pdf.Root.StructTreeRoot, [])
        roles = [role for role, _ in elements]
        for role in ("/H1", "/H2", "/P", "/L", "/LI", "/LBody", "/Table", "/TH", "/TD",
                     "/Figure"):
            assert role in roles, (role, roles)
        assert roles.index("/H1") < roles.index("/H2") < roles.index("/Table")
        figures = [element for role, element in elements if role == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == ["一只红色的方块"]


def test_every_shown_text_is_marked_content_after_justification(pdfs):
    """The justification moves glyphs after layout: each text-showing operator must still sit
    inside a marked-content sequence that the structure tree points to."""
    with pikepdf.open(pdfs[None]) as pdf:
        shown = outside = 0
        for page in pdf.pages:
            depth = 0
            for _, operator in pikepdf.parse_content_stream(page):
                operator = str(operator)
                if operator in ("BDC", "BMC"):
                    depth += 1
                elif operator == "EMC":
                    depth -= 1
                elif operator in ("Tj", "TJ", "'", '"'):
                    shown += 1
                    outside += depth == 0
        assert shown and not outside, (shown, outside)


def _xmp(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf, pdf.open_metadata() as meta:
        return {key.split("}")[-1]: str(value) for key, value in meta.items()}


def _fonts(pdf) -> list:
    fonts = []
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            fonts.append(font)
    return fonts


@pytest.mark.parametrize("variant, part, conformance", [("pdf/a-2b", "2", "B"),
                                                        ("pdf/a-3u", "3", "U")])
def test_pdf_a_identifies_itself_embeds_fonts_and_an_output_intent(pdfs, variant, part,
                                                                   conformance):
    xmp = _xmp(pdfs[variant])
    assert (xmp["part"], xmp["conformance"]) == (part, conformance)
    assert xmp["title"] == "无障碍测试"
    with pikepdf.open(pdfs[variant]) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "   # an ICC RGB profile
        assert "/ID" in pdf.trailer
        fonts = _fonts(pdf)
        assert fonts
        for font in fonts:
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                else font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            if conformance == "U":   # Unicode text: every font maps its glyphs back
                assert "/ToUnicode" in font
        assert "/StructTreeRoot" in pdf.Root   # tagged as every docpipe PDF is


def test_pdf_ua_identifies_itself_and_keeps_the_structure(pdfs):
    assert _xmp(pdfs["pdf/ua-1"])["part"] == "1"
    with pikepdf.open(pdfs["pdf/ua-1"]) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        # PDF/UA: the title, not the file name, in the reader's window
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert "/Figure" in _roles(pdfs["pdf/ua-1"])


def test_an_unknown_variant_is_a_usage_error(tmp_path):
    (tmp_path / "doc.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = run_docpipe("build", str(tmp_path / "doc.md"), "-f", "pdf", "-o",
                         str(tmp_path / "out"), "--pdf-variant", "pdf/x-4")
    assert result.returncode == 2
    assert "pdf/a-2b" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "doc.pdf").exists()


def test_a_booklet_cannot_be_an_archival_variant(tmp_path):
    (tmp_path / "doc.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = run_docpipe("build", str(tmp_path / "doc.md"), "-f", "pdf", "-o",
                         str(tmp_path / "out"), "--booklet", "--pdf-variant", "pdf/a-2b")
    assert result.returncode == 2, result.stderr
    assert "--booklet and --pdf-variant" in result.stderr and "Traceback" not in result.stderr
