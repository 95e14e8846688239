"""The digest chart: a PNG of the right size, drawn with or without the DejaVu fonts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image

from assistant.rendering import chart as digest_chart
from assistant.rendering.chart import render_chart, short_amount

BUCKETS = [("current", Decimal("1000")), ("1-30", Decimal("1500")), ("31-60", Decimal("0")),
           ("61-90", Decimal("4000")), ("90+", Decimal("5000"))]
TREND = [("09 Nov", Decimal("12000")), ("16 Nov", Decimal("14000")), ("23 Nov", Decimal("13500"))]


def _pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (760, 300)
    return image.convert("RGB")


def test_bars_are_drawn_in_proportion() -> None:
    image = _pixels(render_chart(BUCKETS, TREND, "EUR"))
    # The tallest bucket (90+) is coloured up to near the top of the plot; 31-60 (zero) not at all.
    colours = {image.getpixel((x, 200)) for x in range(20, 360)}
    assert (0x8E, 0x2C, 0x2C) in colours  # 90+
    assert (0x7A, 0xA6, 0xC2) not in {image.getpixel((x, 120)) for x in range(20, 360)}  # 1,000 is short


def test_without_dejavu_the_default_font_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_chart, "FONT_DIRS", ())
    _pixels(render_chart(BUCKETS, TREND, "EUR"))


def test_empty_figures_still_draw() -> None:
    _pixels(render_chart([(name, Decimal(0)) for name, _ in BUCKETS], [], "EUR"))


@pytest.mark.parametrize(("value", "shown"), [("999", "999"), ("45300", "45.3k"), ("1234567", "1.2M")])
def test_short_amount(value: str, shown: str) -> None:
    assert short_amount(Decimal(value)) == shown
