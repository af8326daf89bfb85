"""Faults and hostile input: kills, full disks, concurrent builds, fetches, escapes, raw HTML."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import resource
import signal
import subprocess
import threading
import time
from pathlib import Path
import zipfile

import pdfplumber
import pypdf
from conftest import DOCPIPE, run_docpipe
from docx import Document as open_docx

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_build_leaves_the_previous_output_intact(project):
    assert run_docpipe("build", "-f", "pdf", cwd=project).returncode == 0
    output = project / "dist" / "article.pdf"
    good = _sha(output)
    process = subprocess.Popen([*DOCPIPE, "build", "--force", "-f", "pdf"], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if list((project / "dist").glob(".article.pdf.*.tmp")):
            break  # it is writing the new PDF right now
        time.sleep(0.005)
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert _sha(output) == good
    pypdf.PdfReader(output)
    # its PDF worker does not live on, orphaned
    assert workers, "the build should have had a PDF worker process"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]]
    # the next build cleans up what the killed one left behind
    assert run_docpipe("build", "-f", "pdf", "--force", cwd=project).returncode == 0
    assert not list((project / "dist").glob(".*.tmp"))


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))


def test_full_disk_fails_cleanly_and_keeps_the_old_file(project):
    assert run_docpipe("build", "-f", "pdf", cwd=project).returncode == 0
    output = project / "dist" / "article.pdf"
    good = _sha(output)
    result = subprocess.run([*DOCPIPE, "build", "--force", "-f", "pdf"], cwd=project,
                            capture_output=True, text=True, preexec_fn=_limit_file_size,
                            timeout=300)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert _sha(output) == good
    assert not list((project / "dist").glob(".*.tmp"))


def test_two_builds_at_once_do_not_corrupt_each_other(project):
    runs = [subprocess.Popen([*DOCPIPE, "build", "--force"], cwd=project,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    dist = project / "dist"
    open_docx(dist / "article.docx")
    assert len(pypdf.PdfReader(dist / "article.pdf").pages) > 1
    with zipfile.ZipFile(dist / "article.epub") as epub:
        assert epub.testzip() is None
    json.loads((dist / ".docpipe-state.json").read_text())


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


def test_nothing_is_fetched_and_nothing_escapes_the_project(project, tmp_path_factory):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(PNG)
    (project / "source" / "link.png").symlink_to(outside)
    (project / "styles" / "default" / "extra.css").write_text(
        f'@import url("{base}/style.css");\nbody {{ background: url("{base}/bg.png"); }}\n')
    (project / "source" / "hostile.md").write_text(f"""# 外部资源

![远程图]({base}/remote.png)

![越界](../../../../etc/passwd)

![绝对](/etc/hostname)

