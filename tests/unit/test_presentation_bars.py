"""The story's bars drawn on the page (bars.to_vega): valid Vega-Lite, every bar labelled after it (or after the
target line), the value axis stretched to leave room for those labels, the kinds told apart without colour."""

from __future__ import annotations

import pytest

from otmodel.charts import SAFE_COLORS
from otmodel.presentation import bars
from tests.chartspec import assert_valid


def rows(chart: bars.BarChart) -> list[dict]:
    spec = bars.to_vega(chart)
    assert_valid(spec)
    return spec["data"]["values"]


def layer(spec: dict, mark: str, field: str) -> dict:
    """The layer drawing `mark` whose x (or text) reads `field`."""
    def reads(item: dict) -> tuple:
        return item["encoding"].get("x", {}).get("field"), item["encoding"].get("text", {}).get("field")

    return next(item for item in spec["layer"] if item["mark"]["type"] == mark and field in reads(item))


def test_a_chart_with_a_target_labels_each_bar_after_it_or_after_the_target():
    chart = bars.BarChart("Face à l'objectif", (bars.Bar("Situation actuelle", 600, "600 €", "current"),
                                                bars.Bar("Pack", 1200, "1 200 €", "reached")),
                          target=1000, target_label="Objectif 1 000 €")
    found = rows(chart)
    # The short bar's label starts at the target line (1 000), the long one's at its end (1 200).
    assert [(r["nom"], r["valeur"], r["texte"], r["position"], r["type"]) for r in found] == [
        ("Situation actuelle", 600, "600 €", 1000, "current"), ("Pack", 1200, "1 200 €", 1200, "reached")]
    assert {(r["objectif"], r["objectif_texte"]) for r in found} == {(1000, "Objectif 1 000 €")}
    # Room on the right: « 1 200 € » (7 characters) needs (7 × 12,5 + 12) / 640 = 15,55 % of the plot after
    # 1 200, the axis starting at 0: end = 1 200 / (1 − 0,1555) = 1 420,97…
    assert found[0]["debut"] == 0 and found[0]["fin"] == pytest.approx(1200 / (1 - 99.5 / 640))
    spec = bars.to_vega(chart)
    target = layer(spec, "rule", "objectif")
    assert target["mark"]["strokeDash"] and target["transform"] == [{"filter": "datum.rang === 0"}]
    named = layer(spec, "text", "objectif_texte")
    assert named["encoding"]["y"] == {"value": 0} and named["mark"]["baseline"] == "bottom"  # at the top


def test_a_chart_without_target_has_no_target_line_and_labels_after_each_bar():
    chart = bars.BarChart("Les services par sphère", (bars.Bar("Service public", 5, "5 services · gratuits"),
                                                      bars.Bar("Premium", 3, "3 services")))
    found = rows(chart)
    assert [(r["categorie"], r["position"], r["texte"]) for r in found] == [
        ("Service public", 5, "5 services · gratuits"), ("Premium", 3, "3 services")]
    assert all("objectif" not in r for r in found)
    spec = bars.to_vega(chart)
    assert not any("objectif" in str(item["encoding"]) for item in spec["layer"])
    # « 5 services · gratuits » (21 characters, one line): 274,5 px of 640 after 5 → end = 5 / (1 − 0,4289…).
    assert found[0]["fin"] == pytest.approx(5 / (1 - 274.5 / 640))


def test_negative_values_start_the_axis_left_of_zero_and_keep_labels_right_of_zero():
    chart = bars.BarChart("Recettes, coûts et résultat", (bars.Bar("Recettes", 650, "650 €", "neutral"),
                                                          bars.Bar("Résultat", -50, "−50 €", "missed")),
                          target=1000, target_label="Objectif 1 000 €")
    found = rows(chart)
    assert [r["position"] for r in found] == [1000, 1000]  # both stop short of the target
    assert found[0]["debut"] == pytest.approx(-57.5)  # −50 × 1,15: the negative bar is drawn whole
    # « 650 € » (5 characters): 74,5 px of 640 after 1 000, from −57,5 → end = (1 000 + 0,1164 × 57,5) / 0,8836.
    share = 74.5 / 640
    assert found[0]["fin"] == pytest.approx((1000 + share * 57.5) / (1 - share))


def test_a_long_name_is_wrapped_and_a_long_text_goes_on_two_lines():
    name = "Objectif atteint : packs revalorisés et prix ajustés"
    chart = bars.BarChart("t", (bars.Bar(name, 201076, "201 076 € · objectif atteint (+1 076 €)", "reached"),
                                bars.Bar("Atelier", 10, "10 €", "missed")), target=200000, target_label="Objectif")
    found = rows(chart)
    assert found[0]["nom"] == name  # as typed, for anything that reads the rows
    assert found[0]["categorie"] == "Objectif atteint : packs\nrevalorisés et prix ajustés"
    assert found[0]["texte"] == "201 076 €\nobjectif atteint (+1 076 €)"
    assert found[1]["texte"] == "10 €"  # short: one line
    spec = bars.to_vega(chart)
    assert spec["height"] == 96 * 2 + 48  # two lines a bar (30 px each + 36 px of air), the target's label above


def test_missed_bars_are_striped_and_the_current_situation_dotted():
    spec = bars.to_vega(bars.BarChart("t", (bars.Bar("A", 1, "1", "missed"),)))
    bar = next(item for item in spec["layer"] if item["mark"]["type"] == "bar")["encoding"]
    fill = bar["color"]["condition"]
    assert fill["test"] == "datum.type === 'missed'"
    colours = [stop["color"] for stop in fill["value"]["stops"]]
    assert set(colours) == {SAFE_COLORS["missed"], "#ffffff"} and colours.count("#ffffff") == 2 * bars.STRIPES
    assert bar["color"]["scale"]["range"] == [SAFE_COLORS[kind] for kind in bars.KINDS]
    assert bar["strokeDash"]["condition"] == {"test": "datum.type === 'current'", "value": [0.5, 7]}


def test_the_same_name_twice_keeps_two_rows_and_an_empty_chart_is_valid():
    found = rows(bars.BarChart("t", (bars.Bar("A", 1, "1"), bars.Bar("A", 2, "2"))))
    assert [r["nom"] for r in found] == ["A", "A"] and found[0]["categorie"] != found[1]["categorie"]
    assert rows(bars.BarChart("t", ())) == []
    assert rows(bars.BarChart("t", (bars.Bar("Seul", 0, "0 €"),), target=0, target_label="Objectif 0 €"))[0][
        "fin"] > 0
