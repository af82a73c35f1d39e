"""The charts of Scénarios and Comparer (otmodel.scenarios.charts, risk_charts) as Plotly figures read as data:
drawable, in the house style, their rows checked by hand and those rows found in the figure — on hand-made totals,
and on the small territory (tests/data/petit; figures in test_engine.py: baseline revenue 650, margin −50, target
1 000 on the result; PHOTO brings 270 € for 180 € of costs, so stopping it takes 90 € off the result)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from otmodel.charts import BLUE, GREY, HATCH, SKY_BLUE, VERMILLION
from otmodel.model import engine
from otmodel.model.risk import Bar, Simulation, Tornado
from otmodel.model.scenario import parse_scenario
from otmodel.model.trajectory import Trajectory, Year
from otmodel.scenarios import charts, risk_charts
from tests.chartspec import assert_drawable, named, shapes, target, ticks, written

CURRENT = engine.Totals(revenue=650, costs=700, direct_costs=300, staff_cost=400, margin=-50, target_amount=1000,
                        target_basis="margin", gap=-1050, subscriptions=8, staff_hours=10, staff_hours_available=100,
                        public_coverage=5 / 6, partners_reached=5, free_beneficiaries=4)
NNBSP = "\u202f"


def totals(margin: float, revenue: float, target: float = 1000, basis: str = "margin") -> engine.Totals:
    compared = margin if basis == "margin" else revenue
    return replace(CURRENT, margin=margin, revenue=revenue, target_amount=target, target_basis=basis,
                   gap=compared - target)


def role(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r["role"] == name]


def share(characters: int, size: int = 20) -> float:
    """The share of a 640 px plot a text of that many characters takes at `size` px (charts.axis_end)."""
    return (0.52 * size * characters + 24) / 640


# --- bullet ------------------------------------------------------------------------------------------------


def test_bullet_rows_hand_checked_when_the_target_is_reached():
    rows = charts.bullet_rows(totals(1200, 3000), CURRENT)
    bars = {(r["poste"], r["serie"]): r for r in role(rows, "barre")}
    assert bars[("Résultat", "Scénario")] == {
        "role": "barre", "poste": "Résultat", "serie": "Scénario", "montant": 1200, "position": 1200,
        "texte": f"Scénario : 1{NNBSP}200 €", "couleur": BLUE, "etat": "reached"}
    # The current result (−50 €) stops short of the target: its label goes after the target line.
    assert bars[("Résultat", "Situation actuelle")]["position"] == 1000
    assert bars[("Résultat", "Situation actuelle")]["texte"] == "Actuel : −50 €"
    assert bars[("Recettes", "Scénario")]["etat"] == "neutral"  # the target is on the result
    assert bars[("Recettes", "Situation actuelle")]["position"] == 650
    # The axis from −50 − 5 % of the span (3 050) to where « Scénario : 3 000 € » (18 characters, 20 px) ends
    # when written from 3 000: it takes 33 % of the plot.
    assert share(18) == pytest.approx(0.33)
    assert [r["montant"] for r in role(rows, "bord")] == [pytest.approx(-202.5),
                                                          pytest.approx((3000 + 0.33 * 202.5) / 0.67)]
    assert role(rows, "objectif") == [{"role": "objectif", "poste": "Résultat", "montant": 1000,
                                       "texte": f"Objectif 1{NNBSP}000 € (résultat)"}]
    assert role(rows, "titre")[0]["texte"] == "✓ Objectif atteint"


def test_bullet_figure_draws_its_rows():
    fig = assert_drawable(charts.bullet(totals(1200, 3000), CURRENT))
    scenario, current = named(fig, "Scénario"), named(fig, "Situation actuelle")
    # Résultat on row 0, Recettes on row 1 (the axis reversed: Résultat on top); the scenario above the middle.
    assert (scenario["x"], scenario["y"]) == ([1200, 3000], [-0.2, 0.8])
    assert (current["x"], current["y"]) == ([-50, 650], [0.2, 1.2])
    assert scenario["marker"]["color"] == [BLUE, SKY_BLUE] and scenario["marker"]["pattern"]["shape"] == ["", ""]
    assert scenario["customdata"] == [["Résultat — scénario", f"1{NNBSP}200 €"], ["Recettes — scénario",
                                                                                   f"3{NNBSP}000 €"]]
    assert written(named(fig, "textes scénario")) == [f"<b>Scénario : 1{NNBSP}200 €</b>",
                                                      f"<b>Scénario : 3{NNBSP}000 €</b>"]
    assert named(fig, "textes situation actuelle")["x"] == [1000, 650]  # the first after the target line
    # The current situation's bars have a dotted outline (black and white).
    assert [(s["x0"], s["x1"], s["y0"], s["y1"], s["line"]["dash"]) for s in shapes(fig, "actuel")] == [
        (0, -50, pytest.approx(0.02), pytest.approx(0.38), "dot"), (0, 650, pytest.approx(1.02), pytest.approx(1.38),
                                                                    "dot")]
    # The target across the result's row only, named once in the legend.
    (line,) = shapes(fig, "objectif")
    assert (line["y0"], line["y1"]) == (-0.46, 0.46)
    assert target(fig) == (1000, f"Objectif 1{NNBSP}000 € (résultat)")
    assert ticks(fig) == ["Résultat", "Recettes"]
    assert fig["layout"]["title"]["text"] == "<b>✓ Objectif atteint</b>"
    assert fig["layout"]["title"]["font"]["color"] == BLUE
    assert fig["layout"]["xaxis"]["range"] == [pytest.approx(-202.5), pytest.approx((3000 + 0.33 * 202.5) / 0.67)]


def test_bullet_missed_on_revenue_is_hatched_and_says_so():
    fig = assert_drawable(charts.bullet(totals(-400, 500, target=800, basis="revenue"), CURRENT))
    rows = charts.bullet_rows(totals(-400, 500, target=800, basis="revenue"), CURRENT)
    bars = {(r["poste"], r["serie"]): r for r in role(rows, "barre")}
    assert bars[("Recettes", "Scénario")]["etat"] == "missed"
    assert bars[("Recettes", "Scénario")]["position"] == 800  # after the target line
    assert bars[("Résultat", "Scénario")]["position"] == 0  # a negative bar: the label from zero
    assert role(rows, "titre")[0] == {"role": "titre", "texte": "✗ Objectif non atteint", "couleur": VERMILLION}
    scenario = named(fig, "Scénario")
    assert scenario["marker"]["color"] == [SKY_BLUE, VERMILLION]
    assert scenario["marker"]["pattern"]["shape"] == ["", HATCH]
    (line,) = shapes(fig, "objectif")
    assert (line["y0"], line["y1"]) == (0.54, 1.46)  # across the revenue's row


def test_bullet_with_nothing_at_all():
    zero = replace(CURRENT, margin=0, revenue=0, target_amount=0, gap=0)
    assert_drawable(charts.bullet(zero, zero))
    # « Scénario : 0 € » (14 characters) from 0 on an axis from 0 to at least 1.
    assert [r["montant"] for r in role(charts.bullet_rows(zero, zero), "bord")] == [0, 1]


# --- waterfall, revenue by sector (small territory) -------------------------------------------------------


@pytest.fixture
def photo_stopped(small_con):
    facts = engine.load_facts(small_con)
    return (engine.apply(facts, parse_scenario({"offers": {"PHOTO": {"mode": "stopped"}}})),
            engine.apply(facts, engine.Scenario()))


def test_waterfall_rows_hand_checked(photo_stopped):
    rows = charts.waterfall_rows(*photo_stopped)
    steps = [(r["etape"], r["debut"], r["fin"], r["texte"], r["etat"]) for r in rows]
    assert steps == [("Situation actuelle", 0, -50, "−50 €", "current"),
                     ("Photos", -50, pytest.approx(-140), "−90 €", "baisse"),
                     ("Scénario", 0, pytest.approx(-140), "−140 €", "missed")]
    assert [r["rang"] for r in rows] == [0, 1, 2]
    fig = assert_drawable(charts.waterfall(*photo_stopped))
    bars = named(fig, "étapes")
    assert bars["x"] == [-50, pytest.approx(-90), pytest.approx(-140)] and bars["base"] == [0, -50, 0]
    assert bars["marker"]["color"] == [GREY, VERMILLION, VERMILLION]
    assert bars["marker"]["pattern"]["shape"] == ["", "", HATCH]  # the scenario misses the target
    assert [(s["x0"], s["x1"]) for s in shapes(fig, "actuel")] == [(0, -50)]
    assert ticks(fig) == ["Situation actuelle", "Photos", "Scénario"]
    assert target(fig) == (1000, f"Objectif 1{NNBSP}000 € (résultat)")


def test_waterfall_groups_the_small_effects_and_names_the_rest(small_con):
    """Nothing changed: the two totals only. The hourly cost moves every offer: each is its own step."""
    facts = engine.load_facts(small_con)
    current = engine.apply(facts, engine.Scenario())
    assert [r["etape"] for r in charts.waterfall_rows(current, current)] == ["Situation actuelle", "Scénario"]
    dearer = engine.apply(facts, parse_scenario({"assumptions": {"hourly_cost": 50}}))
    assert_drawable(charts.waterfall(dearer, current))
    rows = charts.waterfall_rows(dearer, current)
    assert sum(r["montant"] for r in rows[1:-1]) == pytest.approx(-100)  # 10 h at 10 € more
    assert rows[-1]["fin"] == pytest.approx(-150)


def test_revenue_by_sector_rows_hand_checked(photo_stopped):
    rows = charts.revenue_by_sector_rows(*photo_stopped)
    assert [(r["filiere"], r["serie"], r["recettes"], r["texte"]) for r in rows] == [
        ("Hébergement", "Situation actuelle", 530, "actuel 530 €"), ("Hébergement", "Scénario", 380, "380 €"),
        ("Restauration", "Situation actuelle", 120, "actuel 120 €"), ("Restauration", "Scénario", 0, "0 €")]
    fig = assert_drawable(charts.revenue_by_sector(*photo_stopped))
    assert (named(fig, "Scénario")["x"], named(fig, "Scénario")["y"]) == ([380, 0], [-0.2, 0.8])
    assert written(named(fig, "textes situation actuelle")) == ["actuel 530 €", "actuel 120 €"]
    assert ticks(fig) == ["Hébergement", "Restauration"] and len(shapes(fig, "actuel")) == 2


# --- Comparer ----------------------------------------------------------------------------------------------


def test_result_vs_target_rows_hand_checked():
    results = {"Situation actuelle": CURRENT, "Packs": totals(1500, 4000),
               "Un nom assez long pour tenir sur deux lignes": totals(200, 900)}
    rows = charts.result_vs_target_rows(results)
    assert [(r["scenario"], r["rang"], r["montant"], r["etat"], r["couleur"]) for r in rows] == [
        ("Situation actuelle", 0, -50, "current", GREY), ("Packs", 1, 1500, "reached", BLUE),
        ("Un nom assez long pour tenir sur deux lignes", 2, 200, "missed", VERMILLION)]
    assert rows[1]["texte"] == f"1{NNBSP}500 €  (écart +500 €)"
    # Every figure after its bar, or after the target line when the bar stops short of it.
    assert [r["position"] for r in rows] == [1000, 1500, 1000]
    assert rows[2]["libelle"] == "Un nom assez long pour<br>tenir sur deux lignes"
    fig = assert_drawable(charts.result_vs_target(results))
    bars = named(fig, "scénarios")
    assert bars["marker"]["pattern"]["shape"] == ["", "", HATCH]
    assert bars["customdata"][1] == ["Packs", f"1{NNBSP}500 €", "+500 €"]
    assert ticks(fig) == ["Situation actuelle", "Packs", "Un nom assez long pour<br>tenir sur deux lignes"]
    assert [(s["x0"], s["x1"]) for s in shapes(fig, "actuel")] == [(0, -50)]
    assert target(fig)[0] == 1000
    # The axis: from −50 − 10 % of 1 550; « 1 500 €  (écart +500 €) » (23 characters) written from 1 500.
    start = -50 - 155
    assert fig["layout"]["xaxis"]["range"] == [pytest.approx(start),
                                               pytest.approx((1500 - share(23) * start) / (1 - share(23)))]


def test_result_vs_target_with_no_scenario_and_one_negative():
    assert_drawable(charts.result_vs_target({}))
    fig = assert_drawable(charts.result_vs_target({"Situation actuelle": CURRENT}))
    assert written(named(fig, "textes")) == [f"−50 €  (écart −1{NNBSP}050 €)"]


# --- risk: distribution, tornado, trajectory ---------------------------------------------------------------


def test_distribution_rows_hand_checked():
    sim = Simulation(values=np.array([0.0, 0.0, 100.0, 100.0]), target=50, basis="margin", seed=1, inputs=())
    rows = risk_charts.distribution_rows(sim)
    assert len(rows) == risk_charts.BINS and sum(r["part"] for r in rows) == pytest.approx(1)
    assert (rows[0]["de"], rows[0]["a"], rows[0]["part"], rows[0]["atteint"]) == (0, 2.5, 0.5, False)
    assert (rows[-1]["de"], rows[-1]["a"], rows[-1]["part"], rows[-1]["atteint"]) == (97.5, 100, 0.5, True)
    assert rows[0]["texte"] == "0 € à 2 €"  # euros rounded as everywhere
    fig = assert_drawable(risk_charts.distribution(sim))
    bars = named(fig, "simulations")
    assert (bars["x"][0], bars["width"][0], bars["y"][0]) == (1.25, 2.5, 50)  # a share in %
    assert (bars["marker"]["color"][0], bars["marker"]["color"][-1]) == (VERMILLION, BLUE)
    assert (bars["marker"]["pattern"]["shape"][0], bars["marker"]["pattern"]["shape"][-1]) == (HATCH, "")
    assert bars["customdata"][0] == ["0 € à 2 €", f"50,0{NNBSP}%"]
    assert target(fig) == (50, "Objectif 50 € (résultat)")
    assert [(a["text"], a["x"]) for a in fig["layout"]["annotations"]] == [("P10", 0), ("Médiane", 50),
                                                                          ("P90", 100)]
    assert fig["layout"]["yaxis"]["ticksuffix"] == f"{NNBSP}%"


def test_distribution_of_a_single_value_is_one_bar():
    sim = Simulation(values=np.full(10, -200.0), target=1000, basis="revenue", seed=1, inputs=())
    (row,) = risk_charts.distribution_rows(sim)
    assert row["part"] == 1 and not row["atteint"] and row["de"] < -200 < row["a"]
    assert named(assert_drawable(risk_charts.distribution(sim)), "simulations")["y"] == [100]


def test_tornado_rows_hand_checked():
    result = Tornado(bars=[Bar("Prix — Photos", 160, 240, 100, 300, True),
                           Bar("Élasticité-prix — Restauration", 0.3, 0.7, 250, 150, False)],
                     likely=200, target=250, basis="margin")
    rows = [(r["entree"], r["rang"], r["cote"], r["valeur"], r["probable"], r["metrique"])
            for r in risk_charts.tornado_rows(result)]
    assert rows == [("Prix — Photos", 0, "Valeur basse", "160,00 €", 200, 100),
                    ("Prix — Photos", 0, "Valeur haute", "240,00 €", 200, 300),
                    ("Élasticité-prix — Restauration", 1, "Valeur basse", "0,30", 200, 250),
                    ("Élasticité-prix — Restauration", 1, "Valeur haute", "0,70", 200, 150)]
    fig = assert_drawable(risk_charts.tornado(result))
    low = named(fig, "Valeur basse")
    # From the likely result (200) to the result at the low value: −100 for Photos, +50 for Restauration.
    assert (low["base"], low["x"], low["y"]) == ([200, 200], [-100, 50], [0, 1])
    labels = named(fig, "textes valeur basse")
    assert written(labels) == ["160,00 €", "0,30"]
    assert labels["textposition"] == ["middle left", "middle right"]  # at the outer end of each bar
    assert target(fig)[0] == 250
    assert [s["x0"] for s in shapes(fig, "probable")] == [200]


def test_tornado_without_any_input():
    fig = assert_drawable(risk_charts.tornado(Tornado(bars=[], likely=-50, target=1000, basis="margin")))
    assert named(fig, "Valeur basse")["x"] == []


def test_trajectory_rows_hand_checked():
    result = Trajectory(years=[Year(2026, 1000, 800, 200, -50, 10), Year(2027, 1100, 800, 300, 50, 11)],
                        target=250, basis="margin")
    rows = risk_charts.trajectory_rows(result)
    assert [(r["annee"], r["poste"], r["montant"], r["texte"], r["etat"], r["position"]) for r in rows] == [
        ("2026", "Recettes", 1000, f"1{NNBSP}000 €", "Recettes", 1000), ("2026", "Coûts", 800, "800 €", "Coûts", 800),
        ("2026", "Résultat", 200, "200 €", "missed", 250),  # its figure above the target line
        ("2027", "Recettes", 1100, f"1{NNBSP}100 €", "Recettes", 1100), ("2027", "Coûts", 800, "800 €", "Coûts", 800),
        ("2027", "Résultat", 300, "300 €", "reached", 300)]
    fig = assert_drawable(risk_charts.trajectory(result))
    bars = named(fig, "années")
    assert bars["x"][1] == ["Recettes", "Coûts", "Résultat"] * 2  # each bar named under it, its year below
    assert bars["marker"]["pattern"]["shape"] == ["", "", HATCH, "", "", ""]
    assert bars["marker"]["color"][2::3] == [VERMILLION, BLUE]
    # The target across the two results only (the bars are 0 to 5).
    assert [(s["x0"], s["x1"]) for s in shapes(fig, "objectif")] == [(1.55, 2.45), (4.55, 5.45)]
    assert target(fig) == (250, "Objectif (résultat) 250 €")


def test_trajectory_of_one_year_with_a_loss():
    result = Trajectory(years=[Year(2026, 0, 500, -500, -1500, 0)], target=1000, basis="revenue")
    rows = risk_charts.trajectory_rows(result)
    assert [(r["montant"], r["etat"], r["position"]) for r in rows] == [(0, "missed", 1000), (500, "Coûts", 500),
                                                                        (-500, "Résultat", 0)]
    assert_drawable(risk_charts.trajectory(result))
