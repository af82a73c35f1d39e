"""Charts of the Écoute page (no Streamlit): participation, importance × satisfaction, Van Westendorp and
Gabor–Granger. They reuse the house style of otmodel.charts (projector fonts, French separators, SVG)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from otmodel import format as fmt
from otmodel.charts_plotly import COLORS, FONT_SIZE, literal, styled
from otmodel.listening.pricing import CURVE_LABELS, POINT_LABELS, GaborGranger, PsmResult
from otmodel.listening.survey import QUADRANTS, Matrix

QUADRANT_COLORS = {"priorite": "#c23934", "point_fort": "#2e8540", "reorienter": "#d9822b", "secondaire": "#9aa5b1"}
CURVE_STYLES = {
    "too_cheap": dict(color="#7fb8d6", dash="dot"),
    "cheap": dict(color="#0b6e99", dash="solid"),
    "expensive": dict(color="#d9822b", dash="solid"),
    "too_expensive": dict(color="#c23934", dash="dot"),
}
POINT_COLORS = {"pmc": "#0b6e99", "opp": "#2e8540", "idp": "#7b3f9e", "pme": "#c23934"}
# The curve each point is drawn on (its height): one of the two that cross there, in both definitions.
POINT_CURVE = {"pmc": "too_cheap", "opp": "too_cheap", "idp": "cheap", "pme": "too_expensive"}


def participation_chart(frame: pd.DataFrame) -> go.Figure:
    """Share of the partner base vs share of the respondents, per group (frame from listening.participation)."""
    data = frame.sort_values("share_base")
    groups = [literal(name) for name in data["libelle"]]  # a code the vocabulary lacks shows as stored
    fig = go.Figure()
    for column, name, color in (("share_base", "Part dans la base", COLORS["muted"]),
                                ("share_respondents", "Part des répondants", COLORS["revenue"])):
        fig.add_trace(go.Bar(y=groups, x=data[column] * 100, name=name, orientation="h", marker_color=color,
                             text=[fmt.percent(v, 0) for v in data[column]], textposition="outside",
                             cliponaxis=False, hovertemplate="%{y} : %{text}<extra>" + name + "</extra>"))
    fig.update_layout(barmode="group", bargap=0.25)
    top = max(data["share_base"].max(), data["share_respondents"].max()) * 100
    fig.update_xaxes(ticksuffix=" %", tickformat=",.0f", range=[0, top * 1.2])
    return styled(fig, height=max(360, 56 * len(data) + 120))


def matrix_chart(matrix: Matrix) -> go.Figure:
    """Themes placed by satisfaction (x) and importance (y), split in four quadrants at the thresholds."""
    themes = matrix.themes.dropna(subset=["importance", "satisfaction"])
    fig = go.Figure()
    for code, label in QUADRANTS.items():
        part = themes[themes["quadrant"] == code]
        fig.add_trace(go.Scatter(
            x=part["satisfaction"], y=part["importance"], mode="markers+text", name=label,
            text=[literal(theme) for theme in part["theme"]], textposition="top center",
            textfont=dict(size=FONT_SIZE - 2),
            marker=dict(size=18, color=QUADRANT_COLORS[code], line=dict(color="white", width=2)),
            customdata=part[["respondents"]],
            hovertemplate="<b>%{text}</b><br>Importance %{y:.2f} / 5<br>Satisfaction %{x:.2f} / 5"
                          "<br>%{customdata[0]} répondants<extra>" + label + "</extra>"))
    imp, sat = matrix.importance_threshold, matrix.satisfaction_threshold
    x_range = _padded(themes["satisfaction"], sat)
    y_range = _padded(themes["importance"], imp)
    line = dict(color=COLORS["target"], width=2, dash="dash")
    fig.add_shape(type="line", x0=sat, x1=sat, y0=y_range[0], y1=y_range[1], line=line)
    fig.add_shape(type="line", x0=x_range[0], x1=x_range[1], y0=imp, y1=imp, line=line)
    corners = {"priorite": (x_range[0], y_range[1], "left", "top"),
               "point_fort": (x_range[1], y_range[1], "right", "top"),
               "secondaire": (x_range[0], y_range[0], "left", "bottom"),
               "reorienter": (x_range[1], y_range[0], "right", "bottom")}
    for code, (x, y, xanchor, yanchor) in corners.items():
        fig.add_annotation(x=x, y=y, text=f"<b>{QUADRANTS[code]}</b>", showarrow=False, xanchor=xanchor,
                           yanchor=yanchor, font=dict(size=FONT_SIZE, color=QUADRANT_COLORS[code]))
    fig.update_xaxes(title="Satisfaction moyenne (1 à 5)", range=x_range, tickformat=".1f")
    fig.update_yaxes(title="Importance moyenne (1 à 5)", range=y_range, tickformat=".1f")
    fig = styled(fig, height=620)
    fig.update_layout(showlegend=False)  # the corner labels name the quadrants, in their colours
    return fig


def _padded(values: pd.Series, threshold: float) -> list[float]:
    """An axis range around the points and the threshold, with room for labels, within 1 to 5."""
    low = min(values.min(), threshold) if len(values) else 1.0
    high = max(values.max(), threshold) if len(values) else 5.0
    pad = max(0.25, (high - low) * 0.12)
    return [max(0.8, low - pad), min(5.2, high + pad)]


def psm_chart(result: PsmResult) -> go.Figure:
    """The four Van Westendorp curves, the acceptable range shaded and the four price points marked."""
    curves = result.curves
    shape = "linear" if result.interpolated else "hv"
    fig = go.Figure()
    if result.pmc is not None and result.pme is not None:
        fig.add_vrect(x0=result.pmc, x1=result.pme, fillcolor="#2e8540", opacity=0.10, line_width=0)
        fig.add_annotation(x=(result.pmc + result.pme) / 2, y=103, yanchor="bottom", showarrow=False,
                           text=f"Plage acceptable : {fmt.euros(result.pmc)} à {fmt.euros(result.pme)}",
                           font=dict(size=FONT_SIZE, color="#2e8540"))
    for name, style in CURVE_STYLES.items():
        fig.add_trace(go.Scatter(x=curves["price"], y=curves[name] * 100, mode="lines", name=CURVE_LABELS[name],
                                 line=dict(width=4, shape=shape, **style),
                                 hovertemplate="%{x:,.0f} € : %{y:.0f} %<extra>" + CURVE_LABELS[name] + "</extra>"))
    for point, curve in POINT_CURVE.items():
        price = result.point(point)
        if price is None:
            continue
        height = float(np.interp(price, curves["price"], curves[curve])) * 100
        fig.add_trace(go.Scatter(
            x=[price], y=[height], mode="markers", name=f"{POINT_LABELS[point]} : {fmt.euros(price)}",
            marker=dict(size=18, color=POINT_COLORS[point], symbol="diamond", line=dict(color="white", width=2)),
            hovertemplate=f"{POINT_LABELS[point]} : {fmt.euros(price)}<extra></extra>"))
    fig.update_xaxes(title="Prix HT par an", tickformat=",.0f", ticksuffix=" €")
    fig.update_yaxes(title="Part des répondants", ticksuffix=" %", range=[0, 112])
    fig = styled(fig, height=560)
    fig.update_layout(legend=dict(orientation="v", yanchor="middle", y=0.5, x=1.02, xanchor="left",
                                  font=dict(size=FONT_SIZE - 2)))
    return fig


def gabor_granger_chart(result: GaborGranger) -> go.Figure:
    """Acceptance per price asked (bars) and the revenue index (line), the best price highlighted."""
    table = result.table
    best = table["price"] == result.best_price
    labels = [fmt.euros(p) for p in table["price"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=table["acceptance"] * 100, name="Acceptation (part qui achèterait)",
                         marker_color=np.where(best, COLORS["margin_ok"], COLORS["revenue"]),
                         text=[fmt.percent(a, 0) for a in table["acceptance"]], textposition="outside",
                         cliponaxis=False, hovertemplate="%{x} : %{text} diraient oui<extra></extra>"))
    fig.add_trace(go.Scatter(x=labels, y=table["revenue"], name="Recettes par répondant (prix × acceptation)",
                             mode="lines+markers", yaxis="y2", line=dict(color=COLORS["costs"], width=4),
                             marker=dict(size=12), hovertemplate="%{x} : %{y:,.1f} € par répondant<extra></extra>"))
    fig = styled(fig, height=480)
    fig.update_layout(
        yaxis=dict(ticksuffix=" %", range=[0, 115], title="Achèteraient"),
        # The legend names the line; an axis title on the right would be cut at the edge of the page.
        yaxis2=dict(overlaying="y", side="right", tickformat=",.0f", ticksuffix=" €", showgrid=False, automargin=True,
                    rangemode="tozero"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return fig
