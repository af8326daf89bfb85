"""Two docpipe checkouts on the same inputs, runs alternating: is the change slower?

    python benchmarks/ab.py OLD_CLONE NEW_CLONE [--runs N]

OLD_CLONE and NEW_CLONE are two set-up clones (each with its .venv, `make setup`); each builds
its own source/article.md with its own styles, and the corpus's 313 KB rules. Each round builds every input with both, old then new then new then old (ABBA), so a
drift in the machine's load falls on both alike; the figure is the median wall time of the
whole command, process start-up included. Prints a Markdown table with new ÷ old.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {"article": Path("source/article.md"),
          "procuratorate rules (313 KB)":
              CORPUS / "lawrefbook" / "procuratorate-criminal-procedure-rules.md"}
CASES = [("docx+pdf+epub", ()), ("docx", ("-f", "docx")), ("pdf", ("-f", "pdf")),
         ("epub", ("-f", "epub"))]


def timed(command: list[str], clone: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=clone,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for label, source in INPUTS.items():
            for case, flags in [*CASES, ("no-op", None)]:
                times = {"old": [], "new": []}
                for _ in range(args.runs):
                    for which in ("old", "new", "new", "old"):
                        out = Path(work) / which
                        clone = Path(getattr(args, which)).resolve()
                        command = [str(clone / ".venv" / "bin" / "docpipe"), "build",
                                   str(source), "-o", str(out)]
                        if flags is None:  # outputs current: build once, then time the no-op
                            timed(command, clone)
                            times[which].append(timed(command, clone))
                        else:
                            times[which].append(timed([*command, "--force", *flags], clone))
                old, new = (statistics.median(times[w]) for w in ("old", "new"))
                rows.append(f"| {label} | {case} | {old:.2f} | {new:.2f} | {new / old:.2f}× |")
                print(rows[-1], flush=True)
    print("\n| input | formats | old s | new s | new ÷ old |\n|---|---|--:|--:|--:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
