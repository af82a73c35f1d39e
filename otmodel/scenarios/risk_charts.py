"""Charts of risk and time on the Scénarios page: the distribution of the simulated result against the
target, the tornado of sensitivities and the 3-year trajectory. Plotly figures in the house style, drawn from rows
computed here."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel.charts import (
    BLACK,
    COLORS,
    FONT_SIZE,
    GREY,
    PERCENT,
    REDDISH_PURPLE,
    SAFE_COLORS,
    Chart,
    bar_trace,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    literal_lines,
    pattern,
    target_line,
)
from otmodel.model.risk import Simulation, Tornado
from otmodel.model.scenario import TARGET_BASES
from otmodel.model.trajectory import Trajectory
from otmodel.scenarios.charts import euro_axis, target_legend

BINS = 40
SIDES = {"Valeur basse": COLORS["costs"], "Valeur haute": COLORS["revenue"]}


def distribution_rows(sim: Simulation) -> list[dict[str, Any]]:
    """The histogram's bins: edges, share of the draws, whether the bin reaches the target."""
    values = sim.values
    low, high = float(values.min()), float(values.max())
    bins = BINS
    if high - low < 1e-6:  # no range: one visible bar at the deterministic value
        half = max(abs(sim.target - low), abs(low), 1.0) * 0.01
        low, high, bins = low - half, high + half, 1
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    return [{"de": float(a), "a": float(b), "part": float(n / len(values)),
             "atteint": bool((a + b) / 2 >= sim.target), "texte": f"{fmt.euros(a)} à {fmt.euros(b)}"}
            for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True)]


def distribution(sim: Simulation) -> go.Figure:
    """Histogram of the simulated metric: blue bars reach the target, vermillion hatched ones do not; P10, the
    median and P90 as dotted grey lines named at the top; the target as a line."""
    rows = distribution_rows(sim)
    states = ["reached" if r["atteint"] else "missed" for r in rows]
    chart = Chart()
    chart.add(bar_trace(
        x=[(r["de"] + r["a"]) / 2 for r in rows], width=[r["a"] - r["de"] for r in rows],
        y=[100 * r["part"] for r in rows], name="simulations", showlegend=False,
        marker={"color": [SAFE_COLORS[s] for s in states], "line": {"color": "white", "width": 0.5},
                "pattern": pattern(states)},
        customdata=custom((r["texte"], fmt.percent(r["part"])) for r in rows),
        hovertemplate=hover("Part des simulations")))
    # Each name on its own line at the top: P10, the median and P90 may fall on the same value.
    for line, (name, value) in enumerate((("P10", sim.p10), ("Médiane", sim.p50), ("P90", sim.p90))):
        chart.shape(type="line", x0=value, x1=value, yref="paper", y0=0, y1=1, name=name,
                      line={"color": GREY, "width": 2, "dash": "dot"})
        chart.annotation(x=value, yref="paper", y=1 - 0.07 * line, text=name, showarrow=False, xanchor="left",
                           yanchor="top", xshift=4, font={"size": FONT_SIZE - 4})
    target_line(chart, sim.target, target_legend(sim.target, sim.basis))
    low, high = min(rows[0]["de"], sim.target), max(rows[-1]["a"], sim.target)
    span = (high - low) or 1.0
    euro_axis(chart, f"{TARGET_BASES[sim.basis]} simulé", range=[low - 0.05 * span, high + 0.05 * span], zeroline=False)
    chart.yaxis(ticksuffix=PERCENT, title={"text": "Part des simulations"}, nticks=6, rangemode="tozero")
    chart.update(bargap=0)
    return chart.figure("Distribution du résultat simulé", height=400)


def _shown(value: float, name: str) -> str:
    return fmt.euros(value, 2) if "Prix" in name or "Coût" in name else fmt.number(value, 2)


def tornado_rows(result: Tornado) -> list[dict[str, Any]]:
    """Two rows per input (its low and high value), widest swing first: a bar from the likely metric to the
    metric with that input alone at that value."""
    rows = []
    for rank, bar in enumerate(result.bars):
        for side, value, metric in (("Valeur basse", bar.low, bar.metric_low), ("Valeur haute", bar.high,
                                                                                bar.metric_high)):
            rows.append({"entree": bar.name, "libelle": literal_lines(bar.name, 34), "rang": rank, "cote": side,
                         "valeur": _shown(value, bar.name), "probable": float(result.likely),
                         "metrique": float(metric)})
    return rows


