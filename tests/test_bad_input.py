"""Bad input: one line naming the file, line and fix; exit 1 (2 for usage); dist/ untouched."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import ROOT, run_docpipe

GOOD = "---\ntitle: 测试\n---\n\n中文内容。\n"


@pytest.fixture(scope="module")
def good_project(tmp_path_factory):
    """A project whose dist/ holds a good build of good.md (built once; each test gets a copy)."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "source").mkdir()
    shutil.copytree(ROOT / "styles", folder / "styles")
    (folder / "source" / "good.md").write_text(GOOD, encoding="utf-8")
    result = run_docpipe("build", "source/good.md", "-f", "docx", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture()
def project(good_project, tmp_path):
    """A copy of the good project, whose dist/ must stay intact (a build must not touch it)."""
    shutil.copytree(good_project, tmp_path, dirs_exist_ok=True)
    return tmp_path


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


CASES = {
    "gbk": ("---\ntitle: 测试\n---\n\n中文内容。\n".encode("gb18030"), 1,
            "bad.md:2: source is not UTF-8 but looks like GBK/GB18030 (convert it with "
            "'iconv -f GB18030 -t UTF-8 bad.md' or pass --encoding gb18030)"),
    "empty": (b"", 1, "bad.md: source file is empty"),
    "blank": (b"  \n\n", 1, "bad.md: source file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1,
               "bad.md: source looks like a binary file, not Markdown text"),
    "yaml": (b"---\ntitle: [unclosed\n---\ntext\n", 1,
             "bad.md:2: front matter is not valid YAML"),
    "unterminated": (b"---\ntitle: x\nbody text\n", 1,
                     "bad.md:1: front matter starts with '---' but never ends (add a line '---'"),
    "types": (b"---\ntitle: x\nkeywords: 5\n---\ntext\n", 1,
              "bad.md:3: front-matter key 'keywords' must be a list, not a number"),
    "not-a-mapping": (b"---\n- a\n- b\n---\ntext\n", 1,
                      "bad.md:2: front matter must be a mapping"),
    "bad-date": (b"---\ntitle: x\ndate: yesterday\n---\ntext\n", 1,
                 "bad.md:3: date 'yesterday' is not a date (write it as YYYY-MM-DD)"),
    "missing-image": ("# 标题\n\n正文。\n\n![图一](missing.png)\n".encode(), 1,
                      "bad.md:5: image 'missing.png' not found"),
    "control": ("# 标题\n\n坏\x07字符\n".encode(), 1,
                "bad.md:3: control character U+0007 at column 2 cannot appear in a document"),
    "deep-quotes": (("# T\n\n" + ">" * 400 + " 深\n").encode(), 1,
                    "bad.md:3: block quotes nested more than 64 deep"),
}


@pytest.mark.fast
@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_source_gets_one_clear_line(project, name):
    data, code, message = CASES[name]
    (project / "source" / "bad.md").write_bytes(data)
    before = _snapshot(project / "dist")
    result = run_docpipe("build", "source/bad.md", cwd=project)
    assert result.returncode == code
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("docpipe: error: source/"), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert _snapshot(project / "dist") == before
    assert not (project / "dist" / "bad.docx").exists()


@pytest.mark.fast
def test_gbk_builds_with_encoding_option(project):
    (project / "source" / "gbk.md").write_bytes(GOOD.encode("gb18030"))
    result = run_docpipe("build", "source/gbk.md", "-f", "docx", "--encoding", "gb18030",
                         cwd=project)
    assert result.returncode == 0, result.stderr


@pytest.mark.fast
def test_bom_and_crlf_are_accepted_silently(project):
    (project / "source" / "bom.md").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    result = run_docpipe("build", "source/bom.md", "-f", "docx", cwd=project)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    from docx import Document

    assert "中文内容。" in [p.text for p in Document(project / "dist" / "bom.docx").paragraphs]


@pytest.mark.fast
@pytest.mark.parametrize("args, message", [
    (["build", "source/nothere.md"], "source/nothere.md: source file not found"),
])
def test_missing_source(project, args, message):
    before = _snapshot(project / "dist")
    result = run_docpipe(*args, cwd=project)
    assert result.returncode == 1 and message in result.stderr
    assert _snapshot(project / "dist") == before


@pytest.mark.fast
@pytest.mark.parametrize("args, message", [
    (["build", "--style", "nosuch"], "unknown style 'nosuch' (available: default, gongwen"),
    (["build", "-f", "odt"], "'odt' is not one of 'docx', 'pdf', 'epub'"),
    (["build", "--paper", "b5"], "'b5' is not one of 'a4', 'a5'"),
])
def test_usage_errors_exit_2(project, args, message):
    result = run_docpipe(*args, cwd=project)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # megabyte inputs: make test-slow
@pytest.mark.parametrize("name, text", [
    ("long-line", "# 长行\n\n" + "汉字" * 1_000_000 + "\n"),
    ("many-headings", "".join(f"## 第{i}节\n\n内容{i}。\n\n" for i in range(3000))),
    ("big-table", "# 表\n\n| 甲 | 乙 | 丙 |\n|:--|:-:|--:|\n" +
     "".join(f"| {i} | 行{i} | {i * 2} |\n" for i in range(5000))),
])
def test_huge_inputs_build(project, name, text):
    (project / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    result = run_docpipe("build", f"source/{name}.md", "-f", "docx", cwd=project, timeout=900)
    assert result.returncode == 0, result.stderr
    assert (project / "dist" / f"{name}.docx").stat().st_size > 0
