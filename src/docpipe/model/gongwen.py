"""公文 (GB/T 9704-2012): the front-matter keys of an official document and its typed parts."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any

from docpipe.records import MutableRecord, Record, record

#: key → (Chinese term, what to write); the order is the document's, 版头 to 版记
KEYS: dict[str, tuple[str, str]] = {
    "format": ("公文格式", "file (文件格式, default), letter (信函格式), order (命令格式) or minutes (纪要格式)"),
    "direction": ("行文方向", "down (下行文, default) or up (上行文: 签发人 beside the 发文字号)"),
    "copy_number": ("份号", "six digits in quotes, e.g. \"000012\""),
    "classification": ("密级和保密期限", "秘密, 机密 or 绝密, optionally ★ and a period: 秘密★1年"),
    "urgency": ("紧急程度", "特急 or 加急"),
    "issuer": ("发文机关", "the issuing organ, or a list of organs for joint issuance (主办机关 first)"),
    "issuer_mark": ("发文机关标志", "the word after the organ names: 文件 (default), none, 命令, 令 or 纪要"),
    "doc_number": ("发文字号", "机关代字〔年份〕序号号, e.g. 国办发〔2019〕3号 (令号 第707号 for orders)"),
    "signer": ("签发人", "the signing official, or a list; only with direction: up"),
    "recipients": ("主送机关", "an organ, or a list of organ groups (joined with ，, ended with ：)"),
    "attachments": ("附件说明", "a list of attachment titles"),
    "signature": ("发文机关署名", "the organ name signed under the text, or a list (default: issuer)"),
    "seal": ("印章", "true (sealed layout, stamp afterwards), false (unsealed), an image file, "
                     "or one file per organ for joint issuance"),
    "note": ("附注", "a line after the date, e.g. 此件公开发布"),
    "cc": ("抄送机关", "an organ, or a list of organs"),
    "printed_by": ("印发机关", "the office that prints the document"),
    "print_date": ("印发日期", "YYYY-MM-DD"),
    # 纪要格式 (10.3): the attendance lines under the text
    "present": ("出席", "minutes only: who attended (a list)"),
    "absent": ("请假", "minutes only: who sent apologies (a list)"),
    "attending": ("列席", "minutes only: who sat in (a list)"),
}

FORMATS = {"file": "file", "文件": "file", "文件格式": "file", "letter": "letter", "信函": "letter",
           "信函格式": "letter", "order": "order", "命令": "order", "令": "order",
           "命令格式": "order", "minutes": "minutes", "纪要": "minutes", "纪要格式": "minutes"}
DIRECTIONS = {"down": "down", "下行文": "down", "parallel": "down", "平行文": "down",
              "up": "up", "上行文": "up"}
URGENCIES = ("特急", "加急")
MARK_WORDS = ("文件", "命令", "令", "纪要", "")
DOC_NUMBER = re.compile(r"^(\S+?)〔([12]\d{3})〕([1-9]\d*)号$")
ORDER_NUMBER = re.compile(r"^第([1-9]\d*)号$")
CLASSIFICATION = re.compile(r"^(秘密|机密|绝密)(★(\d+(年|个月|日|天)|长期))?$")


class GongwenProblem(ValueError):
    """A front-matter value the standard does not allow: the key, what is wrong, the fix."""

    def __init__(self, key: str, message: str, fix: str) -> None:
        self.key, self.message, self.fix = key, message, fix
        super().__init__(message)


@record
class Gongwen(Record):
    """Every part of one official document the front matter gives (the body gives the rest)."""

    format: str = "file"                    # file / letter / order / minutes
    direction: str = "down"
    copy_number: str | None = None
    classification: str | None = None
    urgency: str | None = None
    issuers: tuple[str, ...] = ()
    mark_word: str = "文件"                  # after the names in the 标志
    doc_number: str | None = None
    signers: tuple[str, ...] = ()
    title_lines: tuple[str, ...] = ()       # the author's own line breaks, when given as a list
    title_given: bool = False
    recipients: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    date: str | None = None                 # ISO
    seal: bool | str | tuple[str, ...] = False   # True, False, an image, one image per organ
    note: str | None = None
    cc: tuple[str, ...] = ()
    printed_by: str | None = None
    print_date: str | None = None
    attendance: tuple[tuple[str, str], ...] = field(default=())   # (出席, names) …

    @property
    def sealed(self) -> bool:
        return self.seal is not False

    @property
    def seal_image(self) -> str | None:
        return self.seal_images[0] if self.seal_images else None

    @property
    def seal_images(self) -> tuple[str, ...]:
        """The seal image of each 署名 (one image serves every organ when only one is given)."""
        if isinstance(self.seal, str):
            return (self.seal,) * len(self.signatures)
        return self.seal if isinstance(self.seal, tuple) else ()

    @property
    def recipients_line(self) -> str:
        return "，".join(self.recipients) + "：" if self.recipients else ""

    @property
    def has_imprint(self) -> bool:
        """Whether the document has a 版记 (抄送 or 印发)."""
        return bool(self.cc or self.printed_by or self.print_date)

    @property
    def date_text(self) -> str:
        return chinese_date(self.date) if self.date else ""

    @property
    def print_date_text(self) -> str:
        return chinese_date(self.print_date) + "印发" if self.print_date else ""


def chinese_date(iso: str) -> str:
    """2019-02-20 → 2019年2月20日 (7.3.5.4: Arabic digits, full year, no leading zeros)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def is_gongwen(meta: dict[str, Any]) -> bool:
    """Whether the front matter describes an official document (any key only 公文 has)."""
    return any(key in meta for key in KEYS)


