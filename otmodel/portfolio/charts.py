"""Figures of the Partenaires, Offres and Équipe pages as Vega-Lite specs, in the house style (otmodel.charts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.charts import COLORS, EUROS, FONT_SIZE, NUMBER, PERCENT, SPHERE_COLORS, SPLIT_LINES, Spec, styled, wrapped

# A few hundred points draw a Pareto curve exactly at screen size; one point per paying partner made a 1,4 MB
# figure at a regional network's scale (tens of thousands of payers).
CURVE_POINTS = 400
# Characters per line of an offer's name on the axis (the longest names of the demo fit on one line).
NAME_WIDTH = 45


def _ordered(names: pd.Series) -> list[str]:
    """Category names in the order given, once each (a sort list for a nominal axis)."""
    return list(dict.fromkeys(str(name) for name in names))


def coverage_chart(coverage: pd.DataFrame) -> Spec:
    """Partners and other businesses per group (stacked horizontal bars, the largest group at the top), the
    coverage rate written after each bar."""
    frame = coverage.sort_values("entreprises", ascending=False)
    groups = [{"groupe": str(row["libelle"]), "partenaires": int(row["partenaires"]),  # a commune: from the data
               "autres": int(row["entreprises"] - row["partenaires"]), "entreprises": int(row["entreprises"]),
               "texte": fmt.percent(row["taux"], 0)} for _, row in frame.iterrows()]
    series = ["Partenaires", "Autres entreprises"]
    top = max([g["entreprises"] for g in groups] or [0]) * 1.15 or 1
    x_scale = {"domain": [0, top], "nice": False}
    return styled({
        "data": {"values": groups},
        "encoding": {"y": {"field": "groupe", "type": "nominal", "sort": _ordered(frame["libelle"]),
                           "axis": {"title": None}}},
        "layer": [
            {"transform": [{"fold": ["partenaires", "autres"], "as": ["cle", "nombre"]},
                           {"calculate": f"datum.cle == 'partenaires' ? '{series[0]}' : '{series[1]}'", "as": "serie"},
                           {"calculate": "datum.cle == 'partenaires' ? 0 : 1", "as": "rang"}],
             "mark": {"type": "bar"},
             "encoding": {
                 "x": {"field": "nombre", "type": "quantitative", "stack": "zero", "scale": x_scale,
                       "axis": {"title": "Entreprises", "format": NUMBER, "tickMinStep": 1, "tickCount": 5}},
                 "color": {"field": "serie", "type": "nominal", "title": None,
                           "scale": {"domain": series, "range": [COLORS["revenue"], COLORS["muted"]]}},
                 "order": {"field": "rang"},
                 "tooltip": [{"field": "groupe", "title": "Groupe"}, {"field": "serie", "title": "Série"},
                             {"field": "nombre", "title": "Entreprises", "format": NUMBER},
                             {"field": "texte", "title": "Couverture"}]}},
            {"mark": {"type": "text", "align": "left", "dx": 6, "fontSize": FONT_SIZE - 2},
             "encoding": {"x": {"field": "entreprises", "type": "quantitative", "scale": x_scale},
                          "text": {"field": "texte"}}},
        ],
    }, height=max(280, 40 * len(groups)))


def thinned(curve: pd.DataFrame, points: int = CURVE_POINTS) -> pd.DataFrame:
    """At most `points` rows of a curve, evenly spaced by rank, the first and the last kept (the curve rises
    steadily: straight lines between them stay within a pixel of it)."""
    if len(curve) <= points:
        return curve
    return curve.iloc[np.unique(np.linspace(0, len(curve) - 1, points).round().astype(int))]


def pareto_chart(curve: pd.DataFrame, top10: float, top20: float) -> Spec:
    """Cumulated share of revenue against cumulated share of paying partners (from the origin), with the
    equality line and the shares of the top 10 % and 20 % written beside their points."""
    curve = thinned(curve)
    series = ["Recettes cumulées", "Répartition égale"]
    drawn = [{"x": 0.0, "y": 0.0, "serie": series[0]}] + [
        {"x": float(x), "y": float(y), "serie": series[0]}
        for x, y in zip(curve["part_partenaires"], curve["part_recettes"], strict=True)]
    legend = {"field": "serie", "type": "nominal", "title": None}
    color = {**legend, "scale": {"domain": series, "range": [COLORS["revenue"], COLORS["muted"]]}}
    dash = {**legend, "legend": None, "scale": {"domain": series, "range": [[1, 0], [3, 6]]}}
    x = {"field": "x", "type": "quantitative", "scale": {"domain": [0, 1], "nice": False},
         "axis": {"title": "Part des partenaires payants (du plus gros au plus petit)", "format": PERCENT}}
    y = {"field": "y", "type": "quantitative", "scale": {"domain": [0, 1.05], "nice": False},
         "axis": {"title": "Part des recettes", "format": PERCENT, "values": [0, 0.2, 0.4, 0.6, 0.8, 1]}}
    marks = [{"x": share, "y": float(value),
              "texte": f"{fmt.percent(share, 0)} des partenaires → {fmt.percent(value, 0)} des recettes"}
             for share, value in ((0.1, top10), (0.2, top20))]
    return styled({
        "data": {"values": drawn},
        "encoding": {"x": x, "y": y},
        "layer": [
            {"data": {"values": [{"x": 0.0, "y": 0.0, "serie": series[1]}, {"x": 1.0, "y": 1.0, "serie": series[1]}]},
             "mark": {"type": "line", "strokeWidth": 2}, "encoding": {"color": color, "strokeDash": dash}},
            {"mark": {"type": "line", "strokeWidth": 4},
             "encoding": {"color": color, "strokeDash": dash,
                          "tooltip": [{"field": "x", "title": "Part des partenaires", "format": ".1%"},
                                      {"field": "y", "title": "Part des recettes", "format": ".1%"}]}},
            {"data": {"values": marks}, "mark": {"type": "point", "filled": True, "size": 220, "opacity": 1,
                                                 "color": COLORS["costs"]}},
            {"data": {"values": marks}, "mark": {"type": "text", "align": "left", "dx": 14, "fontSize": FONT_SIZE},
             "encoding": {"text": {"field": "texte"}}},
        ],
    }, height=460)


def movement_chart(movement: pd.DataFrame) -> Spec:
    """Renewed and new partners per year stacked above zero, lapsed ones below, the renewal rate above the bar."""
    frame = movement.dropna(subset=["nouveaux"])
    years = [{"annee": str(int(row["annee"])), "renouveles": int(row["renouveles"]), "nouveaux": int(row["nouveaux"]),
              "moins_perdus": -int(row["perdus"]), "haut": int(row["renouveles"] + row["nouveaux"]),
              "texte": "" if pd.isna(row["taux_renouvellement"])
              else f"renouvellement {fmt.percent(row['taux_renouvellement'], 0)}"} for _, row in frame.iterrows()]
    series = {"renouveles": "Renouvelés", "nouveaux": "Nouveaux", "moins_perdus": "Perdus"}
    names = list(series.values())
    # Room above the highest bar for its rate, below the lowest for nothing more.
    y_scale = {"domain": [min([y["moins_perdus"] for y in years] + [0]) * 1.1,
                          max([y["haut"] for y in years] + [1]) * 1.15], "nice": False}
    which = " : ".join(f"datum.cle == '{key}' ? '{name}'" for key, name in list(series.items())[:2])
    return styled({
        "data": {"values": years},
        "encoding": {"x": {"field": "annee", "type": "ordinal", "axis": {"title": None, "labelAngle": 0}}},
        "layer": [
            {"transform": [{"fold": list(series), "as": ["cle", "nombre"]},
                           {"calculate": f"{which} : '{names[2]}'", "as": "serie"},
                           {"calculate": "indexof(['renouveles', 'nouveaux', 'moins_perdus'], datum.cle)",
                            "as": "rang"},
                           {"calculate": "abs(datum.nombre)", "as": "partenaires"}],
             "mark": {"type": "bar"},
             "encoding": {
                 "y": {"field": "nombre", "type": "quantitative", "stack": "zero", "scale": y_scale,
                       "axis": {"title": "Partenaires", "format": NUMBER, "tickMinStep": 1}},
                 "color": {"field": "serie", "type": "nominal", "title": None,
                           "scale": {"domain": names,
                                     "range": [COLORS["revenue"], COLORS["margin_ok"], COLORS["margin_ko"]]}},
                 "order": {"field": "rang"},
                 "tooltip": [{"field": "annee", "title": "Année"}, {"field": "serie", "title": "Partenaires"},
                             {"field": "partenaires", "title": "Nombre", "format": NUMBER}]}},
            {"mark": {"type": "text", "baseline": "bottom", "dy": -6, "fontSize": FONT_SIZE - 2},
             "encoding": {"y": {"field": "haut", "type": "quantitative"}, "text": {"field": "texte"}}},
        ],
    }, height=420)


def economics_chart(economics: pd.DataFrame) -> Spec:
    """Result per offer in euros (horizontal bars, the best at the top), coloured by sphere; the tooltip gives
    the revenue, costs and prices (« — » for an offer without a reference price)."""
    frame = economics.sort_values("resultat", ascending=False)

    def euros_or_dash(row: pd.Series, column: str) -> str:
        value = row.get(column)
        return "—" if value is None or pd.isna(value) else fmt.euros(value)

    # A long name on a few lines rather than cut: offer names are typed by the office.
    bars = [{"offre": str(row["nom"]), "libelle": wrapped(row["nom"], NAME_WIDTH), "resultat": float(row["resultat"]),
             "sphere": vocab.label(vocab.SPHERES, row["sphere"]), "texte": fmt.euros(row["resultat"]),
             "recettes": euros_or_dash(row, "recettes"), "couts": euros_or_dash(row, "couts"),
             "prix": euros_or_dash(row, "prix"), "reference": euros_or_dash(row, "prix_reference")}
            for _, row in frame.iterrows()]
    return styled({
        "data": {"values": bars},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "libelle", "type": "nominal", "sort": list(dict.fromkeys(b["libelle"] for b in bars)),
                  "axis": {"title": None, "labelExpr": SPLIT_LINES}},
            "x": {"field": "resultat", "type": "quantitative", "axis": {"title": "Résultat", "format": EUROS}},
            "color": {"field": "sphere", "type": "nominal", "title": None,
                      "scale": {"domain": list(vocab.SPHERES.values()),
                                "range": [SPHERE_COLORS[code] for code in vocab.SPHERES]}},
            "tooltip": [{"field": "offre", "title": "Offre"}, {"field": "sphere", "title": "Sphère"},
                        {"field": "texte", "title": "Résultat"}, {"field": "recettes", "title": "Recettes"},
                        {"field": "couts", "title": "Coûts"}, {"field": "prix", "title": "Prix"},
                        {"field": "reference", "title": "Prix de référence"}],
        },
    }, height=max(320, sum(28 + 22 * b["libelle"].count("\n") for b in bars)))


def capacity_chart(people: pd.DataFrame) -> Spec:
    """Hours available per person (wide grey bar) and the hours they carry (narrow bar over it, red beyond
    what is available)."""
    frame = people.sort_values("heures_disponibles", ascending=False)
    series = ["Heures disponibles", "Heures portées", "Heures portées, au-delà"]
    rows = [{"personne": str(row["nom"]), "disponibles": float(row["heures_disponibles"]),
             "portees": float(row["heures_portees"]), "etat": series[2] if row["surcharge"] else series[1]}
            for _, row in frame.iterrows()]
    # One colour scale for both layers (a datum carries no scale of its own): the legend names all three.
    # Listed one under the other: the chart sits in a narrow column, where a row of three would be cut.
    color = {"field": "etat", "type": "nominal", "legend": {"title": None, "direction": "vertical"},
             "scale": {"domain": series, "range": [COLORS["muted"], COLORS["revenue"], COLORS["margin_ko"]]}}
    tooltip = [{"field": "personne", "title": "Personne"},
               {"field": "portees", "title": "Heures portées", "format": NUMBER},
               {"field": "disponibles", "title": "Heures disponibles", "format": NUMBER}]
    return styled({
        "data": {"values": rows},
        "encoding": {"y": {"field": "personne", "type": "nominal", "sort": _ordered(frame["nom"]),
                           "axis": {"title": None}}},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"x": {"field": "disponibles", "type": "quantitative",
                                "axis": {"title": "Heures par an", "format": NUMBER}},
                          "color": {"datum": series[0], "type": "nominal"}, "tooltip": tooltip}},
            {"mark": {"type": "bar", "height": {"band": 0.4}},
             "encoding": {"x": {"field": "portees", "type": "quantitative"},
                          "color": color, "tooltip": tooltip}},
        ],
    }, height=max(260, 60 * len(rows)))
