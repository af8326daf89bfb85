"""Every image kind a browser shows reaches all three formats at one size; broken ones are
one line naming the file, in `check` and `build` alike."""
from __future__ import annotations

import io
import zipfile

import pdfplumber
import pytest
from conftest import run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="30mm" '
       'viewBox="0 0 60 30"><rect width="60" height="30" fill="#1a7f37"/>'
       '<circle cx="30" cy="15" r="10" fill="#fff"/></svg>')


def _picture(mode: str = "RGB", size: tuple[int, int] = (240, 120)) -> Image.Image:
    image = Image.new("RGB", size, "#0969da")
    for x in range(0, size[0], 20):   # stripes: a decoder that gets it wrong shows
        for y in range(size[1]):
            image.putpixel((x, y), (255, 255, 255))
    return image.convert(mode)


def _jpeg_without_jfif() -> bytes:
    out = io.BytesIO()
    _picture().save(out, "JPEG", quality=90)
    data = out.getvalue()
    assert data[2:4] == b"\xff\xe0"
    length = int.from_bytes(data[4:6], "big")
    return data[:2] + data[4 + length:]   # SOI, then straight to the tables (no APP0)


def _save(image: Image.Image, format_: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format_, **options)
    return out.getvalue()


def _jfif_in_centimetres(jpeg: bytes) -> bytes:
    """A JPEG whose JFIF density is 28 dots per centimetre: 72 dpi as it is written in cm."""
    units = jpeg.index(b"JFIF\0") + 7          # after the identifier and the version
    return jpeg[:units] + b"\x02" + jpeg[units + 1:]


