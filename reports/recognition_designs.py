"""The three diploma designs: where each puts the text, and its furniture (border, emblem, ornaments).

Everything here is drawn with ReportLab's own path operations; there are no images. The furniture of a design is
the same on every diploma of a printout, so ``reports.recognition`` draws it once as a PDF form and places the form
on each page; only the text changes from page to page.

* **Classic** — a red double rule with gold corner diamonds, a laurel wreath around a star, serif type, centred.
* **Modern** — a red band across the top carrying the heading and a geometric flower, sans-serif type, set left.
* **Festive** — a border of two interlaced waves, a gold rosette with red ribbons, serif italics, centred.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _reportlab_mm

from db.core.i18n import N_
from reports.common import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC

mm: float = _reportlab_mm
SERIF_BOLD_ITALIC = "KansliSerif-BoldItalic"

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#6a6f76")
RED = colors.HexColor("#a3171d")
DEEP_RED = colors.HexColor("#8c1419")
GOLD = colors.HexColor("#b08a3e")
LIGHT_GOLD = colors.HexColor("#d9c08a")
NAVY = colors.HexColor("#1f3556")
WHITE = colors.white

Canvas = Any  # ReportLab's canvas is untyped


@dataclass(frozen=True)
class Layout:
    """Where a design puts the text on a page of one orientation; every measure in points from the bottom left.

    ``align`` is "center" (text centred on ``x``) or "left" (text starting at ``x``); ``width`` is the widest any
    line may be. The name is centred vertically on ``name_y``; the reason flows down from ``reason_top`` and stops
    above ``reason_bottom``.
    """

    page_width: float
    page_height: float
    align: str
    x: float
    width: float
    district_y: float
    heading_y: float
    heading_size: float
    subtitle_y: float
    name_y: float
    name_size: float  # the largest; long names shrink
    reason_top: float
    reason_bottom: float
    reason_width: float
    occasion_y: float
    place_y: float
    signature_y: float
    signature_width: float  # the span the signatures share
    footer_y: float
    footer_left: float
    footer_right: float
    on_band: bool = False  # the district and heading stand on a coloured band (drawn white)

    @property
    def left(self) -> float:
        """The left edge of the text area."""
        return self.x - self.width / 2 if self.align == "center" else self.x

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class Type:
    """The fonts and colours of a design's text."""

    district: str
    district_colour: Any
    heading: str
    heading_colour: Any
    subtitle: str
    subtitle_colour: Any
    name: str
    name_colour: Any
    reason: str
    text: str  # place, date, signers' names
    title: str  # signers' titles, the occasion
    accent: Any  # signature lines, rules


@dataclass(frozen=True)
class Design:
    key: str
    label: str  # an N_ message
    type: Type
    layout: Callable[[bool], Layout]  # landscape → layout
    furniture: Callable[[Canvas, Layout], None]


def page_size(landscape: bool) -> tuple[float, float]:
    width, height = float(A4[0]), float(A4[1])
    return (height, width) if landscape else (width, height)


# ---------------------------------------------------------------------------------------------------------------
# Drawing helpers


def star_path(canvas: Canvas, cx: float, cy: float, outer: float, inner_ratio: float = 0.382, points: int = 5) -> Any:
    """A star with its first point straight up."""
    path = canvas.beginPath()
    for index in range(points * 2):
        radius = outer if index % 2 == 0 else outer * inner_ratio
        angle = math.pi / 2 + index * math.pi / points
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        if index == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    return path


