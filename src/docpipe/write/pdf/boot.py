"""Import WeasyPrint faster: its C declarations pre-parsed once, unused fontTools parts deferred.

What each trick does, where in WeasyPrint, and what would remove it: docs/upstream.md.
Both are written for WeasyPrint 66–70 (``WRITTEN_FOR``); with any other version, or when
anything is not as expected, WeasyPrint is imported the ordinary way and the reason is kept in
``problems`` for the PDF writer to report once. Slower, never wrong, never a failed build.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
from pathlib import Path

from docpipe.cache import cache_folder, enabled as cache_enabled
from docpipe.files import write_atomically

TARGET = "weasyprint.text.ffi"

#: WeasyPrint major versions these tricks were written for and checked with.
WRITTEN_FOR = range(66, 71)

#: Modules WeasyPrint imports at start-up but uses only for fonts docpipe never hands it:
#: fontTools' subsetter (WeasyPrint subsets with HarfBuzz when libharfbuzz-subset is there,
#: which setup installs) and the variable-font instancer (docpipe embeds static subsets).
#: module → names imported from it with ``from … import name`` (each stands in until called).
#: WeasyPrint 66 imports the old ``varLib.mutator``, 67 and later ``varLib.instancer``.
#: Measured (docs/upstream.md): the import's CPU time 0.62 → 0.39 s on 70, 0.56 → 0.36 s on 66.
_SUBSET = {"fontTools.subset": ()}
DEFERRED = {66: {**_SUBSET, "fontTools.varLib.mutator": ("instantiateVariableFont",)},
            **{major: {**_SUBSET, "fontTools.varLib.instancer": ("instantiateVariableFont",)}
               for major in range(67, 71)}}

#: Why this process imports WeasyPrint the ordinary way, one sentence each (said once).
problems: list[str] = []


class LayoutProblems:
    """What one layout adaptation met while WeasyPrint laid a document out, one sentence
    each (kept once, at most 300 characters), until the writer takes them to say."""

    def __init__(self) -> None:
        self._sentences: list[str] = []

    def add(self, sentence: str) -> None:
        sentence = sentence[:300]
        if sentence not in self._sentences:
            self._sentences.append(sentence)

    def take(self) -> list[str]:
        """What went wrong since the last call, and forget it."""
        said, self._sentences = self._sentences, []
        return said


def weasyprint_folder() -> Path | None:
    """Where the installed WeasyPrint package is, found without importing it."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0])


def weasyprint_version(folder: Path) -> str:
    """WeasyPrint's ``__version__``, read from its ``__init__.py`` (importlib.metadata costs
    0.15 s here: it scans every installed distribution)."""
    text = (folder / "__init__.py").read_text("utf-8")
    found = re.search(r"""__version__\s*=\s*['"]([^'"]+)['"]""", text)
    if not found:
        raise ValueError("no __version__ in weasyprint/__init__.py")
    return found.group(1)


def major_of(version: str) -> int | None:
    found = re.match(r"\d+", version)
    return int(found.group()) if found else None


def prepare_import() -> None:
    """Make the next ``import weasyprint`` quicker, if this WeasyPrint is one we know.
    ``DOCPIPE_NO_CACHE=1`` turns the declaration cache off (the deferrals stay)."""
    if "weasyprint" in sys.modules:
        return
    try:
        folder = weasyprint_folder()
        if folder is None:
            return  # no WeasyPrint: the import that follows says so
        version = weasyprint_version(folder)
    except Exception as exc:  # noqa: BLE001 - a surprise means the ordinary import
        _problem(f"WeasyPrint's version could not be read ({_say(exc)}); imported without "
                 "docpipe's start-up cache (slower)")
        return
    major = major_of(version)
    if major not in WRITTEN_FOR:
        _problem(f"WeasyPrint {version} is not a version docpipe's start-up cache was written "
                 f"for ({WRITTEN_FOR[0]}–{WRITTEN_FOR[-1]}): imported the ordinary way (slower)")
        return
    install(folder)
    defer_unused(DEFERRED.get(major, {}))


