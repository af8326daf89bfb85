"""jieba's words kept between builds (text/words.py on docpipe.cache): the same words as
rjieba's, a warm build imports no segmenter, damaged entries are cut again, the folder is the
one cache folder, and the outputs are the same bytes with and without the cache."""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docpipe import cache
from docpipe.text import titles, words
from docpipe.write import cover_cache
from docpipe.write.pdf import boot

HEADINGS = ["第四节 犯罪嫌疑人、被告人逃匿、死亡案件违法所得的没收程序",
            "关于进一步复制推广营商环境改革创新试点经验的通知",
            "Open Source Club 第二十五次会议 Straße 和 Português",
            " 前导空格与\t制表符😀《中国共产党政法工作条例》"]


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own, and no words remembered by this process."""
    monkeypatch.setenv("DOCPIPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DOCPIPE_NO_CACHE", raising=False)
    monkeypatch.setattr(words, "_seen", {})
    return tmp_path / "cache"


def _from_the_cache_only(monkeypatch) -> None:
    """Forget this process's words and make cutting again an error: what follows reads files."""
    monkeypatch.setattr(words, "_seen", {})

    def refuse(text):
        raise AssertionError(f"cut again: {text}")

    monkeypatch.setattr(words, "_segment", refuse)


@pytest.mark.fast
def test_the_kept_words_are_rjiebas(folder, monkeypatch):
    import rjieba

    cold = [words.cut(text) for text in HEADINGS]
    assert len(list((folder / "words").iterdir())) == len(HEADINGS)
    _from_the_cache_only(monkeypatch)
    warm = [words.cut(text) for text in HEADINGS]
    assert warm == cold == [tuple(rjieba.cut(text)) for text in HEADINGS]
    for text in HEADINGS:                             # and so are the bounds between them
        ends = itertools.accumulate(len(word) for word in rjieba.cut(text))
        assert titles.word_bounds(text) == {end for end in ends if 0 < end < len(text)
                                            and titles.breakable(text, end)}


@pytest.mark.fast
def test_the_key_is_the_exact_text_and_rjiebas_version(folder, monkeypatch):
    import importlib.metadata

    assert words.segmenter_version() == importlib.metadata.version("rjieba")
    words.cut(HEADINGS[1])
    words.cut(HEADINGS[1] + " ")                          # another text: another entry
    monkeypatch.setattr(words, "_seen", {})
    monkeypatch.setattr(words, "segmenter_version", lambda: "0.0.0-other-dictionary")
    words.cut(HEADINGS[1])                                # another version: another entry
    assert len(list((folder / "words").iterdir())) == 3


@pytest.mark.fast
@pytest.mark.parametrize("damage", [b"", b'["\xe5\x85\xb3', b"not json", b'{"a": 1}',
                                    b'["\\u5173\\u4e8e"]', b'["", "x"]', b"\xff\xfe"])
def test_a_damaged_entry_is_cut_again_and_rewritten(folder, monkeypatch, damage):
    text = HEADINGS[1]
    expected = words.cut(text)
    (entry,) = (folder / "words").iterdir()
    entry.write_bytes(damage)
    monkeypatch.setattr(words, "_seen", {})
    assert words.cut(text) == expected
    assert json.loads(entry.read_text("utf-8")) == list(expected)     # written again, whole
    _from_the_cache_only(monkeypatch)
    assert words.cut(text) == expected


