"""The justification planner on plain data: no WeasyPrint, no layout."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docpipe.text.typography import AUTOSPACE_CHAR, WORD_JOINER
from docpipe.write.pdf.justify import planner
from docpipe.write.pdf.justify.planner import LineFacts, Report

pytestmark = pytest.mark.fast

FROM_UNITS = 1 / 1024  # Pango's unit


def _line(texts: list[str], *, slack: float = 0.0, last: bool = False, align: str = "justify",
          letter_spacing="normal", font_size: float = 12.0, markers=(), spacing: float = 0.0,
          code: dict[int, int] | None = None):
    units = planner.Units()
    spacers: list = []
    for leaf, text in enumerate(texts):
        planner.add_text(text, leaf, units, spacers)
    asked = []

    def geometry():
        asked.append(True)
        return 100.0 + slack, 100.0, spacing

    # as WeasyPrint computes ``text-align: X``: -all X, -last start for justify, else X
    facts = LineFacts(units, spacers, list(markers), last, align,
                      "start" if align == "justify" else align, "ltr", "normal",
                      letter_spacing, font_size, geometry, (lambda leaf: font_size), code or {})
    return facts, asked


def test_add_text_keeps_visible_characters_with_their_utf8_offsets():
    units, spacers = planner.Units(), []
    assert planner.add_text(f"a中{WORD_JOINER}𠀀{AUTOSPACE_CHAR}b\n", 3, units, spacers)
    # a: 1 byte, 中: 3, the word joiner: 3 (not a character), 𠀀: 4, U+2005: 3 (a spacer)
    assert list(units) == [(3, 0, "a"), (3, 1, "中"), (3, 7, "𠀀"), (3, 14, "b")]
    assert spacers == [(3, 11, 3)]
    assert not planner.add_text(WORD_JOINER, 4, units, spacers)
    assert not planner.add_text("", 4, units, spacers)
    # a plain box (every character visible) after it, and an image
    assert planner.add_text("é中 x", 5, units, spacers)
    planner.add_atomic(6, units)
    assert list(units)[4:] == [(5, 0, "é"), (5, 2, "中"), (5, 5, " "), (5, 6, "x"),
                               (6, -1, "\ufffc")]
    assert units.text == "a中𠀀bé中 x\ufffc" and len(units) == 9 and spacers == [(3, 11, 3)]


_SAMPLE = "中文 ab1，—…“”‘’·\u00a0\ufffc𠀀é—…"


@given(st.text(alphabet=_SAMPLE, max_size=14))
def test_opportunities_are_is_opportunity_of_every_pair(text):
    assert planner.opportunities(text) == [
        i for i in range(len(text) - 1) if planner.is_opportunity(text[i], text[i + 1])]


@given(st.text(max_size=12) | st.text(alphabet="中文，ab𠀀é\u07ff\u0800\uffff", max_size=12))
def test_utf8_offsets_are_where_each_character_starts(text):
    expected = [len(text[:i].encode("utf-8", "surrogatepass")) for i in range(len(text))]
    assert planner.utf8_offsets(text) == expected


def test_a_chinese_line_shares_its_slack_between_every_pair_of_characters():
    facts, asked = _line(["中文排版两端对齐"], slack=7.0)
    report = Report()
    plan = planner.plan_line(facts, report)
    assert plan.justified and asked
    assert plan.inner == {0: {byte: 1.0 for byte in range(0, 21, 3)}}  # 7 gaps, none after 齐
    assert plan.after == {} and plan.shift == 0.0
    assert report.justified == 1 and report.widest_gap_em == pytest.approx(1 / 12)


def test_gaps_between_boxes_move_the_boxes_after_them():
    facts, _ = _line(["中文", "排版"], slack=3.0)
    plan = planner.plan_line(facts, Report())
    assert plan.inner == {0: {0: 1.0}, 1: {0: 1.0}} and plan.after == {0: 1.0}


def test_no_gap_inside_latin_words_numbers_or_doubled_dashes():
    facts, _ = _line(["中Markdown2019——……文"], slack=4.0)
    plan = planner.plan_line(facts, Report())
    gaps = sorted(plan.inner[0])
    text = "中Markdown2019——……文".encode()
    pairs = [text[byte:].decode("utf-8", "ignore")[:2] for byte in gaps]
    assert pairs == ["中M", "9—", "—…", "…文"]
    assert sum(plan.inner[0].values()) == pytest.approx(4.0)


def test_a_last_line_is_left_as_laid_out_and_its_geometry_never_measured():
    facts, asked = _line(["中文排版"], slack=30.0, last=True)
    report = Report()
    assert planner.plan_line(facts, report) is None
    assert not asked and report.justified == 0


def test_a_line_that_would_need_wide_gaps_is_reported_and_set_flush_left():
    facts, _ = _line(["中文中文"], slack=30.0)  # 10 px a gap on 12 px type: > 0.5 em
    report = Report()
    plan = planner.plan_line(facts, report)
    assert plan.justified and _gap_total(plan) == 0
    assert report.too_loose == ["0.83 em per gap: 中文中文"] and report.justified == 0


def test_a_too_loose_line_gives_weasyprints_stretch_of_its_one_space_back():
    # "[25/10/26] 我们…": WeasyPrint put the whole slack into the space after the date
    facts, _ = _line(["[25/10/26] 我们支持了"], slack=0.0, spacing=60.0)
    report = Report()
    plan = planner.plan_line(facts, report)
    # justified: WeasyPrint's spacing is taken back (the adapter zeroes it), and no gap is
    # added: the line ends 60 px short, at its natural spacing, never with a hole
    assert plan.justified and _gap_total(plan) == 0 and len(report.too_loose) == 1


def test_a_han_latin_space_at_a_line_edge_is_dropped_and_every_one_hidden():
    facts, _ = _line([f"中文排版{AUTOSPACE_CHAR}", f"A{AUTOSPACE_CHAR}B"], slack=0.0,
                     last=True)
    plan = planner.plan_line(facts, Report())
    # the space after 版 falls inside the line (A follows): kept; none at the edges here
    assert plan.hidden == {0: {12}, 1: {1}} and plan.inner == {} and not plan.justified
    facts, _ = _line([f"中文排版{AUTOSPACE_CHAR}"], slack=0.0, last=True)
    plan = planner.plan_line(facts, Report())
    assert plan.inner == {0: {12: -3.0}}  # ¼ of 12 px taken back at the line's end
    assert plan.hidden == {0: {12}}


def test_an_edge_marker_gives_its_margin_to_the_slack_and_a_centred_line_moves_half():
    facts, _ = _line(["中文"], last=True, align="center", markers=[(7, 3.0, 0)])
    plan = planner.plan_line(facts, Report())
    assert plan.edge_markers == {7: 3.0} and plan.shift == 1.5 and not plan.justified


def test_spaces_given_by_weasyprint_are_taken_back_into_the_slack():
    facts, _ = _line(["中文 中文"], slack=0.0, spacing=4.0)
    plan = planner.plan_line(facts, Report())
    # 中文 中文: after 中, after the space (never before it), after the second 中
    assert plan.inner == {0: {0: 4 / 3, 6: 4 / 3, 7: 4 / 3}}


def _gap_total(plan) -> float:
    return sum(sum(gaps.values()) for gaps in plan.inner.values()) + sum(plan.after.values())


def test_the_spaces_inside_one_code_box_are_never_widened():
    # 使用例如 `a -b c` 列出: gaps inside 使用例如 (3), 如|a, c|列, inside 列出 (1)
    facts, _ = _line(["使用例如", "a -b c", "列出"], slack=4.0, code={1: 7})
    plan = planner.plan_line(facts, Report())
    assert plan.justified and 1 not in plan.inner
    assert _gap_total(plan) == pytest.approx(4.0)
    assert plan.after == {0: pytest.approx(4 / 6), 1: pytest.approx(4 / 6)}


def test_code_split_into_boxes_by_its_hyphenated_words_is_still_one_command():
    # `find . -iname x`: "find . ", span.code-word "-iname", " x" are three boxes of one
    # code element; the gaps between them (after a space) are inside the command
    facts, _ = _line(["例如", "find . ", "-iname", " x", "会"], slack=3.0,
                     code={1: 7, 2: 7, 3: 7})
    plan = planner.plan_line(facts, Report())
    assert plan.justified
    assert not any(leaf in plan.inner for leaf in (1, 2, 3))
    assert plan.after == {0: pytest.approx(1.0), 3: pytest.approx(1.0)}  # 例|如 is inner
    assert plan.inner == {0: {0: pytest.approx(1.0)}}


def test_two_code_elements_side_by_side_are_two_commands():
    facts, _ = _line(["中", "a ", "b", "文"], slack=3.0, code={1: 1, 2: 2})
    plan = planner.plan_line(facts, Report())
    # 中|a, after the space that ends the first code element, b|文
    assert plan.after == {0: pytest.approx(1.0), 1: pytest.approx(1.0),
                          2: pytest.approx(1.0)}


def test_a_latin_line_holding_code_is_set_here_with_only_its_own_spaces_widened():
    # WeasyPrint had given 2 px to each of its 4 spaces; 2 of them are the command's
    facts, asked = _line(["Run ", "git log x", " now"], slack=2.0, spacing=8.0,
                         code={1: 1})
    plan = planner.plan_line(facts, Report())
    assert asked and plan.justified
    assert plan.after == {0: pytest.approx(5.0)}        # after "Run ": between the boxes
    assert plan.inner == {2: {0: pytest.approx(5.0)}}   # after the space of " now"
    assert 1 not in plan.inner


def test_a_latin_line_without_code_is_still_weasyprints():
    facts, asked = _line(["Run git log now"], slack=2.0, spacing=8.0)
    assert planner.plan_line(facts, Report()) is None and not asked


@pytest.mark.parametrize("texts, slack", [
    (["a b c d"], 3.0),               # all of it code: nothing else to widen
    (["中", "a b c d"], 40.0),        # too loose to justify
])
def test_a_line_of_code_that_cannot_be_justified_is_left_ragged_not_stretched(texts, slack):
    code = {len(texts) - 1: 1}
    report = Report()
    plan = planner.plan_line(_line(texts, slack=slack, spacing=1.5, code=code)[0], report)
    # justified=True: WeasyPrint's spacing of the spaces is taken back; no gap added
    assert plan is not None and plan.justified and _gap_total(plan) == 0
    assert report.justified == 0


def test_a_loose_latin_line_holding_code_widens_its_other_spaces_without_limit():
    # as WeasyPrint would have, with the command's spaces left alone: 40 px on 12 px type
    report = Report()
    plan = planner.plan_line(_line(["use ", "git push x"], slack=40.0, code={1: 1})[0], report)
    assert plan.justified and plan.after == {0: pytest.approx(40.0)} and 1 not in plan.inner
    assert report.too_loose == []


@pytest.mark.parametrize("size", [10.5, 12.0, 16.0, 21.33])
@pytest.mark.parametrize("kerning", [-40, -3, -1, 0, 1, 2, 17, 250])
def test_placed_makes_draw_first_line_write_the_kerning_asked_for(size, kerning):
    advance, x_offset, width = 1000, 0, round(size * 1024)
    delta, moved = planner.placed(size, advance, x_offset, width, kerning, FROM_UNITS)
    # draw_first_line: kerning = L + offset - W · 1000 · FROM_UNITS / size, written as int()
    written = int(advance + x_offset / size - (width + delta) * 1000 * FROM_UNITS / size)
    assert written == kerning
    assert moved == pytest.approx((advance - kerning) * size / 1000)


def test_the_draw_font_size_rule_of_each_weasyprint():
    rule = planner.draw_font_size
    assert rule(11.9, 12.0, pango_version=15000, raster=False, raster_rule=True) == 11.9
    assert rule(11.9, 12.0, pango_version=14801, raster=False, raster_rule=False) == 12.0
    # a raster emoji font: WeasyPrint 70 divides by the box's size, 66-69 by Pango's
    assert rule(11.9, 12.0, pango_version=15000, raster=True, raster_rule=True) == 12.0
    assert rule(11.9, 12.0, pango_version=15000, raster=True, raster_rule=False) == 11.9


def test_the_planner_imports_no_weasyprint():
    probe = ("import sys, docpipe.write.pdf.justify.planner as p, docpipe.write.pdf.justify; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'cffi')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
