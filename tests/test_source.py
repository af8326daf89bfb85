"""The canonical article: made from the seed, every character kept, structure as the issue asks."""
from __future__ import annotations

import re

import pytest
from conftest import ARTICLE, SEED

from docpipe.read import frontmatter

pytestmark = pytest.mark.fast  # reads the seed and the source

FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ";": "；"})


def _article():
    text = ARTICLE.read_text(encoding="utf-8")
    meta, body, _ = frontmatter.split(text, ARTICLE)
    return meta, body


def _plain(markdown_body: str) -> list[str]:
    """Paragraph texts with the Markdown markup removed."""
    lines = []
    for line in markdown_body.split("\n"):
        line = line.strip()
        if not line or line.startswith("{:"):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "")
        lines.append(line)
    return lines


def test_every_character_of_the_seed_is_kept():
    meta, body = _article()
    seed_lines = SEED.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert meta["credits"] == seed_lines[0]
    assert _plain(body) == [line.translate(FULL_WIDTH) for line in seed_lines[1:]]


def test_only_the_listed_marks_were_changed():
    _, body = _article()
    assert not re.search(r"[\u4e00-\u9fff][,;()]|[,;()][\u4e00-\u9fff]", body)
    assert "," not in body and "(" not in body


def test_front_matter_records_an_editorial_title_and_the_language():
    meta, _ = _article()
    assert meta["title"] == "中共衡阳市委贯彻落实《中国共产党政法工作条例》纪实"
    assert meta["title_editorial"] is True
    assert meta["lang"] == "zh-CN"
    assert frontmatter.problems(meta) == []


def test_four_section_headings_and_bold_run_in_heads():
    _, body = _article()
    headings = [line[2:] for line in body.split("\n") if line.startswith("# ")]
    assert headings == ["坚持把《条例》作为新时代政法工作的总规范", "坚决捍卫党对政法工作的绝对领导",
                        "不断推动新时代政法工作迈上新台阶", "着力建设“五个过硬”政法队伍"]
    run_in = re.findall(r"^\*\*(.+?)\*\*", body, flags=re.M)
    assert "领导带头学。" in run_in and "加强干部管理。" in run_in
    assert len(run_in) == 15
    assert all(head.endswith("。") and len(head) <= 20 for head in run_in)
