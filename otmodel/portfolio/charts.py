"""Figures of the Partenaires, Offres and Équipe pages, in the house style (SVG traces, French separators)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from otmodel import vocab
from otmodel.charts_plotly import COLORS, SPHERE_COLORS, literal, styled

# A few hundred points draw a Pareto curve exactly at screen size; one point per paying partner made a 1,4 MB
# figure at a regional network's scale (tens of thousands of payers).
CURVE_POINTS = 400


def coverage_chart(coverage) -> go.Figure:
    """Partners and other businesses per group (horizontal bars), the coverage rate written after each bar."""
    frame = coverage.sort_values("entreprises")
    groups = [literal(name) for name in frame["libelle"]]  # a commune's name comes from the data
    fig = go.Figure()
    fig.add_bar(y=groups, x=frame["partenaires"], orientation="h", name="Partenaires",
                marker_color=COLORS["revenue"])
    fig.add_bar(y=groups, x=frame["entreprises"] - frame["partenaires"], orientation="h",
                name="Autres entreprises", marker_color=COLORS["muted"],
                text=[f"{rate * 100:.0f} %".replace(".", ",") for rate in frame["taux"]], textposition="outside",
                cliponaxis=False)
    fig.update_layout(barmode="stack", xaxis=dict(title="Entreprises", range=[0, frame["entreprises"].max() * 1.15]))
    return styled(fig, height=max(320, 40 * len(frame) + 120))


def thinned(curve: pd.DataFrame, points: int = CURVE_POINTS) -> pd.DataFrame:
    """At most `points` rows of a curve, evenly spaced by rank, the first and the last kept (the curve rises
    steadily: straight lines between them stay within a pixel of it)."""
    if len(curve) <= points:
        return curve
    return curve.iloc[np.unique(np.linspace(0, len(curve) - 1, points).round().astype(int))]


def pareto_chart(curve, top10: float, top20: float) -> go.Figure:
    """Cumulated share of revenue against cumulated share of paying partners, with the equality line."""
    curve = thinned(curve)
    fig = go.Figure()
    fig.add_scatter(x=[0, *curve["part_partenaires"]], y=[0, *curve["part_recettes"]], mode="lines",
                    name="Recettes cumulées", line=dict(color=COLORS["revenue"], width=4))
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="Répartition égale",
                    line=dict(color=COLORS["muted"], dash="dot"))
    for share, value in ((0.1, top10), (0.2, top20)):
        fig.add_scatter(x=[share], y=[value], mode="markers+text", showlegend=False,
                        marker=dict(size=14, color=COLORS["costs"]), textposition="middle right",
                        text=[f"  {share * 100:.0f} % des partenaires → {value * 100:.0f} % des recettes"])
    fig.update_xaxes(tickformat=".0%", title="Part des partenaires payants (du plus gros au plus petit)")
    fig.update_yaxes(tickformat=".0%", title="Part des recettes", range=[0, 1.05])
    return styled(fig, height=460)


def movement_chart(movement) -> go.Figure:
    """New and lapsed partners per year (bars), the renewal rate as a label."""
    frame = movement.dropna(subset=["nouveaux"])
    fig = go.Figure()
    years = frame["annee"].astype(str)
    fig.add_bar(x=years, y=frame["renouveles"], name="Renouvelés", marker_color=COLORS["revenue"])
    fig.add_bar(x=years, y=frame["nouveaux"], name="Nouveaux", marker_color=COLORS["margin_ok"],
                text=[f"renouvellement {rate * 100:.0f} %".replace(".", ",") for rate in frame["taux_renouvellement"]],
                textposition="outside", cliponaxis=False)
    fig.add_bar(x=years, y=-frame["perdus"], name="Perdus", marker_color=COLORS["margin_ko"])
    fig.update_layout(barmode="relative", yaxis_title="Partenaires")
    return styled(fig, height=420)


def economics_chart(economics) -> go.Figure:
    """Result per offer, coloured by sphere, sorted."""
    frame = economics.sort_values("resultat")
    frame = frame.assign(nom=[literal(name) for name in frame["nom"]])  # offer names are typed by the office
    fig = go.Figure()
    for sphere, color in SPHERE_COLORS.items():
        part = frame[frame["sphere"] == sphere]
        if len(part):
            fig.add_bar(y=part["nom"], x=part["resultat"], orientation="h", name=vocab.SPHERES[sphere],
                        marker_color=color)
    fig.update_layout(barmode="relative", xaxis_title="Résultat", yaxis=dict(categoryorder="array",
                                                                              categoryarray=list(frame["nom"])))
    fig.update_xaxes(tickformat=",.0f", ticksuffix=" €")  # « 20 000 € », not Plotly's « 20k »
    return styled(fig, height=max(360, 28 * len(frame) + 120))


def capacity_chart(people) -> go.Figure:
    """Hours carried vs hours available per person."""
    frame = people.sort_values("heures_disponibles")
    names = [literal(name) for name in frame["nom"]]
    fig = go.Figure()
    fig.add_bar(y=names, x=frame["heures_disponibles"], orientation="h", name="Heures disponibles",
                marker_color=COLORS["muted"])
    fig.add_bar(y=names, x=frame["heures_portees"], orientation="h", name="Heures portées",
                marker_color=[COLORS["margin_ko"] if over else COLORS["revenue"] for over in frame["surcharge"]])
    fig.update_layout(barmode="overlay", xaxis_title="Heures par an")
    return styled(fig, height=max(300, 50 * len(frame) + 120))
