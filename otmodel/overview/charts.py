"""The Synthèse page's figures: revenue, costs and result against the target, businesses, revenue by category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import COLORS, FONT_SIZE, STATUT_COLORS, literal, styled


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
        fig.add_trace(go.Bar(y=[literal(vocab.label(vocab.FILIERES, f)) for f in order], x=part.values, name=label,
                             orientation="h", marker_color=STATUT_COLORS[statut],
                             hovertemplate="%{y} : %{x} entreprises<extra>" + label + "</extra>"))
    fig.update_layout(barmode="stack")
    return styled(fig, height=max(360, 34 * len(order) + 120))


def revenue_bars(series: pd.Series, vocabulary: dict[str, str], color: str = COLORS["revenue"]) -> go.Figure:
    """Revenue by a category (famille, filière…), largest first, labelled in euros."""
    data = series[series > 0].sort_values()
    fig = go.Figure(go.Bar(y=[literal(vocab.label(vocabulary, c)) for c in data.index], x=data.values, orientation="h",
                           marker_color=color, text=[fmt.euros(v) for v in data.values], textposition="outside",
                           cliponaxis=False, hovertemplate="%{y} : %{x:,.0f} €<extra></extra>"))
    # Room on the right for the figures written after each bar.
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €", nticks=4, tickangle=0,
                     range=[0, (data.max() if len(data) else 1) * 1.3])
    return styled(fig, height=max(300, 40 * len(data) + 80))
