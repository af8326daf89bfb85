"""``docpipe watch``: rebuild whenever a source or the style folder changes.

The sources are found again at every look (``load`` is the command's own Config loader), so a
Markdown file created under a watched folder, or named in a changed docpipe.toml, is built
from then on, and one that was deleted is no longer asked for. The PDF workers stay warm
across rebuilds (one executor for the whole watch), so a save costs the layout, not
WeasyPrint's import.
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


def watch(load: Callable[[], Config], report: Report, say: Callable[[str], None],
          interval: float = 0.5) -> None:
    """Build, then build again after every change, until interrupted (Ctrl-C).

    ``load`` is called once here (its errors are the command's) and again at every look."""
    config = load()
    folders = style_folders(config.style_search)
    say(f"watching {len(config.sources)} source(s) and the styles in "
        f"{', '.join(map(str, folders))}; Ctrl-C stops")
    workers = 1 if config.jobs > 1 and "pdf" in config.formats else 0
    seen: object = None
    with Executor(workers) as executor:
        while True:
            stamp, fresh, problem = _look(load, config, folders, say)
            if stamp != seen:
                seen = stamp
                if problem is not None:   # said once; the next change is looked at again
                    say(f"docpipe: error: {problem}")
                else:
                    config = fresh
                    try:
                        build(config, report, executor=executor)
                    except DocpipeError as exc:  # keep watching: the editor fixes and saves
                        say(f"docpipe: error: {exc}")
            time.sleep(interval)


def _look(load: Callable[[], Config], config: Config, folders: list[Path],
          say: Callable[[str], None]) -> tuple[object, Config, str | None]:
    """What the files look like now (paths and modification times), the Config found for
    them, and why none could be found (the last source deleted, a broken docpipe.toml), if
    so; a source that was not there at the last look is said."""
    try:
        fresh = load()
    except DocpipeError as exc:
        return str(exc), config, str(exc)
    known = {source.path for source in config.sources}
    for source in fresh.sources:
        if source.path not in known:
            say(f"new source: {source.path}")
    watched = [source.path for source in fresh.sources]
    if fresh.file is not None:
        watched.append(fresh.file)
    watched.extend(f for folder in folders for f in sorted(folder.rglob("*")))
    return [(path, path.stat().st_mtime_ns) for path in watched if path.exists()], fresh, None