def default_title(meta: dict[str, Any]) -> str:
    """The metadata title of a 公文 without ``title:``: an order's 标志 and 令号 (an order has
    no 标题); every other format needs one (7.3.1)."""
    if FORMATS.get(str(meta.get("format", "file"))) == "order":
        issuers = meta.get("issuer") or []
        name = issuers if isinstance(issuers, str) else "".join(map(str, issuers))
        return f"{name}{meta.get('issuer_mark') or '令'}{meta.get('doc_number') or ''}"
    raise GongwenProblem("title", "an official document needs 'title' (标题)",
                         "title: 国务院办公厅关于……的通知 (7.3.1)")


def from_front_matter(meta: dict[str, Any]) -> Gongwen:
    """The typed parts, or GongwenProblem for the first value the standard does not allow."""
    fmt = _choice(meta, "format", FORMATS, "file")
    direction = _choice(meta, "direction", DIRECTIONS, "down")
    issuers = _names(meta, "issuer")
    if not issuers:
        raise GongwenProblem("issuer", "an official document needs 'issuer' (发文机关)",
                             "issuer: 国务院办公厅, or a list for joint issuance")
    copy_number = meta.get("copy_number")
    if copy_number is not None:
        if not isinstance(copy_number, str):
            raise GongwenProblem("copy_number", "copy_number (份号) must be quoted: YAML reads "
                                 f"000012 as the number {copy_number}", "copy_number: \"000012\"")
        if not re.fullmatch(r"\d{1,6}", copy_number):
            raise GongwenProblem("copy_number", f"copy_number '{copy_number}' is not 1-6 digits",
                                 "GB/T 9704 7.2.1: 6 Arabic digits, e.g. \"000012\"")
        copy_number = copy_number.zfill(6)
    classification = _text(meta, "classification")
    if classification is not None:
        classification = classification.replace("*", "★").replace("☆", "★")
        if not CLASSIFICATION.fullmatch(classification):
            raise GongwenProblem("classification", f"classification '{classification}' is not "
                                 "a 密级", "秘密, 机密 or 绝密, with a period after ★: 机密★1年")
    urgency = _text(meta, "urgency")
    if urgency is not None and urgency not in URGENCIES:
        raise GongwenProblem("urgency", f"urgency '{urgency}' is not a 紧急程度",
                             "特急 or 加急 (GB/T 9704 7.2.3)")
    default_word = {"file": "文件", "letter": "", "order": "令", "minutes": "纪要"}[fmt]
    word = meta.get("issuer_mark", default_word)
    word = "" if word in (None, False, "none", "无") else word
    if word not in MARK_WORDS:
        raise GongwenProblem("issuer_mark", f"issuer_mark '{word}' is not a word of the 标志",
                             "文件, none, 命令, 令 or 纪要 (the organ names come from issuer)")
    doc_number = _text(meta, "doc_number")
    if doc_number is not None:
        doc_number = _doc_number(doc_number, fmt)
    signers = _names(meta, "signer")
    if direction == "up" and not signers and fmt == "file":
        raise GongwenProblem("direction", "a 上行文 (direction: up) needs 'signer' (签发人)",
                             "signer: 张三, or a list (GB/T 9704 7.2.6)")
    if signers and direction != "up":
        raise GongwenProblem("signer", "签发人 is shown only on a 上行文",
                             "add direction: up, or remove signer")
    seal = meta.get("seal", False)
    if isinstance(seal, list):
        if not all(isinstance(item, str) and item for item in seal):
            raise GongwenProblem("seal", "seal must list one image file per organ",
                                 "seal: [a.png, b.png]")
        seal = tuple(seal)
    if not isinstance(seal, (bool, str, tuple)) or seal == "":
        raise GongwenProblem("seal", "seal must be true, false or an image file",
                             "seal: true (stamped afterwards), false, or seal: seal.png")
    attendance = tuple((label, "、".join(_names(meta, key)))
                       for key, label in (("present", "出席"), ("absent", "请假"),
                                          ("attending", "列席")) if meta.get(key))
    if attendance and fmt != "minutes":
        raise GongwenProblem(next(k for k in ("present", "absent", "attending") if meta.get(k)),
                             "出席/请假/列席 belong to minutes", "add format: minutes")
    note = _text(meta, "note")
    if note and not (note.startswith("（") and note.endswith("）")):
        note = f"（{note.strip('()（）')}）"
    signatures = _names(meta, "signature") or issuers
    if isinstance(seal, tuple) and len(seal) != len(signatures):
        raise GongwenProblem("seal", f"seal lists {len(seal)} images for {len(signatures)} "
                             "署名", "one image per organ, in the order of issuer/signature")
    title = meta.get("title")
    return Gongwen(
        format=fmt, direction=direction, copy_number=copy_number,
        classification=classification, urgency=urgency, issuers=issuers, mark_word=word,
        doc_number=doc_number, signers=signers,
        title_lines=tuple(str(t) for t in title) if isinstance(title, list) else (),
        title_given=bool(title),
        recipients=_names(meta, "recipients"), attachments=_names(meta, "attachments"),
        signatures=signatures, date=_date(meta, "date"),
        seal=seal, note=note, cc=_names(meta, "cc"), printed_by=_text(meta, "printed_by"),
        print_date=_date(meta, "print_date"), attendance=attendance)