@pytest.mark.fast
def test_the_cache_folder_is_one_place_and_honours_the_environment(tmp_path, monkeypatch):
    assert boot.cache_folder is cache.cache_folder   # the PDF's start-up cache uses the same
    monkeypatch.delenv("DOCPIPE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_folder() == tmp_path / "home" / ".cache" / "docpipe"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_folder() == tmp_path / "xdg" / "docpipe"
    monkeypatch.setenv("DOCPIPE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_folder() == tmp_path / "mine"
    monkeypatch.setattr(words, "_seen", {})
    words.cut(HEADINGS[0])
    assert [p.parent for p in (tmp_path / "mine").rglob("*.json")] == [tmp_path / "mine" / "words"]


@pytest.mark.fast
def test_no_cache_and_an_unwritable_folder_still_cut(tmp_path, monkeypatch, recwarn):
    import rjieba

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DOCPIPE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(words, "_seen", {})
    assert words.cut(HEADINGS[0]) == tuple(rjieba.cut(HEADINGS[0]))
    monkeypatch.setenv("DOCPIPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCPIPE_NO_CACHE", "1")
    monkeypatch.setattr(words, "_seen", {})
    assert words.cut(HEADINGS[0]) == tuple(rjieba.cut(HEADINGS[0]))
    assert not (tmp_path / "cache").exists() and not recwarn.list


@pytest.mark.fast
def test_the_least_recently_used_entries_go_first(folder, monkeypatch):
    monkeypatch.setattr(words, "MAX_FILES", 4)
    texts = [f"第{index}条 关于进一步复制推广" for index in range(5)]
    for text in texts[:4]:
        words.cut(text)
    stale = folder / "words" / ".x.json.1-2.tmp"       # a killed build's temporary
    stale.write_text("half")
    os.utime(stale, (0, 0))
    for path in (folder / "words").glob("*.json"):
        os.utime(path, (1, 1))                        # all used long ago …
    monkeypatch.setattr(words, "_seen", {})
    words.cut(texts[0])                               # … but this one just now
    words.cut(texts[4])                               # a fifth: the oldest one goes
    left = sorted((folder / "words").iterdir())
    assert len(left) == 4 and not stale.exists()
    kept = [json.loads(path.read_text("utf-8")) for path in left]
    assert list(words.cut(texts[0])) in kept and list(words.cut(texts[4])) in kept


@pytest.mark.fast
def test_the_covers_are_kept_in_the_same_folder(folder):
    png = b"\x89PNG\r\n\x1a\n" + b"x" * 10 + b"IEND\xaeB`\x82"
    assert cover_cache.cached(["a cover"], lambda: png) == png
    assert cover_cache.cached(["a cover"], lambda: b"drawn again") == png
    assert [p.suffix for p in (folder / "covers").iterdir()] == [".png"]


# ---- whole processes -----------------------------------------------------------------------

_PROBE = """
import sys
from docpipe.text import titles
print([titles.words_held(t) for t in sys.argv[1:]], titles.balanced_lines(sys.argv[1], 20),
      'rjieba' in sys.modules)
"""


@pytest.mark.fast
def test_a_second_process_reads_the_words_and_imports_no_segmenter(tmp_path):
    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DOCPIPE_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", _PROBE, *HEADINGS[:3]], env=env, text=True,
                           capture_output=True, check=True).stdout.strip() for _ in range(2)]
    assert runs[0].endswith("True") and runs[1].endswith("False"), runs
    assert runs[0][:-len("True")] == runs[1][:-len("False")]


LONG = """---
title: 关于进一步复制推广营商环境改革创新试点经验以及相关配套措施的通知
---

## 第四节 犯罪嫌疑人、被告人逃匿、死亡案件违法所得的没收程序和其他相关规定

正文。

### 第五节 依法不负刑事责任的精神病人的强制医疗程序以及其他特别程序的具体规定

正文。
"""

_BUILD = """
import sys
from docpipe.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert not exit.code, exit.code
print('rjieba' in sys.modules)
"""


def test_a_warm_build_imports_no_segmenter_and_writes_the_same_bytes(tmp_path):
    """EPUB (span.word) and DOCX (balanced title, heading indents) of long headings: cold,
    warm and without the cache, byte for byte the same; the warm build loads no rjieba."""
    source = tmp_path / "doc.md"
    source.write_text(LONG, encoding="utf-8")
    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DOCPIPE_NO_CACHE", None)
    outputs = {}
    for run, extra in (("cold", {}), ("warm", {}), ("off", {"DOCPIPE_NO_CACHE": "1"})):
        result = subprocess.run(
            [sys.executable, "-c", _BUILD, "build", str(source), "-o", str(tmp_path / run),
             "-f", "epub", "-f", "docx", "--jobs", "1"],
            env={**env, **extra}, text=True, capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        loaded = result.stdout.strip().splitlines()[-1]
        assert loaded == ("False" if run == "warm" else "True"), (run, result.stdout)
        outputs[run] = [(tmp_path / run / f"doc.{fmt}").read_bytes() for fmt in ("epub", "docx")]
    assert outputs["cold"] == outputs["warm"] == outputs["off"]
    assert b'class="word"' in _chapter_text(outputs["warm"][0])   # the words were held


def _chapter_text(epub: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        return b"".join(book.read(name) for name in book.namelist() if name.endswith(".xhtml"))
