"""Reproducible outputs: the same inputs give byte-identical DOCX, PDF, EPUB and bundle."""
from __future__ import annotations

import hashlib
import time
import zipfile

import pytest
from conftest import make_project, run_docpipe

#: laid out by WeasyPrint: CI runs these with the lowest WeasyPrint too (make test-lowest-weasyprint)
pytestmark = pytest.mark.pdf

EPOCH = {"SOURCE_DATE_EPOCH": "1606780800"}


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.suffix in (".docx", ".pdf", ".epub", ".zip")}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """A project bundled once (outputs and zip in dist/), for the tests to compare against."""
    project = make_project(tmp_path_factory.mktemp("one"))
    result = run_docpipe("bundle", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project


def test_two_builds_at_different_times_in_different_folders_are_identical(bundled, tmp_path):
    time.sleep(1.5)  # a wall-clock timestamp anywhere would now differ from the first bundle's
    second = make_project(tmp_path / "elsewhere" / "two")
    result = run_docpipe("bundle", cwd=second, env=EPOCH)
    assert result.returncode == 0, result.stderr
    one, two = _digests(bundled / "dist"), _digests(second / "dist")
    assert set(one) == {"article.docx", "article.pdf", "article.epub", "article-2020-12-01.zip"}
    assert one == two


def test_bundle_manifest_and_checksums(bundled):
    import json

    project = bundled
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


def test_parallel_build_gives_the_same_bytes(built_article, tmp_path):
    # the session's article was built with --jobs 2 (the PDF in a worker process)
    serial = make_project(tmp_path / "serial")
    result = run_docpipe("build", "--jobs", "1", cwd=serial, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("built") == 3
    parallel = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
                for path in built_article.values()}
    assert _digests(serial / "dist") == parallel
