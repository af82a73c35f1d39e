"""User text reaches every chart exactly as typed: names, themes and labels are values in a chart's rows or
titles (Vega-Lite draws them as SVG text, never as HTML), never a field name or an expression."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from otmodel.charts import SPLIT_LINES, values
from otmodel.listening import charts as listening_charts
from otmodel.listening.survey import Matrix
from otmodel.model import engine, risk
from otmodel.model.scenario import parse_scenario
from otmodel.portfolio import charts as portfolio_charts
from otmodel.presentation import bars
from otmodel.scenarios import charts as scenario_charts
from otmodel.scenarios import risk_charts

LINK = "<a href=x>clic</a>"
BOLD = "<b>Pêche</b> & loisirs"


@pytest.fixture
def hostile_facts(small_con) -> engine.Facts:
    """The small territory with PHOTO named like a link and WEB with HTML bold and an ampersand."""
    small_con.execute("UPDATE offres SET nom = ? WHERE id = 'PHOTO'", [LINK])
    small_con.execute("UPDATE offres SET nom = ? WHERE id = 'WEB'", [BOLD])
    return engine.load_facts(small_con)


def test_a_hostile_scenario_name_reaches_the_comparison_as_typed(hostile_facts):
    current = engine.apply(hostile_facts, engine.Scenario())
    spec = scenario_charts.result_vs_target({"Situation actuelle": current.totals, LINK: current.totals,
                                             "Un nom assez long pour tenir sur deux lignes": current.totals})
    rows = values(spec)
    assert [r["scenario"] for r in rows] == ["Situation actuelle", LINK, "Un nom assez long pour tenir sur deux lignes"]
    # Vega draws text as text: the name as typed, long names on two lines (the axis splits at "\n").
    assert [r["libelle"] for r in rows] == ["Situation actuelle", LINK, "Un nom assez long pour\ntenir sur deux lignes"]
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"] == SPLIT_LINES


def test_offer_names_reach_the_waterfall_and_the_tornado_as_typed(hostile_facts):
    scenario = parse_scenario({"offers": {"PHOTO": {"mode": "paid", "price": 180}, "WEB": {"mode": "paid",
                                                                                           "price": 20}}})
    current = engine.apply(hostile_facts, engine.Scenario())
    steps = [r["etape"] for r in values(scenario_charts.waterfall(engine.apply(hostile_facts, scenario), current))]
    assert LINK in steps and BOLD in steps
    assert steps[0] == "Situation actuelle" and steps[-1] == "Scénario"
    inputs = {r["entree"] for r in values(risk_charts.tornado(risk.tornado(hostile_facts, scenario)))}
    assert f"Prix — {LINK}" in inputs and f"Prix — {BOLD}" in inputs


def test_names_reach_the_portfolio_charts_as_typed():
    """Vega-Lite draws text as text: a hostile name goes into the rows exactly as typed, and sorts its bar."""
    economics = pd.DataFrame({"nom": [LINK, "Photos"], "resultat": [-10.0, 30.0], "sphere": ["socle", "socle"]})
    spec = portfolio_charts.economics_chart(economics)
    assert [r["offre"] for r in spec["data"]["values"]] == ["Photos", LINK]
    assert spec["encoding"]["y"]["sort"] == ["Photos", LINK]  # the same strings: the order holds
    long = pd.DataFrame({"nom": [f"{LINK} {BOLD} et encore"], "resultat": [1.0], "sphere": ["socle"]})
    (row,) = portfolio_charts.economics_chart(long)["data"]["values"]
    assert (row["offre"], row["libelle"]) == (f"{LINK} {BOLD} et encore", f"{LINK} {BOLD} et\nencore")
    people = pd.DataFrame({"nom": [BOLD], "heures_disponibles": [1600.0], "heures_portees": [1700.0],
                           "surcharge": [True]})
    assert [r["personne"] for r in portfolio_charts.capacity_chart(people)["data"]["values"]] == [BOLD]
    coverage = pd.DataFrame({"libelle": ["Saint-Jean & Port <Nord>"], "entreprises": [10], "partenaires": [4],
                             "taux": [0.4]})
    assert [r["groupe"] for r in portfolio_charts.coverage_chart(coverage)["data"]["values"]] == [
        "Saint-Jean & Port <Nord>"]


def test_survey_themes_reach_the_matrix_as_typed():
    themes = pd.DataFrame({"theme": [LINK], "respondents": [12], "importance": [4.5], "satisfaction": [2.0],
                           "quadrant": ["priorite"]})
    spec = listening_charts.matrix_chart(Matrix(themes, 3.0, 3.0))
    assert [r["theme"] for r in spec["data"]["values"]] == [LINK]
    assert "&lt;" not in json.dumps(spec)  # nothing escaped: the characters typed are shown


def test_the_presentation_bars_show_labels_as_typed():
    chart = bars.BarChart("t", (bars.Bar(LINK, 10, "10 € · <i>ok</i>", "reached"),), target=8,
                          target_label="Objectif 8 €")
    (row,) = bars.to_vega(chart)["data"]["values"]
    # Vega draws text as text: the name and the bar's text reach the chart exactly as typed, on the same row.
    assert (row["nom"], row["categorie"], row["texte"]) == (LINK, LINK, "10 € · <i>ok</i>")
