"""Shared fixtures: the project paths and the article built once per session by the real CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.epubcheck_server import EpubcheckServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_f64e6a1a70281f8d.txt"
CORPUS = SHARED / "corpus"
ARTICLE = ROOT / "source" / "article.md"
DOCPIPE = [sys.executable, "-m", "docpipe"]


# The suite reads real input from the shared corpus beside the clone: without it, stop with one
# line that says so (checked as this file loads, before any test module reads from it).
if not CORPUS.is_dir() or not SEED.is_file():
    pytest.exit(f"{SHARED} is missing: the tests read the seed and the corpus from ../shared "
                "beside the clone (as CI lays it out)", returncode=1)


# With PYTHONDONTWRITEBYTECODE set (as on the shared development machine), every command-line
# run a test makes compiles docpipe's modules again: 0.16 s of CPU of a 0.66 s DOCX build, in
# some two hundred runs. They keep their bytecode in one folder of the user's cache instead,
# outside the checkout (keyed by each module's full path and checked against its source, as
# beside an install; the suite's CPU time 5 % less).
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
    CACHE_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(CACHE_HOME / "docpipe-tests-bytecode"))


def run_docpipe(*args: str, cwd: Path = ROOT, env: dict | None = None,
                timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the real command line; returns the completed process (never raises on exit code)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*DOCPIPE, *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def make_project(folder: Path) -> Path:
    """A project folder holding a copy of the article and of the styles."""
    (folder / "source").mkdir(parents=True)
    shutil.copy(ARTICLE, folder / "source" / "article.md")
    shutil.copytree(ROOT / "styles", folder / "styles")
    return folder


@pytest.fixture()
def project(tmp_path) -> Path:
    """A fresh project (article + styles) in a temporary folder; cwd for CLI runs."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def built_article(tmp_path_factory) -> dict[str, Path]:
    """dist outputs of source/article.md in all three formats, built once by `docpipe build`
    (the PDF in a worker process beside the other two: --jobs 2)."""
    out = tmp_path_factory.mktemp("dist")
    result = run_docpipe("build", str(ARTICLE), "-o", str(out), "--force", "--jobs", "2",
                         env={"SOURCE_DATE_EPOCH": "1606780800"})
    assert result.returncode == 0, result.stderr
    return {fmt: out / f"article.{fmt}" for fmt in ("docx", "pdf", "epub")}


_EPUBCHECK: list[EpubcheckServer] = []  # started once collection shows a test will need it


#: Test files by the time a worker spends on them (seconds, the sum of their --durations in a
#: full `make test` run on this 2-core machine under a load of about 6, December 2026: weights,
#: not timings), heaviest first. `make test` hands whole files to its two workers in this order
#: (--dist loadfile --no-loadscope-reorder), so that no long file starts last and keeps one core
#: busy while the other idles: xdist's own order is by number of tests, which sent the property
#: test (one test) and the LibreOffice files (two tests each) to the end. Files not listed follow
#: in collection order. A stale figure costs balance, never a result.
WORKER_SECONDS = {
    "test_typography.py": 258, "test_redline.py": 102, "test_book.py": 97, "test_corpus.py": 58,
    "test_bad_input.py": 52, "test_safety.py": 51, "test_long_readme.py": 42,
    "test_wpimport.py": 38, "test_gongwen_formats.py": 29, "test_gongwen_docx.py": 28,
    "test_epub_book.py": 28, "test_project.py": 28, "test_markdown_triggers.py": 25,
    "test_pdf_tags.py": 25, "test_property.py": 20, "test_breaks.py": 19,
    "test_docx_in_libreoffice.py": 17, "test_cli.py": 15, "test_gongwen_document.py": 15,
    "test_pdf.py": 14, "test_markdown.py": 11, "test_reproducible.py": 11, "test_faults.py": 11,
    "test_docx.py": 10, "test_epub.py": 9, "test_gongwen.py": 9, "test_limits.py": 8,
    "test_typed_spaces.py": 7, "test_images.py": 7, "test_lint_config.py": 7,
    "test_alert_titles.py": 7, "test_check.py": 7, "test_gfm_spec.py": 7, "test_pdf_cost.py": 6,
    "test_booklet.py": 6, "test_build_record.py": 5, "test_theme.py": 5, "test_shards.py": 5,
}


