"""Charts drawn on the server as SVG: the geometry here, the drawing in
templates/triage/insights.html. No script, no inline style (the CSP forbids
both); every chart has its numbers in a table beside it for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 8, 40, 20


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    label_x: float
    label_y: float
    value_y: float
    value_x: float = 0


def bars(points: list[tuple[str, float]], width: int = WIDTH, height: int = HEIGHT) -> dict:
    """Vertical bars, labels under them, values on top."""
    top = max((value for _label, value in points), default=0) or 1
    slot = (width - PAD_LEFT) / max(len(points), 1)
    usable = height - PAD_BOTTOM - PAD_TOP
    drawn = []
    for number, (label, value) in enumerate(points):
        bar_height = usable * value / top
        x = PAD_LEFT + number * slot + slot * 0.15
        y = PAD_TOP + usable - bar_height
        drawn.append(
            Bar(
                x=round(x, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label=label,
                value=value,
                label_x=round(x + slot * 0.35, 1),
                label_y=height - PAD_BOTTOM + 16,
                value_y=round(y - 4, 1),
            )
        )
    return {"bars": drawn, "width": width, "height": height, "baseline": height - PAD_BOTTOM}


def hbars(points: list[tuple[str, float]], width: int = WIDTH, row: int = 28) -> dict:
    """Horizontal bars (a funnel): label left, bar, value right."""
    top = max((value for _label, value in points), default=0) or 1
    label_width, value_width = 170, 60
    usable = width - label_width - value_width
    drawn = []
    for number, (label, value) in enumerate(points):
        bar_width = usable * value / top
        y = number * row + 4
        drawn.append(
            Bar(
                x=label_width,
                y=y,
                width=round(bar_width, 1),
                height=row - 8,
                label=label,
                value=value,
                label_x=label_width - 8,
                label_y=y + row / 2,
                value_y=y + row / 2,
                value_x=round(label_width + bar_width + 6, 1),
            )
        )
    return {"bars": drawn, "width": width, "height": len(points) * row + 8}


def line(points: list[tuple[str, float | None]], low: float, high: float, width: int = 240, height: int = 60) -> dict:
    """A small line over fixed bounds (e.g. ratings 1–5); gaps where a value is missing."""
    step = (width - 16) / max(len(points) - 1, 1)
    span = (high - low) or 1
    segments: list[list[str]] = []
    current: list[str] = []  # "x,y" points of the line being drawn
    dots: list[dict] = []
    for number, (label, value) in enumerate(points):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x = 8 + number * step
        y = 6 + (height - 12) * (1 - (value - low) / span)
        current.append(f"{x:.1f},{y:.1f}")
        dots.append({"x": round(x, 1), "y": round(y, 1), "label": label, "value": value})
    if current:
        segments.append(current)
    return {"paths": [" ".join(segment) for segment in segments], "dots": dots, "width": width, "height": height}
