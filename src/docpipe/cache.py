"""docpipe's cache folder: files derived from their inputs and kept between builds.

Each kept file is named by a hash of everything it is made from, so a changed input is a new
file, never a stale one. A reader sees a whole file or none (each is written as every output
is, by ``files.write_atomically``: builds running at once, as under pytest-xdist or a parallel
CI, may write the same file, never one shared file in turn). A file that does not read back
whole is made and written again; a folder that cannot be written only means nothing is kept.
``DOCPIPE_NO_CACHE=1`` makes everything every time.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Callable, TypeVar

from docpipe.errors import DocpipeError
from docpipe.files import write_atomically

T = TypeVar("T")

#: A temporary older than this was left by a killed build: removed when a folder is pruned.
STALE_TEMPORARY_SECONDS = 3600


def cache_folder() -> Path:
    """``$DOCPIPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/docpipe``, else ``~/.cache/docpipe``."""
    explicit = os.environ.get("DOCPIPE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docpipe"


def enabled() -> bool:
    """False when ``DOCPIPE_NO_CACHE`` is set: nothing is read from or kept in the cache."""
    return not os.environ.get("DOCPIPE_NO_CACHE")


def kept(kind: str, inputs: list[str], make: Callable[[], T], *, load: Callable[[bytes], T | None],
         dump: Callable[[T], bytes] = lambda value: value, suffix: str, keep: int) -> T:
    """What ``make`` makes from ``inputs``: read back from the file of ``kind`` kept for the
    same ``inputs`` when ``load`` accepts its bytes (None or a ValueError: damaged), else made
    and kept as ``dump`` gives it. At most ``keep`` files of a kind stay, the least
    recently used removed first."""
    if not enabled():
        return make()
    digest = hashlib.sha256("\0".join(inputs).encode("utf-8", "surrogatepass")).hexdigest()
    folder = cache_folder() / kind
    path = folder / f"{digest[:32]}{suffix}"
    try:
        value = load(path.read_bytes())
        if value is not None:
            _touch(path)
            return value
    except (OSError, ValueError):
        pass   # missing, unreadable or damaged: made (again) below
    value = make()
    data = dump(value)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(None, path, lambda temporary: temporary.write_bytes(data))
        _prune(folder, suffix, keep)
    except (OSError, DocpipeError):
        pass   # an unwritable cache: the value is still made, just not kept
    return value


def _touch(path: Path) -> None:
    """Mark ``path`` recently used (pruning goes by modification time)."""
    try:
        os.utime(path)
    except OSError:
        pass   # a read-only cache is still read


def _prune(folder: Path, suffix: str, keep: int) -> None:
    """Above ``keep`` files, remove the least recently used down to seven eighths of it (so
    the next few writes need no sorting), and temporaries left by killed builds."""
    names = os.listdir(folder)
    if len(names) <= keep:
        return
    dated, now = [], time.time_ns()
    for name in names:
        path = folder / name
        try:
            modified = path.stat().st_mtime_ns
        except OSError:
            continue   # removed meanwhile by another build
        if name.endswith(suffix) and not name.startswith("."):
            dated.append((modified, path))
        elif name.endswith(".tmp") and now - modified > STALE_TEMPORARY_SECONDS * 10**9:
            path.unlink(missing_ok=True)
    dated.sort()
    for _, path in dated[:max(0, len(dated) - (keep - keep // 8))]:
        path.unlink(missing_ok=True)
