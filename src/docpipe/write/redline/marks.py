"""Two Documents → one body tree marked with their differences, and the list of changes.

The marked tree is the new version's tree with the old version's deleted content put back
where it was, in this markup (what the DOCX and PDF writers read):

``<ins data-rev="N">`` / ``<del data-rev="N">``
    text inserted / deleted. (A ``<del>`` without ``data-rev`` is the document's own
    strike-through.)
``<span data-rev="N" data-old="strong em">``
    the same text with other emphasis; ``data-old`` lists the emphasis it had before.
``data-rev-block="ins|del"`` and ``data-rev="N"`` on a block
    the whole paragraph, heading, list item, table row, table … inserted or deleted.
``data-rev-mark="ins|del"`` and ``data-rev="N"`` on a text block
    its paragraph mark inserted (the block was split from the next one) or deleted (the
    block was joined with the next one).

N numbers the changes in reading order; ``Change.id`` is the same number.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from docpipe.model.document import BLOCK_TAGS, Document, text_of
from docpipe.write.redline.align import Block, align_blocks
from docpipe.write.redline.atoms import Atom, append_atoms, atoms, cut, flags, merge_atoms
from docpipe.write.redline.changes import Change

RUN = "rl-run"   # loose inline content between blocks, wrapped while the versions are aligned
#: Blocks shorter than this are not called moved when their text reappears elsewhere
MIN_MOVED = 8
SCOPES = {"p": "paragraph", RUN: "paragraph", "li": "list item", "tr": "table row",
          "table": "table", "pre": "code block", "blockquote": "quotation", "dt": "term",
          "dd": "definition", "figure": "figure", "figcaption": "caption", "hr": "rule",
          "ul": "list", "ol": "list", "td": "table cell", "th": "table cell"}


@dataclass
class Redline:
    """The marked body, the changes, and the title parts that changed (marked ``<p>``s)."""

    body: Any
    changes: list[Change]
    title: Any = None
    subtitle: Any = None
    credits: Any = None
    old: Document | None = None
    new: Document | None = None
    #: change id → (old, new) text of the block it is in, to find its line in the sources
    contexts: dict[int, tuple[str, str]] = field(default_factory=dict)


def compare(old: Document, new: Document, title_chars: int | None = None) -> Redline:
    """Align ``old`` with ``new`` and return the marked tree of ``new`` with ``old`` put back."""
    merger = _Merger()
    title = merger.text_parts(_title_lines(old.meta.title, title_chars),
                              _title_lines(new.meta.title, title_chars), "title")
    subtitle = merger.text_parts([old.meta.subtitle or ""], [new.meta.subtitle or ""],
                                 "subtitle")
    credits = merger.text_parts([old.meta.credits or ""], [new.meta.credits or ""], "credits")
    body = etree.Element("body")
    merger.children(old.body, new.body, body)
    merger.find_moves()
    for run in list(body.iter(RUN)):
        _unwrap_run(run)
    return Redline(body, merger.changes, title, subtitle, credits, old, new, merger.contexts)


def _title_lines(title: str, per_line: int | None) -> list[str]:
    from docpipe.write.html import balanced_lines

    return balanced_lines(title, per_line) if per_line else [title]


class _Merger:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.headings: list[tuple[int, str]] = []
        self.contexts: dict[int, tuple[str, str]] = {}
        self.wholes: list[tuple[int, Any]] = []   # (change id, element) of whole blocks
        self.context = ("", "")    # the texts of the blocks being compared

    # ---- bookkeeping ----------------------------------------------------------------------

    def change(self, kind: str, scope: str, old: str = "", new: str = "", **extra: Any) -> int:
        where = " › ".join(text for _, text in self.headings)
        number = len(self.changes) + 1
        self.changes.append(Change(number, kind, scope, where, old, new, **extra))
        self.contexts[number] = self.context if scope == "text" or "break" in scope \
            else (old, new)
        return number

    def passed(self, element: Any) -> None:
        """Keep the headings above the current place, for a change's ``where``."""
        if isinstance(element.tag, str) and re.fullmatch(r"h[1-6]", element.tag):
            level = int(element.tag[1])
            self.headings = [h for h in self.headings if h[0] < level]
            self.headings.append((level, text_of(element)))

    # ---- blocks ---------------------------------------------------------------------------

    def children(self, old: Any, new: Any, out: Any) -> None:
        """Fill ``out`` with the aligned, marked children of two containers."""
        old_blocks, new_blocks = blocks(old), blocks(new)
        if new.tag == "tr" and len(old_blocks) == len(new_blocks):
            # cells stay in their columns
            steps = [("equal" if o.signature == n.signature else "pair", [o], [n])
                     for o, n in zip(old_blocks, new_blocks)]
        else:
            steps = align_blocks(old_blocks, new_blocks)
        for operation, olds, news in steps:
            if operation == "equal":
                self.passed(news[0].element)
                out.append(_detached(news[0].element))
            elif operation == "insert":
                out.append(self.whole(news[0].element, "ins"))
            elif operation == "delete":
                out.append(self.whole(olds[0].element, "del"))
            elif operation == "pair":
                out.append(self.pair(olds[0], news[0]))
            elif operation == "split":
                out.extend(self.split(olds[0], news))
            else:
                out.extend(self.join(olds, news[0]))

    def whole(self, element: Any, kind: str) -> Any:
        self.passed(element)
        marked = _detached(element)
        text = " ".join(text_of(element).split())
        number = self.change("insert" if kind == "ins" else "delete", _scope(element.tag),
                             old=text if kind == "del" else "", new=text if kind == "ins" else "")
        marked.set("data-rev-block", kind)
        marked.set("data-rev", str(number))
        self.wholes.append((number, marked))
        return marked

    def pair(self, old: Block, new: Block) -> Any:
        if old.leaf and new.leaf:
            pieces = merge_atoms(atoms(old.element), atoms(new.element))
            self.passed(new.element)
            if all(kind == "eq" for kind, _, _ in pieces):
                return _detached(new.element)   # only spacing differs: the new markup as is
            out = _shell(new.element)
            self.context = (old.text, new.text)
            self.fill(out, pieces)
            return out
        out = _shell(new.element)
        self.children(_as_container(old.element), _as_container(new.element), out)
        return out

    def split(self, old: Block, news: list[Block]) -> list[Any]:
        """One block became several: each but the last ends in an inserted paragraph mark."""
        parts = [atoms(n.element) for n in news]
        self.context = (old.text, news[0].text)
        pieces = merge_atoms(atoms(old.element), [a for part in parts for a in part])
        out = []
        for index, (new, chunk) in enumerate(zip(news, cut(pieces, parts, ("eq", "ins", "fmt")))):
            self.passed(new.element)
            element = _shell(new.element)
            self.fill(element, chunk)
            if index < len(news) - 1:
                element.set("data-rev-mark", "ins")
                element.set("data-rev", str(self.change("insert", "paragraph break")))
            out.append(element)
        return out

    def join(self, olds: list[Block], new: Block) -> list[Any]:
        """Several blocks became one: each but the last ends in a deleted paragraph mark."""
        parts = [atoms(o.element) for o in olds]
        self.context = (olds[0].text, new.text)
        pieces = merge_atoms([a for part in parts for a in part], atoms(new.element))
        self.passed(new.element)
        out = []
        for index, (old, chunk) in enumerate(zip(olds, cut(pieces, parts, ("eq", "del", "fmt")))):
            last = index == len(olds) - 1
            element = _shell(new.element if last else old.element)
            self.fill(element, chunk)
            if not last:
                element.set("data-rev-mark", "del")
                element.set("data-rev", str(self.change("delete", "paragraph break")))
            out.append(element)
        return out

    def find_moves(self) -> None:
        """A deleted block whose text is inserted elsewhere, word for word, was moved: both
        changes name each other (``moved``) and the blocks carry ``data-moved``."""
        deleted: dict[str, list[tuple[int, Any]]] = {}
        for number, element in self.wholes:
            change = self.changes[number - 1]
            if change.kind == "delete" and len(change.old) >= MIN_MOVED:
                deleted.setdefault(change.old, []).append((number, element))
        for number, element in self.wholes:
            change = self.changes[number - 1]
            if change.kind != "insert" or not deleted.get(change.new):
                continue
            partner, old_element = deleted[change.new].pop(0)
            change.moved = partner
            self.changes[partner - 1].moved = number
            element.set("data-moved", "to")
            old_element.set("data-moved", "from")

    # ---- text -----------------------------------------------------------------------------

    def text_parts(self, old_lines: list[str], new_lines: list[str], scope: str) -> Any:
        """A title, subtitle or credits line compared; the marked ``<p>``, or None if equal."""
        if old_lines == new_lines:
            return None
        old, new = lines_element(old_lines), lines_element(new_lines)
        self.headings = [(0, scope)]
        out = etree.Element("p")
        self.fill(out, merge_atoms(atoms(old), atoms(new)))
        self.headings = []
        return out

    def fill(self, out: Any, pieces: list[tuple[str, Atom, Any]]) -> None:
        """Append merged pieces to ``out``: each run of changes one change, in wrappers."""
        index = 0
        while index < len(pieces):
            kind = pieces[index][0]
            if kind == "eq":
                end = index
                while end < len(pieces) and pieces[end][0] == "eq":
                    end += 1
                append_atoms(out, [atom for _, atom, _ in pieces[index:end]])
                index = end
                continue
            group = ("fmt",) if kind == "fmt" else ("ins", "del")
            end = index
            while end < len(pieces) and pieces[end][0] in group:
                end += 1
            chunk = pieces[index:end]
            self._group(out, chunk)
            index = end

    def _group(self, out: Any, chunk: list[tuple[str, Atom, Any]]) -> None:
        old = "".join(a.text or "" for k, a, _ in chunk if k in ("del", "fmt"))
        new = "".join(a.text or "" for k, a, _ in chunk if k in ("ins", "fmt"))
        kinds = {k for k, _, _ in chunk}
        if kinds == {"fmt"}:
            old_flags = chunk[0][2]
            number = self.change("format", "text", old, new, old_format=sorted(old_flags),
                                 new_format=sorted(flags(chunk[0][1].chain)))
        else:
            kind = "replace" if kinds == {"ins", "del"} else (
                "insert" if kinds == {"ins"} else "delete")
            number = self.change(kind, "text", old, new)
        start = 0
        while start < len(chunk):
            kind, _, old_flags = chunk[start]
            end = start
            while end < len(chunk) and chunk[end][0] == kind and chunk[end][2] == old_flags:
                end += 1
            tag = {"ins": "ins", "del": "del", "fmt": "span"}[kind]
            wrapper = etree.SubElement(out, tag, {"data-rev": str(number)})
            if kind == "fmt":
                wrapper.set("data-old", " ".join(sorted(old_flags)))
            append_atoms(wrapper, [atom for _, atom, _ in chunk[start:end]])
            start = end


