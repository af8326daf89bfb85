"""The EPUB's cover: the front matter's ``cover:`` picture, or a PNG typeset from the title,
subtitle, credits and the style's title face and colours (stores list a book by its cover
image, readers show it on the shelf), plus the XHTML page that shows it first."""
from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from docpipe.model.document import Document
from docpipe.model.theme import Theme
from docpipe.text import cjk
from docpipe.write import cover_cache, fonts

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
#: the typeset cover's size in pixels: 1:1.6, what the large stores ask for
WIDTH, HEIGHT = 1600, 2560
MARGIN = 180
#: what a line never breaks inside: a Latin word or number, or a character with the opening
#: marks before it and the closing marks after it (no line ends with 《 or starts with 》)
_TOKENS = re.compile(f"[{re.escape(cjk.OPENING + '(')}]*(?:[0-9A-Za-z\u00c0-\u024f'’.\\-]+|[^\\s])"
                     f"[{re.escape(cjk.CLOSING + cjk.INSEPARABLE + ',;:!?)')}]*|\\s+")


def typeset(document: Document, theme: Theme) -> bytes:
    """A PNG cover: a rule in the headings' colour, the title in the style's title face,
    balanced over as few lines as fit, the subtitle, and the credits (or authors) below;
    the one of an earlier build when nothing it is drawn from has changed (cover_cache)."""
    return cover_cache.cached(_inputs(document, theme), lambda: _draw(document, theme))


def _inputs(document: Document, theme: Theme) -> list[str]:
    """Everything the drawing depends on, for the cache's key: this code, Pillow's and
    FreeType's (and raqm's) versions, the texts, the colours and the faces' files."""
    import PIL
    from PIL import _imagingft

    meta = document.meta
    faces = []
    for role_name in ("title", "body"):
        role = theme.font(role_name)
        path, index = fonts.locate(role, role.weight)
        stat = path.stat()
        faces.append(f"{path}:{index}:{stat.st_size}:{stat.st_mtime_ns}")
    return [Path(__file__).read_text(encoding="utf-8"), _TOKENS.pattern, PIL.__version__,
            str(_imagingft.freetype2_version), str(getattr(_imagingft, "raqm_version", "")),
            meta.title, meta.subtitle or "", meta.author_line or "", meta.publisher or "",
            meta.date or "", theme.headings.color, theme.title.color, theme.text.color, *faces]


def _draw(document: Document, theme: Theme) -> bytes:
    meta = document.meta
    canvas = _Canvas()
    width = WIDTH - 2 * MARGIN
    canvas.rule((MARGIN, 420, WIDTH - MARGIN, 436), theme.headings.color)
    size = 150
    while True:   # the largest size at which the title takes at most four lines
        title_face = _face(theme, "title", size)
        lines = _balanced(canvas, meta.title, title_face, width)
        if len(lines) <= 4 or size <= 60:
            break
        size -= 10
    y = 560
    for line in lines:
        y = canvas.centred(line, title_face, y, theme.title.color) + size * 0.1
    if meta.subtitle:
        sub_face = _face(theme, "body", 64)
        y += 40
        for line in _balanced(canvas, meta.subtitle, sub_face, width):
            y = canvas.centred(line, sub_face, y, theme.title.color) + 8
    small = _face(theme, "body", 52)
    byline = meta.author_line
    lines = _balanced(canvas, byline, small, width) if byline else []
    y = HEIGHT - 520 - len(lines) * 76
    for line in lines:
        y = canvas.centred(line, small, y, theme.text.color) + 8
    foot = " ".join(part for part in (meta.publisher, meta.date) if part)
    if foot:
        canvas.centred(foot, small, HEIGHT - 300, theme.text.color)
    return canvas.png()


