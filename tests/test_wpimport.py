"""WeasyPrint imported with pre-parsed C declarations: same library, same PDF, and every
surprise (a damaged cache, an ffi.py of another shape, an unknown version) falls back with one
warning, never a failed build."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE, run_docpipe

from docpipe.write.pdf import boot

pytestmark = pytest.mark.pdf

PROBE = """
import sys
from docpipe.write.pdf import boot
print(boot.install())
import weasyprint
from weasyprint.text.ffi import ffi, pango, harfbuzz, fontconfig
print(type(ffi).__module__, pango.pango_version() > 0, 'cffi.cparser' in sys.modules)
print(boot.problems)
"""


def _env(cache: Path) -> dict:
    env = {**os.environ, "DOCPIPE_CACHE_DIR": str(cache)}
    env.pop("DOCPIPE_NO_CACHE", None)
    return env


def _probe(env: dict, probe: str = PROBE) -> list[str]:
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    return result.stdout.split("\n")


def _cache_files(cache: Path) -> tuple[Path, Path]:
    module, = [p for p in cache.glob("*.py") if not p.name.endswith(".rest.py")]
    return module, module.with_name(f"{module.stem}.rest.py")


def _build_pdf(out: Path, env: dict) -> subprocess.CompletedProcess:
    return run_docpipe("build", str(ARTICLE), "-o", str(out), "--format", "pdf", "--force",
                       env={**env, "SOURCE_DATE_EPOCH": "1700000000"})


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory) -> bytes:
    """The article's PDF with WeasyPrint imported the ordinary way."""
    out = tmp_path_factory.mktemp("plain")
    result = _build_pdf(out, {"DOCPIPE_NO_CACHE": "1"})
    assert result.returncode == 0, result.stderr
    return (out / "article.pdf").read_bytes()


def test_first_import_writes_the_cache_and_later_ones_skip_the_c_parser(tmp_path):
    env = _env(tmp_path / "cache")
    first = _probe(env)
    assert first[0] == "True" and first[2] == "[]"
    module, rest = _cache_files(tmp_path / "cache")
    # (Python may add a __pycache__ for the cached module, unless PYTHONDONTWRITEBYTECODE)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()
                  if p.name != "__pycache__") == [module.name, rest.name]
    ffi_py = boot.weasyprint_folder() / "text" / "ffi.py"
    # one pair per WeasyPrint ffi.py: a cffi module of type tables, and ffi.py's own code
    # without its declarations, headed by both files' digests
    assert module.stem.startswith("_docpipe_weasyprint_ffi_")
    assert "_cffi_backend.FFI(" in module.read_text() and "cdef" not in module.read_text()
    header, _, body = rest.read_bytes().partition(b"\n")
    assert header.decode() == (f"# docpipe {hashlib.sha256(module.read_bytes()).hexdigest()} "
                               f"{hashlib.sha256(body).hexdigest()}")
    assert b"ffi.cdef(" in ffi_py.read_bytes() and b"ffi.cdef(" not in body
    assert b"dlopen" in body
    again = _probe(env)
    # the pre-built FFI object comes from cffi's C backend; pycparser never ran
    assert again[:3] == ["True", "_cffi_backend True False", "[]"]


