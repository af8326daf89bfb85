"""Writing files so that a reader never sees half of one: the one atomic writer of docpipe."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from docpipe.errors import DocpipeError


def write_atomically(source: Path, output: Path, produce: Callable[[Path], None]) -> None:
    """``produce`` a temporary file beside ``output``, then rename it over ``output``: a reader
    sees the old file or the new one, never half of one."""
    _remove_stale_temporaries(output)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        produce(temporary)
        os.replace(temporary, output)
    except DocpipeError:
        raise
    except OSError as exc:
        raise DocpipeError(f"cannot write {output}: {exc.strerror}", path=source,
                           fix="check free disk space and permissions of the output folder") \
            from None
    finally:
        temporary.unlink(missing_ok=True)


def _remove_stale_temporaries(output: Path) -> None:
    """Delete temporaries left by builds that were killed (their process no longer exists)."""
    for leftover in output.parent.glob(f".{output.name}.*.tmp"):
        try:
            pid = int(leftover.name.rsplit(".", 2)[-2])
            os.kill(pid, 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (ValueError, PermissionError):
            continue
