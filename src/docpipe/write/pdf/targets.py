"""Contents pages laid out twice, not three times: one adaptation of WeasyPrint's page-number
lookups (written for 66-70).

The contents' page numbers are ``target-counter(attr(data-target), page)`` (``book.print_css``).
``formatting_structure/build.py`` (``compute_content_list``) records what each entry waits for
with two slips: its list of "own" missing counters becomes the target's list (``page``), and
with WeasyPrint 70 the target is filed under ``None`` (the name of ``attr(…)``, not of the
anchor it names). So a heading found on its page updates no entry (``css/targets.py``,
``cache_target_page_counters``, looks entries up by the anchor's name), and each entry is
instead parsed again because its *own* page counters "changed" (``layout/page.py``,
``make_page``, step 2: ``pages: [0]`` in pass 1, the total after it). With 70 the second pass
still lays out the numbers of pass 1 and a third prints the real ones; with 66 the second
prints them and the third repeats it. Here, once the box tree is built, each lookup whose
content counts only other elements' pages is filed under its anchor's name with no own missing
counters: the heading's page then flags and re-parses its entries as WeasyPrint means it to,
and the contents is laid out again only when a number changed.
"""
from __future__ import annotations

import inspect
from typing import Any

from docpipe.write.pdf.boot import LayoutProblems

#: the statements of compute_content_list this adaptation is written against
_PATTERNS = ("anchor_name = targets.anchor_name_from_token(anchor_token)",
             "missing_counters = missing_target_counters.setdefault(")
_TARGET_COUNTERS = ("target-counter()", "target-counters()")
_OWN_COUNTERS = ("counter()", "counters()")

#: the attribute set on each lookup refile files (renumber.py renumbers only those)
FILED = "_docpipe_filed"

#: why some lookups were left as WeasyPrint filed them, one sentence each, until said
problems = LayoutProblems()


def install() -> str | None:
    """File the lookups anew after each box tree is built, from now on; return why not, in one
    sentence, when WeasyPrint differs. The writer calls it only for ``boot.WRITTEN_FOR``."""
    from weasyprint.css import targets
    from weasyprint.formatting_structure import build

    collector = getattr(targets, "TargetCollector", None)
    current = getattr(collector, "check_pending_targets", None)
    if getattr(current, "_docpipe_targets", False):
        return None
    try:
        source = inspect.getsource(build.compute_content_list)
    except (OSError, TypeError, AttributeError):
        source = ""
    if current is None or not all(pattern in source for pattern in _PATTERNS) or \
            not hasattr(targets, "CounterLookupItem"):
        return ("WeasyPrint's page-number lookups are not the ones docpipe's contents "
                "adaptation was written for: the contents pages are laid out three times")

    def check_pending_targets(self: Any) -> None:
        current(self)
        try:
            refile(self.counter_lookup_items)
        except Exception as exc:  # noqa: BLE001 - each lookup is refiled whole or not at all
            message = f"contents laid out three times: {type(exc).__name__}: {exc}"
            problems.add(message)

    check_pending_targets._docpipe_targets = True  # type: ignore[attr-defined]
    check_pending_targets._docpipe_original = current  # type: ignore[attr-defined]
    collector.check_pending_targets = check_pending_targets
    return None


def refile(lookups: dict[tuple[Any, str], Any]) -> int:
    """File each ``content`` lookup of one ``target-counter(…)`` under its anchor, with no own
    missing counters; how many. Any other lookup is left as it is."""
    refiled = 0
    for (box, token), lookup in lookups.items():
        if token != "content":
            continue
        anchor = _anchor(box)
        waits_for = lookup.missing_target_counters
        if anchor is None or len(waits_for) != 1:
            continue
        (filed_under, counters), = waits_for.items()
        if filed_under not in (None, anchor) or list(counters) != ["page"] or \
                any(name != "page" for name in lookup.missing_counters):
            continue
        lookup.missing_target_counters = {anchor: counters}
        lookup.missing_counters = []
        setattr(lookup, FILED, True)
        refiled += 1
    return refiled


def _anchor(box: Any) -> str | None:
    """The anchor that the box's content counts pages of, when it counts no counter of its
    own and names one anchor: an ``attr()`` or a string starting with ``#``."""
    content = box.style["content"]
    if not isinstance(content, (list, tuple)) or \
            any(kind in _OWN_COUNTERS for kind, _ in content):
        return None
    found = [value for kind, value in content if kind in _TARGET_COUNTERS]
    if len(found) != 1:
        return None
    token = found[0][0]
    if token[0] == "attr()":
        name, kind, fallback = token[1]
        if kind != "string":
            return None
        token = ("string", box.element.get(name, fallback))
    if token[0] == "string" and isinstance(token[1], str) and token[1].startswith("#"):
        return token[1][1:]
    if token[0] == "url" and token[1][0] == "internal":
        return token[1][1]
    return None