# ---- blocks of a container ----------------------------------------------------------------


def blocks(container: Any) -> list[Block]:
    """The blocks of a container; loose inline content between them becomes an ``rl-run``."""
    found: list[Block] = []
    run: list[Any] = []

    def flush() -> None:
        if any(isinstance(item, str) and item.strip() or not isinstance(item, str)
               for item in run):
            wrapper = etree.Element(RUN)
            for item in run:
                if isinstance(item, str):
                    if len(wrapper):
                        wrapper[-1].tail = (wrapper[-1].tail or "") + item
                    else:
                        wrapper.text = (wrapper.text or "") + item
                else:
                    wrapper.append(copy.deepcopy(item))
            found.append(_block(wrapper))
        run.clear()

    if container.text:
        run.append(container.text)
    for child in container:
        if not isinstance(child.tag, str):
            if child.tail:
                run.append(child.tail)
        elif child.tag in BLOCK_TAGS:
            flush()
            found.append(_block(child))
            if child.tail:
                run.append(child.tail)
        else:
            run.append(child)   # the copy keeps its tail
    flush()
    return found


def _block(element: Any) -> Block:
    signature = etree.tostring(element, with_tail=False)
    leaf = element.tag == RUN or not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS
                                         for c in element)
    kind = "p" if element.tag == RUN else element.tag
    if kind == "tr":
        kind = f"tr{sum(1 for c in element if c.tag in ('td', 'th'))}"
    return Block(element, b" ".join(signature.split()), text_of(element), kind, leaf)


