"""--booklet: A5 pages imposed two-up on A4 landscape in saddle-stitch order, read back."""
from __future__ import annotations

import re

import pdfplumber
import pytest
from conftest import ARTICLE, run_docpipe

from docpipe.write.pdf.booklet import order

#: laid out by WeasyPrint: CI runs these with the lowest WeasyPrint too (make test-lowest-weasyprint)
pytestmark = pytest.mark.pdf


@pytest.mark.parametrize("pages, expected", [
    (4, [(4, 1), (2, 3)]),
    (5, [(None, 1), (2, None), (None, 3), (4, 5)]),
    (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
])
def test_saddle_stitch_order(pages, expected):
    assert order(pages) == expected


def _number(chars) -> int | None:
    text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
    found = re.search(r"—(\d+)—", text.replace(" ", ""))
    return int(found.group(1)) if found else None


def test_imposed_pdf_reads_back_in_folding_order(tmp_path):
    result = run_docpipe("build", str(ARTICLE), "--booklet", "-f", "pdf", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "article-booklet.pdf") as pdf:
        sides = []
        for page in pdf.pages:
            assert page.width > page.height  # A4 landscape
            assert abs(page.width - 841.9) < 1 and abs(page.height - 595.3) < 1
            footer = [c for c in page.chars if c["top"] > page.height - 60]
            half = page.width / 2
            sides.append((_number([c for c in footer if c["x1"] <= half]),
                          _number([c for c in footer if c["x0"] >= half])))
    assert len(sides) % 2 == 0
    a5_pages = max(n for side in sides for n in side if n)
    assert sides == order(a5_pages)
