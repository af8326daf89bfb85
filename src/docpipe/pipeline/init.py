"""``docpipe init``: a commented docpipe.toml and a first source to build."""
from __future__ import annotations

from pathlib import Path

from docpipe.config import CONFIG_FILE
from docpipe.errors import UsageError

CONFIG_TEMPLATE = '''\
# docpipe.toml: this folder is a docpipe project. Every key is optional; the values shown
# commented out are the defaults. Front matter in a source wins over this file, and the
# command line (docpipe build --style …, -o …) wins over both.

# Markdown files or folders to build when `docpipe build` names none (folders are searched
# for .md files, their subfolders mirrored in the output).
sources = ["source"]

# Where the outputs go, relative to this file.
output = "dist"

# formats = ["docx", "pdf", "epub"]

# The style of every document: a built-in one (`docpipe styles` lists them) or a folder
# styles/NAME/ holding theme.toml (it may start from a built-in: extends = "default").
# style = "default"
# paper = "A4"              # or "A5"
# An archival or accessible PDF, as --pdf-variant: "pdf/a-2b", "pdf/a-2u", "pdf/a-3u" or
# "pdf/ua-1" (default: a plain tagged PDF).
# pdf_variant = "pdf/a-2b"

# A build reads images and other files anywhere inside this folder and nothing outside it;
# list further folders here, relative to this file.
# resources = ["../shared-images"]

# Settings for one source, by its path relative to this file:
# [documents."source/notice.md"]
# style = "gongwen"

# docpipe check
[check]
# select = []               # only these rules (default: all)
# ignore = []               # rules to leave out, e.g. ["han-latin-space"]
# Han–Latin spacing: "consistent" flags a document that mixes spaced and unspaced;
# "space" wants a space between Han and Latin; "none" wants none.
# han_latin = "consistent"
'''

EXAMPLE = '''\
---
title: 示例文档
author: 作者
date: 2026-01-01
---

这是用 docpipe 排版的第一篇文档。在 source/ 里写 Markdown，运行 `docpipe build`，
dist/ 里就有 DOCX、PDF 和 EPUB 三种格式。

## 一级标题

正文段落：中文与 English 混排，标点用全角。*强调*用楷体，**加粗**用黑体。

- 列表第一项
- 列表第二项

> 引文段落。

| 项目 | 说明 |
|:--|:--|
| 样式 | `docpipe styles` 列出可用的样式 |
| 检查 | `docpipe check` 检查标点和格式 |
'''


def create_project(folder: Path) -> list[Path]:
    """Write docpipe.toml and source/example.md in ``folder``; return what was created."""
    config = folder / CONFIG_FILE
    if config.exists():
        raise UsageError(f"{config} exists already", fix="edit it, or run docpipe init in "
                                                        "another folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        config.write_text(CONFIG_TEMPLATE, encoding="utf-8")
        created = [config]
        example = folder / "source" / "example.md"
        if not (folder / "source").exists():
            example.parent.mkdir()
            example.write_text(EXAMPLE, encoding="utf-8")
            created.append(example)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}",
                         fix="choose a folder you can write to") from None
    return created
