"""公文 front matter: every key is typed, and a value the standard forbids is one clear line."""
from __future__ import annotations

import pytest
from conftest import ROOT, run_docpipe

from docpipe.model import gongwen as gw

GOOD = {"issuer": "国务院办公厅", "doc_number": "国办发〔2019〕3号", "date": "2019-02-20"}


@pytest.mark.fast
@pytest.mark.fast
def test_every_key_of_gongwen_md_13_is_in_the_schema_with_its_chinese_term():
    from docpipe.read.frontmatter import SCHEMA

    for key in ("format direction copy_number classification urgency issuer issuer_mark "
                "doc_number signer title recipients attachments signature date seal note cc "
                "printed_by print_date").split():
        assert key in SCHEMA
    assert SCHEMA["doc_number"].doc.startswith("发文字号")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key, (term, _) in gw.KEYS.items():
        assert f"`{key}`" in readme and term in readme, key


@pytest.mark.fast
@pytest.mark.fast
def test_typed_parts():
    parts = gw.from_front_matter({**GOOD, "copy_number": "12", "recipients": ["甲", "乙"],
                                  "note": "此件公开发布", "cc": "丙", "print_date": "2019-02-21",
                                  "issuer": ["国务院办公厅", "教育部"]})
    assert parts.copy_number == "000012"
    assert parts.recipients_line == "甲，乙："
    assert parts.note == "（此件公开发布）"
    assert parts.date_text == "2019年2月20日" and parts.print_date_text == "2019年2月21日印发"
    assert parts.issuers == ("国务院办公厅", "教育部") and parts.signatures == parts.issuers
    assert parts.mark_word == "文件" and not parts.sealed
    assert gw.from_front_matter({**GOOD, "doc_number": "国办发[2019]3号"}).doc_number == \
        "国办发〔2019〕3号"
    assert gw.from_front_matter({**GOOD, "format": "letter"}).mark_word == ""
    assert gw.from_front_matter({**GOOD, "format": "命令", "doc_number": "第7号"}).format == "order"


@pytest.mark.fast
@pytest.mark.parametrize("extra, key, words", [
    ({"doc_number": "国办发（2019）3号"}, "doc_number", "〔〕"),
    ({"doc_number": "国办发〔2019〕03号"}, "doc_number", "no leading zero"),
    ({"doc_number": "国办发〔2019〕第3号"}, "doc_number", "no 第"),
    ({"copy_number": 12}, "copy_number", "quoted"),
    ({"copy_number": "1234567"}, "copy_number", "6 Arabic digits"),
    ({"classification": "内部"}, "classification", "绝密"),
    ({"urgency": "很急"}, "urgency", "特急 or 加急"),
    ({"format": "memo"}, "format", "letter"),
    ({"direction": "up"}, "direction", "signer"),
    ({"signer": "张三"}, "signer", "direction: up"),
    ({"issuer_mark": "通知"}, "issuer_mark", "文件"),
    ({"seal": 3}, "seal", "image file"),
    ({"print_date": "明天"}, "print_date", "YYYY-MM-DD"),
    ({"present": ["张三"]}, "present", "format: minutes"),
])
@pytest.mark.fast
def test_problems_name_the_key_and_the_fix(extra, key, words):
    with pytest.raises(gw.GongwenProblem) as caught:
        gw.from_front_matter({**GOOD, **extra})
    assert caught.value.key == key
    assert words in caught.value.message + caught.value.fix


def test_the_cli_prints_one_line_with_file_and_line(tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("---\ntitle: 关于某事的通知\nissuer: 某局\n"
                      "doc_number: 某发（2019）3号\n---\n\n正文。\n", encoding="utf-8")
    result = run_docpipe("build", str(source), "--style", "gongwen", "-f", "pdf",
                         "-o", str(tmp_path / "out"), cwd=ROOT)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{source}:4:" in lines[0] and "〔〕" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "bad.pdf").exists()


def test_attachment_titles_must_match_the_attachment_list(tmp_path):
    source = tmp_path / "att.md"
    source.write_text("---\ntitle: 关于某事的通知\nissuer: 某局\nattachments: [甲办法]\n---\n\n"
                      "正文。\n\n# 附件1\n\n# 乙办法\n\n内容。\n", encoding="utf-8")
    result = run_docpipe("build", str(source), "--style", "gongwen", "-f", "pdf",
                         "-o", str(tmp_path / "out"), cwd=ROOT)
    assert result.returncode == 1
    assert f"{source}:9:" in result.stderr and "甲办法" in result.stderr


def test_gongwen_refuses_a5_with_one_line():
    result = run_docpipe("build", str(ROOT / "docs/examples/notice.md"), "--style", "gongwen",
                         "--paper", "a5", "-f", "pdf", "-o", "/tmp/docpipe-a5-refused")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "A4 only" in result.stderr
