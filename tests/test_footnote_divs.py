"""An author's <div class="footnote"> next to real footnotes: read as an ordinary block."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docpipe import markdown_to_html

TEXT = ("# 标题\n\n正文[^a]。\n\n<div class=\"footnote\" markdown=\"1\">\n"
        "<ol><li id=\"x\">作者自己的注</li></ol>\n</div>\n\n[^a]: 真正的脚注。\n")


@pytest.mark.fast
def test_an_authors_footnote_div_is_no_list_of_notes() -> None:
    html = markdown_to_html(TEXT)
    assert "作者自己的注" in html and "真正的脚注" in html
    # one list of notes, the extension's, holding the one real note
    assert html.count('class="footnote"') == 1
    notes = html[html.index('class="footnote"'):]
    assert "真正的脚注" in notes and "作者自己的注" not in notes


def test_the_build_writes_every_format(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(TEXT, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "docpipe", "build", str(source), "-o",
                             str(tmp_path / "out"), "-f", "docx", "-f", "epub"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    import zipfile

    import docx

    out = tmp_path / "out" / "notes.docx"
    body = "".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "作者自己的注" in body and "真正的脚注" not in body
    with zipfile.ZipFile(out) as package:
        notes = package.read("word/footnotes.xml").decode("utf-8")
    assert "真正的脚注" in notes and "作者自己的注" not in notes