def _problem(sentence: str) -> None:
    if sentence not in problems:
        problems.append(sentence)


def _say(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


# -- C declarations, pre-parsed -------------------------------------------------------------

def install(folder: Path | None = None) -> bool:
    """Make the next ``import weasyprint`` use the pre-parsed declarations; True when it will."""
    if not cache_enabled():
        return False
    if TARGET in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return TARGET not in sys.modules
    cache = cache_folder()
    try:
        folder = folder or weasyprint_folder()
        if folder is None:
            return False
        ffi_path = folder / "text" / "ffi.py"
        source = ffi_path.read_bytes()
        import _cffi_backend

        key = hashlib.sha256(b"\0".join(
            [source, _cffi_backend.__version__.encode(), sys.version.encode()]))
        name = f"_docpipe_weasyprint_ffi_{key.hexdigest()[:16]}"
        ffi, code = _cached(cache, name, source.decode("utf-8"), ffi_path)
    except Exception as exc:  # noqa: BLE001 - any surprise means the ordinary import
        _problem(f"docpipe's start-up cache in {cache} could not be used ({_say(exc)}): "
                 "WeasyPrint imported the ordinary way (slower; DOCPIPE_CACHE_DIR picks "
                 "another folder, DOCPIPE_NO_CACHE=1 turns the cache off)")
        return False
    sys.meta_path.insert(0, _Finder(ffi_path, code, ffi))
    return True


def _split(source: str) -> tuple[str, str]:
    """WeasyPrint's ffi.py without its two ``ffi = cffi.FFI()`` / ``ffi.cdef(...)`` statements,
    and the declarations the second one passes."""
    import ast

    tree = ast.parse(source)
    body = tree.body
    for index in range(len(body) - 1):
        create, declare = body[index], body[index + 1]
        if (ast.unparse(create) == "ffi = cffi.FFI()" and isinstance(declare, ast.Expr)
                and isinstance(declare.value, ast.Call)
                and ast.unparse(declare.value.func) == "ffi.cdef"
                and len(declare.value.args) == 1 and not declare.value.keywords
                and isinstance(declare.value.args[0], ast.Constant)
                and isinstance(declare.value.args[0].value, str)):
            # the module's globals get ``ffi`` before its code runs (see _Loader.exec_module)
            del body[index:index + 2]
            return ast.unparse(tree), declare.value.args[0].value
    raise ValueError("WeasyPrint's text/ffi.py has no 'ffi = cffi.FFI()' followed by "
                     "'ffi.cdef(...)'")


def _cached(folder: Path, name: str, source: str, ffi_path: Path):
    """The pre-built ``ffi`` and the compiled rest of ``source``, from ``folder``; written
    first if missing, written again if damaged (a file that fails its digest or to load)."""
    module, rest = folder / f"{name}.py", folder / f"{name}.rest.py"
    if module.is_file() and rest.is_file():
        try:
            return _load(module, rest, ffi_path)
        except Exception:  # noqa: BLE001 - damaged: built again below
            pass
    _write(module, rest, source)
    return _load(module, rest, ffi_path)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load(module: Path, rest: Path, ffi_path: Path):
    """Check both files against the digests in the rest file's first line, then load them."""
    header, _, body = rest.read_bytes().partition(b"\n")
    expected = f"# docpipe {_digest(module.read_bytes())} {_digest(body)}"
    if header.decode("ascii", "replace") != expected:
        raise ValueError(f"{rest.name} does not match its digests")
    code = compile(body.decode("utf-8"), str(ffi_path), "exec")
    spec = importlib.util.spec_from_file_location(module.stem, module)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded.ffi, code


def _write(module: Path, rest: Path, source: str) -> None:
    """cffi's out-of-line module for ``source``'s declarations, then the rest of ``source``
    headed by both files' digests; each written to a temporary name and renamed into place."""
    import contextlib
    import io

    import cffi

    body, declarations = _split(source)
    builder = cffi.FFI()
    builder.cdef(declarations)
    builder.set_source(module.stem, None)
    module.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):  # cffi prints "generating …"
        write_atomically(None, module, lambda path: builder.emit_python_code(str(path)))
    data = body.encode("utf-8")
    header = f"# docpipe {_digest(module.read_bytes())} {_digest(data)}\n".encode("ascii")
    write_atomically(None, rest, lambda path: path.write_bytes(header + data))


