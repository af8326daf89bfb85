"""Saddle-stitch imposition: A5 pages two-up on A4 landscape sheets, in folding order.

For n pages (padded with blanks to a multiple of four) sheet k carries, on its front, pages
n-2k (left) and 2k+1 (right), and on its back 2k+2 (left) and n-2k-1 (right), counting from 1.
Printed duplex (flip on the short edge), stacked and folded, the sheets read 1, 2, 3, … n.
"""
from __future__ import annotations

from pathlib import Path

from docpipe.files import write_atomically

A4_LANDSCAPE = (841.89, 595.28)


def order(page_count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers (1-based, None for a blank) for each sheet side in print order."""
    total = -(-page_count // 4) * 4 if page_count else 0

    def real(number: int) -> int | None:
        return number if number <= page_count else None

    sides = []
    for sheet in range(total // 4):
        sides.append((real(total - 2 * sheet), real(2 * sheet + 1)))
        sides.append((real(2 * sheet + 2), real(total - 2 * sheet - 1)))
    return sides


def impose(source: Path, dest: Path) -> None:
    """Write ``dest``: the pages of ``source`` imposed as a booklet (``dest`` may be ``source``)."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf._page import PageObject

    reader = PdfReader(source)
    pages = list(reader.pages)
    writer = PdfWriter()
    sheet_width, sheet_height = A4_LANDSCAPE
    for left, right in order(len(pages)):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for slot, number in enumerate((left, right)):
            if number is None:
                continue
            page = pages[number - 1]
            width = float(page.mediabox.width)
            height = float(page.mediabox.height)
            scale = min(sheet_width / 2 / width, sheet_height / height)
            x = slot * sheet_width / 2 + (sheet_width / 2 - width * scale) / 2
            y = (sheet_height - height * scale) / 2
            side.merge_transformed_page(page, Transformation().scale(scale).translate(x, y))
        writer.add_page(side)
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
    write_atomically(None, dest, writer.write)
