"""The digest chart: overdue balance per aging bucket (left) and the overdue total at the
end of each of the last weeks (right), drawn with Pillow as a PNG.

Drawn by hand rather than with a plotting library: two small bar charts need nothing
more, and the bytes are the same for the same figures (no timestamps in the file), so the
digest stays deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
WIDTH, HEIGHT = 760, 300
BUCKET_COLOURS = ("#7aa6c2", "#e3b448", "#e08a3c", "#d0553f", "#8e2c2c")
TREND_COLOUR = "#4b6f8c"
INK, GRID, PAPER = "#222222", "#dddddd", "#ffffff"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int, bold: bool = False) -> Font:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default()


def short_amount(value: Decimal) -> str:
    """1234567 -> 1.2M, 45300 -> 45.3k: labels that fit above a bar."""
    number = float(value)
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(number) >= limit:
            return f"{number / limit:.1f}{suffix}"
    return f"{number:.0f}"


def render_chart(buckets: Sequence[tuple[str, Decimal]], trend: Sequence[tuple[str, Decimal]],
                 currency: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    title, label = _font(14, bold=True), _font(11)
    half = WIDTH // 2
    _bars(draw, (20, 10, half - 20, HEIGHT - 10), f"Open balance by age ({currency})", buckets,
          list(BUCKET_COLOURS), title, label)
    _bars(draw, (half + 20, 10, WIDTH - 20, HEIGHT - 10), f"Overdue at week end ({currency})", trend,
          [TREND_COLOUR] * len(trend), title, label)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _bars(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], heading: str,
          values: Sequence[tuple[str, Decimal]], colours: list[str], title: Font, label: Font) -> None:
    left, top, right, bottom = box
    draw.text((left, top), heading, fill=INK, font=title)
    plot_top, plot_bottom = top + 40, bottom - 24
    draw.line((left, plot_bottom, right, plot_bottom), fill=INK, width=1)
    for step in (0.25, 0.5, 0.75, 1.0):
        y = plot_bottom - int((plot_bottom - plot_top) * step)
        draw.line((left, y, right, y), fill=GRID, width=1)
    if not values:
        return
    peak = max((v for _, v in values), default=Decimal(0))
    slot = (right - left) / len(values)
    bar = max(4, int(slot * 0.6))
    for index, (name, value) in enumerate(values):
        x0 = int(left + slot * index + (slot - bar) / 2)
        height = 0 if peak <= 0 else int((plot_bottom - plot_top) * float(value / peak))
        if height > 0:
            draw.rectangle((x0, plot_bottom - height, x0 + bar, plot_bottom - 1),
                           fill=colours[index % len(colours)])
        centre = x0 + bar / 2
        draw.text((centre, plot_bottom - height - 3), short_amount(value), fill=INK, font=label, anchor="md")
        draw.text((centre, plot_bottom + 4), name, fill=INK, font=label, anchor="ma")
