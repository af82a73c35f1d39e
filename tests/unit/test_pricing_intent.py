"""Purchase intent (Newton–Miller–Smith) and weights by sector, on samples computed by hand.

Every figure below was also obtained with R's pricesensitivitymeter 1.3.3 (psm_analysis and
psm_analysis_weighted with a survey design whose weights are ours): same reach and revenue at each price,
same optimal prices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otmodel.listening import pricing
from otmodel.listening.pricing import Calibration, PricingError, gabor_granger, van_westendorp


def answers(*rows: tuple) -> pd.DataFrame:
    """Rows of (trop bon marché, bon marché, cher, trop cher, intention bon marché, intention cher[, filière])."""
    columns = [*pricing.QUESTIONS, *pricing.INTENT_COLUMNS, "filiere"]
    return pd.DataFrame([(*row, None) if len(row) == 6 else row for row in rows], columns=columns)


# The four respondents of test_pricing (grid 1…8) with their intents (bon marché, cher) and the calibrated
# probability at their four prices (0 at trop bon marché and trop cher):
#   A (1, 2, 4, 6)  5, 3 → 0 .7 .3 0     at 1…8: 0  .7   .5  .3  .15   0     0     0
#   B (2, 3, 5, 7)  4, 2 → 0 .5 .1 0             0  0    .5  .3  .1    .05   0     0
#   C (1, 3, 4, 8)  5, 5 → 0 .7 .7 0             0  .35  .7  .7  .525  .35   .175  0
#   D (3, 4, 6, 8)  3, 1 → 0 .3 0  0             0  0    0   .3  .15   0     0     0
#   reach = mean                                 0 .2625 .425 .4 .23125 .1   .04375 0
#   revenue = price × reach                      0 .525 1.275 1.6 1.15625 .6 .30625 0
FOUR = answers((1, 2, 4, 6, 5, 3), (2, 3, 5, 7, 4, 2), (1, 3, 4, 8, 5, 5), (3, 4, 6, 8, 3, 1))
REACH = [0, 0.2625, 0.425, 0.4, 0.23125, 0.1, 0.04375, 0]
REVENUE = [0, 0.525, 1.275, 1.6, 1.15625, 0.6, 0.30625, 0]


@pytest.mark.parametrize("interpolate", [False, True])
def test_reach_and_revenue_at_each_grid_price(interpolate):
    intent = van_westendorp(FOUR, interpolate=interpolate).intent
    assert list(intent.table["price"]) == [1, 2, 3, 4, 5, 6, 7, 8]  # no segment where revenue peaks inside
    assert list(intent.table["reach"]) == pytest.approx(REACH)
    assert list(intent.table["revenue"]) == pytest.approx(REVENUE)
    assert (intent.price_optimal_reach, intent.price_optimal_revenue) == (3, 4)
    assert (intent.n, intent.n_without) == (4, 0)
    assert intent.reach_at(3.5) == pytest.approx((0.425 + 0.4) / 2)
    assert intent.reach_at(0.5) == 0 and intent.reach_at(20) == 0


def test_json_adds_the_optimal_prices_and_keeps_the_points():
    result = van_westendorp(FOUR, interpolate=False)
    out = result.to_json()
    assert {k: out[k] for k in ("opp", "idp", "pmc", "pme", "n_valid", "n_invalid")} == {
        "opp": 3, "idp": 4, "pmc": 2, "pme": 6, "n_valid": 4, "n_invalid": 0}  # unchanged by the intents
    assert (out["nms"], out["price_optimal_reach"], out["price_optimal_revenue"]) == (True, 3, 4)
    assert out["reach_optimal_reach"] == 0.425 and out["reach_optimal_revenue"] == 0.4
    assert out["calibration"] == {"5": 0.7, "4": 0.5, "3": 0.3, "2": 0.1, "1": 0.0, "trop_bon_marche": 0.0,
                                  "trop_cher": 0.0}


def test_revenue_peak_inside_a_segment_with_interpolation():
    # One respondent (10, 20, 30, 100), « certainement » twice: reach 0, .7, .7, 0 at 10, 20, 30, 100.
    # From 30 to 100 reach = .7 − .01 (p − 30): p × reach is highest at p = 50 (reach .5, revenue 25 > 21 at 30).
    # R, without interpolation: 30; with its 0,01 grid (interpolate = TRUE): 50.
    one = answers((10, 20, 30, 100, 5, 5))
    step = van_westendorp(one, interpolate=False).intent
    assert step.price_optimal_revenue == 30 and step.price_optimal_reach == 20
    smooth = van_westendorp(one).intent
    assert smooth.price_optimal_revenue == pytest.approx(50)
    assert smooth.reach_at(50) == pytest.approx(0.5)
    assert list(smooth.table["price"]) == pytest.approx([10, 20, 30, 50, 100])
    assert smooth.table["revenue"].max() == pytest.approx(25)


def test_calibration_is_adjustable_and_checked():
    # Everyone « certainement » = 1 instead of .7: A's probabilities at 1…8 become 0 1 .65 .3 .15 0 0 0, etc.
    calibration = Calibration(by_answer=(0, 0.1, 0.3, 0.5, 1.0))
    intent = van_westendorp(FOUR, interpolate=False, calibration=calibration).intent
    # At 3: A .65, B .5, C 1, D 0 → .5375; at 2: A 1, C .5 → .375.
    assert intent.reach_at(3) == pytest.approx(0.5375) and intent.reach_at(2) == pytest.approx(0.375)
    assert intent.calibration is calibration
    assert "5 → 1 ; 4 → 0,5" in calibration.describe()
    with pytest.raises(PricingError, match="entre 0 et 1"):
        Calibration(by_answer=(0, 0.1, 0.3, 0.5, 1.5))
    with pytest.raises(PricingError, match="5 valeurs attendues"):
        Calibration(by_answer=(0, 0.5, 1))
    # A probability at « trop cher » keeps buyers above their « cher » price.
    generous = van_westendorp(FOUR, interpolate=False, calibration=Calibration(too_expensive=0.2)).intent
    assert generous.reach_at(8) == pytest.approx((0.2 * 4) / 4)


def test_without_intent_columns_or_answers_there_is_no_purchase_intent():
    plain = FOUR.drop(columns=list(pricing.INTENT_COLUMNS))
    assert van_westendorp(plain).intent is None and van_westendorp(plain).to_json()["nms"] is False
    empty = FOUR.assign(intention_bon_marche=None, intention_cher=None)
    assert van_westendorp(empty).intent is None


def test_a_respondent_without_both_intents_is_left_out_of_the_reach_and_said():
    # D has no intent at « cher »: reach from A, B, C only; D still counts in the price curves.
    partial = FOUR.astype(object)
    partial.loc[3, "intention_cher"] = None
    result = van_westendorp(partial, interpolate=False)
    assert (result.intent.n, result.intent.n_without) == (3, 1)
    assert result.intent.reach_at(4) == pytest.approx((0.3 + 0.3 + 0.7) / 3)
    assert any("1 réponse(s) sans les deux intentions" in note for note in result.notes)
    assert result.opp == 3  # the price curves keep her


# --- weights by sector ----------------------------------------------------------------------------------

def test_sector_weights_share_of_territory_over_share_of_respondents():
    sectors = pd.Series(["hebergement"] * 3 + ["restauration"])
    weights = pricing.sector_weights(sectors, pd.Series({"hebergement": 50, "restauration": 50, "culture": 7}))
    assert weights.to_json() == {"hebergement": pytest.approx(2 / 3), "restauration": 2.0}
    assert weights.unrepresented == ("culture",)  # no respondent: its share cannot be brought back
    assert weights.unbalanced  # .75 of the answers for .5 of the territory
    assert list(weights.of(pd.Series(["restauration", "hebergement", None]))) == pytest.approx([2, 2 / 3, 1])
    assert weights.describe().startswith("Restauration × 2,00 ; Hébergement × 0,67")
    with pytest.raises(PricingError, match="aucune entreprise dans la base"):
        pricing.sector_weights(sectors, pd.Series({"hebergement": 50}))


# Two sectors: three hébergements answer low prices, one restaurant high ones, in a territory of 50 + 50.
#   H (10, 20, 30, 40), intents 4, 3 → at 10, 20, 30, 40, 60, 80: 0 .5 .3  0  0  0
#   R (20, 40, 60, 80), intents 5, 3 →                           0  0 .35 .7 .3  0
# Unweighted (3 H + R) / 4: reach 0 .375 .3125 .175 .075 0, revenue 0 7.5 9.375 7 4.5 0 → 20 and 30.
# Weighted, H × 2/3 and R × 2, so (H + R) / 2: reach 0 .25 .325 .35 .15 0, revenue 0 5 9.75 14 9 0 → 40 and 40.
TWO = answers(*[(10, 20, 30, 40, 4, 3, "hebergement")] * 3, (20, 40, 60, 80, 5, 3, "restauration"))
HALVES = pd.Series({"hebergement": 50, "restauration": 50})


@pytest.mark.parametrize("interpolate", [False, True])
def test_weights_move_the_optimal_prices_towards_the_under_represented_sector(interpolate):
    plain = van_westendorp(TWO, interpolate=interpolate)
    weighted = van_westendorp(TWO, interpolate=interpolate, territory=HALVES)
    assert list(plain.intent.table["reach"]) == pytest.approx([0, 0.375, 0.3125, 0.175, 0.075, 0])
    assert list(weighted.intent.table["reach"]) == pytest.approx([0, 0.25, 0.325, 0.35, 0.15, 0])
    assert list(weighted.intent.table["revenue"]) == pytest.approx([0, 5, 9.75, 14, 9, 0])
    assert (plain.intent.price_optimal_reach, plain.intent.price_optimal_revenue) == (20, 30)
    assert (weighted.intent.price_optimal_reach, weighted.intent.price_optimal_revenue) == (40, 40)
    # The price curves too: half of the weight says « bon marché » above 20 (the restaurant), not a quarter.
    assert list(weighted.curves["cheap"]) == pytest.approx([1, 0.5, 0.5, 0, 0, 0])
    assert list(plain.curves["cheap"]) == pytest.approx([1, 0.25, 0.25, 0, 0, 0])
    assert weighted.weighted and not plain.weighted
    assert weighted.to_json()["weights"] == {"hebergement": pytest.approx(2 / 3), "restauration": 2.0}
    shifts = dict((label, (before, after)) for label, before, after in pricing.weighting_shifts(weighted, plain))
    assert shifts["Prix qui rapporte le plus"] == (30, 40)
    if interpolate:  # OPP, IDP, PMC, PME by hand from the curves (crossings interpolated)
        assert (plain.opp, plain.idp, plain.pmc, plain.pme) == pytest.approx((20, 70 / 3, 12.5, 100 / 3), abs=1e-5)
        assert (weighted.opp, weighted.idp, weighted.pmc, weighted.pme) == (20, 30, 15, 40)


def test_sectors_in_proportion_give_the_unweighted_figures():
    proportional = pd.Series({"hebergement": 300, "restauration": 100})  # 3 : 1, as the respondents
    weighted = van_westendorp(TWO, territory=proportional)
    plain = van_westendorp(TWO)
    assert weighted.weights.to_json() == {"hebergement": 1.0, "restauration": 1.0}
    assert not weighted.weights.unbalanced
    pd.testing.assert_frame_equal(weighted.curves, plain.curves)
    pd.testing.assert_frame_equal(weighted.intent.table, plain.intent.table)
    assert weighted.figures() == plain.figures()


ordered_with_sectors = st.lists(
    st.tuples(st.integers(1, 50), st.integers(1, 50), st.integers(1, 50), st.integers(1, 50),
              st.integers(1, 5), st.integers(1, 5), st.sampled_from(["hebergement", "restauration", "loisirs"])).map(
        lambda t: (*(float(x) for x in np.cumsum(t[:4])), *t[4:])),
    min_size=1, max_size=25)


@given(ordered_with_sectors, st.integers(1, 9), st.booleans())
@settings(max_examples=120, deadline=None)
def test_any_sample_weighted_in_proportion_is_the_unweighted_analysis(rows, scale, interpolate):
    data = answers(*rows)
    territory = data["filiere"].value_counts() * scale
    weighted = van_westendorp(data, territory=territory, interpolate=interpolate)
    plain = van_westendorp(data, interpolate=interpolate)
    for name, value in plain.figures().items():
        assert weighted.figures()[name] == pytest.approx(value, abs=1e-9)
    assert plain.intent.table["reach"].min() >= 0 and plain.intent.table["reach"].max() <= 0.7


def test_gabor_granger_weighted_by_sector():
    # H1, H2, H3 (hébergement) say oui at 10 only; R1 (restauration) oui at 10 and 20. Territory 50 / 50.
    # Unweighted acceptance 1, .25 → revenue 10, 5 → best 10. Weighted (H × 2/3, R × 2): 1, .5 → 10, 10 → 10
    # (tie: the lower price); at 30 nobody. With R saying oui at 30 too: weighted .5 × 30 = 15 → best 30.
    rows = [(p, f, price, ok) for p, f, oks in (("H1", "hebergement", (1, 0, 0)), ("H2", "hebergement", (1, 0, 0)),
                                               ("H3", "hebergement", (1, 0, 0)), ("R1", "restauration", (1, 1, 1)))
            for price, ok in zip((10, 20, 30), oks, strict=True)]
    frame = pd.DataFrame(rows, columns=["partenaire_id", "filiere", "prix", "accepte"]).assign(
        accepte=lambda f: f["accepte"].astype(bool))
    plain = gabor_granger(frame)
    weighted = gabor_granger(frame, territory=HALVES)
    assert list(plain.table["acceptance"]) == [1, 0.25, 0.25]
    assert list(weighted.table["acceptance"]) == pytest.approx([1, 0.5, 0.5])
    assert list(weighted.table["accepted"]) == [4, 1, 1]  # still a count of « oui »
    assert (plain.best_price, weighted.best_price) == (10, 30)
    assert weighted.to_json()["weighted"] is True and plain.to_json()["weighted"] is False
    proportional = gabor_granger(frame, territory=pd.Series({"hebergement": 6, "restauration": 2}))
    assert list(proportional.table["acceptance"]) == list(plain.table["acceptance"])
