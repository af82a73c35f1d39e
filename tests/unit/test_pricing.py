"""Van Westendorp and Gabor–Granger on small datasets whose curves and crossings are computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otmodel.listening import pricing
from otmodel.listening.pricing import PricingError, gabor_granger, intersection, van_westendorp


def answers(*rows: tuple[float, float, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(pricing.QUESTIONS))


# Four respondents; grid 1…8. By hand (share of respondents at each grid price 1, 2, …, 8):
#   trop bon marché (tbm > p)  .5 .25 0 0 0 0 0 0
#   bon marché      (bm > p)   1 .75 .25 0 0 0 0 0
#   cher            (cher ≤ p) 0 0 0 .5 .75 1 1 1
#   trop cher       (tc ≤ p)   0 0 0 0 0 .25 .5 1
FOUR = answers((1, 2, 4, 6), (2, 3, 5, 7), (1, 3, 4, 8), (3, 4, 6, 8))


def test_curves_of_four_respondents():
    curves = pricing.psm_curves(FOUR)
    assert list(curves["price"]) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(curves["too_cheap"]) == [0.5, 0.25, 0, 0, 0, 0, 0, 0]
    assert list(curves["cheap"]) == [1, 0.75, 0.25, 0, 0, 0, 0, 0]
    assert list(curves["expensive"]) == [0, 0, 0, 0.5, 0.75, 1, 1, 1]
    assert list(curves["too_expensive"]) == [0, 0, 0, 0, 0, 0.25, 0.5, 1]
    assert list(curves["not_cheap"]) == [0, 0.25, 0.75, 1, 1, 1, 1, 1]
    assert list(curves["not_expensive"]) == [1, 1, 1, 0.5, 0.25, 0, 0, 0]


def test_points_interpolated_original():
    # OPP: tc − tbm = −.5, −.25, 0 → on the grid price 3.
    # IDP: cher − bm = −1, −.75, −.25, +.5 → 3 + .25/.75 = 3.3333.
    # PMC: pas bm − tbm = −.5, 0 → on the grid price 2.
    # PME: tc − pas cher = …, −.25 (at 5), +.25 (at 6) → 5.5.
    result = van_westendorp(FOUR)
    assert (result.n_valid, result.n_invalid) == (4, 0)
    assert result.opp == 3
    assert result.idp == pytest.approx(10 / 3, abs=1e-6)
    assert result.pmc == 2
    assert result.pme == 5.5
    assert result.notes == []
    assert result.to_json() == {"n_valid": 4, "n_invalid": 0, "opp": 3.0, "idp": pytest.approx(3.333333),
                                "pmc": 2.0, "pme": 5.5, "definition": "original", "interpolated": True,
                                "nms": False, "weighted": False}


def test_points_step_take_the_first_grid_price_past_the_crossing():
    result = van_westendorp(FOUR, interpolate=False)
    assert (result.opp, result.idp, result.pmc, result.pme) == (3, 4, 2, 6)
    assert result.interpolated is False


def test_points_narrower_definition():
    # PMC: cher − tbm = −.5, −.25, 0 → 3. PME: tc − bm = −1, −.75, −.25, 0 → 4.
    result = van_westendorp(FOUR, definition="narrower")
    assert (result.pmc, result.pme) == (3, 4)
    assert result.opp == 3 and result.idp == pytest.approx(10 / 3, abs=1e-6)
    assert result.definition == "narrower"


def test_ties_between_respondents_and_questions():
    # Grid 5, 10, 20, 30, 40, 50; everyone says bon marché 20 and cher 30.
    # tbm > p: 2/3, 0, …   bm > p: 1, 1, 0, …   cher ≤ p: 0, 0, 0, 1, 1, 1   tc ≤ p: 0, 0, 0, 0, 2/3, 1
    result = van_westendorp(answers((10, 20, 30, 40), (10, 20, 30, 40), (5, 20, 30, 50)))
    curves = result.curves
    assert list(curves["price"]) == [5, 10, 20, 30, 40, 50]
    assert list(curves["too_expensive"]) == pytest.approx([0, 0, 0, 0, 2 / 3, 1])
    assert (result.opp, result.idp, result.pmc, result.pme) == (10, 20, 10, 30)


def test_crossing_exactly_on_a_grid_price_is_that_price_in_both_modes():
    # The difference is −1, 0, +1: the curves meet at 2, interpolation or not.
    prices = np.array([1.0, 2.0, 3.0])
    assert intersection(prices, np.array([0, 0.5, 1]), np.array([1, 0.5, 0])) == 2
    assert intersection(prices, np.array([0, 0.5, 1]), np.array([1, 0.5, 0]), interpolate=False) == 2


def test_crossing_between_grid_prices():
    # Difference −.6 at 10, +.2 at 20 → 10 + .6 × 10 / .8 = 17.5 (step: 20).
    prices = np.array([10.0, 20.0])
    assert intersection(prices, np.array([0.2, 0.6]), np.array([0.8, 0.4])) == 17.5
    assert intersection(prices, np.array([0.2, 0.6]), np.array([0.8, 0.4]), interpolate=False) == 20


def test_several_crossings_keep_the_lowest():
    prices = np.array([1.0, 2.0, 3.0, 4.0])
    assert intersection(prices, np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.5, 0.5])) == 1.5


def test_no_crossing_is_none_and_said_clearly():
    prices = np.array([1.0, 2.0, 3.0])
    assert intersection(prices, np.array([0.0, 0.1, 0.2]), np.array([0.5, 0.6, 0.7])) is None
    curves = pd.DataFrame({"price": prices, "too_cheap": [0.9, 0.8, 0.7], "cheap": [1, 1, 1],
                           "expensive": [0, 0, 0.5], "too_expensive": [0, 0.1, 0.2],
                           "not_cheap": [0, 0, 0], "not_expensive": [1, 1, 0.5]})
    points, notes = pricing.price_points(curves)
    assert points["opp"] is None and points["idp"] is None
    assert any("Prix optimal introuvable" in n and "« trop cher » et « trop bon marché » ne se croisent pas"
               in n for n in notes)
    assert len(notes) == 4


def test_inconsistent_respondents_are_dropped_and_counted():
    data = answers((1, 2, 4, 6), (2, 3, 5, 7), (1, 3, 4, 8), (3, 4, 6, 8),
                   (10, 30, 20, 40),  # bon marché above cher
                   (10, 10, 20, 30),  # a tie is not « < »
                   (1, float("nan"), 3, 4))  # a missing answer
    result = van_westendorp(data)
    assert (result.n_valid, result.n_invalid) == (4, 3)
    assert result.opp == 3 and result.pme == 5.5  # the same as without them
    assert result.notes[0].startswith("3 réponse(s) écartée(s)")


def test_all_respondents_invalid_is_refused_clearly():
    with pytest.raises(PricingError, match="toutes incohérentes"):
        van_westendorp(answers((10, 30, 20, 40), (5, 5, 5, 5)))


def test_no_answer_and_unknown_definition_are_refused():
    with pytest.raises(PricingError, match="Aucune réponse"):
        van_westendorp(answers())
    with pytest.raises(PricingError, match="Définition inconnue"):
        van_westendorp(FOUR, definition="large")


def test_by_sector_only_with_enough_answers():
    data = pd.concat([FOUR.assign(filiere="hebergement"), FOUR.iloc[:2].assign(filiere="restauration")])
    results = pricing.van_westendorp_by(data, min_answers=3)
    assert list(results) == ["hebergement"]
    assert results["hebergement"].pme == 5.5


# --- Gabor–Granger -----------------------------------------------------------------------------------

def gg(rows: list[tuple[str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["partenaire_id", "prix", "accepte"])


GG = gg([(p, price, ok) for p, answers_ in {"A": (True, True, True), "B": (True, True, False),
                                             "C": (True, True, False), "D": (True, False, False)}.items()
         for price, ok in zip((10, 20, 30), answers_, strict=True)])


def test_gabor_granger_acceptance_revenue_best_price():
    # Acceptance 4/4, 3/4, 1/4; revenue 10, 15, 7.5 → best 20.
    result = gabor_granger(GG)
    assert list(result.table["acceptance"]) == [1, 0.75, 0.25]
    assert list(result.table["revenue"]) == [10, 15, 7.5]
    assert result.best_price == 20


def test_gabor_granger_arc_elasticity():
    # 10→20: (−.25 / .875) / (10 / 15) = −0.428571; 20→30: (−.5 / .5) / (10 / 25) = −2.5.
    result = gabor_granger(GG)
    assert result.elasticity == [pytest.approx(-0.428571, abs=1e-6), -2.5]
    assert result.to_json()["prices"] == [10, 20, 30]
    assert result.acceptance_at(25) == 0.5


def test_gabor_granger_tie_keeps_the_lower_price_and_no_buyer_has_no_elasticity():
    result = gabor_granger(gg([("A", 10, True), ("B", 10, True), ("A", 20, True), ("B", 20, False),
                               ("A", 40, False), ("B", 40, False), ("A", 50, False), ("B", 50, False)]))
    assert list(result.table["revenue"]) == [10, 10, 0, 0]
    assert result.best_price == 10
    assert result.elasticity[2] is None


def test_gabor_granger_needs_two_prices():
    with pytest.raises(PricingError, match="au moins deux prix"):
        gabor_granger(gg([("A", 10, True), ("B", 10, False)]))
    with pytest.raises(PricingError, match="Aucune réponse"):
        gabor_granger(gg([]))


def test_choose_offer():
    frame = FOUR.assign(offre_id=["X", "X", "Y", "Y"])
    with pytest.raises(PricingError, match="plusieurs offres"):
        pricing.choose_offer(frame, None)
    assert len(pricing.choose_offer(frame, "Y")) == 2
    with pytest.raises(PricingError, match="Offres présentes : X, Y"):
        pricing.choose_offer(frame, "Z")


# --- invariants ----------------------------------------------------------------------------------------

ordered_answers = st.lists(
    st.tuples(st.integers(1, 50), st.integers(1, 50), st.integers(1, 50), st.integers(1, 50)).map(
        lambda t: tuple(float(x) for x in np.cumsum(t))),  # strictly increasing: always a consistent respondent
    min_size=1, max_size=25)


@given(ordered_answers, st.sampled_from(["original", "narrower"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_consistent_answers_always_give_four_points_inside_the_prices(rows, definition, interpolate):
    # Each pair of curves starts with the first below (or equal) and ends above: they must cross.
    result = van_westendorp(answers(*rows), definition=definition, interpolate=interpolate)
    low, high = min(r[0] for r in rows), max(r[3] for r in rows)
    for point in ("opp", "idp", "pmc", "pme"):
        assert low <= result.point(point) <= high
    assert result.n_valid == len(rows) and result.n_invalid == 0
    curves = result.curves
    assert curves["too_cheap"].is_monotonic_decreasing and curves["too_expensive"].is_monotonic_increasing


# --- where the chart puts each point -------------------------------------------------------------------

def on_drawn_curve(curves: pd.DataFrame, curve: str, price: float, height: float, interpolated: bool) -> bool:
    """True when (price, height) lies on the curve as drawn: straight segments, or steps held until the next
    price (with the vertical jump at each price)."""
    prices, values = curves["price"].to_numpy(), curves[curve].to_numpy()
    if interpolated:
        return abs(np.interp(price, prices, values) - height) < 1e-5  # points are rounded to 6 decimals
    i = int(np.searchsorted(prices, price))
    if i < len(prices) and prices[i] == price:  # on a price: anywhere on the jump from the value before
        before = values[max(i - 1, 0)]
        return min(before, values[i]) - 1e-9 <= height <= max(before, values[i]) + 1e-9
    return abs(values[i - 1] - height) < 1e-9


def test_markers_sit_where_two_drawn_curves_cross():
    # Original definition, R's four curves: PMC 2 (trop bon marché .25 = pas bon marché .25), OPP 3 (0 = 0),
    # IDP 10/3 (pas bon marché .75 + 1/3 × .25 = pas cher 1 − 1/3 × .5 = 5/6), PME 5.5 (trop cher .125 = pas cher .125).
    found = {m.point: m for m in pricing.markers(van_westendorp(FOUR))}
    assert set(found) == {"pmc", "opp", "idp", "pme"}
    assert (found["pmc"].price, found["pmc"].height) == (2, 0.25)
    assert found["pmc"].curves == ("not_cheap", "too_cheap") and found["idp"].curves == ("not_cheap", "not_expensive")
    assert found["idp"].height == pytest.approx(5 / 6)
    assert (found["pme"].price, found["pme"].height) == (5.5, 0.125)
    # Narrower: its bounds are crossings of « cher » and « bon marché » themselves, which the chart then draws.
    narrower = {m.point: m.curves for m in pricing.markers(van_westendorp(FOUR, definition="narrower"))}
    assert narrower["pmc"] == ("expensive", "too_cheap") and narrower["pme"] == ("too_expensive", "cheap")
    assert set(pricing.DRAWN_CURVES["narrower"]) == {"too_cheap", "cheap", "expensive", "too_expensive"}


@given(ordered_answers, st.sampled_from(["original", "narrower"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_every_marker_is_on_both_of_its_drawn_curves(rows, definition, interpolate):
    result = van_westendorp(answers(*rows), definition=definition, interpolate=interpolate)
    marks = pricing.markers(result)
    assert len(marks) == 4
    for mark in marks:
        assert set(mark.curves) <= set(pricing.DRAWN_CURVES[definition])
        for curve in mark.curves:
            assert on_drawn_curve(result.curves, curve, mark.price, mark.height, interpolate), (mark, curve)
