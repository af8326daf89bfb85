"""An ordered list keeps its numbers in every format when a list at too shallow an indent (or
a paragraph) splits it: GFM reads the rest as a list starting at 2, and the PDF showed "1."."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.pdf

SOURCE = ("# 步骤\n\n1. 安装 Python\n  - 在 Debian 上\n  - 在 macOS 上\n2. 安装 docpipe\n"
          "3. 构建文档\n\n正文一段。\n\n7. 第七步\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("liststart")
    (folder / "steps.md").write_text(SOURCE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "docpipe", "build", "steps.md", "-o", "out"],
                            cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_the_pdf_numbers_the_list_on_from_its_start(built: Path) -> None:
    text = subprocess.run(["pdftotext", str(built / "steps.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    numbers = re.findall(r"^(\d+)\. ", text, re.MULTILINE)
    assert numbers == ["1", "2", "3", "7"], text


def test_the_epub_keeps_the_start(built: Path) -> None:
    with zipfile.ZipFile(built / "steps.epub") as epub:
        page = next(n for n in epub.namelist() if n.endswith("content.xhtml"))
        body = epub.read(page).decode("utf-8")
    starts = re.findall(r"<ol(?: start=\"(\d+)\")?", body)
    assert starts == ["", "2", "7"], starts
