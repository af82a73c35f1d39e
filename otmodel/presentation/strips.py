"""The office among its peers (otmodel.network.strips) as inline SVG for the HTML report; the PDF draws the same
strips with fpdf2 (report_pdf.py), the pages with Plotly (otmodel.network.charts)."""

from __future__ import annotations

from html import escape

from otmodel.network.compare import Standing
from otmodel.network.strips import BAND, OFFICE, PEER, rows


def to_svg(strips: tuple[Standing, ...], width: int = 1050) -> str:
    """The strips as one self-contained SVG element (no external reference): each indicator's name above its
    strip, its value and standing written after it."""
    drawn = rows(strips)
    text_room, height_of_row = 430, 100
    plot = width - text_room

    def x_of(share: float) -> float:
        return 12 + (plot - 24) * share

    parts = [f'<svg role="img" viewBox="0 0 {width} {height_of_row * len(drawn) + 10}" width="100%" '
             f'style="max-width:{width}px" font-family="sans-serif" font-size="20">'
             "<title>Notre place dans le réseau</title>"]
    for i, row in enumerate(drawn):
        top = 10 + i * height_of_row
        y = top + 50
        parts.append(f'<text x="0" y="{top + 18}">{escape(row.label)} '
                     f'<tspan font-size="15" fill="#444">({escape(row.direction)})</tspan></text>')
        parts.append(f'<line x1="{x_of(0):.1f}" y1="{y}" x2="{x_of(1):.1f}" y2="{y}" stroke="#666" stroke-width="2"/>')
        if row.q1 is not None and row.q3 is not None:
            parts.append(f'<rect x="{x_of(row.q1):.1f}" y="{y - 12}" width="{max(x_of(row.q3) - x_of(row.q1), 2):.1f}"'
                         f' height="24" fill="{BAND}" stroke="#666"/>')
        parts += [f'<circle cx="{x_of(peer):.1f}" cy="{y}" r="5" fill="{PEER}" fill-opacity="0.7"/>'
                  for peer in row.peers]
        if row.median is not None:
            parts.append(f'<line x1="{x_of(row.median):.1f}" y1="{y - 16}" x2="{x_of(row.median):.1f}" '
                         f'y2="{y + 16}" stroke="#000" stroke-width="4"/>')
        parts.append(f'<text x="{x_of(0):.1f}" y="{y + 34}" font-size="14" fill="#444">{escape(row.low_text)}</text>')
        parts.append(f'<text x="{x_of(1):.1f}" y="{y + 34}" font-size="14" fill="#444" text-anchor="end">'
                     f"{escape(row.high_text)}</text>")
        if row.office is not None:
            parts.append(f'<circle cx="{x_of(row.office):.1f}" cy="{y}" r="11" fill="{OFFICE}" stroke="#000" '
                         'stroke-width="2"/>')
        parts.append(f'<text x="{plot + 16}" y="{y + 7}" font-weight="bold">{escape(row.caption)}</text>')
    parts.append("</svg>")
    return "".join(parts)