#: file name → (bytes, the width it should have on the page in pt)
def _images() -> dict[str, tuple[bytes, float]]:
    exif = Image.Exif()
    exif[0x0110] = "docpipe test camera"
    return {
        "plain.png": (_save(_picture(), "PNG"), 240 * 0.75),
        "print.png": (_save(_picture(), "PNG", dpi=(300, 300)), 240 * 72 / 300),
        "nojfif.jpg": (_jpeg_without_jfif(), 180.0),
        "exif.jpg": (_save(_picture(), "JPEG", exif=exif.tobytes()), 180.0),
        "cmyk.jpg": (_save(_picture("CMYK"), "JPEG"), 180.0),
        "progressive.jpg": (_save(_picture(), "JPEG", progressive=True, dpi=(144, 144)), 120.0),
        "anim.gif": (_save(_picture("P"), "GIF"), 180.0),
        "photo.webp": (_save(_picture(), "WEBP"), 180.0),
        "drawing.svg": (SVG.encode(), 60 * 72 / 25.4),
        "wide.png": (_save(_picture(size=(2400, 100)), "PNG"), None),   # capped: text width
        "dpcm.jpg": (_jfif_in_centimetres(_save(_picture(), "JPEG", dpi=(28, 28))), 180.0),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    (folder / "assets").mkdir()
    lines = ["# 图片\n"]
    for name, (data, _) in _images().items():
        (folder / "assets" / name).write_bytes(data)
        lines.append(f"![{name}](assets/{name})\n")
    (folder / "pics.md").write_text("\n".join(lines), encoding="utf-8")
    result = run_docpipe("build", str(folder / "pics.md"), "-o", str(folder / "out"), "--force")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def _expected_widths(text_width: float) -> list[float]:
    return [min(w, text_width) if w else text_width for _, w in _images().values()]


def test_docx_holds_every_image_at_its_own_size(built):
    document = open_docx(built / "pics.docx")
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    shapes = document.inline_shapes
    assert len(shapes) == len(_images())
    widths = [shape.width / 12700 for shape in shapes]
    assert widths == pytest.approx(_expected_widths(text_width), abs=0.5)
    svg = [b for b in document.element.body.iter(
        "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")]
    assert len(svg) == 1   # the SVG kept for Word, a PNG beside it for the others
    part = document.part.related_parts[svg[0].get(qn("r:embed"))]
    assert part.content_type == "image/svg+xml" and part.blob.startswith(b"<svg")


def test_pdf_draws_every_image_at_the_docx_size(built):
    document = open_docx(built / "pics.docx")
    docx_widths = [shape.width / 12700 for shape in document.inline_shapes]
    with pdfplumber.open(built / "pics.pdf") as pdf:
        drawn = [img for page in pdf.pages for img in page.images]
        # WeasyPrint draws an SVG as vector paths, not an image
        svg_on_page = any(page.rects or page.curves for page in pdf.pages)
    raster = [w for name, w in zip(_images(), docx_widths) if not name.endswith(".svg")]
    assert [img["x1"] - img["x0"] for img in drawn] == pytest.approx(raster, abs=1.0)
    assert svg_on_page


def test_epub_packages_every_image_and_sizes_it(built):
    with zipfile.ZipFile(built / "pics.epub") as epub:
        names = [n for n in epub.namelist() if n.startswith("EPUB/images/")]
        page = next(n for n in epub.namelist() if n.endswith("content.xhtml"))
        tree = etree.fromstring(epub.read(page))
        cmyk = next(epub.read(n) for n in names if n.endswith("004.jpg"))
    assert [n.rsplit(".", 1)[1] for n in names] == [
        "png", "png", "jpg", "jpg", "jpg", "jpg", "gif", "webp", "svg", "png", "jpg"]
    assert Image.open(io.BytesIO(cmyk)).mode == "RGB"   # readers disagree on CMYK colours
    styles = [img.get("style") for img in tree.iterfind(".//x:img", XHTML)]
    assert styles[1] == "width: 57.60pt; height: auto;"   # 240 px at 300 dpi


def test_a_broken_image_is_one_line_naming_it_in_check_and_build(tmp_path):
    (tmp_path / "bad.png").write_bytes(_save(_picture(), "PNG")[:300])   # truncated
    (tmp_path / "doc.md").write_text("正文\n\n![坏图](bad.png)\n", encoding="utf-8")
    build = run_docpipe("build", str(tmp_path / "doc.md"), "-o", str(tmp_path / "out"))
    check = run_docpipe("check", str(tmp_path / "doc.md"))
    assert build.returncode != 0 and check.returncode != 0
    line = build.stderr.strip().splitlines()
    assert len(line) == 1 and "bad.png" in line[0] and "damaged" in line[0]
    assert "internal error" not in build.stderr and "Traceback" not in build.stderr
    assert "doc.md:3" in line[0] and "bad.png" in check.stdout + check.stderr
    assert not list((tmp_path / "out").glob("doc.*")) if (tmp_path / "out").exists() else True


@pytest.mark.fast
def test_an_svg_keeps_a_repeated_id_only_on_its_first_element_and_drops_ids_no_xml_name():
    from lxml import etree

    from docpipe.images import svg_with_valid_ids

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<g id="路径"><path id="a" d="M0 0"/></g><g id="路径"><use xlink:href="#a"/></g>'
           '<path id="路径" d="M1 1"/><g id="图标/learn"/><g id="1x"/><g id="2y"/>'
           '<use xlink:href="#2y"/></svg>').encode()
    root = etree.fromstring(svg_with_valid_ids(svg))
    # "2y" is no XML name either, but a reference finds it: kept
    assert [e.get("id") for e in root.iter() if e.get("id")] == ["路径", "a", "2y"]
    assert len(root) == 7 and root[1][0].get("{http://www.w3.org/1999/xlink}href") == "#a"
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><g id="x"/><g id="y"/></svg>'
    assert svg_with_valid_ids(plain) is plain
    broken = b'<svg id="x"><g id="x"></svg'
    assert svg_with_valid_ids(broken) is broken


# -- an image never wider than its container, its explicit width honoured ---------------------

