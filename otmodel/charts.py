"""Plotly figures, built without Streamlit so they can be tested and reused in reports.

Style for a projector: large fonts, French separators, SVG traces only (WebGL is slow headless and
browsers allow few WebGL contexts per page).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab

FONT_SIZE = 18
COLORS = {
    "revenue": "#0b6e99",
    "costs": "#d9822b",
    "margin_ok": "#2e8540",
    "margin_ko": "#c23934",
    "target": "#222222",
    "muted": "#9aa5b1",
}
STATUT_COLORS = {"partenaire": "#0b6e99", "prospect": "#7fb8d6", "non_partenaire": "#c9d3dc", "ancien": "#d9822b"}
SPHERE_COLORS = {"service_public": "#2e8540", "socle": "#0b6e99", "a_la_carte": "#d9822b", "premium": "#7b3f9e"}


def styled(fig: go.Figure, height: int = 420, title: str | None = None) -> go.Figure:
    """The house style: readable from the back of a room, French number separators."""
    fig.update_layout(
        height=height,
        separators=", ",
        font=dict(size=FONT_SIZE),
        margin=dict(l=10, r=10, t=60 if title else 20, b=10),
        title=dict(text=title, font=dict(size=FONT_SIZE + 4)) if title else None,
        plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        hoverlabel=dict(font_size=FONT_SIZE),
    )
    # Plotly's automargin is off by default: without it long sector names are cut at the edge.
    fig.update_xaxes(gridcolor="#e5e9ef", zerolinecolor="#9aa5b1", automargin=True)
    fig.update_yaxes(gridcolor="#e5e9ef", zerolinecolor="#9aa5b1", automargin=True)
    return fig


def target_chart(revenue: float, costs: float, margin: float, target: float, basis: str) -> go.Figure:
    """Revenue, costs and result as bars, with the target as a dashed line across the bar it applies to."""
    labels = ["Recettes", "Coûts", "Résultat"]
    values = [revenue, costs, margin]
    colors = [COLORS["revenue"], COLORS["costs"], COLORS["margin_ok"] if margin >= 0 else COLORS["margin_ko"]]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=colors, text=[fmt.euros(v) for v in values],
                           textposition="inside", insidetextanchor="middle", textangle=0,
                           textfont=dict(size=FONT_SIZE + 6, color="white"), showlegend=False,
                           hovertemplate="%{x} : %{y:,.0f} €<extra></extra>"))
    index = labels.index("Résultat" if basis == "margin" else "Recettes")
    line = dict(color=COLORS["target"], width=5, dash="dash")
    fig.add_shape(type="line", x0=index - 0.48, x1=index + 0.48, y0=target, y1=target, line=line)
    # The target is named in the legend, where it never covers a bar's figure.
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line,
                             name=f"Objectif {fmt.euros(target)} ({labels[index].lower()})"))
    top = max([*values, target, 0]) * 1.15
    bottom = min([*values, 0]) * 1.15
    fig.update_yaxes(range=[bottom, top or 1], tickformat=",.0f", ticksuffix=" €")
    fig = styled(fig, height=440)
    fig.update_layout(showlegend=True, legend=dict(font=dict(size=FONT_SIZE + 2)))
    return fig


def businesses_by_sector(frame: pd.DataFrame) -> go.Figure:
    """Horizontal stacked bars: businesses of each sector by statut. frame: filiere, statut, entreprises."""
    fig = go.Figure()
    order = (frame.groupby("filiere")["entreprises"].sum().sort_values().index.tolist())
    for statut, label in vocab.STATUTS_PARTENAIRE.items():
        part = frame[frame["statut"] == statut].set_index("filiere").reindex(order)["entreprises"].fillna(0)
        fig.add_trace(go.Bar(y=[vocab.label(vocab.FILIERES, f) for f in order], x=part.values, name=label,
                             orientation="h", marker_color=STATUT_COLORS[statut],
                             hovertemplate="%{y} : %{x} entreprises<extra>" + label + "</extra>"))
    fig.update_layout(barmode="stack")
    return styled(fig, height=max(360, 34 * len(order) + 120))


def revenue_bars(series: pd.Series, vocabulary: dict[str, str], color: str = COLORS["revenue"]) -> go.Figure:
    """Revenue by a category (famille, filière…), largest first, labelled in euros."""
    data = series[series > 0].sort_values()
    fig = go.Figure(go.Bar(y=[vocab.label(vocabulary, c) for c in data.index], x=data.values, orientation="h",
                           marker_color=color, text=[fmt.euros(v) for v in data.values], textposition="outside",
                           cliponaxis=False, hovertemplate="%{y} : %{x:,.0f} €<extra></extra>"))
    # Room on the right for the figures written after each bar.
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €", nticks=4, tickangle=0,
                     range=[0, (data.max() if len(data) else 1) * 1.3])
    return styled(fig, height=max(300, 40 * len(data) + 80))