class _Finder:
    """A meta path finder for ``weasyprint.text.ffi`` alone."""

    def __init__(self, ffi_path: Path, code, ffi) -> None:
        self.loader = _Loader(ffi_path, code, ffi)

    def find_spec(self, fullname, path=None, target=None):
        if fullname != TARGET:
            return None
        sys.meta_path.remove(self)  # one use: later imports find the module in sys.modules
        return importlib.util.spec_from_loader(fullname, self.loader,
                                               origin=str(self.loader.ffi_path))


class _Loader:
    """Runs WeasyPrint's ffi.py without its declarations, with the pre-built ``ffi``; if that
    fails, runs WeasyPrint's own ffi.py as it is (which fails only as it would without us)."""

    def __init__(self, ffi_path: Path, code, ffi) -> None:
        self.ffi_path, self.code, self.ffi = ffi_path, code, ffi

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        module.__file__ = str(self.ffi_path)
        module.ffi = self.ffi
        try:
            exec(self.code, module.__dict__)  # noqa: S102 - WeasyPrint's own module code
            return
        except Exception as exc:  # noqa: BLE001 - the ordinary import below
            _problem(f"WeasyPrint's C declarations did not load from docpipe's start-up cache "
                     f"({_say(exc)}): parsed the ordinary way (slower)")
        source = self.ffi_path.read_text("utf-8")
        exec(compile(source, str(self.ffi_path), "exec"), module.__dict__)  # noqa: S102


# -- fontTools parts WeasyPrint never uses for docpipe's fonts ------------------------------

def defer_unused(deferred: dict[str, tuple[str, ...]]) -> None:
    """Put stand-ins for ``deferred`` in ``sys.modules``: the real module is imported the first
    time anything in it is used, so nothing changes but the time of the import."""
    for name, functions in deferred.items():
        if name in sys.modules:
            continue
        try:
            spec = _spec_without_parents(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None:
            sys.modules[name] = _Deferred(name, spec, functions)


def _spec_without_parents(name: str):
    """The spec of module ``name`` without importing its parent packages (which
    ``importlib.util.find_spec`` does: ``fontTools.varLib`` alone is 0.1 s)."""
    import importlib.machinery

    top, *parts = name.split(".")
    spec = importlib.util.find_spec(top)
    for depth in range(len(parts)):
        if spec is None or not spec.submodule_search_locations:
            return None
        spec = importlib.machinery.PathFinder.find_spec(
            ".".join([top, *parts[:depth + 1]]), list(spec.submodule_search_locations))
    return spec


def _real(name: str):
    """The real module ``name``, imported now if a stand-in held its place."""
    module = sys.modules.get(name)
    if isinstance(module, _Deferred):
        del sys.modules[name]
        module = importlib.import_module(name)
    return module if module is not None else importlib.import_module(name)


class _Deferred(type(sys)):
    """A module stand-in: any attribute asked of it comes from the real module, imported then."""

    def __init__(self, name: str, spec, functions: tuple[str, ...]) -> None:
        super().__init__(name)
        self.__spec__, self.__loader__, self.__file__ = spec, spec.loader, spec.origin
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)
        for function in functions:
            setattr(self, function, _on_call(name, function))

    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(_real(self.__name__), attribute)


def _on_call(module: str, function: str):
    def call(*args, **kwargs):
        return getattr(_real(module), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call
