"""One style source: a value changed in theme.toml changes the PDF, the DOCX and the EPUB."""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import pdfplumber
import pytest
from conftest import ARTICLE, ROOT, pdf_font_families, run_docpipe
from docx import Document as open_docx
from docx.oxml.ns import qn


@pytest.fixture(scope="module")
def restyled(tmp_path_factory):
    """The article built with a copy of the default style: body 14 pt in LXGW WenKai / 楷体."""
    project = tmp_path_factory.mktemp("project")
    (project / "source").mkdir()
    shutil.copy(ARTICLE, project / "source" / "article.md")
    shutil.copytree(ROOT / "styles" / "default", project / "styles" / "big")
    theme = project / "styles" / "big" / "theme.toml"
    text = theme.read_text(encoding="utf-8")
    text = text.replace("size = 12                   # 小四", "size = 14")
    text = re.sub(r'(\[fonts\.body\]\nfamilies = )\[[^\]]*\]\nword = "宋体"',
                  r'\1["LXGW WenKai", "serif"]\nword = "楷体"', text)
    assert "size = 14" in text and '"LXGW WenKai", "serif"]\nword = "楷体"' in text
    theme.write_text(text, encoding="utf-8")
    result = run_docpipe("build", "--style", "big", cwd=project,
                         env={"SOURCE_DATE_EPOCH": "1606780800"})
    assert result.returncode == 0, result.stderr
    return project / "dist"


def test_pdf_body_follows_the_theme(restyled):
    families = pdf_font_families(restyled / "article.pdf")
    with pdfplumber.open(restyled / "article.pdf") as pdf:
        chars = [c for c in pdf.pages[1].chars  # body text: headings and run-in heads are bold
                 if c["text"] == "的" and "Bold" not in c["fontname"]]
    assert chars and all(abs(c["size"] - 14) < 0.01 for c in chars)
    assert all(families[c["fontname"]] == "LXGW WenKai" for c in chars)


def test_docx_normal_style_follows_the_theme(restyled):
    document = open_docx(restyled / "article.docx")
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "楷体"


def test_epub_css_and_embedded_font_follow_the_theme(restyled):
    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(restyled / "article.epub") as epub:
        css = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
        assert re.search(r"body \{[^}]*font-size: 14(\.0)?pt", css)
        fonts = [n for n in epub.namelist() if re.search(r"\.(woff2?|otf|ttf)$", n)]
        families = {TTFont(io.BytesIO(epub.read(n)))["name"].getDebugName(1) for n in fonts}
    assert any("WenKai" in (family or "") for family in families), families


# ---- the typed theme: one schema, one set of defaults, misspellings caught ------------------

from dataclasses import fields  # noqa: E402

from docpipe.errors import StyleError  # noqa: E402
from docpipe.model import theme_reference, theme_schema  # noqa: E402
from docpipe.model.theme import load_theme  # noqa: E402

DEFAULT_TOML = (ROOT / "styles" / "default" / "theme.toml").read_text(encoding="utf-8")
#: The keys whose defaults the formats used to disagree on (strong and quote fonts, sizes).
OMITTED = ("strong_font", "quote_font", "page_number_size", "table_size", "code_size",
           "caption_size", "subtitle_size", "credits_size")


def _style(tmp_path, text: str, name: str = "mine"):
    folder = tmp_path / "styles" / name
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(text, encoding="utf-8")
    return folder


def _without(keys) -> str:
    text = re.sub(rf"(?m)^({'|'.join(keys)}) = .*\n", "", DEFAULT_TOML)
    assert not re.search(rf"(?m)^({'|'.join(keys)}) =", text)
    return text


