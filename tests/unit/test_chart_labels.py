"""User text reaches every chart exactly as typed: Plotly reads `<a href>`, `<b>`, `<br>` in its texts, so names,
themes and labels are escaped (charts.literal: Plotly decodes the entities when it draws, and shows the characters
typed) and reach hover labels through `customdata`, never inside a hovertemplate. tests/chartspec.assert_drawable
checks every text of a figure for markup that is not ours; here, what the escaped names are."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from otmodel.charts import literal, literal_lines
from otmodel.listening import charts as listening_charts
from otmodel.listening.survey import Matrix
from otmodel.model import engine, risk
from otmodel.model.scenario import parse_scenario
from otmodel.portfolio import charts as portfolio_charts
from otmodel.presentation import bars
from otmodel.scenarios import charts as scenario_charts
from otmodel.scenarios import risk_charts
from tests.chartspec import assert_drawable, named, ticks, written

LINK = '<a href="https://x.example">clic</a>'
BOLD = "<b>Pêche</b> & loisirs"
SHOWN_LINK = "&lt;a href=\"https://x.example\"&gt;clic&lt;/a&gt;"  # what Plotly decodes back to LINK
SHOWN_BOLD = "&lt;b&gt;Pêche&lt;/b&gt; &amp; loisirs"


def no_raw_user_text(fig: dict) -> None:
    """Neither name appears unescaped anywhere in the figure, hovertemplates included."""
    text = json.dumps(fig, ensure_ascii=False)
    assert "<a href" not in text and "<b>Pêche" not in text
    assert all("clic" not in t.get("hovertemplate", "") and "Pêche" not in t.get("hovertemplate", "")
               for t in fig["data"])


@pytest.fixture
def hostile_facts(small_con) -> engine.Facts:
    """The small territory with PHOTO named like a link and WEB with HTML bold and an ampersand."""
    small_con.execute("UPDATE offres SET nom = ? WHERE id = 'PHOTO'", [LINK])
    small_con.execute("UPDATE offres SET nom = ? WHERE id = 'WEB'", [BOLD])
    return engine.load_facts(small_con)


def test_literal_escapes_what_plotly_would_read_and_wraps_before_escaping():
    assert literal(LINK) == SHOWN_LINK and literal(BOLD) == SHOWN_BOLD
    # Wrapped on the characters typed, then escaped: an entity is never cut in two.
    assert literal_lines("<b> & <b> & <b>", 7) == "&lt;b&gt; &amp;<br>&lt;b&gt; &amp;<br>&lt;b&gt;"


def test_a_hostile_scenario_name_reaches_the_comparison_as_typed(hostile_facts):
    current = engine.apply(hostile_facts, engine.Scenario())
    fig = assert_drawable(scenario_charts.result_vs_target({
        "Situation actuelle": current.totals, LINK: current.totals,
        "Un nom assez long pour tenir sur deux lignes": current.totals}))
    no_raw_user_text(fig)
    # A long name on two lines (a long word is cut too), wrapped on the characters typed, then escaped.
    assert ticks(fig) == ["Situation actuelle", "&lt;a href=\"https://x.examp<br>le\"&gt;clic&lt;/a&gt;",
                          "Un nom assez long pour<br>tenir sur deux lignes"]
    assert [row[0] for row in named(fig, "scénarios")["customdata"]] == [
        "Situation actuelle", SHOWN_LINK, "Un nom assez long pour tenir sur deux lignes"]


def test_offer_names_reach_the_waterfall_and_the_tornado_as_typed(hostile_facts):
    scenario = parse_scenario({"offers": {"PHOTO": {"mode": "paid", "price": 180}, "WEB": {"mode": "paid",
                                                                                           "price": 20}}})
    current = engine.apply(hostile_facts, engine.Scenario())
    waterfall = assert_drawable(scenario_charts.waterfall(engine.apply(hostile_facts, scenario), current))
    no_raw_user_text(waterfall)
    steps = [row[0] for row in named(waterfall, "étapes")["customdata"]]
    assert SHOWN_LINK in steps and SHOWN_BOLD in steps
    assert steps[0] == "Situation actuelle" and steps[-1] == "Scénario"
    tornado = assert_drawable(risk_charts.tornado(risk.tornado(hostile_facts, scenario)))
    no_raw_user_text(tornado)
    inputs = {row[0] for row in named(tornado, "Valeur basse")["customdata"]}
    assert f"Prix — {SHOWN_LINK}" in inputs and f"Prix — {SHOWN_BOLD}" in inputs


def test_names_reach_the_portfolio_charts_as_typed():
    economics = pd.DataFrame({"nom": [LINK, "Photos"], "resultat": [-10.0, 30.0], "sphere": ["socle", "socle"]})
    fig = assert_drawable(portfolio_charts.economics_chart(economics))
    no_raw_user_text(fig)
    assert ticks(fig) == ["Photos", SHOWN_LINK]
    long = pd.DataFrame({"nom": [f"{LINK} {BOLD} et encore"], "resultat": [1.0], "sphere": ["socle"]})
    fig = assert_drawable(portfolio_charts.economics_chart(long))
    assert named(fig, "Socle partenaire")["customdata"][0][0] == f"{SHOWN_LINK} {SHOWN_BOLD} et encore"
    assert ticks(fig) == [literal_lines(f"{LINK} {BOLD} et encore", portfolio_charts.NAME_WIDTH)]
    people = pd.DataFrame({"nom": [BOLD], "heures_disponibles": [1600.0], "heures_portees": [1700.0],
                           "surcharge": [True]})
    fig = assert_drawable(portfolio_charts.capacity_chart(people))
    no_raw_user_text(fig)
    assert ticks(fig) == [SHOWN_BOLD]
    coverage = pd.DataFrame({"libelle": ["Saint-Jean & Port <Nord>"], "entreprises": [10], "partenaires": [4],
                             "taux": [0.4]})
    assert ticks(assert_drawable(portfolio_charts.coverage_chart(coverage))) == ["Saint-Jean &amp; Port &lt;Nord&gt;"]


def test_survey_themes_reach_the_matrix_as_typed():
    themes = pd.DataFrame({"theme": [LINK], "respondents": [12], "importance": [4.5], "satisfaction": [2.0],
                           "quadrant": ["priorite"]})
    fig = assert_drawable(listening_charts.matrix_chart(Matrix(themes, 3.0, 3.0)))
    no_raw_user_text(fig)
    priorities = named(fig, "Priorités à traiter")
    assert priorities["text"] == [SHOWN_LINK] and priorities["customdata"][0][0] == SHOWN_LINK


def test_the_presentation_bars_show_labels_as_typed():
    chart = bars.BarChart("t", (bars.Bar(LINK, 10, "10 € · <i>ok</i>", "reached"),), target=8,
                          target_label="Objectif <b>8 €</b>")
    fig = assert_drawable(bars.to_plotly(chart))
    no_raw_user_text(fig)
    assert ticks(fig) == [literal_lines(LINK, bars.LABEL_WIDTH)]
    assert named(fig, "barres")["customdata"][0][0] == SHOWN_LINK
    assert written(named(fig, "textes")) == ["10 € · &lt;i&gt;ok&lt;/i&gt;"]
    assert fig["layout"]["annotations"][0]["text"] == "<b>Objectif &lt;b&gt;8 €&lt;/b&gt;</b>"
