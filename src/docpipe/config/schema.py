"""The keys of docpipe.toml (or [tool.docpipe]): each checked, every error one line with the
file, the line and the fix."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docpipe.config import (ALL_FORMATS, CONVENTIONS, PAPERS, PDF_VARIANTS, CheckSettings,
                            ConfigError, Overrides, nearest)
from docpipe.records import Record, record

#: top-level key → what it is (also the comments `docpipe init` writes)
KEYS = {
    "sources": "Markdown files or folders to build when no FILE is named (default: source/)",
    "output": "the folder outputs are written to (default: dist)",
    "formats": 'which formats to build: any of "docx", "pdf", "epub"',
    "style": "the style of every document: a built-in (default, gongwen) or styles/NAME",
    "paper": '"A4" or "A5" (default: the style\'s)',
    "pdf_variant": "an archival or accessible PDF, as --pdf-variant: "
                   + ", ".join(f'"{v}"' for v in PDF_VARIANTS) + " (default: a plain tagged PDF)",
    "resources": "folders outside the project a build may read images from",
    "documents": 'settings for one source: [documents."source/notice.md"] style = "gongwen"',
    "check": "docpipe check: select, ignore, han_latin",
}
DOCUMENT_KEYS = ("style", "paper", "formats", "pdf_variant")
CHECK_KEYS = ("select", "ignore", "han_latin")


@record
class ProjectSettings(Record):
    """docpipe.toml as read: paths resolved against the project root."""

    sources: tuple[Path, ...] = ()
    output: Path | None = None
    formats: tuple[str, ...] = ()
    style: str | None = None
    paper: str | None = None
    pdf_variant: str | None = None
    resources: tuple[Path, ...] = ()
    documents: tuple[tuple[str, Overrides], ...] = ()
    check: CheckSettings = CheckSettings()


def read_table(table: dict[str, Any], file: Path | None, root: Path) -> ProjectSettings:
    """Check the settings table of ``file`` and resolve its paths against ``root``."""
    if file is None:
        return ProjectSettings()
    where = _Where(file)
    where.known(table, list(KEYS), "")
    documents = table.get("documents", {})
    where.table(documents, "documents")
    overrides = []
    for name, spec in documents.items():
        where.table(spec, f'documents."{name}"')
        where.known(spec, list(DOCUMENT_KEYS), f'documents."{name}"')
        if not (root / name).is_file():
            where.fail(f'[documents."{name}"] names no file ({root / name} does not exist)',
                       name, "give the source's path relative to the folder of this file")
        overrides.append((Path(name).as_posix(), Overrides(
            style=where.text(spec, "style"), paper=_paper(where, spec),
            formats=_formats(where, spec), pdf_variant=_pdf_variant(where, spec))))
    check = table.get("check", {})
    where.table(check, "check")
    where.known(check, list(CHECK_KEYS), "check")
    convention = where.text(check, "han_latin") or "consistent"
    if convention not in CONVENTIONS:
        where.fail(f"[check] han_latin must be one of {', '.join(CONVENTIONS)}", "han_latin",
                   f'did you mean "{nearest(convention, list(CONVENTIONS)) or "consistent"}"?')
    output = where.text(table, "output")
    return ProjectSettings(
        sources=tuple(root / p for p in where.strings(table, "sources")),
        output=root / output if output else None, formats=_formats(where, table),
        style=where.text(table, "style"), paper=_paper(where, table),
        pdf_variant=_pdf_variant(where, table),
        resources=tuple((root / p).resolve() for p in where.strings(table, "resources")),
        documents=tuple(overrides),
        check=CheckSettings(select=where.strings(check, "select"),
                            ignore=where.strings(check, "ignore"), han_latin=convention))


def _formats(where: "_Where", table: dict[str, Any]) -> tuple[str, ...]:
    formats = tuple(f.lower() for f in where.strings(table, "formats"))
    for fmt in formats:
        if fmt not in ALL_FORMATS:
            where.fail(f"unknown format '{fmt}'", "formats", f"use {', '.join(ALL_FORMATS)}")
    return formats


def _paper(where: "_Where", table: dict[str, Any]) -> str | None:
    paper = where.text(table, "paper")
    if paper and paper.upper() not in PAPERS:
        where.fail(f"unknown paper size '{paper}'", "paper", "use A4 or A5")
    return paper.upper() if paper else None


def _pdf_variant(where: "_Where", table: dict[str, Any]) -> str | None:
    variant = where.text(table, "pdf_variant")
    if variant is not None and variant.lower() not in PDF_VARIANTS:
        where.fail(f"unknown pdf_variant '{variant}'", "pdf_variant",
                   f"use one of {', '.join(PDF_VARIANTS)}")
    return variant.lower() if variant else None


class _Where:
    """Checks values and names the line of the key that is wrong."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.lines = file.read_text(encoding="utf-8").splitlines()

    def known(self, table: dict[str, Any], valid: list[str], section: str) -> None:
        for key in table:
            if key not in valid:
                near = nearest(key, valid)
                label = f"[{section}] {key}" if section else key
                self.fail(f"unknown key {label}", key, f"did you mean {near}?" if near else
                          f"valid keys: {', '.join(valid)}")

    def table(self, value: Any, name: str) -> None:
        if not isinstance(value, dict):
            self.fail(f"{name} must be a table", name.split(".")[0],
                      f"write [{name}] on a line of its own")

    def text(self, table: dict[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(f"{key} must be a string in quotes", key, f'{key} = "…"')
        return value

    def strings(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{key} must be a list of strings", key, f'{key} = ["…", "…"]')
        return tuple(value)

    def fail(self, message: str, key: str, fix: str) -> None:
        pattern = re.compile(rf'(^|[\s."\[]){re.escape(key)}"?\s*(=|\]|\.)')
        line = next((n for n, text in enumerate(self.lines, start=1)
                     if pattern.search(text.split("#", 1)[0])), None)
        raise ConfigError(message, path=self.file, line=line, fix=fix)
