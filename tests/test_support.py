"""The test helpers can fail: the session's epubcheck reports a broken book as broken."""
from __future__ import annotations

import zipfile


def test_epubcheck_server_reports_what_is_wrong_in_each_book(built_article, epubcheck, tmp_path):
    assert epubcheck.check(built_article["epub"]).clean
    (tmp_path / "junk.epub").write_bytes(b"not a zip")
    junk = epubcheck.check(tmp_path / "junk.epub")
    assert junk.fatals >= 1 and "junk.epub" in str(junk)
    untitled = tmp_path / "untitled.epub"
    with zipfile.ZipFile(built_article["epub"]) as good, zipfile.ZipFile(untitled, "w") as bad:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "EPUB/content.opf":
                data = data.replace(b"<dc:title", b"<dc:nottitle").replace(b"</dc:title",
                                                                            b"</dc:nottitle")
            bad.writestr(info, data)
    verdict = epubcheck.check(untitled)
    assert verdict.errors >= 1 and "content.opf" in str(verdict), str(verdict)
    assert epubcheck.check(built_article["epub"]).clean  # one bad book does not stop the next
