"""Redline cost: `docpipe diff OLD NEW -f docx` against a normal `docpipe build -f docx` of the
same text, on the 313 KB procuratorate rules with a hundred scattered edits (issue 14's bar:
the diff takes less than twice the build). Runs the two alternately, prints the medians.

Usage: python benchmarks/redline.py [ROUNDS]      (default 5 rounds)
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT.parent / "shared" / "corpus" / "lawrefbook" / "procuratorate-criminal-procedure-rules.md"
sys.path.insert(0, str(ROOT / "tests"))

from redline_helpers import edit_law  # noqa: E402  (the tests' edits: every kind of change)


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1606780800"})
    return time.perf_counter() - started


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    docpipe = [sys.executable, "-m", "docpipe"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        text = RULES.read_text(encoding="utf-8")
        (work / "rules-old.md").write_text(text, encoding="utf-8")
        (work / "rules.md").write_text(edit_law(text, 100), encoding="utf-8")
        build = [*docpipe, "build", str(work / "rules.md"), "-f", "docx", "--force", "-o",
                 str(work / "dist")]
        diff = [*docpipe, "diff", str(work / "rules-old.md"), str(work / "rules.md"), "-f",
                "docx", "-o", str(work / "redline")]
        builds, diffs = [], []
        for _ in range(rounds):
            builds.append(timed(build, ROOT))
            diffs.append(timed(diff, ROOT))
        changes = subprocess.run([*docpipe, "diff", str(work / "rules-old.md"),
                                  str(work / "rules.md"), "-f", "json"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.count('"id":')
    build_s, diff_s = statistics.median(builds), statistics.median(diffs)
    print(f"rules, {changes} changes: build -f docx {build_s:.2f} s, diff -f docx {diff_s:.2f} s"
          f" (median of {rounds}); diff/build = {diff_s / build_s:.2f} (bar: < 2)")


if __name__ == "__main__":
    main()
