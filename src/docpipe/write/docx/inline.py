"""Inline content → Word runs: a flat list of segments, HTML whitespace rules, formatting."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from docpipe import images
from docpipe.read.links import OUTPUT_FRAGMENT, output_href
from docpipe.write import callouts
from docpipe.write.docx import pictures
from docpipe.write.docx import xml
from docpipe.text.cjk import is_cjk_text

#: (kind, value, format); kind is "text", "br", "img" (the <img> element) or "note" (number)
Segment = tuple[str, Any, "Format"]
SPACES = re.compile(r"[ \t\r\n\f]+")   # not \s: U+3000 and U+00A0 are meant
OBJECT = "\ufffc"
FLAGS = {"em": "em", "strong": "strong", "code": "code", "del": "strike", "sup": "sup",
         "sub": "sub"}
EXTERNAL = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Format:
    """The inline formatting in force for a piece of text."""

    em: bool = False
    strong: bool = False
    code: bool = False
    strike: bool = False
    sup: bool = False
    sub: bool = False
    #: ("external", url), ("anchor", bookmark) or ("document", "other.docx#bookmark")
    link: tuple[str, str] | None = None


def has_content(segments: list[Segment]) -> bool:
    return any(kind != "text" or value.strip() for kind, value, _ in segments)


def tidy(segments: list[Segment]) -> list[Segment]:
    """Collapse whitespace the way a browser does, so Word shows what the HTML shows: runs of
    spaces become one, none at the paragraph's edges or around a line break, and a source
    line break between two Chinese characters disappears instead of becoming a space."""
    out: list[Segment] = []
    previous = ""
    for index, (kind, value, fmt) in enumerate(segments):
        if kind != "text":
            out.append((kind, value, fmt))
            previous = "" if kind == "br" else OBJECT
            continue
        following = _next_char(segments, index + 1)

        def space(match: re.Match[str], text: str = value) -> str:
            before = text[match.start() - 1] if match.start() else previous
            after = text[match.end()] if match.end() < len(text) else following
            if not before or before == " " or not after:
                return ""
            if "\n" in match.group() and is_cjk_text(before) and is_cjk_text(after):
                return ""
            return " "

        text = SPACES.sub(space, value)
        if text:
            out.append((kind, text, fmt))
            previous = text[-1]
    return _strip_end(out)


def _next_char(segments: list[Segment], start: int) -> str:
    for kind, value, _ in segments[start:]:
        if kind == "br":
            return ""
        if kind != "text":
            return OBJECT
        if value:
            return value[0]
    return ""


def _strip_end(segments: list[Segment]) -> list[Segment]:
    """Drop trailing blanks (and the no-break space Python-Markdown puts before a backlink)."""
    while segments and segments[-1][0] == "text":
        kind, value, fmt = segments[-1]
        stripped = value.rstrip(" \u00a0")
        if stripped:
            segments[-1] = (kind, stripped, fmt)
            break
        segments.pop()
    return segments


class InlineWriter:
    """Runs for inline content; the block writer supplies ids, theme, bookmarks and _note."""

    ids: dict[str, str]
    theme: Any
    document: Any
    word: Any
    chinese: bool
    bookmarks: dict[str, str]

    def _note(self, run: Run, number: str) -> None:
        raise NotImplementedError

    def _picture_room(self) -> float | None:
        """The width (pt) a picture may take where it is now; None: the text block's."""
        return None

    def segments(self, element: Any) -> list[Segment]:
        found: list[Segment] = [("text", element.text, Format())] if element.text else []
        for child in element:
            self.collect(child, Format(), found)
        return found

    def collect(self, node: Any, fmt: Format, out: list[Segment]) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            out.append(("br", None, fmt))
        elif tag == "img":
            out.append(("img", node, fmt))
        elif tag == "input":
            out.append(("text", callouts.task_box(node) or "", fmt))
        elif tag == "sup" and node.get("id", "").startswith("fnref"):
            link = node.find("a")
            out.append(("note", (link.get("href", "") if link is not None else "")[4:], fmt))
        elif tag and "footnote-backref" not in node.get("class", ""):
            inner = replace(fmt, **{FLAGS[tag]: True}) if tag in FLAGS else fmt
            if tag == "a":
                other = output_href(node, "docx", fragment=False)
                fragment = node.get(OUTPUT_FRAGMENT)
                if other and fragment:
                    other += "#" + bookmark_name(fragment)
                inner = replace(inner, link=("document", other) if other else
                                self._link(node.get("href", "")))
            if node.text:
                out.append(("text", node.text, inner))
            for child in node:
                self.collect(child, inner, out)
        if node.tail:
            out.append(("text", node.tail, fmt))

    def _link(self, href: str) -> tuple[str, str] | None:
        if href.startswith(EXTERNAL):
            return ("external", href)
        if href.startswith("#") and href[1:] in self.bookmarks:
            return ("anchor", self.bookmarks[href[1:]])
        return None     # relative paths lead nowhere once the file leaves the project

    def emit(self, paragraph: Paragraph, segments: list[Segment]) -> None:
        link: Any = None
        holder = paragraph._p
        for kind, value, fmt in tidy(segments):
            if fmt.link != link:
                link, holder = fmt.link, self._hyperlink(paragraph, fmt.link)
            run = Run(OxmlElement("w:r"), paragraph)
            self._place(holder, run, fmt)
            if kind == "text":
                xml.set_new_run_text(run, value)
                if fmt.code and "-" in value:
                    _no_break_hyphens(run)
                self._format(run, fmt, value)
            elif kind == "br":
                run.add_break()
            elif kind == "img":
                self._picture(paragraph, run, value)
            elif kind == "note":
                self._note(run, value)
            self._filled(run, fmt)

    def _place(self, holder: Any, run: Run, fmt: Format) -> None:
        """Put a new run into its paragraph or hyperlink (a redline puts it in its revision)."""
        holder.append(run._r)

    def _filled(self, run: Run, fmt: Format) -> None:
        """A run's content is written (a redline turns a deleted run's text into w:delText)."""

    def _hyperlink(self, paragraph: Paragraph, link: tuple[str, str] | None) -> Any:
        if link is None:
            return paragraph._p
        kind, target = link
        if kind == "external":
            r_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
            return xml.new_hyperlink(paragraph._p, r_id=r_id)
        if kind == "document":   # another output of the build, at a bookmark of it
            file, _, bookmark = target.partition("#")
            r_id = paragraph.part.relate_to(file, RT.HYPERLINK, is_external=True)
            return xml.new_hyperlink(paragraph._p, r_id=r_id, anchor=bookmark or None)
        return xml.new_hyperlink(paragraph._p, anchor=target)

    def _format(self, run: Run, fmt: Format, text: str) -> None:
        rpr = run._r.get_or_add_rPr()
        style = ("Code" if fmt.code else "Hyperlink" if fmt.link else "Strong" if fmt.strong
                 else "Emphasis" if fmt.em else None)
        if style:
            rpr.style = self.ids[style]
        if fmt.strong and style != "Strong":
            run.font.bold = True
        if fmt.em and style != "Emphasis":   # Kai, never italic: Chinese has no italics
            role = self.theme.font(self.theme.roles.emphasis)
            xml.set_fonts(rpr, role.word, role.word_latin)
        if fmt.strike:
            run.font.strike = True
        if fmt.sup or fmt.sub:
            run.font.superscript, run.font.subscript = fmt.sup, fmt.sub
        if xml.needs_east_asian_hint(text, self.chinese):
            xml.add_east_asian_hint(rpr)
        if not len(rpr):
            run._r.remove(rpr)

    def _picture(self, paragraph: Paragraph, run: Run, img: Any) -> None:
        image = self.document.images.get(img.get("src", ""))
        alt = img.get("alt") or ""
        if image is None or not hasattr(run.part, "new_pic_inline"):
            run.text = alt
            return
        requested = images.requested_width(images.inspect(image.path), img.get("width"),
                                           img.get("height"))
        shape = pictures.add_picture(run, image.path, self.word.sections[0], requested,
                                     self._picture_room())
        xml.add_picture_description(shape._inline, alt)
        if self.theme.line_pitch:   # an exact line pitch would crop the picture
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def bookmark_names(body: Any) -> dict[str, str]:
    """id → Word bookmark name, for every heading (another document of the build may link to
    it: ``other.md#id``) and every id an internal link points at."""
    targets = {a.get("href", "")[1:] for a in body.iter("a")
               if a.get("href", "").startswith("#") and "footnote" not in a.get("class", "")}
    targets |= {h.get("id") for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")
                if h.get("id")}
    names: dict[str, str] = {}
    for element in body.iter():
        target = element.get("id") if isinstance(element.tag, str) else None
        if target in targets and target not in names:
            names[target] = bookmark_name(target)
    return names


