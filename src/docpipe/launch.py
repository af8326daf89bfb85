"""The ``docpipe`` command's first step: fork the PDF worker before anything else loads.

A PDF build's critical path is its worker: import WeasyPrint (~0.26 s), then lay out and write.
Forking that worker as the command starts, instead of once the build has imported click and
docpipe and checked what is out of date, starts the import ~0.06 s sooner (about 7 % of the
article's build). The fork is a guess made from the command line alone (``build``, not
``--jobs 1``, a PDF among the formats, more than one core): when the build turns out to need no
PDF, or several PDF workers, the worker is killed and ``parallel`` does what it did before.

The worker talks over two pipes: it receives one pickled job (a prepared PDF, see
``parallel``), sends back the seconds it took or the exception it raised, and ends when the job
pipe closes, which also happens when the command dies.
"""
from __future__ import annotations

import os
import sys

_worker: "Worker | None" = None


def main() -> None:
    """Console-script entry point: maybe fork the PDF worker, then run the command line."""
    start_worker(sys.argv[1:])
    from .cli import entry

    entry()


def wants_worker(args: list[str]) -> bool:
    """Whether this command line is a build that will probably lay out a PDF in a worker."""
    if not args or args[0] != "build" or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return False
    formats, expect = [], None
    for arg in args[1:]:
        if expect == "jobs" and arg.strip() == "1":
            return False
        if expect == "format":
            formats.append(arg.lower())
        expect = None
        if arg in ("-j", "--jobs"):
            expect = "jobs"
        elif arg in ("-f", "--format"):
            expect = "format"
        elif arg in ("-j1", "--jobs=1"):
            return False
        elif arg.startswith("--format="):
            formats.append(arg.split("=", 1)[1].lower())
        elif arg.startswith("-f") and len(arg) > 2:
            formats.append(arg[2:].lower())
        elif arg in ("-h", "--help"):
            return False
    return not formats or "pdf" in formats


def start_worker(args: list[str]) -> None:
    """Fork the PDF worker if this command line wants one (see ``wants_worker``)."""
    global _worker
    if _worker is not None or os.environ.get("DOCPIPE_NO_PREFORK") or not wants_worker(args):
        return
    jobs_r, jobs_w = os.pipe()
    results_r, results_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(jobs_w)
        os.close(results_r)
        _serve(jobs_r, results_w)  # never returns
    os.close(jobs_r)
    os.close(results_w)
    _worker = Worker(pid, jobs_w, results_r)


def take() -> "Worker | None":
    """The forked worker, for one PDF; None when there is none (or it was taken)."""
    global _worker
    worker, _worker = _worker, None
    return worker


def discard() -> None:
    """Kill the forked worker if the build did not use it."""
    worker = take()
    if worker is not None:
        worker.kill()


class Worker:
    """The parent's side of the forked worker."""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid, self.jobs, self.results = pid, jobs, results
        self.reaped = False

    def send(self, job: tuple) -> None:
        import pickle

        _write_message(self.jobs, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))

    def result(self):
        """The job's result; raises what the job raised, or a DocpipeError if the worker died."""
        import pickle

        from .errors import DocpipeError

        data = _read_message(self.results)
        self._reap()
        if data is None:
            raise DocpipeError("the PDF worker process died before finishing",
                               fix="rebuild; if it recurs, run with --jobs 1 and --debug")
        status, value = pickle.loads(data)
        if status == "error":
            raise value
        return value

    def kill(self) -> None:
        if self.reaped:  # its pid and descriptors may belong to others by now
            return
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._reap()

    def _reap(self) -> None:
        """Close both pipes (the worker sees the end of its job pipe) and wait for it; once."""
        if self.reaped:
            return
        self.reaped = True
        os.close(self.jobs)
        os.close(self.results)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve(jobs: int, results: int) -> None:
    """The worker: import WeasyPrint, run the job that comes, report, exit."""
    code = 0
    try:
        import pickle

        import threading

        from . import parallel

        # read the job while WeasyPrint imports: the parent must not block on a full pipe
        received: list = []
        reader = threading.Thread(target=lambda: received.append(_read_message(jobs)),
                                  daemon=True)
        reader.start()
        parallel._preload()
        reader.join()
        data = received[0] if received else None
        if data is not None:
            function, args = pickle.loads(data)
            try:
                reply = ("ok", function(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the parent to raise
                reply = ("error", exc)
            try:
                message = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                message = pickle.dumps(("error", RuntimeError(repr(reply[1]))))
            _write_message(results, message)
    except BaseException:  # noqa: BLE001 - interrupted, or the parent went away
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _write_message(fd: int, data: bytes) -> None:
    payload = len(data).to_bytes(8, "big") + data
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_message(fd: int) -> bytes | None:
    """One length-prefixed message; None at end of file."""
    header = _read_exactly(fd, 8)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "big"))


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
