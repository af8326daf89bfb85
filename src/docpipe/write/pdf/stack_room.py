"""Room on Python's frame stack for WeasyPrint's layout: a workaround for CPython 3.11-3.13.

CPython (3.11 on) keeps the frames of Python calls in chunks of memory, the first 16 KB
(``Python/pystate.c``: ``_PyThreadState_BumpFramePointerSlow`` maps a new chunk when a call
does not fit, ``_PyThreadState_PopFrame`` unmaps it as soon as the call that opened it
returns). WeasyPrint's layout and drawing recurse, and loop deep in the recursion; when such a
loop calls across the end of a chunk, every call maps a chunk, faults its pages in and unmaps
it on return (CPython gh-142183, "Calls across stack chunks perform badly"; fixed in 3.13 and
3.14 point releases of 2026 by keeping one chunk). Where the ends fall depends on how deep the
caller already was, so it comes and goes with unrelated changes: the 313 KB rules' PDF made
9,000 mmap/munmap pairs in a default build, 67,000 under ``--jobs 1`` and 91,000 with one
wrapper call more above the writer (110,000 page faults, 0.8 s of system time on a 2 s
layout); the old code (c79ab51) made 1,000 and 7,000, by the luck of its depths.

``with_room`` calls a function from a frame that asks for ``SLOTS`` stack slots. No chunk has
that much left, so CPython maps one for it, sized to the smallest power of two that holds the
frame and its 1,000-slot margin: 512 KB, 65,536 slots, of which ~32,000 (some 1,500 frames)
stay free above it: deeper than the layout ever goes, so no call inside crosses a chunk's end.
The slots are reserved, not written: the mapping costs a few pages.
"""
from __future__ import annotations

import sys
import types
from typing import Any, Callable, TypeVar

T = TypeVar("T")

#: stack slots the calling frame asks for (see above: it opens a 512 KB chunk)
SLOTS = 33_000


def _call(function: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    return function(*args, **kwargs)


def _roomy_call() -> tuple[Callable[[Callable[..., Any], tuple, dict], Any], str | None]:
    """``_call`` with a frame of ``SLOTS`` slots, and None; or ``_call`` itself and why not."""
    if sys.implementation.name != "cpython":  # other interpreters have no frame chunks
        return _call, None
    try:
        # the same code with a larger value stack: its frame, not its work, is what is bigger
        code = _call.__code__.replace(co_stacksize=SLOTS)
        return types.FunctionType(code, _call.__globals__, "_call_with_room"), None
    except Exception as exc:  # noqa: BLE001 - a slower layout, never a failed one
        return _call, (f"PDF layout without room on the frame stack ({type(exc).__name__}: "
                       f"{exc}): at some depths it maps memory on every call (slower, the same PDF)")


#: the caller with room, and why there is none (one sentence for the writer to say) or None
_call_with_room, problem = _roomy_call()


def with_room(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)``, with tens of thousands of free stack slots above it."""
    return _call_with_room(function, args, kwargs)
