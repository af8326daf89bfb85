"""Front-matter keys docpipe does not use: a slip of a known key fails the build (tested in
test_project.py); any other is one warning per key and build, naming its line and the nearest
known key, and the outputs are written; the project's [check] can turn it off."""
from __future__ import annotations

import re
import zipfile

from conftest import run_docpipe
from docx import Document

SOURCE = ("---\ntitle: 键\nlayoutmode: post\nauthorname: 张三\ntags: [a, b]\ncategories: 笔记\n"
          "updated: 2024-01-02\n---\n\n正文照常。\n")


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("docpipe: warning:")]


def test_an_unknown_key_is_one_warning_and_the_build_goes_on(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    result = run_docpipe("build", "doc.md", "-o", "out", "-f", "docx", "-f", "epub",
                         "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = _warnings(result.stderr)
    # once per key although two formats were written; a site generator's tags, categories
    # and updated belong in the file and are not warned about
    assert len(said) == 2, result.stderr
    layout, authorname = said
    assert re.match(r"docpipe: warning: doc\.md:3: front-matter key 'layoutmode' ", layout)
    assert "nearest" not in layout          # nothing known is near 'layoutmode'
    assert re.match(r"docpipe: warning: doc\.md:4: front-matter key 'authorname' ", authorname)
    assert "the nearest known key is 'author'" in authorname
    assert all("front-matter-unknown-key" in line for line in said)
    # the outputs are written, and the unknown key is not taken for a known one
    document = Document(tmp_path / "out" / "doc.docx")
    assert "正文照常。" in [p.text for p in document.paragraphs]
    assert document.core_properties.author != "张三"
    with zipfile.ZipFile(tmp_path / "out" / "doc.epub") as epub:
        assert "正文照常。" in epub.read("EPUB/content.xhtml").decode()


def test_the_projects_check_settings_silence_it(tmp_path):
    (tmp_path / "doc.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "docpipe.toml").write_text('sources = ["doc.md"]\n\n[check]\n'
                                           'ignore = ["front-matter-unknown-key"]\n',
                                           encoding="utf-8")
    result = run_docpipe("build", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _warnings(result.stderr) == [], result.stderr
    assert (tmp_path / "dist" / "doc.docx").is_file()
