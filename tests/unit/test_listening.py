"""Listening to partners on the small territory (tests/data/petit) with a survey written here.

Partners: H1 H2 H3 hébergement (H3 non partenaire), R1 R2 restauration (R2 prospect), L1 loisirs, C1 commerce.
Offers: WEB and PACK « Visibilité », PHOTO « Photos », CLUB « Réseau », NEW (à créer) « Centre-bourg ».
"""

from __future__ import annotations

import pytest

from otmodel.data import importer
from otmodel.listening import survey as listening
from tests.fixtures import DATA

SURVEY = """partenaire_id;theme;importance;satisfaction;commentaire
H1;Visibilité;5;4;Très utile
R1;Visibilité;4;;
H2;Photos;3;2;Des photos, enfin
R1;Photos;2;4;Photos très réussies
H1;Mobilité;5;1;Pas de navette l'été
R2;Mobilité;4;2;Navette plage
C1;Accueil;2;5;
""".encode()

# By hand, per theme: importance / satisfaction means
#   Visibilité 4.5 / 4 ; Photos 2.5 / 3 ; Mobilité 4.5 / 1.5 ; Accueil 2 / 5
#   thresholds = mean of the theme means = 13.5 / 4 = 3.375 for both.


@pytest.fixture
def con(small_con):
    importer.import_file(small_con, "besoins", SURVEY)
    return small_con


def test_participation_by_sector(con):
    frame = listening.participation(con).set_index("code")
    # Base 7 businesses, 5 respondents (H1 H2 R1 R2 C1).
    assert frame.loc["hebergement", ["base", "respondents"]].tolist() == [3, 2]
    assert frame.loc["hebergement", "rate"] == pytest.approx(2 / 3)
    # hébergement: 40 % of respondents for 3/7 of the base → ratio 0.93, conforme.
    assert frame.loc["hebergement", "representation"] == "conforme"
    # restauration: 40 % for 2/7 → ratio 1.4 > 1.25; loisirs: nobody answered.
    assert frame.loc["restauration", "representation"] == "sur"
    assert frame.loc["loisirs", "representation"] == "sous"
    assert frame.loc["loisirs", "rate"] == 0
    assert frame["small"].all()  # every group below 30 answers
    assert frame.loc["commerce", "libelle"] == "Commerce"


def test_participation_by_statut_filtered(con):
    frame = listening.participation(con, by="statut", statuts=["partenaire", "prospect"]).set_index("code")
    assert frame["base"].to_dict() == {"partenaire": 3, "prospect": 1}
    assert frame["respondents"].to_dict() == {"partenaire": 3, "prospect": 1}
    assert frame.loc["prospect", "libelle"] == "Prospect"


def test_matrix_means_thresholds_and_quadrants(con):
    matrix = listening.importance_satisfaction(con)
    assert matrix.importance_threshold == pytest.approx(3.375)
    assert matrix.satisfaction_threshold == pytest.approx(3.375)
    themes = matrix.themes.set_index("theme")
    assert themes.loc["Mobilité", ["importance", "satisfaction"]].tolist() == [4.5, 1.5]
    assert themes["quadrant"].to_dict() == {"Visibilité": "point_fort", "Mobilité": "priorite",
                                            "Photos": "secondaire", "Accueil": "reorienter"}


def test_matrix_filtered_by_sector(con):
    # Restauration only: Visibilité 4 / —, Mobilité 4 / 2, Photos 2 / 4 → thresholds 10/3 and 3.
    matrix = listening.importance_satisfaction(con, filieres=["restauration"])
    assert matrix.importance_threshold == pytest.approx(10 / 3)
    assert matrix.satisfaction_threshold == pytest.approx(3)
    themes = matrix.themes.set_index("theme")
    assert themes["quadrant"].to_dict() == {"Visibilité": "priorite", "Mobilité": "priorite",
                                            "Photos": "reorienter"}
    assert listening.importance_satisfaction(con, statuts=["ancien"]).themes["theme"].tolist() == ["Accueil"]


def test_uncovered_needs_match_without_case_nor_accents(con):
    needs = listening.uncovered_needs(con)
    assert needs["theme"].tolist() == ["Mobilité"]  # Visibilité is answered by WEB and PACK
    con.execute("UPDATE offres SET theme_besoin = 'MOBILITE' WHERE id = 'CLUB'")
    assert listening.uncovered_needs(con).empty
    con.execute("UPDATE offres SET cycle = 'a_arreter' WHERE id = 'CLUB'")  # an offer being stopped answers nothing
    assert listening.uncovered_needs(con)["theme"].tolist() == ["Mobilité"]
    assert listening.uncovered_needs(con, min_importance=2)["theme"].tolist() == ["Mobilité", "Accueil"]


def test_placed_services(con):
    placed = listening.placed_services(con)
    assert placed["id"].tolist() == ["CLUB", "NEW"]  # NEW: a planned offer nobody asked for
    assert placed.loc[0, "raison"] == "Thème absent de l'enquête et du carnet d'écoute"
    # Heard in two meetings of the log, NEW's « Centre-bourg » is a need, as the yearly review counts it.
    importer.import_file(con, "rencontres", DATA / "portefeuille" / "rencontres.csv")
    assert listening.placed_services(con)["id"].tolist() == ["CLUB"]
    con.execute("UPDATE offres SET theme_besoin = NULL WHERE id = 'PHOTO'")
    placed = listening.placed_services(con).set_index("id")
    assert placed.loc["PHOTO", "raison"] == "Aucun thème de besoin renseigné"


def test_comments_search_without_identity(con):
    found = listening.comments(con, search="NAVETTE")
    assert sorted(found["commentaire"]) == ["Navette plage", "Pas de navette l'été"]
    assert "nom" not in found and "partenaire_id" not in found
    # Accent-insensitive: « tres » finds « Très ».
    assert sorted(listening.comments(con, search="tres")["commentaire"]) == ["Photos très réussies", "Très utile"]
    by_theme = listening.comments(con, theme="Photos", show_identity=True)
    assert by_theme.set_index("commentaire")["nom"].to_dict() == {"Photos très réussies": "Bistrot Un",
                                                                  "Des photos, enfin": "Gîte Deux"}
    assert len(listening.comments(con)) == 5  # R1 Visibilité and C1 Accueil have no comment
    assert listening.comments(con, search="%").empty  # a wildcard is a plain character


def test_themes(con):
    assert listening.themes(con) == ["Accueil", "Mobilité", "Photos", "Visibilité"]
