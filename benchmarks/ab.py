"""Two docpipe checkouts on the same inputs, runs alternating: is the change slower?

    python benchmarks/ab.py OLD_CLONE NEW_CLONE [--runs N]

OLD_CLONE and NEW_CLONE are two set-up clones (each with its .venv, `make setup`); each builds
its own source/article.md with its own styles, and the corpus's 313 KB rules. Each round builds every input with both, old then new then new then old (ABBA), so a
drift in the machine's load falls on both alike; the figure is the median wall time of the
whole command, process start-up included. Prints a Markdown table with new ÷ old.

``--same-work`` compares the restructuring alone, without the two PDF features that issue 12
added after the old code and that cost its writing time by design (both on by default): each
input gets ``toc: false`` front matter (no contents page; the old code ignores the key), and the
new clone runs with WeasyPrint's ``pdf_tags`` off (the old code wrote untagged PDFs), through
``python -c`` with the same entry point as the ``docpipe`` command.
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
#: the new clone's command under --same-work: the docpipe entry point, PDFs untagged
UNTAGGED = ("import docpipe.write.pdf.writer as w; o = w._pdf_options; "
            "w._pdf_options = lambda wp, v: {**o(wp, v), 'pdf_tags': False}; "
            "from docpipe.cli import entry; entry()")
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
    parser.add_argument("--same-work", action="store_true",
                        help="no contents page in either, untagged PDFs from the new clone")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        inputs = dict(INPUTS)
        if args.same_work:
            for label, source in INPUTS.items():
                text = (Path(args.new) / source).read_text(encoding="utf-8")
                copy = Path(work) / "same-work" / source.name
                copy.parent.mkdir(exist_ok=True)
                copy.write_text(text.replace("---\n", "---\ntoc: false\n", 1)
                                if text.startswith("---\n") else "---\ntoc: false\n---\n" + text,
                                encoding="utf-8")
                inputs[label] = copy
        for label, source in inputs.items():
            for case, flags in [*CASES, ("no-op", None)]:
                times = {"old": [], "new": []}
                for _ in range(args.runs):
                    for which in ("old", "new", "new", "old"):
                        out = Path(work) / which
                        clone = Path(getattr(args, which)).resolve()
                        command = [str(clone / ".venv" / "bin" / "docpipe"), "build",
                                   str(source), "-o", str(out)]
                        if args.same_work and which == "new":
                            command[:1] = [str(clone / ".venv" / "bin" / "python"), "-c",
                                           UNTAGGED]
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
