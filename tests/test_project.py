"""A project is a folder: docpipe.toml, built-in styles from any folder, resources inside the
project root, links between the build's outputs, one line per failure, no 1980 dates.

Every test runs the real command line from a temporary folder far from this repository's
styles/ (the built-in styles must come from the package), and reads the outputs back."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import run_docpipe

def _png(width: int = 16, height: int = 8) -> bytes:
    """A small red RGB PNG, made here (no image library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\xc8\x32\x32" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG = _png()


def _git_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _docs_repo(tmp_path: Path) -> Path:
    """A git repository as docs sites keep one: docs/*.md, images in a sibling assets/."""
    repo = _git_repo(tmp_path / "repo")
    (repo / "assets").mkdir()
    (repo / "assets" / "fig.png").write_bytes(PNG)
    _write(repo / "docs" / "guide.md", "---\ntitle: 使用指南\n---\n\n# 安装\n\n先装好。\n\n"
           "![示意图](../assets/fig.png)\n\n详见[参考](other.md#参数)。\n")
    _write(repo / "docs" / "other.md", "# 参考\n\n## 参数\n\n回到[指南](guide.md)。\n\n"
           "![示意图](../assets/fig.png)\n")
    return repo


def _docx_media(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as docx:
        return [n for n in docx.namelist() if n.startswith("word/media/")]


def _epub_images(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as epub:
        return [n for n in epub.namelist() if n.startswith("EPUB/images/")]


def _docx_normal_size(path: Path) -> float:
    from docx import Document

    return Document(str(path)).styles["Normal"].font.size.pt


def test_builds_from_any_folder_with_images_in_a_sibling_folder(tmp_path):
    """No styles/ anywhere near: the built-in style comes from the package; ../assets/ is inside
    the project (the git work tree), so every format carries the image."""
    import pypdf

    repo = _docs_repo(tmp_path)
    assert not any((p / "styles").exists() for p in [repo, *repo.parents])
    single = run_docpipe("build", "docs/guide.md", "-o", "one", cwd=repo)
    assert single.returncode == 0, single.stderr
    # the only thing said: other.md is not built in this run, so the link is text
    assert single.stderr.count("warning") == 1 and "other.md#参数" in single.stderr
    assert "not built in this run" in single.stderr
    folder = run_docpipe("build", "docs", cwd=repo)
    assert folder.returncode == 0, folder.stderr
    # all that is said: the EPUB cannot follow the two links between the documents
    said = folder.stderr.splitlines()
    assert len(said) == 2 and all("plain text in the EPUB" in line for line in said), said
    for out, stems in ((repo / "one", ["guide"]), (repo / "dist", ["guide", "other"])):
        for stem in stems:
            assert len(_docx_media(out / f"{stem}.docx")) == 1
            assert len(_epub_images(out / f"{stem}.epub")) == 1
            assert len(pypdf.PdfReader(out / f"{stem}.pdf").pages[0].images) == 1


@pytest.mark.fast
def test_check_reads_images_where_the_build_does(tmp_path):
    """check and build agree: ../assets/ and /assets/ (GitHub's repository root) are inside the
    project, so check finds nothing; outside the root, check names the root as the build does."""
    repo = _docs_repo(tmp_path)
    _write(repo / "docs" / "rooted.md", "# 根路径\n\n![图](/assets/fig.png)\n")
    result = run_docpipe("check", "docs/guide.md", "docs/rooted.md", cwd=repo)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    _write(repo / "docs" / "far.md", "# 越界\n\n![图](../../fig.png)\n\n![无](/nope.png)\n")
    result = run_docpipe("check", "docs/far.md", cwd=repo)
    assert f"image-outside image '../../fig.png' is outside the project root {repo}" in result.stdout
    assert "missing-image image '/nope.png' is not a file under the project root" in result.stdout


@pytest.mark.fast
def test_an_image_warning_names_the_images_own_line(tmp_path):
    """'/assets/none.png' is also the end of the link '../assets/none.png' two lines up: the
    warning names the line where the refused image is."""
    from conftest import ROOT
    from docpipe.read.parse import parse_file

    repo = _docs_repo(tmp_path)
    source = _write(repo / "docs" / "lines.md",
                    "# 行号\n\n见[旧图](../assets/none.png)。\n\n![无](/assets/none.png)\n")
    document = parse_file(source, style_folder=ROOT / "src" / "docpipe" / "styles" / "default",
                          resource_roots=(repo,))
    refused = [w for w in document.warnings if "image refused" in w]
    assert [w.split(": image refused")[0] for w in refused] == [f"{source}:5"]


def test_paths_from_the_repository_root_work_as_on_github(tmp_path):
    """README links written as GitHub reads them, from the repository's root: /docs/x.md and
    /assets/fig.png. The image reaches every format, the link leads to the other output."""
    import pypdf

    repo = _docs_repo(tmp_path)
    _write(repo / "README.md", "# 项目\n\n![图](/assets/fig.png)\n\n见[指南](/docs/guide.md)。\n")
    result = run_docpipe("build", "README.md", "docs/guide.md", "docs/other.md", cwd=repo)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "README.md" in line]
    # nothing refused, nothing unlinked but in the EPUB (an e-book cannot open another book)
    assert len(said) == 1 and "plain text in the EPUB" in said[0], said
    dist = repo / "dist"
    assert len(_docx_media(dist / "README.docx")) == 1
    assert len(_epub_images(dist / "README.epub")) == 1
    pdf = pypdf.PdfReader(dist / "README.pdf")
    assert len(pdf.pages[0].images) == 1
    uris = [a.get_object()["/A"].get("/URI") for a in pdf.pages[0].get("/Annots", [])]
    assert "guide.pdf" in uris
    with zipfile.ZipFile(dist / "README.docx") as docx:
        assert 'Target="guide.docx"' in docx.read("word/_rels/document.xml.rels").decode()


def test_a_link_to_the_document_itself_is_no_other_book(tmp_path):
    """The copywriting guide's language list links the file itself (- [简体中文](README.zh-Hans.md)):
    the PDF and DOCX lead to their own output, the EPUB keeps the words without a warning that
    'an e-book cannot open another book'; its links to the other languages still get one."""
    from conftest import ROOT

    guide = "README.zh-Hans.md"
    (tmp_path / guide).write_bytes((ROOT / "tests" / "data" / "copywriting" / guide).read_bytes())
    (tmp_path / "README.md").write_text("# 繁體\n\n正文。\n", encoding="utf-8")
    result = run_docpipe("build", guide, "README.md", "-f", "epub", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "plain text in the EPUB" in line]
    assert [line.split("'")[1] for line in said] == ["README.md"], said
    with zipfile.ZipFile(tmp_path / "dist" / "README.zh-Hans.docx") as docx:
        assert 'Target="README.zh-Hans.docx"' in docx.read("word/_rels/document.xml.rels").decode()
    with zipfile.ZipFile(tmp_path / "dist" / "README.zh-Hans.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "简体中文" in xhtml and "data-docpipe" not in xhtml


def test_folder_build_mirrors_subfolders_and_links_outputs(tmp_path, epubcheck):
    """`docpipe build DIR` mirrors DIR's folders; a link to another source leads to its output
    of the same format, anchors kept in the PDF; never a file:// URL or the builder's path."""
    import pypdf

    repo = _docs_repo(tmp_path)
    _write(repo / "docs" / "api" / "intro.md", "# 接口\n\n见[指南](../guide.md#安装)和"
           "[许可](../../LICENSE)。\n")
    (repo / "LICENSE").write_text("MIT\n")
    result = run_docpipe("build", "docs", "-f", "pdf", "-f", "docx", "-f", "epub", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert (repo / "dist" / "api" / "intro.pdf").is_file()
    # the LICENSE is no source: its link becomes text, with a warning naming the line
    assert re.search(r"docs/api/intro\.md:3: link to '\.\./\.\./LICENSE'", result.stderr)
    uris = [annot.get_object()["/A"]["/URI"]
            for page in pypdf.PdfReader(repo / "dist" / "api" / "intro.pdf").pages
            for annot in page.get("/Annots") or []]
    assert uris == ["../guide.pdf#%E5%AE%89%E8%A3%85"]          # #安装
    guide = pypdf.PdfReader(repo / "dist" / "guide.pdf")
    links = [annot.get_object()["/A"]["/URI"] for page in guide.pages
             for annot in page.get("/Annots") or []]
    assert links == ["other.pdf#%E5%8F%82%E6%95%B0"]            # #参数
    for pdf in (repo / "dist").rglob("*.pdf"):
        data = pdf.read_bytes()
        assert b"file:" not in data and str(tmp_path).encode() not in data
    with zipfile.ZipFile(repo / "dist" / "guide.docx") as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode()
        body = docx.read("word/document.xml").decode()
    assert 'Target="other.docx"' in rels and "file:" not in rels
    # Word's link to a place in another document: the relationship and the bookmark there
    [anchor] = re.findall(r'<w:hyperlink r:id="[^"]+" w:anchor="([^"]+)"', body)
    with zipfile.ZipFile(repo / "dist" / "other.docx") as docx:
        other = docx.read("word/document.xml").decode()
    heading = re.search(rf'<w:bookmarkStart w:id="\d+" w:name="{anchor}"/>.*?</w:p>', other)
    assert heading and "参数" in re.sub(r"<[^>]+>", "", heading.group())
    with zipfile.ZipFile(repo / "dist" / "api" / "intro.docx") as docx:
        assert 'Target="../guide.docx"' in docx.read("word/_rels/document.xml.rels").decode()
    # an EPUB may only link inside itself (epubcheck RSC-007): the words stay, as plain text
    with zipfile.ZipFile(repo / "dist" / "guide.epub") as epub:
        content = epub.read("EPUB/content.xhtml").decode()
    assert "详见参考。" in content and "other.epub" not in content
    for book in (repo / "dist").rglob("*.epub"):
        verdict = epubcheck.check(book)
        assert verdict.clean, f"{book}: {verdict}"


def test_front_matter_style_is_honoured_and_the_command_line_wins(tmp_path):
    folder = tmp_path / "notes"
    _write(folder / "notice.md", "---\ntitle: 关于开展检查的通知\nstyle: gongwen\n---\n\n正文。\n")
    result = run_docpipe("build", "notes/notice.md", "-f", "docx", "-o", "a", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _docx_normal_size(tmp_path / "a" / "notice.docx") == 16      # 三号: gongwen
    result = run_docpipe("build", "notes/notice.md", "-f", "docx", "-o", "b",
                         "--style", "default", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _docx_normal_size(tmp_path / "b" / "notice.docx") == 12


def test_docpipe_toml_names_sources_output_style_and_overrides(tmp_path):
    project = tmp_path / "book"
    _write(project / "docpipe.toml", 'sources = ["chapters"]\noutput = "out"\n'
           'formats = ["docx"]\nstyle = "big"\n\n[documents."chapters/notice.md"]\n'
           'style = "gongwen"\n')
    _write(project / "styles" / "big" / "theme.toml",
           'extends = "default"\ndescription = "larger type"\n\n[text]\nsize = 14\n')
    _write(project / "chapters" / "one.md", "# 第一章\n\n正文。\n")
    _write(project / "chapters" / "notice.md", "# 通知\n\n正文。\n")
    _write(project / "chapters" / "other.md", "---\nstyle: default\n---\n\n# 其他\n\n正文。\n")
    result = run_docpipe("build", cwd=project / "chapters")    # found from a subfolder
    assert result.returncode == 0, result.stderr
    out = project / "out"
    assert sorted(p.name for p in out.glob("*.docx")) == ["notice.docx", "one.docx",
                                                           "other.docx"]
    assert _docx_normal_size(out / "one.docx") == 14            # styles/big extends default
    assert _docx_normal_size(out / "notice.docx") == 16         # [documents] override
    assert _docx_normal_size(out / "other.docx") == 12          # front matter over both
    from docx import Document

    body = Document(str(out / "one.docx")).styles["Normal"].element.rPr
    assert "宋体" in body.xml                                   # the rest is default's


def test_pyproject_tool_docpipe_is_a_project_too(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.docpipe]\n'
           'sources = ["docs"]\nformats = ["epub"]\n')
    _write(tmp_path / "docs" / "a.md", "# 甲\n\n正文。\n")
    result = run_docpipe("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")] \
        == ["a.epub"]


@pytest.mark.parametrize("toml, message", [
    ('sourcse = ["docs"]\n', "docpipe.toml:1: unknown key sourcse (did you mean sources?)"),
    ('[check]\nhan_latin = "spaced"\n', "docpipe.toml:2: [check] han_latin must be one of"),
    ('formats = ["pdf", "html"]\n', "docpipe.toml:1: unknown format 'html'"),
    ('style = "nope"\n', "unknown style 'nope' (available: default, gongwen"),
])
def test_a_bad_docpipe_toml_is_one_line(tmp_path, toml, message):
    _write(tmp_path / "docpipe.toml", toml)
    _write(tmp_path / "source" / "a.md", "# 甲\n\n正文。\n")
    result = run_docpipe("build", "-f", "docx", cwd=tmp_path)
    assert result.returncode in (1, 2)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "internal error" not in result.stderr


def test_styles_lists_built_in_and_project_styles(tmp_path):
    _write(tmp_path / "styles" / "default" / "theme.toml",
           'extends = "default"\n[text]\nsize = 13\n')
    _write(tmp_path / "styles" / "memo" / "theme.toml",
           'extends = "default"\ndescription = "memos"\n')
    result = run_docpipe("styles", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "built-in" in lines["gongwen"]
    assert "replaces the built-in" in lines["default"] and "extends default" in lines["default"]
    assert str(tmp_path / "styles" / "memo") in lines["memo"] and "memos" in lines["memo"]


def test_init_writes_a_project_that_builds(tmp_path):
    result = run_docpipe("init", "report", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "report"
    assert (project / "docpipe.toml").read_text().startswith("# docpipe.toml")
    result = run_docpipe("build", "-f", "docx", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "dist" / "example.docx").is_file()
    again = run_docpipe("init", "report", cwd=tmp_path)
    assert again.returncode == 2 and "exists already" in again.stderr


def test_resources_outside_the_root_are_refused_until_listed(tmp_path):
    """Outside git the root is the source's folder: ../shared is refused, naming the root and
    the setting that widens it; with resources = ["../shared"] it is read."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "logo.png").write_bytes(PNG)
    _write(tmp_path / "doc" / "a.md", "# 甲\n\n![标志](../shared/logo.png)\n")
    result = run_docpipe("build", "doc/a.md", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"outside the project root {tmp_path / 'doc'}" in result.stderr
    assert "resources = [...] in docpipe.toml" in result.stderr
    assert _docx_media(tmp_path / "dist" / "a.docx") == []
    _write(tmp_path / "doc" / "docpipe.toml", 'resources = ["../shared"]\n')
    result = run_docpipe("build", "doc/a.md", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    # with a docpipe.toml, the outputs go to the project's own dist/
    assert len(_docx_media(tmp_path / "doc" / "dist" / "a.docx")) == 1


def test_a_failing_document_never_costs_the_others(tmp_path):
    """A broken image, an impossible date and a misspelt key in three of five sources built in
    one command: one line each, exit 1, and every other output is written."""
    docs = tmp_path / "docs"
    _write(docs / "good.md", "# 好\n\n正文。\n")
    (docs / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    _write(docs / "image.md", "# 图\n\n![坏图](broken.png)\n")
    _write(docs / "date.md", "---\ntitle: 日期\ndate: 2024-02-30\n---\n\n正文。\n")
    _write(docs / "typo.md", "---\nauthors: 张三\n---\n\n正文。\n")
    _write(docs / "also.md", "# 也好\n\n正文。\n")
    result = run_docpipe("build", "docs", "-f", "docx", "-f", "epub", "-f", "pdf",
                         cwd=tmp_path)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert all(line.startswith("docpipe: error: docs/") for line in errors), result.stderr
    text = "\n".join(errors)
    assert "docs/date.md:3: 2024-02-30 is not a date that exists" in text
    assert "docs/typo.md:2: unknown front-matter key 'authors' (did you mean 'author'?" in text
    assert not any("internal error" in line for line in errors if "docs/image.md" not in line)
    # the broken image fails its document's outputs (at most one line per format)
    assert 1 <= sum("docs/image.md" in line for line in errors) <= 3
    written = {p.name for p in (tmp_path / "dist").iterdir() if not p.name.startswith(".")}
    assert {f"{stem}.{fmt}" for stem in ("also", "good") for fmt in ("docx", "epub", "pdf")} \
        <= written
    assert not any(name.startswith(("date.", "typo.")) for name in written)


@pytest.mark.parametrize("args, message", [
    (["-o", "notes.txt/out"], "cannot create the output folder notes.txt/out"),
    (["-o", "/proc/docpipe-out"], "cannot create the output folder /proc/docpipe-out"),
    (["empty"], "no Markdown files under empty"),
    (["a/same.md", "b/same.md"], "a/same.md and b/same.md would both be written as same.*"),
])
def test_command_errors_are_one_line_with_the_fix(tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "empty").mkdir()
    for folder in ("a", "b"):
        _write(tmp_path / folder / "same.md", "# 同名\n\n正文。\n")
    files = [] if any(a.endswith(".md") or a == "empty" for a in args) else ["a/same.md"]
    result = run_docpipe("build", *files, *args, "-f", "docx", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "(" in lines[0] and lines[0].endswith(")")      # the fix, in parentheses
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").glob("same.*"))


def test_without_git_or_date_the_outputs_carry_the_files_date(tmp_path):
    """No SOURCE_DATE_EPOCH, no date:, no git: the file's modification date, never 1980."""
    source = _write(tmp_path / "memo.md", "# 备忘\n\n正文。\n")
    when = dt.datetime(2021, 5, 6, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(source, (when, when))
    env = {"SOURCE_DATE_EPOCH": "", "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    result = run_docpipe("bundle", "memo.md", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dist" / "memo-2021-05-06.zip").is_file()
    with zipfile.ZipFile(tmp_path / "dist" / "memo.epub") as epub:
        opf = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".opf"))
    assert "2021-05-06" in opf and "1980" not in opf
    from docx import Document

    core = Document(str(tmp_path / "dist" / "memo.docx")).core_properties
    assert core.created.date() == dt.date(2021, 5, 6)
