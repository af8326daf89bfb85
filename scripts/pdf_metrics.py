"""Read a PDF back and count what Chinese typesetting forbids: ragged justified lines and
line-breaking violations (clreq, GB style).

Usage: ``python scripts/pdf_metrics.py FILE.pdf [...] [-v]``; prints one line of counts per
file and exits 1 when any count is above zero. Importable: ``measure(path) -> Metrics``.

What it reads, from the PDF alone (pdfplumber characters with positions):

- lines: characters in content-stream order, a new line where the baseline moves by more
  than half a font size and the text goes back to the left (superscripts stay in their line);
  pieces drawn apart on one baseline (list markers) are joined; one column is assumed;
- left edge of the text block: the leftmost start shared by several lines on pages of the
  same parity; right edge: page width minus the left edge of the *other* parity (docpipe
  mirrors the margins of left and right pages; with one parity they are taken as equal);
- left out: the footer (a short line holding the page number at the bottom of a page), text
  inside filled rectangles (code blocks) or ruled tables (either also ends the paragraph
  before it), headings (larger than body text, or a whole line in a bold face), centred lines;
- paragraphs: a line continues the previous one when it starts at the same left position
  (or, after a first line, at the position the first-line indent came from, or right of a
  list marker), has the same size and weight, and follows at the usual line pitch; its
  predecessor is then not a last line.

ragged: a line that is not the last of its paragraph ends more than 0.5 pt short of the right
edge (a line-final mark that sticks out by half an em is taken as compressed to half width:
pdfplumber gives a glyph's font width, not the advance that a TJ adjustment shortened).
violations: a line starts with 、，。；：！？ or a closing mark, ends with an opening mark, or
a —— or …… is split between two lines.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LINE_START_FORBIDDEN = set("、，。；：！？」』”’）》〉】")
LINE_END_FORBIDDEN = set("“‘（《〈【「『")
UNSPLITTABLE = set("—…")
HALF_WIDTH_CAPABLE = set("，。、；：！？）》〉】」』”’（《〈【「『“‘")
TOLERANCE = 0.5  # pt: how far short of the right edge a justified line may end
BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
FOOTER = re.compile(r"^\W*\d+\W*$")


@dataclass
class Line:
    """One line of text as a reader sees it."""
    page: int
    chars: list[dict]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    baseline: float = 0.0
    size: float = 0.0
    bold: bool = False
    left: float = 0.0    # the text block's edges on this page
    right: float = 0.0
    x1_compressed: float | None = None  # where the line ends if its last mark is half-width

    barrier: bool = False  # stands for a left-out block (code, table) while sorting
    ends_block: bool = False  # a left-out block follows: this line ends its paragraph

    def finish(self) -> "Line":
        if self.barrier:
            return self
        visible = [c for c in self.chars if c["text"].strip()]
        self.text = "".join(c["text"] for c in self.chars).strip()
        self.x0 = min(c["x0"] for c in visible)
        self.x1 = max(c["x1"] for c in visible)
        sizes = Counter(round(c["size"], 1) for c in visible)
        self.size = sizes.most_common(1)[0][0]
        if visible[-1]["text"] in HALF_WIDTH_CAPABLE and visible[-1]["x1"] >= self.x1:
            # a compressed (half-width) mark: its advance, not its font width, ends the line
            self.x1_compressed = visible[-1]["x0"] + visible[-1]["size"] / 2
        self.baseline = Counter(round(c["matrix"][5], 1) for c in visible).most_common(1)[0][0]
        self.bold = all(BOLD.search(c["fontname"]) for c in visible)
        return self

    def describe(self) -> str:
        return (f"p{self.page} x0={self.x0:.1f} x1={self.x1:.1f} short={self.right - self.x1:.2f}: "
                f"{self.text[:40]}…{self.text[-8:]}")


@dataclass
class Metrics:
    """Counts for one PDF; ``ragged`` and ``violations`` hold descriptions of the lines."""
    path: Path
    lines: int = 0
    checked: int = 0
    ragged: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    overfull: list[str] = field(default_factory=list)
    worst_shortfall: float = 0.0  # pt, the most any checked line ends short of the edge
    worst_overshoot: float = 0.0  # pt, the most any checked line ends past the edge
    widest_gap_em: float = 0.0    # the widest space between two Han characters of a line

    @property
    def ok(self) -> bool:
        return not self.ragged and not self.violations

    def summary(self) -> str:
        return (f"{self.path.name}: lines {self.lines}, justified non-last lines checked "
                f"{self.checked}, ragged {len(self.ragged)}, violations {len(self.violations)}"
                + (f", overfull {len(self.overfull)}" if self.overfull else "")
                + f" (line ends from {-self.worst_shortfall:+.2f} to {self.worst_overshoot:+.2f} pt"
                  f" of the edge, widest Han gap "
                  f"{self.widest_gap_em:.2f} em)")


def measure(path: str | Path | Any) -> Metrics:
    """Read ``path`` (or an open pdfplumber PDF, whose pages then keep what was parsed for the
    caller's next look) and count ragged justified lines and line-breaking violations."""
    import pdfplumber

    if isinstance(path, pdfplumber.PDF):
        opened = contextlib.nullcontext(path)
        path = Path(str(path.stream.name))
    else:
        path = Path(path)
        opened = pdfplumber.open(path)
    metrics = Metrics(path)
    lines: list[Line] = []
    widths: dict[int, float] = {}
    with opened as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            widths[number] = float(page.width)
            chars, barriers = _body_chars(page)
            page_lines = _drop_footer(_lines(number, chars), number)
            for line in page_lines:   # a contents entry (dot leaders, page number): no text
                line.barrier = line.barrier or bool(re.search(r"\.{4,}\s*\d+$", line.text))
            page_lines += [Line(number, [], baseline=float(page.height) - bottom, barrier=True)
                           for bottom in barriers]
            lines.extend(sorted(page_lines, key=lambda line: -line.baseline))
    lines = _mark_block_ends(lines)
    if not lines:
        return metrics
    metrics.lines = len(lines)
    _set_edges(lines, widths)
    body_size = Counter(line.size for line in lines for _ in line.chars).most_common(1)[0][0]
    _count_violations(lines, metrics)
    ends = _paragraph_ends(lines)
    for line, last in zip(lines, ends):
        if line.x1 > line.right + line.size / 4 and line.x1_compressed is not None:
            line.x1 = line.x1_compressed  # pdfplumber's box is the full-width glyph's
        if line.x1 > line.right + TOLERANCE:
            metrics.overfull.append(line.describe())
        if last or not _is_justified_text(line, body_size):
            continue
        metrics.checked += 1
        metrics.worst_shortfall = max(metrics.worst_shortfall, line.right - line.x1)
        metrics.worst_overshoot = max(metrics.worst_overshoot, line.x1 - line.right)
        metrics.widest_gap_em = max(metrics.widest_gap_em, _widest_han_gap(line))
        if line.right - line.x1 > TOLERANCE:
            metrics.ragged.append(line.describe())
    return metrics


def _body_chars(page) -> tuple[list[dict], list[float]]:
    """The page's characters, less those in code blocks (filled boxes) and ruled tables;
    and the bottoms of those boxes."""
    boxes = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects
             if r.get("fill") and r["x1"] - r["x0"] > 4 and r["bottom"] - r["top"] > 4]
    if page.lines or any(min(r["x1"] - r["x0"], r["bottom"] - r["top"]) < 2 for r in page.rects):
        boxes += [table.bbox for table in page.find_tables()]

    def inside(char) -> bool:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    chars = [c for c in page.chars if not inside(c)]
    return chars, [bottom for x0, top, x1, bottom in boxes]


