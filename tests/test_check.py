"""docpipe check: each rule on small cases, the seed's commas, the clean article, fixes, output."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import ARTICLE, CORPUS, SEED

from docpipe.lint.check import (RULES, CheckOptions, Finding, check_file, fix_file, format_json,
                                format_text)

pytestmark = pytest.mark.fast  # lint rules on small inputs

FRONT = "---\ntitle: x\n---\n"
#: a whole 1×1 PNG (check decodes images as the build does: a bare signature is broken)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
       b"\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")
HALF_TO_FULL = str.maketrans(",;:?!()", "，；：？！（）")

# (rule, a source that breaks it, a near miss that must not). Sources without front matter get
# FRONT prepended, so only the rule under test can fire.
CASES = [
    ("front-matter-yaml", "---\ntitle: [x\n---\n正文。\n", FRONT + "正文。\n"),
    ("front-matter-unknown-key", "---\ntitle: x\ncolour: red\n---\n正文。\n", FRONT + "正文。\n"),
    ("front-matter-type", "---\ntitle: x\nkeywords: 衡阳\n---\n正文。\n",
     "---\ntitle: x\nkeywords: [衡阳]\n---\n正文。\n"),
    ("front-matter-title", "正文。\n", "# 标题\n\n正文。\n"),
    ("front-matter-title", "## 小标题\n\n# 标题\n", "---\ntitle: x\n---\n## 小标题\n"),
    ("heading-skip", "# 一\n\n### 三\n", "# 一\n\n## 二\n\n### 三\n\n# 四\n"),
    ("heading-skip", "一\n===\n\n### 三\n", "一\n===\n\n二\n---\n"),
    ("empty-link", "见[链接]()。\n", "见[链接](https://example.com)。\n"),
    ("empty-link", "见[](https://example.com)。\n", "见![](pic.png)。\n"),
    ("missing-image", "![图](nope.png)\n", "![图](pic.png)\n"),
    ("image-outside", "![图](../pic.png)\n", "![图](./sub/../pic.png)\n"),
    ("image-outside", "![图](../pic.png)\n", '<img src="pic.png" alt="图">\n'),
    # '/' is the project root, as on GitHub (the source's folder here, outside any project)
    ("missing-image", "![图](/etc/pic.png)\n", "![图](/pic.png)\n"),
    ("image-url", "![图](https://example.com/a.png)\n", "[图](https://example.com/a.png)\n"),
    ("image-format", "![图](fake.png)\n", "![图](pic.png)\n"),
    ("footnote-undefined", "正文[^1]。\n", "正文[^1]。\n\n[^1]: 注。\n"),
    ("footnote-unused", "正文。\n\n[^1]: 注。\n", "正文[^1]。\n\n[^1]: 注。\n"),
    ("half-width-punctuation", "中文,中文\n", "中文，中文；1,000 and (a, b): yes?\n"),
    ("half-width-punctuation", "《条例》(以下简称《条例》)\n", "f(x) = 1\n"),
    ("half-width-punctuation", "（以下简称)\n", "（以下简称）\n"),
    ("unbalanced-pair", "他说“走。\n", "他说“走。”\n"),
    ("unbalanced-pair", "《书名》》和【注\n", "《书名》和【注】；don’t\n"),
    # a quotation over two paragraphs of a quote (the copywriting guide's epigraph) pairs up;
    # one still open at the next heading, or at the end, does not
    ("unbalanced-pair", "> 「有研究显示，\n>\n> 与大家共勉之。\n\n## 下节\n\n正文」。\n",
     "> 「有研究显示，\n>\n> 与大家共勉之。」——某人\n"),
    ("unbalanced-pair", "「第一段。\n\n第二段。\n", "“第一段。\n\n“第二段。\n\n“第三段。”\n"),
    ("mixed-quotes", '他说"走"。\n', "他说“走”。\n"),
    ("mixed-quotes", "他说“走”，她说「留」。\n", "她说「留」。\n"),
    ("repeated-punctuation", "好，，走。。\n", "好……走——吗？！\n"),
    ("repeated-punctuation", "真好！！！\n", "真好！\n"),
    ("full-width-alphanumeric", "ＡＢＣ１２３元\n", "ABC123元\n"),
    ("han-latin-space", "2020年 GDP 增长\n", "2020年GDP增长，GDP and GNP\n"),
    ("han-latin-space", "增长 **15%**\n", "## 2.1 概述\n"),
]

# Chinese copy errors where the copy rules must not look.
NOT_PROSE = [
    "```\n中文,中文 ABC\n```\n",
    "~~~ python\n中文,中文\n~~~\n",
    "段落。\n\n    中文,中文\n",
    "代码`中文,中文 ABC`不查。\n",
    "<!-- 中文,中文 -->\n",
    "网址https://example.com/a,b?c=1不查。\n",
    "见[文](https://example.com/中文,中文)。\n",
    '<a title="中文,中文" href="x">文</a>\n',
    "段落。\n{: .lead }\n",
    '{{< figure src="/fig/a.png" caption="图 1. 说明,中文" >}}\n',   # ddia's Hugo shortcodes
    '{% include "页脚.html" %}和{{ page.title }}。\n',
    "---\ntitle: 中文,中文 ABC\ndescription: 他说\"走\"\n---\n正文。\n",
]

FIXES = [
    ("中文,中文;中文:中文?中文!\n", "中文，中文；中文：中文？中文！\n"),
    ("见《条例》(以下简称《条例》),完。\n", "见《条例》（以下简称《条例》），完。\n"),
    ("中文, ABC 中文\n", "中文，ABC中文\n"),
    ("好,,走\n", "好，走\n"),
    ('他说"走"。\n', "他说“走”。\n"),
    ('跟我说 "喵" 了。用 "Go" 写\n', "跟我说“喵”了。用“Go”写\n"),   # no space beside “” from Han
    ("ＡＢＣ１２３元 和 2020 年\n", "ABC123元 和2020年\n"),
    ("- 列表 (一)\n", "- 列表（一）\n"),
]


def _write(folder: Path, source: str, name: str = "a.md", front: bool = True) -> Path:
    (folder / "pic.png").write_bytes(PNG)
    (folder / "fake.png").write_text("not an image")
    path = folder / name
    path.write_text(FRONT + source if front and not source.startswith("---") else source,
                    encoding="utf-8")
    return path


#: the cases below are about docpipe's own convention: no space typed between Han and Latin
#: (tests/test_lint_config.py covers "consistent", the default, and "space")
NONE = CheckOptions(han_latin="none")


def _rules(path: Path) -> list[str]:
    return [finding.rule for finding in check_file(path, options=NONE)]


@pytest.mark.parametrize("rule, bad, good", CASES)
def test_rule_fires_on_bad_and_not_on_good(tmp_path: Path, rule: str, bad: str, good: str) -> None:
    assert rule in RULES
    front = rule != "front-matter-title"  # the title case is about files without front matter
    assert rule in _rules(_write(tmp_path, bad, "bad.md", front))
    assert rule not in _rules(_write(tmp_path, good, "good.md", front))


def test_every_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(RULES) - {"unreadable"}


@pytest.mark.parametrize("source", NOT_PROSE)
def test_copy_rules_skip_code_html_urls_and_front_matter(tmp_path: Path, source: str) -> None:
    assert check_file(_write(tmp_path, source)) == []


@pytest.mark.parametrize("source, fixed", FIXES)
def test_fix(tmp_path: Path, source: str, fixed: str) -> None:
    path = _write(tmp_path, source)
    count, remaining = fix_file(path, options=NONE)
    assert count > 0 and remaining == []
    assert path.read_text(encoding="utf-8") == FRONT + fixed


def test_position_is_line_and_column_in_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "第一行。\n\n**强调**中文,中文\n")
    assert check_file(path) == [Finding(path, 6, 9, "half-width-punctuation",
                                        "half-width ',' in Chinese text: use '，'", True)]


def test_seed_half_width_marks_are_found_and_fixed(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    path = tmp_path / "seed.md"
    path.write_text(FRONT + seed, encoding="utf-8")
    expected = {(number + 4, column + 1) for number, line in enumerate(seed.split("\n"))
                for column, char in enumerate(line) if char in ",;:?!()"}
    line_two = seed.split("\n")[1]
    assert (5, line_two.index(",") + 1) in expected
    findings = check_file(path)
    assert {f.rule for f in findings} == {"half-width-punctuation"}
    assert {(f.line, f.column) for f in findings} == expected
    count, remaining = fix_file(path)
    assert (count, remaining) == (len(expected), [])
    assert path.read_text(encoding="utf-8") == FRONT + seed.translate(HALF_TO_FULL)


def test_article_is_clean() -> None:
    assert check_file(ARTICLE) == []


def test_english_markdown_pages_are_clean() -> None:
    for path in sorted((CORPUS / "markdown-syntax").glob("*.md")):
        assert check_file(path) == [], path


def test_law_corpus_findings_are_half_width_marks_and_fix_cleanly(tmp_path: Path) -> None:
    for source in sorted((CORPUS / "lawrefbook").glob("*.md")):
        path = Path(shutil.copy(source, tmp_path / source.name))
        findings = check_file(path)
        assert {f.rule for f in findings} <= {"half-width-punctuation"}, format_text(findings)
        count, remaining = fix_file(path)
        assert (count, remaining) == (len(findings), [])


def test_fix_is_idempotent_and_keeps_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + (FRONT + "中文,中文 ABC\n他说“走。\n").replace("\n", "\r\n")
                     .encode("utf-8"))
    count, remaining = fix_file(path, options=NONE)
    assert count == 2 and [f.rule for f in remaining] == ["unbalanced-pair"]
    once = path.read_bytes()
    assert once.startswith(b"\xef\xbb\xbf") and "中文，中文ABC\r\n".encode() in once
    assert fix_file(path, options=NONE) == (0, remaining)
    assert path.read_bytes() == once
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left


PIECES = list("中文,;:?!()（）“”‘’\"「」《》，。！？ \n*`#-[]^ＡＢ１aB3>\t") + [
    "\n\n", "```", "    ", "](", "<!--", "-->", "http://x.y/", "[^1]", "[^1]: ", "……", "——"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fix_settles_in_one_call(tmp_path: Path, body: str) -> None:
    path = _write(tmp_path, body)
    _, remaining = fix_file(path)
    fixed = path.read_bytes()
    assert not any(finding.fixable for finding in remaining)
    assert fix_file(path) == (0, remaining) and path.read_bytes() == fixed


def test_unreadable_file_is_one_finding(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02")
    for path in (missing, binary):
        [finding] = check_file(path)
        assert finding.rule == "unreadable" and not finding.fixable
        assert fix_file(path) == (0, [finding])


def test_gb18030_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.md"
    path.write_bytes((FRONT + "中文,中文\n").encode("gb18030"))
    assert _rules(path) == ["unreadable"]
    assert fix_file(path, encoding="gb18030")[0] == 1
    assert path.read_bytes().decode("gb18030") == FRONT + "中文，中文\n"


def test_text_and_json_formats(tmp_path: Path) -> None:
    path = _write(tmp_path, "中文,中文\n\n# 一\n\n### 三\n")
    findings = check_file(path)
    lines = format_text(findings).split("\n")
    assert len(lines) == 2
    assert all(re.fullmatch(r".+:\d+:\d+: [a-z-]+ .+", line) for line in lines)
    assert lines[0].startswith(f"{path}:4:3: half-width-punctuation ")
    data = json.loads(format_json(findings))
    assert [list(item) for item in data] == [["path", "line", "column", "rule", "message",
                                              "fixable"]] * 2
    assert data[1]["rule"] == "heading-skip" and data[1]["fixable"] is False
    assert json.loads(format_json([])) == []
