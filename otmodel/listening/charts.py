"""Charts of the Écoute page as Plotly figures (no Streamlit): participation, importance × satisfaction, Van
Westendorp (the chart R draws), purchase intent and Gabor–Granger, in the house style of otmodel.charts
(projector fonts, French numbers)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel.charts import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    EURO,
    FONT_SIZE,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PERCENT,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    Chart,
    bar_trace,
    bold,
    category_axis,
    custom,
    hover,
    labels,
    literal,
    scatter_trace,
)
from otmodel.listening.pricing import (
    CURVE_LABELS,
    DRAWN_CURVES,
    FIGURE_LABELS,
    POINT_LABELS,
    GaborGranger,
    PsmResult,
    PurchaseIntent,
    format_point,
    markers,
)
from otmodel.listening.survey import QUADRANTS, Matrix

# Colour and symbol of each quadrant: told apart in black and white by the symbol.
QUADRANT_STYLES = {"priorite": (VERMILLION, "diamond"), "point_fort": (BLUE, "circle"),
                   "reorienter": (ORANGE, "square"), "secondaire": (GREY, "triangle-up")}
# Colour and line of each Van Westendorp curve. As R's psm_plot: the cheap side in blues, the expensive side in
# orange and vermillion; the two « too » curves dotted, so they read apart in black and white.
CURVE_STYLES = {
    "too_cheap": (SKY_BLUE, "dot"),
    "not_cheap": (BLUE, "solid"),
    "cheap": (BLUE, "solid"),
    "expensive": (ORANGE, "solid"),
    "not_expensive": (ORANGE, "solid"),
    "too_expensive": (VERMILLION, "dot"),
}
POINT_COLORS = {"pmc": BLUE, "opp": BLUISH_GREEN, "idp": REDDISH_PURPLE, "pme": VERMILLION}
RANGE_COLOR = BLUISH_GREEN
SERIES = {"share_base": ("Part dans la base", LIGHT_GREY), "share_respondents": ("Part des répondants", BLUE)}
BAR = 0.38


def participation_chart(frame: pd.DataFrame) -> go.Figure:
    """Share of the partner base vs share of the respondents, per group (frame from listening.participation):
    two bars per group (the base above, the respondents below), the largest group at the top, each bar's share
    written after it."""
    data = frame.sort_values("share_base", ascending=False, kind="stable").reset_index(drop=True)
    groups = [str(name) for name in data["libelle"]]  # a code the vocabulary lacks shows as stored
    chart = Chart()
    for (column, (name, colour)), shift in zip(SERIES.items(), (-BAR / 2, BAR / 2), strict=True):
        shares = [float(v) for v in data[column]]
        y = [i + shift for i in range(len(groups))]
        texts = [fmt.percent(v, 0) for v in shares]
        chart.add(bar_trace(x=[100 * v for v in shares], y=y, width=BAR, orientation="h", name=name,
                             marker={"color": colour, "line": {"color": BLACK, "width": 1}},
                             customdata=custom(zip(groups, texts, strict=True)), hovertemplate=hover(name)))
        chart.add(labels([100 * v for v in shares], y, texts, size=FONT_SIZE - 2))
    top = max([*data["share_base"], *data["share_respondents"], 0.0]) * 120 or 100
    category_axis(chart, [literal(group) for group in groups])
    chart.xaxis(ticksuffix=PERCENT, range=[0, top], nticks=6)
    chart.update(barmode="overlay")
    return chart.figure("Qui a répondu", height=max(300, 90 + 64 * len(groups)))


def _padded(values: pd.Series, threshold: float) -> list[float]:
    """An axis range around the points and the threshold, with room for labels, within 1 to 5."""
    low = min(values.min(), threshold) if len(values) else 1.0
    high = max(values.max(), threshold) if len(values) else 5.0
    pad = max(0.25, (high - low) * 0.12)
    return [float(max(0.8, low - pad)), float(min(5.2, high + pad))]


def matrix_chart(matrix: Matrix) -> go.Figure:
    """Themes placed by satisfaction (x) and importance (y), split in four quadrants at the thresholds (dashed);
    each theme named above its point; the quadrants named in their corners, in their colours, and told apart by
    the points' symbols (no legend to decode)."""
    themes = matrix.themes.dropna(subset=["importance", "satisfaction"])
    imp, sat = float(matrix.importance_threshold), float(matrix.satisfaction_threshold)
    x_range = _padded(themes["satisfaction"], sat)
    y_range = _padded(themes["importance"], imp)
    chart = Chart()
    for code, (colour, symbol) in QUADRANT_STYLES.items():
        mine = themes[themes["quadrant"] == code]
        chart.add(scatter_trace(
            x=mine["satisfaction"].astype(float).tolist(), y=mine["importance"].astype(float).tolist(),
            mode="markers+text", name=QUADRANTS[code], text=[literal(theme) for theme in mine["theme"]],
            textposition="top center", textfont={"size": FONT_SIZE - 2}, cliponaxis=False,
            marker={"color": colour, "symbol": symbol, "size": 20, "line": {"color": "white", "width": 2}},
            customdata=custom((row["theme"], fmt.number(row["importance"], 2), fmt.number(row["satisfaction"], 2),
                               fmt.number(row["respondents"]), QUADRANTS[code]) for _, row in mine.iterrows()),
            hovertemplate=hover("Importance (sur 5)", "Satisfaction (sur 5)", "Répondants", "Quadrant")))
    line = {"color": BLACK, "width": 2, "dash": "dash"}
    chart.shape(type="line", x0=sat, x1=sat, yref="paper", y0=0, y1=1, line=line, name="seuil de satisfaction")
    chart.shape(type="line", y0=imp, y1=imp, xref="paper", x0=0, x1=1, line=line, name="seuil d'importance")
    corners = {"priorite": (x_range[0], y_range[1], "left", "top"),
               "point_fort": (x_range[1], y_range[1], "right", "top"),
               "secondaire": (x_range[0], y_range[0], "left", "bottom"),
               "reorienter": (x_range[1], y_range[0], "right", "bottom")}
    for code, (x, y, xanchor, yanchor) in corners.items():
        chart.annotation(x=x, y=y, text=bold(QUADRANTS[code]), showarrow=False, xanchor=xanchor, yanchor=yanchor,
                           font={"color": QUADRANT_STYLES[code][0]}, name=code)
    chart.xaxis(title={"text": "Satisfaction moyenne (1 à 5)"}, range=x_range, nticks=7, zeroline=False)
    chart.yaxis(title={"text": "Importance moyenne (1 à 5)"}, range=y_range, nticks=7, zeroline=False)
    chart.update(showlegend=False)
    return chart.figure("Importance et satisfaction", height=620)


