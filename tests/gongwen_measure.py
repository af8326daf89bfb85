"""Measuring a 公文 page as a reader sees it: text lines by baseline (pdfplumber) and ink
(red marks, rules) from a raster of the page (pdftoppm), all in mm from the paper's edges."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image

MM = 72 / 25.4
DPI = 200
PX = 25.4 / DPI          # mm per pixel


@dataclass
class Line:
    """One line of text: its characters, baseline and horizontal extent in mm."""

    text: str
    baseline: float
    left: float
    right: float
    size: float
    fonts: set[str]
    red: bool

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def text_lines(pdf_path: Path) -> list[list[Line]]:
    """Every page's lines, top to bottom (characters grouped by baseline and size)."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            groups: dict[tuple[int, int], list[dict]] = {}
            for char in page.chars:
                if not char["text"].strip():
                    continue
                key = (round((page.height - char["matrix"][5]) / MM * 4), round(char["size"]))
                groups.setdefault(key, []).append(char)
            lines = []
            for (_, _), chars in sorted(groups.items()):
                chars.sort(key=lambda c: c["x0"])
                lines.append(Line(
                    "".join(c["text"] for c in chars), (page.height - chars[0]["matrix"][5]) / MM,
                    chars[0]["x0"] / MM, chars[-1]["x1"] / MM, round(chars[0]["size"], 1),
                    {c["fontname"].split("+")[-1] for c in chars},
                    all(_is_red(c.get("non_stroking_color")) for c in chars)))
            pages.append(lines)
    return pages


def find(lines: list[Line], text: str) -> Line:
    found = [line for line in lines if text in line.text]
    assert found, f"no line with {text!r} in {[line.text for line in lines]}"
    return found[0]


def _is_red(color) -> bool:
    if not color or len(color) != 3:
        return False
    r, g, b = color
    return r > 0.75 and g < 0.3 and b < 0.3


def raster(pdf_path: Path, page: int, out: Path) -> Image.Image:
    """Page ``page`` (1-based) as an RGB image at DPI."""
    stem = out / f"{pdf_path.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf_path), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def red_mask_rows(image: Image.Image) -> dict[int, list[int]]:
    """Row → x of the red pixels (R high, G and B low: the ink of 6.2's red)."""
    rows: dict[int, list[int]] = {}
    width, height = image.size
    pixels = image.load()
    for y in range(height):
        for x in range(0, width, 2):
            r, g, b = pixels[x, y]
            if r > 190 and g < 90 and b < 90:
                rows.setdefault(y, []).append(x)
    return rows


def rules(image: Image.Image, red: bool = False, min_mm: float = 150) -> list[tuple[float, float, float, float]]:
    """Horizontal rules at least ``min_mm`` long: (top, bottom, left, right) in mm, one per
    run of adjacent pixel rows."""
    width, height = image.size
    pixels = image.load()
    hits = []
    for y in range(height):
        xs = [x for x in range(0, width, 2) if _ink(pixels[x, y], red)]
        if len(xs) * 2 * PX >= min_mm:
            hits.append((y, xs[0], xs[-1]))
    found: list[list] = []
    for y, left, right in hits:
        if found and y - found[-1][1] <= 1:
            found[-1][1] = y
        else:
            found.append([y, y, left, right])
    return [(a * PX, (b + 1) * PX, left * PX, (right + 2) * PX) for a, b, left, right in found]


def _ink(pixel, red: bool) -> bool:
    r, g, b = pixel
    if red:
        return r > 190 and g < 90 and b < 90
    return r < 110 and g < 110 and b < 110


def images_mm(pdf_path: Path, page_index: int) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in mm of each picture on a page (0-based index)."""
    with pdfplumber.open(pdf_path) as pdf:
        return [(i["x0"] / MM, i["top"] / MM, i["x1"] / MM, i["bottom"] / MM)
                for i in pdf.pages[page_index].images]


def check_joint_seals(pdf_path: Path, pages: list[list[Line]], names: list[str], date: str,
                      right: float = 184.0, tolerance: float = 0.5) -> None:
    """7.3.5.1, joint issuance: a seal centred on each name, seals neither crossing nor
    touching, inside the type area, the first within a line of the text, the last on the date."""
    index = next(i for i, page in enumerate(pages) if any(date in l.text for l in page))
    lines = pages[index]
    seals = sorted(images_mm(pdf_path, index), key=lambda b: (round(b[1]), b[0]))
    assert len(seals) == len(names)
    chars = _name_boxes(pdf_path, index, names)
    for (left, top, rgt, bottom), (n_left, n_right, n_base) in zip(seals, chars):
        assert abs((left + rgt) / 2 - (n_left + n_right) / 2) < tolerance   # centred on it
        assert top < n_base < bottom and 28 - 0.5 < left and rgt < right + 0.5
    for a in seals:
        for b in seals:
            if a is not b:
                ca, cb = ((a[0] + a[2]) / 2, (a[1] + a[3]) / 2), ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
                distance = ((ca[0] - cb[0]) ** 2 + (ca[1] - cb[1]) ** 2) ** 0.5
                assert distance > (a[2] - a[0] + b[2] - b[0]) / 2              # apart
    first_name_base = chars[0][2]
    above = [l.baseline for l in lines if l.baseline < first_name_base - 5]
    if above:
        assert seals[0][1] - max(above) < 225 / 22                           # 一行之内
    line = next(l for l in lines if date in l.text)
    last = seals[-1]
    assert last[0] < line.right and line.left < last[2] and last[1] < line.baseline < last[3]


def _name_boxes(pdf_path: Path, index: int, names: list[str]) -> list[tuple[float, float, float]]:
    """(left, right, baseline) of each name, found as a run of characters on one baseline."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[index]
        chars = sorted(page.chars, key=lambda c: (round(c["matrix"][5]), c["x0"]))
        found = []
        for name in names:
            for start in range(len(chars)):
                run = chars[start:start + len(name)]
                if "".join(c["text"] for c in run) == name and \
                        len({round(c["matrix"][5]) for c in run}) == 1:
                    found.append((run[0]["x0"] / MM, run[-1]["x1"] / MM,
                                  (page.height - run[0]["matrix"][5]) / MM))
                    break
            else:
                raise AssertionError(f"{name} not on page {index + 1}")
        return found
