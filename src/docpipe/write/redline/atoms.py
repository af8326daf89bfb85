"""The tokens of a text block (words, characters, objects, each with the inline elements
around it) and their alignment into merged pieces: "eq", "ins", "del", or "fmt" (the same
text with other emphasis)."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from docpipe.text import cjk
from docpipe.write.redline.align import diff_keys, tokens

#: Inline elements that are emphasis: a change of only these is a formatting change
FLAG_TAGS = frozenset("em strong code del sup sub".split())
SPACES = re.compile(r"[ \t\r\n\f]+")   # not \s: U+3000 and U+00A0 are meant
#: CJK text (cjk.CJK, as the DOCX writer reads it): a line break between two is no space
HAN = re.compile(f"[{cjk.CJK.pattern}]")
OBJECT_CHAR = "\ufffc"


@dataclass(frozen=True)
class Atom:
    """A token of a text block: a word or character, or an object (break, image, note)."""

    key: str
    text: str | None
    chain: tuple          # the inline elements around it: ((tag, attributes), …)
    node: Any = None      # the object's element


def atoms(leaf: Any) -> list[Atom]:
    """The tokens of a text block, with whitespace collapsed as the writers show it."""
    pre = leaf.tag == "pre"
    pieces: list[tuple[Any, tuple]] = []

    def walk(node: Any, chain: tuple) -> None:
        if node.text:
            pieces.append((node.text, chain))
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif _is_object(child):
                pieces.append((child, chain))
            else:
                walk(child, chain + ((child.tag, tuple(sorted(child.attrib.items()))),))
            if child.tail:
                pieces.append((child.tail, chain))

    walk(leaf, ())
    if not pre:
        pieces = _collapse(pieces)
    found: list[Atom] = []
    for value, chain in pieces:
        if isinstance(value, str):
            found.extend(Atom(token, token, chain)
                         for token in tokens(value))
        else:
            found.append(Atom(_object_key(value), None, chain, value))
    return found


def merge_atoms(old: list[Atom], new: list[Atom]) -> list[tuple[str, Atom, Any]]:
    """(kind, atom, old emphasis) in reading order; kind is "eq", "ins", "del" or "fmt"."""
    out: list[tuple[str, Atom, Any]] = []
    for tag, i1, i2, j1, j2 in diff_keys([a.key for a in old], [a.key for a in new]):
        if tag != "equal":
            out += [("del", a, None) for a in old[i1:i2]]
            out += [("ins", a, None) for a in new[j1:j2]]
            continue
        dels: list = []
        ins: list = []
        for a, b in zip(old[i1:i2], new[j1:j2]):
            if a.chain == b.chain:
                kind = "eq"
            elif _plain(a.chain) == _plain(b.chain):
                kind = "fmt"
            else:   # another link target, say: not a formatting change
                dels.append(("del", a, None))
                ins.append(("ins", b, None))
                continue
            out += dels + ins
            dels, ins = [], []
            out.append((kind, b, frozenset(flags(a.chain)) if kind == "fmt" else None))
        out += dels + ins
    return out


def _collapse(pieces: list[tuple[Any, tuple]]) -> list[tuple[Any, tuple]]:
    """Whitespace as a browser (and the DOCX writer's tidy) shows it: a run of spaces is one
    space, none at the block's edges or beside a line break, and a source line break between
    two Chinese characters is nothing."""
    out: list[tuple[Any, tuple]] = []
    previous = ""
    for index, (value, chain) in enumerate(pieces):
        if not isinstance(value, str):
            out.append((value, chain))
            previous = "" if value.tag == "br" else OBJECT_CHAR
            continue
        following = _next_char(pieces, index + 1)

        def space(match: re.Match[str], text: str = value) -> str:
            before = text[match.start() - 1] if match.start() else previous
            after = text[match.end()] if match.end() < len(text) else following
            if not before or before == " " or not after:
                return ""
            if "\n" in match.group() and HAN.match(before) and HAN.match(after):
                return ""
            return " "

        text = SPACES.sub(space, value)
        if text:
            out.append((text, chain))
            previous = text[-1]
    while out and isinstance(out[-1][0], str):
        stripped = out[-1][0].rstrip(" ")
        if stripped:
            out[-1] = (stripped, out[-1][1])
            break
        out.pop()
    return out


def _next_char(pieces: list[tuple[Any, tuple]], start: int) -> str:
    for value, _ in pieces[start:]:
        if not isinstance(value, str):
            return "" if value.tag == "br" else OBJECT_CHAR
        if value:
            return value[0]
    return ""


def _is_object(node: Any) -> bool:
    return (node.tag in ("br", "img")
            or (node.tag == "sup" and node.get("id", "").startswith("fnref"))
            or "footnote-backref" in node.get("class", ""))


def _object_key(node: Any) -> str:
    if node.tag == "img":
        return f"\0img {node.get('src', '')} {node.get('alt', '')}"
    if node.tag == "sup":
        return "\0note"
    return f"\0{node.tag}"


def _plain(chain: tuple) -> tuple:
    return tuple(link for link in chain if link[0] not in FLAG_TAGS)


def flags(chain: tuple) -> set[str]:
    return {link[0] for link in chain if link[0] in FLAG_TAGS}


def cut(pieces: list, parts: list[list[Atom]], consuming: tuple[str, ...]) -> list[list]:
    """Split merged pieces where one of ``parts`` ends (counting the pieces that use up an
    atom of that side); pieces of the other side stay with the part they follow."""
    bounds = []
    total = 0
    for part in parts:
        total += len(part)
        bounds.append(total)
    chunks: list[list] = [[] for _ in parts]
    used = 0
    current = 0
    for piece in pieces:
        if piece[0] in consuming:
            while current < len(parts) - 1 and used >= bounds[current]:
                current += 1
            used += 1
        chunks[current].append(piece)
    return chunks


def append_atoms(parent: Any, found: list[Atom]) -> None:
    """Append atoms to ``parent``, re-creating the inline elements around them."""
    stack: list[tuple[Any, tuple]] = [(parent, ())]
    for atom in found:
        chain = atom.chain
        while chain[:len(stack[-1][1])] != stack[-1][1]:
            stack.pop()
        for depth in range(len(stack[-1][1]), len(chain)):
            tag, attributes = chain[depth]
            stack.append((etree.SubElement(stack[-1][0], tag, dict(attributes)),
                          chain[:depth + 1]))
        target = stack[-1][0]
        if atom.text is not None:
            if len(target):
                target[-1].tail = (target[-1].tail or "") + atom.text
            else:
                target.text = (target.text or "") + atom.text
        else:
            node = copy.deepcopy(atom.node)
            node.tail = None
            target.append(node)
