"""Chinese typography in the PDF (issue 3): justified lines, clreq line breaking, clean text.

The article and the corpus are built once per session (default style, build date fixed; the
article also in the gongwen style, whose negative letter-spacing is a case of its own) and read
back with pdfplumber through scripts/pdf_metrics.py. The 313 KB procuratorate rules file
(119 pages) is included, marked ``slow`` (see CASES).
"""
from __future__ import annotations

import importlib.util
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ARTICLE, CORPUS, ROOT, drop_contents, squash, source_text

from docpipe.text import typography
from docpipe.write.pdf import justify as cjk_justify

pytestmark = pytest.mark.pdf

SOURCES = {"article": ARTICLE, "article@gongwen": ARTICLE}  # name@style: not the default
SOURCES.update({path.stem: path for folder in ("lawrefbook", "markdown-syntax")
                for path in sorted((CORPUS / folder).glob("*.md"))})
# the laws in the official-document style too (the English syntax pages are not gongwen text)
SOURCES.update({f"{path.stem}@gongwen": path
                for path in sorted((CORPUS / "lawrefbook").glob("*.md"))})
CHINESE = [name for name in SOURCES if name not in ("markdown-basics", "markdown-syntax")]
#: The 313 KB rules (119 pages) in both styles: about 60 s of CPU a style to lay out and read
#: back, a third of the suite's. Marked ``slow``: ``make test`` leaves them to
#: ``make test-slow``, which CI (.ci/run) runs after it; every other case stays in the suite.
CASES = [pytest.param(name, marks=pytest.mark.slow) if name.startswith("procuratorate")
         else name for name in SOURCES]
LIST_MARKERS = "•◦▪"  # drawn by CSS ::marker, not in the source text


