"""Draw the app's page icon (two speech bubbles) into ``ui/assets/gesprekscoach.png``.

The icon is served by the app itself (a Material icon as page icon would make every browser
fetch it from fonts.gstatic.com). Run once after changing the drawing: ``python
scripts/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TARGET = Path(__file__).resolve().parent.parent / "ui" / "assets" / "gesprekscoach.png"
SIZE = 128
SCALE = 4  # drawn large, then scaled down for smooth edges
TEACHER = "#1f5f8b"  # the role colours of the Inzichten page
PARENT = "#e07b39"


def draw(size: int = SIZE) -> Image.Image:
    """The icon as an RGBA image of ``size`` × ``size`` pixels."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 32
    pen.rounded_rectangle((1 * unit, 3 * unit, 21 * unit, 17 * unit), 4 * unit, fill=TEACHER)
    pen.polygon(
        [(5 * unit, 16 * unit), (5 * unit, 22 * unit), (11 * unit, 16 * unit)], fill=TEACHER
    )
    pen.rounded_rectangle((11 * unit, 12 * unit, 31 * unit, 26 * unit), 4 * unit, fill=PARENT)
    pen.polygon(
        [(27 * unit, 25 * unit), (27 * unit, 31 * unit), (21 * unit, 25 * unit)], fill=PARENT
    )
    for x in (16, 21, 26):
        centre = (x * unit, 19 * unit)
        radius = 1.4 * unit
        pen.ellipse(
            (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
            fill="white",
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write the icon."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    draw().save(TARGET, optimize=True)


if __name__ == "__main__":
    main()
