"""The DOCX opened by a real word processor (LibreOffice headless): same pages, same faces."""
from __future__ import annotations

import shutil
import subprocess

import pdfplumber
import pytest

STYLES = ("default", "gongwen")


@pytest.fixture(scope="module")
def office(built_article, built_gongwen_article, tmp_path_factory):
    """style → (LibreOffice's PDF of our DOCX, our PDF): every DOCX converted by one soffice
    start (each start costs seconds); the outputs are the session's builds of the article."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/setup.sh"
    out = tmp_path_factory.mktemp("office")
    ours = {"default": (built_article["docx"], built_article["pdf"]),
            "gongwen": (built_gongwen_article["docx"], built_gongwen_article["pdf"])}
    docx = {style: out / f"article-{style}.docx" for style in STYLES}
    for style, path in docx.items():
        shutil.copy(ours[style][0], path)
    converted = out / "lo"
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out}/profile",
                          "--convert-to", "pdf", "--outdir", str(converted),
                          *map(str, docx.values())],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    return {style: (converted / f"article-{style}.pdf", ours[style][1]) for style in STYLES}


@pytest.mark.parametrize("style", STYLES)
def test_libreoffice_lays_the_docx_out_like_the_pdf(office, style):
    office_pdf, our_pdf = office[style]
    with pdfplumber.open(office_pdf) as office_doc, pdfplumber.open(our_pdf) as ours:
        assert abs(len(office_doc.pages) - len(ours.pages)) <= 1
        office_text = "".join((p.extract_text() or "") for p in office_doc.pages)
        faces = {c["fontname"].split("+")[-1] for p in office_doc.pages[:2] for c in p.chars}
    assert "加强干部管理。" in office_text.replace("\n", "")
    body_face = "Fandol" if style == "gongwen" else "NotoSerifCJK"
    assert any(body_face in face for face in faces), faces   # the named office font resolved
