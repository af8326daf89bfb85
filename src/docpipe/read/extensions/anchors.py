"""Heading ids as GitHub makes them, so the links a README already has keep working.

``## 中文 标题`` → ``中文-标题``, ``## C++ 入门`` → ``c-入门``, ``## A - B`` → ``a---b``:
lower case, every character that is not a letter, digit, ``_``, ``-`` or space dropped, each
space a hyphen; a repeated heading gets ``-1``, ``-2`` … (github-slugger's rules). Used as
the toc extension's slugify; one slugger per document.
"""
from __future__ import annotations

import re

_DROPPED = re.compile(r"[^\w\- ]")


class GitHubSlugger:

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def __call__(self, value: str, separator: str = "-") -> str:
        base = _DROPPED.sub("", value.lower()).replace(" ", "-")
        slug = base
        while slug in self.occurrences:
            self.occurrences[base] += 1
            slug = f"{base}-{self.occurrences[base]}"
        self.occurrences[slug] = 0
        return slug
