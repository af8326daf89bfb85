"""Where docpipe's time goes, per format: imports, parse, layout, font subsetting, writing.

    .venv/bin/python benchmarks/profile.py [--source FILE] [--runs N] [--cprofile]

Every scenario (docx, pdf, epub alone, and all three in one process as `docpipe build` does)
runs in a fresh ``python -X importtime`` process that
  1. imports what that scenario needs (timed; -X importtime splits it by package),
  2. wraps docpipe's and WeasyPrint's phase functions in wall-clock timers (no profiler
     overhead), and
  3. calls ``docpipe.pipeline.build.build(load(Flags(files=(source,), output=tmp, formats=..., force=True, jobs=1)))``
     (serial, so that every phase runs in the one timed process).
Phases are inclusive and nested (indented under their parent); "other" is the parent's time
not covered by a child. Figures are medians over --runs processes (default 3).

A last section, the timeline, runs the real ``docpipe build --force`` (parallel by default)
with timestamps in the parent and in the PDF worker, to show what overlaps with what.
--cprofile adds, per scenario, the top functions of one cProfile run (own time, with the
profiler's overhead, so compare them with each other rather than with the wall-clock table).
"""
from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is named like the standard library's `profile`, which cProfile imports: take the
# script's folder off the module path so that `import cProfile` finds the real one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
MARK = "@@docpipe-profile@@"
ENV = {"SOURCE_DATE_EPOCH": "1700000000"}   # as run.py: no git call for the date

#: What a scenario imports before the build starts: docpipe's modules and the libraries they
#: load lazily inside render functions (so the build phases below contain no import time).
IMPORTS = {
    "common": ["docpipe.cli", "docpipe.pipeline.build", "docpipe.model.theme", "docpipe.read.parse",
               "docpipe.read.dates", "markdown",
               "markdown.extensions.extra", "markdown.extensions.toc",
               "markdown.extensions.sane_lists", "nh3", "lxml.html"],
    "docx": ["docpipe.write.docx.writer"],
    # WeasyPrint as docpipe imports it (docpipe.write.pdf.boot: C declarations pre-parsed, unused
    # fontTools modules deferred)
    "pdf": ["docpipe.write.pdf.writer:import_weasyprint", "docpipe.write.pdf.justify"],
    "epub": ["docpipe.write.epub", "docpipe.write.fonts", "uharfbuzz", "fontTools.ttLib"],
}

#: (module, attribute, label): functions timed inclusively. A dotted attribute is a method on a
#: class. Nesting is recorded as it happens (a stack of active timers), so a function shared by
#: two formats (the HTML tree) shows under each.
PHASES = [
    ("docpipe.model.theme", "theme_of", "theme (theme.toml checked)"),
    ("docpipe.read.parse", "parse_file", "parse (front matter, Markdown, nh3, lxml)"),
    ("docpipe.read.dates", "VersionLookup.result", "build date (git, unless SOURCE_DATE_EPOCH)"),
    ("docpipe.pipeline.build_record", "record", "state file"),
    # DOCX
    ("docpipe.write.docx.writer", "render", "DOCX render"),
    ("docx", "Document", "python-docx template load"),
    ("docpipe.write.docx.writer", "configure_styles", "Word styles"),
    ("docpipe.write.docx.writer", "DocxWriter.write", "body → WordprocessingML"),
    ("docpipe.write.docx.package", "save_deterministic", "write .docx (zip)"),
    # PDF
    ("docpipe.write.pdf.writer", "render", "PDF render"),
    ("docpipe.write.pdf.writer", "prepare", "prepare (HTML tree, font subsets, CSS; no WeasyPrint)"),
    ("docpipe.write.css", "stylesheet", "CSS from theme"),
    ("docpipe.write.pdf.writer", "write", "write (WeasyPrint: layout, justification, PDF)"),
    ("weasyprint", "HTML.__init__", "HTML parse (tinyhtml5)"),
    ("weasyprint", "HTML.render", "layout (WeasyPrint render)"),
    ("weasyprint.text.fonts", "FontConfiguration.add_font_face", "@font-face loading"),
    ("weasyprint.document", "get_all_computed_styles", "CSS cascade"),
    ("weasyprint.document", "build_formatting_structure", "box tree"),
    ("weasyprint.document", "layout_document", "line breaking & pagination"),
    ("docpipe.write.pdf.justify", "apply", "CJK justification"),
    ("weasyprint.document", "Document.write_pdf", "write PDF"),
    ("weasyprint.document", "draw_page", "draw pages"),
    ("weasyprint.pdf", "build_fonts_dictionary", "embed fonts"),
    ("weasyprint.pdf.fonts", "Font.subset", "font subsetting (HarfBuzz)"),
    # EPUB
    ("docpipe.write.epub", "render", "EPUB render"),
    ("docpipe.write.html", "html_tree", "HTML tree from the Document"),
    ("docpipe.write.fonts", "role_texts", "characters per font role"),
    ("docpipe.write.fonts", "locate", "fc-match font lookup"),
    ("docpipe.write.fonts", "subset", "font subsetting (uharfbuzz + WOFF)"),
    ("docpipe.write.html", "to_xhtml", "serialise XHTML"),
    ("docpipe.write.html", "to_html", "serialise HTML"),
    ("docpipe.write.epub", "_write_zip", "write .epub (zip)"),
]

