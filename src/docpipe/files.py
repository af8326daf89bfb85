"""Writing files safely: whole or not at all (write_atomically), zips byte for byte (write_zip)."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import BinaryIO

from docpipe.errors import DocpipeError

#: Every zip member's time: the earliest a zip can hold, never the clock, so builds compare equal.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: "Made on Unix", whatever platform builds it, so that the mode below is read as one.
ZIP_CREATE_SYSTEM = 3
#: A regular file, rw-r--r--, in the high half of the external attributes (Unix mode).
ZIP_EXTERNAL_ATTR = (stat.S_IFREG | 0o644) << 16
ZIP_COMPRESSLEVEL = 9

WRITE_FIX = "check free disk space and permissions of the output folder"


def temporary_for(path: Path) -> Path:
    """The temporary ``path`` is written as: beside it (a rename never crosses file systems),
    hidden, and named with this process's id (two builds at once never share one)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(source: Path | None, output: Path, produce: Callable[[Path], None], *,
                     durable: bool = False) -> None:
    """Have ``produce`` write a temporary beside ``output``, then rename it over ``output``:
    a reader sees the old file or the new one, never half of one, and a failed or killed
    write leaves no temporary behind (a later call removes those of dead processes).

    ``source`` is the file whose build this is (None: ``output`` is its own): an ``OSError``
    becomes a DocpipeError against it, naming ``output`` and the fix. The new file keeps the
    permissions of the one it replaces. ``durable`` syncs it to disk before the rename (for a
    user's own file; outputs can be rebuilt, so they skip the cost).
    """
    remove_stale_temporaries(output)
    temporary = temporary_for(output)
    try:
        produce(temporary)
        if output.exists():
            os.chmod(temporary, stat.S_IMODE(output.stat().st_mode))
        if durable:
            descriptor = os.open(temporary, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        os.replace(temporary, output)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocpipeError(f"cannot write {output}: {reason}", path=source or output,
                           fix=WRITE_FIX) from None
    finally:
        temporary.unlink(missing_ok=True)


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporaries of ``path`` left by processes that were killed (their id no
    longer runs); those of live processes, this one's included, are theirs to finish."""
    try:
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for leftover in leftovers:
        try:
            pid = int(leftover.name[len(path.name) + 2:-len(".tmp")])
            os.kill(pid, 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (ValueError, PermissionError, OverflowError):
            continue  # not one of ours, or a live process of another user


def write_zip(target: Path | BinaryIO, members: Iterable[tuple[str, bytes]], *,
              stored: Collection[str] = ()) -> None:
    """A zip whose bytes depend on ``members`` alone: in the order given, each stamped
    ``ZIP_TIME``, made on Unix as a regular rw-r--r-- file, deflated at level 9 except the
    names in ``stored`` (an EPUB's ``mimetype``, which its caller puts first: OCF 3.3 §4.1)."""
    import zipfile  # here, not at the top: with bz2 and lzma it cost a no-op build 5 ms

    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.create_system = ZIP_CREATE_SYSTEM
            info.external_attr = ZIP_EXTERNAL_ATTR
            archive.writestr(info, data, compresslevel=ZIP_COMPRESSLEVEL)
