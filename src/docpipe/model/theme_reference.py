"""docs/theme.md, the theme.toml reference, written from the schema's docstrings and defaults."""
from __future__ import annotations

import re
from dataclasses import MISSING, fields
from typing import Any

from docpipe.model.theme_schema import (Blocks, Contents, ElementRoles, FontRole, General, Gongwen, Heading,
                                        Headings, Inline, Page, Text, Title)

__all__ = ["reference_markdown"]


def reference_markdown() -> str:
    """docs/theme.md: every section and key of theme.toml with its default and docstring."""
    out = ["# theme.toml reference", "",
           "Generated from `src/docpipe/model/theme_schema.py` by `scripts/theme_doc.py`; do not "
           "edit by hand.", "",
           "A key left out takes the default shown, in every output format (PDF, EPUB, DOCX); "
           "the defaults are the values of `styles/default` on A4. A key that is not listed "
           "here is an error naming the nearest valid one. Sizes are in pt, lengths in mm "
           "unless the key says otherwise.", "",
           "`[paper.A5.SECTION]` (or `A4`) holds values that replace those of `[SECTION]` when "
           "the paper is that size (`--paper a5`, and the pages of a `--booklet`).", ""]
    listed = (("Top level", General), ("[page]", Page), ("[text]", Text), ("[title]", Title),
              ("[fonts.ROLE]", FontRole), ("[headings]", Headings), ("h1 … h6", Heading),
              ("[inline]", Inline), ("[blocks]", Blocks), ("[contents]", Contents), ("[gongwen]", Gongwen))
    for title, schema in listed:
        out += [f"## {title}", "", _user_doc(schema), "",
                "| key | default | meaning |", "| --- | --- | --- |"]
        for spec in fields(schema):
            out.append(f"| `{spec.name}` | {_shown(spec.default)} | {spec.metadata['doc']} |")
        out.append("")
    out += ["## Which font role each element uses", "", _user_doc(ElementRoles), "",
            "| element | role | chosen by |", "| --- | --- | --- |"]
    for spec in fields(ElementRoles):
        key = f"`{spec.metadata['key']}`" if spec.metadata["key"] else "—"
        out.append(f"| {spec.metadata['doc']} | `{spec.default}` | {key} |")
    return "\n".join(out) + "\n"


def _user_doc(schema: type) -> str:
    """The docstring's paragraphs for theme authors (those naming code in ``…`` are left out),
    without the leading "[section]: "."""
    paragraphs = [" ".join(p.split()) for p in (schema.__doc__ or "").split("\n\n")]
    text = " ".join(p for p in paragraphs if "``" not in p)
    text = re.sub(r"^(\[[^\]]*\][^:]*|Top-level keys): ", "", text)
    return text[:1].upper() + text[1:]


def _shown(default: Any) -> str:
    if default is None or default is MISSING:
        return "—"
    if isinstance(default, Heading):
        changed = [f"{f.name} = {_toml(getattr(default, f.name))}" for f in fields(Heading)]
        return "`{ " + ", ".join(changed) + " }`"
    return f"`{_toml(default)}`"


def _toml(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)
