"""The Écoute charts as data: valid Vega-Lite, the figures and labels the director reads (hand-checked)."""

from __future__ import annotations

import pandas as pd
import pytest

from otmodel import charts
from otmodel.listening import charts as listening
from otmodel.listening.pricing import GaborGranger, PsmResult, gabor_granger, van_westendorp
from otmodel.listening.survey import Matrix
from tests.chartspec import assert_valid
from tests.unit.test_pricing import FOUR, GG

NNBSP = "\u202f"


def test_participation_two_bars_per_group_largest_first_with_shares_written():
    frame = pd.DataFrame({"libelle": ["Restauration", "Hébergement", "code_inconnu"],
                          "share_base": [0.25, 0.7, 0.05], "share_respondents": [0.5, 0.5, 0.0]})
    spec = listening.participation_chart(frame)
    assert_valid(spec)
    assert [(r["groupe"], r["serie"], r["part"], r["texte"]) for r in charts.values(spec)] == [
        ("Hébergement", "Part dans la base", 0.7, f"70{NNBSP}%"),
        ("Hébergement", "Part des répondants", 0.5, f"50{NNBSP}%"),
        ("Restauration", "Part dans la base", 0.25, f"25{NNBSP}%"),
        ("Restauration", "Part des répondants", 0.5, f"50{NNBSP}%"),
        ("code_inconnu", "Part dans la base", 0.05, f"5{NNBSP}%"),
        ("code_inconnu", "Part des répondants", 0.0, f"0{NNBSP}%")]
    assert spec["encoding"]["y"]["sort"] == ["Hébergement", "Restauration", "code_inconnu"]
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, pytest.approx(0.84)]  # room for the last label
    one = listening.participation_chart(frame.head(1))
    assert_valid(one)
    assert len(charts.values(one)) == 2
    assert_valid(listening.participation_chart(frame.head(0)))


def test_matrix_places_themes_thresholds_and_named_corners():
    themes = pd.DataFrame({"theme": ["Visibilité", "Photos", "Sans note"], "respondents": [12, 3, 1],
                           "importance": [4.5, 2.0, None], "satisfaction": [2.0, 4.0, 3.0],
                           "quadrant": ["priorite", "reorienter", "secondaire"]})
    spec = listening.matrix_chart(Matrix(themes, 3.0, 3.5))
    assert_valid(spec)
    assert charts.values(spec) == [  # a theme without a mean is not placed
        {"theme": "Visibilité", "satisfaction": 2.0, "importance": 4.5, "repondants": 12,
         "quadrant": "Priorités à traiter"},
        {"theme": "Photos", "satisfaction": 4.0, "importance": 2.0, "repondants": 3, "quadrant": "Effort à réorienter"}]
    rules = [layer["data"]["values"][0]["seuil"] for layer in spec["layer"][:2]]
    assert rules == [3.5, 3.0]  # satisfaction threshold (vertical), importance threshold (horizontal)
    # x: 2 to 4, pad max(.25, .24) → 1,75 to 4,25; y: 2 to 4,5, pad .3 → 1,7 to 4,8.
    assert spec["layer"][2]["encoding"]["x"]["scale"]["domain"] == pytest.approx([1.75, 4.25])
    assert spec["layer"][2]["encoding"]["y"]["scale"]["domain"] == pytest.approx([1.7, 4.8])
    corners = {layer["data"]["values"][0]["quadrant"]: (layer["mark"]["align"], layer["mark"]["baseline"])
               for layer in spec["layer"][4:]}
    assert corners == {"Priorités à traiter": ("left", "top"), "Points forts": ("right", "top"),
                       "Secondaire": ("left", "bottom"), "Effort à réorienter": ("right", "bottom")}
    empty = listening.matrix_chart(Matrix(themes.head(0), 3.0, 3.0))
    assert_valid(empty)
    assert charts.values(empty) == []


def test_psm_four_curves_the_acceptable_range_and_the_points_at_their_crossings():
    result = van_westendorp(FOUR)  # hand-checked in test_pricing: PMC 2, OPP 3, IDP 10/3, PME 5,5
    spec = listening.psm_chart(result)
    assert_valid(spec)
    lines = charts.values(spec)
    assert len(lines) == 4 * 8
    too_cheap = [(r["prix"], r["part"]) for r in lines if r["courbe"] == "Trop bon marché"]
    assert too_cheap == [(1, 0.5), (2, 0.25), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0)]
    band, label = (layer["data"]["values"][0] for layer in spec["layer"][:2])
    assert (band["debut"], band["fin"]) == (2, 5.5)
    assert label["texte"] == "Plage acceptable : 2 € à 5,50 €"
    points = spec["layer"][-1]["data"]["values"]
    # Heights: PMC on « trop bon marché » at 2 → 25 %; OPP at 3 → 0; IDP on « bon marché » between 3 (25 %) and
    # 4 (0) → 1/6; PME on « trop cher » between 5 (0) and 6 (25 %) → 12,5 %.
    assert [(p["legende"], p["prix"]) for p in points] == [
        ("Prix plancher (PMC) : 2 €", 2), ("Prix optimal (OPP) : 3 €", 3),
        ("Prix d'indifférence (IDP) : 3,33 €", pytest.approx(10 / 3)), ("Prix plafond (PME) : 5,50 €", 5.5)]
    assert [p["part"] for p in points] == pytest.approx([0.25, 0, 1 / 6, 0.125])
    assert spec["layer"][2]["mark"]["interpolate"] == "linear"
    assert listening.psm_chart(van_westendorp(FOUR, interpolate=False))["layer"][2]["mark"]["interpolate"] == (
        "step-after")


def test_psm_without_crossings_draws_the_curves_only():
    curves = pd.DataFrame({"price": [10.0], "too_cheap": [0.0], "cheap": [1.0], "expensive": [0.0],
                           "too_expensive": [0.0], "not_cheap": [0.0], "not_expensive": [1.0]})
    spec = listening.psm_chart(PsmResult(1, 0, "original", True, curves, None, None, None, None))
    assert_valid(spec)
    assert len(spec["layer"]) == 1 and len(charts.values(spec)) == 4


def test_gabor_granger_bars_labels_best_price_and_revenue_line():
    spec = listening.gabor_granger_chart(gabor_granger(GG))  # acceptance 1, .75, .25; revenue 10, 15, 7,5
    assert_valid(spec)
    assert [(r["prix"], r["texte"], r["recettes"], r["serie"]) for r in charts.values(spec)] == [
        ("10 €", f"100{NNBSP}%", 10, "Acceptation (part qui achèterait)"),
        ("20 €", f"75{NNBSP}%", 15, "Prix qui maximise les recettes"),
        ("30 €", f"25{NNBSP}%", 7.5, "Acceptation (part qui achèterait)")]
    assert spec["encoding"]["x"]["sort"] == ["10 €", "20 €", "30 €"]  # by price, not alphabetically
    line = spec["layer"][1]["encoding"]
    assert (line["y"]["axis"]["format"], line["color"]["datum"]) == (charts.EUROS,
                                                                     "Recettes par répondant (prix × acceptation)")
    none = GaborGranger(pd.DataFrame({"price": [10.0, 20.0], "n": [2, 2], "accepted": [0, 0],
                                      "acceptance": [0.0, 0.0], "revenue": [0.0, 0.0]}), [None], 10.0)
    assert_valid(listening.gabor_granger_chart(none))
