"""The Suivi page's figure as data (fig.to_dict()), on the hand-checked follow-up of tests/unit/test_followup.py:
at 31/03/2026, PACK 500 € planned, 250 € to date, 333 € projected; PHOTO 270 / 120 / 160; NEW 160 / 0 / 0 and
behind plan; WEB brings no revenue and is left out."""

from __future__ import annotations

import datetime as dt

import pytest

from otmodel import charts as house
from otmodel.followup import charts, progress
from tests.chartspec import assert_drawable, named, written
from tests.unit.test_followup import DATED_2025, imported, planned  # noqa: F401  (a fixture)

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture
def found(planned):  # noqa: F811
    imported(planned, DATED_2025)
    return progress.follow(planned, as_of=AS_OF)


def test_the_rows_are_the_offers_that_bring_revenue_largest_plan_first(found):
    rows = charts.progress_rows(found.offers)
    assert [(r["name"], r["planned"], r["actual"], r["behind"]) for r in rows] == [
        ("Pack hébergement", 500, 250, False), ("Photos", 270, 120, False), ("Club commerces", 160, 0, True)]
    assert [r["projected"] for r in rows] == pytest.approx([1000 / 3, 160, 0])  # NEW: 3/4 expected, none came


def test_the_figure_draws_plan_to_date_and_projection(found):
    data = assert_drawable(charts.progress_chart(found.offers, AS_OF))
    assert named(data, "Prévu")["x"] == [500, 270, 160]
    assert named(data, "À date")["x"] == [250, 120, 0]
    assert "Au 31/03/2026 : %{customdata[2]}" in named(data, "À date")["hovertemplate"]  # the date, on hover
    assert named(data, "Projeté")["x"] == pytest.approx([1000 / 3, 160])
    assert named(data, "Projeté")["marker"]["color"] == house.SKY_BLUE
    # Behind plan: vermillion and hatched, so that it reads in black and white too, with a legend of its own.
    late = named(data, "En retard")
    assert (late["x"], late["y"]) == ([0], [2 + 0.27])  # the third offer's third bar
    assert late["marker"]["color"] == house.SAFE_COLORS["missed"]
    assert late["marker"]["pattern"]["shape"] == [house.HATCH]
    assert named(data, "Projeté")["marker"]["pattern"]["shape"] == ["", ""]
    assert written(named(data, "textes")) == ["333 €", "160 €", "0 €"]
    assert late["customdata"] == [["Club commerces", "160 €", "0 €", "0 €", "en retard sur le plan"]]
    assert data["layout"]["yaxis"]["ticktext"] == ["Pack hébergement", "Photos", "Club commerces"]
    assert data["layout"]["meta"]["nom"] == "Suivi des recettes par offre"


def test_no_offer_behind_no_legend_for_it(found):
    on_plan = found.offers.assign(behind=False)
    data = assert_drawable(charts.progress_chart(on_plan, AS_OF))
    assert [trace["name"] for trace in data["data"]] == ["Prévu", "À date", "Projeté", "textes"]


def test_names_stay_text(found):
    offers = found.offers.assign(name=found.offers["name"].replace("Photos", "<a href='x'>Photos</a> & Cie"))
    data = assert_drawable(charts.progress_chart(offers, AS_OF))
    assert "&lt;a href='x'&gt;Photos&lt;/a&gt; &amp; Cie" in data["layout"]["yaxis"]["ticktext"]
