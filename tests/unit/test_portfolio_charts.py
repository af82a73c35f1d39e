"""The Partenaires, Offres and Équipe charts as data: drawable Plotly figures, the figures and labels the director
reads."""

from __future__ import annotations

import pandas as pd

from otmodel import charts
from otmodel.portfolio import charts as portfolio
from tests.chartspec import assert_drawable, named, ticks, written

NNBSP = "\u202f"


def test_coverage_stacks_partners_and_others_largest_group_first_with_the_rate():
    coverage = pd.DataFrame({"libelle": ["Commerce", "Hébergement"], "entreprises": [2, 10],
                             "partenaires": [0, 4], "taux": [0.0, 0.4]})
    fig = assert_drawable(portfolio.coverage_chart(coverage))
    assert ticks(fig) == ["Hébergement", "Commerce"]
    assert named(fig, "Partenaires")["x"] == [4, 0] and named(fig, "Autres entreprises")["x"] == [6, 2]
    assert named(fig, "Partenaires")["customdata"][0] == ["Hébergement", "4", f"40{NNBSP}%"]
    rates = named(fig, "textes")
    assert (rates["x"], written(rates)) == ([10, 2], [f"40{NNBSP}%", f"0{NNBSP}%"])  # after each bar
    assert fig["layout"]["xaxis"]["range"] == [0, 10 * 1.15]  # room for the rate
    assert_drawable(portfolio.coverage_chart(coverage.head(0)))


def test_pareto_from_the_origin_with_the_equality_line_and_the_two_shares_written():
    curve = pd.DataFrame({"part_partenaires": [0.5, 1.0], "part_recettes": [0.8, 1.0]})
    fig = assert_drawable(portfolio.pareto_chart(curve, 0.42, 0.6))
    line = named(fig, "Recettes cumulées")
    assert (line["x"], line["y"]) == ([0, 50, 100], [0, 80, 100])  # in %, from the origin
    assert line["customdata"][1] == [f"50,0{NNBSP}% des partenaires", f"80,0{NNBSP}%"]
    assert (named(fig, "Répartition égale")["x"], named(fig, "Répartition égale")["y"]) == ([0, 100], [0, 100])
    marks = named(fig, "repères")
    assert (marks["x"], marks["y"]) == ([10, 20], [42, 60])
    assert written(marks) == [f"10{NNBSP}% des partenaires → 42{NNBSP}% des recettes",
                              f"20{NNBSP}% des partenaires → 60{NNBSP}% des recettes"]
    assert fig["layout"]["yaxis"]["ticksuffix"] == f"{NNBSP}%"
    assert_drawable(portfolio.pareto_chart(curve.head(0), 0.0, 0.0))


def test_movement_renewed_and_new_above_zero_lapsed_below_with_the_renewal_rate():
    movement = pd.DataFrame({"annee": [2024, 2025], "actifs": [3, 3], "nouveaux": [None, 1.0],
                             "renouveles": [None, 2.0], "perdus": [None, 1.0], "taux_renouvellement": [None, 2 / 3]})
    fig = assert_drawable(portfolio.movement_chart(movement))
    # The first year has no movement; the lapsed partners below zero, hatched.
    assert [(t["name"], t["x"], t["y"]) for t in fig["data"][:3]] == [
        ("Renouvelés", ["2025"], [2]), ("Nouveaux", ["2025"], [1]), ("Perdus", ["2025"], [-1])]
    assert named(fig, "Perdus")["marker"]["pattern"]["shape"] == [charts.HATCH]
    rate = named(fig, "textes")
    assert (rate["y"], written(rate)) == ([3], [f"renouvellement 67{NNBSP}%"])
    assert fig["layout"]["barmode"] == "relative"
    assert_drawable(portfolio.movement_chart(movement.head(1)))


def test_economics_result_in_euros_by_sphere_best_first_and_a_dash_for_a_missing_reference():
    economics = pd.DataFrame({"nom": ["Photos", "Site web", "Pack"], "sphere": ["a_la_carte", "service_public",
                                                                              "premium"],
                              "resultat": [-1500.0, 0.0, 20000.0], "recettes": [500.0, 0.0, 30000.0],
                              "couts": [2000.0, 0.0, 10000.0], "prix": [120.0, 0.0, 900.0],
                              "prix_reference": [150.0, None, float("nan")]})
    fig = assert_drawable(portfolio.economics_chart(economics))
    assert ticks(fig) == ["Pack", "Site web", "Photos"]  # the best at the top
    assert [(t["name"], t["y"], t["x"], t["text"]) for t in fig["data"]] == [  # one trace per sphere, for its legend
        ("Service public", [1], [0], ["0 €"]), ("À la carte", [2], [-1500], [f"−1{NNBSP}500 €"]),
        ("Premium", [0], [20000], [f"20{NNBSP}000 €"])]
    assert named(fig, "Premium")["customdata"] == [["Pack", "Premium", f"20{NNBSP}000 €", f"30{NNBSP}000 €",
                                                    f"10{NNBSP}000 €", "900 €", "—"]]
    assert named(fig, "À la carte")["customdata"][0][-1] == "150 €"
    # Euros on the axis in French, not « 20k »: Plotly's own format with our separators (template).
    assert fig["layout"]["xaxis"]["ticksuffix"] == "\u00a0€"
    assert fig["layout"]["template"]["layout"]["xaxis"]["exponentformat"] == "none"
    assert_drawable(portfolio.economics_chart(economics.head(0)))


def test_capacity_available_and_carried_hours_the_overload_hatched():
    people = pd.DataFrame({"nom": ["Alice", "Bruno"], "heures_disponibles": [800.0, 1600.0],
                           "heures_portees": [900.0, 3.5], "surcharge": [True, False]})
    fig = assert_drawable(portfolio.capacity_chart(people))
    assert ticks(fig) == ["Bruno", "Alice"]
    assert named(fig, "Heures disponibles")["x"] == [1600, 800]
    carried, over = named(fig, "Heures portées"), named(fig, "Heures portées, au-delà")
    assert (carried["x"], carried["y"], over["x"], over["y"]) == ([3.5], [0], [900], [1])
    assert over["marker"]["color"] == charts.VERMILLION and over["marker"]["pattern"]["shape"] == [charts.HATCH]
    assert over["customdata"] == [["Alice", "900", "800"]]
    assert_drawable(portfolio.capacity_chart(people.head(0)))