def _mark_block_ends(lines: list[Line]) -> list[Line]:
    """Drop the barriers, marking the line before each as the end of its block."""
    kept: list[Line] = []
    for line in lines:
        if line.barrier and kept and not kept[-1].barrier:
            kept[-1].ends_block = True
        elif not line.barrier:
            kept.append(line)
    return kept


def _lines(page: int, chars: list[dict]) -> list[Line]:
    """Group characters (in content-stream order) into lines."""
    lines: list[Line] = []
    current: list[dict] = []
    for char in chars:
        if current:
            previous = current[-1]
            moved = abs(char["matrix"][5] - previous["matrix"][5])
            size = max(char["size"], previous["size"])
            if moved > size * 0.5 and (char["x0"] < previous["x0"] or moved > size * 1.2):
                lines.append(Line(page, current))
                current = []
        current.append(char)
    if current:
        lines.append(Line(page, current))
    lines = [line.finish() for line in lines if any(c["text"].strip() for c in line.chars)]
    # list markers are drawn apart from their item's text: merge pieces on one baseline
    merged: dict[float, Line] = {}
    for line in lines:
        key = next((b for b in merged if abs(b - line.baseline) < 0.3), line.baseline)
        if key in merged:
            merged[key].chars = sorted(merged[key].chars + line.chars, key=lambda c: c["x0"])
            merged[key].finish()
        else:
            merged[key] = line
    return sorted(merged.values(), key=lambda line: -line.baseline)


