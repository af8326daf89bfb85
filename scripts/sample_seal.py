"""Draw docs/examples/seal.png: a specimen seal (样章) for the sample notice, red on transparent.

A real seal is the issuing organ's own image; this one says 样章 so nobody mistakes it for one.
Usage: python scripts/sample_seal.py OUT.png "机关名称"
"""
from __future__ import annotations

import math
import subprocess
import sys

from PIL import Image, ImageDraw, ImageFont

SIZE = 600
RED = (230, 0, 18, 255)


def font(size: int) -> ImageFont.FreeTypeFont:
    path = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:bold"],
                          capture_output=True, text=True, check=True).stdout
    return ImageFont.truetype(path, size, index=2)   # the SC face of the collection


def draw(out: str, name: str) -> None:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((12, 12, SIZE - 12, SIZE - 12), outline=RED, width=22)
    star = [(SIZE / 2 + r * math.sin(a), SIZE / 2 - 10 - r * math.cos(a))
            for i in range(10) for r, a in [((90 if i % 2 == 0 else 36), i * math.pi / 5)]]
    pen.polygon(star, fill=RED)
    face = font(78)
    # the name along the upper arc, each character turned to face the centre
    span = math.radians(230)
    for i, char in enumerate(name):
        angle = -span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((50, 50), char, font=face, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.BICUBIC)
        x = SIZE / 2 + 215 * math.sin(angle) - 50
        y = SIZE / 2 - 215 * math.cos(angle) - 50
        image.alpha_composite(glyph, (round(x), round(y)))
    pen.text((SIZE / 2, SIZE / 2 + 150), "样章", font=font(64), fill=RED, anchor="mm")
    image.save(out)


if __name__ == "__main__":
    draw(sys.argv[1], sys.argv[2])