def psm_chart(result: PsmResult) -> go.Figure:
    """The chart R draws (psm_plot): « trop bon marché », « pas bon marché », « pas cher » and « trop cher » (with
    the narrower definition, « bon marché » and « cher » instead of the two « pas »), so that each of the four
    price points is marked where two drawn curves cross; the acceptable range shaded and named at its top."""
    curves = result.curves
    chart = Chart()
    if result.pmc is not None and result.pme is not None:
        chart.shape(type="rect", x0=result.pmc, x1=result.pme, yref="paper", y0=0, y1=1, line={"width": 0},
                    fillcolor=RANGE_COLOR, opacity=0.12, layer="below", name="plage acceptable")
        chart.annotation(x=(result.pmc + result.pme) / 2, y=108, showarrow=False, font={"color": RANGE_COLOR},
                         text=f"Plage acceptable : {format_point(result.pmc)} à {format_point(result.pme)}",
                         name="plage acceptable")
    prices = [float(p) for p in curves["price"]]
    for name in DRAWN_CURVES[result.definition]:
        colour, dash = CURVE_STYLES[name]
        shares = [float(v) for v in curves[name]]
        chart.add(scatter_trace(
            x=prices, y=[100 * v for v in shares], mode="lines", name=CURVE_LABELS[name],
            line={"color": colour, "width": 4, "dash": dash, "shape": "linear" if result.interpolated else "hv"},
            customdata=custom((CURVE_LABELS[name], fmt.euros(p, 2), fmt.percent(v, 0))
                              for p, v in zip(prices, shares, strict=True)),
            hovertemplate=hover("Prix", "Part des répondants")))
    for mark in markers(result):
        crossing = " × ".join(CURVE_LABELS[c].lower() for c in mark.curves)
        chart.add(scatter_trace(
            x=[mark.price], y=[100 * mark.height], mode="markers",
            name=f"{POINT_LABELS[mark.point]} : {format_point(mark.price)}",
            marker={"symbol": "diamond", "size": 20, "color": POINT_COLORS[mark.point],
                    "line": {"color": "white", "width": 2}},
            customdata=custom([(POINT_LABELS[mark.point], format_point(mark.price), crossing)]),
            hovertemplate=hover("Prix", "Croisement")))
    chart.xaxis(title={"text": "Prix HT par an"}, ticksuffix=EURO, nticks=8)
    chart.yaxis(title={"text": "Part des répondants"}, ticksuffix=PERCENT, range=[0, 112], tick0=0, dtick=20)
    # The curves and the price points named below the plot.
    chart.update(legend={"y": -0.18, "yanchor": "top", "orientation": "h"})
    return chart.figure("Prix acceptables (Van Westendorp)", height=600)


GG_SERIES = {"accepted": ("Acceptation (part qui achèterait)", SKY_BLUE),
             "best": ("Prix qui maximise les recettes", BLUE),
             "income": ("Recettes par répondant (prix × acceptation)", ORANGE)}