def leaf(canvas: Canvas, x: float, y: float, angle: float, length: float, width: float) -> None:
    """A pointed leaf from (x, y) in the direction ``angle`` (degrees), filled with the current colour."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.rotate(angle)
    path = canvas.beginPath()
    path.moveTo(0, 0)
    path.curveTo(length * 0.25, width * 0.62, length * 0.7, width * 0.55, length, 0)
    path.curveTo(length * 0.7, -width * 0.55, length * 0.25, -width * 0.62, 0, 0)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def laurel_wreath(canvas: Canvas, cx: float, cy: float, radius: float, colour: Any) -> None:
    """Two laurel branches rising from a crossing at the bottom, open at the top."""
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(max(0.6, radius * 0.035))
    canvas.setLineCap(1)
    leaves = 9
    for side in (-1, 1):
        path = canvas.beginPath()
        for step in range(0, 41):
            theta = math.radians(12 + step * 3.4)
            x, y = cx + side * radius * math.sin(theta), cy - radius * math.cos(theta)
            if step == 0:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
        canvas.drawPath(path, stroke=1, fill=0)
        for index in range(leaves):
            theta_degrees = 20 + index * 16.5
            theta = math.radians(theta_degrees)
            x, y = cx + side * radius * math.sin(theta), cy - radius * math.cos(theta)
            tangent = theta_degrees if side > 0 else 180 - theta_degrees
            size = radius * (0.42 - index * 0.018)
            leaf(canvas, x, y, tangent - side * 38, size, size * 0.42)
            leaf(canvas, x, y, tangent + side * 42, size * 0.9, size * 0.38)
        # a berry between the leaves here and there
        for theta_degrees in (55, 105):
            theta = math.radians(theta_degrees)
            bx = cx + side * (radius * 1.14) * math.sin(theta)
            by = cy - (radius * 1.14) * math.cos(theta)
            canvas.circle(bx, by, radius * 0.045, stroke=0, fill=1)
    # the stems crossing at the bottom
    bottom = cy - radius
    canvas.line(cx - radius * 0.28, bottom - radius * 0.14, cx + radius * 0.2, bottom + radius * 0.05)
    canvas.line(cx + radius * 0.28, bottom - radius * 0.14, cx - radius * 0.2, bottom + radius * 0.05)
    canvas.restoreState()


def diamond(canvas: Canvas, cx: float, cy: float, half: float) -> None:
    path = canvas.beginPath()
    path.moveTo(cx, cy + half)
    path.lineTo(cx + half, cy)
    path.lineTo(cx, cy - half)
    path.lineTo(cx - half, cy)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def divider(canvas: Canvas, cx: float, y: float, half_width: float, colour: Any) -> None:
    """A fine rule broken by a small diamond."""
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    canvas.setLineWidth(0.6)
    canvas.line(cx - half_width, y, cx - 3.2 * mm, y)
    canvas.line(cx + 3.2 * mm, y, cx + half_width, y)
    diamond(canvas, cx, y, 1.6 * mm)
    canvas.circle(cx - half_width, y, 0.6, stroke=0, fill=1)
    canvas.circle(cx + half_width, y, 0.6, stroke=0, fill=1)
    canvas.restoreState()


# ---------------------------------------------------------------------------------------------------------------
# Classic


def classic_layout(landscape: bool) -> Layout:
    width, height = page_size(landscape)
    if landscape:
        return Layout(
            width, height, "center", width / 2, 215 * mm,
            district_y=height - 27 * mm, heading_y=height - 75 * mm, heading_size=30, subtitle_y=height - 85.5 * mm,
            name_y=height - 106 * mm, name_size=34, reason_top=height - 120 * mm, reason_bottom=64 * mm,
            reason_width=200 * mm, occasion_y=58 * mm, place_y=51 * mm, signature_y=33 * mm,
            signature_width=190 * mm, footer_y=16.5 * mm, footer_left=19 * mm, footer_right=width - 19 * mm,
        )  # fmt: skip
    return Layout(
        width, height, "center", width / 2, 160 * mm,
        district_y=height - 30 * mm, heading_y=height - 100 * mm, heading_size=32, subtitle_y=height - 112.5 * mm,
        name_y=height - 140 * mm, name_size=36, reason_top=height - 156 * mm, reason_bottom=105 * mm,
        reason_width=140 * mm, occasion_y=96 * mm, place_y=88 * mm, signature_y=58 * mm,
        signature_width=150 * mm, footer_y=17 * mm, footer_left=19 * mm, footer_right=width - 19 * mm,
    )  # fmt: skip


def classic_furniture(canvas: Canvas, layout: Layout) -> None:
    width, height = layout.page_width, layout.page_height
    landscape = width > height
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(2.4)
    outer = 10 * mm
    canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=1, fill=0)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    inner = 13 * mm
    canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=1, fill=0)
    canvas.setLineWidth(0.3)
    canvas.rect(inner + 1.2 * mm, inner + 1.2 * mm, width - 2 * inner - 2.4 * mm, height - 2 * inner - 2.4 * mm)
    canvas.setFillColor(GOLD)
    middle = (outer + inner) / 2
    for x, y in (
        (middle, middle),
        (width - middle, middle),
        (middle, height - middle),
        (width - middle, height - middle),
    ):
        diamond(canvas, x, y, 3.4 * mm)
        canvas.setFillColor(WHITE)
        diamond(canvas, x, y, 1.3 * mm)
        canvas.setFillColor(GOLD)
    # small rosettes half-way along each side
    for x, y in ((width / 2, middle), (width / 2, height - middle), (middle, height / 2), (width - middle, height / 2)):
        canvas.setFillColor(WHITE)
        canvas.circle(x, y, 2.3 * mm, stroke=0, fill=1)
        canvas.setFillColor(GOLD)
        diamond(canvas, x, y, 1.8 * mm)
    radius = 14 * mm if landscape else 18.5 * mm
    centre_y = height - (46 if landscape else 62) * mm
    laurel_wreath(canvas, width / 2, centre_y, radius, GOLD)
    canvas.setFillColor(RED)
    canvas.drawPath(star_path(canvas, width / 2, centre_y + radius * 0.05, radius * 0.5), stroke=0, fill=1)
    divider(canvas, width / 2, layout.subtitle_y - 7 * mm, 32 * mm, GOLD)


CLASSIC_TYPE = Type(
    district=SERIF,
    district_colour=MUTED,
    heading=SERIF_BOLD,
    heading_colour=RED,
    subtitle=SERIF_ITALIC,
    subtitle_colour=INK,
    name=SERIF_BOLD,
    name_colour=INK,
    reason=SERIF_ITALIC,
    text=SERIF,
    title=SERIF_ITALIC,
    accent=GOLD,
)


# ---------------------------------------------------------------------------------------------------------------
# Modern


def _band_height(landscape: bool) -> float:
    return (50 if landscape else 62) * mm


def modern_layout(landscape: bool) -> Layout:
    width, height = page_size(landscape)
    left = 24 * mm
    band_bottom = height - 10 * mm - _band_height(landscape)
    if landscape:
        return Layout(
            width, height, "left", left, width - 2 * left,
            district_y=height - 24 * mm, heading_y=band_bottom + 11 * mm, heading_size=32,
            subtitle_y=band_bottom - 15 * mm, name_y=band_bottom - 37 * mm, name_size=36,
            reason_top=band_bottom - 52 * mm, reason_bottom=62 * mm, reason_width=width - 2 * left - 20 * mm,
            occasion_y=58 * mm, place_y=51 * mm, signature_y=34 * mm, signature_width=width - 2 * left,
            footer_y=17 * mm, footer_left=left, footer_right=width - left, on_band=True,
        )  # fmt: skip
    return Layout(
        width, height, "left", left, width - 2 * left,
        district_y=height - 27 * mm, heading_y=band_bottom + 13 * mm, heading_size=34,
        subtitle_y=band_bottom - 20 * mm, name_y=band_bottom - 47 * mm, name_size=38,
        reason_top=band_bottom - 64 * mm, reason_bottom=104 * mm, reason_width=width - 2 * left - 10 * mm,
        occasion_y=96 * mm, place_y=88 * mm, signature_y=55 * mm, signature_width=width - 2 * left,
        footer_y=17 * mm, footer_left=left, footer_right=width - left, on_band=True,
    )  # fmt: skip


def geometric_flower(canvas: Canvas, cx: float, cy: float, radius: float, colour: Any) -> None:
    """Eight overlapping petals round a full centre: a rose reduced to circles."""
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    canvas.setLineWidth(max(0.8, radius * 0.045))
    petal = radius * 0.42
    for index in range(8):
        angle = math.radians(index * 45 + 22.5)
        canvas.circle(cx + math.cos(angle) * radius * 0.56, cy + math.sin(angle) * radius * 0.56, petal, stroke=1)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.circle(cx, cy, radius * 0.24, stroke=0, fill=1)
    canvas.restoreState()


def modern_furniture(canvas: Canvas, layout: Layout) -> None:
    width, height = layout.page_width, layout.page_height
    landscape = width > height
    edge = 10 * mm
    band = _band_height(landscape)
    canvas.setFillColor(RED)
    canvas.rect(edge, height - edge - band, width - 2 * edge, band, stroke=0, fill=1)
    # a darker strip under the band, like a fold
    canvas.setFillColor(DEEP_RED)
    canvas.rect(edge, height - edge - band - 1.6 * mm, width - 2 * edge, 1.6 * mm, stroke=0, fill=1)
    radius = band * 0.32
    geometric_flower(canvas, width - edge - band * 0.55, height - edge - band / 2, radius, WHITE)
    # the accent bar under the subtitle, and a thin bar along the foot of the page
    canvas.setFillColor(RED)
    canvas.rect(layout.x, layout.subtitle_y - 7 * mm, 22 * mm, 1.6 * mm, stroke=0, fill=1)
    canvas.rect(edge, edge, width - 2 * edge, 2.2 * mm, stroke=0, fill=1)


MODERN_TYPE = Type(
    district=SANS_BOLD,
    district_colour=WHITE,
    heading=SANS_BOLD,
    heading_colour=WHITE,
    subtitle=SANS_BOLD,
    subtitle_colour=RED,
    name=SANS_BOLD,
    name_colour=INK,
    reason=SANS,
    text=SANS,
    title=SANS,
    accent=INK,
)


# ---------------------------------------------------------------------------------------------------------------
# Festive


def festive_layout(landscape: bool) -> Layout:
    width, height = page_size(landscape)
    if landscape:
        return Layout(
            width, height, "center", width / 2, 215 * mm,
            district_y=height - 28 * mm, heading_y=height - 80 * mm, heading_size=28, subtitle_y=height - 90 * mm,
            name_y=height - 110 * mm, name_size=34, reason_top=height - 124 * mm, reason_bottom=66 * mm,
            reason_width=195 * mm, occasion_y=60 * mm, place_y=53 * mm, signature_y=35 * mm,
            signature_width=190 * mm, footer_y=21 * mm, footer_left=22 * mm, footer_right=width - 22 * mm,
        )  # fmt: skip
    return Layout(
        width, height, "center", width / 2, 155 * mm,
        district_y=height - 30 * mm, heading_y=height - 101 * mm, heading_size=30, subtitle_y=height - 112 * mm,
        name_y=height - 139 * mm, name_size=36, reason_top=height - 156 * mm, reason_bottom=100 * mm,
        reason_width=135 * mm, occasion_y=93 * mm, place_y=85 * mm, signature_y=55 * mm,
        signature_width=145 * mm, footer_y=21.5 * mm, footer_left=22 * mm, footer_right=width - 22 * mm,
    )  # fmt: skip


def _wave(canvas: Canvas, start: tuple[float, float], end: tuple[float, float], amplitude: float, phase: float) -> Any:
    """A sine wave from ``start`` to ``end`` (a straight side), as a path of short lines."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    waves = max(1, round(length / (7 * mm)))
    steps = waves * 16
    path = canvas.beginPath()
    for step in range(steps + 1):
        along = length * step / steps
        offset = amplitude * math.sin(2 * math.pi * waves * step / steps + phase)
        x, y = x0 + ux * along - uy * offset, y0 + uy * along + ux * offset
        if step == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    return path


