"""The charts of Scénarios and Comparer (otmodel.scenarios.charts, risk_charts) as Vega-Lite specs: valid
against the schema Streamlit's renderer reads, and their rows checked by hand — on hand-made totals, and on the
small territory (tests/data/petit; figures in test_engine.py: baseline revenue 650, margin −50, target 1 000 on
the result; PHOTO brings 270 € for 180 € of costs, so stopping it takes 90 € off the result)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from otmodel.charts import DASH, SPLIT_LINES, values
from otmodel.model import engine
from otmodel.model.risk import Bar, Simulation, Tornado
from otmodel.model.scenario import parse_scenario
from otmodel.model.trajectory import Trajectory, Year
from otmodel.scenarios import charts, risk_charts
from tests.chartspec import assert_valid

CURRENT = engine.Totals(revenue=650, costs=700, direct_costs=300, staff_cost=400, margin=-50, target_amount=1000,
                        target_basis="margin", gap=-1050, subscriptions=8, staff_hours=10, staff_hours_available=100,
                        public_coverage=5 / 6, partners_reached=5, free_beneficiaries=4)


def totals(margin: float, revenue: float, target: float = 1000, basis: str = "margin") -> engine.Totals:
    compared = margin if basis == "margin" else revenue
    return replace(CURRENT, margin=margin, revenue=revenue, target_amount=target, target_basis=basis,
                   gap=compared - target)


def role(spec: dict, name: str) -> list[dict]:
    return [r for r in values(spec) if r["role"] == name]


def target_of(spec: dict) -> dict:
    """The row of the target line drawn by charts.target_layer."""
    layer = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("strokeDash") == DASH
                 and "data" in layer)
    return layer["data"]["values"][0]


# --- bullet ------------------------------------------------------------------------------------------------


def test_bullet_rows_hand_checked_when_the_target_is_reached():
    spec = charts.bullet(totals(1200, 3000), CURRENT)
    assert_valid(spec)
    bars = {(r["poste"], r["serie"]): r for r in role(spec, "barre")}
    assert bars[("Résultat", "Scénario")] == {
        "role": "barre", "poste": "Résultat", "serie": "Scénario", "montant": 1200, "position": 1200,
        "texte": "Scénario : 1\u202f200 €", "couleur": "#0072B2", "etat": "reached"}
    # The current result (−50 €) stops short of the target: its label goes after the target line.
    assert bars[("Résultat", "Situation actuelle")]["position"] == 1000
    assert bars[("Résultat", "Situation actuelle")]["texte"] == "Actuel : −50 €"
    assert bars[("Recettes", "Scénario")]["etat"] == "neutral"  # the target is on the result
    assert bars[("Recettes", "Situation actuelle")]["position"] == 650
    # The axis from −50 − 5 % of the span (3 050) to 3 000 + 60 % of it: room for the labels.
    assert [r["montant"] for r in role(spec, "bord")] == [pytest.approx(-202.5), pytest.approx(4830)]
    assert role(spec, "objectif") == [{"role": "objectif", "poste": "Résultat", "montant": 1000,
                                       "texte": "Objectif 1\u202f000 € (résultat)"}]
    assert role(spec, "titre")[0]["texte"] == "✓ Objectif atteint"


def test_bullet_missed_on_revenue_and_the_spec_does_not_change_with_the_figures():
    reached = charts.bullet(totals(1200, 3000), CURRENT)
    missed = charts.bullet(totals(-400, 500, target=800, basis="revenue"), CURRENT)
    assert_valid(missed)
    assert {k: v for k, v in missed.items() if k != "data"} == {k: v for k, v in reached.items() if k != "data"}
    bars = {(r["poste"], r["serie"]): r for r in role(missed, "barre")}
    assert bars[("Recettes", "Scénario")]["etat"] == "missed"  # drawn with a thick dashed outline
    assert bars[("Recettes", "Scénario")]["position"] == 800  # after the target line
    assert bars[("Résultat", "Scénario")]["position"] == 0  # a negative bar: the label from zero
    assert role(missed, "objectif")[0]["poste"] == "Recettes"
    assert role(missed, "titre")[0] == {"role": "titre", "texte": "✗ Objectif non atteint", "couleur": "#D55E00"}


def test_bullet_with_nothing_at_all():
    zero = replace(CURRENT, margin=0, revenue=0, target_amount=0, gap=0)
    spec = charts.bullet(zero, zero)
    assert_valid(spec)
    assert [r["montant"] for r in role(spec, "bord")] == [0, 0.6]


# --- waterfall, revenue by sector (small territory) -------------------------------------------------------


@pytest.fixture
def photo_stopped(small_con):
    facts = engine.load_facts(small_con)
    return (engine.apply(facts, parse_scenario({"offers": {"PHOTO": {"mode": "stopped"}}})),
            engine.apply(facts, engine.Scenario()))


def test_waterfall_rows_hand_checked(photo_stopped):
    spec = charts.waterfall(*photo_stopped)
    assert_valid(spec)
    steps = [(r["etape"], r["debut"], r["fin"], r["texte"], r["sens"]) for r in values(spec)]
    assert steps == [("Situation actuelle", 0, -50, "−50 €", "total"),
                     ("Photos", -50, pytest.approx(-140), "−90 €", "baisse"),
                     ("Scénario", 0, pytest.approx(-140), "−140 €", "total")]
    assert [r["rang"] for r in values(spec)] == [0, 1, 2]
    assert target_of(spec) == {"objectif": 1000, "legende": "Objectif 1\u202f000 € (résultat)"}


def test_waterfall_groups_the_small_effects_and_names_the_rest(small_con):
    """Nothing changed: the two totals only. The hourly cost moves every offer: each is its own step."""
    facts = engine.load_facts(small_con)
    current = engine.apply(facts, engine.Scenario())
    assert [r["etape"] for r in values(charts.waterfall(current, current))] == ["Situation actuelle", "Scénario"]
    dearer = engine.apply(facts, parse_scenario({"assumptions": {"hourly_cost": 50}}))
    spec = charts.waterfall(dearer, current)
    assert_valid(spec)
    rows = values(spec)
    assert sum(r["montant"] for r in rows[1:-1]) == pytest.approx(-100)  # 10 h at 10 € more
    assert rows[-1]["fin"] == pytest.approx(-150)


def test_revenue_by_sector_rows_hand_checked(photo_stopped):
    spec = charts.revenue_by_sector(*photo_stopped)
    assert_valid(spec)
    rows = [(r["filiere"], r["serie"], r["recettes"], r["texte"]) for r in values(spec)]
    assert rows == [("Hébergement", "Situation actuelle", 530, ""), ("Hébergement", "Scénario", 380, "380 €"),
                    ("Restauration", "Situation actuelle", 120, ""), ("Restauration", "Scénario", 0, "0 €")]


# --- Comparer ----------------------------------------------------------------------------------------------


def test_result_vs_target_rows_hand_checked():
    spec = charts.result_vs_target({"Situation actuelle": CURRENT, "Packs": totals(1500, 4000),
                                    "Un nom assez long pour tenir sur deux lignes": totals(200, 900)})
    assert_valid(spec)
    rows = values(spec)
    assert [(r["scenario"], r["rang"], r["montant"], r["couleur"]) for r in rows] == [
        ("Situation actuelle", 0, -50, "#9aa5b1"), ("Packs", 1, 1500, "#2e8540"),
        ("Un nom assez long pour tenir sur deux lignes", 2, 200, "#c23934")]
    assert rows[1]["texte"] == "1\u202f500 €  (écart +500 €)"
    # The figure inside the long bar (1 500 of a 1 550 span), after the short ones.
    assert [r["dedans"] for r in rows] == [False, True, False]
    assert rows[0]["position"] == 0 and rows[2]["libelle"] == "Un nom assez long pour\ntenir sur deux lignes"
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"] == SPLIT_LINES
    assert target_of(spec)["objectif"] == 1000


def test_result_vs_target_with_no_scenario_and_one_negative():
    assert_valid(charts.result_vs_target({}))
    spec = charts.result_vs_target({"Situation actuelle": CURRENT})
    assert_valid(spec)
    assert values(spec)[0]["texte"] == "−50 €  (écart −1\u202f050 €)"


# --- risk: distribution, tornado, trajectory ---------------------------------------------------------------


def test_distribution_rows_hand_checked():
    sim = Simulation(values=np.array([0.0, 0.0, 100.0, 100.0]), target=50, basis="margin", seed=1, inputs=())
    spec = risk_charts.distribution(sim)
    assert_valid(spec)
    rows = values(spec)
    assert len(rows) == risk_charts.BINS and sum(r["part"] for r in rows) == pytest.approx(1)
    assert (rows[0]["de"], rows[0]["a"], rows[0]["part"], rows[0]["atteint"]) == (0, 2.5, 0.5, False)
    assert (rows[-1]["de"], rows[-1]["a"], rows[-1]["part"], rows[-1]["atteint"]) == (97.5, 100, 0.5, True)
    assert rows[0]["texte"] == "0 € à 2 €"  # euros rounded as everywhere
    assert target_of(spec) == {"objectif": 50, "legende": "Objectif 50 € (résultat)"}
    marks = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")["data"]["values"]
    assert [m["nom"] for m in marks] == ["P10", "Médiane", "P90"] and marks[1]["valeur"] == 50


def test_distribution_of_a_single_value_is_one_bar():
    sim = Simulation(values=np.full(10, -200.0), target=1000, basis="revenue", seed=1, inputs=())
    spec = risk_charts.distribution(sim)
    assert_valid(spec)
    (row,) = values(spec)
    assert row["part"] == 1 and not row["atteint"] and row["de"] < -200 < row["a"]


def test_tornado_rows_hand_checked():
    result = Tornado(bars=[Bar("Prix — Photos", 160, 240, 100, 300, True),
                           Bar("Élasticité-prix — Restauration", 0.3, 0.7, 250, 150, False)],
                     likely=200, target=250, basis="margin")
    spec = risk_charts.tornado(result)
    assert_valid(spec)
    rows = [(r["entree"], r["rang"], r["cote"], r["valeur"], r["probable"], r["metrique"]) for r in values(spec)]
    assert rows == [("Prix — Photos", 0, "Valeur basse", "160,00 €", 200, 100),
                    ("Prix — Photos", 0, "Valeur haute", "240,00 €", 200, 300),
                    ("Élasticité-prix — Restauration", 1, "Valeur basse", "0,30", 200, 250),
                    ("Élasticité-prix — Restauration", 1, "Valeur haute", "0,70", 200, 150)]
    assert target_of(spec)["objectif"] == 250


def test_tornado_without_any_input():
    spec = risk_charts.tornado(Tornado(bars=[], likely=-50, target=1000, basis="margin"))
    assert_valid(spec)
    assert values(spec) == []


def test_trajectory_rows_hand_checked():
    result = Trajectory(years=[Year(2026, 1000, 800, 200, -50, 10), Year(2027, 1100, 800, 300, 50, 11)],
                        target=250, basis="margin")
    spec = risk_charts.trajectory(result)
    assert_valid(spec)
    rows = [(r["annee"], r["poste"], r["montant"], r["texte"], r["legende"]) for r in values(spec)]
    assert rows == [("2026", "Recettes", 1000, "1\u202f000 €", "Recettes"), ("2026", "Coûts", 800, "800 €", "Coûts"),
                    ("2026", "Résultat", 200, "200 €", "Résultat (objectif manqué)"),
                    ("2027", "Recettes", 1100, "1\u202f100 €", "Recettes"), ("2027", "Coûts", 800, "800 €", "Coûts"),
                    ("2027", "Résultat", 300, "300 €", "Résultat (objectif atteint)")]
    # The legend names only the colours drawn.
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "Recettes", "Coûts", "Résultat (objectif atteint)", "Résultat (objectif manqué)"]
    assert target_of(spec) == {"objectif": 250, "legende": "Objectif (résultat) 250 €"}


def test_trajectory_of_one_year_with_a_loss():
    spec = risk_charts.trajectory(Trajectory(years=[Year(2026, 0, 500, -500, -1500, 0)], target=1000,
                                             basis="margin"))
    assert_valid(spec)
    assert [r["montant"] for r in values(spec)] == [0, 500, -500]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Recettes", "Coûts",
                                                                        "Résultat (objectif manqué)"]
