"""The one place that decides which files a build may read: the project root (and the folders
docpipe.toml adds with ``resources = [...]``) and the style's folders; never the network.

Every format asks it: images (at parse, for all three), and the stylesheet's ``@import`` and
``url()`` references (PDF and EPUB) through ``check_stylesheet``; the PDF's URL fetcher asks
``allows`` again for whatever WeasyPrint would load.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: How deep local stylesheets may @import each other (a cycle stops at the first repeat).
MAX_IMPORT_DEPTH = 8


@dataclass(frozen=True)
class CheckedStylesheet:
    """A stylesheet with every reference the build may not follow left out, and one warning
    for each reference left out."""

    css: str
    refusals: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourcePolicy:
    """Files under ``roots`` may be read; nothing else, and never the network. The first root
    is the project's (named in refusals)."""

    roots: tuple[Path, ...]

    @classmethod
    def for_build(cls, source: Path, style_folder: Path,
                  project_roots: tuple[Path, ...] = (), *more_styles: Path) -> "ResourcePolicy":
        """The project roots (the source's own folder when none are known) and the styles'."""
        roots = project_roots or (source.parent,)
        return cls(roots=tuple(p.resolve() for p in (*roots, style_folder, *more_styles)))

    @property
    def project_root(self) -> Path:
        return self.roots[0]

    def resolve(self, reference: str, base: Path) -> tuple[Path | None, str | None]:
        """Return (path, None) for an allowed local file, or (None, reason) when refused."""
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc:
            return None, f"'{reference}' is not a local file (docpipe never fetches URLs)"
        name = unquote(parts.path)
        if not name:
            return None, "empty reference"
        if name.startswith("/"):
            # GitHub reads "/docs/x.png" from the repository's root: so do we, from the project's
            target = (self.project_root / name.lstrip("/")).resolve()
            if not target.exists() or not self.allows(target):
                return None, (f"'{reference}' is not a file under the project root "
                              f"{self.project_root} (a path starting with '/' is read from there)")
            return target, None
        if Path(name).is_absolute():   # C:\… on Windows
            return None, (f"'{reference}' is an absolute path; docpipe reads only files inside "
                          f"the project root {self.project_root}, named relative to the source")
        target = (base / name).resolve()
        if not self.allows(target):
            return None, (f"'{reference}' is outside the project root {self.project_root} (to "
                          "read it, add its folder to resources = [...] in docpipe.toml)")
        return target, None

    def allows(self, path: Path) -> bool:
        target = path.resolve()
        return any(target == root or root in target.parents for root in self.roots)

    def check_stylesheet(self, css: str, origin: Path, *, internal: Callable[[str], bool],
                         place: Callable[[Path], str | None]) -> CheckedStylesheet:
        """``css``, whose relative references resolve from the folder of ``origin`` (a style's
        extra.css), with each ``@import`` and ``url()`` decided here: the writer's own
        references (``internal``), ``data:`` URLs and fragments stay; a local file the policy
        allows is ``place``d (its new URL, or None when the format cannot hold such a file),
        a local stylesheet imported is inlined (checked the same way); anything else (a URL,
        a path outside the project, a missing file) is left out with a warning: a dropped
        ``@import`` rule or declaration. Unchanged text comes back as it was, byte for byte."""
        if _only_internal_references(css, internal):
            return CheckedStylesheet(css)
        import tinycss2

        checker = _ReferenceCheck(self, internal, place)
        nodes = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
        kept = checker.rules(nodes, origin, frozenset({origin.resolve()}))
        if not checker.changed:
            return CheckedStylesheet(css)
        return CheckedStylesheet(tinycss2.serialize(kept), tuple(checker.refusals))


_URL = re.compile(r"""url\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|([^"'()\s\\]*))\s*\)""", re.I)


def _only_internal_references(css: str, internal: Callable[[str], bool]) -> bool:
    """True when plain text search proves every reference internal (no escapes, no @import,
    every url() one of the writer's): the common case, decided without a CSS parser."""
    lowered = css.lower()
    if "\\" in css or "@import" in lowered or "image-set" in lowered or "src(" in lowered:
        return False
    found = list(_URL.finditer(css))
    return len(found) == lowered.count("url(") and all(
        internal(next(group for group in match.groups() if group is not None))
        for match in found)