@pytest.fixture(scope="module")
def contained(tmp_path_factory):
    """A sponsor table as LLaMA-Factory's README writes it (<img width="400"> of a 1024 px
    picture beside a 250 px SVG), a wide picture in a list item, and explicit widths."""
    folder = tmp_path_factory.mktemp("contained")
    (folder / "logo.jpg").write_bytes(_save(_picture(size=(1024, 576)), "JPEG", dpi=(71, 71)))
    (folder / "mark.svg").write_text(SVG.replace('width="60mm" height="30mm"',
                                                 'width="1654" height="500"'), encoding="utf-8")
    (folder / "wide.png").write_bytes(_save(_picture(size=(2400, 100)), "PNG"))
    (folder / "doc.md").write_text(
        "# 赞助商\n\n"
        '| <img alt="logo" width="400" src="logo.jpg"><br>面向开发者的智能终端 '
        '| <img alt="mark" width="250" src="mark.svg"> |\n| --- | --- |\n\n'
        "- 列表项里的宽图 ![wide](wide.png)\n\n"
        '<img alt="small" width="200" src="logo.jpg">\n\n'
        '![half](logo.jpg){: width="50%" }\n', encoding="utf-8")
    result = run_docpipe("build", "doc.md", "-o", "out", "--force", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_pdf_images_stay_inside_their_cells_and_the_text_block(contained):
    document = open_docx(contained / "doc.docx")   # the same theme: the same text block
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    with pdfplumber.open(contained / "doc.pdf") as pdf:
        page = pdf.pages[0]
        right = page.width - section.right_margin / 12700
        logo, wide, small, half = sorted(page.images, key=lambda i: i["top"])
        # the SVG is drawn as paths: its green rectangle
        mark = next(r for r in page.rects + page.curves if r["fill"]
                    and r.get("non_stroking_color") and r["non_stroking_color"][1] > 0.4
                    and r["non_stroking_color"][0] < 0.2)
        cell_edges = sorted({round(e["x0"], 1) for e in page.edges
                             if e["orientation"] == "v" and e["top"] < logo["bottom"]})
    assert cell_edges[-1] <= right + 0.5   # the table inside the text block
    assert logo["x1"] < cell_edges[1] < mark["x0"] and mark["x1"] < cell_edges[-1]
    assert wide["x1"] <= right + 0.5 and wide["x0"] > page.width - right + 12  # the item's indent
    assert small["x1"] - small["x0"] == pytest.approx(150.0, abs=0.5)   # width="200": px
    assert half["x1"] - half["x0"] == pytest.approx(text_width / 2, abs=0.5)   # width="50%"


def test_docx_pictures_fit_their_cells_and_honour_their_widths(contained):
    document = open_docx(contained / "doc.docx")
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    table = document.tables[0]._tbl
    columns = [int(c.get(qn("w:w"))) / 20 for c in table.tblGrid.findall(qn("w:gridCol"))]
    assert sum(columns) == pytest.approx(text_width, abs=1)
    widths = [shape.width / 12700 for shape in document.inline_shapes]
    in_cells, (wide, small, half) = widths[:2], widths[2:]
    # within each cell less its margins (108 twips a side); the logo asked for 300 pt
    assert all(w <= c - 10.8 + 0.1 for w, c in zip(in_cells, columns))
    assert in_cells[0] > 200   # and the column made room for it
    assert wide == pytest.approx(text_width - 2 * 12, abs=0.5)   # the item's 2-character indent
    assert [small, half] == pytest.approx([150.0, text_width / 2], abs=0.5)


def test_epub_images_are_capped_by_css_and_keep_their_widths(contained):
    with zipfile.ZipFile(contained / "doc.epub") as epub:
        page = next(n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n
                    and b"<img" in epub.read(n))
        tree = etree.fromstring(epub.read(page))
        css = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    styles = {img.get("alt"): img.get("style") for img in tree.iterfind(".//x:img", XHTML)}
    assert styles["logo"].startswith("width: 300.00pt")   # 400 px
    assert styles["small"].startswith("width: 150.00pt") and styles["half"].startswith("width: 50%")
    assert "img { max-width: 100%; height: auto; }" in css
