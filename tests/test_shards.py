"""docpipe build --shard K/N: every source in exactly one shard, chosen by path alone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLE, ROOT, run_docpipe

from docpipe.errors import UsageError
from docpipe.pipeline.shards import parse_shard, select, shard_of


def test_every_source_is_in_exactly_one_shard_and_stays_there():
    sources = [Path(f"source/chapter-{n:03}.md") for n in range(200)]
    for n in (1, 2, 3, 5, 8):
        shares = [select(sources, f"{k}/{n}") for k in range(1, n + 1)]
        assert sorted(p for share in shares for p in share) == sorted(sources)
        assert all(len(share) > 200 / n / 2 for share in shares)   # roughly even
    # adding sources moves none of the others; ./ and the same path written twice agree
    before = {p: shard_of(p, 4) for p in sources}
    more = sources + [Path(f"source/appendix-{n}.md") for n in range(50)]
    assert all(shard_of(p, 4) == before[p] for p in more if p in before)
    assert shard_of(Path("./source/chapter-001.md"), 4) == before[Path("source/chapter-001.md")]


@pytest.mark.parametrize("bad", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_a_usage_error(bad):
    with pytest.raises(UsageError):
        parse_shard(bad)


def test_build_shards_together_build_every_source_once(tmp_path):
    (tmp_path / "source").mkdir()
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    text = ARTICLE.read_text(encoding="utf-8")
    names = [f"part-{n}" for n in range(6)]
    for name in names:
        (tmp_path / "source" / f"{name}.md").write_text(text[:3000], encoding="utf-8")
    built: list[str] = []
    for k in (1, 2, 3):
        result = run_docpipe("build", "--shard", f"{k}/3", "-f", "docx", "-o", f"dist{k}",
                             cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        out = tmp_path / f"dist{k}"
        built += sorted(p.stem for p in out.glob("*.docx")) if out.exists() else []
    assert sorted(built) == names          # each once, none missing
    bad = run_docpipe("build", "--shard", "4/3", cwd=tmp_path)
    assert bad.returncode == 2 and "--shard" in bad.stderr


def test_the_workflow_spreads_a_matrix_and_gathers_one_artifact():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docpipe.yml").read_text())
    jobs = workflow["jobs"]
    shards = jobs["build-shard"]["strategy"]["matrix"]["shard"]
    steps = " ".join(step.get("run", "") for step in jobs["build-shard"]["steps"])
    assert f"--shard ${{{{ matrix.shard }}}}/{len(shards)}" in steps
    gather = jobs["gather"]
    assert gather["needs"] == "build-shard"
    download = next(s for s in gather["steps"] if "download-artifact" in s.get("uses", ""))
    assert download["with"]["merge-multiple"] is True
