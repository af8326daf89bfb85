"""The DOCX opened by a real word processor (LibreOffice headless): same pages, same faces."""
from __future__ import annotations

import shutil
import subprocess

import pdfplumber
import pytest
from conftest import ARTICLE, run_docpipe


@pytest.mark.parametrize("style", ["default", "gongwen"])
def test_libreoffice_lays_the_docx_out_like_the_pdf(tmp_path, style):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/setup.sh"
    result = run_docpipe("build", str(ARTICLE), "--style", style, "-f", "docx", "-f", "pdf",
                         "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "lo"
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                          "--convert-to", "pdf", "--outdir", str(converted),
                          str(tmp_path / "article.docx")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    with pdfplumber.open(converted / "article.pdf") as office, \
            pdfplumber.open(tmp_path / "article.pdf") as ours:
        assert abs(len(office.pages) - len(ours.pages)) <= 1
        office_text = "".join((p.extract_text() or "") for p in office.pages)
        faces = {c["fontname"].split("+")[-1] for p in office.pages[:2] for c in p.chars}
    assert "加强干部管理。" in office_text.replace("\n", "")
    body_face = "Fandol" if style == "gongwen" else "NotoSerifCJK"
    assert any(body_face in face for face in faces), faces   # the named office font resolved
