"""``docpipe check``: lint a Markdown source's front matter, structure and Chinese copy; fix it."""
from __future__ import annotations

import bisect
import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docpipe.model import gongwen
from docpipe.read import frontmatter
from docpipe.lint.anchors import follow_renames, heading_ids
from docpipe.lint.rules import Edit, Hit, copy_rules, mask_code, mask_prose
from docpipe.lint.spacing import han_latin
from docpipe.lint.suppress import Directives, RuleChoice, rule_choice
from docpipe.config import CheckSettings
from docpipe.errors import DocpipeError, FrontMatterError, SourceError
from docpipe.files import write_atomically
from docpipe.policy import ResourcePolicy
from docpipe.read.source import read_source

#: Every rule id → what it finds. "(fixable)" marks the rules ``fix_file`` repairs.
RULES: dict[str, str] = {
    "unreadable": "the file cannot be read as a source (missing, binary, wrong encoding …)",
    "front-matter-yaml": "the front matter is not valid YAML or not a mapping",
    "front-matter-unknown-key": "a front-matter key docpipe does not know",
    "front-matter-type": "a front-matter value of the wrong type",
    "front-matter-title": "no title: neither 'title:' nor a level-1 heading first",
    "heading-skip": "a heading more than one level below the one before (# then ###)",
    "empty-link": "a link without target or without text: []() [text]() [](url)",
    "missing-image": "a local image that does not exist",
    "image-outside": "an image outside the project root (and resources = [...])",
    "image-url": "warning: an image given as a URL (never fetched; alt text is shown)",
    "image-format": "an image that is damaged or not PNG, JPEG, GIF, WebP or SVG",
    "footnote-undefined": "a footnote referenced but never defined",
    "footnote-unused": "a footnote defined but never referenced",
    "half-width-punctuation": ", ; : ? ! ( ) in Chinese text (fixable: ，；：？！（）)",
    "unbalanced-pair": "“” ‘’ 《》 （） 【】 that do not pair up within a paragraph",
    "mixed-quotes": "straight \"…\" in Chinese text (fixable when they pair up), or 「」 with “”",
    "repeated-punctuation": "，， 。。 ！！！ (fixable except ！ and ？, which may be deliberate)",
    "full-width-alphanumeric": "ＡＢＣ１２３ (fixable: ABC123)",
    "han-latin-space": "Han–Latin spacing against the convention ([check] han_latin: "
                       "consistent, space or none; fixable)",
}


@dataclass(frozen=True)
class CheckOptions:
    """Which rules run, and the Han–Latin convention (from [check] and the command line)."""

    choice: RuleChoice = RuleChoice()
    han_latin: str = "consistent"
    #: the folders images may come from, as in the build (config's resource_roots: the project
    #: root first); none: the source's folder
    roots: tuple[Path, ...] = ()


DEFAULTS = CheckOptions()


def options_for(settings: CheckSettings, select: tuple[str, ...] = (),
                ignore: tuple[str, ...] = (), han_latin: str | None = None) -> CheckOptions:
    """docpipe.toml's [check] under the command line: --select replaces its select and
    ignore, --ignore adds to its ignore, --han-latin replaces its convention."""
    known = list(RULES)
    ignored = ignore if select else (*settings.ignore, *ignore)
    chosen = rule_choice(select or settings.select, ignored, known,
                         "--select/--ignore" if select or ignore else "[check] of docpipe.toml")
    return CheckOptions(choice=chosen, han_latin=han_latin or settings.han_latin)


@dataclass(frozen=True)
class Finding:
    """One problem in a source file."""

    path: Path  #: the file, as the caller named it
    line: int  #: 1-based line
    column: int  #: 1-based column, counted in characters
    rule: str  #: a key of RULES
    message: str  #: what is wrong and what to write instead
    fixable: bool  #: True when fix_file repairs it


