"""docpipe vs pandoc on the same Markdown, side by side: time, peak memory, sizes, pages.

    .venv/bin/python benchmarks/run.py [--runs N] [--quick] [--formats pdf,epub,docx] [--no-big]

For every input, each round runs (in this order, so the tools alternate):
  1. docpipe: one ``docpipe build IN -o DIR --force`` producing all formats in one process;
  2. pandoc: one invocation per format, run one after another (PDF via --pdf-engine=weasyprint);
  3. docpipe ``--jobs 2`` (same as 1, two worker processes);
  4. docpipe no-op: ``docpipe build IN -o DIR`` again without --force (every output current).
Times are wall-clock seconds of the whole step, process start-up included; the figure is the
median over the rounds. Peak memory is the largest resident set of any process of the step
(getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh wrapper process per measurement, see
_measure.py), i.e. not the sum of processes alive at once.

The Markdown table is printed and written to benchmarks/results.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = Path(sys.executable).parent
DOCPIPE = VENV_BIN / "docpipe"
ARTICLE = ROOT / "source" / "article.md"
LAW = Path("/work/shared/corpus/lawrefbook/procuratorate-criminal-procedure-rules.md")
ALL_FORMATS = ("docx", "pdf", "epub")
BIG_TIMEOUT = 1200
ENV = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
       # both tools see the same date, and docpipe does not shell out to git for it
       "SOURCE_DATE_EPOCH": "1700000000"}


# ---------------------------------------------------------------------------------------- inputs

def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter block including its --- lines, body); ('', text) when there is none."""
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    return (match.group(0), text[match.end():]) if match else ("", text)


def repeated(text: str, times: int) -> str:
    """The body ``times`` over under one front matter."""
    front, body = split_front_matter(text)
    return front + "\n\n".join([body.strip("\n")] * times) + "\n"


def prepare_inputs(work: Path) -> list[tuple[str, Path]]:
    src = work / "src"
    src.mkdir()
    article = ARTICLE.read_text(encoding="utf-8")
    inputs = []
    for label, name, text in [("article (1×)", "article.md", article),
                              ("article 4×", "article-x4.md", repeated(article, 4)),
                              ("article 16×", "article-x16.md", repeated(article, 16))]:
        (src / name).write_text(text, encoding="utf-8")
        inputs.append((label, src / name))
    if LAW.is_file():
        law = src / "procuratorate-rules.md"
        shutil.copyfile(LAW, law)          # the corpus is read-only: work on a copy
        law.chmod(0o644)
        inputs.append(("procuratorate rules (313 KB)", law))
    else:
        print(f"warning: {LAW} not found, skipping it", file=sys.stderr)
    return inputs


# ------------------------------------------------------------------------------------- measuring