def rosette(canvas: Canvas, cx: float, cy: float, radius: float, tails: float = 2.05) -> None:
    """A gold rosette with a navy centre and a white flower, on two red ribbon tails ``tails`` radii long."""
    canvas.saveState()
    # ribbons first, behind the rosette
    canvas.setFillColor(RED)
    for side in (-1, 1):
        path = canvas.beginPath()
        top_x = cx + side * radius * 0.2
        foot_x = cx + side * radius * 0.95
        foot_y = cy - radius * tails
        half = radius * 0.3
        path.moveTo(top_x - half, cy)
        path.lineTo(top_x + half, cy)
        path.lineTo(foot_x + half, foot_y)
        path.lineTo(foot_x, foot_y + radius * 0.3)  # the V cut at the end
        path.lineTo(foot_x - half, foot_y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    lobes = 24
    path = canvas.beginPath()
    for step in range(lobes * 12 + 1):
        angle = 2 * math.pi * step / (lobes * 12)
        r = radius * (1 + 0.07 * math.cos(lobes * angle))
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if step == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.setFillColor(GOLD)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setStrokeColor(LIGHT_GOLD)
    canvas.setLineWidth(0.6)
    canvas.circle(cx, cy, radius * 0.86, stroke=1, fill=0)
    canvas.setFillColor(NAVY)
    canvas.circle(cx, cy, radius * 0.72, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.5)
    canvas.circle(cx, cy, radius * 0.64, stroke=1, fill=0)
    canvas.setFillColor(WHITE)
    for index in range(5):
        angle = math.pi / 2 + index * 2 * math.pi / 5
        canvas.circle(cx + math.cos(angle) * radius * 0.24, cy + math.sin(angle) * radius * 0.24, radius * 0.2, 0, 1)
    canvas.setFillColor(GOLD)
    canvas.circle(cx, cy, radius * 0.12, stroke=0, fill=1)
    canvas.restoreState()


def festive_furniture(canvas: Canvas, layout: Layout) -> None:
    width, height = layout.page_width, layout.page_height
    landscape = width > height
    outer, inner = 9 * mm, 17 * mm
    middle = (outer + inner) / 2
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.3)
    canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=1, fill=0)
    canvas.setLineWidth(0.6)
    canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=1, fill=0)
    corners = [(middle, middle), (width - middle, middle), (width - middle, height - middle), (middle, height - middle)]
    gap = 4.5 * mm
    for index, (x0, y0) in enumerate(corners):
        x1, y1 = corners[(index + 1) % 4]
        dx, dy = (x1 - x0), (y1 - y0)
        length = math.hypot(dx, dy)
        start = (x0 + dx / length * gap, y0 + dy / length * gap)
        end = (x1 - dx / length * gap, y1 - dy / length * gap)
        canvas.setStrokeColor(GOLD)
        canvas.setLineWidth(0.7)
        canvas.drawPath(_wave(canvas, start, end, 2.4 * mm, 0), stroke=1, fill=0)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.45)
        canvas.drawPath(_wave(canvas, start, end, 2.4 * mm, math.pi), stroke=1, fill=0)
    for x, y in corners:
        canvas.setFillColor(NAVY)
        canvas.circle(x, y, 3.0 * mm, stroke=0, fill=1)
        canvas.setFillColor(GOLD)
        canvas.drawPath(star_path(canvas, x, y - 0.15 * mm, 2.2 * mm), stroke=0, fill=1)
    radius = 10.5 * mm if landscape else 14.5 * mm
    rosette(canvas, width / 2, height - (45 if landscape else 58) * mm, radius, 1.75 if landscape else 2.05)
    # three dots under the subtitle
    canvas.setFillColor(GOLD)
    y = layout.subtitle_y - 7 * mm
    for offset in (-5 * mm, 0, 5 * mm):
        canvas.circle(width / 2 + offset, y, 0.9 * mm if offset == 0 else 0.6 * mm, stroke=0, fill=1)


FESTIVE_TYPE = Type(
    district=SERIF,
    district_colour=NAVY,
    heading=SERIF,
    heading_colour=NAVY,
    subtitle=SERIF_ITALIC,
    subtitle_colour=DEEP_RED,
    name=SERIF_BOLD_ITALIC,
    name_colour=NAVY,
    reason=SERIF_ITALIC,
    text=SERIF,
    title=SERIF_ITALIC,
    accent=NAVY,
)


DESIGNS: tuple[Design, ...] = (
    Design("classic", N_("Classic: laurel wreath and star"), CLASSIC_TYPE, classic_layout, classic_furniture),
    Design("modern", N_("Modern: a red band and a flower"), MODERN_TYPE, modern_layout, modern_furniture),
    Design("festive", N_("Festive: rosette and waves"), FESTIVE_TYPE, festive_layout, festive_furniture),
)
