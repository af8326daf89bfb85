"""Admonitions (GitHub alerts, ``:::`` containers) and task-list boxes, as every format shows
them: a box tinted and ruled in its kind's colour with the title in bold, and ☐/☑ for
``- [ ]``/``- [x]``. The colours are GitHub's, so an alert reads as its author saw it."""
from __future__ import annotations

from typing import Any

#: kind → (rule and title colour, tint of the box)
COLORS = {"note": ("#0969da", "#eef5fd"), "tip": ("#1a7f37", "#eef8f0"),
          "important": ("#8250df", "#f5f0fd"), "warning": ("#9a6700", "#fdf7e6"),
          "caution": ("#cf222e", "#fdf0f0"), "details": ("#59636e", "#f4f5f6")}
OTHER = ("#59636e", "#f4f5f6")
UNCHECKED, CHECKED = "☐", "☑"
TITLE_CLASS = "admonition-title"
TASK_BOX_CLASS = "task-box"


def is_admonition(element: Any) -> bool:
    return element.tag == "div" and element.get("class", "").split()[:1] == ["admonition"]


def colors(element: Any) -> tuple[str, str]:
    """(rule, tint) of an admonition <div>, by its kind (its second class)."""
    classes = element.get("class", "").split()
    return COLORS.get(classes[1] if len(classes) > 1 else "", OTHER)


def task_box(element: Any) -> str | None:
    """☐ or ☑ for a task list's checkbox <input>, None for anything else."""
    if element.tag != "input" or element.get("type") != "checkbox":
        return None
    return CHECKED if element.get("checked") is not None else UNCHECKED


def mark_task_boxes(root: Any) -> None:
    """Checkbox inputs → ``span.task-box`` holding ☐/☑: text in every reader and in copied
    text, where a form control would be drawn (or not) by each reader its own way."""
    for element in list(root.iter("input")):
        box = task_box(element)
        if box is not None:
            tail = element.tail
            element.clear()
            element.tag, element.text, element.tail = "span", box, tail
            element.set("class", TASK_BOX_CLASS)


def css(title_family: str) -> str:
    """The rules for admonitions and task boxes; ``title_family`` sets the titles (the theme's
    font stack for strong text)."""
    rules = [
        f"div.admonition {{ margin: 0.8em 0; padding: 0.4em 0.9em; "
        f"border-left: 0.25em solid {OTHER[0]}; background: {OTHER[1]}; }}",
        f"div.admonition > p.{TITLE_CLASS} {{ font-weight: bold; text-indent: 0; "
        f"margin: 0 0 0.2em 0; font-family: {title_family}; }}",
        "div.admonition > :last-child { margin-bottom: 0; }",
        "li.task-list-item { list-style-type: none; }",
        f"span.{TASK_BOX_CLASS} {{ margin-left: -1.3em; display: inline-block; width: 1.3em; }}"]
    for kind, (rule, tint) in COLORS.items():
        rules.append(f"div.admonition.{kind} {{ border-left-color: {rule}; background: {tint}; }}")
        rules.append(f"div.admonition.{kind} > p.{TITLE_CLASS} {{ color: {rule}; }}")
    return "\n".join(rules)
