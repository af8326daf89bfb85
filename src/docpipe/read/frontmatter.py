"""YAML front matter: split it from the Markdown and check it against one schema."""
from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path
from typing import Any

from docpipe.errors import FrontMatterError
from docpipe.model import gongwen
from docpipe.records import Record, record


@record
class Field(Record):
    """One known front-matter key."""

    types: tuple[type, ...]
    doc: str


#: Every key docpipe knows. ``title`` is required only when the body has no heading.
SCHEMA: dict[str, Field] = {
    "title": Field((str, list), "the title shown on the first page and in metadata (a list: "
                   "its lines)"),
    "title_editorial": Field((bool,), "true when the title was supplied by the editor, not the author"),
    "subtitle": Field((str,), "a line under the title"),
    "author": Field((str, list), "author name, or a list of names"),
    "credits": Field((dict, str), "page credits, e.g. {统筹: 阳旭辉, 执行: [姚永军, 颜冕]}"),
    "lang": Field((str,), "BCP 47 language tag; default zh-CN"),
    "date": Field((_dt.date, str), "publication date, YYYY-MM-DD"),
    "source": Field((str,), "where the text came from"),
    "publisher": Field((str,), "publishing organisation"),
    "description": Field((str,), "one-sentence summary, used in metadata"),
    "keywords": Field((list,), "list of keywords"),
    "rights": Field((str,), "copyright or licence statement"),
    "identifier": Field((str,), "a stable identifier (URN, ISBN …) for the EPUB"),
    "style": Field((str,), "default style name for this source"),
    "cover": Field((str,), "the EPUB's cover picture, a file in the project (PNG, JPEG, SVG …); "
                   "without one, a cover is typeset from the title"),
    "toc": Field((bool,), "true: a table of contents after the title; false: none (the style's "
                 "[contents] show decides otherwise)"),
    "toc_depth": Field((int,), "heading levels the contents lists (default: the style's)"),
}

#: 公文 keys (GB/T 9704-2012, model/gongwen.py checks their values)
_GONGWEN_TYPES: dict[str, tuple[type, ...]] = {
    "copy_number": (str, int), "issuer": (str, list), "issuer_mark": (str, bool),
    "signer": (str, list), "recipients": (str, list), "attachments": (str, list),
    "signature": (str, list), "seal": (bool, str, list), "cc": (str, list),
    "print_date": (_dt.date, str), "present": (str, list), "absent": (str, list),
    "attending": (str, list)}
SCHEMA.update({key: Field(_GONGWEN_TYPES.get(key, (str,)), f"{term}: {doc}")
               for key, (term, doc) in gongwen.KEYS.items()})


