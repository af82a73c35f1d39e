"""The Partenaires, Offres and Équipe charts as data: valid Vega-Lite, the figures and labels the director reads."""

from __future__ import annotations

import pandas as pd

from otmodel import charts
from otmodel.portfolio import charts as portfolio
from tests.chartspec import assert_valid

NNBSP = "\u202f"


def test_coverage_stacks_partners_and_others_largest_group_first_with_the_rate():
    coverage = pd.DataFrame({"libelle": ["Commerce", "Hébergement"], "entreprises": [2, 10],
                             "partenaires": [0, 4], "taux": [0.0, 0.4]})
    spec = portfolio.coverage_chart(coverage)
    assert_valid(spec)
    assert charts.values(spec) == [
        {"groupe": "Hébergement", "partenaires": 4, "autres": 6, "entreprises": 10, "texte": f"40{NNBSP}%"},
        {"groupe": "Commerce", "partenaires": 0, "autres": 2, "entreprises": 2, "texte": f"0{NNBSP}%"}]
    assert spec["encoding"]["y"]["sort"] == ["Hébergement", "Commerce"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Partenaires", "Autres entreprises"]
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [0, 10 * 1.15]  # room for the rate
    assert_valid(portfolio.coverage_chart(coverage.head(0)))


def test_pareto_from_the_origin_with_the_equality_line_and_the_two_shares_written():
    curve = pd.DataFrame({"part_partenaires": [0.5, 1.0], "part_recettes": [0.8, 1.0]})
    spec = portfolio.pareto_chart(curve, 0.42, 0.6)
    assert_valid(spec)
    assert [(r["x"], r["y"]) for r in charts.values(spec)] == [(0, 0), (0.5, 0.8), (1, 1)]
    assert [(r["x"], r["y"]) for r in spec["layer"][0]["data"]["values"]] == [(0, 0), (1, 1)]
    assert [m["texte"] for m in spec["layer"][2]["data"]["values"]] == [
        f"10{NNBSP}% des partenaires → 42{NNBSP}% des recettes",
        f"20{NNBSP}% des partenaires → 60{NNBSP}% des recettes"]
    assert_valid(portfolio.pareto_chart(curve.head(0), 0.0, 0.0))


def test_movement_renewed_and_new_above_zero_lapsed_below_with_the_renewal_rate():
    movement = pd.DataFrame({"annee": [2024, 2025], "actifs": [3, 3], "nouveaux": [None, 1.0],
                             "renouveles": [None, 2.0], "perdus": [None, 1.0], "taux_renouvellement": [None, 2 / 3]})
    spec = portfolio.movement_chart(movement)
    assert_valid(spec)
    assert charts.values(spec) == [{"annee": "2025", "renouveles": 2, "nouveaux": 1, "moins_perdus": -1, "haut": 3,
                                    "texte": f"renouvellement 67{NNBSP}%"}]  # the first year has no movement
    bars = spec["layer"][0]
    assert bars["transform"][0]["fold"] == ["renouveles", "nouveaux", "moins_perdus"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Renouvelés", "Nouveaux", "Perdus"]
    assert_valid(portfolio.movement_chart(movement.head(1)))


def test_economics_result_in_euros_by_sphere_best_first_and_a_dash_for_a_missing_reference():
    economics = pd.DataFrame({"nom": ["Photos", "Site web", "Pack"], "sphere": ["a_la_carte", "service_public",
                                                                              "premium"],
                              "resultat": [-1500.0, 0.0, 20000.0], "recettes": [500.0, 0.0, 30000.0],
                              "couts": [2000.0, 0.0, 10000.0], "prix": [120.0, 0.0, 900.0],
                              "prix_reference": [150.0, None, float("nan")]})
    spec = portfolio.economics_chart(economics)
    assert_valid(spec)
    rows = charts.values(spec)
    assert [(r["offre"], r["sphere"], r["resultat"], r["texte"], r["reference"]) for r in rows] == [
        ("Pack", "Premium", 20000, f"20{NNBSP}000 €", "—"), ("Site web", "Service public", 0, "0 €", "—"),
        ("Photos", "À la carte", -1500, "−1\u202f500 €", "150 €")]
    assert spec["encoding"]["x"]["axis"] == {"title": "Résultat", "format": charts.EUROS}  # « 20 000 € », not 20k
    assert_valid(portfolio.economics_chart(economics.head(0)))


def test_capacity_available_and_carried_hours_the_overload_in_red():
    people = pd.DataFrame({"nom": ["Alice", "Bruno"], "heures_disponibles": [800.0, 1600.0],
                           "heures_portees": [900.0, 3.5], "surcharge": [True, False]})
    spec = portfolio.capacity_chart(people)
    assert_valid(spec)
    assert charts.values(spec) == [
        {"personne": "Bruno", "disponibles": 1600, "portees": 3.5, "etat": "Heures portées"},
        {"personne": "Alice", "disponibles": 800, "portees": 900, "etat": "Heures portées, au-delà"}]
    color = spec["layer"][1]["encoding"]["color"]["scale"]
    assert dict(zip(color["domain"], color["range"], strict=True))["Heures portées, au-delà"] == (
        charts.COLORS["margin_ko"])
    assert_valid(portfolio.capacity_chart(people.head(0)))
