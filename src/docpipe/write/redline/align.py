"""Alignment of two versions: blocks first (by their signatures), then tokens inside a pair.

Blocks are matched before characters so that a moved or split paragraph does not turn into a
wall of red: identical blocks are matched first (the longest common subsequence of their
signatures), and in each stretch
between those a small dynamic programme pairs blocks that are similar enough, one with one,
one with several (a split) or several with one (a join). Inside a pair, text is compared by
character in Chinese and by word in Latin script with diff-match-patch, whose semantic clean-up
keeps a rewritten phrase one change instead of confetti of shared characters.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Sequence

#: A Latin word (letters, digits, inner apostrophes) is one token; any other character,
#: Han included, is a token of its own; a run of spaces is one token.
TOKEN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u04ff]+(?:['’][A-Za-z]+)*|\s+|.", re.S)
#: Below this similarity (difflib ratio) two blocks are shown as one deleted, one inserted.
PAIR_THRESHOLD = 0.5
#: Regions larger than this (old × new blocks) are paired in order, not by the programme.
DP_LIMIT = 2500
MAX_SPLIT = 3
#: How far ahead the in-order pairing of a large stretch looks for the next pair
LOOKAHEAD = 6


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass
class Block:
    """One block of a container as the aligner sees it."""

    element: Any
    signature: bytes     # identical signatures: identical blocks
    text: str            # what a reader sees, for similarity
    kind: str            # tag, plus the cell count for table rows: only equal kinds pair
    leaf: bool           # inline content only (its text is diffed), else a container


#: (operation, old blocks, new blocks); operation is "equal", "pair" (similar: diff inside),
#: "delete", "insert", "split" (one old, several new) or "join" (several old, one new)
Step = tuple[str, list[Block], list[Block]]


def align_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[Step]:
    """The steps that turn ``old`` into ``new``, in reading order (deletions first).

    Identical blocks are matched by the longest common subsequence of the signatures (Myers'
    algorithm, diff-match-patch's, as git diff matches lines), not by difflib's longest
    contiguous run first: with a paragraph moved to the end, the run before it would
    otherwise be matched to the moved one and everything between shown as moved."""
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in diff_keys([b.signature for b in old], [b.signature for b in new],
                                         semantic=False):
        if tag == "equal":
            steps.extend(("equal", [o], [n]) for o, n in zip(old[i1:i2], new[j1:j2]))
        elif tag == "delete":
            steps.extend(("delete", [o], []) for o in old[i1:i2])
        elif tag == "insert":
            steps.extend(("insert", [], [n]) for n in new[j1:j2])
        else:
            steps.extend(_pair_region(list(old[i1:i2]), list(new[j1:j2])))
    return steps


def similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_THRESHOLD or matcher.quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _size(block: Block) -> int:
    return max(1, len(block.text))


def _pair_region(old: list[Block], new: list[Block]) -> list[Step]:
    """Pair the blocks of a replaced stretch so that the fewest characters show as changed:
    cost(i, j) is the unmatched characters of old[:i] against new[:j]."""
    n, m = len(old), len(new)
    if n * m > DP_LIMIT:
        return _pair_in_order(old, new)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[Any]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            moves = []
            if i < n:
                moves.append((i + 1, j, _size(old[i]), ("delete", 1, 0)))
            if j < m:
                moves.append((i, j + 1, _size(new[j]), ("insert", 0, 1)))
            if i < n and j < m:
                moves.extend(_pair_moves(old, new, i, j))
            for ti, tj, step_cost, move in moves:
                if here + step_cost < cost[ti][tj]:
                    cost[ti][tj] = here + step_cost
                    back[ti][tj] = (i, j, move)
    steps: list[Step] = []
    i, j = n, m
    while i or j:
        pi, pj, (operation, _, _) = back[i][j]
        steps.append((operation, old[pi:i], new[pj:j]))
        i, j = pi, pj
    steps.reverse()
    return _deletions_first(steps)


def _pair_moves(old: list[Block], new: list[Block], i: int, j: int) -> list[tuple]:
    """Pairing old[i] with new[j], and (for text blocks of one kind) splits and joins."""
    moves = []
    a, b = old[i], new[j]
    if a.kind == b.kind:
        ratio = similarity(a.text, b.text)
        if ratio >= PAIR_THRESHOLD:
            total = _size(a) + _size(b)
            moves.append((i + 1, j + 1, total * (1 - ratio), ("pair", 1, 1)))
    if not (a.leaf and b.leaf):
        return moves
    for k in range(2, MAX_SPLIT + 1):
        # a split: old[i] ≈ new[j] + … + new[j+k-1]; a join the other way round
        for ours, theirs, ti, tj, operation in (
                ([a], new[j:j + k], i + 1, j + k, "split"),
                (old[i:i + k], [b], i + k, j + 1, "join")):
            if len(ours) + len(theirs) != k + 1 or any(
                    x.kind != a.kind or not x.leaf for x in (*ours, *theirs)):
                continue
            left, right = "".join(x.text for x in ours), "".join(x.text for x in theirs)
            ratio = similarity(left, right)
            if ratio >= PAIR_THRESHOLD:
                total = max(1, len(left)) + max(1, len(right))
                # a small premium: a split is chosen only when it explains the text better
                moves.append((ti, tj, total * (1 - ratio) + 2 + 0.02 * total,
                              (operation, 0, 0)))
    return moves


def _pair_in_order(old: list[Block], new: list[Block]) -> list[Step]:
    """A large stretch (say every paragraph of a chapter re-punctuated): walk both sides in
    order, pairing similar blocks; where the next two do not pair, the nearest pair within a
    few blocks ahead is taken and the blocks skipped are deleted or inserted (so one inserted
    paragraph does not shift every pairing after it)."""
    steps: list[Step] = []
    i = j = 0

    def pairs(a: Block, b: Block) -> bool:
        return a.kind == b.kind and similarity(a.text, b.text) >= PAIR_THRESHOLD

    while i < len(old) and j < len(new):
        if pairs(old[i], new[j]):
            steps.append(("pair", [old[i]], [new[j]]))
            i, j = i + 1, j + 1
            continue
        ahead = next(((di, dj) for reach in range(1, LOOKAHEAD + 1)
                      for di, dj in ((0, reach), (reach, 0), (reach, reach))
                      if i + di < len(old) and j + dj < len(new)
                      and pairs(old[i + di], new[j + dj])), (1, 1))
        steps += [("delete", [a], []) for a in old[i:i + ahead[0]]]
        steps += [("insert", [], [b]) for b in new[j:j + ahead[1]]]
        i, j = i + ahead[0], j + ahead[1]
    steps += [("delete", [a], []) for a in old[i:]]
    steps += [("insert", [], [b]) for b in new[j:]]
    return _deletions_first(steps)


def _deletions_first(steps: list[Step]) -> list[Step]:
    """Between two pairs, deleted blocks come before inserted ones (as a reader expects)."""
    out: list[Step] = []
    pending_del: list[Step] = []
    pending_ins: list[Step] = []
    for step in steps:
        if step[0] == "delete":
            pending_del.append(step)
        elif step[0] == "insert":
            pending_ins.append(step)
        else:
            out += pending_del + pending_ins + [step]
            pending_del, pending_ins = [], []
    return out + pending_del + pending_ins


# ---- tokens inside a pair -------------------------------------------------------------------

def diff_keys(old: Sequence[Any], new: Sequence[Any],
              semantic: bool = True) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes (equal/delete/insert/replace) between two sequences of keys
    (tokens, block signatures), computed by diff-match-patch on one character per distinct
    key; ``semantic``: with its clean-up (a rewritten phrase one change, not confetti)."""
    from diff_match_patch import diff_match_patch

    codes: dict[Any, str] = {}

    def encode(keys: Sequence[Any]) -> str:
        chars = []
        for key in keys:
            code = codes.get(key)
            if code is None:
                number = len(codes) + 0x100
                code = codes[key] = chr(number + 0x800 if number >= 0xD800 else number)
            chars.append(code)
        return "".join(chars)

    a, b = encode(old), encode(new)
    engine = diff_match_patch()
    engine.Diff_Timeout = 5.0
    diffs = engine.diff_main(a, b, False)
    if semantic:
        engine.diff_cleanupSemantic(diffs)
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for operation, text in diffs:
        size = len(text)
        if operation == 0:
            opcodes.append(("equal", i, i + size, j, j + size))
            i, j = i + size, j + size
        elif operation < 0:
            opcodes.append(("delete", i, i + size, j, j))
            i += size
        else:
            opcodes.append(("insert", i, i, j, j + size))
            j += size
    return _merge_replacements(opcodes)


def _merge_replacements(opcodes: list) -> list:
    """A deletion next to an insertion is one replacement."""
    out: list = []
    for code in opcodes:
        if out and out[-1][0] != "equal" and code[0] != "equal":
            _, i1, _, j1, _ = out[-1]
            out[-1] = ("replace", i1, code[2], j1, code[4])
        else:
            out.append(code)
    return out
