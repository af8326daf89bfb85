"""Extensions set up only when their trigger occurs (read/markdown.py's MARKDOWN_EXTENSIONS)
give the same HTML as all of them set up, on GFM's spec, the corpus and each syntax."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from docpipe.read import markdown

CORPUS = ROOT.parent / "shared" / "corpus"

#: each conditional syntax on its own (so that each part of a trigger is needed by one), in
#: Chinese text and in containers, and near misses
SNIPPETS = [
    "*[HTML]: Hyper Text Markup Language\n\nHTML 文档",
    "标题 {: #id .class }\n\n# 标题 {#anchor}\n\n段落\n{: .note }",
    "术语\n: 定义\n\n- 列表\n\n  术语\n  : 定义",
    "术语\n:\t定义",
    "正文[^1]。\n\n[^1]: 注释。",
    '<div markdown="1">\n**粗体**\n</div>\n\n<p>段落</p>',
    "| 甲 | 乙 |\n| --- | ---: |\n| 1 | 2 |",
    "转义 \\| 竖线",
    "- [ ] 待办\n- [x] 完成\n\n1. [ ] 有序",
    "- [X] 完成",
    "~~删除~~ 和 10~20 元",
    "转义 \\~ 波浪",
    "~\x02~不是删除~\x03~",
    "见 https://example.com 和 ftp://example.net",
    "见 www.example.com",
    "见 WWW.EXAMPLE.COM",
    "写信给 a@b.cn",
    "见 <HTTP://EXAMPLE.ORG>",
    "见https://example.com，然后",
    "见www.example.com，然后",
    "> [!NOTE]\n> 注意\n\n> [!warning]\n> 小心",
    "```python\nprint(1)\n```\n\n- ```\n  fenced\n  ```",
    "~~~\ncode\n~~~",
    "::: tip 提示\n内容\n:::\n\n:::: details\n::: warning\n嵌套\n:::\n::::",
    "<irc://example.com> <MAILTO:a@b.cn>",
    "<foo.bar> <m:abc> <span>x</span>",
    "<details><summary>展开</summary>\n\n**粗体**\n\n</details>",
    "<DETAILS>\n<Summary>标题</Summary>\n\n- 列表\n\n</DETAILS>",
    "<summary>单独的摘要</summary>\n\n正文",
    "正文[^a]。\n\n<div class=\"Footnote note\" markdown=\"1\">\n\n- 作者的注\n\n</div>\n\n[^a]: 脚注",
    "纯文本，没有任何扩展语法。\n\n第二段：冒号后没有空格。",
]


def _spec_examples() -> list[str]:
    spec = importlib.util.spec_from_file_location("gfm_spec", ROOT / "scripts" / "gfm_spec.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["gfm_spec"] = module   # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return [example.markdown for example in module.examples()]


def _documents() -> list[str]:
    paths = [*sorted(CORPUS.glob("*/*.md")), ROOT / "source" / "article.md",
             *sorted((ROOT / "tests" / "data").rglob("*.md"))]
    return [path.read_text(encoding="utf-8") for path in paths]


def _all_extensions(text: str) -> list[tuple[str, str]]:
    return [(module, name) for module, name, _ in markdown.MARKDOWN_EXTENSIONS]


def _mismatches(texts: list[str], monkeypatch) -> list[str]:
    chosen = [markdown.markdown_to_html(text) for text in texts]
    with monkeypatch.context() as patch:
        patch.setattr(markdown, "needed_extensions", _all_extensions)
        every = [markdown.markdown_to_html(text) for text in texts]
    return [text[:80] for text, a, b in zip(texts, chosen, every) if a != b]


def test_snippets_and_documents_read_the_same_as_with_every_extension(monkeypatch):
    assert _mismatches(SNIPPETS + _documents(), monkeypatch) == []


def test_gfm_spec_examples_read_the_same_as_with_every_extension(monkeypatch):
    assert _mismatches(_spec_examples(), monkeypatch) == []


@pytest.mark.fast
def test_each_conditional_extension_is_left_out_of_plain_text_and_set_up_for_its_syntax():
    plain = markdown.needed_extensions("纯文本。\n\n第二段。")
    for module, name, trigger in markdown.MARKDOWN_EXTENSIONS:
        assert ((module, name) in plain) == (trigger is None), name
        if trigger is not None:
            assert any((module, name) in markdown.needed_extensions(text)
                       for text in SNIPPETS), f"no snippet sets up {name}"
