"""Embedded font faces shared by the PDF and the EPUB: each role's face cut to what it shows.

The EPUB stores the subsets as files; the PDF hands the same subsets to WeasyPrint as data:
URLs, so WeasyPrint never opens a 20 MB font collection, and the PDF carries small fonts
(WeasyPrint keeps every glyph id below the highest used one, which made a 25-character title
face weigh half a megabyte).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from docpipe.write import fonts
from docpipe.model.theme import Theme
from docpipe.write import css

#: Roles whose faces are embedded; code is left to the reader's monospace (Latin in practice).
EMBEDDED_ROLES = ("body", "heading", "emphasis", "title")


@dataclass(frozen=True)
class Face:
    """One embedded face: a role at a weight, its subset bytes."""

    role: str
    weight: int
    name: str        # "body", "heading-700": unique, used for file names
    data: bytes


def subset_faces(theme: Theme, trees: list[Any], flavor: str | None,
                 extra_text: str = "") -> list[Face]:
    """Subsets of each role's faces for the characters the trees show (plus ``extra_text``)."""
    texts: dict[tuple[str, int], str] = {}
    for tree in trees:
        for key, chars in fonts.role_texts(tree, theme).items():
            texts[key] = texts.get(key, "") + chars
    # The body face holds every character the document shows, not only the body text's: that
    # face alone can render all of it where no Chinese font is installed.
    everything = "".join(texts.values()) + fonts.GENERATED + extra_text
    result = []
    for role in EMBEDDED_ROLES:
        declared = theme.font(role).weight
        for weight, (path, index), chars in _role_faces(theme, role, texts, everything):
            name = role if weight == declared else f"{role}-{weight}"
            result.append(Face(role, weight, name, fonts.subset(path, index, chars, flavor)))
    return result


def stylesheet_with_faces(theme: Theme, faces: list[Face], url: Callable[[Face], str],
                          media: str) -> str:
    """The shared stylesheet, declaring ``faces`` (at ``url(face)``) first in their roles."""
    primaries: dict[str, str] = {}
    extra_rules: list[str] = []
    family = css.embedded_families(face.role for face in faces)
    for face in faces:
        if face.weight == theme.font(face.role).weight:
            primaries[face.role] = url(face)
        else:
            # css.stylesheet declares one face per role, at the role's weight; the bold of a
            # role (headings, strong) is a second face of the same family.
            extra_rules.append(f'@font-face {{ font-family: "{family[face.role]}"; '
                               f'src: url("{url(face)}"); font-weight: {face.weight}; '
                               'font-style: normal; }')
    shared = css.stylesheet(theme, media=media, font_faces=primaries)
    return "\n".join([*extra_rules, shared])


def _role_faces(theme: Theme, role: str, texts: dict[tuple[str, int], str],
                everything: str) -> list[tuple[int, tuple[Path, int], str]]:
    """(weight, face, characters) for each face a role shows, its declared weight first."""
    font = theme.font(role)
    used = {weight: chars for (name, weight), chars in texts.items() if name == role and chars}
    if role != "body" and not used:
        return []
    declared_chars = used.pop(font.weight, "")
    faces = {fonts.locate(font, font.weight): [font.weight,
                                               everything if role == "body" else declared_chars]}
    for weight, chars in sorted(used.items()):
        # Another weight found in the same file (no bold installed): one face, which the
        # reader emboldens, rather than a "bold" face that is not.
        faces.setdefault(fonts.locate(font, weight), [weight, ""])[1] += chars
    return [(weight, face, chars) for face, (weight, chars) in faces.items()]
