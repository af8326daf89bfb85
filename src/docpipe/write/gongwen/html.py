"""The HTML tree of a 公文 for WeasyPrint: 版头, 主体, 附件 and 版记 as classed blocks."""
from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from docpipe.model import gongwen as gw
from docpipe.model.document import Document, text_of
from docpipe.model.theme import Theme
from docpipe.text import typography
from docpipe.write.gongwen import geometry as geo

E = etree.SubElement


def fill_body(body: Any, document: Document, theme: Theme, image_href: dict[str, str]) -> None:
    """Replace ``body``'s children with the document's parts, in the standard's order."""
    parts: gw.Gongwen = document.meta.gongwen
    page = geo.Page.of(theme)
    for child in list(body):
        body.remove(child)
    body.set("class", f"gongwen gw-{parts.format}")
    head = E(body, "div", {"class": "gw-head"})
    _head(head, parts, page)
    main = E(body, "div", {"class": "gw-main"})
    title = parts.title_lines or geo.title_lines(document.meta.title, theme.title_chars_per_line)
    if parts.title_given or parts.format != "order":   # an order often has no title
        p = E(main, "p", {"class": "gw-title", "data-role": "title"})
        p.text = title[0]
        for line in title[1:]:
            E(p, "br").tail = line
    if parts.recipients:
        E(main, "p", {"class": "gw-recipients"}).text = parts.recipients_line
    text, attachments = gw.split_body(document.body, text_of)
    flow = E(main, "div", {"class": "gw-text"})
    for element in text:
        flow.append(_with_run_in(copy.deepcopy(element)))
    typography.prepare(flow, autospace="char")
    if parts.attachments:
        _attachment_list(main, parts.attachments)
    _signature(main, parts, page, image_href)
    if parts.attendance:
        for index, (label, names) in enumerate(parts.attendance):
            p = E(main, "p", {"class": "gw-attendance" + (" gw-first" if index == 0 else "")})
            E(p, "span", {"class": "gw-label", "data-role": "heading"}).text = f"{label}："
            p[-1].tail = names
    if parts.note:
        E(main, "p", {"class": "gw-note"}).text = parts.note
    for attachment in attachments:
        section = E(body, "div", {"class": "gw-attachment"})
        E(section, "p", {"class": "gw-attachment-label", "data-role": "heading"}).text = attachment.label
        E(section, "p", {"class": "gw-attachment-title", "data-role": "title"}).text = attachment.title
        inner = E(section, "div", {"class": "gw-text"})
        for element in attachment.elements:
            inner.append(_with_run_in(copy.deepcopy(element)))
        typography.prepare(inner, autospace="char")
    if parts.has_imprint or (parts.recipients and parts.format != "letter"):
        _imprint(body, parts)


def letter_lines_css(page: geo.Page) -> str:
    """信函格式's double red lines (10.1): 170 mm, centred on the type area; thick over thin
    4 mm under the 标志, thin over thick 20 mm above the paper's foot (page 1)."""
    MM, red = geo.MM, page.red
    return f"""
.gw-letter .gw-double {{ width: {170 * MM:.2f}pt; margin-left: {-7 * MM:.2f}pt; height: 1.2pt;
  border-top: 1.5pt solid {red}; border-bottom: 0.75pt solid {red}; }}
.gw-letter .gw-double-top {{ margin-top: {4 * MM:.2f}pt; }}
.gw-letter .gw-double-bottom {{ position: absolute; left: {-7 * MM:.2f}pt; margin: 0;
  top: {(297 - 37 - 20) * MM - 3.45:.2f}pt; border-top-width: 0.75pt; border-bottom-width: 1.5pt; }}
.gw-letter .gw-letter-lines {{ margin-top: {14 - (page.pitch - page.size) / 2:.2f}pt; }}
.gw-letter-number {{ float: right; }}
.gw-letter p.gw-title {{ margin-top: {2 * page.pitch:.2f}pt; }}
@page :first {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }}
  @bottom-center {{ content: none; }} }}
"""


def _head(head: Any, parts: gw.Gongwen, page: geo.Page) -> None:
    """份号, 密级, 紧急程度 one a line; the red 标志; 发文字号 (and 签发人); the red line."""
    marks = [(v, c) for v, c in ((parts.copy_number, "gw-copy"),
                                 (parts.classification, "gw-secret"),
                                 (parts.urgency, "gw-urgent")) if v]
    mark = geo.mark(parts, page)
    used = 0.0
    if parts.format != "letter":
        for value, cls in marks:
            E(head, "p", {"class": f"gw-mark-line {cls}", "data-role": "body" if cls == "gw-copy" else "heading"}).text = value
        used = len(marks) * page.pitch
    _issuer(head, mark, page, margin_top=mark.top - used)
    if parts.format == "letter":
        _letter_head(head, parts, marks, page)
        return
    if parts.format == "order":
        if parts.doc_number:
            E(head, "p", {"class": "gw-number gw-order-number"}).text = parts.doc_number
        return
    if parts.format == "minutes" and not parts.doc_number:
        return
    if parts.direction == "up":
        table = E(head, "table", {"class": "gw-number-row"})
        row = E(table, "tr")
        E(row, "td", {"class": "gw-number gw-up"}).text = parts.doc_number or ""
        cell = E(E(row, "td", {"class": "gw-signers"}), "div", {"class": "gw-signer-block"})
        for index in range(0, len(parts.signers), 2):
            line = E(cell, "p", {"class": "gw-signer-line"})
            label = E(line, "span", {"class": "gw-signer-label" + (" gw-hidden" if index else "")})
            label.text = "签发人："
            for name in parts.signers[index:index + 2]:
                E(line, "span", {"class": "gw-signer", "data-role": "emphasis"}).text = name
    else:
        E(head, "p", {"class": "gw-number"}).text = parts.doc_number or ""
    E(head, "div", {"class": "gw-red-rule"})


