"""One definition per figure: Synthèse, Partenaires, Offres, Équipe, Présentation and Comparer count the same
businesses of the territory, the same offers and the same team hours — each counted here from the database."""

from __future__ import annotations

import re

import pytest

from otmodel import db
from otmodel import format as fmt
from otmodel.demo import scenarios as demo_scenarios
from tests.pages.pagetest import metric, run_page


@pytest.fixture
def destination(demo_copy):
    """The destination demo with its saved scenarios, and what the database holds: the businesses that are not former
    partners, the offers proposed today and those to create, the offers' team hours in the base year."""
    path = demo_copy("destination")
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
        businesses = con.execute("SELECT count(*) FROM partenaires WHERE statut <> 'ancien'").fetchone()[0]
        former = con.execute("SELECT count(*) FROM partenaires WHERE statut = 'ancien'").fetchone()[0]
        proposed, planned = con.execute("SELECT count(*) FILTER (cycle <> 'a_creer'), count(*) FILTER (cycle = "
                                        "'a_creer') FROM offres").fetchone()
    return path, {"businesses": businesses, "former": former, "proposed": proposed, "planned": planned}


def texts(at) -> str:
    return "\n".join(str(element.value) for element in [*at.markdown, *at.caption, *at.info, *at.warning])


def test_every_page_counts_the_same_businesses_offers_and_hours(destination, monkeypatch):
    path, counted = destination
    businesses = fmt.number(counted["businesses"])
    assert counted["former"] > 0 and counted["planned"] > 0  # the demo has what makes counts differ
    offers = f"{counted['proposed']} proposée(s) aujourd'hui et {counted['planned']} à créer"

    synthese = run_page(path, "views/synthese.py", monkeypatch)
    assert metric(synthese, "Bénéficiaires d'un service gratuit").endswith(f"/ {businesses}")
    hours = metric(synthese, "Heures d'équipe utilisées").split(" / ")[0]
    assert re.fullmatch(r"\d[\d\u202f]* h", hours)

    partners = run_page(path, "views/partenaires.py", monkeypatch)
    assert metric(partners, "Entreprises du territoire") == businesses

    catalogue = run_page(path, "views/offres.py", monkeypatch)
    assert metric(catalogue, "Heures d'équipe") == hours
    assert f"{counted['proposed'] + counted['planned']} offre(s) : {offers}" in texts(catalogue)

    team = run_page(path, "views/equipe.py", monkeypatch)
    assert metric(team, "Heures d'équipe des offres") == hours

    presentation = run_page(path, "views/presentation/page.py", monkeypatch)
    assert metric(presentation, "Entreprises du territoire") == businesses
    said = texts(presentation)
    assert f"propose {counted['proposed']} services aux {businesses} entreprises du territoire" in said
    assert f"le temps de l'équipe ({hours})" in said

    compare = run_page(path, "views/comparer.py", monkeypatch)
    assert f"sur {counted['proposed'] + counted['planned']} : {offers}." in texts(compare)
