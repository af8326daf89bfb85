"""The PDF contents at a lower cost, the same pages: dot leaders laid out as one text a line
(write/pdf/leaders.py), the entries' page-number lookups filed under their headings
(write/pdf/targets.py), the contents pages renumbered in place instead of laid out again
(write/pdf/renumber.py)."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT

from docpipe.write.pdf import leaders, renumber, targets

_LEADERS = """<html lang="zh-CN"><head><style>
@page { size: A5; margin: 20mm; }
body { font-size: 12pt; }
a { display: block; color: inherit; text-decoration: none; }
a::after { content: leader(dotted) " " target-counter(attr(href), page); }
h1 { break-before: page; }
</style></head><body>
<a href="#one">第一章 总则</a><a href="#two">第二章 一个长得多的章节标题</a>
<h1 id="one">第一章</h1><h1 id="two">第二章</h1></body></html>"""

#: a contents (toc: true) of ten chapters, each about a page long
_CHAPTERS = [f"第{number}章 总则" for number in "一二三四五六七八九十"]
_BOOK = "---\ntitle: 目录测试\ntoc: true\n---\n\n" + "".join(
    f"## {chapter}\n\n" + "条文内容应当依法办理，保障当事人的合法权益。" * 40 + "\n\n"
    for chapter in _CHAPTERS)


# ---- the lookups filed under their anchor (no layout) ---------------------------------------

def _lookup(content, element=None, missing=("page",)):
    """A box whose ``content`` is ``content`` and the lookup WeasyPrint 70 files for it: the
    target under None, its own missing counters the same list."""
    listed = list(missing)
    box = _Box()
    box.style, box.element = {"content": content}, element or {}
    return box, SimpleNamespace(missing_counters=listed, missing_target_counters={None: listed})


class _Box:
    """A stand-in for a WeasyPrint box: a key of the lookups' dict, as boxes are."""


_ATTR = ("attr()", ("data-target", "string", ""))
_PAGE_OF = [("leader()", ("string", ". ")), ("string", " "),
            ("target-counter()", (_ATTR, "page", "decimal"))]


@pytest.mark.fast
def test_a_contents_entry_is_filed_under_its_anchor_with_no_missing_counters_of_its_own():
    box, lookup = _lookup(_PAGE_OF, {"data-target": "#第一章-总则"})
    assert targets.refile({(box, "content"): lookup}) == 1
    assert lookup.missing_target_counters == {"第一章-总则": ["page"]}
    assert lookup.missing_counters == []
    # WeasyPrint 66 resolves attr() when it computes the style: already filed under the name
    box, lookup = _lookup([("target-counter()", (("string", "#x"), "page", "decimal"))])
    lookup.missing_target_counters = {"x": lookup.missing_counters}
    assert targets.refile({(box, "content"): lookup}) == 1
    assert lookup.missing_target_counters == {"x": ["page"]} and lookup.missing_counters == []


@pytest.mark.fast
@pytest.mark.parametrize("content, element, missing, token", [
    ([("counter()", ("chapter", "decimal"))] + _PAGE_OF, {"data-target": "#a"}, ("page",),
     "content"),                                                  # counts its own counter too
    (_PAGE_OF + _PAGE_OF[-1:], {"data-target": "#a"}, ("page",), "content"),  # two targets
    (_PAGE_OF, {"data-target": "#a"}, ("pages",), "content"),     # the total, not a page
    (_PAGE_OF, {"data-target": "a"}, ("page",), "content"),       # not an anchor
    (_PAGE_OF, {}, ("page",), "content"),                         # no attribute
    (_PAGE_OF, {"data-target": "#a"}, ("page",), "bookmark-label"),
])
def test_other_lookups_are_left_as_weasyprint_filed_them(content, element, missing, token):
    box, lookup = _lookup(content, element, missing)
    before = (lookup.missing_counters, dict(lookup.missing_target_counters))
    assert targets.refile({(box, token): lookup}) == 0
    assert (lookup.missing_counters, lookup.missing_target_counters) == before


