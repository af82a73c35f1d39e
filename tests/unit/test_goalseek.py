"""Goal seek on the small territory (figures in test_engine.py's docstring), checked by hand."""

from __future__ import annotations

import math

import pytest

from otmodel.model import engine, goalseek
from otmodel.model.scenario import parse_scenario


@pytest.fixture
def facts(small_con):
    return engine.load_facts(small_con)


def test_price_of_one_offer_reaching_the_target(facts):
    # Margin −50 of which WEB −220. WEB paid at p: 1,4 subscribers (κ), costs 140 + 1,4·20.
    # 170 + 1,4 p − 168 ≥ 1 000  ⇔  p ≥ 998 / 1,4
    result = goalseek.price_for_target(facts, parse_scenario({}), "WEB", rounding=0.01)
    assert result.reached
    assert result.value == 712.86  # 998 / 1,4 = 712,857… rounded up to the cent
    assert result.gap == pytest.approx(1.4 * 712.86 - 998)
    assert "atteint l'objectif" in result.message
    assert result.scenario.offers["WEB"].mode == "paid"
    assert engine.apply(facts, result.scenario).totals.gap >= -0.01


def test_target_already_reached_even_free(facts):
    result = goalseek.price_for_target(facts, parse_scenario({"target": {"amount": 100, "basis": "revenue"}}),
                                       "PHOTO")
    assert (result.reached, result.value) == (True, 0)
    assert "gratuite" in result.message


def test_demand_falling_faster_than_price_rises(facts):
    # ε 1,5 on revenue: PHOTO's revenue peaks where the cap stops binding (≈ 72–76 €), then falls.
    spec = {"target": {"amount": 1000, "basis": "revenue"}, "assumptions": {"elasticity": {"default": 1.5}}}
    result = goalseek.price_for_target(facts, parse_scenario(spec), "PHOTO")
    assert not result.reached and result.value is None
    assert 70 <= result.best_value <= 80
    p = result.best_value
    heb, rest = min(3.0, (p / 150) ** -1.5) * p, min(2.0, (p / 120) ** -1.5) * p  # capped at E = 3 and 2
    assert result.best_gap == pytest.approx(380 + heb + rest - 1000, rel=0.01)
    assert "la demande baisse plus vite que le prix ne monte" in result.message
    assert "Aucun prix" in result.message


def test_unit_elasticity_on_margin_cannot_reach(facts):
    # ε 1: PHOTO's margin 150(1 − 90/p) + 120(1 − 90/p) only tends to 270; target 1 000 stays out of reach.
    spec = {"assumptions": {"elasticity": {"default": 1}}}
    result = goalseek.price_for_target(facts, parse_scenario(spec), "PHOTO")
    assert not result.reached
    assert "élasticité ≥ 1" in result.message
    assert result.best_value == pytest.approx(result.upper)


def test_offer_without_any_subscriber(facts):
    result = goalseek.price_for_target(facts, parse_scenario({}), "CLUB")
    assert not result.reached
    assert "aucun abonné" in result.message


def test_uniform_change_of_paid_prices(facts):
    # ε 0: subscribers do not move, revenue 650·m, costs 700: 650 m − 700 ≥ 1 000 ⇔ m ≥ 1 700 / 650.
    result = goalseek.uniform_change_for_target(facts, parse_scenario({"assumptions": {"elasticity": {"default": 0}}}),
                                                rounding=0.01)
    assert result.reached
    assert result.value == pytest.approx(1700 / 650 - 1, abs=1e-4)
    assert "hausse" in result.message
    prices = result.scenario.offers
    assert prices["PACK"].price == pytest.approx(190 * 1700 / 650, abs=0.01)
    assert prices["PHOTO"].price == pytest.approx({"hebergement": 150 * 1700 / 650, "restauration": 120 * 1700 / 650},
                                                  abs=0.01)
    assert "WEB" not in prices  # free offers stay free


def test_uniform_change_can_be_a_decrease(facts):
    spec = {"target": {"amount": 500, "basis": "revenue"}, "assumptions": {"elasticity": {"default": 0}}}
    result = goalseek.uniform_change_for_target(facts, parse_scenario(spec))
    assert result.value == pytest.approx(500 / 650 - 1, abs=1e-4)
    assert "baisse" in result.message


