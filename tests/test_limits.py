"""A paragraph too long for the PDF's layout fails the PDF alone, in one line; the rest is built."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_docpipe

from docpipe.write.pdf.limits import MAX_PARAGRAPH_CHARS

TEXT = "人民检察院依法独立行使检察权，不受行政机关、社会团体和个人的干涉。"


def _source(folder: Path, length: int) -> Path:
    source = folder / "long.md"
    paragraph = (TEXT * (length // len(TEXT) + 1))[:length]
    source.write_text(f"# 长段落\n\n第一段。\n\n{paragraph}\n", encoding="utf-8")
    return source


def test_too_long_a_paragraph_fails_the_pdf_in_one_line_and_the_rest_is_written(tmp_path):
    source = _source(tmp_path, MAX_PARAGRAPH_CHARS + 1)
    result = run_docpipe("build", str(source), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [f"docpipe: error: {source}:5: a paragraph of {MAX_PARAGRAPH_CHARS + 1:,} "
                      f"characters is longer than the {MAX_PARAGRAPH_CHARS:,} the PDF lays out "
                      "(split it into several paragraphs; the DOCX and EPUB are still written)"], \
        result.stderr
    assert "Traceback" not in result.stderr
    out = tmp_path / "out"
    assert (out / "long.docx").is_file() and (out / "long.epub").is_file()
    assert not (out / "long.pdf").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".long")]


@pytest.mark.fast
def test_a_paragraph_at_the_limit_is_accepted(tmp_path):
    from docpipe.read.parse import parse_file
    from docpipe.write.pdf.limits import check_paragraph_lengths

    source = _source(tmp_path, MAX_PARAGRAPH_CHARS)
    check_paragraph_lengths(parse_file(source, style_folder=tmp_path))
