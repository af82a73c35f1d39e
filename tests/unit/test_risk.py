"""Risk on the small hand-checked territory (tests/data/petit, figures in test_engine.py): ranges in the
scenario JSON, the Monte Carlo simulation, the tornado and the partners reached.

Baseline: revenue 650, direct costs 300, staff 10 h at 40 €/h, result −50 (= 350 − 10 h).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otmodel.model import engine, risk
from otmodel.model.scenario import ScenarioError, parse_scenario

RANGED = {"assumptions": {"elasticity": {"default": {"low": 0.2, "likely": 0.5, "high": 1.2}},
                          "hourly_cost": {"low": 30, "likely": 40, "high": 50}},
          "offers": {"PHOTO": {"mode": "paid", "price": {"low": 150, "likely": 180, "high": 260}},
                     "WEB": {"mode": "paid", "price": 20}}}


@pytest.fixture
def facts(small_con) -> engine.Facts:
    return engine.load_facts(small_con)


# --- ranges in the scenario JSON -------------------------------------------------------------------


def test_a_range_keeps_its_likely_value_for_the_model_and_goes_back_in_place():
    spec = {"assumptions": {"elasticity": {"default": 0.5, "hebergement": {"low": 0.1, "likely": 0.3, "high": 0.6}},
                            "free_to_paid_conversion": {"low": 0.2, "likely": 0.35, "high": 0.5}},
            "offers": {"PHOTO": {"mode": "paid", "price": {"default": {"low": 100, "likely": 150, "high": 200},
                                                           "restauration": 120}},
                       "NEW": {"mode": "paid", "price": 80, "expected_subscribers": {"low": 1, "likely": 2,
                                                                                     "high": 4}}}}
    scenario = parse_scenario(spec)
    assert scenario.assumptions.elasticity == {"default": 0.5, "hebergement": 0.3}
    assert scenario.assumptions.free_to_paid_conversion == 0.35
    assert scenario.offers["PHOTO"].price == {"default": 150, "restauration": 120}
    assert scenario.offers["NEW"].expected_subscribers == 2
    assert set(scenario.ranges) == {("assumptions", "elasticity", "hebergement"),
                                    ("assumptions", "free_to_paid_conversion"), ("offers", "PHOTO", "price", "default"),
                                    ("offers", "NEW", "expected_subscribers")}
    again = scenario.to_json()
    assert again["offers"]["PHOTO"]["price"]["default"] == {"low": 100, "likely": 150, "high": 200}
    assert scenario.offers["PHOTO"].price == {"default": 150, "restauration": 120}  # to_json wrote a copy
    assert parse_scenario(again).ranges == scenario.ranges


@pytest.mark.parametrize(("value", "field", "words"), [
    ({"low": 0.7, "likely": 0.5, "high": 0.9}, "assumptions.free_to_paid_conversion", "bas ≤ probable ≤ haut"),
    ({"low": 0.1, "likely": 0.5, "high": 0.4}, "assumptions.free_to_paid_conversion", "bas ≤ probable ≤ haut"),
    ({"low": -0.1, "likely": 0.5, "high": 0.9}, "assumptions.free_to_paid_conversion.low", "supérieur ou égal à 0"),
    ({"low": 0.1, "high": 0.9}, "assumptions.free_to_paid_conversion", "likely"),
    ({"low": 0.1, "likely": "x", "high": 0.9}, "assumptions.free_to_paid_conversion.likely", "nombre"),
])
def test_bad_ranges_are_refused_naming_the_field(value, field, words):
    with pytest.raises(ScenarioError) as refused:
        parse_scenario({"assumptions": {"free_to_paid_conversion": value}})
    assert f"« {field} »" in str(refused.value) and words in str(refused.value)


def test_a_bad_price_range_names_the_offer():
    with pytest.raises(ScenarioError, match=r"« offers\.PHOTO\.price » : fourchette incohérente"):
        parse_scenario({"offers": {"PHOTO": {"mode": "paid", "price": {"low": 300, "likely": 200, "high": 400}}}})


# --- Monte Carlo ------------------------------------------------------------------------------------


def test_without_ranges_every_draw_is_the_deterministic_result(facts):
    scenario = parse_scenario({"offers": {"PHOTO": {"mode": "paid", "price": 200}, "WEB": {"mode": "stopped"}}})
    sim = risk.simulate(facts, scenario, draws=300)
    assert sim.draws == 300 and sim.inputs == ()
    assert np.all(sim.values == sim.values[0])
    assert sim.values[0] == pytest.approx(engine.apply(facts, scenario).totals.margin, abs=1e-9)
    assert sim.p10 == sim.p50 == sim.p90
    assert sim.probability() == 0.0  # −50-ish against a 1 000 € target
    assert "aucune hypothèse n'a de fourchette" in sim.sentence()


def test_an_hourly_cost_range_hand_checked(facts):
    """Result = 350 − 10 h with h triangular (30, 40, 50): P(result ≥ 0) = P(h ≤ 35) = 5² / (20 · 10) = 12,5 %;
    P90 of the result is at the P10 of h: 30 + √(0,1 · 20 · 10) = 34,47 → 5,28 €."""
    scenario = parse_scenario({"target": {"amount": 0, "basis": "margin"},
                               "assumptions": {"hourly_cost": {"low": 30, "likely": 40, "high": 50}}})
    sim = risk.simulate(facts, scenario, draws=40_000, seed=7)
    assert sim.probability() == pytest.approx(0.125, abs=0.01)
    assert sim.p90 == pytest.approx(350 - 10 * (30 + np.sqrt(20)), abs=2)
    assert sim.p50 == pytest.approx(-50, abs=2) and sim.mean == pytest.approx(-50, abs=1)
    assert sim.sentence().replace("\u202f", " ").startswith(f"Objectif atteint dans {round(sim.probability() * 100)} % "
                                                            "des simulations (40 000 tirages)")
    assert set(sim.to_json()) == {"draws", "p10", "p50", "p90", "mean", "probability_target"}


def test_every_ranged_input_moves_the_draws_within_its_range(facts):
    scenario = parse_scenario(RANGED)
    sim = risk.simulate(facts, scenario, draws=2_000)
    assert {i.name for i in sim.inputs} == {"Élasticité-prix", "Coût horaire", "Prix — Photos"}
    # Each extreme of the result sits inside the results of the inputs at their extremes.
    corners = []
    for eps in (0.2, 1.2):
        for h in (30, 50):
            for price in (150, 260):
                spec = {"assumptions": {"elasticity": {"default": eps}, "hourly_cost": h},
                        "offers": {"PHOTO": {"mode": "paid", "price": price}, "WEB": {"mode": "paid", "price": 20}}}
                corners.append(engine.apply(facts, parse_scenario(spec)).totals.margin)
    assert min(corners) - 1e-6 <= sim.values.min() < sim.p10 < sim.p50 < sim.p90 < sim.values.max() \
        <= max(corners) + 1e-6


def test_the_same_seed_gives_the_same_figures(facts):
    scenario = parse_scenario(RANGED)
    first, again = risk.simulate(facts, scenario, 1_000, seed=11), risk.simulate(facts, scenario, 1_000, seed=11)
    assert first.to_json() == again.to_json()
    assert np.array_equal(first.values, again.values)
    assert risk.simulate(facts, scenario, 1_000, seed=12).to_json() != first.to_json()


def test_draws_are_evaluated_in_chunks_like_one_batch(facts, monkeypatch):
    scenario = parse_scenario(RANGED)
    whole = risk.simulate(facts, scenario, 2_500, seed=3)
    monkeypatch.setattr(risk, "CHUNK", 300)
    assert np.allclose(risk.simulate(facts, scenario, 2_500, seed=3).values, whole.values)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(low=st.floats(-500, 500), rise=st.floats(0, 500))
def test_the_probability_never_increases_when_the_target_rises(facts, low, rise):
    def probability(amount: float) -> float:
        scenario = parse_scenario({**RANGED, "target": {"amount": amount, "basis": "margin"}})
        return risk.simulate(facts, scenario, draws=400, seed=5).probability()

    assert probability(low + rise) <= probability(low)


# --- tornado ----------------------------------------------------------------------------------------


def test_tornado_hand_checked_and_sorted_by_swing(facts):
    """PHOTO at 200 €, restauration's elasticity 0 to 1: its one subscriber stays (200 − 90 = 110 €) or
    becomes 0,6 (120 − 54 = 66 €): a swing of 44 €."""
    scenario = parse_scenario({"assumptions": {"elasticity": {"restauration": {"low": 0, "likely": 0.5, "high": 1}}},
                               "offers": {"PHOTO": {"mode": "paid", "price": 200}}})
    result = risk.tornado(facts, scenario)
    bars = {bar.name: bar for bar in result.bars}
    rest = bars["Élasticité-prix — Restauration"]
    assert (rest.low, rest.high, rest.ranged) == (0, 1, True)
    assert rest.metric_low - rest.metric_high == pytest.approx(44)
    hourly = bars["Coût horaire"]  # no range: ±20 % of 40 €/h over 11,6 h of staff time
    assert (hourly.low, hourly.high, hourly.ranged) == (pytest.approx(32), pytest.approx(48), False)
    staff_hours = engine.apply(facts, scenario).totals.staff_hours
    assert hourly.metric_low - hourly.metric_high == pytest.approx(16 * staff_hours)
    assert "Prix — Photos" in bars and "Prix — Pack hébergement" in bars  # every paid price, ±20 %
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True) and len(swings) <= risk.TORNADO_BARS
    assert result.likely == pytest.approx(engine.apply(facts, scenario).totals.margin)
    assert set(result.bars[0].to_json()) == {"name", "low", "high", "metric_low", "metric_high"}


def test_tornado_keeps_the_twelve_widest(destination_con):
    facts = engine.load_facts(destination_con)
    result = risk.tornado(facts, parse_scenario({}))
    assert len(result.bars) == 12
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True)


# --- partners reached -------------------------------------------------------------------------------


def test_current_partners_reached_is_the_distinct_count(small_con, facts):
    totals = engine.apply(facts, parse_scenario({})).totals
    distinct = small_con.execute("SELECT count(DISTINCT partenaire_id) FROM souscriptions "
                                 "WHERE annee = 2025").fetchone()
    assert totals.partners_reached == pytest.approx(distinct[0], abs=1e-9) == 4  # H1 H2 H3 R1
    assert totals.free_beneficiaries == pytest.approx(4, abs=1e-9)  # the four users of WEB


def test_current_partners_reached_on_the_destination_demo(destination_con):
    facts = engine.load_facts(destination_con)
    distinct = destination_con.execute("SELECT count(DISTINCT partenaire_id) FROM souscriptions "
                                       "WHERE annee = ?", [facts.year]).fetchone()[0]
    free = destination_con.execute("SELECT count(DISTINCT partenaire_id) FROM souscriptions "
                                   "WHERE annee = ? AND montant = 0", [facts.year]).fetchone()[0]
    totals = engine.apply(facts, parse_scenario({})).totals
    assert (distinct, free) == (1357, 1351)
    assert totals.partners_reached == pytest.approx(distinct, abs=1e-6)
    assert totals.free_beneficiaries == pytest.approx(free, abs=1e-6)


def test_partners_reached_estimate_hand_checked(facts):
    """WEB stopped. Hébergement (3 businesses, factor 1: WEB reached all 3): PHOTO 1/3 and PACK 2/3 taken
    independently → 3 · (1 − 2/3 · 1/3) = 7/3. Restauration (2 businesses, 1 reached; independence said
    2 · (1 − ½ · ½) = 1,5, so factor 2/3): PHOTO alone → 2 · ½ · 2/3 = 2/3, raised to its 1 subscriber."""
    totals = engine.apply(facts, parse_scenario({"offers": {"WEB": {"mode": "stopped"}}})).totals
    assert totals.partners_reached == pytest.approx(7 / 3 + 1)
    assert totals.free_beneficiaries == 0  # CLUB is free but has nobody