def _issuer(head: Any, mark: geo.Mark, page: geo.Page, margin_top: float) -> None:
    table = E(head, "table", {"class": "gw-issuer", "data-role": "title",
                              "style": f"margin-top: {margin_top:.2f}pt; font-size: {mark.size}pt"})
    row = E(table, "tr")
    names = E(row, "td", {"class": "gw-issuer-names"})
    for name, spacing in zip(mark.names, mark.spacing):
        E(names, "div", {"style": f"letter-spacing: {spacing:.3f}pt; "
                                  f"margin-right: {-spacing:.3f}pt; "
                                  f"line-height: {mark.row_height:.2f}pt"}).text = name
    if mark.word:
        E(row, "td", {"class": "gw-issuer-word",
                      "style": f"line-height: {mark.size:.2f}pt; "
                               f"padding-left: {0.5 * mark.size if len(mark.names) > 1 else 0}pt"}
          ).text = mark.word


def _letter_head(head: Any, parts: gw.Gongwen, marks: list, page: geo.Page) -> None:
    """信函格式 (10.1): double red lines, then 份号… at the left and 发文字号 at the right."""
    E(head, "div", {"class": "gw-double gw-double-top"})
    E(head, "div", {"class": "gw-double gw-double-bottom"})
    block = E(head, "div", {"class": "gw-letter-lines"})
    rows = max(len(marks), 1 if parts.doc_number else 0)
    for index in range(rows):
        row = E(block, "p", {"class": "gw-letter-line"})
        if index == 0 and parts.doc_number:   # floats right, so it comes first
            E(row, "span", {"class": "gw-letter-number"}).text = parts.doc_number
        if index < len(marks):
            E(row, "span", {"class": marks[index][1],
                            "data-role": "body" if marks[index][1] == "gw-copy" else "heading"}
              ).text = marks[index][0]


def _with_run_in(element: Any) -> Any:
    """A paragraph opening with （一）, 1. or （1）: the head up to the first 。 in its level's face."""
    if element.tag == "p" and element.text:
        found = gw.run_in_head(element.text)
        if found and (found[1] <= len(element.text)):
            level, length = found
            span = etree.Element("span", {"class": f"gw-run-in gw-level{level}",
                                           "data-role": "emphasis" if level == 2 else "body"})
            span.text, span.tail = element.text[:length], element.text[length:]
            element.text = None
            element.insert(0, span)
    return element


def _attachment_list(main: Any, names: tuple[str, ...]) -> None:
    """附件说明 (7.3.4): "附件：" then the names, numbered when several, wraps hanging."""
    block = E(main, "div", {"class": "gw-attachments"})
    several = len(names) > 1
    number_width = max(geo.width_em(f"{len(names)}.") if several else 0, 0)
    for index, name in enumerate(names, start=1):
        p = E(block, "p", {"class": "gw-attachment-item",
                           "style": f"padding-left: {5 + number_width}em; "
                                    f"text-indent: -{(3 if index == 1 else 0) + number_width}em"})
        if index == 1:
            E(p, "span", {"class": "gw-attachments-label"}).text = "附件："
        if several:
            E(p, "span", {"class": "gw-attachment-number",
                          "style": f"width: {number_width}em"}).text = f"{index}."
        p[-1].tail = name


