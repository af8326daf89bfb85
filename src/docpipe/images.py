"""Image files: what they are, how big they are meant to be, and bytes each writer can take.

Every PNG, JPEG (JFIF, Exif or neither; RGB, grey or CMYK; baseline or progressive), GIF,
WebP and SVG that a browser shows is accepted; anything else, or a damaged file, is one
``SourceError`` naming it, for ``docpipe check`` and ``build`` alike. Its size on the page is
its pixels at its own DPI (96, the CSS pixel, when it has none or says 72; an SVG's width and
height, or its viewBox), the same in all three formats; writers cap it at the text width.
"""
from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from docpipe.errors import SourceError

#: kind → (media type, file extension)
KINDS = {"png": ("image/png", "png"), "jpeg": ("image/jpeg", "jpg"),
         "gif": ("image/gif", "gif"), "webp": ("image/webp", "webp"),
         "svg": ("image/svg+xml", "svg")}
ACCEPTED = "a PNG, JPEG, GIF, WebP or SVG file"
CSS_DPI = 96.0
#: CSS units in pt, for an SVG's width and height
_UNITS = {"": 0.75, "px": 0.75, "pt": 1.0, "pc": 12.0, "in": 72.0, "cm": 72 / 2.54,
          "mm": 72 / 25.4, "q": 72 / 101.6}


class ImageError(SourceError):
    """An image file that no output can show."""


@dataclass(frozen=True)
class ImageFacts:
    kind: str                # png, jpeg, gif, webp, svg
    width_pt: float          # the size it is meant to have on the page
    height_pt: float
    mode: str = ""           # Pillow's mode (RGB, L, CMYK, P …); "" for SVG
    jfif_or_exif: bool = True   # JPEG: has the APP0/APP1 header python-docx insists on
    pixel_width: int = 0     # 0 for SVG

    @property
    def media_type(self) -> str:
        return KINDS[self.kind][0]

    @property
    def extension(self) -> str:
        return KINDS[self.kind][1]


def image_kind(path: Path) -> tuple[str, str]:
    """(media type, extension) of an accepted image, or raise ImageError."""
    facts = inspect(path)
    return facts.media_type, facts.extension


def check_image(path: Path, source: Path | None = None, line: int | None = None) -> ImageFacts:
    """The facts of ``path``, or a one-line ImageError naming it (and where it is used)."""
    try:
        return inspect(path)
    except ImageError as error:
        raise ImageError(error.message, path=source or error.path, line=line,
                         fix=error.fix) from None


def inspect(path: Path) -> ImageFacts:
    """Read ``path`` (cached while the file is unchanged)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ImageError(f"image '{path.name}' cannot be read ({error.strerror})",
                         path=path) from None
    return _inspect(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _inspect(path: Path, mtime_ns: int, size: int) -> ImageFacts:
    data = path.read_bytes()
    if _looks_like_svg(data):
        return _svg_facts(path, data)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = (image.format or "").lower()
            if kind not in KINDS:
                raise ImageError(f"image '{path.name}' is a {image.format} file, not {ACCEPTED}",
                                 path=path, fix="convert it to PNG or JPEG")
            width, height = image.size
            dpi = _dpi(image.info.get("dpi"))
            mode = image.mode
            image.load()   # decodes every byte: a truncated or damaged file fails here
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageError(f"image '{path.name}' is damaged or not {ACCEPTED} ({error})",
                         path=path, fix="export it again from the program that made it") from None
    return ImageFacts(kind, width * 72 / dpi[0], height * 72 / dpi[1], mode,
                      kind != "jpeg" or _has_jfif_or_exif(data), width)


def _dpi(value: object) -> tuple[float, float]:
    """The file's DPI, or the CSS pixel's 96 when it states none, a nonsense one, or 72: the
    default that cameras, Exif and most tools write without meaning it (a browser, and so
    GitHub, shows such a picture at 96). JFIF in dots per centimetre says 72 as 28 (71.12)."""
    if isinstance(value, tuple) and len(value) == 2:
        x, y = (float(v) for v in value)
        if 10 <= x <= 10000 and 10 <= y <= 10000 and not (abs(x - 72) < 1 and abs(y - 72) < 1):
            return x, y
    return CSS_DPI, CSS_DPI


def _has_jfif_or_exif(data: bytes) -> bool:
    return data[2:4] in (b"\xff\xe0", b"\xff\xe1")


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in \
        data[:65536].lower()


def _svg_facts(path: Path, data: bytes) -> ImageFacts:
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ImageError(f"image '{path.name}' is not well-formed SVG ({error})", path=path,
                         fix="export it again from the program that made it") from None
    if etree.QName(root).localname != "svg":
        raise ImageError(f"image '{path.name}' is XML but not SVG", path=path,
                         fix="convert it to SVG, PNG or JPEG")
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v] \
        if root.get("viewBox") else []
    width, height = _length(root.get("width")), _length(root.get("height"))
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width is None and height is None:
            width, height = box[2] * 0.75, box[3] * 0.75
        elif width is None:
            width = height / ratio
        elif height is None:
            height = width * ratio
    # a browser's default object size
    return ImageFacts("svg", width or 225.0, height or 112.5)


def _length(value: str | None) -> float | None:
    """An SVG width or height in pt; None when absent or relative (a percentage)."""
    match = re.fullmatch(r"\s*([0-9.]+(?:e[-+]?\d+)?)\s*([a-z]*)\s*", value or "", re.I)
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2).lower()] or None


# ---- the size an <img> asks for ----------------------------------------------------------

def requested_width(facts: ImageFacts, width: str | None, height: str | None
                    ) -> tuple[float, str] | None:
    """The width an <img>'s ``width`` (or, alone, ``height``) attribute asks for, as HTML reads
    it: (pt, "pt") for a number of CSS px (or a px/pt/mm… length), (percent, "%") for a
    percentage of the container's width; None when it asks for none (its own size then)."""
    for value, along in ((width, True), (height, False)):
        match = re.fullmatch(r"\s*([0-9.]+)\s*%\s*", value or "")
        if match and along:
            return float(match.group(1)), "%"
        length = _length(value)
        if length:
            return (length if along else length * facts.width_pt / facts.height_pt), "pt"
    return None


