"""pdf_variant in docpipe.toml and [tool.docpipe] (and per document), checked as --pdf-variant
is: the loaded settings, the one-line errors, and the PDF a build then writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_docpipe
from docpipe import config
from docpipe.config import PDF_VARIANTS, ConfigError, Flags
from docpipe.errors import UsageError


def _project(folder: Path, toml: str, name: str = "docpipe.toml") -> Path:
    (folder / name).write_text(toml, encoding="utf-8")
    for doc in ("a", "b"):
        (folder / "source").mkdir(exist_ok=True)
        (folder / "source" / f"{doc}.md").write_text(f"# {doc}\n\n正文。\n", encoding="utf-8")
    return folder


def _variants(folder: Path, **flags) -> dict[str, str | None]:
    loaded = config.load(Flags(files=(folder / "source",), **flags))
    return {source.name: loaded.settings(source.path).pdf_variant
            for source in loaded.sources}


@pytest.mark.fast
def test_the_project_and_one_document_choose_their_variants(tmp_path):
    _project(tmp_path, 'pdf_variant = "PDF/A-2b"\n\n[documents."source/b.md"]\n'
                       'pdf_variant = "pdf/ua-1"\n')
    assert _variants(tmp_path) == {"a": "pdf/a-2b", "b": "pdf/ua-1"}
    # the command line wins over the file and its [documents]
    assert _variants(tmp_path, pdf_variant="pdf/a-3u") == {"a": "pdf/a-3u", "b": "pdf/a-3u"}


@pytest.mark.fast
def test_pyproject_tool_docpipe_takes_it_too(tmp_path):
    _project(tmp_path, '[project]\nname = "x"\n\n[tool.docpipe]\npdf_variant = "pdf/a-2u"\n',
             name="pyproject.toml")
    assert _variants(tmp_path) == {"a": "pdf/a-2u", "b": "pdf/a-2u"}


@pytest.mark.fast
def test_without_it_the_pdf_is_plain(tmp_path):
    _project(tmp_path, 'style = "default"\n')
    assert _variants(tmp_path) == {"a": None, "b": None}


@pytest.mark.fast
@pytest.mark.parametrize("toml, line", [
    ('style = "default"\npdf_variant = "pdf/x-4"\n', 2),
    ('[documents."source/a.md"]\npdf_variant = "PDF-A"\n', 2),
])
def test_an_unknown_variant_is_one_line_naming_the_file_and_the_valid_ones(tmp_path, toml,
                                                                           line):
    _project(tmp_path, toml)
    with pytest.raises(ConfigError) as raised:
        config.load(Flags(files=(tmp_path / "source",)))
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'docpipe.toml'}:{line}: unknown pdf_variant")
    assert all(variant in message for variant in PDF_VARIANTS) and "\n" not in message


@pytest.mark.fast
def test_a_variant_that_is_no_string_is_refused(tmp_path):
    _project(tmp_path, "pdf_variant = 2\n")
    with pytest.raises(ConfigError, match="pdf_variant must be a string"):
        config.load(Flags(files=(tmp_path / "source",)))


@pytest.mark.fast
def test_a_booklet_is_refused_where_the_file_sets_a_variant(tmp_path):
    _project(tmp_path, '[documents."source/b.md"]\npdf_variant = "pdf/a-2b"\n')
    with pytest.raises(UsageError) as raised:
        config.load(Flags(files=(tmp_path / "source",), booklet=True))
    assert "--booklet cannot be combined with pdf_variant" in str(raised.value)
    assert "docpipe.toml" in str(raised.value)


def test_the_command_line_reports_a_bad_variant_in_one_line(tmp_path):
    _project(tmp_path, 'pdf_variant = "pdf/a-1b"\n')
    result = run_docpipe("build", "-f", "pdf", cwd=tmp_path)
    assert result.returncode in (1, 2)
    assert result.stderr.strip().splitlines() == [
        f"docpipe: error: {tmp_path / 'docpipe.toml'}:1: unknown pdf_variant 'pdf/a-1b' "
        "(use one of "
        + ", ".join(PDF_VARIANTS) + ")"], result.stderr
    assert not (tmp_path / "dist" / "a.pdf").exists()


@pytest.mark.pdf
def test_a_build_writes_the_variants_the_file_asks_for(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    _project(tmp_path, 'pdf_variant = "pdf/a-2b"\nformats = ["pdf"]\n\n'
                       '[documents."source/b.md"]\npdf_variant = "pdf/ua-1"\n')
    result = run_docpipe("build", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    parts = {}
    for doc in ("a", "b"):
        with pikepdf.open(tmp_path / "dist" / f"{doc}.pdf") as pdf, pdf.open_metadata() as xmp:
            parts[doc] = {key.split("}")[-1]: str(value) for key, value in xmp.items()
                          if key.split("}")[-1] in ("part", "conformance")}
            if doc == "a":
                assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
    assert parts == {"a": {"part": "2", "conformance": "B"}, "b": {"part": "1"}}