SCENARIOS = {"docx": ("docx",), "pdf": ("pdf",), "epub": ("epub",),
             "all three": ("docx", "pdf", "epub")}


# ------------------------------------------------------------------------------- child process

_STACK: list[str] = []


def _timed(label: str, totals: dict, func):
    """``func`` that adds its wall time to totals["outer label > … > label"].

    A generator (WeasyPrint's layout_document yields pages) is timed while it is iterated.
    """
    def timed_call(call, *args, **kwargs):
        if label in _STACK:            # recursion: the outer call already counts it
            return call(*args, **kwargs)
        _STACK.append(label)
        key = " > ".join(_STACK)
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - started
            _STACK.pop()

    def timed_generator(generator):
        while True:
            try:
                item = timed_call(next, generator)
            except StopIteration as stop:
                return stop.value
            yield item

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = timed_call(func, *args, **kwargs)
        return timed_generator(result) if inspect.isgenerator(result) else result
    return wrapper


def _install(totals: dict) -> None:
    for module_name, attr, label in PHASES:
        module = sys.modules.get(module_name)   # only what the scenario has imported
        if module is None:
            continue
        owner, name = module, attr
        if "." in attr:
            cls_name, name = attr.split(".")
            owner = getattr(module, cls_name, None)
        if owner is None or not hasattr(owner, name):
            continue
        if isinstance(owner, type):
            original = owner.__dict__[name]
            setattr(owner, name, _timed(label, totals, original))
        else:
            setattr(owner, name, _timed(label, totals, getattr(owner, name)))


def child(formats: tuple[str, ...], source: Path, use_cprofile: bool) -> None:
    t_start = time.perf_counter()
    print(f"{MARK} imports", file=sys.stderr, flush=True)
    for name in IMPORTS["common"] + [m for f in formats for m in IMPORTS[f]]:
        module_name, _, function = name.partition(":")
        module = importlib.import_module(module_name)
        if function:
            getattr(module, function)()
    t_imported = time.perf_counter()
    print(f"{MARK} build", file=sys.stderr, flush=True)
    from docpipe.config import Flags, load
    from docpipe.pipeline.build import build

    totals: dict[str, float] = {}
    if not use_cprofile:
        _install(totals)
    with tempfile.TemporaryDirectory() as out:
        if use_cprofile:
            import cProfile
            import io
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
            build(load(Flags(files=(source,), output=Path(out), formats=formats, force=True, jobs=1)))
            profiler.disable()
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream)
            stats.sort_stats("tottime").print_stats(15)
            totals["cprofile"] = stream.getvalue()  # type: ignore[assignment]
        else:
            build(load(Flags(files=(source,), output=Path(out), formats=formats, force=True, jobs=1)))
    t_built = time.perf_counter()
    print(f"{MARK} end", file=sys.stderr, flush=True)
    print(json.dumps({"imports": t_imported - t_start, "build": t_built - t_imported,
                      "phases": totals}))


def timeline_child(source: Path) -> None:
    """``docpipe build SOURCE --force`` as the command runs it, with events timestamped (from
    this process's start) in the parent and in the forked PDF worker."""
    started = time.perf_counter()
    import docpipe.pipeline.build as pipeline
    import docpipe.pipeline.executor as parallel
    from docpipe.write.pdf import writer as pdf

    def mark(event: str) -> None:
        role = "parent" if os.getpid() == parent else "PDF worker"
        print(f"{MARK}event {time.perf_counter() - started:.4f} {role}: {event}",
              file=sys.stderr, flush=True)

    def around(owner, name: str, label) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)   # same qualified name: the pool pickles it by name
        def wrapper(*args, **kwargs):
            text = label(*args) if callable(label) else label
            mark(f"{text} starts")
            try:
                return original(*args, **kwargs)
            finally:
                mark(f"{text} ends")
        setattr(owner, name, wrapper)

    parent = os.getpid()
    around(parallel, "_preload", "import WeasyPrint")
    around(parallel, "write_prepared_pdf", "PDF layout + write")
    around(pdf, "prepare", "PDF prepare")
    around(pipeline, "parse", "parse")
    around(parallel, "write_output", lambda job, *rest: f"{job.fmt.upper()} build")
    from docpipe.cli import main

    with tempfile.TemporaryDirectory() as out:
        args = ["build", str(source), "-o", out, "--force"]
        mark("command starts")
        main(args, standalone_mode=False)
        mark("command ends")