def _doc_number(value: str, fmt: str) -> str:
    value = value.strip().replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")
    if fmt == "order":
        if not ORDER_NUMBER.fullmatch(value):
            raise GongwenProblem("doc_number", f"令号 '{value}' is not 第N号",
                                 "doc_number: 第707号 (no leading zero)")
        return value
    if fmt == "minutes" and re.fullmatch(r"第[1-9]\d*期", value):   # 纪要: an issue number
        return value
    if value.startswith("（") or value.startswith("("):
        raise GongwenProblem("doc_number", f"doc_number '{value}' puts the year in （）",
                             "write the year in 〔〕: 国办发〔2019〕3号")
    match = DOC_NUMBER.fullmatch(value)
    if not match:
        raise GongwenProblem("doc_number", f"doc_number '{value}' is not 机关代字〔年份〕序号号",
                             "e.g. 国办发〔2019〕3号: full year in 〔〕, no 第, no leading zero")
    return value


def _choice(meta: dict[str, Any], key: str, allowed: dict[str, str], default: str) -> str:
    value = meta.get(key, default)
    if str(value) not in allowed:
        raise GongwenProblem(key, f"{key} '{value}' is not one of "
                             f"{', '.join(dict.fromkeys(allowed.values()))}", KEYS[key][1])
    return allowed[str(value)]


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise GongwenProblem(key, f"{key} ({KEYS[key][0]}) must be text", KEYS[key][1])
    return str(value).strip() or None


def _names(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise GongwenProblem(key, f"{key} ({KEYS[key][0]}) must be text or a list of text",
                             KEYS[key][1])
    return tuple(item.strip() for item in items)


def _date(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise GongwenProblem(key, f"{key} '{value}' is not a date",
                             "write it as YYYY-MM-DD; it is printed 2019年2月20日") from None


# ---- the body: attachments and run-in heads (GONGWEN.md §13) -------------------------------

ATTACHMENT_HEADING = re.compile(r"^附件\s*(\d*)$")
#: a paragraph opening with a level's marker: (level, pattern); the head runs to the first 。
RUN_IN = ((2, re.compile(r"^（[一二三四五六七八九十百]+）")), (3, re.compile(r"^\d+[.．]")),
          (4, re.compile(r"^（\d+）")))


@record
class Attachment(MutableRecord):
    """One 附件: its number, the label line ("附件1"), its title and its body elements."""

    number: int
    label: str
    title: str
    elements: list[Any]


def split_body(body: Any, text_of: Any) -> tuple[list[Any], list[Attachment]]:
    """The main text's elements and the attachments (`# 附件N` starts one; the next heading is
    its title). ``text_of`` reads an element's visible text."""
    main: list[Any] = []
    attachments: list[Attachment] = []
    for element in body:
        if not isinstance(element.tag, str):
            continue
        match = ATTACHMENT_HEADING.match(text_of(element)) if element.tag == "h1" else None
        if match:
            number = int(match.group(1) or len(attachments) + 1)
            attachments.append(Attachment(number, f"附件{match.group(1)}", "", []))
        elif attachments and not attachments[-1].title and element.tag in ("h1", "h2", "h3"):
            attachments[-1].title = text_of(element)
        elif attachments:
            attachments[-1].elements.append(element)
        else:
            main.append(element)
    return main, attachments


def run_in_head(text: str) -> tuple[int, int] | None:
    """(level, length) of a run-in head opening ``text``: its marker and words up to the first
    。 (the whole paragraph when it has none); None when the paragraph has no marker."""
    for level, pattern in RUN_IN:
        if pattern.match(text):
            end = text.find("。")
            return level, (end + 1 if end >= 0 else len(text))
    return None
