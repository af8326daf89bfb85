"""Run GFM's own spec examples through docpipe's Markdown step; print the pass rate per section.

    python scripts/gfm_spec.py            # the table, sections in spec order
    python scripts/gfm_spec.py --section "List items" --failures   # each failing example
    python scripts/gfm_spec.py --json     # {section: [passed, total]} for tests and tools

The examples are github/cmark-gfm's test/spec.txt (GFM 0.29, CC BY-SA 4.0), vendored in
tests/data/gfm/. Both sides are normalised before comparing (``normalise``, after cmark's
test/normalize.py): whitespace between blocks, attribute order, entity and URL spelling, an
element left open until its parent ends, and the few attributes docpipe adds for its own
renderers (heading ids, task-list classes, alignment as a style: see ``_attributes``) do
not count; every element, its nesting and the text do.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SPEC = Path(__file__).resolve().parent.parent / "tests" / "data" / "gfm" / "spec.txt"
FENCE = "`" * 32
#: Raw HTML is sanitised by design (nh3 keeps a fixed set of tags), so these sections measure
#: the sanitiser, not the dialect; "outside raw HTML" leaves them out.
RAW_HTML_SECTIONS = {"HTML blocks", "Raw HTML", "Disallowed Raw HTML (extension)"}
BLOCK_TAGS = set("article header aside hgroup blockquote hr iframe body li map button object "
                 "canvas ol caption output col p colgroup pre dd progress div section dl table "
                 "td dt tbody embed textarea fieldset tfoot figcaption th figure thead footer tr "
                 "form ul h1 h2 h3 h4 h5 h6 video script style input".split())

VOID_TAGS = set("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class Example:
    number: int
    section: str
    markdown: str
    html: str
    line: int


def examples(path: Path = SPEC) -> list[Example]:
    """The spec's examples in order, each with the section (## heading) it is under."""
    found: list[Example] = []
    section, state, start = "", 0, 0
    markdown: list[str] = []
    expected: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(True), 1):
        stripped = line.strip()
        if stripped.startswith(FENCE + " example"):
            state, start, markdown, expected = 1, number, [], []
        elif stripped == FENCE and state:
            found.append(Example(len(found) + 1, section,
                                 "".join(markdown).replace("→", "\t"),
                                 "".join(expected).replace("→", "\t"), start))
            state = 0
        elif state == 1 and stripped == ".":
            state = 2
        elif state == 1:
            markdown.append(line)
        elif state == 2:
            expected.append(line)
        elif line.startswith("## "):
            section = line[3:].strip()
    return found


class _Normaliser(HTMLParser):
    """cmark's test/normalize.py, reduced: collapse whitespace outside <pre>, drop it around
    block tags, sort attributes, write references as characters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_pre = 0
        self.last = "starttag"
        self.last_tag = ""
        self.open: list[str] = []

    def handle_data(self, data: str) -> None:
        after_tag = self.last in ("starttag", "endtag")
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if after_tag and self.last_tag in BLOCK_TAGS:
                data = data.lstrip() if self.last == "starttag" else data.strip()
        self.out.append(html.escape(data, quote=True))
        self.last = "data"

    def _trim(self) -> None:
        if self.out:
            self.out[-1] = self.out[-1].rstrip()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "pre":
            self.in_pre += 1
        if tag in BLOCK_TAGS:
            self._trim()
        rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' if v is not None else f" {k}"
                           for k, v in sorted(_attributes(tag, attrs)))
        self.out.append(f"<{tag}{rendered}>")
        self.last, self.last_tag = "starttag", tag
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.open.pop()
        self.last = "endtag"

    def handle_endtag(self, tag: str) -> None:
        # an element left open ends with its parent, as a browser builds it
        while tag in self.open and self.open[-1] != tag:
            self._end(self.open.pop())
        if tag in self.open:
            self.open.pop()
        self._end(tag)

    def _end(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        elif tag in BLOCK_TAGS:
            self._trim()
        self.out.append(f"</{tag}>")
        self.last, self.last_tag = "endtag", tag

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")
        self.last = "comment"


def _attributes(tag: str, attrs: list) -> list:
    """Attributes that carry meaning in GFM's output, as GFM spells them."""
    kept = []
    for key, value in attrs:
        if key == "id" and re.fullmatch(r"h[1-6]", tag):
            continue   # docpipe's heading anchors; GFM's HTML output has none
        if key == "style" and tag in ("th", "td"):
            align = re.search(r"text-align:\s*(\w+)", value or "")
            if align:
                kept.append(("align", align.group(1)))
            continue
        if key == "class" and tag in ("li", "ul", "ol", "input"):
            continue   # task-list classes are styling hooks
        if key in ("href", "src") and value:
            # as cmark's normalize.py means to: one spelling of a URL (it tested the value)
            value = urllib.parse.quote(urllib.parse.unquote(value), safe="/:?#&=;+!$,@%~")
        if tag == "input" and key == "checked":
            value = ""
        kept.append((key, value if value is not None else ""))
    return kept


def normalise(markup: str) -> str:
    parser = _Normaliser()
    parser.feed(markup)
    parser.close()
    while parser.open:
        parser._end(parser.open.pop())
    return "".join(parser.out).strip()


def run(selected: str | None = None) -> dict[str, list]:
    """{section: [(example, passed, got)]} in spec order."""
    from docpipe import markdown_to_html

    results: dict[str, list] = {}
    for example in examples():
        if selected and example.section != selected:
            continue
        try:
            got = markdown_to_html(example.markdown)
        except Exception as error:   # a crash is a failure to report, not to stop at
            got = f"<!-- {type(error).__name__}: {error} -->"
        passed = normalise(got) == normalise(example.html)
        results.setdefault(example.section, []).append((example, passed, got))
    return results


def summary(results: dict[str, list]) -> dict[str, list[int]]:
    table = {section: [sum(p for _, p, _ in rows), len(rows)] for section, rows in results.items()}
    outside = [v for k, v in table.items() if k not in RAW_HTML_SECTIONS]
    table["(all)"] = [sum(v[0] for v in table.values()), sum(v[1] for v in table.values())]
    table["(outside raw HTML)"] = [sum(v[0] for v in outside), sum(v[1] for v in outside)]
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", help="only this section (as the spec names it)")
    parser.add_argument("--failures", action="store_true", help="show each failing example")
    parser.add_argument("--json", action="store_true", help="print {section: [passed, total]}")
    args = parser.parse_args(argv)
    results = run(args.section)
    table = summary(results)
    if args.json:
        print(json.dumps(table, ensure_ascii=False, indent=1))
        return 0
    if args.failures:
        for rows in results.values():
            for example, passed, got in rows:
                if not passed:
                    print(f"--- example {example.number} ({example.section}, spec.txt line "
                          f"{example.line})\n{example.markdown}--- expected\n"
                          f"{normalise(example.html)}\n--- got\n{normalise(got)}\n")
    for section, (passed, total) in table.items():
        print(f"{section:<40} {passed:>4}/{total:<4} {100 * passed / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
