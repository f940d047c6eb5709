"""WCAG 2.x contrast for the brand colour. The colour an editor picks is the primary
colour of the light scheme: it must carry white text (buttons) and read as text on the
page (links), both at 4.5:1. The dark scheme gets a lighter shade of the same hue,
found here, that reads at 4.5:1 on the dark surfaces."""

from __future__ import annotations

import colorsys
import re

from django.utils.translation import gettext as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM = 4.5
WHITE = "#ffffff"
LIGHT_SURFACE = "#f3f5f8"  # --color-surface, light: links sit on it too
DARK_SURFACES = ("#12161b", "#1b2129", "#20272f")  # --color-bg, --color-surface, --color-raised
DARK_TEXT_ON_PRIMARY = "#0b1522"  # --color-on-primary, dark


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def problems(colour: str) -> list[str]:
    """Why this colour cannot be the primary colour (empty when it can)."""
    if not HEX.match(colour or ""):
        return [_("Give the colour as # and six hexadecimal digits, for example #0a58a8.")]
    worst = min(contrast(colour, WHITE), contrast(colour, LIGHT_SURFACE))
    if worst < MINIMUM:
        return [
            _(
                "White text on this colour, and this colour as text on the page, reach only %(ratio).1f:1; "
                "at least 4.5:1 is needed (WCAG AA). Choose a darker shade."
            )
            % {"ratio": worst}
        ]
    return []


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (r, g, b))


def strong(colour: str) -> str:
    """A darker shade for hover and pressed states."""
    h, lightness, s = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    return _hex(*colorsys.hls_to_rgb(h, lightness * 0.75, s))


def lighter(colour: str, by: float = 0.12) -> str:
    """A lighter shade: hover and pressed states in the dark scheme."""
    h, lightness, s = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    return _hex(*colorsys.hls_to_rgb(h, min(1.0, lightness + by), s))


def for_dark(colour: str) -> str:
    """The same hue, lightened until it reads at 4.5:1 on every dark surface."""
    h, lightness, s = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    while lightness < 1:
        shade = _hex(*colorsys.hls_to_rgb(h, lightness, s))
        if min(contrast(shade, surface) for surface in DARK_SURFACES) >= MINIMUM:
            return shade
        lightness = min(1.0, lightness + 0.02)
    return WHITE
