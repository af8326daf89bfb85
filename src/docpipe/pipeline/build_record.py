"""Incremental builds: which inputs each output was made from, recorded by content hash."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Iterator

from docpipe.errors import DocpipeError
from docpipe.files import write_atomically
from docpipe.version import __version__, library_version

STATE_FILE = ".docpipe-state.json"
#: Held (flock) around each read-modify-write of STATE_FILE: concurrent builds into one folder
#: would otherwise each write back what they read and lose the other's entries.
LOCK_FILE = ".docpipe-state.lock"

#: The distributions whose code shapes each format's bytes (the parser's shape every format):
#: their versions are part of the key, so upgrading one rebuilds what it writes.
PARSING_LIBRARIES = ("markdown", "nh3", "lxml")
FORMAT_LIBRARIES = {
    "docx": ("python-docx",),
    "pdf": ("weasyprint", "pydyf", "fonttools", "uharfbuzz"),
    "epub": ("fonttools", "uharfbuzz"),
}


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _style_digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(folder)).encode() + b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()


def library_versions(fmt: str) -> str:
    """``name=version`` of every library that shapes ``fmt``'s output, in a fixed order."""
    names = sorted({*PARSING_LIBRARIES, *FORMAT_LIBRARIES.get(fmt, ())})
    return ";".join(f"{name}={library_version(name)}" for name in names)


def input_key(source: Path, style_folders: Path | tuple[Path, ...], options: str,
              fmt: str) -> str:
    """Hash of everything an output depends on, images aside (recorded after the build); the
    style's folders are its own and those of the styles it extends."""
    if isinstance(style_folders, Path):
        style_folders = (style_folders,)
    sha = hashlib.sha256()
    for part in (__version__, library_versions(fmt), fmt, options, _digest_file(source),
                 *(_style_digest(folder) for folder in style_folders)):
        sha.update(part.encode() + b"\0")
    return sha.hexdigest()


def _load(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current(out_dir: Path, output: Path, key: str) -> dict | None:
    """The record of ``output`` when it exists and was built from exactly these inputs (its
    ``title`` and ``date`` say what it carries), else None."""
    if not output.is_file():
        return None
    entry = _load(out_dir).get(output.name)
    if not entry or entry.get("key") != key:
        return None
    for name, digest in entry.get("dependencies", {}).items():
        path = Path(name)
        if not path.is_file() or _digest_file(path) != digest:
            return None
    return entry


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's state lock (released when the descriptor closes, also when the
    process dies)."""
    descriptor = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def record(out_dir: Path, output: Path, key: str, dependencies: list[Path], *,
           title: str = "", date: str = "", commit: str | None = None) -> None:
    """Remember the inputs of a fresh output: under the folder's lock, so that concurrent builds
    add to the record instead of overwriting each other's, and atomically, so that a reader
    sees the old record or the new one."""
    entry = {"key": key, "title": title, "date": date, "commit": commit,
             "dependencies": {str(p): _digest_file(p) for p in dependencies}}
    state = out_dir / STATE_FILE
    try:
        with _locked(out_dir):
            data = _load(out_dir)
            data[output.name] = entry
            text = json.dumps(data, indent=1, sort_keys=True)
            write_atomically(output, state, lambda temporary: temporary.write_text(
                text, encoding="utf-8"))
    except OSError as exc:  # the lock file itself could not be made
        raise DocpipeError(f"cannot write {out_dir / LOCK_FILE}: {exc.strerror}", path=output,
                           fix="check free disk space and permissions of the output folder") \
            from None
