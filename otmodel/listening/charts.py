"""Charts of the Écoute page as Vega-Lite specs (no Streamlit): participation, importance × satisfaction, Van
Westendorp and Gabor–Granger, in the house style of otmodel.charts (projector fonts, French numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from otmodel import format as fmt
from otmodel.charts import COLORS, DASH, EUROS, FONT_SIZE, PERCENT, Spec, styled
from otmodel.listening.pricing import CURVE_LABELS, POINT_LABELS, GaborGranger, PsmResult, format_point
from otmodel.listening.survey import QUADRANTS, Matrix

QUADRANT_COLORS = {"priorite": "#c23934", "point_fort": "#2e8540", "reorienter": "#d9822b", "secondaire": "#9aa5b1"}
# Colour and line of each Van Westendorp curve: the two « too » curves dotted, so they read apart in black and white.
CURVE_STYLES = {
    "too_cheap": ("#7fb8d6", [2, 6]),
    "cheap": ("#0b6e99", []),
    "expensive": ("#d9822b", []),
    "too_expensive": ("#c23934", [2, 6]),
}
POINT_COLORS = {"pmc": "#0b6e99", "opp": "#2e8540", "idp": "#7b3f9e", "pme": "#c23934"}
# The curve each point is drawn on (its height): one of the two that cross there, in both definitions.
POINT_CURVE = {"pmc": "too_cheap", "opp": "too_cheap", "idp": "cheap", "pme": "too_expensive"}
RANGE_COLOR = "#2e8540"


def participation_chart(frame: pd.DataFrame) -> Spec:
    """Share of the partner base vs share of the respondents, per group (frame from listening.participation):
    two bars per group, the largest group at the top, each bar's share written after it."""
    data = frame.sort_values("share_base", ascending=False)
    series = {"share_base": "Part dans la base", "share_respondents": "Part des répondants"}
    bars = [{"groupe": str(row["libelle"]), "serie": name, "rang": rank, "part": float(row[column]),
             "texte": fmt.percent(row[column], 0)}
            for _, row in data.iterrows() for rank, (column, name) in enumerate(series.items())]
    top = max([b["part"] for b in bars] or [0]) * 1.2 or 1
    return styled({
        "data": {"values": bars},
        "encoding": {
            # A code the vocabulary lacks shows as stored.
            "y": {"field": "groupe", "type": "nominal", "sort": list(dict.fromkeys(b["groupe"] for b in bars)),
                  "axis": {"title": None}},
            "yOffset": {"field": "serie", "type": "nominal", "sort": list(series.values())},
            "x": {"field": "part", "type": "quantitative", "scale": {"domain": [0, top], "nice": False},
                  "axis": {"format": PERCENT, "title": None, "tickCount": 5}},
        },
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"color": {"field": "serie", "type": "nominal", "title": None,
                                    "scale": {"domain": list(series.values()),
                                              "range": [COLORS["muted"], COLORS["revenue"]]}},
                          "tooltip": [{"field": "groupe", "title": "Groupe"}, {"field": "serie", "title": "Série"},
                                      {"field": "texte", "title": "Part"}]}},
            {"mark": {"type": "text", "align": "left", "dx": 6, "fontSize": FONT_SIZE - 2},
             "encoding": {"text": {"field": "texte"}}},
        ],
    }, height=max(300, 56 * len(data)))


