"""The office bundle: the three outputs, a manifest and SHA256SUMS in one reproducible zip."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docpipe.files import write_atomically, write_zip
from docpipe.pipeline.jobs import Result
from docpipe.read.dates import last_commit
from docpipe.version import __version__


def write_bundle(source: Path, results: list[Result], out_dir: Path) -> Path:
    """Write dist/<stem>-<date>.zip from the outputs of ``source`` (its ``results``, built or
    current: they carry the title, date and commit); return its path."""
    mine = [r for r in results if r.source == source]
    title, date = mine[0].title or source.stem, mine[0].date
    commit = mine[0].commit or last_commit(source)  # none when built under SOURCE_DATE_EPOCH
    outputs = sorted((r.output for r in mine), key=lambda p: p.name)
    sums = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in outputs}
    manifest = {"title": title, "date": date, "source": source.name,
                "source_commit": commit, "docpipe_version": __version__,
                "files": [{"name": name, "sha256": digest, "bytes": (out_dir / name).stat().st_size}
                          for name, digest in sums.items()]}
    members = [(path.name, path.read_bytes()) for path in outputs]
    members.append(("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2)
                                      + "\n").encode()))
    members.append(("SHA256SUMS", "".join(f"{d}  {n}\n" for n, d in sums.items()).encode()))
    bundle = out_dir / f"{source.stem}-{date}.zip"
    folder = f"{source.stem}-{date}"
    write_atomically(source, bundle, lambda temporary: write_zip(
        temporary, [(f"{folder}/{name}", data) for name, data in members]))
    return bundle
