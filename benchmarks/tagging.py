"""What tagging the PDF costs: the 313 KB procuratorate rules (119 pages) laid out and written
with WeasyPrint's pdf_tags off and on, alternately, in one process (parse and prepare once).
Prints each round's CPU and wall seconds and the file size, then the medians.

Usage: python benchmarks/tagging.py [ROUNDS]      (default 4 rounds)
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT.parent / "shared" / "corpus" / "lawrefbook" / "procuratorate-criminal-procedure-rules.md"
sys.path.insert(0, str(ROOT / "src"))

from docpipe.model.theme import load_theme  # noqa: E402
from docpipe.read.parse import parse_file  # noqa: E402
from docpipe.write.pdf import writer  # noqa: E402


def main(rounds: int) -> None:
    theme = load_theme("default", search_from=[ROOT])
    prepared = writer.prepare(parse_file(RULES, style_folder=theme.folder), theme)
    writer.import_weasyprint()
    options = writer._pdf_options
    cpu: dict[bool, list[float]] = {False: [], True: []}
    size: dict[bool, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for number in range(rounds):
            for tags in (False, True):
                writer._pdf_options = lambda wp, variant, tags=tags: {
                    **options(wp, variant), "pdf_tags": tags}
                dest = Path(folder) / f"rules-{tags}.pdf"
                started, wall = time.process_time(), time.perf_counter()
                writer.write(prepared, dest)
                cpu[tags].append(time.process_time() - started)
                size[tags] = dest.stat().st_size
                print(f"round {number + 1} tags={tags}: CPU {cpu[tags][-1]:.2f} s, wall "
                      f"{time.perf_counter() - wall:.2f} s, {size[tags] / 1024:.0f} KB", flush=True)
    plain, tagged = statistics.median(cpu[False]), statistics.median(cpu[True])
    print(f"median CPU: untagged {plain:.2f} s, tagged {tagged:.2f} s ({tagged / plain - 1:+.0%});"
          f" size {size[False] / 1024:.0f} → {size[True] / 1024:.0f} KB"
          f" ({size[True] / size[False] - 1:+.0%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