class _ReferenceCheck:
    """One pass over a parsed stylesheet (tinycss2 nodes), editing the nodes in place."""

    def __init__(self, policy: ResourcePolicy, internal: Callable[[str], bool],
                 place: Callable[[Path], str | None]) -> None:
        self.policy, self.internal, self.place = policy, internal, place
        self.refusals: list[str] = []
        self.changed = False

    def rules(self, nodes: list[Any], origin: Path, seen: frozenset[Path]) -> list[Any]:
        kept: list[Any] = []
        for node in nodes:
            if node.type == "at-rule" and node.lower_at_keyword == "import":
                kept.extend(self._import(node, origin, seen))
            else:
                if node.type in ("qualified-rule", "at-rule") and node.content is not None:
                    node.content = self._block(node.content, origin)
                kept.append(node)
        return kept

    def _block(self, tokens: list[Any], origin: Path) -> list[Any]:
        """A block's contents, declaration by declaration (split at top-level ``;``); a nested
        block (a rule inside @media) is checked in turn."""
        kept: list[Any] = []
        chunk: list[Any] = []
        for token in [*tokens, None]:
            if token is not None:
                chunk.append(token)
                if not (token.type == "literal" and token.value == ";"):
                    continue
            for part in chunk:
                if part.type == "{} block":
                    part.content = self._block(part.content, origin)
            if self._references_allowed(chunk, origin):
                kept.extend(chunk)
            else:
                self.changed = True
            chunk = []
        return kept

    def _references_allowed(self, tokens: list[Any], origin: Path) -> bool:
        """Decide every reference outside nested blocks; rewrite the placed ones. False when
        one is refused (the declaration goes)."""
        import tinycss2

        allowed = True
        for container, index, reference, as_string in _references(tokens):
            new = self._decide(reference, origin)
            if new is None:
                allowed = False
            elif new != reference:
                quoted = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
                container[index] = tinycss2.parse_one_component_value(
                    quoted if as_string else f"url({quoted})")
                self.changed = True
        return allowed

    def _decide(self, reference: str, origin: Path) -> str | None:
        """The URL to write for ``reference``, or None (refused: a warning is recorded)."""
        if not reference or reference.startswith("#") or self.internal(reference) or \
                urlsplit(reference).scheme.lower() == "data":
            return reference
        path, refusal = self.policy.resolve(reference, origin.parent)
        if refusal is None and not path.is_file():
            refusal = f"'{reference}' not found"
        if refusal is None:
            new = self.place(path)
            if new is not None:
                return new
            refusal = f"'{reference}' is not a kind of file this format can hold"
        self.refusals.append(f"{origin}: stylesheet reference refused: {refusal}; left out")
        return None

    def _import(self, rule: Any, origin: Path, seen: frozenset[Path]) -> list[Any]:
        """An @import: the imported local stylesheet inlined (in ``@media`` when the rule
        names media), or nothing when refused."""
        import tinycss2

        prelude = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
        found = list(_references(prelude[:1]))
        reference = (prelude[0].value if prelude and prelude[0].type == "string"
                     else found[0][2] if found else "")
        if reference and self.internal(reference):
            return [rule]
        self.changed = True
        path, refusal = self.policy.resolve(reference, origin.parent)
        if refusal is None and not path.is_file():
            refusal = f"'{reference}' not found"
        if refusal is None and (path in seen or len(seen) > MAX_IMPORT_DEPTH):
            refusal = f"'{reference}' imports itself or nests too deeply"
        text = ""
        if refusal is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                refusal = f"'{reference}' cannot be read ({exc})"
        if refusal is not None:
            self.refusals.append(f"{origin}: stylesheet reference refused: {refusal}; left out")
            return []
        nodes = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
        inner = tinycss2.serialize(self.rules(nodes, path, seen | {path}))
        media = tinycss2.serialize(prelude[1:]).strip()
        wrapped = f"@media {media} {{\n{inner}\n}}" if media else inner
        return tinycss2.parse_stylesheet(wrapped, skip_comments=False, skip_whitespace=False)


def _references(tokens: list[Any]):
    """(list, index, reference, is a bare string) for every url() in ``tokens``, and every
    string of an image-set(); nested blocks ({…}) are left to their own pass."""
    for index, token in enumerate(tokens):
        if token.type == "url":
            yield tokens, index, token.value, False
        elif token.type == "function" and token.lower_name in ("url", "src"):
            strings = [t for t in token.arguments if t.type == "string"]
            yield tokens, index, strings[0].value if strings else "", False
        elif token.type == "function":
            if token.lower_name in ("image-set", "-webkit-image-set"):
                for position, argument in enumerate(token.arguments):
                    if argument.type == "string":
                        yield token.arguments, position, argument.value, True
            yield from _references(token.arguments)
        elif token.type in ("() block", "[] block"):
            yield from _references(token.content)
