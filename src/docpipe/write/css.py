"""Theme → CSS: the one stylesheet that the PDF and the EPUB share (print rules for PDF only)."""
from __future__ import annotations

from docpipe.text import typography
from docpipe.write import book, callouts
from docpipe.model.theme import Theme


def stack(theme: Theme, role: str, embedded: dict[str, str] | None = None) -> str:
    """CSS font-family list for a role, an embedded face (EPUB subset, style font) first."""
    names = list(theme.font(role).families)
    if embedded and role in embedded:
        names.insert(0, embedded[role])
    if embedded and "body" in embedded and embedded["body"] not in names:
        # the embedded body subset holds every character: a reader without CJK fonts falls
        # back to it for code and other roles instead of showing boxes
        generic = next((i for i, n in enumerate(names)
                        if n in ("serif", "sans-serif", "monospace")), len(names))
        names.insert(generic, embedded["body"])
    return ", ".join(n if n in ("serif", "sans-serif", "monospace") else f'"{n}"'
                     for n in dict.fromkeys(names))


def embedded_families(roles) -> dict[str, str]:
    """The family each embedded role's @font-face declares. Not the font's own name: fontconfig
    would then prefer the installed (whole) font of that name over the embedded subset."""
    return {role: f"docpipe-{role}" for role in roles}


def stylesheet(theme: Theme, *, media: str, font_faces: dict[str, str] | None = None) -> str:
    """The CSS for ``media`` "print" (PDF) or "screen" (EPUB).

    ``font_faces`` maps a role to a URL of a font file to declare with @font-face and put first
    in that role's stack (the EPUB's embedded subset, a style folder's licensed font).
    """
    faces = font_faces or {}
    families = embedded_families(faces)
    parts = [_font_faces(faces, families, theme), _body(theme, families), _headings(theme, families),
             _title_block(theme, families), _inline(theme, families), _blocks(theme, families),
             callouts.css(stack(theme, theme.roles.strong, families)), typography.CSS,
             book.screen_css(theme)]
    if media == "print":
        parts.append(_page(theme, families))
    parts.append(theme.extra_css)
    return "\n".join(parts)


def _font_faces(faces: dict[str, str], families: dict[str, str], theme: Theme) -> str:
    rules = []
    for role, url in faces.items():
        weight = theme.font(role).weight
        rules.append(f'@font-face {{ font-family: "{families[role]}"; src: url("{url}"); '
                     f'font-weight: {weight}; font-style: normal; }}')
    return "\n".join(rules)


def _body(theme: Theme, fam: dict[str, str]) -> str:
    size = theme.body_size
    line = f"{theme.line_pitch}pt" if theme.line_pitch else f"{theme.line_height}"
    text, roles = theme.text, theme.roles
    return f"""
html {{ font-size: {size}pt; }}
body {{ font-family: {stack(theme, roles.body, fam)}; font-size: {size}pt; line-height: {line};
  color: {text.color}; text-align: {text.align};
  letter-spacing: {text.letter_spacing}pt; margin: 0; orphans: {text.orphans}; widows: {text.widows};
  font-kerning: none; font-variant-east-asian: simplified; overflow-wrap: break-word;
  hyphens: auto; }}
p {{ margin: 0 0 {text.paragraph_spacing}pt 0;
  text-indent: {theme.indent_chars}em; }}
p.lead {{ font-family: {stack(theme, roles.lead, fam)}; }}
"""


def _headings(theme: Theme, fam: dict[str, str]) -> str:
    line = f"{theme.line_pitch}pt" if theme.line_pitch else "1.4"
    rules = [f"h1, h2, h3, h4, h5, h6 {{ color: {theme.headings.color}; "
             "page-break-after: avoid; break-after: avoid; "
             f"text-align: left; line-height: {line}; }}"]
    for level, heading in enumerate(theme.headings, start=1):
        rules.append(
            f"h{level} {{ font-family: {stack(theme, heading.font, fam)}; "
            f"font-size: {heading.size}pt; font-weight: {'bold' if heading.bold else 'normal'}; "
            f"text-align: {heading.align}; margin: {heading.before}pt 0 {heading.after}pt 0; "
            f"text-indent: {heading.indent}em; "
            f"bookmark-level: {level}; }}")
    return "\n".join(rules)


def _title_block(theme: Theme, fam: dict[str, str]) -> str:
    title, roles = theme.title, theme.roles
    return f"""
header.title-block {{ text-align: {title.align};
  margin: 0 0 {title.space_after}pt 0; }}
header.title-block .title {{ font-family: {stack(theme, roles.title, fam)};
  font-size: {title.size}pt; font-weight: {theme.font(roles.title).weight}; line-height: 1.35;
  margin: 0 0 6pt 0; text-indent: 0; color: {title.color}; bookmark-level: none;
  text-align: {title.align}; }}
header.title-block .subtitle {{ font-family: {stack(theme, roles.subtitle, fam)};
  font-size: {title.subtitle_size}pt; text-indent: 0; margin: 0 0 6pt 0;
  text-align: {title.align}; }}
header.title-block .credits {{ font-size: {title.credits_size}pt; text-indent: 0;
  margin: 0; text-align: {title.align}; }}
"""