def check_file(path: Path, *, encoding: str | None = None,
               options: CheckOptions = DEFAULTS) -> list[Finding]:
    """Every finding in ``path``; an unreadable file gives one 'unreadable' finding."""
    try:
        text = read_source(path, encoding)
    except (DocpipeError, OSError) as exc:  # OSError: e.g. no permission to read
        return [_unreadable(path, exc)]
    return _findings(path, text, _lint(text, path, options))


def fixed_text(path: Path, *, encoding: str | None = None,
               options: CheckOptions = DEFAULTS) -> tuple[str, str, int]:
    """(text, text with every safe fix, how many fixes): links to a heading whose id a fix
    changes follow it; code, URLs and emoticons are never touched (they are masked)."""
    text = read_source(path, encoding)
    fixed, count = text, 0
    for _ in range(5):  # one fix can reveal another (",," → "，，" → "，"); a few rounds settle
        before = heading_ids(fixed, mask_code(fixed, _front_matter_lines(fixed, path)))
        fixed, applied = _apply(fixed, _lint(fixed, path, options))
        after = heading_ids(fixed, mask_code(fixed, _front_matter_lines(fixed, path)))
        fixed = follow_renames(fixed, before, after)
        count += applied
        if not applied:
            break
    return text, fixed, count


def fix_file(path: Path, *, encoding: str | None = None,
             options: CheckOptions = DEFAULTS) -> tuple[int, list[Finding]]:
    """Apply every safe fix to ``path`` in place; return (findings fixed, findings left)."""
    try:
        _, text, fixed = fixed_text(path, encoding=encoding, options=options)
        raw = path.read_bytes()
    except (DocpipeError, OSError) as exc:
        return 0, [_unreadable(path, exc)]
    if fixed:
        _write_fixed(path, text, raw, encoding)
    return fixed, check_file(path, encoding=encoding, options=options)


