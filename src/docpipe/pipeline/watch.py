"""``docpipe watch``: rebuild whenever a source or the style folder changes.

The PDF workers stay warm across rebuilds (one executor for the whole watch), so a save costs
the layout, not WeasyPrint's import.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from docpipe.config import Config
from docpipe.errors import DocpipeError
from docpipe.model.style_lookup import style_folders
from docpipe.pipeline.build import Report, build
from docpipe.pipeline.executor import Executor


def watch(config: Config, report: Report, say: Callable[[str], None],
          interval: float = 0.5) -> None:
    """Build, then build again after every change, until interrupted (Ctrl-C)."""
    sources = [source.path for source in config.sources]
    folders = style_folders(config.style_search)
    say(f"watching {len(sources)} source(s) and the styles in "
        f"{', '.join(map(str, folders))}; Ctrl-C stops")
    workers = 1 if config.jobs > 1 and "pdf" in config.formats else 0
    seen = None
    with Executor(workers) as executor:
        while True:
            stamp = [(p, p.stat().st_mtime_ns)
                     for p in [*sources, *(f for d in folders for f in d.rglob("*"))]
                     if p.exists()]
            if stamp != seen:
                seen = stamp
                try:
                    build(config, report, executor=executor)
                except DocpipeError as exc:  # keep watching: the editor fixes and saves again
                    say(f"docpipe: error: {exc}")
            time.sleep(interval)
