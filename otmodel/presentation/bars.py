"""The story's charts: horizontal bars described once (BarChart) and drawn three ways — a Plotly figure on the
page, inline SVG in the HTML report, fpdf2 primitives in the PDF (report_pdf.py) — so the three always agree.

Every bar carries its own label (no legend to decode), colours come from the colour-blind-safe palette
(charts.SAFE_COLORS) and the kinds that print as the same grey are told apart: « missed » is hatched (on the page
with Plotly's `marker.pattern`), the current situation dotted (a dotted outline on the page, dots in print).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from otmodel.charts import (
    AXIS,
    BLACK,
    FONT_SIZE,
    SAFE_COLORS,
    Chart,
    axis_end,
    bar_trace,
    bold,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    literal_lines,
    outline,
    pattern,
)

KINDS = ("reached", "missed", "current", "neutral")
# What tells apart the kinds that print as the same grey (SVG and PDF draw these; the page its own way).
SAFE_PATTERNS = {"reached": "", "missed": "hatches", "current": "dots", "neutral": ""}

LABEL_WIDTH = 30  # characters per line of a bar's name, left of the bars
TEXT_SIZE = FONT_SIZE + 6  # read from the back of a room
LINE_PX = 30
# A bar's text longer than this goes on two lines (split at its « · »): long figures no longer squeeze the bars.
ONE_LINE = 22
BAR = 0.6  # a bar's thickness, in rows


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


def text_lines(text: str) -> list[str]:
    """A bar's text as the page writes it: on two lines (split at « · ») when one line would squeeze the bars."""
    return text.split(" · ") if len(text) > ONE_LINE else [text]


def domain(chart: BarChart) -> tuple[float, float]:
    """The value axis on the page: room left of zero for negative bars, and on the right for each bar's text,
    which starts at the bar's end or at the target line when the bar stops short of it."""
    low, high = chart.span()
    start = low * 1.15 if low < 0 else 0.0
    return start, axis_end(start, high, [(text_start(chart, bar), _text(bar)) for bar in chart.bars], TEXT_SIZE)


def _text(bar: Bar) -> str:
    return "<br>".join(literal(line) for line in text_lines(bar.text))


def text_start(chart: BarChart, bar: Bar) -> float:
    """Where a bar's text starts: after the bar, or after the target line when the bar stops short of it."""
    return max(bar.value, chart.target if chart.target is not None else bar.value, 0.0)


def to_plotly(chart: BarChart) -> go.Figure:
    """The chart for the page: a Plotly figure, house style, every bar labelled after it (or after the target
    line when it stops short), the target a dashed vertical line named at its top, no value axis (the figures
    are written)."""
    rows = list(range(len(chart.bars)))
    kinds = [bar.kind for bar in chart.bars]
    drawing = Chart()
    drawing.add(bar_trace(
        x=[bar.value for bar in chart.bars], y=rows, orientation="h", width=BAR, name="barres",
        marker={"color": [SAFE_COLORS[kind] for kind in kinds], "line": {"color": BLACK, "width": 1},
                "pattern": pattern(kinds)},
        customdata=custom((bar.label, bar.text) for bar in chart.bars), hovertemplate=hover("Chiffres")))
    drawing.add(labels([text_start(chart, bar) for bar in chart.bars], rows,
                         [_text(bar) for bar in chart.bars],
                         size=TEXT_SIZE, color=BLACK))
    for row, bar in zip(rows, chart.bars, strict=True):
        if bar.kind == "current":
            outline(drawing, 0, bar.value, row - BAR / 2, row + BAR / 2)
    drawing.shape(type="line", x0=0, x1=0, yref="paper", y0=0, y1=1, line={"color": AXIS, "width": 1}, name="zéro")
    if chart.target is not None:
        drawing.shape(type="line", x0=chart.target, x1=chart.target, yref="paper", y0=0, y1=1, name="objectif",
                      line={"color": SAFE_COLORS["target"], "width": 4, "dash": "dash"})
        drawing.annotation(x=chart.target, yref="paper", y=1, yanchor="bottom", showarrow=False, name="objectif",
                           text=bold(literal(chart.target_label)), font={"size": TEXT_SIZE, "color": BLACK})
    category_axis(drawing, [literal_lines(bar.label, LABEL_WIDTH) for bar in chart.bars],
                  tickfont={"size": TEXT_SIZE, "color": BLACK})
    drawing.xaxis(visible=False, range=list(domain(chart)))
    drawing.update(showlegend=False)
    # Each bar gets the height of its tallest text (a wrapped name or a text on two lines) and some air.
    lines = max([len(text_lines(bar.text)) for bar in chart.bars]
                + [len(textwrap.wrap(bar.label, LABEL_WIDTH)) for bar in chart.bars] + [1])
    row_px = max(72, LINE_PX * lines + 36)
    if chart.target is not None:  # room above the plot for the target's name
        drawing.update(margin={"t": 64})
    return drawing.figure(chart.title, height=row_px * max(len(rows), 1) + (96 if chart.target is not None else 40))


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