def matrix_chart(matrix: Matrix) -> Spec:
    """Themes placed by satisfaction (x) and importance (y), split in four quadrants at the thresholds; the
    quadrants are named in their corners, in their colours (no legend to decode)."""
    themes = matrix.themes.dropna(subset=["importance", "satisfaction"])
    imp, sat = float(matrix.importance_threshold), float(matrix.satisfaction_threshold)
    x_range = _padded(themes["satisfaction"], sat)
    y_range = _padded(themes["importance"], imp)
    points = [{"theme": str(row["theme"]), "satisfaction": float(row["satisfaction"]),
               "importance": float(row["importance"]), "repondants": int(row["respondents"]),
               "quadrant": QUADRANTS[row["quadrant"]]} for _, row in themes.iterrows()]
    x = {"field": "satisfaction", "type": "quantitative", "scale": {"domain": x_range, "nice": False, "zero": False},
         "axis": {"title": "Satisfaction moyenne (1 à 5)", "format": ".1f", "tickCount": 6}}
    y = {"field": "importance", "type": "quantitative", "scale": {"domain": y_range, "nice": False, "zero": False},
         "axis": {"title": "Importance moyenne (1 à 5)", "format": ".1f", "tickCount": 6}}
    color = {"field": "quadrant", "type": "nominal", "legend": None,
             "scale": {"domain": list(QUADRANTS.values()), "range": [QUADRANT_COLORS[c] for c in QUADRANTS]}}
    rule = {"type": "rule", "color": COLORS["target"], "strokeWidth": 2, "strokeDash": DASH}
    corners = {"priorite": (x_range[0], y_range[1], "left", "top"),
               "point_fort": (x_range[1], y_range[1], "right", "top"),
               "secondaire": (x_range[0], y_range[0], "left", "bottom"),
               "reorienter": (x_range[1], y_range[0], "right", "bottom")}
    corner_layers = [
        {"data": {"values": [{"satisfaction": cx, "importance": cy, "quadrant": QUADRANTS[code]}]},
         "mark": {"type": "text", "align": align, "baseline": baseline, "fontWeight": "bold",
                  "dx": 6 if align == "left" else -6, "dy": 6 if baseline == "top" else -6},
         "encoding": {"x": x, "y": y, "text": {"field": "quadrant"}, "color": color}}
        for code, (cx, cy, align, baseline) in corners.items()]
    return styled({
        "data": {"values": points},
        "layer": [
            {"data": {"values": [{"seuil": sat}]}, "mark": rule, "encoding": {"x": {**x, "field": "seuil"}}},
            {"data": {"values": [{"seuil": imp}]}, "mark": rule, "encoding": {"y": {**y, "field": "seuil"}}},
            {"mark": {"type": "point", "filled": True, "size": 320, "opacity": 1, "stroke": "white",
                      "strokeWidth": 2},
             "encoding": {"x": x, "y": y, "color": color, "tooltip": [
                 {"field": "theme", "title": "Thème"},
                 {"field": "importance", "title": "Importance (sur 5)", "format": ".2f"},
                 {"field": "satisfaction", "title": "Satisfaction (sur 5)", "format": ".2f"},
                 {"field": "repondants", "title": "Répondants"},
                 {"field": "quadrant", "title": "Quadrant"}]}},
            {"mark": {"type": "text", "baseline": "bottom", "dy": -14, "fontSize": FONT_SIZE - 2},
             "encoding": {"x": x, "y": y, "text": {"field": "theme"}}},
            *corner_layers,
        ],
    }, height=620)


def _padded(values: pd.Series, threshold: float) -> list[float]:
    """An axis range around the points and the threshold, with room for labels, within 1 to 5."""
    low = min(values.min(), threshold) if len(values) else 1.0
    high = max(values.max(), threshold) if len(values) else 5.0
    pad = max(0.25, (high - low) * 0.12)
    return [float(max(0.8, low - pad)), float(min(5.2, high + pad))]


