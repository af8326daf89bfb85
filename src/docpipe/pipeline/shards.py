"""``docpipe build --shard K/N``: a stable share of the sources, chosen by path alone."""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from docpipe.errors import UsageError


def parse_shard(text: str) -> tuple[int, int]:
    """"K/N" → (K, N) with 1 ≤ K ≤ N."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        k = n = 0
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text!r} is not K/N with 1 ≤ K ≤ N",
                         fix="write e.g. --shard 2/4 for the second of four shards")
    return k, n


def shard_of(source: Path, n: int) -> int:
    """The shard (1…N) a source belongs to: a hash of its path as written relative to the
    project (source/x.md), so it never moves when other sources come or go."""
    name = PurePosixPath(source.as_posix())
    key = str(name)[2:] if str(name).startswith("./") else str(name)
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def select(sources: list[Path], shard: str) -> list[Path]:
    """The sources of shard ``shard`` ("K/N"), in their order."""
    k, n = parse_shard(shard)
    return [source for source in sources if shard_of(source, n) == k]