@pytest.hookimpl(trylast=True)  # after -m and -k deselected theirs: the tests that will run
def pytest_collection_modifyitems(items) -> None:
    # a stable sort: each file's tests stay together and in their order
    items.sort(key=lambda item: -WORKER_SECONDS.get(item.path.name, 0))
    # the JVM boots (seconds of CPU) while the first tests run, not when the first book waits;
    # `pytest -m fast` selects no test that needs it, and starts none
    if any("epubcheck" in item.fixturenames for item in items) and not _EPUBCHECK:
        _EPUBCHECK.append(EpubcheckServer())


@pytest.fixture(scope="session")
def epubcheck():
    """One epubcheck JVM for the whole session: ``epubcheck.check(path)`` → a Verdict, so each
    book's findings are reported by the test that made it."""
    server = _EPUBCHECK.pop() if _EPUBCHECK else EpubcheckServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def built_gongwen_article(tmp_path_factory) -> dict[str, Path]:
    """The article's DOCX and PDF in the gongwen style, built once by `docpipe build`."""
    out = tmp_path_factory.mktemp("gongwen")
    result = run_docpipe("build", str(ARTICLE), "--style", "gongwen", "-f", "pdf", "-f", "docx",
                         "-o", str(out))
    assert result.returncode == 0, result.stderr
    return {fmt: out / f"article.{fmt}" for fmt in ("docx", "pdf")}


def drop_contents(page_text: str) -> str:
    """A PDF page's text without the contents docpipe sets after the title (its "目录" line
    and its entries, each ending in dot leaders and a page number)."""
    import re

    lines = page_text.split("\n")
    if not any(re.search(r"\.{4,}\s*\d+$", line) for line in lines):
        return page_text
    return "\n".join(line for line in lines
                     if line != "目录" and not re.search(r"\.{4,}\s*\d+$", line))


def squash(text: str) -> str:
    """Text with all whitespace removed, for comparing what a reader sees across formats."""
    return "".join(text.split())


def source_text(path: Path = ARTICLE, style: str = "default") -> str:
    """What a reader should see of a source: title, subtitle, credits, then the body text."""
    from docpipe.model.document import text_of
    from docpipe.read.parse import parse_file
    from docpipe.model.theme import load_theme

    theme = load_theme(style, search_from=[ROOT])
    document = parse_file(path, style_folder=theme.folder)
    parts = [document.meta.title, document.meta.subtitle or "", document.meta.credits or ""]
    parts.append(text_of(document.body))
    return squash("".join(parts))


CORPUS_FILES = sorted(CORPUS.glob("*/*.md"))


#: The 119-page rules' PDF is laid out and its copied text compared with the source in
#: test_typography (both styles); building and reading it here too cost ~20 s of CPU.
PDF_ELSEWHERE = {"procuratorate-criminal-procedure-rules"}


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every corpus document in all three formats (PDF_ELSEWHERE in DOCX and EPUB), built once
    by the CLI, several sources at once with the PDFs in worker processes."""
    out = tmp_path_factory.mktemp("corpus")
    env = {"SOURCE_DATE_EPOCH": "1606780800"}
    everything = [path for path in CORPUS_FILES if path.stem not in PDF_ELSEWHERE]
    elsewhere = [path for path in CORPUS_FILES if path.stem in PDF_ELSEWHERE]
    for files, formats in ((everything, ()), (elsewhere, ("-f", "docx", "-f", "epub"))):
        result = run_docpipe("build", *map(str, files), *formats, "-o", str(out), "--jobs", "2",
                             env=env, timeout=1800)
        assert result.returncode == 0, result.stderr
    return {path.stem: {fmt: out / f"{path.stem}.{fmt}" for fmt in ("docx", "pdf", "epub")}
            for path in CORPUS_FILES}


def pdf_font_families(path: Path) -> dict[str, str]:
    """PDF font name (as pdfplumber reports it, e.g. 'ABCDEF+docpipe-body') → the family
    named inside the embedded font program (e.g. 'Noto Serif CJK SC')."""
    import io

    import pypdf
    from fontTools.ttLib import TTFont

    families = {}
    for page in pypdf.PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            name = str(font["/BaseFont"]).lstrip("/")
            if name not in families and stream is not None:
                program = TTFont(io.BytesIO(stream.get_object().get_data()), lazy=True)
                families[name] = program["name"].getDebugName(1)
    return families
