"""What a build is made of: one Job per output to write, one Result per output (the build's
settings are the Config, docpipe/config/)."""
from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path

from docpipe.config import ALL_FORMATS  # noqa: F401  (the formats, in progress-line order)
from docpipe.records import MutableRecord, Record, record


def default_jobs() -> int:
    """One process per core, at most four: PDF workers import WeasyPrint while the parent
    parses, then lay out the PDFs while the parent writes the DOCX and EPUB files."""
    return max(1, min(os.cpu_count() or 1, 4))


@record
class Job(Record):
    """One output to write: ``source`` rendered as ``fmt`` into ``output``."""

    source: Path
    fmt: str
    output: Path
    #: hash of everything the output depends on (see build_record.input_key)
    key: str
    #: impose the PDF as an A5 booklet after layout
    booklet: bool = False
    #: PDF/A or PDF/UA variant to write (None: a plain tagged PDF)
    pdf_variant: str | None = None


@record
class Result(MutableRecord):
    """One output: where it went, whether it was rebuilt or failed, how big and how long."""

    source: Path
    fmt: str
    output: Path
    built: bool
    seconds: float = 0.0
    size: int = 0
    #: things the reader of the output should know, said once per source
    warnings: list[str] = field(default_factory=list)
    #: images and other files the output was made from, for the build record
    dependencies: list[Path] = field(default_factory=list)
    #: the one-line reason this output could not be written, or None
    error: str | None = None
    #: the error was said already, by another format of the same source (a failed parse)
    error_said: bool = False
    #: the title and date the output carries (the bundle's manifest names them)
    title: str = ""
    date: str = ""
    #: the last commit that touched the source, when git knows it
    commit: str | None = None
