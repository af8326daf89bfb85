"""Links between the sources of one build in the EPUB: an e-book cannot open another book, so
such a link is its words as plain text, with one warning naming the line; a link to a place in
the same document works in every format; the PDF and DOCX still link to each other."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import run_docpipe
from lxml import etree

XHTML = {"x": "http://www.w3.org/1999/xhtml"}

A = """---
title: 甲篇
---

## 小节

见[乙的第二节](b.md#第二节)和[乙篇](b.md)。

再见[乙篇](b.md)，[回到小节](a.md#小节)，[网站](https://example.org/)。
"""
B = "---\ntitle: 乙篇\n---\n\n## 第二节\n\n正文。\n"


def _content(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/content.xhtml"))


def test_links_to_other_sources_are_text_in_the_epub_and_links_elsewhere(tmp_path, epubcheck):
    (tmp_path / "a.md").write_text(A, encoding="utf-8")
    (tmp_path / "b.md").write_text(B, encoding="utf-8")
    result = run_docpipe("build", "a.md", "b.md", "-o", "out", "-f", "docx", "-f", "epub",
                         "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    tree = _content(out / "a.epub")
    paragraphs = ["".join(p.itertext()) for p in tree.iterfind(".//x:p", XHTML)]
    assert "见乙的第二节和乙篇。" in paragraphs
    assert "再见乙篇，回到小节，网站。" in paragraphs
    links = {a.text: a.get("href") for a in tree.iter("{%s}a" % XHTML["x"])}
    # no trace of the other book, not even an <a> that would look like a link
    assert "乙的第二节" not in links and "乙篇" not in links
    assert links["网站"] == "https://example.org/"
    section = links["回到小节"]
    assert section == "#小节" and tree.find(f".//*[@id='{section[1:]}']") is not None
    # one warning per such link, each naming its line, said once although two formats ran
    said = [line for line in result.stderr.splitlines() if "plain text in the EPUB" in line]
    assert [re.search(r"a\.md:(\d+): link to '([^']+)'", line).groups() for line in said] == \
        [("7", "b.md#第二节"), ("7", "b.md"), ("9", "b.md")]
    assert "b.docx" in said[0]
    # the DOCX (written before the EPUB) still links to the other DOCX and to its own heading
    with zipfile.ZipFile(out / "a.docx") as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode()
        body = docx.read("word/document.xml").decode()
    assert rels.count('Target="b.docx"') >= 1
    [anchor] = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body)
    assert f'w:name="{anchor}"' in body
    verdict = epubcheck.check(out / "a.epub")
    assert verdict.clean, str(verdict)
