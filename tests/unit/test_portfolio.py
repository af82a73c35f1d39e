"""Partners, offers, team and the yearly review on the small territory (tests/data/petit + portefeuille), by hand.

Partners: H1 H2 (partenaires) H3 (non partenaire) hébergement ; R1 (partenaire) R2 (prospect) restauration ;
L1 loisirs (non partenaire) ; C1 commerce (ancien). Communes: Bourg H1 H2 R1 C1, Plage H3 R2 L1.
Staff hours in 2025 (test_engine): WEB 3, PHOTO 2, CLUB 2, PACK 3, NEW 0 (not launched).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from otmodel.cli.commands import main
from otmodel.data import importer
from otmodel.model.scenario import ScenarioError
from otmodel.portfolio import charts, decisions, offers, partners, review, team
from otmodel.scenarios import store
from tests.fixtures import DATA


@pytest.fixture
def con(small_con):
    importer.import_folder(small_con, DATA / "portefeuille")
    for offer, skills, carriers in (("WEB", "Saisie", "Alice|Bruno (bénévole)"), ("PHOTO", "photo", "Alice"),
                                    ("CLUB", "Animation", "bruno (BENEVOLE)|Zoé"), ("PACK", None, "Bruno (bénévole)"),
                                    ("NEW", "Commerce de centre-bourg", None)):
        small_con.execute("UPDATE offres SET competences = ?, porteurs = ? WHERE id = ?", [skills, carriers, offer])
    return small_con


def test_coverage_by_sector_and_commune(con):
    sectors = partners.coverage(con).set_index("code")
    assert sectors.loc["hebergement", ["entreprises", "partenaires"]].tolist() == [3, 2]
    assert sectors.loc["restauration", "taux"] == pytest.approx(0.5)
    # The territory: every business but C1, a former partner, counted apart (as the model's universe does).
    assert sectors.loc["commerce", ["entreprises", "anciens", "taux"]].tolist() == [0, 1, 0]
    assert partners.overall_coverage(sectors) == pytest.approx(3 / 6)
    # Under-represented: below 0.8 × 3/6 = 40 % — commerce has no business of the territory left to cover.
    assert sorted(sectors.index[sectors["sous_represente"]]) == ["loisirs"]
    communes = partners.coverage(con, "commune").set_index("code")
    assert communes.loc["Bourg", ["entreprises", "partenaires", "anciens"]].tolist() == [3, 3, 1]
    assert communes.loc["Plage", "taux"] == 0
    targeted = partners.coverage(con, "filiere", ["hebergement", "loisirs"])
    assert partners.overall_coverage(targeted) == pytest.approx(2 / 4)


def test_targets_carry_what_they_expressed(con):
    targets = partners.target_sectors(con).set_index("code")
    assert targets.loc["loisirs", "a_conquerir"] == 1
    assert partners.expressed_by_sector(con, "commerce") == "rencontres : Centre-bourg ×1, Mobilité ×1"
    found = partners.prospects(con)
    assert found["id"].tolist() == ["R2"] and found.loc[0, "besoin_exprime"] == "Animer le bourg"


def test_concentration_by_hand():
    paid = pd.DataFrame({"montant": [400, 200, 100, 100, 50, 50, 40, 30, 20, 10]})
    assert partners.top_share(paid, 0.1) == pytest.approx(0.4)
    assert partners.top_share(paid, 0.2) == pytest.approx(0.6)
    curve = partners.pareto(paid)
    assert curve["part_recettes"].iloc[1] == pytest.approx(0.6) and curve["part_recettes"].iloc[-1] == 1


def test_a_long_pareto_curve_is_drawn_with_a_few_hundred_points():
    paid = pd.DataFrame({"montant": [float(10_000 - i) for i in range(10_000)]})  # 10 000 paying partners
    curve = partners.pareto(paid)
    drawn = charts.pareto_chart(curve, 0.19, 0.36).data[1]  # in %: the shares × 100
    assert len(drawn.x) == 1 + charts.CURVE_POINTS  # the origin, then the thinned curve
    xs, ys = [x / 100 for x in drawn.x], [y / 100 for y in drawn.y]
    assert (xs[0], ys[0]) == (0, 0) and xs[-1] == 1 and ys[-1] == pytest.approx(1)
    assert xs[1] == pytest.approx(1 / 10_000)  # the first partner kept
    # Every point drawn is a point of the curve (evenly spaced ranks): x = rank / n, y = its cumulated share.
    ranks = [round(x * 10_000) for x in xs[1:]]
    assert ys[1:] == pytest.approx(curve["part_recettes"].iloc[[r - 1 for r in ranks]].tolist())
    short = partners.pareto(paid.head(10))
    assert len(charts.pareto_chart(short, 0.1, 0.2).data[1].x) == 11  # a short curve is drawn whole


def test_concentration_on_the_small_territory(con):
    paid = partners.partner_revenue(con, 2025)
    assert paid["id"].tolist() == ["H1", "H2", "R1"] and paid["montant"].tolist() == [350, 180, 120]
    assert partners.top_share(paid, 0.1) == pytest.approx(350 / 650)


def test_movement_and_renewal(con):
    # WEB is a public service: it does not make L1 a partner.
    con.execute("INSERT INTO souscriptions (partenaire_id, offre_id, annee, montant) "
                "VALUES ('R1', 'PHOTO', 2024, 120), ('C1', 'PHOTO', 2024, 100), ('L1', 'WEB', 2024, 0)")
    moves = partners.movement(con).set_index("annee")
    # 2024: H1 R1 C1 active; 2025: H1 R1 H2 → new H2, renewed H1 R1, lapsed C1.
    assert moves.loc[2025, ["actifs", "nouveaux", "renouveles", "perdus"]].tolist() == [3, 1, 2, 1]
    assert moves.loc[2025, "taux_renouvellement"] == pytest.approx(2 / 3)
    assert pd.isna(moves.loc[2024, "taux_renouvellement"])
    by_sector = partners.movement(con, by_sector=True).set_index(["annee", "filiere"])
    assert by_sector.loc[(2025, "commerce"), ["actifs", "perdus", "taux_renouvellement"]].tolist() == [0, 1, 0]
    assert by_sector.loc[(2025, "hebergement"), ["nouveaux", "renouveles"]].tolist() == [1, 1]


def test_club_pro_and_search_hide_emails(con):
    club = partners.club_pro(con).set_index("code")
    assert club.loc["hebergement", ["partenaires", "membres"]].tolist() == [2, 1]
    assert club.loc["restauration", "rencontres_club"] == 1
    found = partners.search(con, "hotel")
    assert found["id"].tolist() == ["H1"] and "email" not in found
    with_emails = partners.search(con, "", statuts=["partenaire"], show_emails=True).set_index("id")
    assert with_emails.loc["H1", "email"] == "h1@exemple.fr"


def test_offer_economics_and_packs(con):
    economics = offers.offer_economics(con).set_index("id")
    # PHOTO: 2 subscribers of 5 eligible (hébergement 3 + restauration 2), revenue 270, costs 2×50 + 2 h × 40.
    assert economics.loc["PHOTO", ["souscripteurs", "eligibles", "recettes", "couts"]].tolist() == [2, 5, 270, 180]
    assert economics.loc["PHOTO", "cout_par_souscripteur"] == 90
    # CLUB is delivered inside PACK (2 subscribers) to 3 eligible hébergements.
    assert economics.loc["CLUB", ["souscripteurs", "souscripteurs_packs"]].tolist() == [0, 2]
    assert economics.loc["CLUB", "adoption"] == pytest.approx(2 / 3)
    assert economics.loc["NEW", "prix_vs_reference"] == pytest.approx(80 / 60)
    assert offers.packs(con).loc[0, "contenu"] == "Club pro"
    assert offers.trend_table(con).set_index("offre_id").loc["PACK", "evolution"] == pytest.approx(1.0)
    fig = charts.economics_chart(economics.reset_index()).to_dict()
    assert fig["layout"]["xaxis"]["ticksuffix"] == "\u00a0€"  # « 20 000 € », not « 20k »
    (photo,) = [(x, row) for trace in fig["data"] for x, row in zip(trace["x"], trace["customdata"], strict=True)
                if row[0] == "Photos"]
    assert photo == (90, ["Photos", "À la carte", "90 €", "270 €", "180 €", "150 €", "—"])  # no reference price


def test_team_capacity_and_flags(con):
    capacity = team.capacity(con, offers.offer_economics(con))
    people = capacity.people.set_index("nom")
    # WEB 3 h shared by Alice and Bruno; PHOTO 2 h Alice; CLUB 2 h Bruno (Zoé is not in the team); PACK 3 h Bruno.
    assert people.loc["Alice", "heures_portees"] == pytest.approx(3.5)
    assert people.loc["Bruno (bénévole)", "heures_portees"] == pytest.approx(6.5)
    assert people.loc["Bruno (bénévole)", "surcharge"] and not people.loc["Alice", "surcharge"]
    flagged = capacity.offers.set_index("id")
    assert flagged.loc["WEB", "manquantes"] == ["Saisie"]
    assert flagged.loc["PHOTO", "manquantes"] == []  # « photo » = « Photo » in Alice's skills
    assert flagged.loc["CLUB", "inconnus"] == ["Zoé"]
    assert flagged.loc["NEW", "alertes"] == ["compétence absente de l'équipe : Commerce de centre-bourg"]
    assert not team.capacity(con, offers.offer_economics(con), overload=2.0).people["surcharge"].any()
    # The team hours every page counts (3 + 2 + 2 + 3 + 0), all carried here; without PACK's carrier, 3 h are not.
    assert (capacity.offer_hours, capacity.unassigned_hours) == (pytest.approx(10), pytest.approx(0))
    con.execute("UPDATE offres SET porteurs = NULL WHERE id = 'PACK'")
    uncarried = team.capacity(con, offers.offer_economics(con))
    assert (uncarried.offer_hours, uncarried.unassigned_hours) == (pytest.approx(10), pytest.approx(3))


BASE = {"cycle": "existant", "adoption": 0.3, "souscripteurs": 30, "souscripteurs_packs": 0, "eligibles": 100,
        "importance": 4.0, "repondants": 40, "satisfaction": 3.5, "mentions": 0, "alignement": 2, "portage": "interne",
        "sphere": "a_la_carte", "prix": 100.0, "prix_reference": None, "prix_vs_reference": None, "resultat": 500.0,
        "cout_par_souscripteur": 80.0, "heures": 40.0, "theme_besoin": "Photos", "competences_manquantes": [],
        "porteurs_surcharges": []}


@pytest.mark.parametrize(("changes", "expected", "said"), [
    ({}, "maintenir", "Taux de souscription 30,0"),
    ({"cycle": "a_creer", "importance": None, "mentions": 2}, "creer", "2 rencontre(s) du carnet"),
    ({"cycle": "a_creer", "importance": 2.0}, "arreter", "ne pas la lancer"),
    ({"adoption": 0.02, "importance": 2.0}, "arreter", "Peu souscrite"),
    ({"adoption": 0.02, "importance": 2.0, "alignement": 3}, "relayer", "Alignement fort"),
    ({"cycle": "a_arreter", "adoption": 0.02}, "arreter", "Déjà marquée"),
    ({"competences_manquantes": ["Vidéo"]}, "sous_traiter", "Compétence absente de l'équipe : Vidéo"),
    ({"competences_manquantes": ["Vidéo"], "sphere": "socle"}, "relayer", "Mission gratuite ou de socle"),
    ({"competences_manquantes": ["Vidéo"], "portage": "sous_traite"}, "maintenir", "Résultat"),
    ({"satisfaction": 2.5}, "adapter", "satisfaction faible : 2,5/5"),
    ({"resultat": -300.0, "prix_reference": 150.0, "prix_vs_reference": 100 / 150}, "adapter",
     "Prix inférieur au prix de référence"),
    ({"porteurs_surcharges": ["Alice"]}, "sous_traiter", "Porteur au-delà de ses heures disponibles : Alice"),
    ({"porteurs_surcharges": ["Alice"], "sphere": "socle"}, "maintenir", "À surveiller"),
])
def test_each_suggestion_rule(changes, expected, said):
    decision, reasons = review.suggest({**BASE, **changes})
    assert decision == expected
    assert any(said in reason for reason in reasons), reasons


def test_thresholds_move_the_suggestion():
    row = {**BASE, "adoption": 0.04, "importance": 3.0}
    assert review.suggest(row)[0] == "arreter"
    assert review.suggest(row, review.Thresholds(min_uptake=0.03))[0] == "maintenir"
    assert review.suggest(row, review.Thresholds(need_importance=3.0))[0] == "maintenir"


def test_review_of_the_small_territory(con):
    found = {s.offer: s for s in review.review(con)}
    assert found["NEW"].suggestion == "creer"  # Centre-bourg: 2 meetings of the log
    assert found["NEW"].indicators["mentions"] == 2
    assert found["WEB"].suggestion == "relayer"  # needs « Saisie », which nobody has; a public service
    assert found["PACK"].indicators["porteurs_surcharges"] == ["Bruno (bénévole)"]
    json.dumps([s.to_json() for s in found.values()])  # JSON-ready


def test_decisions_become_a_scenario(con):
    with pytest.raises(decisions.DecisionError, match="qui décide"):
        decisions.record(con, [decisions.Decision("PHOTO", "arreter")], "")
    with pytest.raises(decisions.DecisionError, match="offre inconnue « ZZ »"):
        decisions.record(con, [decisions.Decision("ZZ", "arreter")], "Anne")
    assert decisions.record(con, [decisions.Decision("PHOTO", "maintenir"), decisions.Decision("WEB", "relayer"),
                                  decisions.Decision("CLUB", "adapter", "Trop rare")], "Anne") == 3
    decisions.record(con, [decisions.Decision("PHOTO", "arreter", "Prestataire trop cher"),
                           decisions.Decision("NEW", "creer")], "Anne")
    latest = decisions.latest(con).set_index("offer_id")
    assert latest.loc["PHOTO", ["decision", "reason", "author"]].tolist() == ["arreter", "Prestataire trop cher",
                                                                              "Anne"]
    saved = decisions.to_scenario(con, "Revue 2025", "Anne")
    offers_json = saved.scenario.to_json()["offers"]
    # NEW: paid at its price 80, expected = businesses that asked for Centre-bourg (R2 and Épicerie Nouvelle).
    assert offers_json == {"NEW": {"mode": "paid", "price": 80.0, "expected_subscribers": 2.0},
                           "PHOTO": {"mode": "stopped"}, "WEB": {"mode": "stopped"}}
    assert "CLUB : Adapter (contenu ou coûts à revoir dans les offres) — Trop rare" in saved.notes
    again = decisions.to_scenario(con, "Revue 2025", "Anne")
    assert again.name == "Revue 2025 (2)" and store.exists(con, "Revue 2025")


def test_no_decision_no_scenario(con):
    with pytest.raises(decisions.DecisionError, match="Aucune décision"):
        decisions.to_scenario(con, "Revue", "Anne")
    with pytest.raises(ScenarioError):
        decisions.record(con, [decisions.Decision("PHOTO", "arreter")], "Anne")
        decisions.to_scenario(con, "", "Anne")


def test_team_and_offer_skills_import_and_refusals(con):
    importer.import_file(con, "equipe", "nom;heures_disponibles;competences\nAlice;1 200,5;Photo | Vidéo\n".encode())
    assert con.execute("SELECT * FROM equipe").fetchall() == [("Alice", 1200.5, "Photo | Vidéo")]
    assert team.members(con).loc[0, "competences"] == ["Photo", "Vidéo"]
    with pytest.raises(importer.TemplateError, match="ligne en double"):
        importer.import_file(con, "equipe", b"nom;heures_disponibles\nA;10\nA;20\n")
    with pytest.raises(importer.TemplateError, match="aucune ligne de données"):
        importer.import_file(con, "equipe", b"nom;heures_disponibles\n")


def test_cli_review_json(small_path, capsys):
    from otmodel import db

    with db.connect(small_path) as con:
        importer.import_folder(con, DATA / "portefeuille")
    assert main(["review", "--db", str(small_path), "--json"]) == 0
    found = {row["offer"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(found) == {"CLUB", "NEW", "PACK", "PHOTO", "WEB"}
    assert found["NEW"]["suggestion"] == "creer" and found["NEW"]["reasons"]
    assert found["PHOTO"]["indicators"]["souscripteurs"] == 2
