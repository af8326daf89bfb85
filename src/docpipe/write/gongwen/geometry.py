"""The measurements of a 公文 page (GB/T 9704-2012, GONGWEN.md), in pt, shared by PDF and DOCX."""
from __future__ import annotations

import re
from dataclasses import dataclass

from docpipe.model.gongwen import Gongwen
from docpipe.model.theme import Theme
from docpipe.model.theme_schema import Gongwen as GongwenStyle

MM = 72 / 25.4
#: the 标志's ink top under the top of a line box as tall as its size (Noto Serif CJK, measured)
INK_TOP_EM = 0.07
#: the em box of a hanzi reaches this far under the baseline (Noto CJK and Fandol: 120/1000)
EM_DESCENT = 0.12


def width_em(text: str) -> float:
    """Width in em of a line of 公文 text: half-width digits and Latin, full-width hanzi."""
    return sum(0.5 if ord(char) < 0x2000 else 1.0 for char in text)


@dataclass(frozen=True)
class Page:
    """Grid and type area of the theme (22 lines of 28 characters in 156 × 225 mm)."""

    pitch: float          # one 行 (225 mm / 22)
    size: float           # 三号, 16 pt
    width: float          # type area width, 156 mm
    height: float         # type area height, 225 mm
    red: str
    red_rule: float       # thickness of the 版头's red line
    thick: float          # 版记 rules (7.4.1: 0.35 mm and 0.25 mm)
    thin: float
    seal: float           # seal diameter
    issuer_max: float     # cap on the 标志's size
    imprint_size: float   # 四号

    @classmethod
    def of(cls, theme: Theme) -> "Page":
        paper_w, paper_h = theme.page_size_mm
        g = theme.gongwen or GongwenStyle()
        return cls(pitch=float(theme.line_pitch or theme.body_size * theme.line_height),
                   size=theme.body_size,
                   width=(paper_w - theme.margin_mm("inner") - theme.margin_mm("outer")) * MM,
                   height=(paper_h - theme.margin_mm("top") - theme.margin_mm("bottom")) * MM,
                   red=g.red, red_rule=g.red_rule * MM, thick=g.imprint_thick * MM,
                   thin=g.imprint_thin * MM, seal=g.seal_size * MM,
                   issuer_max=float(g.issuer_max_size), imprint_size=float(g.imprint_size))


@dataclass(frozen=True)
class Mark:
    """The 发文机关标志: its rows (one per organ), the word beside them, size and placement."""

    names: tuple[str, ...]
    word: str
    size: float
    spacing: tuple[float, ...]   # letter spacing per row, so every row is as wide as the longest
    row_height: float
    top: float                   # line box top under the type-area top (ink top at ``ink_top``)
    ink_top: float

    @property
    def height(self) -> float:
        return self.row_height * len(self.names)

    @property
    def names_width(self) -> float:
        return max(len(n) for n in self.names) * self.size


def mark(parts: Gongwen, page: Page) -> Mark:
    """Size the 标志 to fit 156 mm (capped) and place its ink top as the format asks: 35 mm under
    the type-area top (7.2.4, 10.3), 20 mm for orders (10.2), 30 mm from the paper edge for
    letters (10.1, i.e. 7 mm above the type area)."""
    names = parts.issuers if parts.format != "letter" else parts.issuers[:1]
    word = parts.mark_word if parts.format != "letter" else ""
    longest = max(len(n) for n in names)
    gap = 0.5 if word and len(names) > 1 else 0.0
    size = round(min(page.issuer_max, page.width / (longest + len(word) + gap)), 1)
    spacing = tuple(0.0 if len(n) == longest or len(n) < 2 else
                    (longest - len(n)) * size / (len(n) - 1) for n in names)
    row = size * (1.0 if len(names) == 1 else 1.15)
    ink = {"file": 35.0, "minutes": 35.0, "order": 20.0, "letter": 30.0 - 37.0}[parts.format] * MM
    return Mark(names, word, size, spacing, row, ink - INK_TOP_EM * size - (row - size) / 2, ink)


def date_width_em(text: str) -> float:
    return width_em(text)


def unsealed_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents in 字 of the 署名 and the date without a seal (7.3.5.2): 署名 右空二字, the
    date's first character two 字 right of the 署名's; a longer date goes 右空二字 instead."""
    w_sig, w_date = width_em(signature), width_em(date)
    if w_sig >= w_date + 2:
        return 2.0, w_sig - w_date
    return 4 + w_date - w_sig, 2.0


def sealed_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents with a seal (7.3.5.1): the date 右空四字, the 署名 centred on the date."""
    w_sig, w_date = width_em(signature), width_em(date)
    return max(0.0, 4 + (w_date - w_sig) / 2), 4.0


def seal_box(date: str, page: Page) -> tuple[float, float]:
    """(right offset, top offset) of the seal from the type area's right edge and from the top
    of the signature block: centred on the date horizontally; the 署名 and date lines sit just
    under its centre ("居印章中心偏下"), its top within one line of the text above."""
    centre_from_right = (4 + width_em(date) / 2) * page.size
    return centre_from_right - page.seal / 2, 0.0


def sealed_text_top(page: Page) -> float:
    """Where the 署名 line starts under the seal's top: the two lines centred 3 mm under the
    seal's centre."""
    return max(0.0, page.seal / 2 + 3 * MM - page.pitch)


#: where a 公文 title may break between lines without splitting a word (7.3.1: 词意完整)
_TITLE_CUTS = re.compile(r"(?=关于)|(?<=印发)|(?<=转发)|(?<=批转)|(?<=发布)|(?=《)|(?<=》)"
                         r"|(?<=，)|(?<=、)|(?=的(?:通知|决定|意见|批复|报告|请示|函|通报|公告|通告)$)")


def title_lines(title: str, per_line: int) -> list[str]:
    """A title too long for one line, broken where the words allow, the lines as even as
    possible (梯形); three lines when two cannot hold it (菱形 is the author's to give)."""
    if len(title) <= per_line:
        return [title]
    cuts = [m.start() for m in _TITLE_CUTS.finditer(title) if 0 < m.start() < len(title)]
    fitting = [c for c in cuts if c <= per_line and len(title) - c <= per_line]
    if fitting:
        best = min(fitting, key=lambda c: abs(len(title) - 2 * c))
        return [title[:best], title[best:]]
    from docpipe.write.html import balanced_lines

    return balanced_lines(title, per_line)


@dataclass(frozen=True)
class SealRow:
    """One row of a joint issuance's sealed 署名 (7.3.5.1): its names, the centre of each (pt
    from the type area's left edge) and the row's top under the signature block's top."""

    names: tuple[str, ...]
    centres: tuple[float, ...]
    top: float


def seal_rows(signatures: tuple[str, ...], page: Page) -> list[SealRow]:
    """Up to three names a row, each centred in an equal share of the type area, the seals
    (one centred on each name) never touching: rows a seal's height and 2 mm apart."""
    per_row = min(3, len(signatures))
    share = page.width / per_row
    rows = []
    for index in range(0, len(signatures), per_row):
        names = signatures[index:index + per_row]
        # a short last row keeps to the right: its last seal presses the date too
        shift = per_row - len(names)
        rows.append(SealRow(names, tuple((j + shift + 0.5) * share for j in range(len(names))),
                            (index // per_row) * (page.seal + 2 * MM)))
    return rows