@pytest.mark.fast
def test_unknown_key_is_one_line_naming_file_key_and_nearest(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    shutil.copy(ARTICLE, project / "source" / "article.md")
    text = DEFAULT_TOML.replace('strong_font = "heading"', 'strong_fnt = "heading"', 1)
    assert "strong_fnt" in text
    folder = _style(project, text, "typo")
    result = run_docpipe("build", "--style", "typo", "-f", "docx", cwd=project)
    assert result.returncode in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    line = text.splitlines().index('strong_fnt = "heading"     # run-in heads and **strong** '
                                   'in bold Hei') + 1
    assert f"{folder / 'theme.toml'}:{line}:" in lines[0]
    assert "[inline] strong_fnt" in lines[0] and "did you mean strong_font?" in lines[0]
    assert not (project / "dist" / "article.docx").exists()


@pytest.mark.fast
@pytest.mark.parametrize("old, new, expected", [
    ("[blocks]", "[blcoks]", "unknown section [blcoks] (did you mean [blocks]?)"),
    ("[paper.A5.text]\nsize", "[paper.A5.text]\nsise", "[paper.A5.text] sise (did you mean size?)"),
    ("h1 = { size = 16,", "h1 = { szie = 16,", "[headings.h1] szie (did you mean size?)"),
    ("weight = 900", "wieght = 900", "[fonts.title] wieght (did you mean weight?)"),
    ('quote_font = "emphasis"', 'quote_font = "emphasys"', 'did you mean "emphasis"?'),
    ('link_color = "#1f4e8c"', 'link_color = "blue"', '[inline] link_color must be a colour'),
    ("margin_top = 25", "margin_top = 0", "[page] margin_top must be a positive number"),
])
def test_misspelt_or_invalid_values_name_the_key_and_the_nearest(tmp_path, old, new, expected):
    assert old in DEFAULT_TOML
    folder = _style(tmp_path, DEFAULT_TOML.replace(old, new, 1))
    # the A5 override's typo is caught when building A4 as well
    with pytest.raises(StyleError) as caught:
        load_theme(str(folder), paper="A4")
    assert expected in str(caught.value) and str(folder / "theme.toml") in str(caught.value)


def test_a_theme_that_is_not_utf8_or_not_toml_is_a_style_error(tmp_path):
    folder = _style(tmp_path, "")
    (folder / "theme.toml").write_bytes(DEFAULT_TOML.encode("gb18030"))
    with pytest.raises(StyleError, match="not UTF-8"):
        load_theme(str(folder))
    (folder / "theme.toml").write_text("[page\n", encoding="utf-8")
    with pytest.raises(StyleError, match="not valid TOML"):
        load_theme(str(folder))


@pytest.mark.fast
def test_every_schema_field_has_a_docstring():
    schemas = [theme_schema.General, theme_schema.FontRole, theme_schema.Heading,
               *theme_schema.SECTIONS.values()]
    for schema in schemas:
        assert (schema.__doc__ or "").strip(), schema
        for spec in fields(schema):
            assert len(spec.metadata.get("doc", "")) > 5, f"{schema.__name__}.{spec.name}"


@pytest.mark.fast
def test_the_defaults_are_the_default_styles_values(tmp_path):
    """A theme that sets only its fonts looks like styles/default (A4) in every other value."""
    fonts_only = "\n".join(re.findall(r"(?ms)^\[fonts\.\w+\].*?(?=^\[(?!fonts))", DEFAULT_TOML))
    assert fonts_only.count("families") == 5
    bare = load_theme(str(_style(tmp_path, fonts_only)))
    default = load_theme("default", search_from=[ROOT], paper="A4")
    for section in (*theme_schema.SECTIONS, "roles"):
        assert getattr(bare, section) == getattr(default, section), section


def _css_rule(stylesheet: str, selector: str, prop: str) -> str:
    found = re.search(rf"(?m)^{re.escape(selector)} \{{[^}}]*?{prop}: ([^;]+);", stylesheet)
    assert found, (selector, prop)
    return found.group(1)


def test_omitted_fonts_and_sizes_agree_in_css_and_docx(tmp_path):
    """Strong, Quote, subtitle, terms and the sizes and page-number gap once differed between
    the PDF/EPUB and the DOCX."""
    from docpipe.read.parse import parse_file
    from docpipe.write import css
    from docpipe.write.docx.writer import render

    text = re.sub(r'(\[fonts\.title\]\nfamilies = )\[[^\]]*\]', r'\1["FandolSong", "serif"]',
                  _without(OMITTED))   # the title's stack differs from the body's, as its word does
    theme = load_theme(str(_style(tmp_path, text)))
    sheet = css.stylesheet(theme, media="print")
    dest = tmp_path / "article.docx"
    document = parse_file(ARTICLE, style_folder=theme.folder)
    document.build_date = "2024-05-01"
    render(document, theme, dest)
    styles = open_docx(dest).styles

    css_role = {css.stack(theme, role): role for role in theme.fonts}
    word_role = {theme.font(role).word: role for role in theme.fonts}
    assert len(word_role) == len(css_role) == 5   # each role recognisable by its fonts
    for selector, style, expected in (("strong", "Strong", "heading"),
                                      ("blockquote", "Quote", "emphasis"),
                                      ("em", "Emphasis", "emphasis"),
                                      ("header.title-block .subtitle", "Subtitle", "heading"),
                                      ("dt", "Definition Term", "heading")):
        in_css = css_role[_css_rule(sheet, selector, "font-family")]
        fonts = styles[style].element.rPr.find(qn("w:rFonts"))
        in_docx = word_role[fonts.get(qn("w:eastAsia"))]
        assert in_css == in_docx == expected, (selector, in_css, in_docx)

    number_size = re.search(r"counter\(page\) \"[^\"]*\"; font-family: [^;]+; font-size: "
                            r"([\d.]+)pt", sheet).group(1)
    for css_size, style, expected in (
            (number_size, "Footer", 10.5),
            (_css_rule(sheet, "table", "font-size"), "Table Text", 10.5),
            (_css_rule(sheet, "pre", "font-size"), "Code Block", 9),
            (_css_rule(sheet, "code", "font-size"), "Code", 10.5),
            (_css_rule(sheet, "figcaption", "font-size"), "Caption", 10.5),
            (_css_rule(sheet, "header.title-block .subtitle", "font-size"), "Subtitle", 16),
            (_css_rule(sheet, "header.title-block .credits", "font-size"), "Credits", 10.5)):
        assert float(css_size.removesuffix("pt")) == styles[style].font.size.pt == expected, style

    gap = float(re.search(r"padding-top: ([\d.]+)mm", sheet).group(1))
    section = open_docx(dest).sections[0]
    number_line_mm = 10.5 * 1.3 * 25.4 / 72
    assert gap == 4
    assert abs(section.footer_distance.mm - (25 - gap - number_line_mm)) < 0.05


@pytest.mark.fast
def test_a5_overrides_and_paper_option():
    a4 = load_theme("default", search_from=[ROOT])
    a5 = load_theme("default", search_from=[ROOT], paper="a5")
    def values(theme):
        return theme.paper, theme.text.size, theme.page.margin_top, theme.page.page_number_size

    assert values(a4) == ("A4", 12, 25, 10.5) and values(a5) == ("A5", 10.5, 15, 9)
    assert a5.page_size_mm == (148.0, 210.0) and a5.title.size == 18


def test_theme_is_immutable_and_travels_to_workers():
    import dataclasses
    import pickle

    theme = load_theme("gongwen", search_from=[ROOT])
    assert pickle.loads(pickle.dumps(theme)) == theme
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.text.size = 1  # type: ignore[misc]


def test_docs_theme_md_is_generated_from_the_schema():
    assert (ROOT / "docs" / "theme.md").read_text(encoding="utf-8") == \
        theme_reference.reference_markdown(), "run: python scripts/theme_doc.py"
    for section, schema in theme_schema.SECTIONS.items():
        for spec in fields(schema):
            assert f"| `{spec.name}` |" in theme_reference.reference_markdown(), (section, spec.name)
