"""公文 front matter → Document.meta.gongwen: values checked, the seal image resolved, the
`# 附件N` pages matched against the 附件说明."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from docpipe.errors import FrontMatterError, SourceError
from docpipe.model import gongwen
from docpipe.model.document import Document, Image, text_of
from docpipe.policy import ResourcePolicy
from docpipe.read import frontmatter


def read_gongwen(document: Document, meta: dict[str, Any], raw: str,
                 policy: ResourcePolicy) -> None:
    """Set ``document.meta.gongwen`` or raise FrontMatterError naming the key's line."""
    path = document.path
    try:
        parts = gongwen.from_front_matter(meta)
    except gongwen.GongwenProblem as problem:
        raise FrontMatterError(problem.message, path=path,
                               line=frontmatter.key_line(raw, problem.key),
                               fix=problem.fix) from None
    for src in dict.fromkeys(parts.seal_images):
        line = frontmatter.key_line(raw, "seal")
        found, refusal = policy.resolve(src, path.parent)
        if refusal or not found.is_file():
            raise FrontMatterError(f"seal image '{src}' " + (refusal or "not found"), path=path,
                                   line=line, fix="a PNG beside the Markdown file, or seal: true")
        from docpipe.images import check_image

        check_image(found, path, line)
        document.images[src] = Image(src=src, path=found)
    _check_attachments(document, parts, raw)
    document.meta = replace(document.meta, gongwen=parts)


def _check_attachments(document: Document, parts: gongwen.Gongwen, raw: str) -> None:
    _, pages = gongwen.split_body(document.body, text_of)
    for page in pages:
        line = _line(raw, f"# {page.label}")
        if page.number > len(parts.attachments):
            raise SourceError(f"'# {page.label}' has no entry in attachments (附件说明)",
                              path=document.path, line=line,
                              fix=f"list its title as item {page.number} of attachments:")
        wanted = parts.attachments[page.number - 1]
        if page.title != wanted:
            raise SourceError(f"the title under '# {page.label}' is '{page.title}', but "
                              f"attachments item {page.number} is '{wanted}'",
                              path=document.path, line=line,
                              fix="give the attachment the title the 附件说明 lists")


def _line(raw: str, heading: str) -> int | None:
    match = re.search(rf"^{re.escape(heading)}\s*$", raw, re.M)
    return raw.count("\n", 0, match.start()) + 1 if match else None
