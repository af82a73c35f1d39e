"""Charts of risk and time on the Scénarios page: the distribution of the simulated result against the
target, the tornado of sensitivities and the 3-year trajectory. Vega-Lite specs in the house style."""

from __future__ import annotations

from typing import Any

import numpy as np

from otmodel import format as fmt
from otmodel.charts import COLORS, EUROS, FONT_SIZE, PERCENT, PERCENT_1, SPLIT_LINES, styled, wrapped
from otmodel.model.risk import Simulation, Tornado
from otmodel.model.scenario import TARGET_BASES
from otmodel.model.trajectory import Trajectory
from otmodel.scenarios.charts import Spec, target_layer, target_legend

BINS = 40


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


def distribution(sim: Simulation) -> Spec:
    """Histogram of the simulated metric: green bars reach the target, red ones do not; P10, median and P90
    as dotted grey lines named at the top; the target as a line."""
    rows = distribution_rows(sim)
    low, high = min(rows[0]["de"], sim.target), max(rows[-1]["a"], sim.target)
    span = (high - low) or 1.0
    x = {"field": "de", "type": "quantitative", "scale": {"domain": [low - 0.05 * span, high + 0.05 * span],
                                                           "nice": False},
         "axis": {"format": EUROS, "title": f"{TARGET_BASES[sim.basis]} simulé", "tickCount": 5}}
    # Each name on its own line at the top: P10, the median and P90 may fall on the same value.
    marks = [{"nom": name, "valeur": float(value), "haut": 4 + 20 * line}
             for line, (name, value) in enumerate((("P10", sim.p10), ("Médiane", sim.p50), ("P90", sim.p90)))]
    return styled({
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
             "encoding": {"x": x, "x2": {"field": "a"},
                          "y": {"field": "part", "type": "quantitative",
                                "axis": {"format": PERCENT, "title": "Part des simulations", "tickCount": 5}},
                          "y2": {"datum": 0},
                          "color": {"field": "atteint", "type": "nominal", "legend": None,
                                    "scale": {"domain": [True, False],
                                              "range": [COLORS["margin_ok"], COLORS["margin_ko"]]}},
                          "tooltip": [{"field": "texte", "title": TARGET_BASES[sim.basis]},
                                      {"field": "part", "title": "Part des simulations", "format": PERCENT_1}]}},
            {"data": {"values": marks}, "mark": {"type": "rule", "color": COLORS["muted"], "strokeWidth": 2,
                                                  "strokeDash": [2, 4]},
             "encoding": {"x": {"field": "valeur", "type": "quantitative"}}},
            {"data": {"values": marks},
             "mark": {"type": "text", "color": "#31333f", "fontSize": FONT_SIZE - 4, "align": "left", "dx": 4,
                      "baseline": "top"},
             "encoding": {"x": {"field": "valeur", "type": "quantitative"}, "text": {"field": "nom"},
                          "y": {"field": "haut", "type": "quantitative", "scale": None}}},
            target_layer("x", sim.target, target_legend(sim.target, sim.basis)),
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=380)


def _shown(value: float, name: str) -> str:
    return fmt.euros(value, 2) if "Prix" in name or "Coût" in name else fmt.number(value, 2)


def tornado_rows(result: Tornado) -> list[dict[str, Any]]:
    """Two rows per input (its low and high value), widest swing first: a bar from the likely metric to the
    metric with that input alone at that value."""
    rows = []
    for rank, bar in enumerate(result.bars):
        for side, value, metric in (("Valeur basse", bar.low, bar.metric_low), ("Valeur haute", bar.high,
                                                                                bar.metric_high)):
            rows.append({"entree": bar.name, "libelle": wrapped(bar.name, 34), "rang": rank, "cote": side,
                         "valeur": _shown(value, bar.name), "probable": float(result.likely),
                         "metrique": float(metric)})
    return rows


