"""The office among its peers on the pages (Réseau, Présentation): one strip per indicator (otmodel.network.strips),
drawn with Plotly in the house style of otmodel.charts — projector-readable: large type, the office a large dot,
its figure and standing written after each strip."""

from __future__ import annotations

import plotly.graph_objects as go

from otmodel.charts import (
    BLACK,
    FONT_SIZE,
    GREY,
    Chart,
    bold,
    custom,
    hover,
    labels,
    literal,
    scatter_trace,
)
from otmodel.network.compare import Standing
from otmodel.network.strips import BAND, OFFICE, PEER, rows

ROW_PX = 100
MOST_DOTS = 300  # peers drawn per strip: above, the band, the median and both ends say it (SVG stays light)
BAND_HALF = 0.16  # half the band's height, in rows
ABOVE, BELOW = -0.4, 0.34  # where the texts of a strip are written, in rows: its name and figure, its two ends
SMALL = FONT_SIZE - 4


def strips_chart(standings: tuple[Standing, ...], office: str = "Notre office",
                 name: str = "Notre place dans le réseau") -> go.Figure:
    """One strip per indicator with a value in the group, across the whole width: its name above on the left,
    the office's figure and standing above on the right; the track from the lowest to the highest office (both
    written under it, with which way is better between them), the band from Q1 to Q3, the median, the peers and
    the office (`office`: its name, for the hover label)."""
    drawn = rows(standings)
    chart = Chart()
    track_x: list[float | None] = []
    track_y: list[float | None] = []
    for i, row in enumerate(drawn):
        track_x += [0.0, 1.0, None]
        track_y += [i, i, None]
        if row.q1 is not None and row.q3 is not None:
            chart.shape(type="rect", x0=row.q1, x1=row.q3, y0=i - BAND_HALF, y1=i + BAND_HALF, fillcolor=BAND,
                        line={"color": GREY, "width": 1}, layer="below", name="quartiles")
    chart.add(scatter_trace(x=track_x, y=track_y, mode="lines", line={"color": GREY, "width": 2}, name="étendue",
                            hoverinfo="skip", showlegend=False))
    peers = [(share, i) for i, row in enumerate(drawn) if len(row.peers) <= MOST_DOTS for share in row.peers]
    chart.add(scatter_trace(x=[p[0] for p in peers], y=[p[1] for p in peers], mode="markers", name="pairs",
                            marker={"color": PEER, "size": 11, "opacity": 0.6}, hoverinfo="skip", showlegend=False))
    medians = [(i, row) for i, row in enumerate(drawn) if row.median is not None]
    chart.add(scatter_trace(
        x=[row.median for _, row in medians], y=[i for i, _ in medians], mode="markers", name="médiane",
        marker={"symbol": "line-ns", "size": 36, "line": {"color": BLACK, "width": 5}}, showlegend=False,
        customdata=custom((row.label, row.median_text) for _, row in medians), hovertemplate=hover("Médiane")))
    ours = [(i, row) for i, row in enumerate(drawn) if row.office is not None]
    chart.add(scatter_trace(
        x=[row.office for _, row in ours], y=[i for i, _ in ours], mode="markers", name="notre office",
        marker={"color": OFFICE, "size": 26, "line": {"color": BLACK, "width": 2}}, showlegend=False,
        customdata=custom((row.label, office, row.caption) for _, row in ours),
        hovertemplate=hover("Office", "Valeur")))
    count = range(len(drawn))
    chart.add(labels([0.0] * len(drawn), [i + ABOVE for i in count], [bold(literal(r.label)) for r in drawn],
                     name="indicateurs", position="middle right"))
    chart.add(labels([1.0] * len(drawn), [i + ABOVE for i in count], [bold(literal(r.caption)) for r in drawn],
                     name="textes", color=OFFICE, position="middle left"))
    # Under the track: its two ends, and in the middle which way is better.
    chart.add(labels([0.0] * len(drawn) + [1.0] * len(drawn) + [0.5] * len(drawn), [i + BELOW for i in count] * 3,
                     [literal(r.low_text) for r in drawn] + [literal(r.high_text) for r in drawn]
                     + [literal(r.direction) for r in drawn], name="extrêmes", size=SMALL, color=GREY,
                     position=["middle right"] * len(drawn) + ["middle left"] * len(drawn)
                     + ["middle center"] * len(drawn)))
    chart.xaxis(range=[-0.02, 1.02], visible=False, fixedrange=True)
    chart.yaxis(range=[len(drawn) - 0.45, -0.7], visible=False, fixedrange=True)
    chart.update(margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return chart.figure(name, height=ROW_PX * max(len(drawn), 1) + 20)