# ---- leaders --------------------------------------------------------------------------------

def _render_leaders(weasyprint, path: Path):
    """Each leader's number of boxes, and every character drawn (top, left, text)."""
    import pdfplumber

    document = weasyprint.HTML(string=_LEADERS).render()
    counts = [len(box.children) for box in document.pages[0]._page_box.descendants()
              if box.is_leader]
    document.write_pdf(path, pdf_tags=True)
    with pdfplumber.open(path) as pdf:
        return counts, sorted((c["top"], c["x0"], c["text"]) for c in pdf.pages[0].chars)


@pytest.mark.pdf
def test_leaders_laid_out_as_one_text_keep_every_dot_in_its_place(tmp_path, monkeypatch):
    """Two text boxes per leader instead of one per dot: the same characters at the same
    places (pdfplumber reads them back)."""
    from docpipe.write.pdf import writer

    weasyprint = writer.import_weasyprint()
    from weasyprint.layout import inline

    assert leaders.install() is None
    merged_counts, merged = _render_leaders(weasyprint, tmp_path / "merged.pdf")
    monkeypatch.setattr(inline, "handle_leader", inline.handle_leader._docpipe_original)
    plain_counts, plain = _render_leaders(weasyprint, tmp_path / "plain.pdf")
    assert merged_counts == [2, 2] and min(plain_counts) > 20
    assert [text for _, _, text in merged] == [text for _, _, text in plain]
    # Pango places the repeated pattern where the copies were, to PDF rounding (1/1000 em)
    assert max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(plain, merged)) < 0.05
    assert sum(text == "." for _, _, text in plain) > 40


@pytest.mark.pdf
def test_a_leader_that_cannot_be_merged_keeps_its_copies_and_says_so_once(tmp_path,
                                                                       monkeypatch):
    from docpipe.write.pdf import writer

    weasyprint = writer.import_weasyprint()
    assert leaders.install() is None
    leaders.problems.take()
    monkeypatch.setattr(leaders, "merge_one", lambda *args: 1 / 0)
    counts, chars = _render_leaders(weasyprint, tmp_path / "fallback.pdf")
    assert min(counts) > 20                       # WeasyPrint's own copies, one per dot
    said = leaders.problems.take()
    assert len(said) == 1 and "ZeroDivisionError" in said[0]
    assert sum(text == "." for _, _, text in chars) > 40


# ---- a whole contents through the writer ----------------------------------------------------

@pytest.fixture(scope="module")
def book_prepared(tmp_path_factory):
    from docpipe.model.theme import load_theme
    from docpipe.read.parse import parse_file
    from docpipe.write.pdf import writer

    source = tmp_path_factory.mktemp("contents") / "book.md"
    source.write_text(_BOOK, encoding="utf-8")
    theme = load_theme("default", search_from=[ROOT])
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = "2020-12-01"
    return writer.prepare(document, theme)


def _write_counting_layouts(prepared, path: Path, monkeypatch) -> tuple[int, list[str]]:
    """Write ``prepared``; how many times WeasyPrint laid out its first page (the contents),
    and what was said."""
    from docpipe.write.pdf import writer

    writer.import_weasyprint()
    from weasyprint.layout import page

    made = []
    remake_page = page.remake_page

    def counted(index, *args, **kwargs):
        made.append(index)
        return remake_page(index, *args, **kwargs)

    monkeypatch.setattr(page, "remake_page", counted)
    said: list[str] = []
    writer.write(prepared, path, warn=said.append)
    return made.count(0), said


