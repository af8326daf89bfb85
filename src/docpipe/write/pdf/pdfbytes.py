"""Tagged PDFs serialized at less cost: one adaptation of pydyf's object writer (0.11–0.13).

A tagged PDF holds a structure element per text box (6,400 objects for the 313 KB rules, ten
times the untagged count), and pydyf turns every key and value into bytes through one generic
``_to_bytes`` (four ``isinstance`` tests, a ``str()`` and an ``encode`` each): 0.1 s of
``write_pdf``, most of what the tags cost beyond WeasyPrint's own ``add_tags``. Here the same
functions take the common types (bytes, ``str``, ``int``, ``float``, pydyf objects) first, by
exact type, in one loop per dictionary or array; anything else goes through pydyf's own
function. The PDF's bytes are unchanged: the 313 KB rules' PDF and a test's tagged PDF come
out byte for byte as pydyf writes them at its deflate level.

Streams are deflated at ``LEVEL`` 6 (zlib's default, as most PDF writers do) instead of
pydyf's 9: on the repetitive structure tree and content streams level 9 spent 0.17 s where 6
spends 0.07 s, for a file 1.3 % larger (rules: 609 → 616 KB); what a reader sees is unchanged.

Written against pydyf's ``_to_bytes``, ``Dictionary.data``, ``Array.data`` and ``Stream.data``
as they are in 0.11–0.13 (``_WRITTEN_AGAINST``): another pydyf, or any of them changed, keeps
pydyf's own code, with one warning.
"""
from __future__ import annotations

import zlib
from typing import Any

#: deflate level of every stream of the PDF (pydyf's own is 9)
LEVEL = 6
#: pydyf versions whose serialization the fast paths repeat (the same code in all three)
_WRITTEN_AGAINST = ("0.11.", "0.12.", "0.13.")
#: pydyf's attribute holding (the deflate level, pydyf's own functions) once adapted
_MARK = "_docpipe_pdfbytes"


def install(level: int | None = None) -> str | None:
    """Apply the adaptation (streams deflated at ``level``, by default ``LEVEL``); return why
    not, in one sentence, when pydyf differs."""
    import pydyf

    level = LEVEL if level is None else level
    installed = getattr(pydyf, _MARK, None)
    if installed is not None and installed[0] == level:
        return None
    original = installed[1] if installed is not None else _originals(pydyf)
    if original is None or not str(getattr(pydyf, "__version__", "")).startswith(
            _WRITTEN_AGAINST):
        return (f"pydyf {getattr(pydyf, '__version__', '?')} is not one docpipe's PDF "
                "serialization was written for (0.11–0.13): tagged PDFs are written slower")
    to_bytes = _fast_to_bytes(original["_to_bytes"], (pydyf.Dictionary, pydyf.Array))
    dictionary_type = pydyf.Dictionary

    def dictionary_data(self: Any) -> bytes:
        parts = [b"<<"]
        append = parts.append
        for key, value in self.items():
            append(b"/" + (key.encode("ascii") if type(key) is str else to_bytes(key)) + b" "
                   + (value if type(value) is bytes else to_bytes(value)))
        append(b">>")
        return b"".join(parts)

    def array_data(self: Any) -> bytes:
        return b"[" + b" ".join([child if type(child) is bytes else to_bytes(child)
                                 for child in self]) + b"]"

    def stream_data(self: Any) -> bytes:
        stream = b"\n".join([item if type(item) is bytes else to_bytes(item)
                             for item in self.stream])
        extra = dictionary_type(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            compressobj = zlib.compressobj(level=level)
            stream = compressobj.compress(stream)
            stream += compressobj.flush()
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    pydyf._to_bytes = to_bytes
    pydyf.Dictionary.data = property(dictionary_data)
    pydyf.Array.data = property(array_data)
    pydyf.Stream.data = property(stream_data)
    setattr(pydyf, _MARK, (level, original))
    return None


def uninstall() -> None:
    """pydyf's own code again (tests compare the two)."""
    import pydyf

    installed = getattr(pydyf, _MARK, None)
    if installed is None:
        return
    original = installed[1]
    pydyf._to_bytes = original["_to_bytes"]
    pydyf.Dictionary.data = original["Dictionary"]
    pydyf.Array.data = original["Array"]
    pydyf.Stream.data = original["Stream"]
    delattr(pydyf, _MARK)


def _fast_to_bytes(general: Any, containers: tuple[type, type]) -> Any:
    """pydyf's ``_to_bytes`` with its common cases first, by exact type: the same bytes.
    ``containers``: pydyf's Dictionary and Array (their ``data``, as pydyf's function takes)."""
    dictionary, array = containers

    def to_bytes(item: Any) -> bytes:
        kind = type(item)
        if kind is bytes:
            return item
        if kind is str:
            return item.encode("ascii")
        if kind is int:
            return b"%d" % item
        if kind is float:
            if item.is_integer():
                return b"%d" % int(item)
            return (b"%f" % item).rstrip(b"0")
        if kind is dictionary or kind is array:
            return item.data
        return general(item)

    return to_bytes


def _originals(pydyf: Any) -> dict[str, Any] | None:
    """pydyf's functions, if they are the code the fast paths were written against."""
    import inspect

    try:
        functions = {"_to_bytes": pydyf._to_bytes, "Dictionary": pydyf.Dictionary.data,
                     "Array": pydyf.Array.data, "Stream": pydyf.Stream.data}
        sources = {name: " ".join(inspect.getsource(getattr(f, "fget", f)).split())
                   for name, f in functions.items()}
    except (AttributeError, OSError, TypeError):
        return None
    expected = {
        "_to_bytes": "isinstance(item, bytes): return item elif isinstance(item, float): if "
                     "item.is_integer(): return str(int(item)).encode('ascii') else: return "
                     "f'{item:f}'.rstrip('0').encode('ascii') elif isinstance(item, Object): "
                     "return item.data return str(item).encode('ascii')",
        "Dictionary": "result = [ b'/' + _to_bytes(key) + b' ' + _to_bytes(value) for key, "
                      "value in self.items()] return b'<<' + b''.join(result) + b'>>'",
        "Array": "return b'[' + b' '.join(_to_bytes(child) for child in self) + b']'",
        "Stream": "stream = b'\\n'.join(_to_bytes(item) for item in self.stream) extra = "
                  "Dictionary(self.extra.copy()) if self.compress: extra['Filter'] = "
                  "'/FlateDecode' compressobj = zlib.compressobj(level=9) stream = "
                  "compressobj.compress(stream) stream += compressobj.flush() "
                  "extra['Length'] = len(stream) return b'\\n'.join((extra.data, b'stream', "
                  "stream, b'endstream'))",
    }
    if any(expected[name] not in sources[name] for name in expected):
        return None
    return functions
