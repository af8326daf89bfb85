"""Bare URLs end where GitHub ends them, whichever pymdown-extensions is installed."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from docpipe import markdown_to_html

pytestmark = pytest.mark.fast


def _links(markdown: str) -> list[tuple[str, str]]:
    """(href, text) of each link."""
    body = lxml_html.fragment_fromstring(markdown_to_html(markdown), create_parent="body")
    return [(a.get("href"), a.text_content()) for a in body.iter("a")]


def _after_last_link(markdown: str) -> str:
    body = lxml_html.fragment_fromstring(markdown_to_html(markdown), create_parent="body")
    return list(body.iter("a"))[-1].tail or ""


@pytest.mark.parametrize("markdown, url, after", [
    ("www.a.cn/search?q=M+(b)", "www.a.cn/search?q=M+(b)", ""),          # balanced: kept
    ("www.a.cn/search?q=M+(b)))", "www.a.cn/search?q=M+(b)", "))"),       # unbalanced: dropped
    ("(见 www.a.cn/q_(c))。", "www.a.cn/q_(c)", ")。"),
    ("https://a.cn/q?x=1&hl;", "https://a.cn/q?x=1", "&hl;"),              # entity-like end
    ("https://a.cn/q?x=1&hl=en", "https://a.cn/q?x=1&hl=en", ""),
    ("http://a.cn;b; 然后", "http://a.cn;b", "; 然后"),                    # a lone ; goes alone
    ("见 https://a.cn/x?!.,:*_~ 了", "https://a.cn/x", "?!.,:*_~ 了"),
    ("[见 https://a.cn/x]", "https://a.cn/x", "]"),
    ("ftp://foo.bar.baz.", "ftp://foo.bar.baz", "."),
    ("见https://example.com/docs，然后继续。", "https://example.com/docs", "，然后继续。"),
    ("https://a.cn/" + ")" * 5000, "https://a.cn/", ")" * 5000),
])
def test_a_bare_url_ends_as_on_github(markdown, url, after):
    [(_, text)] = _links(markdown)
    assert text == url
    assert _after_last_link(markdown) == after


def test_www_links_lead_to_http_and_others_to_their_own_scheme():
    assert _links("见 www.a.cn 和 https://b.cn") == [("http://www.a.cn", "www.a.cn"),
                                                     ("https://b.cn", "https://b.cn")]


@pytest.mark.parametrize("markdown", ["www.a_b.cn/x", "a.http://b.cn", "http://", "www.",
                                      "`https://a.cn`"])
def test_not_a_bare_url(markdown):
    assert _links(markdown) == []


def test_a_url_in_a_link_text_is_not_linked_again_and_keeps_its_asterisks():
    assert _links("[见 http://a.cn](http://b.cn)") == [("http://b.cn", "见 http://a.cn")]
    assert _links("**https://a.cn/x**") == [("https://a.cn/x", "https://a.cn/x")]
    assert _links("http://a.cn/_x_/y") == [("http://a.cn/_x_/y", "http://a.cn/_x_/y")]
