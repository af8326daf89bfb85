"""A redline as a marked-up PDF proof: the normal build's HTML and CSS, insertions underlined
in colour, deletions struck through, change bars in the outer margin, a summary first.

The change bars are drawn after layout: WeasyPrint's boxes say where each changed block is on
which page, and a bar goes into the outer margin of that page (right on a recto, left on a
verso, as the theme's mirrored margins lay the pages out), added to the PDF with pypdf.
"""
from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from lxml import etree

from docpipe.model.document import Document
from docpipe.model.theme import Theme
from docpipe.write.redline.changes import Version, counts

INSERTED = "#1f4fbf"
DELETED = "#c00000"
FORMATTED = "#7b2fa8"
MOVED = "#0a7a3d"
BAR = "#c00000"
CHANGED_CLASS = "rl-changed"
#: The blocks a change bar runs beside (the innermost that holds the change)
BAR_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li pre dt dd figcaption figure tr blockquote "
                       "table ul ol hr div".split())

CSS = f"""
ins[data-rev], [data-rev-block=ins], [data-rev-block=ins] * {{
  color: {INSERTED}; text-decoration: underline; text-decoration-color: {INSERTED}; }}
del[data-rev], [data-rev-block=del], [data-rev-block=del] * {{
  color: {DELETED}; text-decoration: line-through; text-decoration-color: {DELETED}; }}
span[data-rev] {{ color: {FORMATTED}; text-decoration: underline dotted;
  text-decoration-color: {FORMATTED}; }}
[data-moved=from], [data-moved=from] * {{ color: {MOVED}; text-decoration: line-through;
  text-decoration-style: double; text-decoration-color: {MOVED}; }}
[data-moved=to], [data-moved=to] * {{ color: {MOVED}; text-decoration: underline;
  text-decoration-style: double; text-decoration-color: {MOVED}; }}
[data-rev-block=del] {{ bookmark-level: none; }}
[data-rev-block=ins] hr, hr[data-rev-block=ins] {{ border-top-color: {INSERTED}; }}
[data-rev-block=del] hr, hr[data-rev-block=del] {{ border-top-color: {DELETED}; }}
[data-rev-mark=ins]::after {{ content: "¶"; color: {INSERTED}; text-decoration: underline; }}
[data-rev-mark=del]::after {{ content: "¶"; color: {DELETED}; text-decoration: line-through; }}
section.rl-summary {{ border: 0.75pt solid #888; padding: 0.5em 0.8em; margin: 0 0 1.2em 0;
  font-size: 10pt; line-height: 1.5; page-break-inside: avoid; }}
section.rl-summary p {{ text-indent: 0; margin: 0; }}
section.rl-summary .rl-summary-title {{ font-weight: bold; font-size: 11pt;
  margin-bottom: 0.3em; }}
section.rl-summary table {{ margin: 0.3em 0; font-size: 9.5pt; width: 100%; }}
section.rl-summary th, section.rl-summary td {{ border: none; padding: 0.1em 0.4em 0.1em 0;
  background: none; font-weight: normal; }}
"""

LABELS = {
    "zh": {"title": "修订对照", "old": "原版本", "new": "新版本", "changes": "修改",
           "counts": "插入 {insert} 处，删除 {delete} 处，替换 {replace} 处，格式修改 {format} 处"
                     "，其中移动 {moved} 段（增 {inserted_chars} 字，删 {deleted_chars} 字）",
           "none": "两个版本没有区别。",
           "legend": "图例：", "ins": "插入的文字", "del": "删除的文字", "fmt": "修改格式", "moved": "移动的段落",
           "mark": "分段（删去的 ¶ 为合段）", "bar": "；页边竖线标出有修改的段落。"},
    "en": {"title": "Redline", "old": "Old version", "new": "New version", "changes": "Changes",
           "counts": "{insert} insertion(s), {delete} deletion(s), {replace} replacement(s), "
                     "{format} formatting change(s), {moved} block(s) moved (+{inserted_chars} / "
                     "−{deleted_chars} characters)",
           "none": "The two versions do not differ.",
           "legend": "Legend: ", "ins": "inserted text", "del": "deleted text",
           "fmt": "formatting changed", "moved": "moved block", "mark": " paragraph split (struck: joined)",
           "bar": "; a bar in the margin marks changed blocks."},
}


def render(document: Document, redline: Any, theme: Theme, dest: Path, *, old: Version,
           new: Version) -> None:
    """Lay out the marked ``document`` as a proof and write ``dest``."""
    from docpipe.write.pdf import writer as pdf

    labels = LABELS["zh" if document.meta.lang.lower().startswith("zh") else "en"]

    def edit(root: Any) -> None:
        _mark_title_block(root, redline)
        root.find("body").insert(0, summary(redline.changes, old, new, labels))
        _mark_changed_blocks(root)

    bars: list[list[tuple[float, float]]] = []

    def inspect(rendered: Any) -> None:
        bars[:] = [_bar_spans(page) for page in rendered.pages]

    pdf.write(pdf.prepare(document, theme, edit=edit, extra_css=CSS), dest,
              warn=document.warnings.append, inspect=inspect)
    _draw_bars(dest, bars, theme)


