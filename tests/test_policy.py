"""ResourcePolicy.check_stylesheet: what a style's CSS may refer to, decided once for PDF and EPUB."""
from __future__ import annotations

from pathlib import Path

import pytest

from docpipe.policy import ResourcePolicy


@pytest.fixture()
def style(tmp_path) -> Path:
    folder = tmp_path / "project" / "styles" / "mine"
    folder.mkdir(parents=True)
    (tmp_path / "project" / "source").mkdir()
    (tmp_path / "outside.css").write_text("p { color: red; }")
    (folder / "paper.png").write_bytes(b"png")
    (folder / "print.css").write_text('h1 { background: url("paper.png"); }')
    (folder / "loop.css").write_text('@import "loop.css";\nem { color: blue; }')
    return folder


def _check(style: Path, css: str, place=lambda path: f"files/{path.name}"):
    policy = ResourcePolicy.for_build(style.parent.parent / "source" / "a.md", style)
    return policy.check_stylesheet(css, style / "extra.css",
                                   internal=lambda url: url.startswith("fonts/"), place=place)


def test_the_writers_own_references_leave_the_text_untouched(style):
    css = ('@font-face { font-family: "x"; src: url("fonts/body.woff"); }\n'
           "body{margin:0}  /* spacing kept */\n")
    checked = _check(style, css)
    assert checked.css is css and checked.refusals == ()


def test_urls_and_outside_files_are_left_out_with_one_warning_each(style):
    css = ('@import url("https://example.com/a.css");\n'
           '@import "../../../outside.css";\n'
           'body { background: url(http://example.com/bg.png) repeat; color: #222; }\n'
           'i { background: url("/etc/hostname"); }\n')
    checked = _check(style, css)
    assert "example.com" not in checked.css and "outside" not in checked.css
    assert "hostname" not in checked.css and "color: #222" in checked.css
    assert [w.split("refused: ")[1].split(" ")[0] for w in checked.refusals] == [
        "'https://example.com/a.css'", "'../../../outside.css'",
        "'http://example.com/bg.png'", "'/etc/hostname'"]
    assert all(w.startswith(f"{style / 'extra.css'}: stylesheet reference refused")
               for w in checked.refusals)


def test_an_escaped_url_is_seen_through(style):
    checked = _check(style, 'body { background: \\75rl("http://example.com/x.png"); }')
    assert "example.com" not in checked.css and len(checked.refusals) == 1


def test_local_files_are_placed_and_local_imports_inlined_in_their_media(style):
    checked = _check(style, '@import "print.css" print;\n'
                            "@media screen { p { background-image: url(paper.png); } }\n")
    assert checked.refusals == ()
    assert "@import" not in checked.css
    assert '@media print {\nh1 { background: url("files/paper.png"); }\n}' in checked.css
    assert 'p { background-image: url("files/paper.png"); }' in checked.css


def test_a_file_the_format_cannot_hold_and_a_missing_one_are_refused(style):
    checked = _check(style, 'a { background: url(paper.png); } b { background: url(no.png); }',
                     place=lambda path: None)
    assert "url(" not in checked.css
    assert ["not a kind of file this format can hold" in w for w in checked.refusals] == [True, False]
    assert "'no.png' not found" in checked.refusals[1]


def test_an_import_cycle_stops(style):
    checked = _check(style, '@import "loop.css";')
    assert "em { color: blue; }" in checked.css
    assert len(checked.refusals) == 1 and "imports itself" in checked.refusals[0]


def test_data_urls_and_fragments_stay(style):
    css = 'a { background: url(data:image/png;base64,AAAA); filter: url(#blur); }'
    checked = _check(style, css)
    assert checked.css == css and checked.refusals == ()
