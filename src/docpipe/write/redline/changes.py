"""The list of changes a redline shows: for the PDF's summary and ``docpipe diff --format json``."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Change:
    """One revision: its number (the ``rev`` attribute in the marked tree), what kind, where."""

    id: int
    kind: str                 # "insert", "delete", "replace" or "format"
    scope: str                # "text", "paragraph", "heading", "list item", "table row", …
    where: str                # the headings above it, outermost first, joined by " › "
    old: str = ""
    new: str = ""
    old_line: int | None = None   # line in the old source, where found
    new_line: int | None = None
    old_format: list[str] = field(default_factory=list)   # for "format": emphasis before
    new_format: list[str] = field(default_factory=list)
    moved: int | None = None      # a moved block: the id of its deletion/insertion elsewhere


@dataclass
class Version:
    """One side of the comparison, as the summary names it."""

    label: str                # file name, or "path@rev"
    date: str = ""
    revision: str = ""        # git commit (short), when the version came from git
    author: str = ""


def counts(changes: list[Change]) -> dict[str, int]:
    """How many insertions, deletions, replacements and formatting changes; characters in/out."""
    found = {"insert": 0, "delete": 0, "replace": 0, "format": 0}
    for change in changes:
        found[change.kind] += 1
    found["moved"] = sum(1 for c in changes if c.moved and c.kind == "insert")
    found["inserted_chars"] = sum(len(c.new) for c in changes if c.kind in ("insert", "replace"))
    found["deleted_chars"] = sum(len(c.old) for c in changes if c.kind in ("delete", "replace"))
    return found


def to_json(changes: list[Change], old: Version, new: Version) -> str:
    """The machine-readable report: both versions, the counts, every change in order."""
    report = {"old": asdict(old), "new": asdict(new), "counts": counts(changes),
              "changes": [asdict(change) for change in changes]}
    return json.dumps(report, ensure_ascii=False, indent=2)
