"""A write that fails (a full disk, here a file-size limit) in any format: one clear line, the
previous output kept, and nothing temporary or partial left in dist/."""
from __future__ import annotations

import hashlib
import resource
import shutil
import signal
import subprocess

import pytest
from conftest import DOCPIPE

from docpipe.pipeline.build_record import LOCK_FILE, STATE_FILE

LIMIT = 20_000  # bytes: below every output of the article (the DOCX, the smallest, is ~30 KB)


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("formats", "jobs"), [
    (("docx",), "1"), (("pdf",), "1"), (("epub",), "1"),
    (("docx", "pdf", "epub"), "2"),  # the PDF in a worker process, the others beside it
], ids=lambda value: "-".join(value) if isinstance(value, tuple) else f"jobs{value}")
def test_a_failed_write_keeps_the_old_file_and_leaves_no_partial_one(project, built_article,
                                                                       formats, jobs):
    dist = project / "dist"
    dist.mkdir()
    for fmt in formats:
        shutil.copy(built_article[fmt], dist)
    before = {path.name: _sha(path) for path in dist.iterdir()}
    assert all(built_article[fmt].stat().st_size > LIMIT for fmt in formats)
    args = [arg for fmt in formats for arg in ("-f", fmt)]
    result = subprocess.run([*DOCPIPE, "build", "--force", "--jobs", jobs, *args], cwd=project,
                            capture_output=True, text=True, preexec_fn=_limit_file_size,
                            timeout=300)
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and all("cannot write" in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert {path.name: _sha(path) for path in dist.iterdir()
            if path.name not in (STATE_FILE, LOCK_FILE)} == before
    assert not [path.name for path in dist.iterdir()
                if path.name not in {*before, STATE_FILE, LOCK_FILE}]