def _load_metrics():
    path = ROOT / "scripts" / "pdf_metrics.py"
    spec = importlib.util.spec_from_file_location("pdf_metrics", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["pdf_metrics"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


pdf_metrics = _load_metrics()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """name → (PDF path, the cjk_justify report) built on first use, as pdf.render does."""
    from docpipe.read.parse import parse_file
    from docpipe.write import renderer
    from docpipe.model.theme import load_theme

    out = tmp_path_factory.mktemp("typography")
    cache: dict[str, tuple[Path, cjk_justify.Report]] = {}

    def build(name: str) -> tuple[Path, cjk_justify.Report]:
        if name not in cache:
            if not SOURCES[name].exists():
                pytest.fail(f"{SOURCES[name]} is not here")
            theme = load_theme(name.partition("@")[2] or "default", search_from=[ROOT])
            document = parse_file(SOURCES[name], style_folder=theme.folder)
            document.build_date = "2020-12-01"
            reports = []
            original = cjk_justify.apply

            def recording(rendered):
                reports.append(original(rendered))
                return reports[-1]

            cjk_justify.apply = recording
            try:
                renderer("pdf")(document, theme, out / f"{name}.pdf")
            finally:
                cjk_justify.apply = original
            assert reports, "pdf.render no longer calls cjk_justify.apply"
            cache[name] = (out / f"{name}.pdf", reports[0])
        return cache[name]

    return build


@dataclass(frozen=True)
class ReadBack:
    """What the tests read of one PDF, from a single pdfplumber parse (parsing the 119 pages of
    the rules takes seconds: once for the metrics, the copied text and the characters)."""

    metrics: object
    page_texts: list[str]
    chars: list[dict]


@pytest.fixture(scope="session")
def read_back(built):
    import pdfplumber

    cache: dict[str, ReadBack] = {}

    def read(name: str) -> ReadBack:
        if name not in cache:
            with pdfplumber.open(built(name)[0]) as pdf:
                metrics = pdf_metrics.measure(pdf)
                texts = [page.extract_text() for page in pdf.pages]
                chars = [{key: c[key] for key in ("text", "upright", "matrix", "fontname", "x0",
                                                  "x1", "page_number")}
                         for page in pdf.pages for c in page.chars]
            cache[name] = ReadBack(metrics, texts, chars)
        return cache[name]

    return read


@pytest.fixture(scope="session")
def measured(read_back):
    return lambda name: read_back(name).metrics


@pytest.mark.parametrize("name", CASES)
def test_no_ragged_lines_and_no_forbidden_breaks(measured, name):
    metrics = measured(name)
    assert metrics.checked > 0
    assert metrics.ragged == []
    assert metrics.violations == []


@pytest.mark.parametrize("name", CASES)
def test_justification_stays_sane(built, measured, name):
    _, report = built(name)
    assert report.too_loose == []
    assert report.widest_gap_em <= cjk_justify.MAX_GAP_EM
    assert measured(name).widest_gap_em <= cjk_justify.MAX_GAP_EM
    if name in CHINESE:
        # every justified line the PDF shows is one the module stretched (none by accident)
        assert report.justified == measured(name).checked


@pytest.mark.parametrize("name", CASES)
def test_copied_text_is_the_source_text(read_back, name):
    pieces = []
    for page_text in read_back(name).page_texts:
        lines = drop_contents(page_text).split("\n")
        if re.fullmatch(r"\W*\d+\W*", lines[-1].strip()):
            lines.pop()  # the footer
        pieces.extend(lines)
    text = "\n".join(pieces)
    assert not set(text) & {"\u2060", "\u200b", "\ufeff"}
    copied = squash(text)
    if name not in CHINESE:
        copied = "".join(c for c in copied if c not in LIST_MARKERS)
    assert copied == source_text(SOURCES[name], name.partition("@")[2] or "default")


@pytest.mark.parametrize("name", ["article", "markdown-syntax"])
def test_no_slanted_chinese(read_back, name):
    chars = read_back(name).chars
    assert all(c["upright"] and abs(c["matrix"][1]) < 1e-6 and abs(c["matrix"][2]) < 1e-6
               for c in chars)
    assert not [c["fontname"] for c in chars if re.search("Oblique|Italic", c["fontname"])]


def test_han_latin_spacing_in_the_article(read_back):
    """2019年1月: a quarter em between Han and digits, and nothing that copies."""
    chars = [c for c in read_back("article").chars if c["page_number"] == 1]
    text = "".join(c["text"] for c in chars)
    start = text.index("2019年1月")
    nine, nian = chars[start + 3], chars[start + 4]
    assert 0.25 * 12 - 0.01 <= nian["x0"] - nine["x1"] <= 0.25 * 12 + 1.0


# -- the pieces on small inputs -----------------------------------------------------------

PAGE_CSS = """@page { size: 205pt 400pt; margin: 10pt }  /* 185 pt: 15⅓ characters a line */
body { font-family: "Noto Serif CJK SC"; font-size: 12pt; text-align: justify; margin: 0 }
p { margin: 0 0 12pt 0 }""" + typography.CSS


def _render(body: str, *, prepare: bool = True, autospace: str = "span"):
    """Lay out a snippet as docpipe does; returns the WeasyPrint document (not yet justified)."""
    import weasyprint
    from lxml import etree, html as lxml_html

    root = lxml_html.fromstring(f"<html lang='zh-CN'><head><style>{PAGE_CSS}</style></head>"
                                f"<body>{body}</body></html>")
    if prepare:
        typography.prepare(root.find("body"), autospace=autospace)
    return weasyprint.HTML(string=etree.tostring(root, encoding="unicode", method="html")).render()


def _lines(rendered) -> list[list[dict]]:
    import pdfplumber

    lines: dict[float, list[dict]] = {}
    with pdfplumber.open(io.BytesIO(rendered.write_pdf())) as pdf:
        for char in pdf.pages[0].chars:
            lines.setdefault(round(char["top"]), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(lines.items())]


def test_justify_spreads_slack_between_characters_only():
    text = ("中文排版要求两端对齐，标点符号不出现在行首，Markdown这样的西文单词内部不加空隙，"
            "破折号——和省略号……也不拆开。最后一行保持左对齐。")
    rendered = _render(f"<p>{text}</p>")
    right = 205 - 10  # pt: the page less its right margin
    before = _lines(rendered)
    assert any(right - line[-1]["x1"] > 1 for line in before[:-1])  # ragged as laid out
    report = cjk_justify.apply(rendered)
    assert report.justified == len(before) - 1 and report.too_loose == []
    after = _lines(rendered)
    assert "".join(c["text"] for line in after for c in line) == "".join(
        c["text"] for line in before for c in line)
    for line in after[:-1]:
        assert abs(line[-1]["x1"] - right) < 0.05
        gaps = [b["x0"] - a["x1"] for a, b in zip(line, line[1:])]
        assert max(gaps) < 0.5 * 12
    def gaps(lines):
        return [(a["text"] + b["text"], b["x0"] - a["x1"]) for line in lines
                for a, b in zip(line, line[1:])]

    last = len(gaps(after)) - len(after[-1]) + 1
    for index, ((pair, old), (_, new)) in enumerate(zip(gaps(before), gaps(after))):
        if index >= last or pair.isascii() or pair in ("——", "……"):
            # the last line, a Latin word, —— and …… keep their natural spacing (to within
            # the 1/1000 em that placing every glyph exactly may move one)
            assert abs(new - old) < 0.015, pair


def test_a_line_that_would_need_wide_gaps_is_left_and_reported():
    rendered = _render("<p>中文中文 " + "Supercalifragilistic" * 2 + "</p>", prepare=False)
    before = _lines(rendered)
    report = cjk_justify.apply(rendered)
    assert report.justified == 0 and len(report.too_loose) == 1
    assert [c["x0"] for c in _lines(rendered)[0]] == [c["x0"] for c in before[0]]


def test_a_too_loose_line_is_flush_left_with_no_hole():
    """WeasyPrint would put all the slack of the first line into its one space (a 66 pt hole
    after the date, as in the long README's changelog): it is set flush left at its natural
    spacing instead."""
    rendered = _render("<p>[25/10/26] 我们支持了 <b>mcore_adapter_for_training</b>。</p>")
    report = cjk_justify.apply(rendered)
    assert len(report.too_loose) == 1
    first = _lines(rendered)[0]
    assert 185 + 10 - first[-1]["x1"] > 12  # ragged: it ends short of the edge
    widest = max(b["x0"] - a["x1"] for a, b in zip(first, first[1:]))
    assert widest < 0.5 * 12  # a natural space (pdfplumber has no glyph for it), no hole


def test_apply_twice_changes_nothing_more():
    rendered = _render("<p>" + "中文排版两端对齐" * 6 + "</p>")
    cjk_justify.apply(rendered)
    once = [c["x0"] for line in _lines(rendered) for c in line]
    assert cjk_justify.apply(rendered).justified == 0
    assert [c["x0"] for line in _lines(rendered) for c in line] == once


@pytest.mark.fast
@pytest.mark.parametrize(("before", "after", "expected"), [
    ("中", "文", True), ("中", "A", True), ("A", "中", True), ("，", "中", True),
    ("A", "B", False), ("1", "9", False), ("—", "—", False), ("…", "…", False),
    (" ", "A", True), ("A", " ", False)])
def test_justification_opportunities(before, after, expected):
    assert cjk_justify.is_opportunity(before, after) is expected


@pytest.mark.fast
def test_prepare_marks_spacing_compression_and_joins():
    from lxml import etree, html as lxml_html

    body = lxml_html.fragment_fromstring(
        "<p>2019年用<code>pip</code>安装<a href='#'>Markdown</a>。“好。”《甲》（乙） ：“ 丙</p>"
        "<pre>中A。”</pre>", create_parent="body")
    typography.prepare(body)
    html = etree.tostring(body, encoding="unicode", method="html").replace("\u2060", "|")
    space = f'<span class="{typography.AUTOSPACE_CLASS}"></span>'
    halt = f'<span class="{typography.HALT_CLASS}">'
    assert html.startswith(f"<body><p>2019{space}年用{space}<code>pip</code>{space}安装{space}"
                           "<a href")  # the margin goes outside the link and the code
    # 。” → 。 half width; ”《 → ” half width; 》（ → 》 half width; （乙） untouched
    assert f"“好{halt}。</span>{halt}”</span>《甲{halt}》</span>（乙）" in html
    assert f" |{halt}：</span>“ |丙" in html  # a space cannot let a line start with ：
    assert "<pre>中A。”</pre>" in html
    text = "".join(body.itertext())
    assert text.replace(typography.WORD_JOINER, "") == "2019年用pip安装Markdown。“好。”《甲》（乙） ：“ 丙中A。”"


def test_metrics_find_ragged_lines_and_forbidden_breaks(tmp_path):
    pdf = tmp_path / "bad.pdf"
    paragraph = "中文排版要求两端对齐标点符号不出现在行首" * 3
    rendered = _render(f"<p style='text-align: left'>{paragraph}</p>"
                       f"<p>{paragraph[:20]}<br>，行首有逗号</p>", prepare=False)
    rendered.write_pdf(pdf)
    metrics = pdf_metrics.measure(pdf)
    assert metrics.ragged and any("starts with ，" in v for v in metrics.violations)
    assert pdf_metrics.main([str(pdf)]) == 1


def test_a_line_before_a_forced_break_is_a_last_line():
    rendered = _render("<p>" + "中文排版两端对齐" * 3 + "<br>" + "中文排版两端对齐" * 3 + "</p>")
    before = _lines(rendered)
    cjk_justify.apply(rendered)
    after = _lines(rendered)
    ends = [line[-1]["x1"] for line in after]
    broken = next(i for i, line in enumerate(after) if line[-1]["text"] == "齐" and ends[i] < 190)
    assert ends[broken] == pytest.approx(before[broken][-1]["x1"], abs=0.01)


def test_links_move_with_their_text():
    rendered = _render("<p>" + "中文排版两端对齐" * 2 + "，<a href='https://example.org/'>链接文字</a>"
                       + "中文排版两端对齐" * 4 + "</p>")
    cjk_justify.apply(rendered)
    (_, _, (x0, _, x1, _), box), = rendered.pages[0].links
    x, _, width, _ = box.hit_area()
    assert (x0, x1) == pytest.approx((x, x + width))


def _prepare_pairwise(root) -> None:
    """The first version of ``typography.prepare``: every pair of characters tested in Python.
    ``prepare`` now finds candidates with regular expressions; the two must agree."""
    T = typography
    for run in T._runs(root):
        edits: dict = {}
        chars = [(index, position, char) for index, slot in enumerate(run)
                 for position, char in enumerate(slot.text)]
        for (s1, p1, a), (s2, p2, b) in zip(chars, chars[1:]):
            if (T.is_han(a) and T.is_latin(b)) or (T.is_latin(a) and T.is_han(b)):
                T._edit(run, edits, s1, p1, s2, p2, "space")
            halt = T._halt_target(a, b)
            if halt == 1 and not run[s1].opaque:
                edits.setdefault(s1, {}).setdefault(p1, []).append("halt")
            elif halt == 2 and not run[s2].opaque:
                edits.setdefault(s2, {}).setdefault(p2, []).append("halt")
        for i, (s1, p1, a) in enumerate(chars[:-1]):
            if a == " " and chars[i + 1][2] != " ":
                before = next((c for _, _, c in reversed(chars[:i]) if c != " "), "")
                s2, p2, b = chars[i + 1]
                if before in T.LINE_END_FORBIDDEN or b in T.LINE_START_FORBIDDEN:
                    T._edit(run, edits, s1, p1, s2, p2, "join")
        for index, slot_edits in edits.items():
            T._rebuild(run[index], slot_edits)


def test_prepare_agrees_with_the_pairwise_reference():
    from hypothesis import given, settings, strategies as st
    from lxml import etree, html as lxml_html

    alphabet = st.sampled_from(list("中文字〇𠀀aZ9éЖΩ×÷ ，。、“”（）《》：！？—…") + ["\u3000"])
    pieces = st.lists(st.tuples(st.sampled_from(["", "em", "strong", "code", "a"]),
                                st.text(alphabet, max_size=12)), min_size=1, max_size=6)

    @settings(max_examples=300, derandomize=True, deadline=None)
    @given(pieces)
    def check(parts):
        body = "".join(f"<{tag}>{text}</{tag}>" if tag else text for tag, text in parts)
        trees = [lxml_html.fromstring(f"<div><p>{body}</p></div>") for _ in range(2)]
        typography.prepare(trees[0])
        _prepare_pairwise(trees[1])
        assert etree.tostring(trees[0]) == etree.tostring(trees[1])

    check()


@pytest.mark.parametrize("autospace", ["span", "char"])
def test_han_latin_spacing_inside_lines_and_not_at_their_edges(autospace):
    """Han–Latin spacing (the PDF's U+2005 form and the EPUB's span form): inside a line a
    ¼ em gap; where a line wraps at the boundary it is gone (the U+2005 form lets 15 hanzi fill
    the first line and hangs the space there), and the justified line still ends at the
    margin; it never reaches the text."""
    text = "中文排版两端对齐的段落中文排版AB中文排版两端对齐的段落中文排版两端对齐"
    rendered = _render(f"<p>{text}</p>", autospace=autospace)
    cjk_justify.apply(rendered)
    lines = _lines(rendered)
    copied = "".join(c["text"] for line in lines for c in line)
    assert copied == text
    right = max(c["x1"] for line in lines[:-1] for c in line)
    gaps = []
    for line in lines:
        assert abs(line[0]["x0"] - 10) < 0.05  # nothing pushed in at a line start
        for a, b in zip(line, line[1:]):
            if typography.is_han(a["text"]) != typography.is_han(b["text"]):
                gaps.append(b["x0"] - a["x1"])
    for line in lines[:-1]:
        assert abs(line[-1]["x1"] - right) < 0.05
    assert gaps and all(3.0 - 0.01 <= gap <= 3.0 + 1.0 for gap in gaps)
    if autospace == "char":
        assert [c["text"] for c in lines[1][:2]] == ["A", "B"]  # the boundary was the wrap


# -- a WeasyPrint the adapter does not know: WeasyPrint's own lines, one warning ---------------

FALLBACK_SOURCE = ("---\ntitle: 回退\n---\n\n" + "中文排版要求两端对齐，标点符号不出现在行首。" * 12 + "\n")


@pytest.fixture(scope="module")
def small_prepared(tmp_path_factory):
    from docpipe.model.theme import load_theme
    from docpipe.read.parse import parse_file
    from docpipe.write.pdf import writer

    source = tmp_path_factory.mktemp("fallback") / "fallback.md"
    source.write_text(FALLBACK_SOURCE, encoding="utf-8")
    theme = load_theme("default", search_from=[ROOT])
    document = parse_file(source, style_folder=theme.folder)
    document.build_date = "2020-12-01"
    return writer.prepare(document, theme)


def _write(prepared, path: Path) -> list[str]:
    from docpipe.write.pdf import writer

    said: list[str] = []
    writer.write(prepared, path, warn=said.append)
    return said


@pytest.fixture(scope="module")
def unjustified_pdf(small_prepared, tmp_path_factory) -> bytes:
    """WeasyPrint's own lines: the PDF written with justification turned into a no-op."""
    path = tmp_path_factory.mktemp("plain") / "plain.pdf"
    original = cjk_justify.apply
    cjk_justify.apply = lambda document: cjk_justify.Report()
    try:
        assert _write(small_prepared, path) == []
    finally:
        cjk_justify.apply = original
    return path.read_bytes()


@pytest.mark.parametrize("where", ["moving boxes", "placing glyphs at draw time"])
def test_a_failing_adapter_gives_weasyprints_own_lines_and_one_warning(
        small_prepared, unjustified_pdf, tmp_path, monkeypatch, where):
    def broken(*args, **kwargs):
        raise AttributeError("'LineBox' object has no attribute 'renamed_in_71'")

    justified = tmp_path / "justified.pdf"
    assert _write(small_prepared, justified) == []
    assert justified.read_bytes() != unjustified_pdf  # the lines were justified
    target = "_Walk.walk" if where == "moving boxes" else "_GlyphPlacer._place"
    owner, name = target.split(".")
    monkeypatch.setattr(getattr(cjk_justify.adapter, owner), name, broken)
    said = _write(small_prepared, tmp_path / "fallback.pdf")
    assert len(said) == 1 and "unjustified" in said[0] and "renamed_in_71" in said[0]
    assert (tmp_path / "fallback.pdf").read_bytes() == unjustified_pdf


def test_an_unknown_weasyprint_version_is_not_justified(small_prepared, unjustified_pdf,
                                                       tmp_path, monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    said = _write(small_prepared, tmp_path / "unknown.pdf")
    assert len(said) == 1 and "written for WeasyPrint 66–70, not 71.0" in said[0]
    assert (tmp_path / "unknown.pdf").read_bytes() == unjustified_pdf


def test_warnings_go_to_stderr_once_per_process_without_a_listener(small_prepared, tmp_path,
                                                                  monkeypatch, capsys):
    from docpipe.write.pdf import writer

    monkeypatch.setattr(cjk_justify.adapter._Walk, "walk", lambda *a: 1 / 0)
    monkeypatch.setattr(writer, "_said", set())
    writer.write(small_prepared, tmp_path / "a.pdf")
    writer.write(small_prepared, tmp_path / "b.pdf")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("docpipe: warning: Chinese lines left")
    assert "ZeroDivisionError" in lines[0]