def psm_chart(result: PsmResult) -> Spec:
    """The four Van Westendorp curves, the acceptable range shaded and named, the four price points marked at
    the crossings and named with their price in a legend."""
    curves = result.curves
    names = [CURVE_LABELS[name] for name in CURVE_STYLES]
    lines = [{"prix": float(row["price"]), "courbe": CURVE_LABELS[name], "part": float(row[name])}
             for name in CURVE_STYLES for _, row in curves.iterrows()]
    points = []
    for point, curve in POINT_CURVE.items():
        price = result.point(point)
        if price is not None:
            height = float(np.interp(price, curves["price"], curves[curve]))
            points.append({"prix": float(price), "part": height, "point": POINT_LABELS[point],
                           "legende": f"{POINT_LABELS[point]} : {format_point(price)}", "couleur": POINT_COLORS[point]})
    x = {"field": "prix", "type": "quantitative", "axis": {"title": "Prix HT par an", "format": EUROS}}
    y = {"field": "part", "type": "quantitative", "scale": {"domain": [0, 1.12], "nice": False},
         "axis": {"title": "Part des répondants", "format": PERCENT, "values": [0, 0.2, 0.4, 0.6, 0.8, 1]}}
    layers: list[Spec] = []
    if result.pmc is not None and result.pme is not None:
        band = {"debut": float(result.pmc), "fin": float(result.pme), "milieu": (result.pmc + result.pme) / 2,
                "haut": 1.12, "texte": f"Plage acceptable : {format_point(result.pmc)} à {format_point(result.pme)}"}
        layers += [
            {"data": {"values": [band]}, "mark": {"type": "rect", "color": RANGE_COLOR, "opacity": 0.10},
             "encoding": {"x": {**x, "field": "debut"}, "x2": {"field": "fin"}}},
            {"data": {"values": [band]},
             "mark": {"type": "text", "color": RANGE_COLOR, "baseline": "top", "dy": 4},
             "encoding": {"x": {**x, "field": "milieu"}, "y": {**y, "field": "haut"}, "text": {"field": "texte"}}},
        ]
    layers.append({
        "mark": {"type": "line", "strokeWidth": 4, "interpolate": "linear" if result.interpolated else "step-after"},
        "encoding": {
            "x": x, "y": y,
            "color": {"field": "courbe", "type": "nominal", "legend": {"title": None, "symbolStrokeWidth": 4},
                      "scale": {"domain": names, "range": [color for color, _ in CURVE_STYLES.values()]}},
            "strokeDash": {"field": "courbe", "type": "nominal", "legend": None,
                           "scale": {"domain": names, "range": [dash for _, dash in CURVE_STYLES.values()]}},
            "tooltip": [{"field": "courbe", "title": "Courbe"}, {"field": "prix", "title": "Prix", "format": EUROS},
                        {"field": "part", "title": "Part des répondants", "format": PERCENT}]}})
    if points:
        layers.append({
            "data": {"values": points},
            "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 420, "opacity": 1,
                     "stroke": "white", "strokeWidth": 2},
            "encoding": {
                "x": x, "y": y,
                "fill": {"field": "legende", "type": "nominal", "sort": None,
                         "scale": {"domain": [p["legende"] for p in points], "range": [p["couleur"] for p in points]},
                         "legend": {"title": None, "orient": "bottom", "direction": "horizontal", "columns": 2,
                                    "symbolType": "diamond"}},
                "tooltip": [{"field": "point", "title": "Point"}, {"field": "prix", "title": "Prix",
                                                                   "format": EUROS}]}})
    return styled({"data": {"values": lines}, "layer": layers,
                   "resolve": {"scale": {"color": "independent"}}}, height=520)


def gabor_granger_chart(result: GaborGranger) -> Spec:
    """Acceptance per price asked (bars, labelled) and the revenue per respondent (line, on the right axis), the
    best price's bar highlighted."""
    table = result.table
    accepted, best, income = ("Acceptation (part qui achèterait)", "Prix qui maximise les recettes",
                              "Recettes par répondant (prix × acceptation)")
    bars = [{"prix": fmt.euros(row["price"]), "acceptation": float(row["acceptance"]),
             "texte": fmt.percent(row["acceptance"], 0), "recettes": float(row["revenue"]),
             "serie": best if row["price"] == result.best_price else accepted} for _, row in table.iterrows()]
    color_scale = {"domain": [accepted, best, income],
                   "range": [COLORS["revenue"], COLORS["margin_ok"], COLORS["costs"]]}
    share = {"field": "acceptation", "type": "quantitative", "scale": {"domain": [0, 1.15], "nice": False},
             "axis": {"title": "Achèteraient", "format": PERCENT, "values": [0, 0.2, 0.4, 0.6, 0.8, 1]}}
    tooltip = [{"field": "prix", "title": "Prix"}, {"field": "texte", "title": "Diraient oui"},
               {"field": "recettes", "title": "Recettes par répondant", "format": EUROS}]
    return styled({
        "data": {"values": bars},
        "encoding": {"x": {"field": "prix", "type": "nominal", "sort": [b["prix"] for b in bars],
                           "axis": {"title": None, "labelAngle": 0}}},
        "layer": [
            {"layer": [
                {"mark": {"type": "bar"},
                 "encoding": {"y": share, "color": {"field": "serie", "type": "nominal", "title": None,
                                                    "scale": color_scale}, "tooltip": tooltip}},
                {"mark": {"type": "text", "baseline": "bottom", "dy": -4},
                 "encoding": {"y": share, "text": {"field": "texte"}}},
            ]},
            # The legend names the line; an axis title on the right would be cut at the edge of the page.
            {"mark": {"type": "line", "strokeWidth": 4, "point": {"size": 140, "filled": True,
                                                                   "color": COLORS["costs"]}},
             # Its top at two thirds of the height: across the bars, below the shares written on them.
             "encoding": {"y": {"field": "recettes", "type": "quantitative",
                                "scale": {"domain": [0, max([b["recettes"] for b in bars] + [0]) * 1.5 or 1],
                                          "nice": False},
                                "axis": {"title": None, "format": EUROS, "orient": "right", "grid": False}},
                          "color": {"datum": income, "type": "nominal"},  # the bars' colour scale
                          "tooltip": tooltip}},
        ],
        "resolve": {"scale": {"y": "independent"}},
    }, height=480)
