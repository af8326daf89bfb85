"""Import WeasyPrint without re-parsing its C declarations in every process.

Why: ``weasyprint.text.ffi`` hands about 450 lines of C declarations (Pango, HarfBuzz,
fontconfig) to ``cffi.FFI().cdef()`` at import, and cffi parses them with pycparser every
time: 0.3 s of the 0.7 s WeasyPrint takes to import, paid by every PDF build.

How: cffi's *out-of-line ABI mode* parses declarations once and writes them as a small Python
module of pre-built type tables (no C compiler involved). The first import of WeasyPrint with
``install()`` in effect writes such a module to docpipe's cache folder, keyed by the bytes of
WeasyPrint's ``ffi.py`` and the cffi and Python versions; every later import loads that module
and runs WeasyPrint's own ``ffi.py`` with its ``ffi = cffi.FFI(); ffi.cdef(...)`` statements
replaced by the pre-built ``ffi``. The same libraries are opened the same way, so layout and
output are unchanged (a test compares PDF bytes).

Anything unexpected (an ``ffi.py`` of another shape, an unwritable cache, a cache file that
fails to load) falls back to WeasyPrint's ordinary import: slower, never wrong.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

TARGET = "weasyprint.text.ffi"


def cache_folder() -> Path:
    """``$DOCPIPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/docpipe``, else ``~/.cache/docpipe``."""
    explicit = os.environ.get("DOCPIPE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "docpipe"


def install() -> bool:
    """Make the next ``import weasyprint`` use the pre-parsed declarations; True when it will.
    ``DOCPIPE_NO_CACHE=1`` turns it off."""
    if os.environ.get("DOCPIPE_NO_CACHE"):
        return False
    if TARGET in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return TARGET not in sys.modules
    try:
        spec = importlib.util.find_spec("weasyprint")
        if spec is None or not spec.submodule_search_locations:
            return False
        ffi_path = Path(spec.submodule_search_locations[0]) / "text" / "ffi.py"
        source = ffi_path.read_bytes()
        import _cffi_backend

        key = hashlib.sha256(b"\0".join(
            [source, _cffi_backend.__version__.encode(), sys.version.encode()]))
        name = f"_docpipe_weasyprint_ffi_{key.hexdigest()[:16]}"
        prebuilt, body = _prebuilt(cache_folder(), name, source.decode("utf-8"))
        code = compile(body, str(ffi_path), "exec")
    except Exception:  # noqa: BLE001 - any surprise means the ordinary import
        return False
    sys.meta_path.insert(0, _Finder(ffi_path, code, prebuilt))
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
    raise ValueError("ffi.py has no 'ffi = cffi.FFI()' followed by 'ffi.cdef(...)'")


def _prebuilt(folder: Path, name: str, source: str) -> tuple[Path, str]:
    """The out-of-line module for ``source``'s declarations and the rest of ``source``, each
    written once (atomically) into ``folder`` if missing."""
    module, rest = folder / f"{name}.py", folder / f"{name}.rest.py"
    if module.is_file() and rest.is_file():
        return module, rest.read_text("utf-8")
    import contextlib
    import io

    import cffi

    body, declarations = _split(source)
    builder = cffi.FFI()
    builder.cdef(declarations)
    builder.set_source(name, None)
    folder.mkdir(parents=True, exist_ok=True)
    for path, write in ((rest, lambda p: p.write_text(body, "utf-8")),
                        (module, lambda p: builder.emit_python_code(str(p)))):
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # cffi prints "generating …"
                write(temporary)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return module, body


class _Finder:
    """A meta path finder for ``weasyprint.text.ffi`` alone."""

    def __init__(self, ffi_path: Path, code, prebuilt: Path) -> None:
        self.loader = _Loader(ffi_path, code, prebuilt)

    def find_spec(self, fullname, path=None, target=None):
        if fullname != TARGET:
            return None
        sys.meta_path.remove(self)  # one use: later imports find the module in sys.modules
        return importlib.util.spec_from_loader(fullname, self.loader,
                                               origin=str(self.loader.ffi_path))


class _Loader:
    """Runs WeasyPrint's ffi.py without its declarations, with the pre-built ``ffi``."""

    def __init__(self, ffi_path: Path, code, prebuilt: Path) -> None:
        self.ffi_path, self.code, self.prebuilt = ffi_path, code, prebuilt

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        try:
            module.ffi = _load_prebuilt(self.prebuilt)
        except Exception:  # noqa: BLE001 - a damaged cache file: parse as WeasyPrint does
            self.prebuilt.unlink(missing_ok=True)
            source = self.ffi_path.read_text("utf-8")
            exec(compile(source, str(self.ffi_path), "exec"), module.__dict__)  # noqa: S102
            return
        module.__file__ = str(self.ffi_path)
        exec(self.code, module.__dict__)  # noqa: S102 - WeasyPrint's own module code


def _load_prebuilt(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ffi


#: Modules WeasyPrint imports at start-up but uses only for fonts docpipe never hands it:
#: fontTools' subsetter (WeasyPrint subsets with HarfBuzz when libharfbuzz-subset is there,
#: which setup installs) and the variable-font instancer (docpipe embeds static subsets).
#: With their dependencies they are 110 modules and 0.15-0.2 s of WeasyPrint's import.
#: module → names imported from it with ``from … import name`` (each stands in until called).
DEFERRED = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}


def defer_unused() -> None:
    """Put stand-ins for ``DEFERRED`` in ``sys.modules``: the real module is imported the first
    time anything in it is used, so nothing changes but the time of the import."""
    for name, functions in DEFERRED.items():
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