def _drop_footer(lines: list[Line], page: int) -> list[Line]:
    """Leave out a running header or footer that holds the page number."""
    for index in (-1, 0):
        if lines and FOOTER.match(lines[index].text) and str(page) in lines[index].text:
            lines = lines[:-1] if index == -1 else lines[1:]
    return lines


def _set_edges(lines: list[Line], widths: dict[int, float]) -> None:
    lefts = {parity: Counter(round(line.x0, 1) for line in lines if line.page % 2 == parity)
             for parity in (0, 1)}
    # the leftmost start that several lines share (a lone line may stick out)
    left = {parity: min((x for x, n in count.items() if n >= 2), default=min(count))
            for parity, count in lefts.items() if count}
    for line in lines:
        own = left[line.page % 2]
        other = left.get(1 - line.page % 2, own)
        line.left, line.right = own, widths[line.page] - other


def _is_justified_text(line: Line, body_size: float) -> bool:
    """Body text that a justified block would stretch: not a heading, not centred."""
    if line.size > body_size + 0.5 or line.bold:
        return False
    before, after = line.x0 - line.left, line.right - line.x1
    return not (before > 1 and abs(before - after) < 1.5)


def _widest_han_gap(line: Line) -> float:
    widest = 0.0
    for a, b in zip(line.chars, line.chars[1:]):
        if _is_han(a["text"]) and _is_han(b["text"]):
            widest = max(widest, (b["x0"] - a["x1"]) / a["size"])
    return widest


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _paragraph_ends(lines: list[Line]) -> list[bool]:
    """For each line, whether it ends its paragraph (judged from the line after it)."""
    pitches: dict[float, Counter] = {}
    for line, following in zip(lines, lines[1:]):
        if following.page == line.page and following.size == line.size:
            pitches.setdefault(line.size, Counter())[round(line.baseline - following.baseline)] += 1
    usual = {size: count.most_common(1)[0][0] for size, count in pitches.items()}
    ends = []
    first = True
    for line, following in zip(lines, lines[1:] + [None]):
        last = _is_last(line, following, first, usual.get(line.size))
        ends.append(last)
        first = last
    return ends


def _is_last(line: Line, following: Line | None, first: bool, pitch: float | None) -> bool:
    if (following is None or line.ends_block or abs(following.size - line.size) > 0.5
            or following.bold != line.bold):
        return True
    if following.page == line.page and pitch is not None:
        if abs(line.baseline - following.baseline - pitch) > 1.0:
            return True  # extra space (or less): a block boundary
    start, next_start = line.x0 - line.left, following.x0 - following.left
    if abs(next_start - start) <= 0.5:
        # the same start: a continuation, unless this line opened an indented paragraph
        return first and start > 0.5
    if next_start < start:
        # back to the left: an indented first line's continuation, or the end of a block
        return not first
    # further right: a list item's text after its marker, or a new (indented) paragraph
    return not (first and _starts_with_marker(line))


def _starts_with_marker(line: Line) -> bool:
    return bool(re.match(r"^([•◦▪‣·–-]|\d+[.)]|[a-zA-Z][.)]|[ivxlcdm]+\.)", line.text))


def _count_violations(lines: list[Line], metrics: Metrics) -> None:
    for line, following in zip(lines, lines[1:] + [None]):
        if line.text[0] in LINE_START_FORBIDDEN:
            metrics.violations.append(f"starts with {line.text[0]}: " + line.describe())
        if line.text[-1] in LINE_END_FORBIDDEN:
            metrics.violations.append(f"ends with {line.text[-1]}: " + line.describe())
        if following and line.text[-1] in UNSPLITTABLE and following.text[0] == line.text[-1]:
            metrics.violations.append(f"splits {line.text[-1] * 2}: " + line.describe())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the lines found")
    args = parser.parse_args(argv)
    failed = False
    for path in args.pdfs:
        metrics = measure(path)
        print(metrics.summary())
        if args.verbose:
            for kind in ("ragged", "violations", "overfull"):
                for text in getattr(metrics, kind):
                    print(f"  {kind}: {text}")
        failed |= not metrics.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