def bookmark_name(target: str) -> str:
    """The Word bookmark of the element with id ``target``: the id itself where Word allows
    it (≤40 letters, digits or underscores, a letter first; - becomes _), else a hidden name
    made from it, the same in every document (so links between documents find it)."""
    import hashlib

    plain = target.replace("-", "_")
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", plain):
        return plain
    return "_dp" + hashlib.sha1(target.encode("utf-8")).hexdigest()[:16]


def _no_break_hyphens(run: Run) -> None:
    """Inline code's hyphens as Word's non-breaking hyphen (``w:noBreakHyphen``), so Word never
    sets ``find . -`` / ``iname``; Word and python-docx read it back as "-"."""
    for text in run._r.findall(qn("w:t")):
        if "-" not in (text.text or ""):
            continue
        pieces = text.text.split("-")
        text.text = pieces[0]
        anchor = text
        for piece in pieces[1:]:
            hyphen = OxmlElement("w:noBreakHyphen")
            anchor.addnext(hyphen)
            anchor = hyphen
            if piece:
                following = OxmlElement("w:t")
                following.text = piece
                following.set(qn("xml:space"), "preserve")
                anchor.addnext(following)
                anchor = following
        if not pieces[0]:
            run._r.remove(text)
        else:
            text.set(qn("xml:space"), "preserve")

