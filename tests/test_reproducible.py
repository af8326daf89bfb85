"""Reproducible outputs: the same inputs give byte-identical DOCX, PDF, EPUB and bundle."""
from __future__ import annotations

import hashlib
import time
import zipfile

from conftest import make_project, run_docpipe


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.suffix in (".docx", ".pdf", ".epub", ".zip")}


def test_two_builds_at_different_times_in_different_folders_are_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1606780800"}
    first = make_project(tmp_path / "one")
    assert run_docpipe("bundle", cwd=first, env=env).returncode == 0
    time.sleep(1.5)  # a wall-clock timestamp anywhere would now differ
    second = make_project(tmp_path / "elsewhere" / "two")
    result = run_docpipe("bundle", cwd=second, env=env)
    assert result.returncode == 0, result.stderr
    one, two = _digests(first / "dist"), _digests(second / "dist")
    assert set(one) == {"article.docx", "article.pdf", "article.epub", "article-2020-12-01.zip"}
    assert one == two


def test_bundle_manifest_and_checksums(tmp_path):
    import json

    project = make_project(tmp_path)
    result = run_docpipe("bundle", cwd=project, env={"SOURCE_DATE_EPOCH": "1606780800"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project / "dist" / "article-2020-12-01.zip") as bundle:
        names = bundle.namelist()
        prefix = "article-2020-12-01/"
        manifest = json.loads(bundle.read(prefix + "manifest.json"))
        sums = dict(line.split("  ")[::-1] for line in
                    bundle.read(prefix + "SHA256SUMS").decode().splitlines())
        for name in ("article.docx", "article.epub", "article.pdf"):
            data = bundle.read(prefix + name)
            assert hashlib.sha256(data).hexdigest() == sums[name]
            assert data == (project / "dist" / name).read_bytes()
    assert sorted(names) == sorted(prefix + n for n in
                                   ("article.docx", "article.epub", "article.pdf",
                                    "manifest.json", "SHA256SUMS"))
    assert manifest["title"].startswith("中共衡阳市委") and manifest["date"] == "2020-12-01"
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == sums


def test_parallel_build_gives_the_same_bytes(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1606780800"}
    serial, parallel = make_project(tmp_path / "serial"), make_project(tmp_path / "parallel")
    assert run_docpipe("build", "--jobs", "1", cwd=serial, env=env).returncode == 0
    result = run_docpipe("build", "--jobs", "2", cwd=parallel, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("built") == 3
    assert _digests(serial / "dist") == _digests(parallel / "dist")
