"""Document → PDF with WeasyPrint; every file it reads goes through the resource policy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from docpipe.config import PDF_VARIANTS
from docpipe.errors import DocpipeError
from docpipe.text.titles import WORD_JOINER

if TYPE_CHECKING:
    from docpipe.model.document import Document
    from docpipe.model.theme import Theme
    from docpipe.policy import ResourcePolicy


#: URL scheme of the font subsets handed to WeasyPrint from memory
FONT_SCHEME = "docpipe-font"


@dataclass(frozen=True)
class Prepared:
    """Everything WeasyPrint needs for one PDF, made without importing it: the HTML with its
    stylesheet, the font subsets it refers to, where relative URLs resolve, what may be read.
    Picklable, so a worker process that imported WeasyPrint early can take it."""

    html: str
    base_url: str | None
    policy: ResourcePolicy
    fonts: dict[str, bytes]


def render(document: Document, theme: Theme, dest: Path) -> None:
    """Lay out the document and write ``dest``; what fell back is in the document's warnings."""
    write(prepare(document, theme), dest, warn=document.warnings.append)


def prepare(document: Document, theme: Theme, *, edit: Callable[[Any], None] | None = None,
            extra_css: str = "") -> Prepared:
    """The HTML tree, the faces cut to what it shows, and the stylesheet declaring them.
    ``edit`` changes the tree before the faces are cut, ``extra_css`` comes last (a redline's
    summary and marks)."""
    # imported here, not at the top: a PDF worker imports this module to write, and these
    # (lxml, the stylesheet builders: ~25 ms) only delay its WeasyPrint import, the critical
    # path of a PDF build
    from docpipe.policy import ResourcePolicy
    from docpipe.write import faces, gongwen, html
    from docpipe.write.pdf.limits import check_paragraph_lengths

    check_paragraph_lengths(document)
    official = gongwen.active(document, theme)
    root = html.html_tree(document, title_chars=theme.title_chars_per_line,
                          autospace="char" if theme.text.autospace else "none",
                          output_suffix="pdf", theme=None if official else theme, notes="foot",
                          hold_words=True, heading_chars=_heading_chars(theme))
    # Images by absolute file URL and no base URL: a relative link (to another output of the
    # build) then stays relative in the PDF instead of becoming the builder's file:// path.
    images = {src: image.path.resolve().as_uri() for src, image in document.images.items()}
    for img in root.iter("img"):
        if img.get("src") in images:
            img.set("src", images[img.get("src")])
    _numbered_from_start(root)
    if official:   # a 公文: 版头, 主体, 附件, 版记 replace the title block and the body
        from docpipe.write.gongwen import html as gongwen_html

        gongwen_html.fill_body(root.find("body"), document, theme, images)
    if edit is not None:
        edit(root)
    # The same subsets the EPUB embeds; page numbers are drawn from the body face too.
    embedded = faces.subset_faces(theme, [root], None,
                                  extra_text=theme.page.page_number)
    # The subsets are served from memory under a private scheme, not inlined as base64:
    # WeasyPrint's HTML and CSS parsers would otherwise scan hundreds of KB of data: URLs.
    memory = {f"{FONT_SCHEME}:{face.name}": face.data for face in embedded}
    stylesheet = faces.stylesheet_with_faces(
        theme, embedded, lambda face: f"{FONT_SCHEME}:{face.name}", "print")
    # The style's references are decided as the EPUB's are (one warning each, left out); its
    # local files are named absolutely: the page's base URL is the source's folder.
    policy = ResourcePolicy.for_build(document.path, theme.folder, document.resource_roots,
                                      *theme.folders)
    checked = policy.check_stylesheet(stylesheet, theme.folder / "extra.css",
                                      internal=memory.__contains__, place=Path.as_uri)
    document.warnings.extend(w for w in checked.refusals if w not in document.warnings)
    html.add_style(root, checked.css)
    from docpipe.write import book, css

    html.add_style(root, book.print_css(document, theme, css.stack(
        theme, theme.roles.body, css.embedded_families(face.role for face in embedded))))
    if official:
        from docpipe.write.gongwen import css as gongwen_css

        html.add_style(root, gongwen_css.stylesheet(
            theme, css.embedded_families(face.role for face in embedded),
            document.meta.gongwen.format))
    if extra_css:
        html.add_style(root, extra_css)
    return Prepared(html.to_html(root), None, policy, memory)


