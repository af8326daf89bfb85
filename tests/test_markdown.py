"""Every Markdown construct a writer uses, read back from all three formats."""
from __future__ import annotations

import re
import shutil
import zipfile

import pdfplumber
import pypdf
import pytest
from conftest import ROOT, run_docpipe
from docx import Document as open_docx
from lxml import etree

CASES = ROOT / "tests" / "cases"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("features")
    (project / "source").mkdir()
    for name in ("features.md", "stripes.png"):
        shutil.copy(CASES / name, project / "source" / name)
    shutil.copytree(ROOT / "styles", project / "styles")
    result = run_docpipe("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return project / "dist"


def test_docx_structure(built):
    document = open_docx(built / "features.docx")
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    names = [name for name, _ in styles]
    assert ("Title", "功能样张") in styles and ("Subtitle", "每一种写法都在这里") in styles
    for level in range(1, 7):
        assert f"Heading {level}" in names
    assert any(name == "Quote" for name in names)
    assert sum(1 for name in names if name.startswith("List Number")) == 3
    assert any(name.startswith("List Bullet") and text == "嵌套无序甲" for name, text in styles)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["左对齐", "居中", "右对齐"]
    alignments = [c.paragraphs[0].alignment for c in table.rows[1].cells]
    assert [str(a) for a in alignments[1:]] == ["CENTER (1)", "RIGHT (2)"]
    assert len(document.inline_shapes) == 1
    assert ("Caption", "图 1 条纹图样") in styles
    assert any("return \"你好\"" in text for _, text in styles)
    targets = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://example.org/docpipe" in targets
    with zipfile.ZipFile(built / "features.docx") as docx:
        notes = docx.read("word/footnotes.xml").decode()
    assert "第一条脚注的内容。" in notes and "第二条脚注" in notes
    assert document.core_properties.author == "张三、李四"


def test_pdf_shows_everything(built):
    with pdfplumber.open(built / "features.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        images = [image for page in pdf.pages for image in page.images]
    for expected in ("功能样张", "六级标题", "引用第二层。", "嵌套无序乙", "右对齐", "2000",
                     "return \"你好\"", "图 1 条纹图样", "第一条脚注的内容。", "这里有一个硬换行。"):
        assert expected in text
    assert "\n这里有一个硬换行" in text   # the hard line break starts a line
    assert "脚注1。第二行" in text.replace("\n", "")   # a soft break between hanzi is no space
    assert len(images) == 1
    reader = pypdf.PdfReader(built / "features.pdf")
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert "https://example.org/docpipe" in uris
    assert len(reader.outline) >= 1


def test_epub_markup(built):
    with zipfile.ZipFile(built / "features.epub") as epub:
        name = next(n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n)
        tree = etree.fromstring(epub.read(name))
        images = [n for n in epub.namelist() if n.startswith("EPUB/images/")]   # not the cover
    for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ol", "ul", "table", "pre",
                "figure", "figcaption", "hr", "br", "em", "strong", "code"):
        assert tree.findall(f".//x:{tag}", XHTML), tag
    assert tree.findall(".//x:blockquote/x:blockquote", XHTML)
    assert tree.findall(".//x:ol/x:li/x:ul", XHTML)
    assert len(images) == 1
    cells = tree.findall(".//x:td", XHTML)
    assert "text-align:right" in (cells[2].get("style") or "").replace(" ", "")


@pytest.mark.fast
def test_footnote_backlinks_are_chinese_and_extensions_load_without_entry_points():
    """The footnote options reach the footnotes extension (as part of "extra" by name they
    were ignored: English "Jump back to footnote" titles), and naming no extension by string
    spares the scan of every installed package's entry points."""
    import subprocess
    import sys

    probe = ("import sys\nfrom docpipe.read.markdown import markdown_to_tree\n"
             "from lxml import etree\n"
             "tree = markdown_to_tree('正文[^1]。\\n\\n[^1]: 注释。\\n')\n"
             "back = tree.xpath('//a[contains(@class, \"footnote-backref\")]')[0]\n"
             "print(back.text, back.get('title'), 'importlib.metadata' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["↑", "返回正文", "False"]


# ---- GitHub's dialect, through the public Markdown step ------------------------------------

def _html(text: str):
    from lxml import html as lxml_html

    from docpipe import markdown_to_html

    return lxml_html.fragment_fromstring(markdown_to_html(text), create_parent="body")


@pytest.mark.fast
def test_nesting_at_the_content_column_keeps_the_structure_and_the_numbers():
    """2 spaces under "- ", 3 under "1. ": where the item's text starts, as on GitHub."""
    body = _html("步骤：\n1. 安装\n   - 下载\n   - 解压\n2. 配置\n   1. 编辑\n   2. 保存\n3. 运行\n"
                 "\n- 甲\n  - 乙\n    - 丙\n")
    assert body.xpath("string(p)") == "步骤："                # the list may follow a text line
    outer = body.find("ol")
    assert [li.text.strip() for li in outer.findall("li")] == ["安装", "配置", "运行"]
    assert [li.text for li in outer.findall("li/ul/li")] == ["下载", "解压"]
    assert [li.text for li in outer.findall("li/ol/li")] == ["编辑", "保存"]
    assert outer.get("start") is None and not outer.findall(".//p")   # tight: no <p>
    assert body.xpath("string(ul/li/ul/li/ul/li)") == "丙"


@pytest.mark.fast
def test_a_table_right_after_a_text_line_is_a_table_with_line_breaks_in_cells():
    body = _html("耗时对比：\n| 耗时 | 说明 |\n|:--|:--|\n| 1 秒 | 甲<br>乙 |\n")
    assert body.find("p").text == "耗时对比："
    cell = body.find("table/tbody/tr/td[2]")
    assert cell.text == "甲" and cell.find("br").tail == "乙"


@pytest.mark.fast
def test_fenced_code_inside_a_list_item_stays_code_in_the_item():
    body = _html("- 运行：\n  ```bash\n  make  all\n\n  make test\n  ```\n- 完成\n")
    code = body.find("ul/li/pre/code")
    assert code.text == "make  all\n\nmake test\n" and code.get("class") == "language-bash"
    assert len(body.findall("ul/li")) == 2


@pytest.mark.fast
def test_task_lists_strikethrough_and_tilde_ranges():
    body = _html("- [ ] 待办\n- [x] 已办\n\n价格 10~20 元，~~原价 30 元~~。\n")
    boxes = body.findall("ul/li/input")
    assert [box.get("type") for box in boxes] == ["checkbox", "checkbox"]
    assert [box.get("checked") is not None for box in boxes] == [False, True]
    paragraph = body.find("p")
    assert paragraph.text == "价格 10~20 元，" and paragraph.find("del").text == "原价 30 元"


@pytest.mark.fast
def test_bold_lead_ins_ending_in_chinese_punctuation_stay_bold():
    """On purpose unlike GFM (which prints the asterisks: its flanking rules treat 。 as
    punctuation before a letter): docpipe follows the CJK-friendly emphasis proposal."""
    body = _html("**全面覆盖学。**全市中小学全部开设课程。\n")
    assert body.find("p/strong").text == "全面覆盖学。"
    assert "*" not in body.text_content()


@pytest.mark.fast
def test_github_alerts_are_admonitions_and_plain_quotes_stay_quotes():
    body = _html("> [!WARNING]\n> 先备份。\n\n> 普通引用\n")
    alert = body.find("div")
    assert alert.get("class") == "admonition warning"
    assert [p.text for p in alert.findall("p")] == ["Warning", "先备份。"]
    assert body.find("blockquote/p").text == "普通引用"


@pytest.mark.fast
def test_hashtags_are_text_and_headings_need_a_space():
    body = _html("#话题# 不是标题\n\n## 标题\n")
    assert body.find("p").text.startswith("#话题#") and body.find("h2").text == "标题"


# ---- GitHub's elements in every format ------------------------------------------------------

@pytest.fixture(scope="module")
def gfm_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("gfm")
    result = run_docpipe("build", str(CASES / "gfm.md"), "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    return out


def test_docx_shows_task_boxes_strike_and_admonition_boxes(gfm_built):
    from docx.oxml.ns import qn

    document = open_docx(gfm_built / "gfm.docx")
    paragraphs = {p.text: p for p in document.paragraphs}
    for text in ("☐ 未完成的事", "☑ 已完成的事"):   # the box stands where the bullet would
        assert text in paragraphs and paragraphs[text]._p.find(".//" + qn("w:numPr")) is None
    struck = [r.text for p in document.paragraphs for r in p.runs if r.font.strike]
    assert struck == ["原价 30 元"] and "10~20" in "".join(paragraphs)
    note = [p for p in document.paragraphs if p.text in ("注意", "这是一条提示，加粗。")]
    assert len(note) == 2
    for paragraph in note:
        left = paragraph._p.find(".//" + qn("w:pBdr") + "/" + qn("w:left"))
        shading = paragraph._p.find(".//" + qn("w:shd"))
        assert left.get(qn("w:color")) == "0969da" and shading.get(qn("w:fill")) == "eef5fd"
    assert all(run.font.bold for run in note[0].runs)
    caution = next(p for p in document.paragraphs if p.text == "小心")   # ::: warning 小心
    assert caution._p.find(".//" + qn("w:left")).get(qn("w:color")) == "9a6700"
    anchors = [h.get(qn("w:anchor")) for h in document.element.body.iter(qn("w:hyperlink"))]
    marks = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert [a for a in anchors if a] and set(a for a in anchors if a) <= set(marks)


def test_pdf_shows_task_boxes_and_tinted_admonitions(gfm_built):
    with pdfplumber.open(gfm_built / "gfm.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        fills = {tuple(round(c, 2) for c in r["non_stroking_color"] or ())
                 for r in page.rects if r.get("fill")}
    assert "☐" in text and "☑" in text and "~~" not in text and "10~20" in text
    assert "[!NOTE]" not in text and ":::" not in text and "注意" in text and "小心" in text
    note_tint = tuple(round(int("eef5fd"[i:i + 2], 16) / 255, 2) for i in (0, 2, 4))
    assert note_tint in fills


def test_epub_marks_up_task_boxes_admonitions_and_github_anchors(gfm_built):
    with zipfile.ZipFile(gfm_built / "gfm.epub") as epub:
        name = next(n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n)
        tree = etree.fromstring(epub.read(name))
    boxes = [s.text for s in tree.iterfind(".//x:span[@class='task-box']", XHTML)]
    assert boxes == ["☐", "☑"] and not tree.findall(".//x:input", XHTML)
    note = tree.find(".//x:div[@class='admonition note']", XHTML)
    assert note.find("x:p[@class='admonition-title']", XHTML).text == "注意"   # untitled: zh name
    assert tree.find(".//x:div[@class='admonition warning']", XHTML) is not None
    assert tree.find(".//x:del", XHTML).text == "原价 30 元"
    assert tree.find(".//x:h2", XHTML).get("id") == "任务-清单"
    assert tree.find(".//x:a[@href='#任务-清单']", XHTML) is not None


# ---- real documents (tests/data/README.md names their sources and licences) ----------------

DATA = ROOT / "tests" / "data"


def _outside_fences(text: str) -> str:
    return re.sub(r"(?ms)^(`{3,}|~{3,}).*?^\1[ \t]*$", "", text)


@pytest.fixture(scope="module")
def vitepress(tmp_path_factory):
    out = tmp_path_factory.mktemp("vitepress")
    sources = [DATA / "vitepress" / name for name in ("markdown.md", "getting-started.md")]
    result = run_docpipe("build", *map(str, sources), "-o", str(out), "--force")
    assert result.returncode == 0, result.stderr
    trees = {}
    for stem in ("markdown", "getting-started"):
        with zipfile.ZipFile(out / f"{stem}.epub") as epub:
            trees[stem] = etree.fromstring(epub.read("EPUB/content.xhtml"))
    return out, trees


def test_vitepress_containers_and_alerts_are_boxes_not_syntax(vitepress):
    out, trees = vitepress
    source = _outside_fences((DATA / "vitepress" / "markdown.md").read_text(encoding="utf-8"))
    containers = re.findall(r"(?m)^::: (info|tip|warning|danger|details)\b", source)
    alerts = re.findall(r"(?m)^> \[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", source)
    assert len(containers) >= 10 and len(alerts) == 5
    boxes = [div.get("class") for div in trees["markdown"].iterfind(".//x:div", XHTML)
             if div.get("class", "").startswith("admonition")]
    assert len(boxes) == len(containers) + len(alerts)
    assert {"admonition note", "admonition tip", "admonition important", "admonition warning",
            "admonition caution", "admonition details"} == set(boxes)   # GitHub's kind names
    titles = [p.text for p in trees["markdown"].iterfind(".//x:p[@class='admonition-title']",
                                                         XHTML)]
    assert "STOP" in titles and "点我查看代码" in titles
    with pdfplumber.open(out / "markdown.pdf") as pdf:
        # the first pages hold the contents (more headings than [contents] auto_headings)
        words = "".join(page.extract_text() for page in pdf.pages[:4])
    prose = "".join(t for p in trees["markdown"].iterfind(".//x:p", XHTML)
                    for t in p.itertext())
    assert "[!NOTE]" not in prose and ":::" not in prose and "VitePress" in words


def test_vitepress_nested_list_and_code_group(vitepress):
    _, trees = vitepress
    tree = trees["getting-started"]
    nested = tree.find(".//x:ul/x:li/x:ul/x:li", XHTML)
    assert nested is not None and nested.xpath("string()").startswith("推荐 VSCode")
    assert not [d for d in tree.iterfind(".//x:div", XHTML) if "code-group" in d.get("class", "")]
    assert any("npm add -D vitepress" in pre.xpath("string()")
               for pre in tree.iterfind(".//x:pre", XHTML))


def test_angle_brackets_that_are_not_tags_keep_their_text():
    """Python-Markdown took these for HTML tags and the sanitiser dropped them, text and all."""
    body = _html("见 <irc://irc.example.net/频道>、<foo.bar.baz> 和 <仓库地址>，<https://a.cn>。\n")
    text = body.text_content()
    for kept in ("irc://irc.example.net/频道", "<foo.bar.baz>", "<仓库地址>", "https://a.cn"):
        assert kept in text
    assert body.find("p/a[@href='https://a.cn']") is not None


@pytest.mark.fast
def test_markdown_inside_details_is_read_as_github_reads_it():
    """<details><summary>…</summary> then Markdown: GitHub ends the HTML block at the blank
    line; the summary becomes a bold paragraph; code showing the tags keeps them."""
    from docpipe.read.markdown import markdown_to_tree

    body = markdown_to_tree("<details><summary>展开 <b>日志</b></summary>\n\n"
                            "我们支持了 **[Qwen3](https://qwenlm.github.io/)** 的微调。\n\n"
                            "#### 安装\n\n- 一\n  - 二\n\n```html\n<details><summary>x</summary>\n"
                            "```\n\n</details>\n\n<details>\n<summary>第二个</summary>\n\n"
                            "> 引文\n\n</details>\n")
    summaries = ["".join(p.itertext()) for p in body.iter("p") if p.find("strong") is not None and p.text is None]
    assert summaries[:1] == ["展开 日志"] and "第二个" in summaries
    assert body.find(".//strong/a").get("href") == "https://qwenlm.github.io/"
    assert body.find(".//h4").text == "安装"
    assert body.find(".//ul/li/ul/li").text == "二"
    assert body.find(".//pre/code").text == "<details><summary>x</summary>\n"
    assert body.find(".//blockquote/p").text == "引文"
    assert "**" not in etree.tostring(body, encoding="unicode")