def width_on_page(facts: ImageFacts, requested: tuple[float, str] | None, room_pt: float
                  ) -> float:
    """The width (pt) the image is shown at in ``room_pt`` (its container's width: a table
    cell, a list item, the text block): what it asks for or its own, never wider."""
    if requested is None:
        width = facts.width_pt
    else:
        width = requested[0] * room_pt / 100 if requested[1] == "%" else requested[0]
    return min(width, room_pt)


# ---- bytes for the writers ------------------------------------------------------------------

def for_word(path: Path) -> tuple[bytes, str]:
    """(bytes, extension) python-docx can embed: PNG, GIF and plain JPEG as they are; JPEG
    without a JFIF/Exif header or in CMYK re-encoded as an RGB JPEG (python-docx refused the
    first, Word shows the second in wrong colours); WebP as PNG; SVG rasterised to PNG (the
    caller keeps the SVG beside it for Word versions that draw SVG)."""
    facts = inspect(path)
    if facts.kind in ("png", "gif") or (facts.kind == "jpeg" and facts.jfif_or_exif
                                       and facts.mode in ("RGB", "L")):
        return path.read_bytes(), facts.extension
    if facts.kind == "svg":
        return svg_to_png(path, facts), "png"
    return _reencode(path, "JPEG" if facts.kind == "jpeg" else "PNG")


def for_browser(path: Path) -> tuple[bytes, str] | None:
    """PDF and EPUB take every accepted kind as it is, except CMYK JPEG, whose colours
    renderers disagree on (Adobe's inverted CMYK): that one as an RGB JPEG; None: as it is."""
    facts = inspect(path)
    if facts.kind == "jpeg" and facts.mode == "CMYK":
        data, _ = _reencode(path, "JPEG")
        return data, "jpg"
    return None


def svg_with_valid_ids(data: bytes) -> bytes:
    """An SVG whose ``id`` values EPUB's XML rules accept (epubcheck RSC-005): a repeated one
    (design tools export every layer as id="路径") kept only on its first element, the one a
    reference finds, and one that is no XML name ("图标/learn") dropped unless something
    refers to it. The bytes as they are when nothing changes or the file is not XML."""
    from lxml import etree

    if data.count(b"id=") == 0:
        return data
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return data
    text = data.decode("utf-8", "replace")
    seen: set[str] = set()
    changed = False
    for element in root.iter():
        value = element.get("id") if isinstance(element.tag, str) else None
        if value is None:
            continue
        if value in seen or (not _is_xml_name(value) and f"#{value}" not in text):
            del element.attrib["id"]
            changed = True
        seen.add(value)
    if not changed:
        return data
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _is_xml_name(value: str) -> bool:
    """An XML name without colons (NCName), near enough: a letter or _ first, then letters,
    digits, '.', '-', '_' or '·'."""
    return bool(value) and (value[0].isalpha() or value[0] == "_") and all(
        char.isalnum() or char in "._-\u00b7" for char in value[1:])


def _reencode(path: Path, format_: str) -> tuple[bytes, str]:
    from PIL import Image

    with Image.open(path) as image:
        dpi = image.info.get("dpi")
        converted = image.convert("RGBA" if format_ == "PNG" and "A" in image.mode else
                                  "RGB" if image.mode not in ("L", "RGB") else image.mode)
        out = io.BytesIO()
        options = {"quality": 95} if format_ == "JPEG" else {}
        if dpi:
            options["dpi"] = dpi
        converted.save(out, format_, **options)
    return out.getvalue(), "jpg" if format_ == "JPEG" else "png"


def svg_to_png(path: Path, facts: ImageFacts | None = None, scale: float = 2.0) -> bytes:
    """The SVG drawn as a PNG at twice its CSS size (sharp in print), with cairosvg."""
    import cairosvg

    facts = facts or inspect(path)
    return cairosvg.svg2png(bytestring=path.read_bytes(), unsafe=False,
                            output_width=round(facts.width_pt / 0.75 * scale),
                            output_height=round(facts.height_pt / 0.75 * scale))
