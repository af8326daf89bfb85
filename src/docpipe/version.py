"""docpipe's version, and the installed versions of the libraries it uses: one place, read by
the CLI, the build record, the bundle manifest and the word cache."""
from __future__ import annotations

import functools
import os
import sys

__version__ = "0.1.0"


def _normal(name: str) -> str:
    """A distribution name as wheels spell it in their .dist-info folder (PEP 503, then _)."""
    return "_".join(name.replace(".", "-").replace("_", "-").lower().split("-"))


@functools.cache
def _installed() -> dict[str, str]:
    """Normalised distribution name → version, from the ``NAME-VERSION.dist-info`` folders on
    sys.path, first one wins (as for imports). Read from folder names because importing
    importlib.metadata costs ~50 ms, more than half of a build that has nothing to do."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and "-" in entry:
                name, _, version = entry[:-len(".dist-info")].partition("-")
                found.setdefault(_normal(name), version)
    return found


@functools.cache
def library_version(name: str) -> str:
    """The installed version of distribution ``name``; "" when it is not installed."""
    version = _installed().get(_normal(name))
    if version is None:  # an egg-info or other layout: ask the slower, general lookup
        from importlib import metadata

        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
    return version