def test_uniform_change_out_of_reach(facts):
    result = goalseek.uniform_change_for_target(facts, parse_scenario({"target": {"amount": 10**6}}))
    assert not result.reached
    assert "Aucune variation" in result.message


def test_break_even_prices(facts):
    table = goalseek.break_even_prices(facts, parse_scenario({})).set_index("id")
    assert table.loc["PHOTO", "break_even"] == pytest.approx(90, abs=0.01)  # N·(p − 90) = 0
    assert table.loc["WEB", "break_even"] == pytest.approx(168 / 1.4, abs=0.01)  # 1,4 p = 140 + 28
    pack = table.loc["PACK", "break_even"]  # 2·√(190/p)·(p − 75) = 50
    assert 2 * math.sqrt(190 / pack) * (pack - 75) == pytest.approx(50, abs=0.05)
    assert math.isnan(table.loc["CLUB", "break_even"])
    assert "abonnés attendus" in table.loc["CLUB", "note"]


@pytest.mark.parametrize(("rounding", "price"), [(1.0, 713), (5.0, 715), (10.0, 720), (0.01, 712.86)])
def test_a_price_found_is_rounded_up_to_a_printable_step(facts, rounding, price):
    """WEB reaches the target from 998 / 1,4 = 712,857… €: the price proposed is the next whole euro (or the
    step chosen), which still reaches it — the gap is 1,4 × price − 998."""
    result = goalseek.price_for_target(facts, parse_scenario({}), "WEB", rounding=rounding)
    assert result.value == price and result.scenario.offers["WEB"].price == price
    assert result.gap == pytest.approx(1.4 * price - 998)
    assert f"à {goalseek.price_text(price, rounding)} atteint l'objectif" in result.message


def test_uniform_change_writes_prices_rounded_up_to_the_euro(facts):
    spec = parse_scenario({"assumptions": {"elasticity": {"default": 0}}})
    result = goalseek.uniform_change_for_target(facts, spec)
    prices = result.scenario.offers
    m = 1700 / 650
    assert prices["PACK"].price == math.ceil(190 * m) == 497
    assert prices["PHOTO"].price == {"hebergement": math.ceil(150 * m), "restauration": math.ceil(120 * m)}
    assert result.gap == pytest.approx(engine.apply(facts, result.scenario).totals.gap) and result.gap >= 0
    assert "prix arrondis à l'euro" in result.message


def test_price_warnings_twice_the_current_price_and_the_acceptable_range():
    assert goalseek.price_warnings("Ateliers", 150, 90, (48, 118)) == [
        "« Ateliers » à 150 € : hors de la plage que les partenaires jugent acceptable (48 € à 118 €, enquête Van "
        "Westendorp)."]
    assert goalseek.price_warnings("Ateliers", 806, 90, None) == [
        "« Ateliers » à 806 € : plus du double de son prix actuel (90 €)."]
    assert len(goalseek.price_warnings("Ateliers", 806, 90, (48, 118))) == 2
    assert goalseek.price_warnings("Ateliers", 100, 90, (48, 118)) == []
    assert goalseek.price_warnings("Web", 100, 0, None) == []  # free today: « twice » means nothing


def test_the_search_flags_a_price_outside_the_acceptable_range(facts):
    result = goalseek.price_for_target(facts, parse_scenario({}), "WEB", acceptable=(50, 120))
    assert result.warnings == ("« Référencement » à 713 € : hors de la plage que les partenaires jugent acceptable "
                               "(50 € à 120 €, enquête Van Westendorp).",)
    spec = parse_scenario({"assumptions": {"elasticity": {"default": 0}}})
    uniform = goalseek.uniform_change_for_target(facts, spec)  # × 2,6: every paid price more than doubles
    # PHOTO's current price: one subscriber at 150 €, one at 120 €.
    assert [w.split(" : ")[1] for w in uniform.warnings] == ["plus du double de son prix actuel (190 €).",
                                                             "plus du double de son prix actuel (135 €)."]
