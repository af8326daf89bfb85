

@pytest.mark.fast
def test_justification_leaves_the_spaces_inside_code_alone() -> None:
    from docpipe.write.pdf.justify import planner
    from docpipe.write.pdf.justify.planner import LineFacts, Report

    units: list = []
    spacers: list = []
    for leaf, text in enumerate(["使用例如", "a -b c", "列出"]):
        planner.add_text(text, leaf, units, spacers)
    facts = LineFacts(units, spacers, [], False, "justify", "start", "ltr", "normal", "normal",
                      12.0, lambda: (104.0, 100.0, 0.0), lambda leaf: 12.0,
                      frozenset({1}))
    plan = planner.plan_line(facts, Report())
    assert plan.justified
    # the gaps: 3 inside 使用例如, 如|a, c|列, 1 inside 列出; none inside the code
    assert 1 not in plan.inner
    assert sum(sum(gaps.values()) for gaps in plan.inner.values()) + sum(plan.after.values()) \
        == pytest.approx(4.0)
    assert plan.after == {0: pytest.approx(4 / 6), 1: pytest.approx(4 / 6)}
