"""Redlines (docpipe diff): the changes found, the DOCX's tracked changes read back accepted and
rejected (by lxml and by LibreOffice through UNO), the PDF's marks read back with pdfplumber."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, run_docpipe
from redline_helpers import docx_paragraphs, edit_law, revisions

LAWS = CORPUS / "lawrefbook"
STYLE = ROOT / "styles" / "default"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _compare(tmp_path: Path, old: str, new: str):
    from docpipe.read.parse import parse_file
    from docpipe.write.redline.marks import compare

    old_doc = parse_file(_write(tmp_path, "old.md", old), style_folder=STYLE)
    new_doc = parse_file(_write(tmp_path, "new.md", new), style_folder=STYLE)
    return compare(old_doc, new_doc)


def _marked(redline) -> list[tuple[str, str]]:
    """(tag, text) of every inline mark in the marked tree."""
    return [(e.tag, "".join(e.itertext())) for e in redline.body.iter("ins", "del")
            if e.get("data-rev")]


# ---- the alignment ---------------------------------------------------------------------------

def test_chinese_is_compared_by_character(tmp_path):
    redline = _compare(tmp_path, "# 标题\n\n人民检察院应当依法办理案件，保障人权。\n",
                       "# 标题\n\n人民检察院应当依法、及时办理案件，充分保障人权。\n")
    assert _marked(redline) == [("ins", "、及时"), ("ins", "充分")]
    assert [c.kind for c in redline.changes] == ["insert", "insert"]


def test_latin_is_compared_by_word(tmp_path):
    redline = _compare(tmp_path, "# T\n\nThe quick brown fox jumps over the dog.\n",
                       "# T\n\nThe quick brawn fox jumped over the dog.\n")
    # whole words, never "o"→"a" inside "brown"
    assert _marked(redline) == [("del", "brown"), ("ins", "brawn"), ("del", "jumps"),
                                ("ins", "jumped")]
    assert [(c.old, c.new) for c in redline.changes] == [("brown", "brawn"), ("jumps", "jumped")]


def test_unchanged_text_and_reflowed_lines_are_not_marked(tmp_path):
    text = "# 标题\n\n第一条 为了规范工作，\n制定本规则。\n\nA line that\nwraps.\n"
    redline = _compare(tmp_path, text, text.replace("工作，\n", "工作，").replace("that\n", "that "))
    assert redline.changes == []
    assert not list(redline.body.iter("ins")) and not any(
        e.get("data-rev") for e in redline.body.iter())


def test_moved_and_split_paragraphs_are_not_walls_of_red(tmp_path):
    paragraphs = [f"第{n}条 这是第{n}条的内容，规定了检察机关在第{n}类案件中的职责。"
                  f"检察机关应当依照本条办理第{n}类案件。" for n in "一二三四五六七八"]
    old = "# 规则\n\n" + "\n\n".join(paragraphs) + "\n"
    moved = paragraphs[:2] + paragraphs[3:] + [paragraphs[2]]       # 三 moved to the end
    first, second = moved[3].split("。", 1)                           # 五 split in two
    moved[3:4] = [first + "。", second]
    redline = _compare(tmp_path, old, "# 规则\n\n" + "\n\n".join(moved) + "\n")
    kinds = [(c.kind, c.scope) for c in redline.changes]
    assert kinds == [("delete", "paragraph"), ("insert", "paragraph break"),
                     ("insert", "paragraph")], kinds
    deleted = [c for c in redline.changes if c.kind == "delete"]
    inserted = [c for c in redline.changes if c.kind == "insert" and c.scope == "paragraph"]
    assert deleted[0].old.startswith("第三条")
    # the deletion and the insertion name each other: a move
    assert (deleted[0].moved, inserted[0].moved) == (inserted[0].id, deleted[0].id)
    assert [e.get("data-moved") for e in redline.body if e.get("data-moved")] == ["from", "to"]
    # every other paragraph's text is unmarked: nothing of 五 deleted or re-inserted
    assert _marked(redline) == []
    marked_blocks = [e for e in redline.body if e.get("data-rev")]
    assert len(marked_blocks) == 3


def test_joined_paragraphs_delete_one_paragraph_mark(tmp_path):
    redline = _compare(tmp_path, "# T\n\n第一句话在这里。\n\n第二句话在那里。\n",
                       "# T\n\n第一句话在这里。第二句话在那里。\n")
    assert [(c.kind, c.scope) for c in redline.changes] == [("delete", "paragraph break")]
    first = redline.body[0]
    assert first.get("data-rev-mark") == "del" and "".join(first.itertext()) == "第一句话在这里。"


def test_emphasis_only_is_a_formatting_change(tmp_path):
    redline = _compare(tmp_path, "# T\n\n这是**重点**内容。\n", "# T\n\n这是*重点*内容。\n")
    (change,) = redline.changes
    assert (change.kind, change.old_format, change.new_format) == ("format", ["strong"], ["em"])
    (span,) = [e for e in redline.body.iter("span") if e.get("data-rev")]
    assert span.get("data-old") == "strong" and span[0].tag == "em"


def test_list_items_table_rows_and_headings_change_whole(tmp_path):
    old = """
        # T

        ## 第一章

        - 甲项
        - 乙项

        | 列一 | 列二 |
        | --- | --- |
        | 一 | 二 |
        | 三 | 四 |

        ## 第二章

        结尾。
        """
    new = """
        # T

        ## 第一章

        - 甲项
        - 新项
        - 乙项

        | 列一 | 列二 |
        | --- | --- |
        | 一 | 二 |
        | 五 | 六 |
        | 三 | 四 |

        结尾。
        """
    redline = _compare(tmp_path, textwrap.dedent(old), textwrap.dedent(new))
    kinds = [(c.kind, c.scope, c.old or c.new) for c in redline.changes]
    assert kinds == [("insert", "list item", "新项"), ("insert", "table row", "五 六"),
                     ("delete", "heading", "第二章")], kinds


# ---- the DOCX ----------------------------------------------------------------------------------

def _redline_and_builds(tmp_path: Path, old: Path, new: Path, *extra: str) -> dict[str, Path]:
    """docpipe diff OLD NEW -f docx, and the plain DOCX builds of both versions."""
    out = tmp_path / "out"
    result = run_docpipe("diff", str(old), str(new), "-o", str(out), "-f", "docx",
                         "--author", "审校", "--date", "2026-12-01T10:00:00", *extra)
    assert result.returncode == 0, result.stderr
    for version in (old, new):
        built = run_docpipe("build", str(version), "-f", "docx", "-o", str(tmp_path / version.stem),
                            env={"SOURCE_DATE_EPOCH": "1606780800"})
        assert built.returncode == 0, built.stderr
    return {"redline": out / f"{new.stem}-redline.docx",
            "old": tmp_path / old.stem / f"{old.stem}.docx",
            "new": tmp_path / new.stem / f"{new.stem}.docx"}


@pytest.fixture(scope="module")
def edited_rules(tmp_path_factory) -> dict[str, Path]:
    """The 313 KB procuratorate rules with a hundred scattered edits of every kind."""
    folder = tmp_path_factory.mktemp("rules")
    source = (LAWS / "procuratorate-criminal-procedure-rules.md").read_text(encoding="utf-8")
    old = folder / "rules-old.md"
    new = folder / "rules.md"
    old.write_text(source, encoding="utf-8")
    new.write_text(edit_law(source, 100), encoding="utf-8")
    return _redline_and_builds(folder, old, new)


def test_docx_revisions_have_unique_ids_author_and_date(edited_rules):
    import docx

    # python-docx opens it; its paragraphs (which know nothing of revisions) hold both texts
    opened = docx.Document(str(edited_rules["redline"]))
    assert len(opened.paragraphs) > len(docx.Document(str(edited_rules["new"])).paragraphs)
    found = revisions(edited_rules["redline"])
    assert len(found) > 100
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    ids = [e.get(f"{w}id") for e in found]
    assert len(set(ids)) == len(ids)
    assert {e.get(f"{w}author") for e in found} == {"审校"}
    assert {e.get(f"{w}date") for e in found} == {"2026-12-01T10:00:00Z"}
    kinds = {e.tag.split("}")[1] for e in found}
    assert kinds == {"ins", "del", "rPrChange"}


def test_docx_accepted_is_new_and_rejected_is_old(edited_rules):
    accepted = docx_paragraphs(edited_rules["redline"], "accept")
    rejected = docx_paragraphs(edited_rules["redline"], "reject")
    assert accepted == docx_paragraphs(edited_rules["new"])
    assert rejected == docx_paragraphs(edited_rules["old"])
    # and the redline differs from both: the changes are really in it
    assert docx_paragraphs(edited_rules["redline"]) != docx_paragraphs(edited_rules["new"])


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> dict[str, Path]:
    """A small document with every kind of block, changed in each: its redline and the plain
    DOCX builds of both versions (read by lxml and by LibreOffice below)."""
    tmp_path = tmp_path_factory.mktemp("every-kind")
    old = _write(tmp_path, "old.md", """
        ---
        title: 修订测试
        subtitle: 第一稿
        ---

        ## 第一章 总则

        第一条 为了规范检察工作，制定本规则。

        第二条 人民检察院应当依法办理案件。

        - 第一项内容
        - 第二项内容

        | 甲 | 乙 |
        | --- | --- |
        | 一 | 二 |
        | 三 | 四 |

        The quick brown fox jumps over the lazy dog.

        这是**重点**内容。

        ```
        code line one
        code line two
        ```

        第三条 删除的段落。

        最后一段。
        """)
    new = _write(tmp_path, "new.md", """
        ---
        title: 修订测试稿
        subtitle: 第二稿
        ---

        ## 第一章 总则

        第一条 为了规范人民检察院的检察工作，制定本规则。

        第二条 人民检察院应当依法、及时办理案件。

        - 第一项内容
        - 新增项内容
        - 第二项内容

        | 甲 | 乙 |
        | --- | --- |
        | 一 | 二 |
        | 五 | 六 |
        | 三 | 四 |

        The quick red fox leaps over the lazy dog.

        这是*重点*内容。

        ```
        code line one
        code line 2
        ```

        最后一段。

        新增的最后一段。
        """)
    return _redline_and_builds(tmp_path, old, new)


def test_docx_small_document_with_every_kind_of_block(every_kind):
    paths = every_kind
    assert docx_paragraphs(paths["redline"], "accept") == docx_paragraphs(paths["new"])
    assert docx_paragraphs(paths["redline"], "reject") == docx_paragraphs(paths["old"])


def _libreoffice(tmp_path: Path, jobs: list[tuple[Path, str | None]]) -> tuple[list[str], list[dict]]:
    """Each DOCX opened in LibreOffice (headless, through UNO), its changes accepted or rejected
    or left, saved as text: the texts, and the tracked changes LibreOffice saw in each, counted
    by type."""
    import shutil
    import subprocess

    assert shutil.which("soffice"), "LibreOffice is missing: run scripts/setup.sh"
    specs = [{"input": str(path), "command": command, "output": str(tmp_path / f"lo{n}.txt")}
             for n, (path, command) in enumerate(jobs)]
    done = subprocess.run(["/usr/bin/python3", str(Path(__file__).with_name("uno_redline.py")),
                           str(tmp_path / "lo-profile"), json.dumps(specs)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    texts = [Path(spec["output"]).read_text(encoding="utf-8-sig") for spec in specs]
    return texts, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("law", ["personal-information-protection-law", "every-kind"])
def test_libreoffice_accept_all_gives_new_and_reject_all_gives_old(tmp_path, law, request):
    if law == "every-kind":
        paths = request.getfixturevalue("every_kind")
    else:
        source = (LAWS / f"{law}.md").read_text(encoding="utf-8")
        old = _write(tmp_path, "law-old.md", source)
        new = _write(tmp_path, "law.md", edit_law(source, 40, seed=3))
        paths = _redline_and_builds(tmp_path, old, new)
    texts, seen = _libreoffice(tmp_path, [(paths["redline"], "AcceptAllTrackedChanges"),
                                          (paths["new"], None),
                                          (paths["redline"], "RejectAllTrackedChanges"),
                                          (paths["old"], None)])
    accepted, new_text, rejected, old_text = texts
    assert sum(seen[0].values()) > 10 and seen[1] == {}   # LibreOffice read the tracked changes
    assert {"Insert", "Delete"} <= set(seen[0]), seen[0]
    if law != "every-kind":
        # emphasis added (none → bold): LibreOffice lists the w:rPrChange as a Format change.
        # (Bold → emphasis, one character style for another, it does not list: its import
        # of w:rPrChange keeps direct formatting only. The XML is checked in the lxml tests.)
        assert seen[0].get("Format", 0) >= 3, seen[0]
    assert accepted == new_text
    assert rejected == old_text
    assert accepted != rejected


CASES = ROOT / "tests" / "cases" / "redline"


@pytest.mark.slow  # a whole amended law, three formats: make test-slow
def test_a_published_amendment_shows_exactly_its_changes(tmp_path):
    """上海市社会救助条例, 2018 text against the 2024 amendment: the amendment's renamings and its
    preamble line, each visible in the PDF, nothing else marked, and LibreOffice's accept-all
    and reject-all give the two versions' DOCX texts."""
    from redline_helpers import pdf_text_by_colour, squash

    from docpipe.write.redline.proof import DELETED, FORMATTED, INSERTED

    old, new = CASES / "shanghai-social-assistance-2018.md", CASES / "shanghai-social-assistance-2024.md"
    paths = _redline_and_builds(tmp_path, old, new)
    result = run_docpipe("diff", str(old), str(new), "-o", str(tmp_path / "out"), "-f", "pdf",
                         "-f", "json")
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    renamed = {("低收入困难", "最低生活保障边缘"), ("支出型贫困", "刚性支出困难")}
    replaced = {(c["old"], c["new"]) for c in changes if c["kind"] == "replace"}
    for old_text, new_text in replaced:    # each replacement is made of the two renamings
        assert any(o in old_text for o, _ in renamed) and any(n in new_text for _, n in renamed)
    assert len([c for c in changes if c["kind"] == "replace"]) >= 20
    others = [c for c in changes if c["kind"] != "replace"]
    assert [c["scope"] for c in others if c["new"].strip()] == ["paragraph"]   # the preamble line
    assert others[0]["new"].startswith("2024年12月31日") and others[0]["new_line"] == 5
    assert all(not c["new"].strip() for c in others[1:])   # heading spacing: 总则 → 总 则
    # the PDF: inserted and deleted text in colour, exactly the changes' text
    colours = pdf_text_by_colour(tmp_path / "out" / "shanghai-social-assistance-2024-redline.pdf")
    legend = {INSERTED: "插入的文字", DELETED: "删除的文字", FORMATTED: "修改格式"}
    shown = {name: colours.get(_hex(name), "").replace(legend[name], "", 1)
             for name in (INSERTED, DELETED, FORMATTED)}
    shown[INSERTED] = shown[INSERTED].replace("¶", "", 1)    # the legend's paragraph mark
    assert shown[INSERTED] == squash("".join(c["new"] for c in changes))
    assert shown[DELETED] == squash("".join(c["old"] for c in changes))
    assert shown[FORMATTED] == ""
    # LibreOffice: accept all = the 2024 DOCX, reject all = the 2018 DOCX
    texts, seen = _libreoffice(tmp_path, [(paths["redline"], "AcceptAllTrackedChanges"),
                                          (paths["new"], None),
                                          (paths["redline"], "RejectAllTrackedChanges"),
                                          (paths["old"], None)])
    assert sum(seen[0].values()) >= len(changes)
    assert texts[0] == texts[1] and texts[2] == texts[3] and texts[0] != texts[2]


