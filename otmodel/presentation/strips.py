"""The office among its peers, one strip per indicator, for the report: inline SVG in the HTML, and the geometry the
PDF draws with fpdf2 (report_pdf.py). The page draws the same strips with Plotly (otmodel.network.charts).

A strip runs from the group's lowest value to its highest: peers as small grey dots, the band from Q1 to Q3
(when the group has at least five offices), the median as a black tick, the office as a large blue dot with a
black outline (told apart in black and white by its size), its value and where it stands written after it.
"""

from __future__ import annotations

from html import escape

from otmodel.charts import SAFE_COLORS
from otmodel.network import compare
from otmodel.network.compare import Standing

OFFICE = SAFE_COLORS["reached"]  # blue
PEER = SAFE_COLORS["current"]  # mid grey
BAND = "#d9d9d9"


def span(standing: Standing) -> tuple[float, float]:
    """The strip's extent: the group's lowest and highest values (the office's included)."""
    values = [*standing.peer_values, *([standing.value] if standing.value is not None else [])]
    low, high = min(values), max(values)
    return (low, high) if high > low else (low - 1.0, high + 1.0)


def share(standing: Standing, value: float) -> float:
    """Where `value` sits along the strip, from 0 (lowest of the group) to 1 (highest)."""
    low, high = span(standing)
    return (value - low) / (high - low)


def caption(standing: Standing) -> str:
    """« 270 255 € · 4e quartile · rang 1 sur 7 » (no quartile under five offices)."""
    parts = [standing.indicator.text(standing.value)]
    if standing.quartile:
        parts.append(compare.quartile_text(standing.quartile).split(" (")[0])
    if standing.rank:
        parts.append(f"rang {standing.rank} sur {standing.peers}")
    return " · ".join(parts)


def extremes(standing: Standing) -> tuple[str, str]:
    """The texts under both ends of the strip: the group's lowest and highest values."""
    low, high = min(standing.peer_values), max(standing.peer_values)
    return standing.indicator.text(low), standing.indicator.text(high)


def to_svg(strips: tuple[Standing, ...], width: int = 1050) -> str:
    """The strips as one self-contained SVG element (no external reference): each indicator's name above its
    strip, its value and standing written after it."""
    text_room, row = 430, 100
    plot = width - text_room
    height = row * len(strips) + 10

    def x_of(standing: Standing, value: float) -> float:
        return 12 + (plot - 24) * share(standing, value)

    parts = [f'<svg role="img" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
             'font-family="sans-serif" font-size="20"><title>Notre place dans le réseau</title>']
    for i, standing in enumerate(strips):
        top = 10 + i * row
        y = top + 50
        parts.append(f'<text x="0" y="{top + 18}">{escape(standing.indicator.label)} '
                     f'<tspan font-size="15" fill="#444">({escape(standing.indicator.direction)})</tspan></text>')
        left, right = x_of(standing, span(standing)[0]), x_of(standing, span(standing)[1])
        parts.append(f'<line x1="{left:.1f}" y1="{y}" x2="{right:.1f}" y2="{y}" stroke="#666" stroke-width="2"/>')
        if standing.q1 is not None and standing.q3 is not None:
            q1, q3 = x_of(standing, standing.q1), x_of(standing, standing.q3)
            parts.append(f'<rect x="{q1:.1f}" y="{y - 12}" width="{max(q3 - q1, 2):.1f}" height="24" fill="{BAND}" '
                         'stroke="#666"/>')
        for value in standing.peer_values:
            parts.append(f'<circle cx="{x_of(standing, value):.1f}" cy="{y}" r="5" fill="{PEER}" '
                         'fill-opacity="0.7"/>')
        if standing.median is not None:
            median = x_of(standing, standing.median)
            parts.append(f'<line x1="{median:.1f}" y1="{y - 16}" x2="{median:.1f}" y2="{y + 16}" stroke="#000" '
                         'stroke-width="4"/>')
        low_text, high_text = extremes(standing)
        parts.append(f'<text x="{left:.1f}" y="{y + 34}" font-size="14" fill="#444">{escape(low_text)}</text>')
        parts.append(f'<text x="{right:.1f}" y="{y + 34}" font-size="14" fill="#444" text-anchor="end">'
                     f"{escape(high_text)}</text>")
        if standing.value is not None:
            parts.append(f'<circle cx="{x_of(standing, standing.value):.1f}" cy="{y}" r="11" fill="{OFFICE}" '
                         'stroke="#000" stroke-width="2"/>')
        parts.append(f'<text x="{plot + 16}" y="{y + 7}" font-weight="bold">{escape(caption(standing))}</text>')
    parts.append("</svg>")
    return "".join(parts)