def timeline(source: Path, runs: int) -> list[tuple[str, float]]:
    """Median time of each event over ``runs`` processes, in order."""
    seen: dict[str, list[float]] = {}
    walls = []
    for _ in range(runs):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--timeline-child",
               "--source", str(source)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              env=dict(os.environ, **ENV))
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            sys.exit(f"timeline failed:\n{proc.stderr[-3000:]}")
        for line in proc.stderr.splitlines():
            if line.startswith(f"{MARK}event "):
                _, at, event = line.split(" ", 2)
                if event not in seen or len(seen[event]) < len(walls):
                    seen.setdefault(event, []).append(float(at))
    events = sorted(((event, statistics.median(times)) for event, times in seen.items()),
                    key=lambda item: item[1])
    return events + [("process exits (wall time of the whole command)", statistics.median(walls))]


# ------------------------------------------------------------------------------ parent process

def parse_importtime(stderr: str) -> dict[str, dict[str, float]]:
    """Per section (imports / build): seconds of module self time grouped by top package."""
    sections: dict[str, dict[str, float]] = {}
    current = None
    for line in stderr.splitlines():
        if line.startswith(MARK):
            current = line.split()[1]
            sections.setdefault(current, {})
            continue
        if current is None or not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line.split("|")
        self_us, name = parts[0].split(":")[1].strip(), parts[2]
        package = name.strip().split(".")[0]
        bucket = sections[current]
        bucket[package] = bucket.get(package, 0.0) + int(self_us) / 1e6
    return sections


def run_child(formats: tuple[str, ...], source: Path, use_cprofile: bool) -> dict:
    cmd = [sys.executable, "-X", "importtime", str(Path(__file__).resolve()), "--child",
           ",".join(formats), "--source", str(source)]
    if use_cprofile:
        cmd.append("--cprofile")
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, **ENV))
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"profiling {formats} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["importtime"] = parse_importtime(proc.stderr)
    return result


