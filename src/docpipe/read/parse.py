"""Source file → Document: front matter, the Markdown tree, figures and checked images."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Mapping

from docpipe.read import frontmatter
from docpipe.read.alert_names import name_untitled_alerts
from docpipe.model.document import Document, Image, Metadata, text_of
from docpipe.errors import FrontMatterError, SourceError
from docpipe.policy import ResourcePolicy
from docpipe.model import gongwen
from docpipe.read.gongwen import read_gongwen
from docpipe.read.links import SourceLines, resolve_links
from docpipe.read.markdown import markdown_to_tree
from docpipe.read.notes import number_notes
from docpipe.read.source import read_source
from docpipe.text import titles


def parse_file(path: Path, *, style_folder: Path, encoding: str | None = None,
               resource_roots: tuple[Path, ...] = (),
               outputs: Mapping[Path, str] | None = None,
               warn_unknown_keys: bool = True) -> Document:
    """Read ``path`` and return its Document; raise a DocpipeError on bad input.

    ``resource_roots`` are the folders images may come from (the project root first; default:
    the source's folder); ``outputs`` maps the build's sources to their output names, so that a
    link to one of them leads to its output (read/links.py). With ``warn_unknown_keys``, a
    front-matter key docpipe does not use is a warning (frontmatter.ignored_keys).
    """
    raw = read_source(path, encoding)
    meta_raw, body_md, offset = frontmatter.split(raw, path)
    frontmatter.validate(meta_raw, raw, path)
    body = markdown_to_tree(body_md)
    policy = ResourcePolicy.for_build(path, style_folder, resource_roots)
    official = gongwen.is_gongwen(meta_raw)
    titled = meta_raw
    if official and not meta_raw.get("title"):   # never a body heading: 一、… is not a 标题
        try:
            titled = {**meta_raw, "title": gongwen.default_title(meta_raw)}
        except gongwen.GongwenProblem as problem:
            raise FrontMatterError(problem.message, path=path, line=1, fix=problem.fix) from None
    document = Document(path=path, meta=_metadata(titled, body, path, raw), body=body,
                        resource_roots=policy.roots)
    if warn_unknown_keys:
        document.warnings.extend(frontmatter.ignored_keys(meta_raw, raw, path))
    _drop_repeated_title(document)
    _figures(body)
    name_untitled_alerts(body, document.meta.lang)
    number_notes(body, document.warnings.append, where=str(path), raw=raw)
    _resolve_images(document, policy, raw)
    _resolve_cover(document, policy, raw)
    resolve_links(body, path, raw, document.warnings, outputs, root=policy.project_root)
    if official:
        read_gongwen(document, meta_raw, raw, policy)
    return document


def _drop_repeated_title(document: Document) -> None:
    """An opening ``# heading`` that repeats the title: every format shows the title block
    above the body, so it would stand there twice."""
    first = next((c for c in document.body if isinstance(c.tag, str)), None)
    if first is not None and first.tag == "h1" and text_of(first) == document.meta.title:
        document.body.remove(first)


def _figures(body: Any) -> None:
    """A paragraph holding only an image becomes a figure captioned by its title or alt text."""
    for paragraph in list(body.iter("p")):
        children = list(paragraph)
        if (len(children) == 1 and children[0].tag == "img"
                and not (paragraph.text or "").strip() and not (children[0].tail or "").strip()):
            image = children[0]
            paragraph.tag = "figure"
            caption = image.get("title") or image.get("alt")
            if caption:
                figcaption = paragraph.makeelement("figcaption", {})
                figcaption.text = caption
                paragraph.append(figcaption)


def _resolve_images(document: Document, policy: ResourcePolicy, raw: str) -> None:
    lines = SourceLines(raw)
    for image in list(document.body.iter("img")):
        src = image.get("src", "")
        if not _admit_image(document, policy, src, lines.of(src), "image",
                            "its alt text is shown instead"):
            _replace_with_text(image, image.get("alt") or "")


def _resolve_cover(document: Document, policy: ResourcePolicy, raw: str) -> None:
    """The cover image through the same gate as the body's images; a refused one leaves the
    book with the cover typeset from its title."""
    src = document.meta.cover
    if not src:
        return
    if not _admit_image(document, policy, src, frontmatter.key_line(raw, "cover"),
                        "cover image", "the cover is typeset from the title instead"):
        document.meta.cover = None


def _admit_image(document: Document, policy: ResourcePolicy, src: str, line: int | None,
                 what: str, instead: str) -> bool:
    """Put the image ``src`` (line ``line``) into ``document.images`` if the policy lets the
    build read it; False, with a warning saying what happens ``instead``, if it refuses.
    A missing or broken file is an error naming the line."""
    path, refusal = policy.resolve(src, document.path.parent)
    if refusal:
        document.warnings.append(f"{document.path}:{line or '?'}: {what} refused: {refusal}; "
                                 f"{instead}")
        return False
    if not path.is_file():
        raise SourceError(f"{what} '{src}' not found", path=document.path, line=line,
                          fix="check the file name, relative to the Markdown file")
    from docpipe.images import check_image

    check_image(path, document.path, line)
    document.images[src] = Image(src=src, path=path)
    return True


def _replace_with_text(element: Any, text: str) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    addition = text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + addition
    else:
        parent.text = (parent.text or "") + addition
    parent.remove(element)
    if parent.tag == "figure":
        parent.tag = "p"
        for caption in parent.findall("figcaption"):
            parent.remove(caption)


def _metadata(meta: dict[str, Any], body: Any, path: Path, raw: str) -> Metadata:
    title = meta.get("title")
    if isinstance(title, list):     # a title given line by line (公文: the lines as the author set them)
        title = "".join(str(line) for line in title)
    if not title:
        first = next(body.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
        if first is not None and first.tag == "h1" and text_of(first).strip():
            title = text_of(first)
            body.remove(first) if first.getparent() is body else None
        else:
            title = path.stem
    lines = titles.author_lines(str(title))
    if lines:
        title = titles.joined(lines)
    authors = meta.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    date = meta.get("date")
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.isoformat()[:10]
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip()).isoformat()
        except ValueError:
            raise FrontMatterError(f"date '{date}' is not a date",
                                   path=path, line=frontmatter.key_line(raw, "date"),
                                   fix="write it as YYYY-MM-DD") from None
    return Metadata(
        title=str(title).strip(), lang=str(meta.get("lang") or "zh-CN"), title_lines=lines,
        title_editorial=bool(meta.get("title_editorial", False)),
        subtitle=meta.get("subtitle"), authors=[str(a) for a in authors],
        credits=_credits(meta.get("credits")), date=date, description=meta.get("description"),
        keywords=[str(k) for k in meta.get("keywords") or []], rights=meta.get("rights"),
        identifier=meta.get("identifier"), source=meta.get("source"),
        publisher=meta.get("publisher"), cover=meta.get("cover"), toc=meta.get("toc"),
        toc_depth=meta.get("toc_depth"))


def _credits(value: Any) -> str | None:
    if isinstance(value, dict):
        return "　".join(f"{k} {'、'.join(v) if isinstance(v, list) else v}"
                        for k, v in value.items())
    return str(value) if value else None
