"""The 3-year trajectory on the small hand-checked territory (figures in test_engine.py).

Baseline: 8 subscriptions, revenue 650, direct costs 300, staff 10 h · 40 €/h = 400. Half of every
offer's subscribers: direct 100 + 50 + 20 + (50 + 15) = 235, staff 6,5 h = 260 → costs 495, revenue 325.
"""

from __future__ import annotations

import pytest

from otmodel.model import engine
from otmodel.model.scenario import ScenarioError, parse_scenario
from otmodel.model.trajectory import trajectory


def path(small_con, assumptions: dict, offers: dict | None = None, years: int = 3):
    facts = engine.load_facts(small_con)
    scenario = parse_scenario({"assumptions": assumptions, "offers": offers or {}})
    return engine.apply(facts, scenario).totals, trajectory(facts, scenario, years)


STABLE = {"renewal_rate": 1, "new_subscriber_rate": 0, "price_indexation": 0, "cost_indexation": 0}


def test_first_year_is_exactly_the_evaluation_and_a_stable_base_stays(small_con):
    totals, result = path(small_con, STABLE, {"PHOTO": {"mode": "paid", "price": 210}, "WEB": {"mode": "free"}})
    assert [y.year for y in result.years] == [2026, 2027, 2028]
    first = result.years[0]
    assert (first.revenue, first.costs, first.margin, first.gap, first.subscriptions) == (
        totals.revenue, totals.costs, totals.margin, totals.gap, totals.subscriptions)
    assert all(year.to_json() | {"year": 0} == first.to_json() | {"year": 0} for year in result.years)


def test_cost_indexation_multiplies_next_years_costs_exactly(small_con):
    _, result = path(small_con, {**STABLE, "cost_indexation": 0.02})
    n1, n2, n3 = result.years
    assert (n1.costs, n2.costs, n3.costs) == (700, 700 * 1.02, 700 * 1.02 ** 2)
    assert n2.revenue == n1.revenue == 650 and n2.subscriptions == 8  # indexation alone does not move demand


def test_renewal_and_price_indexation_hand_checked(small_con):
    _, result = path(small_con, {"renewal_rate": 0.5, "new_subscriber_rate": 0, "price_indexation": 0.1,
                                 "cost_indexation": 0})
    n2, n3 = result.years[1:]
    assert n2.subscriptions == 4 and n3.subscriptions == 2
    assert n2.revenue == pytest.approx(325 * 1.1) and n2.costs == pytest.approx(495)
    assert n2.margin == pytest.approx(357.5 - 495) and n2.gap == pytest.approx(357.5 - 495 - 1000)


def test_growth_stops_at_the_businesses_an_offer_reaches(small_con):
    """Doubling each year: WEB already has all 3 hébergements (stays), restauration 1 → 2 (its 2 businesses);
    PHOTO 1 → 2 → 3 in hébergement, 1 → 2 in restauration; PACK 2 → 3 (3 hébergements)."""
    _, result = path(small_con, {"renewal_rate": 1, "new_subscriber_rate": 1})
    assert [y.subscriptions for y in result.years] == [8, 12, 13]


def test_default_trajectory_assumptions_and_bounds(small_con):
    scenario = parse_scenario({})
    a = scenario.assumptions
    assert (a.renewal_rate, a.new_subscriber_rate, a.price_indexation, a.cost_indexation) == (0.85, 0.15, 0, 0.02)
    assert "renewal_rate" not in scenario.to_json()["assumptions"]  # defaults are not written
    assert parse_scenario({"assumptions": {"renewal_rate": 0.7}}).to_json()["assumptions"]["renewal_rate"] == 0.7
    with pytest.raises(ScenarioError, match=r"assumptions\.renewal_rate"):
        parse_scenario({"assumptions": {"renewal_rate": 1.2}})
    _, result = path(small_con, {})
    assert [y.subscriptions for y in result.years] == pytest.approx([8, 8, 8])  # 0,85 + 0,15 = 1
    assert result.years[2].costs == pytest.approx(700 * 1.02 ** 2)
    assert result.to_json()[0].keys() == {"year", "revenue", "costs", "margin", "gap", "subscriptions"}
