"""WeasyPrint imported with pre-parsed C declarations: same library, same PDF, safe fallbacks."""
from __future__ import annotations

import subprocess
import sys

from conftest import ARTICLE, run_docpipe

PROBE = """
import sys
from docpipe.write.pdf import boot as wpimport
print(wpimport.install())
import weasyprint
from weasyprint.text.ffi import ffi, pango, harfbuzz, fontconfig
print(type(ffi).__module__, pango.pango_version() > 0, 'cffi.cparser' in sys.modules)
"""


def _probe(env: dict) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    return result.stdout.split("\n")


def test_first_import_writes_the_cache_and_later_ones_skip_the_c_parser(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DOCPIPE_NO_CACHE", None)
    first = _probe(env)
    assert first[0] == "True"
    written = sorted(p.name for p in (tmp_path / "cache").glob("*.py"))
    assert len(written) == 2 and written[0].endswith(".py") and written[1].endswith(".rest.py")
    again = _probe(env)
    # the pre-built FFI object comes from cffi's C backend; pycparser never ran
    assert again[0] == "True"
    assert again[1] == "_cffi_backend True False"


def test_damaged_cache_falls_back_to_the_ordinary_import(tmp_path):
    import os

    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DOCPIPE_NO_CACHE", None)
    _probe(env)
    for module in (tmp_path / "cache").glob("*.py"):
        if not module.name.endswith(".rest.py"):
            module.write_text("raise RuntimeError('damaged')\n")
    line = _probe(env)[1]
    assert line.endswith("True True")  # WeasyPrint's own cffi.FFI, parsed as usual, works


def test_unwritable_cache_folder_still_builds(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = tmp_path / "dist"
    result = run_docpipe("build", str(ARTICLE), "-o", str(out), "--format", "pdf",
                         env={"DOCPIPE_CACHE_DIR": str(blocker / "cache")})
    assert result.returncode == 0, result.stderr
    assert (out / "article.pdf").stat().st_size > 10_000


def test_pdf_bytes_are_the_same_with_and_without_the_cache(tmp_path):
    outputs = {}
    for name, env in (("cached", {"DOCPIPE_CACHE_DIR": str(tmp_path / "cache")}),
                      ("plain", {"DOCPIPE_NO_CACHE": "1"})):
        out = tmp_path / name
        result = run_docpipe("build", str(ARTICLE), "-o", str(out), "--format", "pdf",
                             env={**env, "SOURCE_DATE_EPOCH": "1700000000"})
        assert result.returncode == 0, result.stderr
        outputs[name] = (out / "article.pdf").read_bytes()
    assert outputs["cached"] == outputs["plain"]


DEFER_PROBE = """
import sys
from docpipe.write.pdf import writer as pdf
pdf.import_weasyprint()
import weasyprint.pdf.fonts as fonts
print('fontTools.varLib' in sys.modules, type(sys.modules['fontTools.subset']).__name__)
options = fonts.subset.Options(desubroutinize=True)   # first use: the real module is imported
print(type(options).__module__, type(sys.modules['fontTools.subset']).__name__)
try:
    fonts.instantiateVariableFont()
except TypeError as exc:
    print('real:', 'varfont' in str(exc))
import fontTools.varLib.instancer as instancer
print(fonts.instantiateVariableFont.__name__ == instancer.instantiateVariableFont.__name__)
"""


def test_fonttools_parts_weasyprint_does_not_use_are_imported_only_when_used():
    result = subprocess.run([sys.executable, "-c", DEFER_PROBE], capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.split("\n")[:4] == [
        "False _Deferred",          # neither imported by importing WeasyPrint
        "fontTools.subset module",  # used: the real module took the stand-in's place
        "real: True",               # the stand-in function called the real one
        "True"]