def _contents_and_pages(path: Path) -> tuple[list[tuple[str, int]], list[str]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return [(label, int(number)) for label, number in
            re.findall(r"^(第\S+章 总则)\s*\.{3,}\s*(\d+)$", pages[0], re.M)], pages


def _weasyprints_own(monkeypatch, *modules) -> None:
    """The adaptations of ``modules`` taken back out: WeasyPrint's own code."""
    import weasyprint.layout
    from weasyprint.css.targets import TargetCollector

    for module in modules:
        if module is targets:
            monkeypatch.setattr(TargetCollector, "check_pending_targets",
                                TargetCollector.check_pending_targets._docpipe_original)
        else:
            monkeypatch.setattr(weasyprint.layout, "make_all_pages",
                                weasyprint.layout.make_all_pages._docpipe_original)
        monkeypatch.setattr(module, "install", lambda: None)


@pytest.mark.pdf
def test_the_contents_is_laid_out_once_with_the_pages_where_headings_land(
        book_prepared, tmp_path, monkeypatch):
    layouts, said = _write_counting_layouts(book_prepared, tmp_path / "book.pdf", monkeypatch)
    assert said == [] and layouts == 1
    entries, pages = _contents_and_pages(tmp_path / "book.pdf")
    assert [label for label, _ in entries] == _CHAPTERS
    for label, number in entries:
        assert label in pages[number - 1].splitlines(), (label, number)
    assert entries[-1][1] > entries[0][1] + 5     # the numbers are not all the same


@pytest.mark.pdf
def test_weasyprints_own_passes_give_the_same_pdf(book_prepared, tmp_path, monkeypatch):
    once, _ = _write_counting_layouts(book_prepared, tmp_path / "once.pdf", monkeypatch)
    _weasyprints_own(monkeypatch, renumber)
    twice, _ = _write_counting_layouts(book_prepared, tmp_path / "twice.pdf", monkeypatch)
    _weasyprints_own(monkeypatch, targets)
    thrice, _ = _write_counting_layouts(book_prepared, tmp_path / "thrice.pdf", monkeypatch)
    assert (once, twice, thrice) == (1, 2, 3)
    assert (tmp_path / "once.pdf").read_bytes() == (tmp_path / "twice.pdf").read_bytes() \
        == (tmp_path / "thrice.pdf").read_bytes()


@pytest.mark.pdf
@pytest.mark.parametrize("failure", ["an entry unlike the others", "an error while placing"])
def test_a_page_that_cannot_be_renumbered_is_laid_out_again(book_prepared, tmp_path,
                                                             monkeypatch, failure):
    reference = tmp_path / "reference.pdf"
    assert _write_counting_layouts(book_prepared, reference, monkeypatch) == (1, [])
    renumber.problems.take()
    if failure == "an entry unlike the others":
        monkeypatch.setattr(renumber, "_plan", lambda *args: None)
    else:
        def broken(line, after, number):
            after.children = ()          # half done: the page must be laid out again
            raise AttributeError("'InlineBox' object has no attribute 'renamed_in_71'")

        monkeypatch.setattr(renumber, "_place", broken)
    layouts, said = _write_counting_layouts(book_prepared, tmp_path / "again.pdf", monkeypatch)
    assert layouts == 2
    assert len(said) == (failure == "an error while placing")
    assert all("renamed_in_71" in line for line in said)
    assert (tmp_path / "again.pdf").read_bytes() == reference.read_bytes()


@pytest.mark.pdf
def test_lookups_of_another_shape_are_refused_in_one_sentence(monkeypatch):
    from docpipe.write.pdf import writer

    writer.import_weasyprint()
    from weasyprint.css.targets import TargetCollector

    assert targets.install() is None
    monkeypatch.setattr(TargetCollector, "check_pending_targets",
                        TargetCollector.check_pending_targets._docpipe_original)
    monkeypatch.setattr(targets, "_PATTERNS", ("a statement WeasyPrint 71 does not have",))
    refused = targets.install()
    assert "three times" in refused and "\n" not in refused
    assert not getattr(TargetCollector.check_pending_targets, "_docpipe_targets", False)