def gabor_granger_chart(result: GaborGranger) -> go.Figure:
    """Acceptance per price asked (bars, each share written above), the best price's bar darker, and the revenue
    per respondent (a line, on the right axis) — three series named in the legend."""
    table = result.table
    prices = [fmt.euros(p) for p in table["price"]]
    shares = [float(v) for v in table["acceptance"]]
    income = [float(v) for v in table["revenue"]]
    best = [p == result.best_price for p in table["price"]]
    rows = custom(zip(prices, [fmt.percent(v, 0) for v in shares], [fmt.euros(v) for v in income], strict=True))
    template = hover("Diraient oui", "Recettes par répondant")
    chart = Chart()
    for key, chosen in (("accepted", False), ("best", True)):
        name, colour = GG_SERIES[key]
        mine = [i for i, b in enumerate(best) if b == chosen]
        chart.add(bar_trace(x=[i for i in mine], y=[100 * shares[i] for i in mine], name=name, width=0.7,
                             marker={"color": colour, "line": {"color": BLACK, "width": 1}},
                             text=[fmt.percent(shares[i], 0) for i in mine], textposition="outside",
                             cliponaxis=False, constraintext="none", customdata=[rows[i] for i in mine],
                             hovertemplate=template))
    name, colour = GG_SERIES["income"]
    chart.add(scatter_trace(x=list(range(len(prices))), y=income, yaxis="y2", mode="lines+markers", name=name,
                             line={"color": colour, "width": 4}, marker={"size": 14, "color": colour},
                             customdata=rows, hovertemplate=template))
    category_axis(chart, prices, axis="x")
    chart.yaxis(title={"text": "Achèteraient"}, ticksuffix=PERCENT, range=[0, 115],
                     tick0=0, dtick=20)
    # Its top at two thirds of the height: across the bars, below the shares written on them.
    chart.update(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "ticksuffix": EURO,
                              "range": [0, max([*income, 0.0]) * 1.5 or 1.0], "automargin": True, "tickmode": "auto",
                              "nticks": 5,
                              "exponentformat": "none", "separatethousands": True},
                      barmode="overlay", uniformtext={"mode": "show", "minsize": FONT_SIZE - 2})
    return chart.figure("Acceptation par prix (Gabor–Granger)", height=500)


INTENT_SERIES = {"reach": ("Portée (part qui achèterait)", BLUE),
                 "revenue": ("Recettes par répondant (prix × portée)", ORANGE)}


def purchase_intent_chart(intent: PurchaseIntent) -> go.Figure:
    """Newton–Miller–Smith: the reach (left axis) and the revenue per respondent (right axis) at each price, the
    price that reaches the most partners marked on the first, the one that brings the most on the second."""
    table = intent.table
    prices = [float(p) for p in table["price"]]
    reach = [float(v) for v in table["reach"]]
    revenue = [float(v) for v in table["revenue"]]
    rows = custom((fmt.euros(p, 2), fmt.percent(r, 0), fmt.euros(v, 2))
                  for p, r, v in zip(prices, reach, revenue, strict=True))
    template = hover("Portée", "Recettes par répondant")
    chart = Chart()
    for key, values, axis, dash in (("reach", [100 * v for v in reach], "y", "solid"),
                                    ("revenue", revenue, "y2", "dash")):
        name, colour = INTENT_SERIES[key]
        chart.add(scatter_trace(x=prices, y=values, yaxis=axis, mode="lines", name=name,
                                line={"color": colour, "width": 4, "dash": dash}, customdata=rows,
                                hovertemplate=template))
    for name, price, axis, value, colour in (
            ("price_optimal_reach", intent.price_optimal_reach, "y", 100 * intent.reach_at(intent.price_optimal_reach),
             BLUE),
            ("price_optimal_revenue", intent.price_optimal_revenue, "y2",
             intent.price_optimal_revenue * intent.reach_at(intent.price_optimal_revenue), ORANGE)):
        chart.add(scatter_trace(
            x=[price], y=[value], yaxis=axis, mode="markers",
            name=f"{FIGURE_LABELS[name]} : {format_point(price)}",
            marker={"symbol": "diamond", "size": 20, "color": colour, "line": {"color": "white", "width": 2}},
            customdata=custom([(FIGURE_LABELS[name], format_point(price),
                                fmt.percent(intent.reach_at(price), 0))]), hovertemplate=hover("Prix", "Portée")))
    chart.xaxis(title={"text": "Prix HT par an"}, ticksuffix=EURO, nticks=8)
    top = max(reach, default=0) * 100
    chart.yaxis(title={"text": "Portée"}, ticksuffix=PERCENT, range=[0, max(top * 1.15, 10)], rangemode="tozero")
    chart.update(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "ticksuffix": EURO,
                         "range": [0, max(revenue, default=0) * 1.15 or 1.0], "automargin": True, "tickmode": "auto",
                         "nticks": 6,
                         "exponentformat": "none", "separatethousands": True},
                 legend={"y": -0.18, "yanchor": "top", "orientation": "h"})
    return chart.figure("Portée et recettes (intention d'achat)", height=560)