def _heading_chars(theme: Theme) -> tuple[float, ...]:
    """How many full-width characters fit on a line of each heading level, h1 first: the
    text block's width over the level's size (with any extra letter spacing), less its
    first-line indent."""
    width_mm = theme.page_size_mm[0] - theme.margin_mm("inner") - theme.margin_mm("outer")
    spacing = max(0.0, float(theme.text.letter_spacing))
    return tuple(width_mm / 25.4 * 72 / (float(level.size) + spacing) - float(level.indent)
                 for level in theme.headings)


def _numbered_from_start(root: Any) -> None:
    """``<ol start="N">`` numbered from N: WeasyPrint ignores the attribute (readers and the
    DOCX honour it), so a list that a nested list or a paragraph interrupted started at 1
    again in the PDF ("1. 安装 Python … 1. 安装 docpipe")."""
    for listing in root.iter("ol"):
        try:
            start = int(listing.get("start", "1"))
        except ValueError:
            continue
        if start != 1:
            style = listing.get("style")
            reset = f"counter-reset: list-item {start - 1}"
            listing.set("style", f"{style}; {reset}" if style else reset)


def write(prepared: Prepared, dest: Path, warn: Callable[[str], None] | None = None, *,
          inspect: Callable[[Any], None] | None = None, variant: str | None = None) -> None:
    """Lay out ``prepared`` with WeasyPrint, justify the Chinese lines, write the PDF.

    ``warn`` hears, in one sentence each, what fell back to WeasyPrint's plain behaviour (by
    default each is said once per process on stderr): the PDF is always written. ``inspect``
    sees the laid-out document just before it is written (a redline's change bars).
    ``variant`` is one of config.PDF_VARIANTS (PDF/A or PDF/UA), or None: a plain tagged PDF.

    The work runs with room on Python's frame stack (``stack_room``): WeasyPrint's recursion
    otherwise maps and unmaps frame memory on every call at some depths."""
    from docpipe.write.pdf.stack_room import with_room

    with_room(_write, prepared, dest, warn, inspect, variant)