def _inline(theme: Theme, fam: dict[str, str]) -> str:
    inline, roles = theme.inline, theme.roles
    return f"""
em {{ font-style: normal; font-family: {stack(theme, roles.emphasis, fam)}; }}
strong {{ font-weight: bold; font-family: {stack(theme, roles.strong, fam)}; }}
em strong, strong em {{ font-weight: bold; }}
/* Inline faces with other ascent/descent ratios would make their line taller than the
   paragraph's pitch; a 1.0 line-height keeps them inside the strut (gongwen's 22-line grid). */
em, strong, code, a, del {{ line-height: 1; }}
code {{ font-family: {stack(theme, roles.code, fam)}; font-size: {inline.code_size}pt; }}
code span.code-word {{ white-space: nowrap; }}   /* never "find . -" / "iname" */
span.word {{ white-space: nowrap; }}   /* a heading's word in the EPUB (word_breaks.py) */
code {{ hyphens: manual; }}   /* a command to type is never hyphenated */
a {{ color: {inline.link_color}; text-decoration: none; }}
sup, sub {{ font-size: 0.7em; line-height: 0; }}
del {{ text-decoration: line-through; }}
"""


def _blocks(theme: Theme, fam: dict[str, str]) -> str:
    b, roles = theme.blocks, theme.roles
    return f"""
blockquote {{ margin: 0.5em 0 0.5em {b.quote_indent}em; padding: 0;
  color: {b.quote_color}; font-family: {stack(theme, roles.quote, fam)}; }}
ul, ol {{ margin: 0.3em 0 0.3em 2em; padding: 0; }}
li {{ margin: 0; }}
li p, td p, th p, blockquote li p, dd p {{ text-indent: 0; }}
dt {{ font-weight: bold; font-family: {stack(theme, roles.term, fam)}; }}
dd {{ margin: 0 0 0.3em 2em; }}
pre {{ font-family: {stack(theme, roles.code, fam)}; font-size: {b.code_size}pt;
  line-height: 1.45; background: {b.code_fill}; padding: 0.6em 0.8em;
  margin: 0.5em 0; white-space: pre-wrap; text-align: left; text-indent: 0;
  overflow-wrap: anywhere; }}
pre code {{ font-size: inherit; }}
hr {{ border: none; border-top: 0.5pt solid {b.rule_color}; margin: 0.8em 20%; }}
table {{ border-collapse: collapse; margin: 0.6em auto; font-size: {b.table_size}pt;
  line-height: {b.table_line_height}; }}
th, td {{ border: 0.5pt solid {b.table_border}; padding: 0.2em 0.5em;
  text-indent: 0; text-align: left; overflow-wrap: anywhere; }}
/* anywhere, not break-word: a long word then narrows its column's narrowest width, so a table
   of long words fits the text block (hyphenated first where the language has patterns) */
th {{ background: {b.table_header_fill}; font-family: {stack(theme, roles.table_header, fam)}; }}
figure {{ margin: 0.8em 0; text-align: center; text-indent: 0; page-break-inside: avoid; }}
figure img {{ max-width: 100%; }}
img {{ max-width: 100%; height: auto; }}   /* never wider than its cell, item or text */
figcaption {{ font-size: {b.caption_size}pt; text-indent: 0; text-align: center;
  margin-top: 0.3em; }}
div.footnote {{ font-size: {b.footnote_size}pt; line-height: 1.5; margin-top: 1em; }}
div.footnote p {{ text-indent: 0; }}
div.footnote hr {{ margin: 0.5em 70% 0.5em 0; }}
a.footnote-ref {{ text-decoration: none; }}
"""


def _page(theme: Theme, fam: dict[str, str]) -> str:
    width, height = theme.page_size_mm
    page = theme.page
    top, bottom = theme.margin_mm("top"), theme.margin_mm("bottom")
    inner, outer = theme.margin_mm("inner"), theme.margin_mm("outer")
    before, _, after = page.page_number.partition("{page}")
    content = f'"{before}" counter(page) "{after}"'
    number = (f"content: {content}; font-family: {stack(theme, theme.roles.page_number, fam)}; "
              f"font-size: {page.page_number_size}pt; vertical-align: top; "
              f"padding-top: {page.page_number_gap}mm;")
    if page.page_number_position == "outside":
        inset = "padding-left: 1em; padding-right: 1em;"
        boxes = (f"@page :right {{ @bottom-right {{ {number} text-align: right; {inset} }} }}\n"
                 f"@page :left {{ @bottom-left {{ {number} text-align: left; {inset} }} }}")
    else:
        boxes = f"@page {{ @bottom-center {{ {number} text-align: center; }} }}"
    return f"""
@page {{ size: {width}mm {height}mm; margin: {top}mm {outer}mm {bottom}mm {inner}mm; }}
@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}
{boxes}
h1, h2, h3, h4, h5, h6 {{ break-after: avoid; }}
"""