def summary(changes: list, old: Version, new: Version, labels: dict[str, str]) -> Any:
    """The box on the first page: both versions, the counts, the legend."""
    box = etree.Element("section", {"class": "rl-summary"})
    etree.SubElement(box, "p", {"class": "rl-summary-title"}).text = labels["title"]
    table = etree.SubElement(box, "table")
    for label, version in ((labels["old"], old), (labels["new"], new)):
        row = etree.SubElement(table, "tr")
        etree.SubElement(row, "th").text = label
        details = [version.label, version.date[:19].replace("T", " "),
                   version.revision, version.author]
        etree.SubElement(row, "td").text = "　".join(d for d in details if d)
    line = etree.SubElement(box, "p")
    line.text = (labels["counts"].format(**counts(changes)) if changes else labels["none"])
    legend = etree.SubElement(box, "p", {"class": "rl-legend"})
    legend.text = labels["legend"]
    for kind, tag in (("ins", "ins"), ("del", "del"), ("fmt", "span")):
        sample = etree.SubElement(legend, tag, {"data-rev": "0"})
        sample.text = labels[kind]
        sample.tail = "　"
    moved = etree.SubElement(legend, "span", {"data-moved": "to"})
    moved.text = labels["moved"]
    moved.tail = "　"
    mark = etree.SubElement(legend, "ins", {"data-rev": "0"})
    mark.text = "¶"
    mark.tail = labels["mark"] + labels["bar"]
    return box


def _mark_title_block(root: Any, redline: Any) -> None:
    header = root.find(".//header")
    if header is None:
        return
    for name, marked in (("title", redline.title), ("subtitle", redline.subtitle),
                         ("credits", redline.credits)):
        if marked is None:
            continue
        target = header.find(f"p[@class='{name}']")
        if target is None:
            target = etree.SubElement(header, "p", {"class": name})
        for child in list(target):
            target.remove(child)
        target.text = marked.text
        for child in marked:
            target.append(copy.deepcopy(child))
        if not "".join(target.itertext()).strip():
            header.remove(target)


def _mark_changed_blocks(root: Any) -> None:
    """Class ``rl-changed`` on the innermost block around each change (the bar's extent)."""
    main = root.find("body")
    for element in main.iter():
        if not isinstance(element.tag, str) or element.get("data-rev") in (None, "0"):
            continue
        block = element
        while block is not None and block.tag not in BAR_BLOCKS:
            block = block.getparent()
        if block is not None:
            classes = block.get("class", "").split()
            if CHANGED_CLASS not in classes:
                block.set("class", " ".join([*classes, CHANGED_CLASS]))


def _bar_spans(page: Any) -> list[tuple[float, float]]:
    """(top, bottom) in CSS px of the changed blocks' fragments on one laid-out page."""
    spans = []
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is None or getattr(box, "element_tag", "") in ("", None):
            continue
        if CHANGED_CLASS not in (element.get("class") or "").split():
            continue
        if not hasattr(box, "border_box_y") or type(box).__name__ in ("LineBox", "TextBox"):
            continue
        if type(box).__name__ not in ("BlockBox", "TableRowBox", "TableBox", "ListMarkerBox",
                                      "TableCellBox", "BlockReplacedBox"):
            continue
        top = box.border_box_y()
        spans.append((top, top + box.border_height()))
    spans.sort()
    merged: list[tuple[float, float]] = []
    for top, bottom in spans:
        if merged and top <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(bottom, merged[-1][1]))
        else:
            merged.append((top, bottom))
    return merged


def _draw_bars(dest: Path, bars: list[list[tuple[float, float]]], theme: Theme) -> None:
    """A vertical rule beside each span, in the outer margin: right on odd pages (rectos),
    left on even ones (versos)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    if not any(bars):
        return
    reader = PdfReader(io.BytesIO(dest.read_bytes()))
    writer = PdfWriter(clone_from=reader)
    points_per_mm = 72 / 25.4
    outer = theme.margin_mm("outer") * points_per_mm
    gap = min(4 * points_per_mm, outer / 2)
    red, green, blue = (int(BAR[i:i + 2], 16) / 255 for i in (1, 3, 5))
    for number, (page, spans) in enumerate(zip(writer.pages, bars)):
        if not spans:
            continue
        width = float(page.mediabox.width)
        height = float(page.mediabox.height)
        x = width - outer + gap if number % 2 == 0 else outer - gap
        lines = [f"q {red:.3f} {green:.3f} {blue:.3f} RG 1.5 w"]
        for top, bottom in spans:   # CSS px (0.75 pt) from the top of the page
            lines.append(f"{x:.2f} {height - top * 0.75:.2f} m {x:.2f} "
                         f"{height - bottom * 0.75:.2f} l S")
        lines.append("Q")
        opening, bars_stream = DecodedStreamObject(), DecodedStreamObject()
        opening.set_data(b"q\n")
        bars_stream.set_data(("Q\n" + "\n".join(lines) + "\n").encode())
        contents = page.get("/Contents")
        existing = list(contents.get_object()) if isinstance(contents.get_object(), list) \
            else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(opening), *existing, writer._add_object(bars_stream)])
    with open(dest, "wb") as handle:
        writer.write(handle)