class _Canvas:
    """The cover drawn as one 8-bit coverage layer per colour, saved as a palette PNG.

    The picture is the one Pillow would draw in RGB on white (text anti-aliased), but its
    PNG takes a tenth of the time to encode (0.015 s against 0.13-0.2 s: the RGB encoding
    was most of an article's EPUB build) and is half the size. With one colour (every
    built-in style) each of the 256 coverage levels has its palette entry, blended as
    Pillow blends text, so the pixels are those of the RGB drawing; with k colours each
    gets 255 // k levels, which the eye does not tell apart.
    """

    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self._new = lambda: Image.new("L", (WIDTH, HEIGHT), 0)
        self._draw = ImageDraw.Draw
        self._layers: dict[tuple[int, int, int], Any] = {}   # colour → coverage, in use order
        self._widths: dict[tuple[Any, str], float] = {}   # keyed by the face itself, not
        # its id(): a face of a size tried and dropped must not lend its id to the next
        self._measure = ImageDraw.Draw(Image.new("L", (1, 1)))

    def layer(self, colour: str) -> Any:
        from PIL import ImageColor

        rgb = ImageColor.getrgb(colour)[:3]
        if rgb not in self._layers:
            self._layers[rgb] = self._new()
        return self._draw(self._layers[rgb])

    def rule(self, box: tuple[int, int, int, int], colour: str) -> None:
        self.layer(colour).rectangle(box, fill=255)

    def width(self, text: str, face: Any) -> float:
        """``text``'s advance in ``face``; remembered, since balancing measures the same
        lines' beginnings again at every trial width."""
        key = (face, text)
        if key not in self._widths:
            self._widths[key] = self._measure.textlength(text, font=face)
        return self._widths[key]

    def centred(self, line: str, face: Any, top: float, colour: str) -> float:
        """Draw ``line`` centred, its ascender at ``top``; where the next line may start."""
        ascent, descent = face.getmetrics()
        self.layer(colour).text((WIDTH / 2, top), line, font=face, fill=255, anchor="ma")
        return top + ascent + descent

    def png(self) -> bytes:
        layers = list(self._layers.items())   # never empty: the rule is always drawn
        levels = 255 // len(layers)
        palette = [255, 255, 255]   # index 0: the white page
        for colour, _ in layers:
            palette += [_blend(ink, round(level * 255 / levels))
                        for level in range(1, levels + 1) for ink in colour]
        if len(layers) == 1:
            picture = layers[0][1]   # coverage 0-255 is the palette index itself
        else:
            picture = self._new()
            for number, (_, layer) in enumerate(layers):
                # coverage → this colour's band of indices; a later colour is drawn on top
                lut = [0] + [number * levels + max(1, round(a * levels / 255))
                             for a in range(1, 256)]
                picture.paste(layer.point(lut), mask=layer.point([0] + [255] * 255))
        return _palette_png(picture.tobytes(), palette)


def _palette_png(indices: bytes, palette: list[int]) -> bytes:
    """An 8-bit palette PNG of WIDTH × HEIGHT ``indices``, written here rather than by Pillow:
    its first save imports five image plugins (0.02 s); the encoding is the same zlib work."""
    rows = b"".join(b"\0" + indices[y * WIDTH:(y + 1) * WIDTH]   # 0: no filter, as for
                    for y in range(HEIGHT))                          # palette images

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">L", len(data)) + kind + data + \
            struct.pack(">L", zlib.crc32(kind + data))

    # zlib level 3: 0.015 s, 90 KB; the default 6: 0.03 s, 72 KB; 9: 0.18 s, 67 KB
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">LLBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes(palette)) + chunk(b"IDAT", zlib.compress(rows, 3))
            + chunk(b"IEND", b""))


def _blend(ink: int, alpha: int) -> int:
    """Pillow's blend of ``ink`` over white at ``alpha`` (its DIV255 rounding)."""
    value = ink * alpha + 255 * (255 - alpha) + 128
    return ((value >> 8) + value) >> 8


def page(document: Document, image_href: str) -> Any:
    """cover.xhtml: the cover picture alone, scaled to the screen, its alt text the title."""
    meta = document.meta
    root = etree.Element("html", {"lang": meta.lang})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "title").text = meta.title
    etree.SubElement(head, "style").text = (
        "html, body { margin: 0; padding: 0; height: 100%; text-align: center; }\n"
        "img { max-width: 100%; max-height: 100%; height: auto; }\n")
    body = etree.SubElement(root, "body", {EPUB_TYPE: "cover"})
    alt = "：".join(part for part in (meta.title, meta.subtitle) if part)
    etree.SubElement(body, "img", {"src": image_href, "alt": alt, "role": "doc-cover"})
    return root


def _face(theme: Theme, role_name: str, size: int) -> Any:
    from PIL import ImageFont

    role = theme.font(role_name)
    path, index = fonts.locate(role, role.weight)
    return ImageFont.truetype(str(path), size, index=index)


def _balanced(canvas: _Canvas, text: str, face: Any, width: int) -> list[str]:
    """``text`` in as few lines as fit ``width``, then made as even as that many lines allow
    (the narrowest measure that still needs no more lines)."""
    text = " ".join(text.split())
    lines = _fill(canvas, text, face, width)
    low, high = width // 3, width
    while high - low > 8:
        middle = (low + high) // 2
        if len(_fill(canvas, text, face, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _fill(canvas, text, face, high)


def _fill(canvas: _Canvas, text: str, face: Any, width: int) -> list[str]:
    """Greedy lines of at most ``width`` pixels, breaking only between tokens."""
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text):
        trial = current + token
        if current.strip() and canvas.width(trial.rstrip(), face) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = trial
    if current.strip():
        lines.append(current.strip())
    return lines