def _signature(main: Any, parts: gw.Gongwen, page: geo.Page, image_href: dict[str, str]) -> None:
    """署名, 成文日期 and 印章 (7.3.5): sealed, unsealed, or 职务 with a 签名章 for orders."""
    if parts.format == "minutes" or not parts.date:
        return
    date = parts.date_text
    if parts.format == "order":
        block = E(main, "div", {"class": "gw-sign gw-order-sign"})
        line = E(block, "p", {"class": "gw-sign-title", "style": "padding-right: 4em"})
        line.text = "　".join(parts.signatures)
        if parts.seal_image:
            E(line, "img", {"class": "gw-signature-seal", "alt": "签名章",
                            "src": image_href.get(parts.seal_image, parts.seal_image)})
        E(block, "p", {"class": "gw-date", "style": "padding-right: 4em"}).text = date
        return
    if parts.sealed and len(parts.signatures) > 1:
        _joint_sealed(main, parts, page, image_href)
        return
    if parts.sealed:
        block = E(main, "div", {"class": "gw-sign gw-sealed",
                                "style": f"padding-top: {geo.sealed_text_top(page):.2f}pt"})
        right, top = geo.seal_box(date, page)
        if parts.seal_image:
            E(block, "img", {"class": "gw-seal", "alt": "印章",
                             "src": image_href.get(parts.seal_image, parts.seal_image),
                             "style": f"right: {right:.2f}pt; top: {top:.2f}pt"})
        for name in parts.signatures:
            sig_indent, _ = geo.sealed_indents(name, date)
            E(block, "p", {"class": "gw-signature",
                           "style": f"padding-right: {sig_indent:.3f}em"}).text = name
        E(block, "p", {"class": "gw-date", "style": "padding-right: 4em"}).text = date
        return
    block = E(main, "div", {"class": "gw-sign gw-unsealed"})
    longest = max(parts.signatures, key=geo.width_em)
    sig_indent, date_indent = geo.unsealed_indents(longest, date)
    for name in parts.signatures:
        shift = geo.width_em(longest) - geo.width_em(name)
        E(block, "p", {"class": "gw-signature",
                       "style": f"padding-right: {sig_indent + shift:.3f}em"}).text = name
    E(block, "p", {"class": "gw-date", "style": f"padding-right: {date_indent:.3f}em"}).text = date


def _joint_sealed(main: Any, parts: gw.Gongwen, page: geo.Page,
                  image_href: dict[str, str]) -> None:
    """Joint issuance with seals (7.3.5.1): the names in organ order, up to three a row, a seal
    centred on each; the date 右空四字 under the last row, its seal pressing it too."""
    block = E(main, "div", {"class": "gw-sign gw-sealed gw-joint"})
    rows = geo.seal_rows(parts.signatures, page)
    images = parts.seal_images
    text_top = geo.sealed_text_top(page)
    count = 0
    for number, row in enumerate(rows):
        last = number == len(rows) - 1
        height = "" if last else f"height: {page.seal + 2 * geo.MM:.2f}pt; "
        box = E(block, "div", {"class": "gw-seal-row", "style": f"{height}position: relative"})
        for centre, name in zip(row.centres, row.names):
            if images:
                E(box, "img", {"class": "gw-seal", "alt": "印章",
                               "src": image_href.get(images[count], images[count]),
                               "style": f"left: {centre - page.seal / 2:.2f}pt; top: 0"})
            width = geo.width_em(name) * page.size
            E(box, "p", {"class": "gw-signature gw-joint-name",
                         "style": f"position: absolute; top: {text_top:.2f}pt; "
                                  f"left: {centre - width / 2:.2f}pt"}).text = name
            count += 1
        if last:
            E(box, "div", {"style": f"height: {text_top + page.pitch:.2f}pt"})
    E(block, "p", {"class": "gw-date", "style": "padding-right: 4em"}).text = parts.date_text


def _imprint(body: Any, parts: gw.Gongwen) -> None:
    """版记 (7.4): 抄送, then 印发机关 and 印发日期, between thick and thin rules. A 主送 that
    would push the text off page 1 moves here (7.3.2, 7.4.2) when the PDF writer lays the
    page out again with ``body.gw-moved``: both variants are in the tree, classed ``n-`` (not
    moved) and ``m-`` (moved) for their rules."""
    letter = parts.format == "letter"   # 10.1: no rules, no 印发; the last page's foot
    rows = []
    if parts.recipients and not letter:
        rows.append(["gw-to", "主送：", "，".join(parts.recipients) + "。"])
    if parts.cc:
        rows.append(["gw-cc", "抄送：", "，".join(parts.cc) + "。"])
    if not letter and (parts.printed_by or parts.print_date):
        rows.append(["gw-printed", "", ""])
    if letter:
        block = E(body, "div", {"class": "gw-imprint gw-letter-imprint", "id": "gw-letter-imprint"})
    else:
        block = E(body, "div", {"class": "gw-imprint" + ("" if parts.has_imprint else " gw-spare"),
                                "id": "gw-imprint"})
    for variant in ("n", "m"):
        shown = [row for row in rows if variant == "m" or row[0] != "gw-to"]
        for index, row in enumerate(shown):
            after_to = index and row[0] == "gw-cc" and shown[index - 1][0] == "gw-to"
            top = "thick" if index == 0 else ("none" if after_to else "thin")
            row.append(f"{variant}-top-{top}")
            if index == len(shown) - 1:
                row.append(f"{variant}-bottom")
    for kind, label, names, *classes in rows:
        p = E(block, "p", {"class": " ".join([kind, *classes])})
        if kind == "gw-printed":
            E(p, "span", {"class": "gw-printed-by"}).text = parts.printed_by or ""
            E(p, "span", {"class": "gw-print-date"}).text = parts.print_date_text
        else:
            E(p, "span", {"class": "gw-label"}).text = label
            p[-1].tail = names
