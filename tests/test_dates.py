"""The date source: SOURCE_DATE_EPOCH settles the date without asking git; the bundle's
manifest still names the source's last commit."""
from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pytest

from docpipe.pipeline.bundle import write_bundle
from docpipe.pipeline.jobs import Result
from docpipe.read import dates

GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2021-03-04T05:06:07Z",
       "GIT_COMMITTER_DATE": "2021-03-04T05:06:07Z"}


@pytest.fixture()
def committed(tmp_path):
    """A source committed in a git work tree of its own; returns (source, commit hash)."""
    source = tmp_path / "memo.md"
    source.write_text("# 备忘\n\n正文。\n", encoding="utf-8")
    env = {**os.environ, **GIT}
    for command in (["init", "-q"], ["add", "memo.md"], ["commit", "-qm", "memo"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=env, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout.strip()
    return source, head


@pytest.mark.fast
def test_git_gives_the_date_and_commit_without_an_epoch(committed, monkeypatch):
    source, head = committed
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert dates.source_version(source, None) == dates.SourceVersion("2021-03-04", head)
    assert dates.source_version(source, "2020-01-02").date == "2020-01-02"  # front matter wins


@pytest.mark.fast
def test_an_epoch_settles_the_date_and_no_git_runs(committed, monkeypatch):
    source, head = committed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    started = []
    real = subprocess.Popen
    monkeypatch.setattr(dates.subprocess, "Popen",
                        lambda *a, **k: started.append(a) or real(*a, **k))
    assert dates.source_version(source, "2020-01-02") == dates.SourceVersion("2023-11-14")
    assert started == []
    assert dates.last_commit(source) == head and len(started) == 1   # asked where wanted


@pytest.mark.fast
def test_the_bundle_names_the_commit_of_a_build_under_an_epoch(committed, tmp_path, monkeypatch):
    source, head = committed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "memo.docx").write_bytes(b"docx")
    built = Result(source, "docx", out / "memo.docx", built=True, title="备忘", date="2023-11-14")
    assert built.commit is None   # the build did not ask git
    bundle = write_bundle(source, [built], out)
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("memo-2023-11-14/manifest.json"))
    assert manifest["source_commit"] == head and manifest["date"] == "2023-11-14"
