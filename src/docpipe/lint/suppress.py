"""Which rules run where: [check] select/ignore in docpipe.toml, --select/--ignore on the
command line, and ``<!-- docpipe: disable=rule -->`` comments in the source itself."""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from docpipe.errors import UsageError

#: <!-- docpipe: disable=han-latin-space,mixed-quotes -->  (no "=…": every rule)
DIRECTIVE = re.compile(r"<!--\s*docpipe:\s*(disable-next-line|disable|enable)"
                       r"(?:\s*=\s*([\w\s,-]+?))?\s*-->")


@dataclass(frozen=True)
class RuleChoice:
    """The rules a check runs: all of ``select`` (every rule when empty) but ``ignore``."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def runs(self, rule: str) -> bool:
        if rule == "unreadable":
            return True
        return (not self.select or rule in self.select) and rule not in self.ignore


def rule_choice(select: tuple[str, ...], ignore: tuple[str, ...], known: list[str],
                where: str) -> RuleChoice:
    """A RuleChoice from rule names (commas allowed), each checked against ``known``."""
    def names(values: tuple[str, ...]) -> frozenset[str]:
        found = {name.strip() for value in values for name in value.split(",") if name.strip()}
        for name in found:
            if name not in known:
                near = difflib.get_close_matches(name, known, n=1)
                raise UsageError(f"unknown rule '{name}' in {where}",
                                 fix=f"did you mean {near[0]}?" if near else
                                 "'docpipe check --list-rules' names them")
        return frozenset(found)

    return RuleChoice(select=names(select), ignore=names(ignore))


class Directives:
    """The disable/enable comments of one source, answering "is RULE off on LINE?"."""

    def __init__(self, text: str) -> None:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        #: (line, action, rules or None for all), in file order
        self.marks: list[tuple[int, str, frozenset[str] | None]] = []
        for match in DIRECTIVE.finditer(text):
            line = bisect.bisect_right(starts, match.start())
            rules = (frozenset(r.strip() for r in match.group(2).split(",") if r.strip())
                     if match.group(2) else None)
            self.marks.append((line, match.group(1), rules))

    def off(self, rule: str, line: int) -> bool:
        disabled = False
        for mark_line, action, rules in self.marks:
            if rules is not None and rule not in rules:
                continue
            if action == "disable-next-line":
                if mark_line + 1 == line or mark_line == line:
                    return True
                continue
            if mark_line > line:
                break
            disabled = action == "disable"
        return disabled