def _as_container(element: Any) -> Any:
    """A text block as a container holding its text as one run (to pair it with a container)."""
    if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element):
        return element
    holder = _shell(element)
    run = etree.SubElement(holder, RUN)
    run.text = element.text
    for child in element:
        run.append(copy.deepcopy(child))
    return holder


def _shell(element: Any) -> Any:
    """A new element with the tag and attributes of ``element``, and nothing in it."""
    return etree.Element(element.tag, dict(element.attrib))


def _detached(element: Any) -> Any:
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def lines_element(lines: list[str]) -> Any:
    """A ``<p>`` of ``lines`` joined by ``<br>`` (a title or credits line as marked text)."""
    element = etree.Element("p")
    element.text = lines[0]
    for line in lines[1:]:
        etree.SubElement(element, "br").tail = line
    return element


def _scope(tag: str) -> str:
    return "heading" if re.fullmatch(r"h[1-6]", tag) else SCOPES.get(tag, tag)


def _unwrap_run(run: Any) -> None:
    """Put a run's content back into its container; a wholly changed run becomes ins/del."""
    kind = run.get("data-rev-block")
    if kind:
        run.tag = kind
        del run.attrib["data-rev-block"]
        return
    parent = run.getparent()
    index = parent.index(run)
    previous = run.getprevious()
    if run.text:
        if previous is not None:
            previous.tail = (previous.tail or "") + run.text
        else:
            parent.text = (parent.text or "") + run.text
    children = list(run)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if run.tail:
        last = children[-1] if children else previous
        if last is not None:
            last.tail = (last.tail or "") + run.tail
        else:
            parent.text = (parent.text or "") + run.tail
    parent.remove(run)
