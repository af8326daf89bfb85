"""Untitled alerts and containers named in the document's language: 注意, 提示, 警告 …

GitHub's ``> [!NOTE]`` and a bare ``::: tip`` carry no title of their own; the extensions
that read them write the kind's English name ("Note", "Tip"), which a Chinese handout should
not print. A title the author typed is kept as typed.
"""
from __future__ import annotations

from typing import Any

#: the names the alert and container extensions give an untitled box → its Chinese name
#: (the words Chinese documentation sites use: VuePress' 提示/注意/警告, Microsoft's 重要)
CHINESE_NAMES = {"Note": "注意", "Info": "信息", "Tip": "提示", "Important": "重要",
                 "Warning": "警告", "Caution": "小心", "Danger": "危险", "Details": "详细信息"}
TITLE_CLASS = "admonition-title"


def name_untitled_alerts(body: Any, lang: str) -> None:
    """In a Chinese document, each box title that is only its kind's English name becomes
    the Chinese name."""
    if not lang.lower().startswith("zh"):
        return
    for title in body.iter("p"):
        if TITLE_CLASS not in title.get("class", "").split() or len(title):
            continue
        chinese = CHINESE_NAMES.get((title.text or "").strip())
        if chinese:
            title.text = chinese