def split(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (metadata, markdown body, number of lines the front matter took)."""
    block = _block(text, path)
    if block is None:
        return {}, text, 0
    raw, body, lines_taken = block
    return _load_yaml(raw, path), body, lines_taken


def _block(text: str, path: Path) -> tuple[str, str, int] | None:
    """(the front matter's YAML, the body after it, the lines it takes with its fences); None
    when the text has none."""
    if not text.startswith("---\n"):
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError("front matter starts with '---' but never ends", path=path, line=1,
                               fix="add a line '---' after the last metadata line")
    return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 1


def named_style(path: Path, encoding: str | None = None) -> str | None:
    """The style the front matter of ``path`` names (``style: NAME``), else None: what a
    build plans with, before it knows whether anything is to be written.

    The YAML is read (and checked, as the parse checks it) only when it could name one: a
    key ``style`` is spelt out in it, or hidden behind a double-quoted escape ("st\\x79le").
    Other front matter is left to the parse, which checks all of it; so a no-op build of a
    source without ``style:`` skips PyYAML's import and the read (~20 ms of its ~110 ms).
    """
    from docpipe.read.source import decoded_source

    text = decoded_source(path, encoding)
    block = _block(text, path)
    if block is None or ("style" not in block[0] and "\\" not in block[0]):
        return None
    meta = _load_yaml(block[0], path)
    validate(meta, text, path)
    style = meta.get("style")
    return style.strip() if isinstance(style, str) and style.strip() else None


def _load_yaml(raw: str, path: Path) -> dict[str, Any]:
    import yaml

    try:
        return _checked_yaml(raw, path, yaml)
    except ValueError as exc:   # YAML's own date reading: 2024-02-30 is no day
        line, value = _impossible_date(raw)
        raise FrontMatterError(f"{value or 'a date'} is not a date that exists ({exc})",
                               path=path, line=line,
                               fix="write a day that exists, as YYYY-MM-DD") from None


def _impossible_date(raw: str) -> tuple[int | None, str | None]:
    """The line (counted in the file) and value of the first YYYY-MM-DD that is no day."""
    for number, line in enumerate(raw.split("\n"), start=2):
        for found in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                _dt.date(*map(int, found.groups()))
            except ValueError:
                return number, found.group()
    return None, None


def _checked_yaml(raw: str, path: Path, yaml: Any) -> dict[str, Any]:
    try:
        try:  # libyaml's parser where PyYAML has it: the same data, 0.04 s sooner
            data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
        except yaml.YAMLError:  # the pure-Python parser places errors better ("[unclosed")
            data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", path=path, line=line,
                               fix="check the quoting and the 'key: value' layout") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of 'key: value' lines", path=path,
                               line=2, fix="write one 'key: value' per line")
    return data


#: Keys that site generators read from the same files (Jekyll, Hugo, Hexo, VuePress/VitePress,
#: Docusaurus, MkDocs, GitBook): docpipe ignores them without a word, since they belong there
#: (a Hexo post's tags, categories and updated were three warnings on every build).
SITE_GENERATOR_KEYS = frozenset({
    "aliases", "banner", "bookcollapsesection", "bookflatsection", "bookhidden", "booktoc",
    "categories", "category", "comments", "copyright", "custom_edit_url", "draft", "editlink",
    "excerpt", "expirydate", "featured", "features", "footer", "grand_parent", "has_children",
    "head", "hero", "hidden", "hide", "home", "id", "image", "katex", "lastmod", "lastupdated",
    "layout", "mathjax", "menu", "nav_exclude", "nav_order", "navbar", "next", "order",
    "outline", "pageclass", "parent", "permalink", "prev", "publishdate", "published",
    "redirect_from", "search", "series", "sidebar", "sidebar_label", "sidebar_position",
    "sidebardepth", "slug", "sticky", "summary", "tag", "tags", "template", "thumbnail",
    "titletemplate", "top", "type", "updated", "url", "weight"})


def _site_generators(key: str) -> bool:
    return key.lower() in SITE_GENERATOR_KEYS


def problems(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Schema problems as (key, message) pairs; empty when the metadata is valid."""
    found = []
    for key, value in meta.items():
        field = SCHEMA.get(str(key))
        if field is None and _site_generators(str(key)):
            continue
        if field is None:
            near = misspelt(str(key))
            found.append((str(key), f"unknown front-matter key '{key}' (did you mean '{near}'?)"
                          if near else f"front-matter key '{key}' is not one docpipe uses: "
                          "the build ignores it (a site generator's key? ignore the rule "
                          "front-matter-unknown-key in docpipe.toml's [check])"))
        elif value is not None and not isinstance(value, field.types):
            wanted = " or ".join(_type_name(t) for t in field.types)
            found.append((str(key), f"front-matter key '{key}' must be {wanted}, "
                                    f"not {_type_name(type(value))}"))
    return found


def key_line(raw_text: str, key: str) -> int | None:
    """The 1-based line of ``key:`` in the front matter of ``raw_text``, if present."""
    for number, line in enumerate(raw_text.split("\n")[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def validate(meta: dict[str, Any], raw_text: str, path: Path) -> None:
    """Raise FrontMatterError for the first type problem, or for an unknown key that looks
    like a misspelt known one (``authors`` → ``author``). Other unknown keys (a site
    generator's ``layout``, ``tags`` …) are warnings (``ignored_keys``)."""
    for key, message in problems(meta):
        if key in SCHEMA:
            raise FrontMatterError(message, path=path, line=key_line(raw_text, key),
                                   fix=f"{key}: {SCHEMA[key].doc}")
        near = misspelt(key)
        if near:
            raise FrontMatterError(f"unknown front-matter key '{key}'", path=path,
                                   line=key_line(raw_text, key),
                                   fix=f"did you mean '{near}'? {near}: {SCHEMA[near].doc}")


#: the ``docpipe check`` rule that finds unknown keys; ignoring it in docpipe.toml's [check]
#: silences the build's warning too
UNKNOWN_KEY_RULE = "front-matter-unknown-key"


def ignored_keys(meta: dict[str, Any], raw_text: str, path: Path) -> list[str]:
    """One warning per unknown key that is no slip of a known one (those are errors, see
    ``validate``): the build ignores it, and says so, with the nearest known key if any."""
    warnings = []
    for key in meta:
        if str(key) in SCHEMA or _site_generators(str(key)) or misspelt(str(key)):
            continue
        near = difflib.get_close_matches(str(key).lower(), SCHEMA, n=1, cutoff=0.7)
        hint = f"the nearest known key is '{near[0]}' ({SCHEMA[near[0]].doc}); " if near else ""
        warnings.append(f"{path}:{key_line(raw_text, str(key)) or '?'}: front-matter key "
                        f"'{key}' is not one docpipe uses, so the build ignores it ({hint}if "
                        f"it is meant for another tool, ignore the rule {UNKNOWN_KEY_RULE} in "
                        "docpipe.toml's [check])")
    return warnings


def misspelt(key: str) -> str | None:
    """The known key an unknown one is a slip of, if it is close enough to be one."""
    found = difflib.get_close_matches(str(key).lower(), SCHEMA, n=1, cutoff=0.8)
    return found[0] if found else None


def _type_name(kind: type) -> str:
    return {str: "text", list: "a list", dict: "a mapping", bool: "true/false",
            _dt.date: "a date", int: "a number", float: "a number"}.get(kind, kind.__name__)
