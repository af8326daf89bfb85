"""``<details>`` blocks as GitHub shows them: the Markdown inside is read as Markdown.

GitHub ends a raw HTML block at a blank line, so the lists, headings and emphasis between
``<details><summary>…</summary>`` and ``</details>`` are Markdown; Python-Markdown took them
all as raw HTML (the PDF showed ``**[Qwen3](https://…)**`` and ``#### 安装``). Each opening
tag outside code gets md_in_html's ``markdown="1"``, and its summary (a click target on a
screen, a caption on paper) becomes a bold paragraph of its own.
"""
from __future__ import annotations

import re
from typing import Any

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN = re.compile(r"^( {0,3})<details(?=[\s>])([^>]*)>", re.IGNORECASE)
_SUMMARY = re.compile(r"^\s*<summary(?:\s[^>]*)?>(.*?)</summary>\s*", re.IGNORECASE)


class DetailsPreprocessor(Preprocessor):

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:  # fenced code is a placeholder line by now (fences: priority 25)
            opening = _OPEN.match(line)
            rest = line
            if opening and "markdown=" not in opening.group(2):
                out.append(f'{opening.group(1)}<details{opening.group(2)} markdown="1">')
                rest = line[opening.end():]
            summary = _SUMMARY.match(rest) if opening or rest.lstrip().startswith("<summary") \
                else None
            if summary:
                out += ["", f"<p><strong>{summary.group(1).strip()}</strong></p>", ""]
                rest = rest[summary.end():]
            if rest is not line and not rest.strip():
                continue
            out.append(rest)
        return out


class DetailsExtension(Extension):

    def extendMarkdown(self, md: Any) -> None:
        # after fenced code is set aside (25), before md_in_html reads raw HTML blocks (20)
        md.preprocessors.register(DetailsPreprocessor(md), "details", 24)
