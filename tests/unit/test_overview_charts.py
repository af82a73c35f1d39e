"""The Synthèse charts as data: drawable Plotly figures, the figures and labels the director reads."""

from __future__ import annotations

import pandas as pd

from otmodel import charts, vocab
from otmodel.overview import charts as overview
from tests.chartspec import assert_drawable, named, shapes, target, ticks, written

NNBSP = "\u202f"


def test_target_chart_bars_labels_and_target_line():
    fig = assert_drawable(overview.target_chart(1200.0, 1500.0, -300.0, 500.0, "margin"))
    bars = named(fig, "postes")
    assert bars["y"] == [1200.0, 1500.0, -300.0]
    # Each bar named under it with its figure; the result misses the target: vermillion and hatched.
    big = "<span style='font-size:26px'><b>{}</b></span>"
    assert ticks(fig, "xaxis") == [f"Recettes<br>{big.format(f'1{NNBSP}200 €')}",
                                   f"Coûts<br>{big.format(f'1{NNBSP}500 €')}", f"Résultat<br>{big.format('−300 €')}"]
    assert bars["marker"]["color"] == [charts.SKY_BLUE, charts.ORANGE, charts.VERMILLION]
    assert bars["marker"]["pattern"]["shape"] == ["", "", charts.HATCH]
    assert target(fig) == (500.0, "Objectif 500 € (résultat)")
    (line,) = shapes(fig, "objectif")
    assert (line["x0"], line["x1"]) == (1.58, 2.42)  # across the result's bar only
    # A revenue target is drawn across the revenue bar, which reaches it.
    fig = assert_drawable(overview.target_chart(1200.0, 1500.0, -300.0, 1000.0, "revenue"))
    (line,) = shapes(fig, "objectif")
    assert (line["x0"], line["x1"]) == (-0.42, 0.42)
    assert target(fig)[1] == f"Objectif 1{NNBSP}000 € (recettes)"
    assert named(fig, "postes")["marker"]["color"] == [charts.BLUE, charts.ORANGE, charts.REDDISH_PURPLE]


def test_businesses_by_sector_labels_sectors_and_statuts_in_order():
    frame = pd.DataFrame({"filiere": ["hebergement", "hebergement", "restauration", "sport"],
                          "statut": ["prospect", "partenaire", "partenaire", "ancien"],
                          "entreprises": [2, 5, 3, 0]})
    fig = assert_drawable(overview.businesses_by_sector(frame))
    assert ticks(fig) == ["Hébergement", "Restauration"]  # the largest sector on top, none at 0
    assert [t["name"] for t in fig["data"]] == ["Partenaire", "Prospect"]  # the vocabulary's order
    partners = named(fig, "Partenaire")
    assert (partners["x"], partners["y"]) == ([5.0, 3.0], [0, 1])
    assert partners["customdata"][0] == ["Hébergement", "Partenaire", "5"]
    assert partners["marker"]["color"] == charts.STATUT_COLORS["partenaire"]
    assert fig["layout"]["barmode"] == "stack"


def test_revenue_bars_largest_first_in_euros():
    fig = assert_drawable(overview.revenue_bars(pd.Series({"restauration": 50.0, "hebergement": 1234.0,
                                                           "sport": 0.0}), vocab.FILIERES))
    assert ticks(fig) == ["Hébergement", "Restauration"]  # nothing drawn for a sector at 0 €
    assert written(named(fig, "textes")) == [f"1{NNBSP}234 €", "50 €"]
    assert fig["layout"]["meta"]["nom"] == "Recettes par filière"
    assert fig["layout"]["xaxis"]["visible"] is False  # every figure is written
