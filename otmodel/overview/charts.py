"""The Synthèse page's figures: revenue, costs and result against the target, businesses, revenue by category
(Plotly, house style of otmodel.charts)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import (
    BLACK,
    COLORS,
    FONT_SIZE,
    REDDISH_PURPLE,
    SAFE_COLORS,
    STATUT_COLORS,
    Chart,
    axis_end,
    bar_trace,
    bold,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    pattern,
    target_line,
)
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios.charts import euro_axis, target_legend

POSTES = ("Recettes", "Coûts", "Résultat")
# The bars the target does not apply to.
POSTE_COLORS = {"Recettes": COLORS["revenue"], "Coûts": COLORS["costs"], "Résultat": REDDISH_PURPLE}
FIGURE = f"<span style='font-size:{FONT_SIZE + 8}px'>{{}}</span>"  # a bar's figure, read from the back of a room
REVENUE_BY = ((vocab.FAMILLES, "Recettes par famille"), (vocab.FILIERES, "Recettes par filière"))


def target_rows(revenue: float, costs: float, margin: float, target: float, basis: str) -> list[dict[str, Any]]:
    """Revenue, costs and result: the bar the target applies to is « reached » or « missed »."""
    aimed = TARGET_BASES[basis]
    compared = margin if basis == "margin" else revenue
    rows = []
    for poste, amount in zip(POSTES, (revenue, costs, margin), strict=True):
        state = ("reached" if compared >= target else "missed") if poste == aimed else "neutral"
        rows.append({"poste": poste, "montant": float(amount), "texte": fmt.euros(amount), "etat": state,
                     "couleur": SAFE_COLORS[state] if state != "neutral" else POSTE_COLORS[poste]})
    return rows


def target_chart(revenue: float, costs: float, margin: float, target: float, basis: str) -> go.Figure:
    """Revenue, costs and result as bars, each named under it with its figure (in large type: never crossed by
    the target line nor cut by the bar's end), with the target as a thick black dashed line across the bar it
    applies to, named in the legend."""
    rows = target_rows(revenue, costs, margin, target, basis)
    chart = Chart()
    chart.add(bar_trace(
        x=list(range(len(rows))), y=[r["montant"] for r in rows], width=0.6, name="postes", showlegend=False,
        marker={"color": [r["couleur"] for r in rows], "line": {"color": BLACK, "width": 1},
                "pattern": pattern([r["etat"] for r in rows])},
        customdata=custom((r["poste"], r["texte"]) for r in rows), hovertemplate=hover("Montant")))
    aimed = POSTES.index(TARGET_BASES[basis])
    target_line(chart, target, target_legend(target, basis), axis="y", width=5, spans=[(aimed - 0.42, aimed + 0.42)])
    amounts = [r["montant"] for r in rows]
    top = max([*amounts, target, 0.0]) * 1.1
    bottom = min([*amounts, 0.0]) * 1.1
    category_axis(chart, [f"{r['poste']}<br>{FIGURE.format(bold(r['texte']))}" for r in rows], axis="x",
                  tickfont={"size": FONT_SIZE + 2})
    euro_axis(chart, axis="y", range=[bottom, top or 1.0])
    return chart.figure("Recettes, coûts et résultat face à l'objectif", height=460)


def businesses_by_sector(frame: pd.DataFrame) -> go.Figure:
    """Horizontal stacked bars: businesses of each sector by statut, the largest sector on top.
    frame: filiere, statut, entreprises."""
    data = frame[frame["entreprises"] > 0]
    order = data.groupby("filiere", sort=False)["entreprises"].sum().sort_values(ascending=False, kind="stable")
    rank = {code: i for i, code in enumerate(order.index)}
    chart = Chart()
    for statut, label in vocab.STATUTS_PARTENAIRE.items():
        mine = data[data["statut"] == statut]
        if mine.empty:
            continue
        sectors = [vocab.label(vocab.FILIERES, code) for code in mine["filiere"]]
        chart.add(bar_trace(
            x=mine["entreprises"].astype(float).tolist(), y=[rank[code] for code in mine["filiere"]],
            orientation="h", name=label, marker={"color": STATUT_COLORS[statut]},
            customdata=custom((sector, label, fmt.number(n)) for sector, n in zip(sectors, mine["entreprises"],
                                                                                  strict=True)),
            hovertemplate=hover("Statut", "Entreprises")))
    category_axis(chart, [literal(vocab.label(vocab.FILIERES, code)) for code in order.index])
    chart.xaxis(title={"text": "Entreprises"}, nticks=8, rangemode="tozero")
    chart.update(barmode="stack")
    return chart.figure("Entreprises par filière et statut", height=max(300, 80 + 40 * len(order)))


def revenue_bars(series: pd.Series, vocabulary: dict[str, str], color: str = COLORS["revenue"]) -> go.Figure:
    """Revenue by a category (famille, filière…), largest first, each bar's figure in euros after it."""
    data = series[series > 0].sort_values(ascending=False)
    names = [vocab.label(vocabulary, code) for code in data.index]
    amounts = [float(amount) for amount in data]
    texts = [fmt.euros(amount) for amount in amounts]
    positions = list(range(len(amounts)))
    chart = Chart()
    chart.add(bar_trace(x=amounts, y=positions, orientation="h", width=0.7, name="recettes", showlegend=False,
                           marker={"color": color}, customdata=custom(zip(names, texts, strict=True)),
                           hovertemplate=hover("Recettes")))
    chart.add(labels(amounts, positions, texts))
    category_axis(chart, [literal(name) for name in names])
    # Drawn in a half-width column: a plot of about 240 px at 1 280 px, the names on its left.
    end = axis_end(0.0, max(amounts, default=1.0), zip(amounts, texts, strict=True), plot_px=240)
    # No value axis: every bar's figure is written (a narrow column has no room for its ticks anyway).
    chart.xaxis(range=[0, end], visible=False)
    name = next((title for words, title in REVENUE_BY if words is vocabulary), "Recettes")
    return chart.figure(name, height=max(160, 40 + 48 * len(amounts)))
