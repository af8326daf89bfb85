"""Untitled alerts carry the document language's name for their kind; typed titles stay."""
from __future__ import annotations

from pathlib import Path

import pytest

from docpipe.read.parse import parse_file

TEXT = ("> [!NOTE]\n> 内容。\n\n> [!TIP] 自己的标题\n> 内容。\n\n::: warning\n内容\n:::\n\n"
        "::: danger Danger zone\nx\n:::\n\n> [!CAUTION]\n> 当心。\n")


def _titles(tmp_path: Path, front: str) -> list[str]:
    source = tmp_path / "alerts.md"
    source.write_text(front + "# 标题\n\n" + TEXT, encoding="utf-8")
    body = parse_file(source, style_folder=tmp_path).body
    return [p.text for p in body.iter("p") if p.get("class") == "admonition-title"]


@pytest.mark.fast
def test_a_chinese_documents_untitled_alerts_are_named_in_chinese(tmp_path: Path) -> None:
    assert _titles(tmp_path, "") == ["注意", "自己的标题", "警告", "Danger zone", "小心"]


@pytest.mark.fast
def test_an_english_document_keeps_the_english_names(tmp_path: Path) -> None:
    assert _titles(tmp_path, "---\nlang: en\n---\n") == [
        "Note", "自己的标题", "Warning", "Danger zone", "Caution"]
