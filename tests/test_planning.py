"""Planning a build reads only what tells whether its outputs are current: the front matter's
``style`` (PyYAML only when the front matter could name one), the style's files, the source's
bytes. Themes are checked and sources parsed only for outputs that are to be written."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, run_docpipe

from docpipe.errors import FrontMatterError
from docpipe.read.frontmatter import named_style


def _source(tmp_path, text: str):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.fast
@pytest.mark.parametrize("front_matter, style", [
    ("title: 通知\nstyle: gongwen\n", "gongwen"),
    ("{title: 通知, style: ' gongwen '}\n", "gongwen"),       # flow mapping, spaces trimmed
    ('"st\\x79le": gongwen\n', "gongwen"),                     # an escape spells the key
    ("title: 通知\n", None),
    ("title: 通知\nstyle: ''\n", None),
])
def test_the_front_matter_names_the_style(tmp_path, front_matter, style):
    assert named_style(_source(tmp_path, f"---\n{front_matter}---\n\n正文。\n")) == style


@pytest.mark.fast
def test_front_matter_that_cannot_name_a_style_is_left_to_the_parse(tmp_path):
    """Not read at all: broken YAML without the word is no error here (the parse says it)."""
    assert named_style(_source(tmp_path, "---\ntitle: [未闭合\n---\n\n正文。\n")) is None
    assert named_style(_source(tmp_path, "# 无前言\n\n正文。\n")) is None
    # nor is the body read line by line (a control character in it is the parse's to say)
    assert named_style(_source(tmp_path, "---\nstyle: gongwen\n---\n\n正\x07文。\n")) == "gongwen"


@pytest.mark.fast
def test_a_style_key_is_checked_as_the_parse_checks_it(tmp_path):
    with pytest.raises(FrontMatterError, match="'style' must be text"):
        named_style(_source(tmp_path, "---\nstyle: [a, b]\n---\n\n正文。\n"))
    with pytest.raises(FrontMatterError, match="not valid YAML"):
        named_style(_source(tmp_path, "---\nstyle: [未闭合\n---\n\n正文。\n"))


def test_a_no_op_build_reads_no_yaml_and_checks_no_theme(tmp_path):
    """Everything current: no PyYAML, no theme schema, no process pool is imported."""
    _source(tmp_path, "---\ntitle: 标题\nauthor: 张三\n---\n\n# 一\n\n正文。\n")
    first = run_docpipe("build", "doc.md", "-o", "out", "-f", "docx", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    probe = ("import sys\nfrom docpipe.cli import main\n"
             "try:\n    main(['build', 'doc.md', '-o', 'out', '-f', 'docx'])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('yaml', 'docpipe.model.theme_schema', 'zipfile',"
             " 'concurrent.futures', 'docpipe.read.parse') if m in sys.modules))\n")
    again = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "src"),
                                                        "PATH": "/usr/bin:/bin"})
    assert "current" in again.stdout and "unchanged" in again.stdout, again.stderr
    assert again.stdout.strip().splitlines()[-1] == "[]", again.stdout


@pytest.mark.fast
def test_a_broken_project_theme_stops_the_build_before_anything_is_written(tmp_path):
    """Checked after planning (and the fork), still the command's one error line."""
    style = tmp_path / "styles" / "default"
    style.mkdir(parents=True)
    (style / "theme.toml").write_text('extends = "default"\n\n[text]\nsiez = 12\n',
                                      encoding="utf-8")
    _source(tmp_path, "# 一\n\n正文。\n")
    result = run_docpipe("build", "doc.md", "-o", "out", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "theme.toml:4" in line and "did you mean size?" in line, line
    assert not list((tmp_path / "out").glob("doc.*"))