def tornado(result: Tornado) -> Spec:
    """One bar per input, widest on top: the metric at its low value and at its high value, from the likely
    (a grey line); the target as a line."""
    rows = tornado_rows(result)
    sides = ["Valeur basse", "Valeur haute"]
    return styled({
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "opacity": 0.9},
             "encoding": {
                 "y": {"field": "libelle", "type": "nominal", "sort": {"field": "rang"},
                       "axis": {"title": None, "labelExpr": SPLIT_LINES}},
                 "x": {"field": "probable", "type": "quantitative", "scale": {"zero": False},
                       "axis": {"format": EUROS, "title": TARGET_BASES[result.basis], "tickCount": 5}},
                 "x2": {"field": "metrique"},
                 "color": {"field": "cote", "type": "nominal", "sort": sides,
                           "scale": {"domain": sides, "range": [COLORS["costs"], COLORS["revenue"]]},
                           "legend": {"title": None}},
                 "tooltip": [{"field": "entree", "title": "Entrée"}, {"field": "cote", "title": "Côté"},
                             {"field": "valeur", "title": "À la valeur"},
                             {"field": "metrique", "title": TARGET_BASES[result.basis], "format": EUROS}]}},
            {"data": {"values": [{"probable": float(result.likely)}]},
             "mark": {"type": "rule", "color": COLORS["muted"], "strokeWidth": 2},
             "encoding": {"x": {"field": "probable", "type": "quantitative"}}},
            target_layer("x", result.target, target_legend(result.target, result.basis)),
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=60 + 52 * max(len(result.bars), 1))


REACHED, MISSED = "Résultat (objectif atteint)", "Résultat (objectif manqué)"
TRAJECTORY_COLORS = {"Recettes": COLORS["revenue"], "Coûts": COLORS["costs"], REACHED: COLORS["margin_ok"],
                     MISSED: COLORS["margin_ko"]}


def trajectory_rows(result: Trajectory) -> list[dict[str, Any]]:
    """Revenue, costs and result for each year; the result's legend says whether it reaches the target."""
    return [{"annee": str(y.year), "poste": poste, "montant": float(amount), "texte": fmt.euros(amount),
             "legende": poste if poste != "Résultat" else REACHED if y.gap >= 0 else MISSED}
            for y in result.years
            for poste, amount in (("Recettes", y.revenue), ("Coûts", y.costs), ("Résultat", y.margin))]


def trajectory(result: Trajectory) -> Spec:
    """Revenue, costs and result per year (bars, the result green when the target is reached, red when not,
    as the legend says), each bar's figure above it, the target as a line."""
    rows = trajectory_rows(result)
    postes = ["Recettes", "Coûts", "Résultat"]
    shown = [name for name in TRAJECTORY_COLORS if any(r["legende"] == name for r in rows)]
    colour = {"field": "legende", "type": "nominal", "sort": shown, "legend": {"title": None},
              "scale": {"domain": shown, "range": [TRAJECTORY_COLORS[name] for name in shown]}}
    y = {"field": "montant", "type": "quantitative", "axis": {"format": EUROS, "title": None, "tickCount": 5}}
    # Wide bars (little room between years): each bar's figure is about as wide as the bar.
    x = {"field": "annee", "type": "nominal", "scale": {"paddingInner": 0.12},
         "axis": {"title": None, "labelAngle": 0, "labelFontSize": FONT_SIZE + 2}}
    offset = {"field": "poste", "type": "nominal", "sort": postes, "scale": {"paddingInner": 0.06}}
    return styled({
        "data": {"values": rows},
        "layer": [
            {"mark": {"type": "bar", "width": {"band": 0.92}},
             "encoding": {"x": x, "xOffset": offset, "y": y, "color": colour,
                          "tooltip": [{"field": "annee", "title": "Année"}, {"field": "poste", "title": "Poste"},
                                      {"field": "montant", "title": "Montant", "format": EUROS}]}},
            {"mark": {"type": "text", "baseline": "bottom", "dy": -4, "fontSize": FONT_SIZE - 3},
             "encoding": {"x": x, "xOffset": offset, "y": y, "text": {"field": "texte"}}},
            target_layer("y", result.target,
                         f"Objectif ({TARGET_BASES[result.basis].lower()}) {fmt.euros(result.target)}", width=3),
        ],
        "resolve": {"scale": {"color": "independent"}},
    }, height=440)