def measure(cmds: list[list[str]], timeout: float | None = None) -> dict:
    """Run ``cmds`` in a fresh wrapper process; its JSON report (see _measure.py)."""
    spec = {"cmds": [[str(a) for a in c] for c in cmds], "cwd": str(ROOT), "env": ENV,
            "timeout": timeout}
    out = subprocess.run([sys.executable, str(HERE / "_measure.py"), json.dumps(spec)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def check(report: dict, what: str) -> dict:
    if any(report["rc"]):
        sys.exit(f"benchmark step failed: {what}\nexit codes {report['rc']}\n"
                 f"stderr: {report['stderr'][-1].strip()}\n(if a docpipe format is not ready "
                 "yet, try --formats pdf)")
    return report


def docpipe_cmd(source: Path, out: Path, formats: tuple[str, ...], *, force: bool = True,
                jobs: int = 1) -> list[str]:
    cmd = [DOCPIPE, "build", source, "-o", out]
    for fmt in formats:
        cmd += ["-f", fmt]
    if force:
        cmd.append("--force")
    if jobs > 1:
        cmd += ["--jobs", str(jobs)]
    return cmd


def pandoc_cmds(pandoc: str, source: Path, out: Path, formats: tuple[str, ...]) -> list[list]:
    cmds = []
    for fmt in formats:
        cmd = [pandoc, source, "-o", out / f"{source.stem}.{fmt}"]
        if fmt == "pdf":
            cmd.append("--pdf-engine=weasyprint")
        cmds.append(cmd)
    return cmds


BUILT = re.compile(r"^built\s+(\S+)\s+\d+ KB\s+([\d.]+) s$", re.M)


def docpipe_per_format(stdout: str) -> dict[str, float]:
    """docpipe's own per-output seconds from its progress lines (render time inside the build)."""
    return {Path(path).suffix[1:]: float(sec) for path, sec in BUILT.findall(stdout)}


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except Exception:   # noqa: BLE001 - a missing or unreadable PDF: no page count
        return None


def sizes(folder: Path, stem: str, formats: tuple[str, ...]) -> dict[str, int | None]:
    return {fmt: ((folder / f"{stem}.{fmt}").stat().st_size
                  if (folder / f"{stem}.{fmt}").is_file() else None) for fmt in formats}


def bench_input(label: str, source: Path, work: Path, pandoc: str, formats: tuple[str, ...],
                runs: int) -> dict:
    dirs = {k: work / f"{source.stem}-{k}" for k in ("dp1", "dp2", "pd")}
    for folder in dirs.values():
        folder.mkdir()
    rows: dict[str, list[dict]] = {"dp1": [], "pd": [], "dp2": [], "noop": []}
    for i in range(runs):
        print(f"  {label}: round {i + 1}/{runs}", file=sys.stderr, flush=True)
        rows["dp1"].append(check(measure([docpipe_cmd(source, dirs["dp1"], formats)]),
                                 f"docpipe {source.name}"))
        rows["pd"].append(check(measure(pandoc_cmds(pandoc, source, dirs["pd"], formats)),
                                f"pandoc {source.name}"))
        rows["dp2"].append(check(measure([docpipe_cmd(source, dirs["dp2"], formats, jobs=2)]),
                                 f"docpipe --jobs 2 {source.name}"))
        noop = check(measure([docpipe_cmd(source, dirs["dp2"], formats, force=False)]),
                     f"docpipe no-op {source.name}")
        if "built " in noop["stdout"][0]:
            sys.exit(f"the no-op build rebuilt something:\n{noop['stdout'][0]}")
        rows["noop"].append(noop)
    result = {"label": label, "source_kb": source.stat().st_size / 1024, "runs": runs}
    for key, reports in rows.items():
        result[key] = {"wall": [r["wall"] for r in reports],
                       "cpu": [r["cpu"] for r in reports],
                       "peak_mib": [r["maxrss_kb"] / 1024 for r in reports]}
    result["dp_per_format"] = {fmt: statistics.median(
        docpipe_per_format(r["stdout"][0]).get(fmt, float("nan")) for r in rows["dp1"])
        for fmt in formats}
    result["pd_per_format"] = {fmt: statistics.median(r["each"][j] for r in rows["pd"])
                               for j, fmt in enumerate(formats)}
    result["dp_sizes"] = sizes(dirs["dp1"], source.stem, formats)
    result["pd_sizes"] = sizes(dirs["pd"], source.stem, formats)
    result["dp_pages"] = pdf_pages(dirs["dp1"] / f"{source.stem}.pdf")
    result["pd_pages"] = pdf_pages(dirs["pd"] / f"{source.stem}.pdf")
    return result


def bench_big(work: Path, formats: tuple[str, ...]) -> dict:
    """The 313 KB rules ×10 (~3 MB of Chinese), docpipe only, once, under a time limit."""
    text = LAW.read_text(encoding="utf-8")
    source = work / "src" / "procuratorate-rules-x10.md"
    source.write_text(repeated(text, 10), encoding="utf-8")
    out = work / "big-dp"
    out.mkdir()
    print(f"  10× rules ({source.stat().st_size / 1e6:.1f} MB): one docpipe build, "
          f"timeout {BIG_TIMEOUT} s", file=sys.stderr, flush=True)
    report = measure([docpipe_cmd(source, out, formats)], timeout=BIG_TIMEOUT)
    return {"source_mb": source.stat().st_size / 1e6, "wall": report["wall"], "cpu": report["cpu"],
            "peak_mib": report["maxrss_kb"] / 1024, "rc": report["rc"][0],
            "stderr": report["stderr"][0].strip().splitlines()[-1:] if report["rc"][0] else [],
            "per_format": docpipe_per_format(report["stdout"][0]),
            "sizes": sizes(out, source.stem, formats),
            "pages": pdf_pages(out / f"{source.stem}.pdf")}


# ------------------------------------------------------------------------------------- reporting

def med(values: list[float]) -> float:
    return statistics.median(values)


def kb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1024:,.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def machine() -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {mem} RAM, {platform.system()} {platform.release()}"


def versions(pandoc: str) -> str:
    from importlib.metadata import version
    pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True,
                                    text=True).stdout.split("\n")[0]
    return (f"docpipe {version('docpipe')}, {pandoc_version}, WeasyPrint {version('weasyprint')}, "
            f"Python {platform.python_version()}")


def code_state() -> str:
    """Where the docpipe being measured lives, HEAD, and a digest of its sources on disk."""
    import hashlib
    import importlib.util
    spec = importlib.util.find_spec("docpipe")    # honours PYTHONPATH, like the docpipe command
    package = Path(spec.origin).parent if spec and spec.origin else ROOT / "src" / "docpipe"
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip() or "?"
    where = "" if package == ROOT / "src" / "docpipe" else f" from {package}"
    return f"{where.strip() or 'src/docpipe'} (repository HEAD {head}), digest {digest.hexdigest()[:12]}"


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def report(results: list[dict], big: dict | None, formats: tuple[str, ...], runs: int,
           pandoc: str, load_before: str, code_before: str) -> str:
    fset = "+".join(formats)
    out = ["# docpipe vs pandoc: benchmark results", "",
           f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')} · {machine()}  ",
           f"{versions(pandoc)}  ",
           f"docpipe code: {code_before}"
           + ("  " if code_state().split()[-1] == code_before.split()[-1] else
              f" at the start, **{code_state()} at the end: the code changed during the run**  "),
           f"Load average (1/5/15 min) before the run {load_before}, after {load()}: other "
           "work on the machine inflates wall times, hence medians, alternation and the CPU "
           "table.  ",
           f"Median of {runs} alternating run{'s' if runs != 1 else ''} per figure. Ratio = "
           "docpipe ÷ pandoc (below 1× docpipe is faster or smaller). Times are wall-clock "
           "seconds including process start-up; peak = largest resident set of any one process "
           "(MiB). docpipe: one `docpipe build --force` for all formats; pandoc: one invocation "
           "per format, run one after another (PDF with `--pdf-engine=weasyprint`).", "",
           "## Time and peak memory", "",
           "| input | format set | docpipe s | pandoc s | ratio | docpipe peak MiB "
           "| pandoc peak MiB | ratio |",
           "|---|---|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        pd_t, pd_m = med(r["pd"]["wall"]), med(r["pd"]["peak_mib"])
        for key, name in (("dp1", fset), ("dp2", f"{fset}, docpipe --jobs 2")):
            t, m = med(r[key]["wall"]), med(r[key]["peak_mib"])
            out.append(f"| {r['label']} | {name} | {t:.2f} | {pd_t:.2f} | {ratio(t, pd_t)} "
                       f"| {m:.0f} | {pd_m:.0f} | {ratio(m, pd_m)} |")
    out += ["", "## CPU time (user + system, all processes of the step; median s)", "",
            "Less sensitive than wall time to other load on the machine; with --jobs 2 it "
            "counts both workers.", "",
            "| input | format set | docpipe CPU s | pandoc CPU s | ratio |", "|---|---|--:|--:|--:|"]
    for r in results:
        pd_c = med(r["pd"]["cpu"])
        for key, name in (("dp1", fset), ("dp2", f"{fset}, docpipe --jobs 2")):
            c = med(r[key]["cpu"])
            out.append(f"| {r['label']} | {name} | {c:.2f} | {pd_c:.2f} | {ratio(c, pd_c)} |")
    out += ["", "## No-op build (docpipe, outputs current, no --force)", "",
            "| input | docpipe no-op s | peak MiB | vs forced build |", "|---|--:|--:|--:|"]
    for r in results:
        t = med(r["noop"]["wall"])
        out.append(f"| {r['label']} | {t:.2f} | {med(r['noop']['peak_mib']):.0f} "
                   f"| {ratio(t, med(r['dp1']['wall']))} |")
    out += ["", "## Per format (median s)", "",
            "docpipe: the seconds its progress line reports for each output (inside one process: "
            "the first format built also pays for parsing and its imports); pandoc: wall time of "
            "each invocation.", "",
            "| input | " + " | ".join(f"docpipe {f}" for f in formats) + " | "
            + " | ".join(f"pandoc {f}" for f in formats) + " |",
            "|---|" + "--:|" * (2 * len(formats))]
    for r in results:
        out.append(f"| {r['label']} | "
                   + " | ".join(f"{r['dp_per_format'][f]:.2f}" for f in formats) + " | "
                   + " | ".join(f"{r['pd_per_format'][f]:.2f}" for f in formats) + " |")
    out += ["", "## Output sizes (KB)", "",
            "| input | " + " | ".join(f"docpipe {f.upper()}" for f in formats) + " | "
            + " | ".join(f"pandoc {f.upper()}" for f in formats) + " | " +
            " | ".join(f"ratio {f.upper()}" for f in formats) + " |",
            "|---|" + "--:|" * (3 * len(formats))]
    for r in results:
        dps, pds = r["dp_sizes"], r["pd_sizes"]
        out.append(f"| {r['label']} | " + " | ".join(kb(dps[f]) for f in formats) + " | "
                   + " | ".join(kb(pds[f]) for f in formats) + " | "
                   + " | ".join(ratio(dps[f] or 0, pds[f] or 0) for f in formats) + " |")
    if "pdf" in formats:
        out += linearity(results, fset)
    if big is not None:
        out += ["", "## 313 KB rules ×10, docpipe only, one build", ""]
        if big["rc"] == 0:
            pf = ", ".join(f"{f} {s:.0f} s" for f, s in big["per_format"].items())
            sz = ", ".join(f"{f.upper()} {kb(s)} KB" for f, s in big["sizes"].items())
            out.append(f"{big['source_mb']:.1f} MB source, {fset}: **{big['wall']:.0f} s** "
                       f"({big['cpu']:.0f} s CPU), "
                       f"peak **{big['peak_mib']:,.0f} MiB**; {big['pages']} PDF pages; "
                       f"per format: {pf}; sizes: {sz}.")
        else:
            why = "timed out" if big["rc"] == 124 else f"failed (exit {big['rc']})"
            out.append(f"{big['source_mb']:.1f} MB source, {fset}: {why} after "
                       f"{big['wall']:.0f} s; peak so far {big['peak_mib']:,.0f} MiB. "
                       f"{' '.join(big['stderr'])}")
    out += ["", "## All runs (s / MiB)", "",
            "| input | step | wall seconds | CPU seconds | peak MiB |", "|---|---|---|---|---|"]
    names = {"dp1": "docpipe", "pd": "pandoc", "dp2": "docpipe --jobs 2", "noop": "docpipe no-op"}
    for r in results:
        for key, name in names.items():
            out.append(f"| {r['label']} | {name} | "
                       + " ".join(f"{v:.2f}" for v in r[key]["wall"]) + " | "
                       + " ".join(f"{v:.2f}" for v in r[key]["cpu"]) + " | "
                       + " ".join(f"{v:.0f}" for v in r[key]["peak_mib"]) + " |")
    return "\n".join(out) + "\n"


def linearity(results: list[dict], fset: str) -> list[str]:
    out = ["", f"## Linearity: per formatted page ({fset}; pages = each tool's own PDF)", "",
           "| input | source KB | docpipe pages | docpipe s/page | docpipe MiB/page "
           "| pandoc pages | pandoc s/page | pandoc MiB/page |",
           "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        dpp, pdp = r["dp_pages"] or 0, r["pd_pages"] or 0
        t, m = med(r["dp1"]["wall"]), med(r["dp1"]["peak_mib"])
        pt, pm = med(r["pd"]["wall"]), med(r["pd"]["peak_mib"])
        out.append(f"| {r['label']} | {r['source_kb']:.0f} | {dpp} | "
                   f"{t / dpp if dpp else 0:.3f} | {m / dpp if dpp else 0:.1f} | {pdp} | "
                   f"{pt / pdp if pdp else 0:.3f} | {pm / pdp if pdp else 0:.1f} |")
    first = next((r for r in results if r["label"].startswith("article (1")), None)
    last = next((r for r in results if r["label"].startswith("article 16")), None)
    if first and last and first["dp_pages"] and last["dp_pages"] and first["pd_pages"] \
            and last["pd_pages"]:
        def slope(key: str, pages: str, what: str) -> float:
            return ((med(last[key][what]) - med(first[key][what]))
                    / (last[pages] - first[pages]))
        out += ["", "Marginal cost per extra page, article 1× → 16×: docpipe "
                f"{slope('dp1', 'dp_pages', 'wall'):.3f} s/page and "
                f"{slope('dp1', 'dp_pages', 'peak_mib'):.2f} MiB/page; pandoc "
                f"{slope('pd', 'pd_pages', 'wall'):.3f} s/page and "
                f"{slope('pd', 'pd_pages', 'peak_mib'):.2f} MiB/page."]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds per input (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke check: 1 round, article 1× and 4× only, no 10× build")
    parser.add_argument("--formats", default=",".join(ALL_FORMATS),
                        help="comma-separated subset of docx,pdf,epub (default: all three)")
    parser.add_argument("--no-big", action="store_true",
                        help="skip the one-off docpipe build of the 313 KB rules ×10")
    parser.add_argument("--output", type=Path, default=HERE / "results.md",
                        help="where to write the Markdown (default benchmarks/results.md)")
    args = parser.parse_args()
    formats = tuple(f for f in ALL_FORMATS if f in args.formats.split(","))
    if not formats:
        parser.error("--formats names none of docx, pdf, epub")
    runs = 1 if args.quick else args.runs
    try:
        import pypandoc
        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        sys.exit(f"pandoc not available ({exc}); install the bench extra: "
                 ".venv/bin/python -m pip install -e '.[bench]'  (or run `make bench`)")
    with tempfile.TemporaryDirectory(prefix="docpipe-bench-") as tmp:
        work = Path(tmp)
        load_before, code_before = load(), code_state()
        inputs = prepare_inputs(work)
        if args.quick:
            inputs = inputs[:2]
        results = [bench_input(label, source, work, pandoc, formats, runs)
                   for label, source in inputs]
        big = None if (args.quick or args.no_big or not LAW.is_file()) else bench_big(work, formats)
        text = report(results, big, formats, runs, pandoc, load_before, code_before)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"(written to {args.output})", file=sys.stderr)


if __name__ == "__main__":
    main()
