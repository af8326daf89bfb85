"""The one place that decides which files a build may read: the source and style folders only."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class ResourcePolicy:
    """Files under ``roots`` may be read; nothing else, and never the network."""

    roots: tuple[Path, ...]

    @classmethod
    def for_build(cls, source: Path, style_folder: Path) -> "ResourcePolicy":
        return cls(roots=(source.parent.resolve(), style_folder.resolve()))

    def resolve(self, reference: str, base: Path) -> tuple[Path | None, str | None]:
        """Return (path, None) for an allowed local file, or (None, reason) when refused."""
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc:
            return None, f"'{reference}' is not a local file (docpipe never fetches URLs)"
        name = unquote(parts.path)
        if not name:
            return None, "empty reference"
        if Path(name).is_absolute():
            return None, f"'{reference}' is an absolute path outside the project"
        target = (base / name).resolve()
        if not any(target == root or root in target.parents for root in self.roots):
            return None, f"'{reference}' points outside the project"
        return target, None

    def allows(self, path: Path) -> bool:
        target = path.resolve()
        return any(target == root or root in target.parents for root in self.roots)
