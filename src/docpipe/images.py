"""Image files: which kinds every output can hold, recognised by their first bytes."""
from __future__ import annotations

from pathlib import Path

from docpipe.errors import SourceError

#: magic bytes → (media type, file extension)
KINDS = {b"\x89PNG\r\n\x1a\n": ("image/png", "png"), b"\xff\xd8\xff": ("image/jpeg", "jpg"),
         b"GIF87a": ("image/gif", "gif"), b"GIF89a": ("image/gif", "gif")}


def image_kind(path: Path) -> tuple[str, str]:
    """(media type, extension) of a PNG, JPEG or GIF file, or raise ValueError."""
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, kind in KINDS.items():
        if head.startswith(magic):
            return kind
    raise ValueError(path)


def check_image(path: Path, source: Path, line: int | None) -> None:
    """Raise SourceError unless ``path`` is an image all three formats can embed."""
    try:
        image_kind(path)
    except ValueError:
        raise SourceError(f"image '{path.name}' is not a PNG, JPEG or GIF file", path=source,
                          line=line, fix="convert it to PNG or JPEG") from None