def fix_diff(path: Path, *, encoding: str | None = None,
             options: CheckOptions = DEFAULTS) -> str:
    """What ``fix_file`` would change in ``path``, as a unified diff (nothing is written)."""
    import difflib

    try:
        text, fixed, _ = fixed_text(path, encoding=encoding, options=options)
    except (DocpipeError, OSError):
        return ""
    return "".join(difflib.unified_diff(text.splitlines(keepends=True),
                                        fixed.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def _front_matter_lines(text: str, path: Path) -> int:
    try:
        return frontmatter.split(text, path)[2]
    except FrontMatterError:
        return 0


def format_text(findings: list[Finding]) -> str:
    """One ``file:line:col: rule message`` line per finding."""
    return "\n".join(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}" for f in findings)


def format_json(findings: list[Finding]) -> str:
    """A JSON list of {path, line, column, rule, message, fixable} objects, in finding order."""
    return json.dumps([{"path": str(f.path), "line": f.line, "column": f.column, "rule": f.rule,
                        "message": f.message, "fixable": f.fixable} for f in findings],
                      ensure_ascii=False, indent=2)


def _lint(text: str, path: Path, options: CheckOptions = DEFAULTS) -> list[Hit]:
    """The hits in the normalised source ``text`` of ``path`` of the rules that run there,
    in file order."""
    hits, meta, skip = _front_matter(text, path)
    code_masked = mask_code(text, skip)
    hits += _headings(text, code_masked, meta)
    hits += _links_and_images(code_masked, path, options.roots) + _footnotes(code_masked)
    prose = mask_prose(code_masked)
    hits += copy_rules(prose) + han_latin(prose, options.han_latin)
    directives = Directives(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    hits = [hit for hit in hits if options.choice.runs(hit.rule) and not directives.off(
        hit.rule, bisect.bisect_right(starts, hit.offset))]
    return sorted(hits, key=lambda hit: (hit.offset, hit.rule))


def _front_matter(text: str, path: Path) -> tuple[list[Hit], dict[str, Any], int]:
    """Hits, metadata and the number of lines the front matter takes (masked for later rules)."""
    try:
        meta, _, skip = frontmatter.split(text, path)
    except FrontMatterError as exc:
        lines = text.split("\n")
        end = next((i + 1 for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
        message = exc.message + (f" ({exc.fix})" if exc.fix else "")
        return [Hit(_line_offset(text, exc.line or 1), "front-matter-yaml", message)], {}, end
    hits = []
    for key, message in frontmatter.problems(meta):
        rule = "front-matter-type" if key in frontmatter.SCHEMA else "front-matter-unknown-key"
        hits.append(Hit(_line_offset(text, frontmatter.key_line(text, key) or 1), rule, message))
    return hits, meta, skip


_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)", re.M)
_HTML_HEADING = re.compile(r"^ {0,3}<[hH]([1-6])\b", re.M)
# A setext underline needs a paragraph line above it; after a list item, quote, heading or
# HTML line the same dashes are a rule (or list text), not a heading.
_SETEXT = re.compile(r"^(?! {0,3}(?:[*+-][ \t]|\d{1,9}[.)][ \t]|[>#<]))( {0,3}[^\s\x00].*)\n"
                     r" {0,3}(=+|-+)[ \t]*$", re.M)


def _headings(text: str, code_masked: str, meta: dict[str, Any]) -> list[Hit]:
    found = [(m.start(), len(m.group(1))) for m in _ATX.finditer(code_masked)]
    found += [(m.start(), int(m.group(1))) for m in _HTML_HEADING.finditer(code_masked)]
    found += [(m.start(), 1 if m.group(2)[0] == "=" else 2) for m in _SETEXT.finditer(code_masked)]
    found.sort()
    hits = []
    for (_, before), (offset, level) in zip(found, found[1:]):
        if level > before + 1:
            hits.append(Hit(offset, "heading-skip", f"level-{level} heading follows a "
                                                    f"level-{before} heading: use level {before + 1}"))
    # parse.py takes the title from the first heading only when that heading is level 1.
    if not meta.get("title") and (not found or found[0][1] != 1) and \
            gongwen.FORMATS.get(str(meta.get("format"))) != "order":   # an order has no 标题
        hits.append(Hit(0, "front-matter-title", "no title: add 'title:' to the front matter or "
                                                 "begin with a level-1 heading"))
    return hits


_TEXT = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
_TARGET = (r"\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
           r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)")
_LINK = re.compile(r"(?<![!\]\\])" + _TEXT + _TARGET)
_IMAGE = re.compile(r"!" + _TEXT + _TARGET)
_IMAGE_REF = re.compile(r"!\[([^\]\n]*)\] ?\[([^\]\n]*)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]^\n][^\]\n]*)\]:[ \t]*<?([^\s>]+)>?", re.M)
_HTML_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)


def _links_and_images(code_masked: str, path: Path,
                      roots: tuple[Path, ...] = ()) -> list[Hit]:
    hits = []
    for match in _LINK.finditer(code_masked):
        label, target = match.group(1), match.group(2).strip("<>").strip()
        if label.startswith("^"):
            continue
        if not target:
            hits.append(Hit(match.start(), "empty-link", f"link [{label}]() has no target"))
        elif not label.strip():
            hits.append(Hit(match.start(), "empty-link", f"link []({target}) has no text"))
    images = [(m.start(), m.group(2).strip("<>").strip()) for m in _IMAGE.finditer(code_masked)]
    images += [(m.start(), m.group(1) or m.group(2)) for m in _HTML_IMG.finditer(code_masked)]
    definitions = {m.group(1).lower(): m.group(2) for m in _REF_DEF.finditer(code_masked)}
    for match in _IMAGE_REF.finditer(code_masked):
        label = (match.group(2) or match.group(1)).lower()
        if label in definitions:
            images.append((match.start(), definitions[label]))
    return hits + [hit for offset, src in images if (hit := _image(offset, src, path, roots))]


def _image(offset: int, src: str, path: Path, roots: tuple[Path, ...] = ()) -> Hit | None:
    if not src:
        return Hit(offset, "missing-image", "image has no file name")
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return Hit(offset, "image-url", f"warning: image '{src[:80]}' is a URL; docpipe never "
                                        "fetches URLs, so its alt text is shown instead")
    base = path.parent
    # the build's own gate (policy.py), with the build's roots: check and build agree
    policy = ResourcePolicy(roots=tuple(r.resolve() for r in roots) or (base.resolve(),))
    target, refusal = policy.resolve(src, base)
    if src.startswith("/") and refusal:
        return Hit(offset, "missing-image", f"image {refusal}")
    if refusal or target is None:
        return Hit(offset, "image-outside", f"image {refusal}")
    if not target.is_file():
        return Hit(offset, "missing-image", f"image '{src}' not found (relative to {base.name}/)")
    from docpipe.images import ImageError, inspect

    try:
        inspect(target)   # the build's own test: check and build accept the same files
    except ImageError as error:
        return Hit(offset, "image-format", error.message)
    return None


_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\n]+)\]:", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\n]+)\]")


