"""docpipe check on real repositories: rules chosen in docpipe.toml, on the command line and by
comments; the Han–Latin convention; 「」 as a quote style; --fix keeps links; --diff."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_docpipe

pytestmark = pytest.mark.fast

SPACED_README = """# 使用 Docker 部署

本项目用 Python 编写，用 Docker 部署，文档见 [部署](#使用-docker-部署) 和 [安装](#安装-python)。

## 安装 Python

先装 Python 3.11，再装 Git 和 Make。2024年起支持 ARM。
"""


def _check(folder: Path, *args: str):
    return run_docpipe("check", *args, cwd=folder)


def _rules(stdout: str) -> list[str]:
    return [line.split(" ", 2)[1] for line in stdout.splitlines() if line.strip()]


def test_a_consistently_spaced_readme_has_no_findings(tmp_path):
    (tmp_path / "README.md").write_text(SPACED_README, encoding="utf-8")
    result = _check(tmp_path, "README.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_consistent_flags_only_the_minority_of_a_mixed_document(tmp_path):
    (tmp_path / "a.md").write_text(SPACED_README + "\n这里却写成了Docker和 Git。\n",
                                   encoding="utf-8")
    result = _check(tmp_path, "a.md")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # 了Docker and Docker和: the two places without the space the other 13 have
    assert [line.split(":")[1] for line in lines] == ["9", "9"]
    assert all("(13 of 15 places): add one here" in line for line in lines)


def test_conventions_space_and_none(tmp_path):
    (tmp_path / "docpipe.toml").write_text('[check]\nhan_latin = "space"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# 标题\n\n用Python写。\n", encoding="utf-8")
    result = _check(tmp_path, "a.md")
    assert _rules(result.stdout) == ["han-latin-space", "han-latin-space"]
    result = _check(tmp_path, "a.md", "--han-latin", "none")     # the command line wins
    assert result.returncode == 0, result.stdout


def test_rules_selected_and_ignored_in_docpipe_toml_and_on_the_command_line(tmp_path):
    (tmp_path / "a.md").write_text("# 标题\n\n你好,世界!！\n", encoding="utf-8")
    assert set(_rules(_check(tmp_path, "a.md").stdout)) == {"half-width-punctuation",
                                                            "repeated-punctuation"}
    (tmp_path / "docpipe.toml").write_text('[check]\nignore = ["half-width-punctuation"]\n',
                                           encoding="utf-8")
    assert set(_rules(_check(tmp_path, "a.md").stdout)) == {"repeated-punctuation"}
    result = _check(tmp_path, "a.md", "--ignore", "repeated-punctuation")
    assert result.returncode == 0, result.stdout
    result = _check(tmp_path, "a.md", "--select", "half-width-punctuation")
    assert set(_rules(result.stdout)) == {"half-width-punctuation"}
    result = _check(tmp_path, "a.md", "--ignore", "repeated-punctuaton")
    assert result.returncode == 2 and "did you mean repeated-punctuation?" in result.stderr


def test_inline_comments_turn_rules_off(tmp_path):
    (tmp_path / "a.md").write_text(
        "# 标题\n\n<!-- docpipe: disable-next-line=half-width-punctuation -->\n你好,世界。\n\n"
        "<!-- docpipe: disable -->\n错误,示例!\n<!-- docpipe: enable -->\n\n再见,朋友。\n",
        encoding="utf-8")
    result = _check(tmp_path, "a.md")
    assert [line.split(":")[1] for line in result.stdout.splitlines()] == ["10"]


def test_corner_quotes_are_a_style_of_their_own(tmp_path):
    (tmp_path / "a.md").write_text("# 标题\n\n他说「你好」，又说「『再见』吧」。\n",
                                   encoding="utf-8")
    assert _check(tmp_path, "a.md").returncode == 0
    (tmp_path / "b.md").write_text("# 标题\n\n他说「你好」，又说「再见」，“走吧”。\n",
                                   encoding="utf-8")
    result = _check(tmp_path, "b.md")
    assert _rules(result.stdout) == ["mixed-quotes"] and "'“'" in result.stdout


def test_fix_keeps_anchor_links_and_never_touches_code_urls_or_emoticons(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("# 使用 Docker 部署\n\n见[部署](#使用-docker-部署)和[安装][i]。\n\n"
                      "## 安装 Python\n\n好的;) 用 `a, b` 写,见 https://x.org/a,b 吧:)\n\n"
                      "[i]: #安装-python\n", encoding="utf-8")
    diff = _check(tmp_path, "a.md", "--diff", "--han-latin", "none")
    assert diff.returncode == 0 and "+# 使用Docker部署" in diff.stdout
    assert source.read_text(encoding="utf-8").startswith("# 使用 Docker 部署")   # unwritten
    _check(tmp_path, "a.md", "--fix", "--han-latin", "none")
    fixed = source.read_text(encoding="utf-8")
    assert "# 使用Docker部署" in fixed and "](#使用docker部署)" in fixed
    assert "[i]: #安装python" in fixed
    assert "好的;)" in fixed and "吧:)" in fixed and "`a, b`" in fixed
    assert "https://x.org/a,b" in fixed and "写，见" in fixed