def interpreter_startup(runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_dicts(dicts: list[dict[str, float]]) -> dict[str, float]:
    keys = {k for d in dicts for k in d}
    return {k: statistics.median(d.get(k, 0.0) for d in dicts) for k in keys}


def phase_rows(phases: dict[str, float]) -> list[tuple[int, str, float]]:
    """(depth, label, seconds) depth-first in PHASES order, with an 'other' row per parent."""
    order = {label: i for i, (_m, _a, label) in enumerate(PHASES)}
    paths = [tuple(key.split(" > ")) for key in phases]
    rows: list[tuple[int, str, float]] = []

    def walk(prefix: tuple[str, ...]) -> None:
        kids = sorted((p for p in paths if len(p) == len(prefix) + 1 and p[:-1] == prefix),
                      key=lambda p: order.get(p[-1], 99))
        for path in kids:
            seconds = phases[" > ".join(path)]
            rows.append((len(prefix), path[-1], seconds))
            grandkids = [p for p in paths if len(p) == len(path) + 1 and p[:-1] == path]
            if grandkids:
                walk(path)
                rest = seconds - sum(phases[" > ".join(p)] for p in grandkids)
                if rest > 0.0005:
                    rows.append((len(path), "other", rest))
    walk(())
    return rows


def report(source: Path, runs: int, results: dict[str, list[dict]], startup: float,
           cprofiles: dict[str, str], events: list[tuple[str, float]]) -> str:
    out = [f"# docpipe profile: {source.name} ({source.stat().st_size / 1024:.0f} KB)", "",
           f"Median of {runs} fresh process{'es' if runs != 1 else ''} per scenario; seconds of "
           "wall-clock time. Bare interpreter start-up (`python -c pass`): "
           f"{startup:.3f} s.", ""]
    names = list(results)
    out += ["## Overview", "",
            "| | " + " | ".join(names) + " |", "|---|" + "--:|" * len(names)]
    meds = {n: {k: statistics.median(r[k] for r in results[n]) for k in ("wall", "imports",
                                                                          "build")}
            for n in names}
    for key, label in (("wall", "process wall time"), ("imports", "imports"),
                       ("build", "build() call")):
        out.append(f"| {label} | " + " | ".join(f"{meds[n][key]:.3f}" for n in names) + " |")
    out.append("| start-up, exit, -X importtime overhead | " + " | ".join(
        f"{meds[n]['wall'] - meds[n]['imports'] - meds[n]['build']:.3f}" for n in names) + " |")

    out += ["", "## Import time by package (module self time, -X importtime)", "",
            "Packages under 10 ms in every scenario are summed as \"others\". \"during build\" are "
            "modules first imported inside build() (lazily, by the libraries).", "",
            "| package | " + " | ".join(names) + " |", "|---|" + "--:|" * len(names)]
    per: dict[str, dict[str, float]] = {}
    during: dict[str, float] = {}
    for n in names:
        per[n] = median_dicts([r["importtime"].get("imports", {}) for r in results[n]])
        during[n] = statistics.median(sum(r["importtime"].get("build", {}).values())
                                      for r in results[n])
    packages = sorted({p for n in names for p in per[n]},
                      key=lambda p: -max(per[n].get(p, 0.0) for n in names))
    big = [p for p in packages if max(per[n].get(p, 0.0) for n in names) >= 0.010]
    for p in big:
        out.append(f"| {p} | " + " | ".join(f"{per[n].get(p, 0.0):.3f}" for n in names) + " |")
    out.append("| others | " + " | ".join(
        f"{sum(v for p, v in per[n].items() if p not in big):.3f}" for n in names) + " |")
    out.append("| **total (as measured by -X importtime)** | " + " | ".join(
        f"{sum(per[n].values()):.3f}" for n in names) + " |")
    out.append("| imports during build | " + " | ".join(f"{during[n]:.3f}" for n in names)
               + " |")

    out += ["", "## Build phases (inside build(), imports excluded)", ""]
    for n in names:
        phases = median_dicts([r["phases"] for r in results[n]])
        build_t = meds[n]["build"]
        out += [f"### {n}", "", "| phase | s | share of build() |", "|---|--:|--:|"]
        covered = 0.0
        for depth, label, seconds in phase_rows(phases):
            if depth == 0:
                covered += seconds
            indent = "&nbsp;&nbsp;&nbsp;&nbsp;" * depth
            out.append(f"| {indent}{label} | {seconds:.3f} | {seconds / build_t:.0%} |")
        out.append(f"| rest of build() (style lookup, up-to-date checks, …) "
                   f"| {max(build_t - covered, 0):.3f} | {max(build_t - covered, 0) / build_t:.0%} |")
        out.append("")
    out += ["## Timeline of one `docpipe build --force` (parallel, as the command runs)", "",
            "Seconds since the Python process started running docpipe (interpreter start-up "
            "not included, except in the last row); medians of the same runs.", "",
            "| s | event |", "|--:|---|"]
    out += [f"| {at:.3f} | {event} |" for event, at in events]
    out.append("")
    if cprofiles:
        out += ["## cProfile: top functions by own time (one run each, profiler overhead "
                "included)", ""]
        for n, text in cprofiles.items():
            lines = [l for l in text.splitlines() if l.strip()]
            start = next((i for i, l in enumerate(lines) if l.lstrip().startswith("ncalls")), 0)
            out += [f"### {n}", "", "```", *lines[start:start + 16], "```", ""]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "source" / "article.md")
    parser.add_argument("--runs", type=int, default=3, help="processes per scenario (default 3)")
    parser.add_argument("--cprofile", action="store_true",
                        help="also print cProfile's top functions per scenario")
    parser.add_argument("--output", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--timeline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    source = args.source.resolve()
    if args.timeline_child:
        timeline_child(source)
        return
    if args.child:
        child(tuple(args.child.split(",")), source, args.cprofile)
        return
    results: dict[str, list[dict]] = {}
    for name, formats in SCENARIOS.items():
        print(f"profiling {name} …", file=sys.stderr, flush=True)
        results[name] = [run_child(formats, source, False) for _ in range(args.runs)]
    cprofiles = {}
    if args.cprofile:
        for name, formats in SCENARIOS.items():
            cprofiles[name] = run_child(formats, source, True)["phases"]["cprofile"]
    print("timeline …", file=sys.stderr, flush=True)
    events = timeline(source, args.runs)
    text = report(source, args.runs, results, interpreter_startup(args.runs), cprofiles, events)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
