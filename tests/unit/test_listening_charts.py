"""The Écoute charts as data: drawable Plotly figures, the figures and labels the director reads (hand-checked)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from otmodel import charts
from otmodel.listening import charts as listening
from otmodel.listening.pricing import GaborGranger, PsmResult, gabor_granger, van_westendorp
from otmodel.listening.survey import Matrix
from tests.chartspec import assert_drawable, named, shapes, ticks, written
from tests.unit.test_pricing import FOUR, GG
from tests.unit.test_pricing_intent import FOUR as INTENT_FOUR
from tests.unit.test_pricing_intent import answers as answers_with_intent

NNBSP = "\u202f"


def test_participation_two_bars_per_group_largest_first_with_shares_written():
    frame = pd.DataFrame({"libelle": ["Restauration", "Hébergement", "code_inconnu"],
                          "share_base": [0.25, 0.7, 0.05], "share_respondents": [0.5, 0.5, 0.0]})
    fig = assert_drawable(listening.participation_chart(frame))
    assert ticks(fig) == ["Hébergement", "Restauration", "code_inconnu"]  # a code the vocabulary lacks, as stored
    base, answered = named(fig, "Part dans la base"), named(fig, "Part des répondants")
    assert (base["x"], base["y"]) == ([70, 25, 5], [-0.19, 0.81, 1.81])  # in %, above the middle of its row
    assert (answered["x"], answered["y"]) == ([50, 50, 0], [0.19, 1.19, 2.19])
    assert base["customdata"][0] == ["Hébergement", f"70{NNBSP}%"]
    assert written(fig["data"][1]) == [f"70{NNBSP}%", f"25{NNBSP}%", f"5{NNBSP}%"]
    assert fig["layout"]["xaxis"]["range"] == [0, pytest.approx(84)]  # room for the last label
    assert len(named(assert_drawable(listening.participation_chart(frame.head(1))), "Part dans la base")["x"]) == 1
    assert_drawable(listening.participation_chart(frame.head(0)))


def test_matrix_places_themes_thresholds_and_named_corners():
    themes = pd.DataFrame({"theme": ["Visibilité", "Photos", "Sans note"], "respondents": [12, 3, 1],
                           "importance": [4.5, 2.0, None], "satisfaction": [2.0, 4.0, 3.0],
                           "quadrant": ["priorite", "reorienter", "secondaire"]})
    fig = assert_drawable(listening.matrix_chart(Matrix(themes, 3.0, 3.5)))
    priorities = named(fig, "Priorités à traiter")
    assert (priorities["x"], priorities["y"], priorities["text"]) == ([2.0], [4.5], ["Visibilité"])
    assert priorities["marker"]["symbol"] == "diamond"  # told apart in black and white by the symbol
    assert priorities["customdata"] == [["Visibilité", "4,50", "2,00", "12", "Priorités à traiter"]]
    assert named(fig, "Effort à réorienter")["text"] == ["Photos"]
    assert named(fig, "Secondaire")["x"] == []  # a theme without a mean is not placed
    assert [s["x0"] for s in shapes(fig, "seuil de satisfaction")] == [3.5]
    assert [s["y0"] for s in shapes(fig, "seuil d'importance")] == [3.0]
    # x: 2 to 4, pad max(.25, .24) → 1,75 to 4,25; y: 2 to 4,5, pad .3 → 1,7 to 4,8.
    assert fig["layout"]["xaxis"]["range"] == pytest.approx([1.75, 4.25])
    assert fig["layout"]["yaxis"]["range"] == pytest.approx([1.7, 4.8])
    corners = {a["text"]: (a["xanchor"], a["yanchor"]) for a in fig["layout"]["annotations"]}
    assert corners == {"<b>Priorités à traiter</b>": ("left", "top"), "<b>Points forts</b>": ("right", "top"),
                       "<b>Secondaire</b>": ("left", "bottom"), "<b>Effort à réorienter</b>": ("right", "bottom")}
    assert_drawable(listening.matrix_chart(Matrix(themes.head(0), 3.0, 3.0)))


def drawn_value(trace: dict, x: float) -> float:
    """The height of a drawn line at x: straight segments, or steps (« hv ») held until the next price."""
    xs, ys = trace["x"], trace["y"]
    if trace["line"].get("shape") == "hv":
        return ys[max(i for i, value in enumerate(xs) if value <= x)]
    return float(np.interp(x, xs, ys))


def on_line(trace: dict, x: float, y: float) -> bool:
    """(x, y) lies on the line as drawn (on a step's vertical jump too)."""
    if abs(drawn_value(trace, x) - y) < 1e-3:
        return True
    if trace["line"].get("shape") == "hv" and x in trace["x"]:
        i = trace["x"].index(x)
        before = trace["y"][max(i - 1, 0)]
        return min(before, trace["y"][i]) - 1e-3 <= y <= max(before, trace["y"][i]) + 1e-3
    return False


def test_psm_draws_rs_four_curves_and_each_point_where_two_of_them_cross():
    result = van_westendorp(FOUR)  # hand-checked in test_pricing: PMC 2, OPP 3, IDP 10/3, PME 5,5
    fig = assert_drawable(listening.psm_chart(result))
    lines = [t for t in fig["data"] if t.get("mode") == "lines"]
    assert [t["name"] for t in lines] == ["Trop bon marché", "Pas bon marché", "Pas cher", "Trop cher"]
    too_cheap, not_cheap = named(fig, "Trop bon marché"), named(fig, "Pas bon marché")
    assert list(zip(too_cheap["x"], too_cheap["y"], strict=True)) == [(1, 50), (2, 25), (3, 0), (4, 0), (5, 0),
                                                                      (6, 0), (7, 0), (8, 0)]
    assert not_cheap["y"] == [0, 25, 75, 100, 100, 100, 100, 100]
    assert too_cheap["line"]["dash"] == "dot" and too_cheap["line"]["shape"] == "linear"
    assert not_cheap["line"]["dash"] == "solid"
    assert too_cheap["customdata"][0] == ["Trop bon marché", "1,00 €", f"50{NNBSP}%"]
    (band,) = shapes(fig, "plage acceptable")
    assert (band["x0"], band["x1"]) == (2, 5.5)
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["Plage acceptable : 2 € à 5,50 €"]
    # PMC: trop bon marché × pas bon marché at 2 (25 %); OPP: trop bon marché × trop cher at 3 (0);
    # IDP: pas bon marché × pas cher at 10/3 (5/6); PME: pas cher × trop cher at 5,5 (12,5 %).
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    assert [(p["name"], p["x"][0]) for p in points] == [
        ("Prix plancher : 2 €", 2), ("Prix optimal : 3 €", 3),
        ("Prix d'indifférence : 3,33 €", pytest.approx(10 / 3)), ("Prix plafond : 5,50 €", 5.5)]
    assert [p["y"][0] for p in points] == pytest.approx([25, 0, 500 / 6, 12.5])
    assert points[2]["customdata"] == [["Prix d'indifférence", "3,33 €", "pas bon marché × pas cher"]]


@pytest.mark.parametrize("definition", ["original", "narrower"])
@pytest.mark.parametrize("interpolate", [True, False])
def test_psm_each_marker_sits_on_two_drawn_curves(definition, interpolate):
    fig = assert_drawable(listening.psm_chart(van_westendorp(FOUR, definition=definition, interpolate=interpolate)))
    lines = [t for t in fig["data"] if t.get("mode") == "lines"]
    expected = {"original": ["Trop bon marché", "Pas bon marché", "Pas cher", "Trop cher"],
                "narrower": ["Trop bon marché", "Bon marché", "Cher", "Trop cher"]}[definition]
    assert [t["name"] for t in lines] == expected
    assert {t["line"]["shape"] for t in lines} == {"linear" if interpolate else "hv"}
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    assert len(points) == 4
    for point in points:
        x, y = point["x"][0], point["y"][0]
        crossing = [t["name"] for t in lines if on_line(t, x, y)]
        assert len(crossing) >= 2, (point["name"], crossing)


def test_psm_without_crossings_draws_the_curves_only():
    curves = pd.DataFrame({"price": [10.0], "too_cheap": [0.0], "cheap": [1.0], "expensive": [0.0],
                           "too_expensive": [0.0], "not_cheap": [0.0], "not_expensive": [1.0]})
    fig = assert_drawable(listening.psm_chart(PsmResult(1, 0, "original", True, curves, None, None, None, None)))
    assert [t["name"] for t in fig["data"]] == ["Trop bon marché", "Pas bon marché", "Pas cher", "Trop cher"]
    assert "shapes" not in fig["layout"]


def test_purchase_intent_reach_and_revenue_with_both_optimal_prices_on_their_curves():
    # test_pricing_intent: reach 0 .2625 .425 .4 .23125 .1 .04375 0 at 1…8, revenue highest at 4 (1,6).
    intent = van_westendorp(INTENT_FOUR, interpolate=False).intent
    fig = assert_drawable(listening.purchase_intent_chart(intent))
    reach = named(fig, "Portée (part qui achèterait)")
    revenue = named(fig, "Recettes par répondant (prix × portée)")
    assert reach["x"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert reach["y"] == pytest.approx([0, 26.25, 42.5, 40, 23.125, 10, 4.375, 0])
    assert revenue["y"] == pytest.approx([0, 0.525, 1.275, 1.6, 1.15625, 0.6, 0.30625, 0])
    assert (reach.get("yaxis", "y"), revenue["yaxis"]) == ("y", "y2")
    at_reach = named(fig, "Prix qui touche le plus de partenaires : 3 €")
    at_revenue = named(fig, "Prix qui rapporte le plus : 4 €")
    assert (at_reach["x"], at_reach["y"]) == ([3], [pytest.approx(42.5)])
    assert (at_revenue["x"], at_revenue["y"], at_revenue["yaxis"]) == ([4], [pytest.approx(1.6)], "y2")
    assert on_line(reach, 3, at_reach["y"][0]) and on_line(revenue, 4, at_revenue["y"][0])
    assert at_revenue["customdata"] == [["Prix qui rapporte le plus", "4 €", f"40{NNBSP}%"]]
    assert revenue["customdata"][3] == ["4,00 €", f"40{NNBSP}%", "1,60 €"]
    # With interpolation, a revenue top inside a segment is a point of the drawn curve (test_pricing_intent: 50).
    one = van_westendorp(answers_with_intent((10, 20, 30, 100, 5, 5))).intent
    fig = assert_drawable(listening.purchase_intent_chart(one))
    top = named(fig, "Prix qui rapporte le plus : 50 €")
    revenue = named(fig, "Recettes par répondant (prix × portée)")
    assert on_line(revenue, 50, top["y"][0]) and top["y"][0] == pytest.approx(25)


def test_gabor_granger_bars_labels_best_price_and_revenue_line():
    fig = assert_drawable(listening.gabor_granger_chart(gabor_granger(GG)))  # acceptance 1, .75, .25
    assert ticks(fig, "xaxis") == ["10 €", "20 €", "30 €"]  # by price, not alphabetically
    accepted = named(fig, "Acceptation (part qui achèterait)")
    best = named(fig, "Prix qui maximise les recettes")
    assert (accepted["x"], accepted["y"], accepted["text"]) == ([0, 2], [100, 25], [f"100{NNBSP}%", f"25{NNBSP}%"])
    assert (best["x"], best["y"], best["marker"]["color"]) == ([1], [75], charts.BLUE)
    income = named(fig, "Recettes par répondant (prix × acceptation)")
    assert (income["y"], income["yaxis"]) == ([10, 15, 7.5], "y2")  # revenue 10, 15, 7,5 on the right axis
    assert best["customdata"] == [["20 €", f"75{NNBSP}%", "15 €"]]
    assert fig["layout"]["yaxis2"]["range"] == [0, 22.5]
    none = GaborGranger(pd.DataFrame({"price": [10.0, 20.0], "n": [2, 2], "accepted": [0, 0],
                                      "acceptance": [0.0, 0.0], "revenue": [0.0, 0.0]}), [None], 10.0)
    assert_drawable(listening.gabor_granger_chart(none))
