"""``docpipe watch``: rebuild whenever a source or the style folder changes.

The PDF workers stay warm across rebuilds (one executor for the whole watch), so a save costs
the layout, not WeasyPrint's import.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from docpipe.errors import DocpipeError
from docpipe.model.theme import find_style
from docpipe.pipeline.build import Report, build, find_sources
from docpipe.pipeline.executor import Executor
from docpipe.pipeline.jobs import BuildOptions


def watch(files: list[Path], out_dir: Path, options: BuildOptions, report: Report,
          say: Callable[[str], None], interval: float = 0.5) -> None:
    """Build, then build again after every change, until interrupted (Ctrl-C)."""
    sources = find_sources(files)
    style_folder = find_style(options.style, [Path.cwd(), *(s.parent for s in sources)])
    say(f"watching {len(sources)} source(s) and {style_folder}; Ctrl-C stops")
    workers = 1 if options.jobs > 1 and "pdf" in options.formats else 0
    seen = None
    with Executor(workers) as executor:
        while True:
            stamp = [(p, p.stat().st_mtime_ns) for p in [*sources, *style_folder.rglob("*")]
                     if p.exists()]
            if stamp != seen:
                seen = stamp
                try:
                    build(files, out_dir, options, report, executor=executor)
                except DocpipeError as exc:  # keep watching: the editor fixes and saves again
                    say(f"docpipe: error: {exc}")
            time.sleep(interval)