def tornado(result: Tornado) -> go.Figure:
    """One row per input, widest swing on top: a bar from the likely metric (a grey line) to the metric at the
    input's low value (orange) and at its high value (sky blue), each bar's end named with that value; the
    target as a line."""
    rows = tornado_rows(result)
    label = TARGET_BASES[result.basis]
    chart = Chart()
    for side, colour in SIDES.items():
        mine = [r for r in rows if r["cote"] == side]
        chart.add(bar_trace(
            x=[r["metrique"] - r["probable"] for r in mine], base=[r["probable"] for r in mine],
            y=[r["rang"] for r in mine], orientation="h", width=0.7, name=side, opacity=0.9,
            marker={"color": colour, "line": {"color": BLACK, "width": 1}},
            customdata=custom((r["entree"], f"{side.lower()} {r['valeur']}", fmt.euros(r["metrique"]))
                              for r in mine),
            hovertemplate=hover("Entrée à sa", label)))
        # Each end of a bar says the input's value there: « 160,00 € », « 0,30 ».
        chart.add(labels([r["metrique"] for r in mine], [r["rang"] for r in mine],
                             [literal(r["valeur"]) for r in mine], size=FONT_SIZE - 2, name=f"textes {side.lower()}",
                             position=["middle left" if r["metrique"] < r["probable"] else "middle right"
                                       for r in mine]))
    chart.shape(type="line", x0=result.likely, x1=result.likely, yref="paper", y0=0, y1=1, name="probable",
                  line={"color": GREY, "width": 2})
    target_line(chart, result.target, target_legend(result.target, result.basis))
    ends = [result.likely, result.target, *(r["metrique"] for r in rows)]
    low, high = min(ends), max(ends)
    span = (high - low) or max(abs(high), 1.0)
    category_axis(chart, list(dict.fromkeys(r["libelle"] for r in rows)))
    euro_axis(chart, label, range=[low - 0.2 * span, high + 0.2 * span], zeroline=False)
    chart.update(barmode="overlay")
    return chart.figure("Ce qui pèse le plus", height=110 + 52 * max(len(result.bars), 1))


POSTES = ("Recettes", "Coûts", "Résultat")


def trajectory_rows(result: Trajectory) -> list[dict[str, Any]]:
    """Revenue, costs and result for each year; the state of the figure the target applies to says whether it
    reaches the target; each figure is written above its bar, or above the target line when the bar stops short
    of it."""
    aimed = TARGET_BASES[result.basis]
    rows = []
    for y in result.years:
        for poste, amount in zip(POSTES, (y.revenue, y.costs, y.margin), strict=True):
            state = ("reached" if y.gap >= 0 else "missed") if poste == aimed else poste
            rows.append({"annee": str(y.year), "poste": poste, "montant": float(amount), "texte": fmt.euros(amount),
                         "etat": state,
                         "position": float(max(amount, result.target if poste == aimed else amount, 0.0))})
    return rows


TRAJECTORY_COLORS = {"Recettes": COLORS["revenue"], "Coûts": COLORS["costs"], "Résultat": REDDISH_PURPLE,
                     "reached": SAFE_COLORS["reached"], "missed": SAFE_COLORS["missed"]}


def trajectory(result: Trajectory) -> go.Figure:
    """Revenue, costs and result per year, each bar named under it and its figure above it; the figure the target
    applies to blue when it reaches it, vermillion and hatched when not, the target a line across those bars."""
    rows = trajectory_rows(result)
    x = [[r["annee"] for r in rows], [r["poste"] for r in rows]]
    chart = Chart()
    chart.add(bar_trace(
        x=x, y=[r["montant"] for r in rows], name="années", showlegend=False,
        marker={"color": [TRAJECTORY_COLORS[r["etat"]] for r in rows], "line": {"color": BLACK, "width": 1},
                "pattern": pattern([r["etat"] for r in rows])},
        customdata=custom((f"{r['poste']} {r['annee']}", r["texte"]) for r in rows), hovertemplate=hover("Montant")))
    chart.add(labels(x, [r["position"] for r in rows], [r["texte"] for r in rows], size=FONT_SIZE - 3,
                         position="top center"))
    # Bars are placed 0, 1, 2… in the order drawn (a category each): the target across those it applies to.
    aimed = [i for i, r in enumerate(rows) if r["etat"] in ("reached", "missed")]
    target_line(chart, result.target, f"Objectif ({TARGET_BASES[result.basis].lower()}) {fmt.euros(result.target)}",
                axis="y", width=3, spans=[(i - 0.45, i + 0.45) for i in aimed])
    amounts = [0.0, result.target, *(r["montant"] for r in rows)]
    low, high = min(amounts), max(amounts)
    span = (high - low) or 1.0
    euro_axis(chart, axis="y", range=[low - 0.1 * span if low < 0 else 0.0, high + 0.12 * span])
    chart.xaxis(tickfont={"size": FONT_SIZE - 2})
    chart.update(bargap=0.08)
    return chart.figure("Trajectoire sur trois ans", height=460)
