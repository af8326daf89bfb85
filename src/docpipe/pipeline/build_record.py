"""Incremental builds: which inputs each output was made from, recorded by content hash."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from docpipe.version import __version__

STATE_FILE = ".docpipe-state.json"


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _style_digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(folder)).encode() + b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()


def input_key(source: Path, style_folder: Path, options: str, fmt: str) -> str:
    """Hash of everything an output depends on, images aside (recorded after the build)."""
    sha = hashlib.sha256()
    for part in (__version__, fmt, options, _digest_file(source), _style_digest(style_folder)):
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


def record(out_dir: Path, output: Path, key: str, dependencies: list[Path], *,
           title: str = "", date: str = "", commit: str | None = None) -> None:
    """Remember the inputs of a fresh output (atomically, so a killed build leaves no junk)."""
    data = _load(out_dir)
    data[output.name] = {"key": key, "title": title, "date": date, "commit": commit,
                         "dependencies": {str(p): _digest_file(p) for p in dependencies}}
    temporary = out_dir / f".{STATE_FILE}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, out_dir / STATE_FILE)
