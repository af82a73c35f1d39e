"""Ranges as the Scénarios page edits them (otmodel.scenarios.uncertainty) and the spec helpers that must keep
them when a likely value is typed elsewhere (assumptions, offers table)."""

from __future__ import annotations

import pytest

from otmodel.model import engine
from otmodel.model.scenario import ScenarioError, parse_scenario
from otmodel.scenarios import tables, uncertainty
from otmodel.scenarios.working import assumption_values, trajectory_values, with_assumptions, with_trajectory


@pytest.mark.parametrize(("text", "bounds"), [
    ("0,3 à 0,7", (0.3, 0.7)), ("0.3 - 0.7", (0.3, 0.7)), ("0,3–0,7", (0.3, 0.7)), ("200 € à 260 €", (200, 260)),
    ("20 % à 50 %", (0.2, 0.5)), ("1\u202f200 à 1\u202f500", (1200, 1500)), ("  ", None), ("", None),
])
def test_ranges_typed_the_french_way(text, bounds):
    assert uncertainty.parse_range_text(text, "Élasticité-prix") == bounds


@pytest.mark.parametrize("text", ["abc", "0,3", "0,3 à 0,5 à 0,7", "-1 à 2", "0,3 à x"])
def test_what_is_not_a_range_is_refused_naming_the_input(text):
    with pytest.raises(ScenarioError, match="« Élasticité-prix »"):
        uncertainty.parse_range_text(text, "Élasticité-prix")


def test_rows_ranges_and_suggestions(small_con):
    facts = engine.load_facts(small_con)
    spec = {"assumptions": {"elasticity": {"default": 0.5, "hebergement": 0.4}},
            "offers": {"PHOTO": {"mode": "paid", "price": 200}, "WEB": {"mode": "free"},
                       "NEW": {"mode": "paid", "price": 80, "expected_subscribers": 5}}}
    rows = {row.name: row for row in uncertainty.range_rows(facts, spec)}
    assert list(rows) == ["Élasticité-prix (autres filières)", "Élasticité-prix — Hébergement",
                          "Conversion gratuit → payant", "Effet gratuité", "Coût horaire", "Prix — Photos",
                          "Prix — Club commerces", "Abonnés attendus — Club commerces"]
    assert rows["Coût horaire"].likely == 40 and rows["Prix — Photos"].suggestion == (180, 220)
    spec = uncertainty.with_range(spec, rows["Prix — Photos"], (150, 260))
    assert spec["offers"]["PHOTO"]["price"] == {"low": 150, "likely": 200, "high": 260}
    with pytest.raises(ScenarioError, match="« Coût horaire » : fourchette incohérente"):
        uncertainty.with_range(spec, rows["Coût horaire"], (41, 50))
    suggested = uncertainty.with_suggestions(spec, uncertainty.range_rows(facts, spec))
    scenario = parse_scenario(suggested)
    assert scenario.ranges[("offers", "PHOTO", "price")].low == 150  # a range already given stays
    assert scenario.ranges[("assumptions", "hourly_cost")].high == 44  # 40 × 1,1
    assert scenario.assumptions.hourly_cost == 40 and scenario.offers["PHOTO"].price == 200
    assert uncertainty.with_range(suggested, rows["Prix — Photos"], None)["offers"]["PHOTO"]["price"] == 200


def test_typing_a_likely_value_keeps_the_range_around_it(small_con):
    facts = engine.load_facts(small_con)
    spec = {"assumptions": {"elasticity": {"default": {"low": 0.2, "likely": 0.5, "high": 0.9}},
                            "hourly_cost": {"low": 30, "likely": 40, "high": 50}, "renewal_rate": 0.7},
            "offers": {"PHOTO": {"mode": "paid", "price": {"low": 150, "likely": 200, "high": 260}}}}
    values = assumption_values(spec, 40.0)
    assert (values["elasticity"], values["hourly"]) == (0.5, 40)
    typed = with_assumptions(spec, {**values, "elasticity": 0.6}, 40.0)
    assert typed["assumptions"]["elasticity"]["default"] == {"low": 0.2, "likely": 0.6, "high": 0.9}
    assert typed["assumptions"]["hourly_cost"]["low"] == 30  # kept although equal to the structure's cost
    assert typed["assumptions"]["renewal_rate"] == 0.7
    frame = tables.editor_frame(facts, spec)
    assert frame.loc["PHOTO", "prix"] == 200
    frame.loc["PHOTO", "prix"] = 210.0
    edited = tables.apply_editor(facts, spec, frame)[0]
    assert edited["offers"]["PHOTO"]["price"] == {"low": 150, "likely": 210, "high": 260}
    assert trajectory_values(spec)["renewal_rate"] == 0.7
    back = with_trajectory(spec, {"renewal_rate": 0.85, "new_subscriber_rate": 0.1, "price_indexation": 0.0,
                                  "cost_indexation": 0.02})
    assert {k: v for k, v in back["assumptions"].items() if k not in ("elasticity", "hourly_cost")} == {
        "new_subscriber_rate": 0.1}
