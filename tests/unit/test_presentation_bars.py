"""The story's bars drawn on the page (bars.to_plotly): a drawable Plotly figure, every bar labelled after it (or
after the target line), the value axis stretched to leave room for those labels, the kinds told apart without
colour."""

from __future__ import annotations

import pytest

from otmodel.charts import BLUE, GREY, HATCH, SAFE_COLORS
from otmodel.presentation import bars
from tests.chartspec import assert_drawable, named, shapes, ticks, written


def share(characters: int) -> float:
    """The share of a 640 px plot taken by a text of that many characters in 24 px type (charts.axis_end)."""
    return (0.52 * 24 * characters + 24) / 640


def test_a_chart_with_a_target_labels_each_bar_after_it_or_after_the_target():
    chart = bars.BarChart("Face à l'objectif", (bars.Bar("Situation actuelle", 600, "600 €", "current"),
                                                bars.Bar("Pack", 1200, "1 200 €", "reached")),
                          target=1000, target_label="Objectif 1 000 €")
    fig = assert_drawable(bars.to_plotly(chart))
    drawn = named(fig, "barres")
    assert (drawn["x"], drawn["y"], drawn["marker"]["color"]) == ([600, 1200], [0, 1], [GREY, BLUE])
    assert ticks(fig) == ["Situation actuelle", "Pack"]
    # The short bar's label starts at the target line (1 000), the long one's at its end (1 200).
    labels = named(fig, "textes")
    assert (labels["x"], written(labels)) == ([1000, 1200], ["600 €", "1 200 €"])
    # Room on the right: « 1 200 € » (7 characters) needs (7 × 12,48 + 24) / 640 = 17,4 % of the plot after
    # 1 200, the axis starting at 0: end = 1 200 / (1 − 0,174).
    assert fig["layout"]["xaxis"]["range"] == [0, pytest.approx(1200 / (1 - share(7)))]
    assert fig["layout"]["xaxis"]["visible"] is False  # every bar carries its figure
    (line,) = shapes(fig, "objectif")
    assert (line["x0"], line["line"]["dash"], line["yref"]) == (1000, "dash", "paper")
    (named_at_top,) = fig["layout"]["annotations"]
    assert (named_at_top["text"], named_at_top["y"], named_at_top["yanchor"]) == ("<b>Objectif 1 000 €</b>", 1,
                                                                                  "bottom")
    assert fig["layout"]["meta"]["nom"] == "Face à l'objectif"  # the PNG's name


def test_a_chart_without_target_has_no_target_line_and_labels_after_each_bar():
    chart = bars.BarChart("Les services par sphère", (bars.Bar("Service public", 5, "5 services · gratuits"),
                                                      bars.Bar("Premium", 3, "3 services")))
    fig = assert_drawable(bars.to_plotly(chart))
    labels = named(fig, "textes")
    assert (labels["x"], written(labels)) == ([5, 3], ["5 services · gratuits", "3 services"])
    assert not shapes(fig, "objectif") and "annotations" not in fig["layout"]
    # « 5 services · gratuits » (21 characters, one line): 44,7 % of the plot after 5.
    assert fig["layout"]["xaxis"]["range"] == [0, pytest.approx(5 / (1 - share(21)))]


def test_negative_values_start_the_axis_left_of_zero_and_keep_labels_right_of_zero():
    chart = bars.BarChart("Recettes, coûts et résultat", (bars.Bar("Recettes", 650, "650 €", "neutral"),
                                                          bars.Bar("Résultat", -50, "−50 €", "missed")),
                          target=1000, target_label="Objectif 1 000 €")
    fig = assert_drawable(bars.to_plotly(chart))
    assert named(fig, "textes")["x"] == [1000, 1000]  # both stop short of the target
    # From −50 × 1,15 = −57,5 (the negative bar drawn whole); « 650 € » (5 characters) after 1 000.
    assert fig["layout"]["xaxis"]["range"] == [pytest.approx(-57.5),
                                               pytest.approx((1000 + share(5) * 57.5) / (1 - share(5)))]


def test_a_long_name_is_wrapped_and_a_long_text_goes_on_two_lines():
    name = "Objectif atteint : packs revalorisés et prix ajustés"
    chart = bars.BarChart("t", (bars.Bar(name, 201076, "201 076 € · objectif atteint (+1 076 €)", "reached"),
                                bars.Bar("Atelier", 10, "10 €", "missed")), target=200000, target_label="Objectif")
    fig = assert_drawable(bars.to_plotly(chart))
    assert named(fig, "barres")["customdata"][0] == [name, "201 076 € · objectif atteint (+1 076 €)"]  # as typed
    assert ticks(fig) == ["Objectif atteint : packs<br>revalorisés et prix ajustés", "Atelier"]
    assert written(named(fig, "textes")) == ["201 076 €<br>objectif atteint (+1 076 €)", "10 €"]  # short: one line
    assert fig["layout"]["height"] == 96 * 2 + 96  # two lines a bar (30 px each + 36 px of air), the target above


def test_missed_bars_are_hatched_and_the_current_situation_dotted():
    fig = assert_drawable(bars.to_plotly(bars.BarChart("t", (bars.Bar("A", 1, "1", "missed"),
                                                              bars.Bar("B", 2, "2", "current")))))
    drawn = named(fig, "barres")
    assert drawn["marker"]["color"] == [SAFE_COLORS["missed"], SAFE_COLORS["current"]]
    assert drawn["marker"]["pattern"]["shape"] == [HATCH, ""]
    (outline,) = shapes(fig, "actuel")
    assert (outline["x0"], outline["x1"], outline["y0"], outline["y1"]) == (0, 2, 0.7, 1.3)
    assert outline["line"]["dash"] == "dot"


def test_the_same_name_twice_keeps_two_rows_and_an_empty_chart_is_drawable():
    fig = assert_drawable(bars.to_plotly(bars.BarChart("t", (bars.Bar("A", 1, "1"), bars.Bar("A", 2, "2")))))
    assert (named(fig, "barres")["y"], ticks(fig)) == ([0, 1], ["A", "A"])
    assert named(assert_drawable(bars.to_plotly(bars.BarChart("t", ()))), "barres")["x"] == []
    zero = assert_drawable(bars.to_plotly(bars.BarChart("t", (bars.Bar("Seul", 0, "0 €"),), target=0,
                                                        target_label="Objectif 0 €")))
    assert zero["layout"]["xaxis"]["range"][1] > 0
