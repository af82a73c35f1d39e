"""The story's charts: horizontal bars described once (BarChart) and drawn three ways — Plotly on the page,
inline SVG in the HTML report, fpdf2 primitives in the PDF (pdf.py) — so the three always agree.

Every bar carries its own label (no legend to decode), colours come from the colour-blind-safe palette
(charts.SAFE_COLORS) and the kinds that print as the same grey are told apart by a pattern.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from otmodel.charts_plotly import FONT_SIZE, SAFE_COLORS, SAFE_PATTERNS, literal, styled

KINDS = ("reached", "missed", "current", "neutral")


@dataclass(frozen=True)
class Bar:
    """One bar: its category (left), its value, the label written after it, and its kind (colour, pattern)."""

    label: str
    value: float
    text: str
    kind: str = "neutral"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, top to bottom, with an optional target drawn as a dashed vertical line."""

    title: str
    bars: tuple[Bar, ...]
    target: float | None = None
    target_label: str = ""

    def span(self) -> tuple[float, float]:
        """The value axis: from min(0, values) to max(values, target), with room for the labels."""
        values = [bar.value for bar in self.bars] + ([self.target] if self.target is not None else [])
        low, high = min([0.0, *values]), max([0.0, *values])
        return low, (high if high > low else low + 1.0)


def to_plotly(chart: BarChart, height: int | None = None) -> go.Figure:
    """The chart for the page: SVG traces, house style, direct labels, patterns for black and white."""
    kinds = [bar.kind for bar in chart.bars]
    fig = go.Figure(go.Bar(
        y=[literal(bar.label) for bar in chart.bars], x=[bar.value for bar in chart.bars], orientation="h",
        marker=dict(color=[SAFE_COLORS[k] for k in kinds], line=dict(color="#000000", width=1),
                    pattern=dict(shape=[SAFE_PATTERNS[k] for k in kinds], fgcolor="white", size=10,
                                 fillmode="overlay")),
        hoverinfo="skip", showlegend=False))
    low, high = chart.span()
    # Each label starts after its bar, or after the target line when the bar stops short of it.
    for bar in chart.bars:
        fig.add_annotation(x=max(bar.value, chart.target if chart.target is not None else bar.value, 0),
                           y=literal(bar.label),
                           text=literal(bar.text), xanchor="left", xshift=8, showarrow=False,
                           font=dict(size=FONT_SIZE + 4, color="#000000"))
    if chart.target is not None:
        fig.add_vline(x=chart.target, line=dict(color=SAFE_COLORS["target"], width=4, dash="dash"),
                      annotation=dict(text=literal(chart.target_label), font=dict(size=FONT_SIZE + 4, color="#000000"),
                                      bgcolor="white"),
                      annotation_position="top")
    fig.update_xaxes(range=[low * 1.15 if low < 0 else 0, high + 0.8 * (high - low)], showticklabels=False,
                     showgrid=False)
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=FONT_SIZE + 4, color="#000000"))
    styled(fig, height=height or 110 + 72 * len(chart.bars))
    fig.update_layout(margin=dict(t=50 if chart.target is not None else 10), bargap=0.3)
    return fig


def _svg_patterns() -> str:
    return (
        '<defs><pattern id="p-missed" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="{missed}"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="white" stroke-width="3"/></pattern>'
        '<pattern id="p-current" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{current}"/><circle cx="4" cy="4" r="1.6" fill="white"/></pattern></defs>'
    ).format(**SAFE_COLORS)


def _svg_fill(kind: str) -> str:
    return f"url(#p-{kind})" if SAFE_PATTERNS[kind] else SAFE_COLORS[kind]


def to_svg(chart: BarChart, width: int = 1050) -> str:
    """The chart as a self-contained SVG element (no external reference), for the HTML report."""
    label_width, text_room, row, top = 300, 420, 58, 44 if chart.target is not None else 12
    height = top + row * len(chart.bars) + 12
    low, high = chart.span()
    plot = width - label_width - text_room

    def x_of(value: float) -> float:
        return label_width + plot * (value - low) / (high - low)

    # Inline in HTML, an <svg> needs no xmlns (the parser knows it): the report holds no http:// reference.
    parts = [f'<svg role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" font-family="sans-serif" font-size="20">',
             f"<title>{escape(chart.title)}</title>", _svg_patterns()]
    zero = x_of(0.0)
    # Labels start after the target line when a bar stops short of it: the line never crosses a figure.
    past_target = x_of(chart.target) if chart.target is not None else zero
    for i, bar in enumerate(chart.bars):
        y = top + i * row
        start, end = sorted((zero, x_of(bar.value)))
        lines = textwrap.wrap(bar.label, 28)[:2] or [""]
        first = y + row / 2 + 7 - 11 * (len(lines) - 1)
        parts.append(f'<text x="{label_width - 10}" y="{first}" text-anchor="end">' + "".join(
            f'<tspan x="{label_width - 10}" dy="{0 if i == 0 else 22}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)) + "</text>")
        parts.append(f'<rect x="{start:.1f}" y="{y + 8}" width="{max(end - start, 1):.1f}" height="{row - 16}" '
                     f'fill="{_svg_fill(bar.kind)}" stroke="#000" stroke-width="0.5"/>')
        parts.append(f'<text x="{max(end, past_target) + 8:.1f}" y="{y + row / 2 + 7}" font-weight="bold">'
                     f"{escape(bar.text)}</text>")
    parts.append(f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{height - 8}" stroke="#666"/>')
    if chart.target is not None:
        x = x_of(chart.target)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 4}" stroke="#000" '
                     'stroke-width="3" stroke-dasharray="8 5"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 14}" text-anchor="middle" font-weight="bold">'
                     f"{escape(chart.target_label)}</text>")
    parts.append("</svg>")
    return "".join(parts)