![文件](file:///etc/hostname)

![链接](link.png)

<img src="{base}/raw.png" onerror="alert(1)">

[可点击的链接]({base}/page)。
""", encoding="utf-8")
    try:
        result = run_docpipe("build", "source/hostile.md", cwd=project)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert _Recorder.requests == []
    for name in (f"{base}/remote.png", "../../../../etc/passwd", "/etc/hostname",
                 "file:///etc/hostname", "link.png"):
        assert f"image refused: '{name}'" in result.stderr
    pdf = pypdf.PdfReader(project / "dist" / "hostile.pdf")
    uris = [a.get_object()["/A"]["/URI"] for page in pdf.pages for a in page.get("/Annots", [])
            if "/URI" in a.get_object().get("/A", {})]
    assert f"{base}/page" in uris   # links stay clickable, never fetched
    document = open_docx(project / "dist" / "hostile.docx")
    assert f"{base}/page" in [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert not document.inline_shapes


HOSTILE_HTML = """# 原始 HTML

<script>alert("x")</script>
<style>body { display: none }</style>

<h2 onclick="steal()">二级标题</h2>

<p>段落里有<strong>粗体</strong>和<a href="javascript:alert(1)">坏链接</a>，
还有<span style="color:red" onmouseover="x()">保留文字</span>。</p>

<!-- 编辑备注：不要发表 -->

<ul><li>甲项</li><li>乙项</li></ul>

<table><tr><th>列一</th><th>列二</th></tr><tr><td>一</td><td>二</td></tr></table>

<iframe src="https://example.invalid/">框架文字</iframe>
"""


def test_raw_html_is_sanitized_in_every_format(project):
    (project / "source" / "raw.md").write_text(HOSTILE_HTML, encoding="utf-8")
    result = run_docpipe("build", "source/raw.md", cwd=project)
    assert result.returncode == 0, result.stderr
    dist = project / "dist"
    document = open_docx(dist / "raw.docx")
    styles = {p.style.name: p.text for p in document.paragraphs}
    assert styles.get("Heading 2") == "二级标题"
    assert any(p.style.name.startswith("List") and p.text == "甲项" for p in document.paragraphs)
    assert document.tables and document.tables[0].cell(1, 1).text == "二"
    with zipfile.ZipFile(dist / "raw.docx") as docx_zip:
        docx_xml = "".join(docx_zip.read(n).decode() for n in docx_zip.namelist()
                           if n.endswith(".xml") or n.endswith(".rels"))
    with zipfile.ZipFile(dist / "raw.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    with pdfplumber.open(dist / "raw.pdf") as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
    for text in (docx_xml, xhtml, pdf_text):
        for banned in ("alert", "display: none", "steal", "javascript", "onmouseover",
                       "编辑备注", "onclick"):
            assert banned not in text
    for text in ("保留文字", "坏链接", "框架文字", "二级标题", "粗体"):
        assert text in pdf_text and text in xhtml
    assert "<h2" in xhtml and "<table" in xhtml and "<strong>粗体</strong>" in xhtml


def test_a_character_no_font_can_draw_is_named(project):
    (project / "source" / "glyph.md").write_text("# 字\n\n新表情\U0001FAE8在此。\n",
                                                 encoding="utf-8")
    result = run_docpipe("build", "source/glyph.md", "-f", "docx", cwd=project)
    assert result.returncode == 0
    assert ("source/glyph.md:3: U+1FAE8" in result.stderr
            and "cannot be drawn by any installed font" in result.stderr)


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_style_references_pass_the_policy_in_every_format(project, tmp_path_factory):
    """A style's extra.css importing a URL and a file outside the project, and an image
    outside: each refused with one warning and left out of the PDF, the EPUB and the DOCX;
    the style's own files still work (imported stylesheet inlined, background image kept)."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    outside = tmp_path_factory.mktemp("outside")
    (outside / "evil.css").write_text("h2 { color: #ff0000; }\n")
    (outside / "evil.png").write_bytes(_png(3, 3))
    style = project / "styles" / "default"
    up = os.path.relpath(outside, style)
    (style / "local.css").write_text("h2 { color: #123456; }\n")
    (style / "paper.png").write_bytes(_png(2, 1))
    (style / "extra.css").write_text(
        f'@import url("{base}/remote.css");\n'
        f'@import "{up}/evil.css";\n'
        '@import "local.css";\n'
        f'body {{ background: url("{base}/bg.png"); }}\n'
        f'blockquote {{ background-image: url("{up}/evil.png"); }}\n'
        'header.title-block { background: url("paper.png") no-repeat; }\n', encoding="utf-8")
    (project / "source" / "styled.md").write_text(
        f"---\ntitle: 样式检查\n---\n\n## 小节标题\n\n> 引文。\n\n![外图]({up}/evil.png)\n",
        encoding="utf-8")
    try:
        result = run_docpipe("build", "source/styled.md", cwd=project)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert _Recorder.requests == []
    warnings = result.stderr.splitlines()
    for reference in (f"{base}/remote.css", f"{up}/evil.css", f"{base}/bg.png",
                      f"{up}/evil.png"):
        said = [w for w in warnings if f"stylesheet reference refused: '{reference}'" in w]
        assert len(said) == 1, (reference, result.stderr)   # once, not once per format
    assert sum(f"image refused: '{up}/evil.png'" in w for w in warnings) == 1
    dist = project / "dist"
    # EPUB: nothing remote or outside in the stylesheet, the style's own files packaged
    with zipfile.ZipFile(dist / "styled.epub") as epub:
        css = epub.read("EPUB/style.css").decode()
        opf = epub.read("EPUB/content.opf").decode()
        names = epub.namelist()
    assert base not in css and "evil" not in css and "@import" not in css
    assert "#123456" in css and "#ff0000" not in css
    packaged = [n for n in names if n.startswith("EPUB/style-files/")]
    assert len(packaged) == 1 and 'url("style-files/' in css
    assert packaged[0][len("EPUB/"):] in opf
    with zipfile.ZipFile(dist / "styled.epub") as epub:
        assert epub.read(packaged[0]) == (style / "paper.png").read_bytes()
    # PDF: the imported colour is the style's own, the background is the style's picture
    with pdfplumber.open(dist / "styled.pdf") as pdf:
        page = pdf.pages[0]
        heading = [c for c in page.chars if c["text"] == "小"]
        assert heading and all(tuple(round(v, 2) for v in c["non_stroking_color"])
                               == (0.07, 0.2, 0.34) for c in heading)
        sizes = sorted((int(i["srcsize"][0]), int(i["srcsize"][1])) for i in page.images)
    assert sizes == [(2, 1)]
    # DOCX: the image outside is not embedded
    assert not open_docx(dist / "styled.docx").inline_shapes
