"""The story's charts: horizontal bars described once (BarChart) and drawn three ways — a Vega-Lite spec on the
page, inline SVG in the HTML report, fpdf2 primitives in the PDF (report_pdf.py) — so the three always agree.

Every bar carries its own label (no legend to decode), colours come from the colour-blind-safe palette
(charts.SAFE_COLORS) and the kinds that print as the same grey are told apart by a pattern: « missed » is
hatched, the current situation dotted (SVG and PDF); on the page, Vega-Lite has no fill patterns, so « missed »
is filled with white stripes (a striped linear gradient) and the current situation has a dotted outline.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape
from typing import Any

from otmodel.charts import AXIS, DASH, FONT_SIZE, SAFE_COLORS, SPLIT_LINES, Spec, styled, wrapped

KINDS = ("reached", "missed", "current", "neutral")
# What tells apart the kinds that print as the same grey (SVG and PDF draw these; the page its own way).
SAFE_PATTERNS = {"reached": "", "missed": "hatches", "current": "dots", "neutral": ""}

LABEL_WIDTH = 30  # characters per line of a bar's name, left of the bars
TEXT_SIZE = FONT_SIZE + 6  # read from the back of a room
LINE_PX = 30
# Room left for the text after each bar is estimated, not measured: a plot at least PLOT_PX wide (1280 px screen,
# sidebar open, names on the left) and CHAR_PX per character of TEXT_SIZE type.
PLOT_PX, CHAR_PX, TEXT_GAP_PX = 640, 12.5, 12
# A bar's text longer than this goes on two lines (split at its « · »): long figures no longer squeeze the bars.
ONE_LINE = 22
STRIPES = 6  # white stripes across a « missed » bar


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




def _text_lines(text: str) -> str:
    """A bar's text, on two lines (split at « · ») when one line would squeeze the bars."""
    return "\n".join(text.split(" · ")) if len(text) > ONE_LINE else text


def _domain(chart: BarChart) -> tuple[float, float]:
    """The value axis on the page: room left of zero for negative bars, and on the right for each bar's text,
    which starts at the bar's end or at the target line when the bar stops short of it."""
    low, high = chart.span()
    start = low * 1.15 if low < 0 else 0.0
    end = high
    for bar in chart.bars:
        longest = max(len(line) for line in _text_lines(bar.text).split("\n"))
        share = min(0.7, (CHAR_PX * longest + TEXT_GAP_PX) / PLOT_PX)  # of the plot's width
        end = max(end, (_text_start(chart, bar) - share * start) / (1 - share))
    return start, end


def _text_start(chart: BarChart, bar: Bar) -> float:
    return max(bar.value, chart.target if chart.target is not None else bar.value, 0.0)


def _names(chart: BarChart) -> list[str]:
    """Each bar's name wrapped for the axis; a repeated name gets invisible zero-width spaces so that its bar
    keeps a row of its own (the axis draws one row per distinct value)."""
    names: list[str] = []
    for bar in chart.bars:
        name = wrapped(bar.label, LABEL_WIDTH)
        names.append(name + "\u200b" * names.count(name) if name in names else name)
    return names


def _stripes(color: str) -> dict[str, Any]:
    """A fill of `color` crossed by white stripes along the bar: « missed » stays apart from « reached » once
    printed in grey. The gradient spans each bar's own box, and bars all have the same height, so every
    « missed » bar shows the same stripes."""
    # Two stops at the same offset make a sharp edge: colour on 55 % of each stripe's height, white on the rest.
    edges = [(k + share) / STRIPES for k in range(STRIPES) for share in (0, 0.55, 0.55, 1)]
    stops = [{"offset": offset, "color": color if i % 4 < 2 else "#ffffff"} for i, offset in enumerate(edges)]
    return {"gradient": "linear", "x1": 0, "y1": 0, "x2": 0, "y2": 1, "stops": stops}


def to_vega(chart: BarChart) -> Spec:
    """The chart for the page: a Vega-Lite spec, house style, every bar labelled after it (or after the target
    line when it stops short), the target a dashed vertical line named at its top.

    The rows carry everything that depends on the figures (even the axis' extent and the target): when only
    figures change — a lever moved in the workshop — the spec stays the same (same bars, same number of text
    lines) and the chart is updated in place."""
    start, end = _domain(chart)
    target = {} if chart.target is None else {"objectif": chart.target, "objectif_texte": chart.target_label}
    rows = [{"rang": i, "nom": bar.label, "categorie": name, "valeur": bar.value, "type": bar.kind,
             "texte": _text_lines(bar.text), "position": _text_start(chart, bar), "debut": start, "fin": end,
             **target}
            for i, (bar, name) in enumerate(zip(chart.bars, _names(chart), strict=True))]
    y = {"field": "categorie", "type": "nominal", "sort": None,
         "axis": {"title": None, "labelExpr": SPLIT_LINES, "labelFontSize": TEXT_SIZE, "labelColor": "#000000",
                  "ticks": False, "domain": False, "labelPadding": 10}}

    def x(field: str) -> dict[str, Any]:
        return {"field": field, "type": "quantitative", "axis": None, "scale": {"nice": False, "zero": True}}

    once = [{"filter": "datum.rang === 0"}]  # a line drawn once, not once per bar
    dotted = "datum.type === 'current'"
    layers: list[Spec] = [
        # Invisible: stretches the value axis from `debut` to `fin` (room for the texts after the bars).
        {"transform": once, "mark": {"type": "rule", "opacity": 0},
         "encoding": {"x": x("debut"), "x2": {"field": "fin"}}},
        {"mark": {"type": "bar", "stroke": "#000000", "strokeCap": "round"},
         "encoding": {
             "y": y, "x": x("valeur"),
             "color": {"condition": {"test": "datum.type === 'missed'", "value": _stripes(SAFE_COLORS["missed"])},
                       "field": "type", "type": "nominal", "legend": None,
                       "scale": {"domain": list(KINDS), "range": [SAFE_COLORS[kind] for kind in KINDS]}},
             "strokeWidth": {"condition": {"test": dotted, "value": 4}, "value": 1},
             "strokeDash": {"condition": {"test": dotted, "value": [0.5, 7]}, "value": []}}},
        # The zero line, written in full (type, no axis): the short `{"datum": 0}` left the whole chart blank.
        {"transform": once, "mark": {"type": "rule", "color": AXIS},
         "encoding": {"x": {"datum": 0, "type": "quantitative", "axis": None}}},
        {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 8, "fontSize": TEXT_SIZE,
                  "color": "#000000", "lineBreak": "\n"},
         "encoding": {"y": y, "x": x("position"), "text": {"field": "texte"}}},
    ]
    if chart.target is not None:
        layers += [
            {"transform": once, "mark": {"type": "rule", "color": SAFE_COLORS["target"], "strokeWidth": 4,
                                         "strokeDash": DASH},
             "encoding": {"x": x("objectif")}},
            {"transform": once, "mark": {"type": "text", "align": "center", "baseline": "bottom", "dy": -10,
                                         "fontSize": TEXT_SIZE, "fontWeight": "bold", "color": "#000000"},
             "encoding": {"x": x("objectif"), "y": {"value": 0}, "text": {"field": "objectif_texte"}}},
        ]
    # Each bar gets the height of its tallest text (a wrapped name or a text on two lines) and some air.
    lines = max([text.count("\n") + 1 for row in rows for text in (row["categorie"], row["texte"])], default=1)
    row_px = max(72, LINE_PX * lines + 36)
    return styled({"data": {"values": rows}, "layer": layers},
                  height=row_px * max(len(rows), 1) + (48 if chart.target is not None else 8))


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