def _footnotes(code_masked: str) -> list[Hit]:
    defined = {m.group(1): m.start() for m in _FOOTNOTE_DEF.finditer(code_masked)}
    definition_starts = {m.start(1) - 2 for m in _FOOTNOTE_DEF.finditer(code_masked)}
    used: set[str] = set()
    hits = []
    for match in _FOOTNOTE_REF.finditer(code_masked):
        if match.start() in definition_starts:
            continue
        used.add(match.group(1))
        if match.group(1) not in defined:
            hits.append(Hit(match.start(), "footnote-undefined",
                            f"footnote [^{match.group(1)}] is referenced but never defined"))
    return hits + [Hit(offset, "footnote-unused", f"footnote [^{label}] is defined but never used")
                   for label, offset in defined.items() if label not in used]


def _apply(text: str, hits: list[Hit]) -> tuple[str, int]:
    """``text`` with every fixable hit whose edits overlap no earlier one applied; and how many."""
    taken: list[Edit] = []
    applied = 0
    for hit in hits:
        if hit.edits and not any(s < te and ts < e for s, e, _ in hit.edits for ts, te, _ in taken):
            taken += hit.edits
            applied += 1
    for start, end, new in sorted(taken, reverse=True):
        text = text[:start] + new + text[end:]
    return text, applied


def _write_fixed(path: Path, text: str, raw: bytes, encoding: str | None) -> None:
    """Replace the file atomically and durably, keeping its BOM, line endings and mode."""
    target = path.resolve()  # replace a symlink's target, not the link
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    try:
        payload = text.encode(encoding or "utf-8")
    except (LookupError, UnicodeEncodeError) as exc:
        raise SourceError(f"cannot write the fixed text as {encoding}: {exc}", path=path,
                          fix="convert the file to UTF-8 first") from None
    if raw.startswith(codecs.BOM_UTF8) and not payload.startswith(codecs.BOM_UTF8):
        payload = codecs.BOM_UTF8 + payload
    write_atomically(path, target, lambda temporary: temporary.write_bytes(payload),
                     durable=True)


def _findings(path: Path, text: str, hits: list[Hit]) -> list[Finding]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    findings = []
    for hit in hits:
        line = bisect.bisect_right(starts, hit.offset)
        findings.append(Finding(path, line, hit.offset - starts[line - 1] + 1, hit.rule,
                                hit.message, bool(hit.edits)))
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1 or len(text)
    return offset


def _unreadable(path: Path, exc: Exception) -> Finding:
    if isinstance(exc, DocpipeError):
        message = exc.message + (f" ({exc.fix})" if exc.fix else "")
        return Finding(path, exc.line or 1, 1, "unreadable", message, False)
    return Finding(path, 1, 1, "unreadable", f"cannot read the file: {exc}", False)
