"""The Écoute charts as data: drawable Plotly figures, the figures and labels the director reads (hand-checked)."""

from __future__ import annotations

import pandas as pd
import pytest

from otmodel import charts
from otmodel.listening import charts as listening
from otmodel.listening.pricing import GaborGranger, PsmResult, gabor_granger, van_westendorp
from otmodel.listening.survey import Matrix
from tests.chartspec import assert_drawable, named, shapes, ticks, written
from tests.unit.test_pricing import FOUR, GG

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


def test_psm_four_curves_the_acceptable_range_and_the_points_at_their_crossings():
    result = van_westendorp(FOUR)  # hand-checked in test_pricing: PMC 2, OPP 3, IDP 10/3, PME 5,5
    fig = assert_drawable(listening.psm_chart(result))
    too_cheap = named(fig, "Trop bon marché")
    assert list(zip(too_cheap["x"], too_cheap["y"], strict=True)) == [(1, 50), (2, 25), (3, 0), (4, 0), (5, 0),
                                                                      (6, 0), (7, 0), (8, 0)]
    assert too_cheap["line"]["dash"] == "dot" and too_cheap["line"]["shape"] == "linear"
    assert too_cheap["customdata"][0] == ["Trop bon marché", "1,00 €", f"50{NNBSP}%"]
    (band,) = shapes(fig, "plage acceptable")
    assert (band["x0"], band["x1"]) == (2, 5.5)
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["Plage acceptable : 2 € à 5,50 €"]
    # Heights: PMC on « trop bon marché » at 2 → 25 %; OPP at 3 → 0; IDP on « bon marché » between 3 (25 %) and
    # 4 (0) → 1/6; PME on « trop cher » between 5 (0) and 6 (25 %) → 12,5 %.
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    assert [(p["name"], p["x"][0]) for p in points] == [
        ("Prix plancher (PMC) : 2 €", 2), ("Prix optimal (OPP) : 3 €", 3),
        ("Prix d'indifférence (IDP) : 3,33 €", pytest.approx(10 / 3)), ("Prix plafond (PME) : 5,50 €", 5.5)]
    assert [p["y"][0] for p in points] == pytest.approx([25, 0, 100 / 6, 12.5])
    steps = assert_drawable(listening.psm_chart(van_westendorp(FOUR, interpolate=False)))
    assert named(steps, "Trop bon marché")["line"]["shape"] == "hv"


def test_psm_without_crossings_draws_the_curves_only():
    curves = pd.DataFrame({"price": [10.0], "too_cheap": [0.0], "cheap": [1.0], "expensive": [0.0],
                           "too_expensive": [0.0], "not_cheap": [0.0], "not_expensive": [1.0]})
    fig = assert_drawable(listening.psm_chart(PsmResult(1, 0, "original", True, curves, None, None, None, None)))
    assert [t["name"] for t in fig["data"]] == ["Trop bon marché", "Bon marché", "Cher", "Trop cher"]
    assert "shapes" not in fig["layout"]


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