def _write(prepared: Prepared, dest: Path, warn: Callable[[str], None] | None,
           inspect: Callable[[Any], None] | None, variant: str | None) -> None:
    import gc

    weasyprint = import_weasyprint()
    from docpipe.write.pdf import boot, justify, stack_room

    say = warn or _say_once
    options = _pdf_options(weasyprint, variant)
    # the layout adaptations (justification, leaders) skip a WeasyPrint they were not written
    # for; justify.apply says so, once for both
    adapted = boot.major_of(weasyprint.__version__) in boot.WRITTEN_FOR
    for problem in boot.problems:
        say(problem)
    if stack_room.problem:  # laid out without room on the frame stack: slower, the same PDF
        say(stack_room.problem)
    from docpipe.write.pdf import footnotes

    refused = footnotes.install(weasyprint)
    if refused and "footnote" in prepared.html:
        say(refused)
    from docpipe.write.pdf import pagerefs, pdfbytes

    # pydyf's serialization sped up (same bytes) and deflated at zlib's default level
    for refused in (pagerefs.install(), pdfbytes.install() if adapted else None):
        if refused:
            say(refused)
    from docpipe.write.pdf import leaders, renumber, targets

    if adapted and "leader(" in prepared.html:  # a contents: its dots and page numbers
        for refused in (leaders.install(), targets.install(), renumber.install()):
            if refused:
                say(refused)
    # Layout allocates millions of short-lived objects that form few reference cycles; the
    # cyclic GC's default pace (every 700 allocations) spent 5-8 % of the time finding none.
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        def lay_out():
            rendered = weasyprint.HTML(
                string=prepared.html, base_url=prepared.base_url,
                url_fetcher=_fetcher(prepared.policy, prepared.fonts)).render()
            if '<body class="gongwen' in prepared.html:
                # a 公文: its 主送 kept off page 1's text, its 版记 on the last (even) page
                from docpipe.write.gongwen import imprint

                rendered = imprint.finish(rendered, lambda html: weasyprint.HTML(
                    string=html, base_url=prepared.base_url,
                    url_fetcher=_fetcher(prepared.policy, prepared.fonts)).render(),
                    prepared.html)
            for problem in (leaders.problems.take() + targets.problems.take()
                            + renumber.problems.take()):
                say(problem)
            for page in rendered.pages:  # outline titles without html.py's word joiners
                page.bookmarks = [(level, label.replace(WORD_JOINER, ""), *rest)
                                  if isinstance(label, str) else (level, label, *rest)
                                  for level, label, *rest in page.bookmarks]
            return rendered

        rendered = lay_out()
        try:
            report = justify.apply(rendered)
            if inspect is not None:
                inspect(rendered)
            rendered.write_pdf(dest, **options)
        except justify.AdapterFailed as failure:
            # boxes may be half moved: lay out again and write WeasyPrint's own lines
            say(str(failure))
            rendered = lay_out()
            if inspect is not None:
                inspect(rendered)
            rendered.write_pdf(dest, **options)
        else:
            if report.skipped:
                say(report.skipped)
    finally:
        gc.set_threshold(*threshold)


def _pdf_options(weasyprint: Any, variant: str | None) -> dict[str, Any]:
    """write_pdf's options: reproducible bytes, tagged, in ``variant`` if asked."""
    options: dict[str, Any] = {"pdf_identifier": None, "uncompressed_pdf": False,
                               "pdf_tags": True}
    if variant is not None:
        from weasyprint.pdf import VARIANTS

        if variant not in VARIANTS:
            raise DocpipeError(f"WeasyPrint {weasyprint.__version__} cannot write {variant}",
                               fix=f"use one of {', '.join(v for v in PDF_VARIANTS if v in VARIANTS)}")
        options["pdf_variant"] = variant
    return options


def import_weasyprint():
    """WeasyPrint, imported with its C declarations pre-parsed and without the fontTools
    modules it does not use for docpipe's fonts (see ``boot``)."""
    from docpipe.write.pdf import boot

    boot.prepare_import()
    import weasyprint

    return weasyprint


_said: set[str] = set()


def _say_once(message: str) -> None:
    """A warning on stderr, once per process (a worker writes many PDFs)."""
    import sys

    if message not in _said:
        _said.add(message)
        print(f"docpipe: warning: {message}", file=sys.stderr)


def _fetcher(policy: ResourcePolicy, memory: dict[str, bytes]):
    """A url_fetcher that serves only local files the policy allows (and data: URLs); it never
    touches the network. WeasyPrint 70 wants a URLFetcher object, earlier versions a function."""
    from urllib.parse import unquote, urlsplit

    from weasyprint import urls

    def check(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return
        if parts.scheme == "file" and policy.allows(Path(unquote(parts.path))):
            return
        raise ValueError(f"docpipe does not fetch {url} (outside the project or remote)")

    def font_type(data: bytes) -> str:
        return "font/otf" if data[:4] == b"OTTO" else "font/ttf"

    if hasattr(urls, "URLFetcher"):
        class ProjectFetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                if url in memory:
                    return urls.URLFetcherResponse(
                        url, memory[url], {"Content-Type": font_type(memory[url])})
                check(url)
                return super().fetch(url, headers)

        return ProjectFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(url: str, *args, **kwargs):
        if url in memory:
            return {"string": memory[url], "mime_type": font_type(memory[url]),
                    "redirected_url": url}
        check(url)
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch
