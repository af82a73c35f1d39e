"""Charts of risk and time on the Scénarios page: the distribution of the simulated result against the
target, the tornado of sensitivities and the 3-year trajectory. Built without Streamlit, in the house style."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel.charts_plotly import COLORS, FONT_SIZE, literal_lines, styled
from otmodel.model.risk import Simulation, Tornado
from otmodel.model.scenario import TARGET_BASES
from otmodel.model.trajectory import Trajectory

BINS = 40


def _target_line(fig: go.Figure, target: float) -> None:
    fig.add_vline(x=target, line=dict(color=COLORS["target"], width=4, dash="dash"),
                  annotation=dict(text=f"Objectif {fmt.euros(target)}", font=dict(size=FONT_SIZE),
                                  bgcolor="rgba(255,255,255,0.85)"),
                  annotation_position="top left")


def distribution(sim: Simulation) -> go.Figure:
    """Histogram of the simulated metric: green bars reach the target, red ones do not; P10, P50, P90 marked."""
    values = sim.values
    low, high = float(values.min()), float(values.max())
    bins = BINS
    if high - low < 1e-6:  # no range: one visible bar at the deterministic value
        half = max(abs(sim.target - low), abs(low), 1.0) * 0.01
        low, high, bins = low - half, high + half, 1
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    middles = (edges[:-1] + edges[1:]) / 2
    shares = counts / len(values)
    colors = [COLORS["margin_ok"] if m >= sim.target else COLORS["margin_ko"] for m in middles]
    fig = go.Figure(go.Bar(x=middles, y=shares, width=np.diff(edges), marker_color=colors,
                           customdata=np.stack([edges[:-1], edges[1:]], axis=1),
                           hovertemplate="%{customdata[0]:,.0f} € à %{customdata[1]:,.0f} € : "
                                         "%{y:.1%} des simulations<extra></extra>"))
    for name, value in (("P10", sim.p10), ("Médiane", sim.p50), ("P90", sim.p90)):
        fig.add_vline(x=value, line=dict(color=COLORS["muted"], width=2, dash="dot"),
                      annotation=dict(text=name, font=dict(size=FONT_SIZE - 4, color=COLORS["muted"])),
                      annotation_position="bottom right")
    _target_line(fig, sim.target)
    span = max(high, sim.target) - min(low, sim.target)
    fig.update_xaxes(range=[min(low, sim.target) - 0.05 * span, max(high, sim.target) + 0.05 * span],
                     tickformat=",.0f", ticksuffix=" €", title=f"{TARGET_BASES[sim.basis]} simulé")
    fig.update_yaxes(tickformat=".0%", title="Part des simulations")
    styled(fig, height=380)
    fig.update_layout(bargap=0.05, margin=dict(t=50))
    return fig


def tornado(result: Tornado) -> go.Figure:
    """One bar per input, widest on top: the metric at its low value and at its high value, from the likely."""
    bars = result.bars
    names = [literal_lines(b.name, 34) for b in bars]  # input names quote offer names
    fig = go.Figure()
    for side, color, label in (("low", COLORS["costs"], "Valeur basse"), ("high", COLORS["revenue"], "Valeur haute")):
        metric = np.array([getattr(b, f"metric_{side}") for b in bars])
        values = [getattr(b, side) for b in bars]
        fig.add_trace(go.Bar(
            y=names, x=metric - result.likely, base=result.likely, orientation="h", name=label, marker_color=color,
            customdata=[fmt.euros(v, 2) if "Prix" in b.name or "Coût" in b.name else fmt.number(v, 2)
                        for v, b in zip(values, bars, strict=True)],
            hovertemplate="%{y}<br>à %{customdata} : %{x:,.0f} €<extra>" + label + "</extra>"))
    _target_line(fig, result.target)
    fig.add_vline(x=result.likely, line=dict(color=COLORS["muted"], width=2))
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €", title=TARGET_BASES[result.basis])
    styled(fig, height=140 + 52 * max(len(bars), 1))
    fig.update_layout(margin=dict(t=60))
    return fig


def trajectory(result: Trajectory) -> go.Figure:
    """Revenue, costs and result per year (bars, the result green when the target is reached), target line."""
    years = [str(y.year) for y in result.years]
    fig = go.Figure()
    for name, values, color in (("Recettes", [y.revenue for y in result.years], COLORS["revenue"]),
                                ("Coûts", [y.costs for y in result.years], COLORS["costs"]),
                                ("Résultat", [y.margin for y in result.years],
                                 [COLORS["margin_ok"] if y.gap >= 0 else COLORS["margin_ko"] for y in result.years])):
        fig.add_trace(go.Bar(x=years, y=values, name=name, marker_color=color, text=[fmt.euros(v) for v in values],
                             textposition="outside", cliponaxis=False, textfont=dict(size=FONT_SIZE - 2),
                             hovertemplate="%{x} : %{y:,.0f} €<extra>" + name + "</extra>"))
    target_line = dict(color=COLORS["target"], width=3, dash="dash")
    fig.add_hline(y=result.target, line=target_line)
    # Named in the legend rather than on the line, where it would cover a bar's figure.
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=target_line, hoverinfo="skip",
                             name=f"Objectif ({TARGET_BASES[result.basis].lower()}) {fmt.euros(result.target)}"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=",.0f", ticksuffix=" €")
    styled(fig, height=440)
    fig.update_layout(margin=dict(t=60))
    return fig