# ---- the command line ----------------------------------------------------------------------------

def test_json_lists_the_changes_and_exit_code_says_whether_any(tmp_path):
    old = _write(tmp_path, "a.md", "# 标题\n\n第一条 人民检察院应当依法办理案件。\n")
    new = _write(tmp_path, "b.md", "# 标题\n\n第一条 人民检察院应当依法、及时办理案件。\n")
    result = run_docpipe("diff", str(old), str(new), "-f", "json", "--exit-code")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    (change,) = report["changes"]
    assert (change["kind"], change["old"], change["new"], change["new_line"]) == \
        ("insert", "", "、及时", 3)
    assert report["counts"]["insert"] == 1
    same = run_docpipe("diff", str(old), str(old), "-f", "json", "--exit-code")
    assert same.returncode == 0 and json.loads(same.stdout)["changes"] == []
    without_flag = run_docpipe("diff", str(old), str(new), "-f", "json")
    assert without_flag.returncode == 0


# ---- the PDF -----------------------------------------------------------------------------------

def _colour(rgb) -> tuple:
    return tuple(round(v, 2) for v in (rgb or ()))


def _hex(value: str) -> tuple:
    return tuple(round(int(value[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


def test_pdf_underlines_insertions_strikes_deletions_and_bars_the_margin(tmp_path):
    import pdfplumber

    from docpipe.write.redline.proof import DELETED, INSERTED

    old = _write(tmp_path, "old.md", "# 规则\n\n## 第一章\n\n第一条 为了规范检察工作，制定本规则。\n\n"
                                     "第二条 不变的段落。\n\n第三条 将被删除的段落。\n")
    new = _write(tmp_path, "new.md", "# 规则\n\n## 第一章\n\n第一条 为了规范人民检察院的检察工作，"
                                     "制定本规则。\n\n第二条 不变的段落。\n")
    result = run_docpipe("diff", str(old), str(new), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "out" / "new-redline.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        by_colour: dict[tuple, str] = {}
        for char in page.chars:
            key = _colour(char["non_stroking_color"])
            by_colour[key] = by_colour.get(key, "") + char["text"]
        lines = [(_colour(line["stroking_color"]), line) for line in page.lines]
    legend = ("插入的文字", "删除的文字")
    inserted = by_colour[_hex(INSERTED)].replace(legend[0], "").replace("¶", "", 1)
    deleted = by_colour[_hex(DELETED)].replace(legend[1], "")
    assert inserted == "人民检察院的"
    assert deleted == "第三条 将被删除的段落。"
    # the unchanged text is black, and all there
    black = "".join(by_colour[(0.0, 0.0, 0.0)].split())
    assert "第一条为了规范检察工作，制定本规则。第二条不变的段落。" in black
    assert "人民检察院" not in black and "删除的段落" not in black
    assert "插入 1 处" in text.replace("\n", "") and "删除 1 处" in text.replace("\n", "")
    # an underline below the inserted characters, a strike line through the deleted ones
    ins_chars = [c for c in page.chars if _colour(c["non_stroking_color"]) == _hex(INSERTED)
                 and c["text"] in "人民检察院的"][-6:]
    del_chars = [c for c in page.chars if _colour(c["non_stroking_color"]) == _hex(DELETED)
                 and c["text"] in "将被删除的段落"][-7:]
    horizontal = [line for _, line in lines if abs(line["top"] - line["bottom"]) < 0.5]
    assert any(abs(line["top"] - ins_chars[0]["bottom"]) < 4 and line["x0"] <= ins_chars[0]["x0"] + 1
               for line in horizontal
               if _colour(line["stroking_color"]) == _hex(INSERTED))
    middle = (del_chars[0]["top"] + del_chars[0]["bottom"]) / 2
    assert any(abs(line["top"] - middle) < 3 for line in horizontal
               if _colour(line["stroking_color"]) == _hex(DELETED))
    # change bars: vertical rules in the outer (right, page 1 is a recto) margin beside both
    bars = [line for _, line in lines if abs(line["x0"] - line["x1"]) < 0.5
            and line["x0"] > page.width * 0.85]
    tops = sorted(line["top"] for line in bars)
    assert len(bars) == 2, bars
    assert tops[0] <= ins_chars[0]["top"] + 2 and any(
        bar["top"] <= del_chars[0]["top"] + 2 <= bar["bottom"] + 2 for bar in bars)
    # nothing between them is barred: the unchanged 第二条 has no bar beside it
    unchanged = next(c for c in page.chars if c["text"] == "不")
    assert not any(bar["top"] - 1 <= unchanged["top"] <= bar["bottom"] for bar in bars)


# ---- git revisions -------------------------------------------------------------------------------

def _git(folder: Path, *args: str, when: str | None = None, author: str = "编辑甲") -> str:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def _edit_article(text: str) -> str:
    """An editor's pass over the article: a phrase tightened, a sentence added, a paragraph cut."""
    paragraphs = text.split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if len(p) > 80 and not p.startswith(("#", "-"))]
    second, third = body[3], body[5]
    paragraphs = "\n\n".join(paragraphs).replace("始终坚持以", "坚持以", 1).split("\n\n")
    paragraphs[second] = paragraphs[second].rstrip("。") + "，取得明显成效。"
    del paragraphs[third]
    return "\n\n".join(paragraphs)


def test_since_a_git_revision_names_both_versions_and_dates_the_revisions(project):
    import zipfile

    from conftest import ARTICLE

    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "v1", when="2026-01-05T09:00:00+08:00")
    first = _git(project, "rev-parse", "--short=12", "HEAD")
    article = project / "source" / "article.md"
    article.write_text(_edit_article(ARTICLE.read_text(encoding="utf-8")), encoding="utf-8")
    _git(project, "commit", "-qam", "v2", when="2026-02-10T15:30:00+08:00", author="编辑乙")
    # default: the previous commit that touched the file
    result = run_docpipe("diff", "source/article.md", "-f", "json", "-f", "docx", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["old"]["revision"] == first[:7] and report["old"]["author"] == "编辑甲"
    assert report["new"]["author"] == "编辑乙" and report["new"]["date"].startswith("2026-02-10")
    kinds = sorted(c["kind"] for c in report["changes"])
    assert kinds == ["delete", "delete", "insert"], report["changes"]
    assert {c["old"] for c in report["changes"] if c["kind"] == "delete"} >= {"始终"}
    assert all(c["new_line"] or c["old_line"] for c in report["changes"])
    with zipfile.ZipFile(project / "dist" / "article-redline.docx") as package:
        document = package.read("word/document.xml").decode()
    assert 'w:author="编辑乙"' in document and 'w:date="2026-02-10T07:30:00Z"' in document
    # --since names the revision; the same changes
    again = run_docpipe("diff", "source/article.md", "--since", first, "-f", "json", cwd=project)
    assert json.loads(again.stdout)["changes"] == report["changes"]
    # an uncommitted edit is compared with the last commit
    article.write_text(article.read_text(encoding="utf-8").replace("坚持以", "始终坚持以", 1),
                       encoding="utf-8")
    working = json.loads(run_docpipe("diff", "source/article.md", "-f", "json",
                                     cwd=project).stdout)
    assert [(c["kind"], c["new"]) for c in working["changes"]] == [("insert", "始终")]
    # nothing is left beside the source, and a bad revision is one line
    assert sorted(p.name for p in (project / "source").iterdir()) == ["article.md"]
    bad = run_docpipe("diff", "source/article.md", "--since", "nosuchrev", cwd=project)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "nosuchrev" in bad.stderr and "Traceback" not in bad.stderr


def test_the_workflow_redline_step_diffs_the_pushed_sources(project):
    """The GitHub Actions step itself, run here: in a clone with two commits, it writes the
    redline of the changed source against the commit before the push, and none for the rest."""
    import os
    import subprocess
    import sys

    import yaml

    from conftest import ARTICLE

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docpipe.yml").read_text())
    step = next(s for s in workflow["jobs"]["redline"]["steps"]
                if s.get("name") == "Redlines of the changed sources")
    upload = next(s for s in workflow["jobs"]["redline"]["steps"]
                  if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "redline/"
    triggers = workflow.get("on", workflow.get(True))   # YAML 1.1 reads a bare on as true
    assert "source/**" in triggers["push"]["paths"]
    (project / "source" / "other.md").write_text("# 其他\n\n不变的文字。\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "v1")
    before = _git(project, "rev-parse", "HEAD")
    article = project / "source" / "article.md"
    article.write_text(_edit_article(ARTICLE.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "source" / "new.md").write_text("# 新文\n\n新的文字。\n", encoding="utf-8")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "v2")
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "docpipe").write_text(f'#!/bin/sh\nexec {sys.executable} -m docpipe "$@"\n')
    (bin_dir / "docpipe").chmod(0o755)
    (project / ".home").mkdir()     # the step's git config --global goes here, not to ~
    env = {**os.environ, "BEFORE": before, "HOME": str(project / ".home")}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in (project / "redline").iterdir())
    assert made == ["article-redline.docx", "article-redline.json", "article-redline.pdf"]
    report = json.loads((project / "redline" / "article-redline.json").read_text())
    assert report["old"]["revision"] == before[:7] and len(report["changes"]) == 3


def test_bad_diff_input_is_one_line_and_writes_nothing(tmp_path):
    good = _write(tmp_path, "good.md", "# 标题\n\n正文。\n")
    out = tmp_path / "out"
    cases = [(["diff", str(tmp_path / "missing.md"), str(good)], 1, "missing.md"),
             (["diff", str(good), str(tmp_path / "gone.md")], 1, "gone.md"),
             (["diff", str(good), str(good), str(good)], 2, "OLD.md NEW.md"),
             (["diff", str(good), str(good), "--since", "HEAD"], 2, "OLD.md NEW.md"),
             (["diff", str(good), str(good), "--date", "yesterday"], 2, "yesterday")]
    for args, code, named in cases:
        result = run_docpipe(*args, "-o", str(out))
        assert result.returncode == code, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr, lines
    assert not out.exists()


def test_a_chapter_edited_throughout_with_a_paragraph_inserted_stays_paired(tmp_path):
    """Every one of 80 paragraphs edited (too large a stretch for the pairing programme) and
    one paragraph inserted in the middle: the others are still paired with their old selves."""
    old = [f"第{n}条 检察机关办理第{n}类案件,应当依法进行,并接受监督。" for n in range(1, 81)]
    new = [p.replace(",", "，") for p in old]
    new.insert(40, "第四十条之一 新增的条文，规定了新的内容。")
    redline = _compare(tmp_path, "# 规则\n\n" + "\n\n".join(old) + "\n",
                       "# 规则\n\n" + "\n\n".join(new) + "\n")
    whole = [(c.kind, c.scope) for c in redline.changes if c.scope != "text"]
    assert whole == [("insert", "paragraph")]
    assert all(c.old == "," and c.new == "，" for c in redline.changes if c.scope == "text")
