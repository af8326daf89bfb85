"""Measure one benchmark step: run commands one after another, report time and peak memory.

run.py starts a fresh copy of this wrapper for every measurement, so that
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` covers exactly the processes of that step: the
commands it runs and every descendant they waited for (pandoc's WeasyPrint subprocess,
docpipe's ``--jobs`` workers). The wrapper's own memory is not counted (RUSAGE_CHILDREN only).

Usage: python _measure.py '{"cmds": [[...], ...], "cwd": "...", "env": {...}}'
Prints one JSON line: {"wall": total seconds, "each": [seconds per command],
"maxrss_kb": peak RSS of the largest process, "cpu": user+system CPU seconds, "rc": [exit codes], "stdout": [...], "stderr": [...]}
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def main() -> None:
    spec = json.loads(sys.argv[1])
    env = dict(os.environ, **spec.get("env", {}))
    each, codes, outs, errs = [], [], [], []
    started = time.perf_counter()
    for cmd in spec["cmds"]:
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=spec.get("cwd"), env=env, capture_output=True,
                                  text=True, timeout=spec.get("timeout"))
            code, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:   # the child is killed; report it as 124
            code, out, err = 124, "", f"timeout after {exc.timeout} s"
        each.append(time.perf_counter() - t0)
        codes.append(code)
        outs.append(out[-4000:])
        errs.append(err[-4000:])
        if code != 0:
            break
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss                    # KiB on Linux: the largest single process
    cpu = usage.ru_utime + usage.ru_stime        # CPU seconds of all of them together
    print(json.dumps({"wall": wall, "each": each, "maxrss_kb": peak_kb, "cpu": cpu, "rc": codes,
                      "stdout": outs, "stderr": errs}))


if __name__ == "__main__":
    main()
