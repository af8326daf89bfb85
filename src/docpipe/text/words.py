"""jieba's words of a title or heading (rjieba), kept between builds: a rebuild of a document
whose headings were cut before imports no segmenter.

Why: ``import rjieba`` builds jieba's dictionary, 0.17 s of CPU with the GIL held, paid by
every process that needs one word bound (an EPUB of 0.5 s, the PDF's preparation before its
layout). The words of a text change only with the text and with rjieba's version (another
dictionary, other words), which name each kept file (``docpipe.cache``: ``words/`` of the
cache folder). The version is read without importing rjieba. A kept file holds the words as
a JSON list and is used only when they join to the text exactly.
"""
from __future__ import annotations

import json

from docpipe import cache
from docpipe.version import library_version

#: Changes when what a kept file holds or how the words are cut changes (rjieba.cut, HMM on).
FORMAT = "words 1: rjieba.cut"
#: Kept files (a few hundred bytes each): the words of the long headings of many documents.
MAX_FILES = 2048
#: Texts already cut by this process (the PDF holds each text node of a heading apart).
_seen: dict[str, tuple[str, ...]] = {}


def cut(text: str) -> tuple[str, ...]:
    """jieba's words of ``text``, in order; joined, they are ``text``."""
    words = _seen.get(text)
    if words is None:
        version = segmenter_version()
        if version is None:   # no rjieba to be found: its import says so
            words = _segment(text)
        else:
            words = cache.kept("words", [FORMAT, version, text], lambda: _segment(text),
                               load=lambda data: _words_of(data, text), dump=_data_of,
                               suffix=".json", keep=MAX_FILES)
        _seen[text] = words
    return words


def _segment(text: str) -> tuple[str, ...]:
    # jieba's words by jieba-rs (rjieba): the same dictionary and algorithm as the Python
    # jieba (9,103 of 9,103 Han runs of the corpus cut alike), loaded in 0.17 s of CPU
    # against the Python jieba's 1.6 s (its import and its cached dictionary's load) on the
    # machine in benchmarks/README.md. Imported here: only a text not cut before pays it.
    import rjieba

    return tuple(rjieba.cut(text))


def _data_of(words: tuple[str, ...]) -> bytes:
    return json.dumps(list(words), ensure_ascii=False).encode("utf-8", "surrogatepass")


def _words_of(data: bytes, text: str) -> tuple[str, ...] | None:
    """The words a kept file holds, or None when they are not a cut of ``text`` (damaged)."""
    words = json.loads(data.decode("utf-8", "surrogatepass"))
    if not isinstance(words, list) or not all(isinstance(word, str) and word for word in words):
        return None
    return tuple(words) if "".join(words) == text else None


def segmenter_version() -> str | None:
    """rjieba's installed version (read without importing it), or None when it is not
    installed."""
    return library_version("rjieba") or None