@pytest.mark.parametrize("damage", ["module raises", "module truncated", "rest truncated"])
def test_a_damaged_cache_is_rebuilt_and_the_pdf_is_the_same(tmp_path, plain_pdf, damage):
    cache = tmp_path / "cache"
    env = _env(cache)
    _probe(env)
    module, rest = _cache_files(cache)
    if damage == "module raises":
        module.write_text("raise RuntimeError('damaged')\n")
    elif damage == "module truncated":
        module.write_bytes(module.read_bytes()[:len(module.read_bytes()) // 2])
    else:  # cut at a line end: still valid Python, but WeasyPrint's libraries never opened
        lines = rest.read_bytes().splitlines(keepends=True)
        rest.write_bytes(b"".join(lines[:len(lines) // 2]))
    result = _build_pdf(tmp_path / "out", env)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr  # repaired, not fallen back
    assert (tmp_path / "out" / "article.pdf").read_bytes() == plain_pdf
    assert _probe(env)[:3] == ["True", "_cffi_backend True False", "[]"]  # good as new


def test_a_cache_whose_code_fails_falls_back_with_one_warning(tmp_path, plain_pdf):
    """The rewritten ffi.py runs inside the fallback: if it raises, WeasyPrint's own ffi.py
    runs instead, and the build says so once."""
    cache = tmp_path / "cache"
    env = _env(cache)
    _probe(env)
    module, rest = _cache_files(cache)
    body = b"raise RuntimeError('boom')\n"
    rest.write_bytes(f"# docpipe {hashlib.sha256(module.read_bytes()).hexdigest()} "
                     f"{hashlib.sha256(body).hexdigest()}\n".encode() + body)
    result = _build_pdf(tmp_path / "out", env)
    assert result.returncode == 0, result.stderr
    warnings = {line for line in result.stderr.splitlines() if "warning" in line}
    assert len(warnings) == 1 and "RuntimeError: boom" in warnings.pop()
    assert (tmp_path / "out" / "article.pdf").read_bytes() == plain_pdf


def test_unwritable_cache_folder_still_builds_and_says_so_once(tmp_path, plain_pdf):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _build_pdf(tmp_path / "out", {"DOCPIPE_CACHE_DIR": str(blocker / "cache")})
    assert result.returncode == 0, result.stderr
    warnings = {line for line in result.stderr.splitlines() if "warning" in line}
    assert len(warnings) == 1 and str(blocker / "cache") in warnings.pop()
    assert (tmp_path / "out" / "article.pdf").read_bytes() == plain_pdf


def test_pdf_bytes_are_the_same_with_and_without_the_cache(tmp_path, plain_pdf):
    result = _build_pdf(tmp_path / "out", {"DOCPIPE_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "article.pdf").read_bytes() == plain_pdf


SHAPE_PROBE = """
import sys
from pathlib import Path
from docpipe.write.pdf import boot
fake = Path(sys.argv[1])
print(boot.install(fake), len(boot.problems), 'ffi.cdef' in boot.problems[0])
import weasyprint  # the ordinary import still works
print(type(sys.modules['weasyprint.text.ffi'].ffi).__module__)
"""


def test_an_ffi_py_of_another_shape_is_imported_the_ordinary_way(tmp_path):
    real = (boot.weasyprint_folder() / "text" / "ffi.py").read_text("utf-8")
    assert "ffi = cffi.FFI()\n" in real
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "ffi.py").write_text(real.replace("ffi = cffi.FFI()\n",
                                                           "ffi = cffi.FFI(backend=None)\n"))
    result = subprocess.run([sys.executable, "-c", SHAPE_PROBE, str(tmp_path)],
                            env=_env(tmp_path / "cache"), capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.split("\n")[:2] == ["False 1 True", "cffi.api"]


VERSION_PROBE = """
import sys
from docpipe.write.pdf import boot
boot.weasyprint_version = lambda folder: "71.0"
boot.prepare_import()
print(len(boot.problems), boot.problems[0])
print([type(m).__name__ for m in sys.modules.values() if type(m).__name__ == '_Deferred'],
      [f for f in sys.meta_path if isinstance(f, boot._Finder)])
"""


def test_a_weasyprint_it_was_not_written_for_is_left_alone_with_one_reason(tmp_path):
    lines = _probe(_env(tmp_path / "cache"), VERSION_PROBE)
    assert lines[0].startswith("1 WeasyPrint 71.0 is not a version") and "66–70" in lines[0]
    assert lines[1] == "[] []"
    assert not (tmp_path / "cache").exists()


def test_the_version_is_read_without_importing_weasyprint():
    import weasyprint

    assert boot.weasyprint_version(boot.weasyprint_folder()) == weasyprint.__version__
    assert boot.major_of(weasyprint.__version__) in boot.WRITTEN_FOR


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
print(fonts.instantiateVariableFont.__module__)
"""


def test_fonttools_parts_weasyprint_does_not_use_are_imported_only_when_used():
    # WeasyPrint 66 takes instantiateVariableFont from varLib.mutator, 67 and later from
    # varLib.instancer: with either, neither varLib nor the subsetter comes with WeasyPrint
    result = subprocess.run([sys.executable, "-c", DEFER_PROBE], capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.split("\n")[:4] == [
        "False _Deferred",          # neither imported by importing WeasyPrint
        "fontTools.subset module",  # used: the real module took the stand-in's place
        "real: True",               # the stand-in function called the real one
        "docpipe.write.pdf.boot"]   # WeasyPrint's name for it is the stand-in
