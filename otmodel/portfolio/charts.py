"""Figures of the Partenaires, Offres and Équipe pages: Plotly, in the house style (otmodel.charts)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    FONT_SIZE,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PERCENT,
    SAFE_COLORS,
    SPHERE_COLORS,
    VERMILLION,
    Chart,
    bar_trace,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    literal_lines,
    pattern,
    scatter_trace,
)
from otmodel.scenarios.charts import euro_axis

# A few hundred points draw a Pareto curve exactly at screen size; one point per paying partner made a 1,4 MB
# figure at a regional network's scale (tens of thousands of payers).
CURVE_POINTS = 400
# Characters per line of an offer's name on the axis (the longest names of the demo fit on one line).
NAME_WIDTH = 45


def coverage_chart(coverage: pd.DataFrame) -> go.Figure:
    """Partners and other businesses per group (stacked horizontal bars, the largest group at the top), the
    coverage rate written after each bar."""
    frame = coverage.sort_values("entreprises", ascending=False, kind="stable")
    groups = [str(name) for name in frame["libelle"]]  # a commune: from the data
    partners = [int(n) for n in frame["partenaires"]]
    totals = [int(n) for n in frame["entreprises"]]
    rates = [fmt.percent(rate, 0) for rate in frame["taux"]]
    positions = list(range(len(groups)))
    chart = Chart()
    for name, counts, colour in (("Partenaires", partners, BLUE),
                                 ("Autres entreprises", [t - p for t, p in zip(totals, partners, strict=True)],
                                  LIGHT_GREY)):
        chart.add(bar_trace(
            x=counts, y=positions, orientation="h", name=name, marker={"color": colour},
            customdata=custom(zip(groups, [fmt.number(n) for n in counts], rates, strict=True)),
            hovertemplate=hover(name, "Couverture")))
    chart.add(labels(totals, positions, rates, size=FONT_SIZE - 2))
    category_axis(chart, [literal(group) for group in groups])
    chart.xaxis(title={"text": "Entreprises"}, range=[0, (max(totals) if totals else 1) * 1.15], nticks=6)
    chart.update(barmode="stack")
    return chart.figure("Couverture des entreprises", height=max(280, 80 + 40 * len(groups)))


def thinned(curve: pd.DataFrame, points: int = CURVE_POINTS) -> pd.DataFrame:
    """At most `points` rows of a curve, evenly spaced by rank, the first and the last kept (the curve rises
    steadily: straight lines between them stay within a pixel of it)."""
    if len(curve) <= points:
        return curve
    return curve.iloc[np.unique(np.linspace(0, len(curve) - 1, points).round().astype(int))]


def pareto_chart(curve: pd.DataFrame, top10: float, top20: float) -> go.Figure:
    """Cumulated share of revenue against cumulated share of paying partners (from the origin, in %), with the
    equality line and the shares of the top 10 % and 20 % written beside their points."""
    curve = thinned(curve)
    x = [0.0, *(100 * float(v) for v in curve["part_partenaires"])]
    y = [0.0, *(100 * float(v) for v in curve["part_recettes"])]
    chart = Chart()
    chart.add(scatter_trace(x=[0, 100], y=[0, 100], mode="lines", name="Répartition égale",
                             line={"color": GREY, "width": 2, "dash": "dot"}, hoverinfo="skip"))
    chart.add(scatter_trace(
        x=x, y=y, mode="lines", name="Recettes cumulées", line={"color": BLUE, "width": 4},
        customdata=custom((f"{fmt.percent(a / 100)} des partenaires", fmt.percent(b / 100))
                          for a, b in zip(x, y, strict=True)),
        hovertemplate=hover("Part des recettes")))
    marks = [(10.0, 100 * top10), (20.0, 100 * top20)]
    texts = [f"{fmt.percent(share / 100, 0)} des partenaires → {fmt.percent(value / 100, 0)} des recettes"
             for share, value in marks]
    chart.add(scatter_trace(x=[m[0] for m in marks], y=[m[1] for m in marks], mode="markers+text", name="repères",
                             marker={"color": ORANGE, "size": 16, "line": {"color": "white", "width": 2}},
                             text=[f"\u2002{t}" for t in texts], textposition="bottom right",
                             textfont={"size": FONT_SIZE}, cliponaxis=False, showlegend=False, hoverinfo="skip"))
    chart.xaxis(title={"text": "Part des partenaires payants (du plus gros au plus petit)"}, ticksuffix=PERCENT,
                     range=[0, 100], nticks=6)
    chart.yaxis(title={"text": "Part des recettes"}, ticksuffix=PERCENT, range=[0, 105],
                     tick0=0, dtick=20)
    return chart.figure("Concentration des recettes", height=460)


MOVES = {"renouveles": ("Renouvelés", BLUE), "nouveaux": ("Nouveaux", BLUISH_GREEN),
         "perdus": ("Perdus", VERMILLION)}


def movement_chart(movement: pd.DataFrame) -> go.Figure:
    """Renewed and new partners per year stacked above zero, lapsed ones below (hatched), the renewal rate
    above the bar."""
    frame = movement.dropna(subset=["nouveaux"])
    years = [str(int(year)) for year in frame["annee"]]
    chart = Chart()
    for column, (name, colour) in MOVES.items():
        counts = [int(n) for n in frame[column]]
        sign = -1 if column == "perdus" else 1
        chart.add(bar_trace(
            x=years, y=[sign * n for n in counts], name=name,
            marker={"color": colour, "pattern": pattern(["missed" if sign < 0 else "" for _ in counts])},
            customdata=custom((f"{name} en {year}", fmt.number(n)) for year, n in zip(years, counts, strict=True)),
            hovertemplate=hover("Partenaires")))
    tops = [int(r + n) for r, n in zip(frame["renouveles"], frame["nouveaux"], strict=True)]
    rates = ["" if pd.isna(rate) else f"renouvellement {fmt.percent(rate, 0)}" for rate in frame["taux_renouvellement"]]
    chart.add(labels(years, tops, rates, size=FONT_SIZE - 2, position="top center"))
    lost = [int(n) for n in frame["perdus"]]
    chart.yaxis(title={"text": "Partenaires"},
                     range=[-max([*lost, 0]) * 1.1, max([*tops, 1]) * 1.2])
    chart.xaxis(type="category")
    chart.update(barmode="relative")
    return chart.figure("Partenaires gagnés et perdus", height=420)


def economics_chart(economics: pd.DataFrame) -> go.Figure:
    """Result per offer in euros (horizontal bars, the best at the top, each figure written at its end),
    coloured by sphere; the hover gives the revenue, costs and prices (« — » for an offer without a reference
    price)."""
    frame = economics.sort_values("resultat", ascending=False, kind="stable").reset_index(drop=True)

    def euros_or_dash(row: pd.Series, column: str) -> str:
        value = row.get(column)
        return "—" if value is None or pd.isna(value) else fmt.euros(value)

    chart = Chart()
    for sphere, label in vocab.SPHERES.items():
        mine = frame[frame["sphere"] == sphere]
        if mine.empty:
            continue
        chart.add(bar_trace(
            x=mine["resultat"].astype(float).tolist(), y=mine.index.tolist(), orientation="h", name=label,
            marker={"color": SPHERE_COLORS[sphere]}, width=0.7,
            text=[fmt.euros(value) for value in mine["resultat"]], textposition="outside", cliponaxis=False,
            constraintext="none", textfont={"size": FONT_SIZE - 2},
            customdata=custom((row["nom"], label, fmt.euros(row["resultat"]), euros_or_dash(row, "recettes"),
                               euros_or_dash(row, "couts"), euros_or_dash(row, "prix"),
                               euros_or_dash(row, "prix_reference")) for _, row in mine.iterrows()),
            hovertemplate=hover("Sphère", "Résultat", "Recettes", "Coûts", "Prix", "Prix de référence")))
    # A long name on a few lines rather than cut: offer names are typed by the office.
    names = [literal_lines(name, NAME_WIDTH) for name in frame["nom"]]
    category_axis(chart, names)
    results = frame["resultat"].astype(float).tolist() or [0.0]
    low, high = min(0.0, *results), max(0.0, *results)
    span = (high - low) or 1.0
    euro_axis(chart, "Résultat", range=[low - 0.2 * span if low < 0 else 0.0, high + 0.2 * span], nticks=4)
    chart.update(barmode="overlay")
    return chart.figure("Résultat de chaque offre",
                  # Rows are evenly spaced: each as tall as the tallest name needs.
                  height=max(320, 90 + len(names) * (30 + 22 * max([n.count("<br>") for n in names], default=0))))


CAPACITY = {"available": ("Heures disponibles", LIGHT_GREY), "carried": ("Heures portées", BLUE),
            "over": ("Heures portées, au-delà", SAFE_COLORS["missed"])}


def capacity_chart(people: pd.DataFrame) -> go.Figure:
    """Hours available per person (wide grey bar) and the hours they carry (narrow bar over it, vermillion and
    hatched beyond what is available)."""
    frame = people.sort_values("heures_disponibles", ascending=False, kind="stable").reset_index(drop=True)
    hover_rows = custom((row["nom"], fmt.number(row["heures_portees"]), fmt.number(row["heures_disponibles"]))
                        for _, row in frame.iterrows())
    template = hover("Heures portées", "Heures disponibles")
    chart = Chart()
    chart.add(bar_trace(x=frame["heures_disponibles"].astype(float).tolist(), y=frame.index.tolist(),
                           orientation="h", width=0.8, name=CAPACITY["available"][0],
                           marker={"color": CAPACITY["available"][1]}, customdata=hover_rows,
                           hovertemplate=template))
    for key, overloaded in (("carried", False), ("over", True)):
        mine = frame[frame["surcharge"].astype(bool) == overloaded]
        name, colour = CAPACITY[key]
        chart.add(bar_trace(
            x=mine["heures_portees"].astype(float).tolist(), y=mine.index.tolist(), orientation="h", width=0.4,
            name=name, marker={"color": colour, "line": {"color": BLACK, "width": 1},
                               "pattern": pattern(["missed" if overloaded else ""] * len(mine))},
            customdata=[hover_rows[i] for i in mine.index], hovertemplate=template))
    category_axis(chart, [literal(name) for name in frame["nom"]])
    chart.xaxis(title={"text": "Heures par an"}, rangemode="tozero", nticks=6)
    # Listed one under the other, ending at the plot's right edge (above the names): the chart sits in a narrow
    # column, where a row of three would be cut.
    chart.update(barmode="overlay", legend={"orientation": "v", "x": 1, "xanchor": "right", "y": 1.02,
                                            "yanchor": "bottom"})
    return chart.figure("Charge de l'équipe", height=max(300, 170 + 60 * len(frame)))

