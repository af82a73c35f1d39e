"""Every sample file of tests/data/samples imports exactly as its README says (order: partenaires → offres →
souscriptions → besoins), through the library and through the command line."""

from __future__ import annotations

import pytest

from otmodel import db
from otmodel.cli import main
from otmodel.data import importer
from tests.fixtures import FORM, SAMPLES, SMALL, TOURINSOFT


@pytest.fixture
def con(tmp_path):
    """A database with the small territory's structure row only (the samples need a base year)."""
    con = db.connect(tmp_path / "samples.duckdb")
    importer.import_file(con, "structure", SMALL / "structure.csv")
    yield con
    con.close()


def _import_all(con):
    return [
        importer.import_file(con, "partenaires", SAMPLES / "partenaires_excel_fr.csv"),
        importer.import_file(con, "offres", SAMPLES / "offres_excel_fr.csv"),
        importer.import_file(con, "souscriptions", SAMPLES / "souscriptions_2025.xlsx"),
        importer.import_file(con, "partenaires", SAMPLES / "export_base_regionale.csv", mapping=TOURINSOFT),
        importer.import_file(con, "besoins", SAMPLES / "besoins_formulaire.csv", mapping=FORM),
    ]


def one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()[0]


def test_partners_from_french_excel(con):
    _import_all(con)
    assert one(con, "SELECT count(*) FROM partenaires WHERE id LIKE 'P-%'") == (40,)
    assert one(con, "SELECT capacite, filiere FROM partenaires WHERE id = 'P-006'") == (1200, "hebergement")
    assert one(con, "SELECT filiere, statut FROM partenaires WHERE id = 'P-007'") == ("restauration", "partenaire")
    assert one(con, "SELECT statut, club_pro, email FROM partenaires WHERE id = 'P-005'") == (
        "non_partenaire", False, None)
    assert one(con, "SELECT count(*) FROM partenaires WHERE email IN ('nan', 'None', '', 'NaN')") == (0,)
    assert one(con, "SELECT club_pro FROM partenaires WHERE id = 'P-003'") == (True,)


def test_offers_with_labels_and_euro_amounts(con):
    _import_all(con)
    assert one(con, "SELECT count(*) FROM offres") == (7,)
    assert one(con, "SELECT prix, heures_unitaires, filieres_cibles FROM offres WHERE id = 'O-PACK-HEB'") == (
        1250.5, 1.5, ["hebergement"])
    assert one(con, "SELECT sphere FROM offres WHERE id = 'O-WEB'") == ("service_public",)
    assert one(con, "SELECT portage FROM offres WHERE id = 'O-PHOTO'") == ("sous_traite",)
    assert one(con, "SELECT cycle FROM offres WHERE id = 'O-CLUB'") == ("a_creer",)
    assert one(con, "SELECT filieres_cibles FROM offres WHERE id = 'O-ATEL'") == (
        ["hebergement", "restauration", "loisirs"],)


def test_subscriptions_from_accounting_workbook(con):
    summaries = _import_all(con)
    assert summaries[2].description.startswith("Classeur Excel, feuille « Souscriptions 2025 », en-têtes ligne 3")
    assert one(con, "SELECT count(*), min(annee), max(annee) FROM souscriptions") == (41, 2025, 2025)
    # "180,00" typed as text in the workbook becomes the number 180.
    assert one(con, "SELECT montant FROM souscriptions WHERE partenaire_id = 'P-001' AND offre_id = 'O-PACK-AUT'"
               ) == (180.0,)


def test_tourinsoft_export_through_a_mapping(con):
    summaries = _import_all(con)
    assert (summaries[3].added, summaries[3].ignored) == (60, ["CODEPOSTAL", "AD1"])
    assert one(con, "SELECT count(*) FROM partenaires WHERE id LIKE 'HOTAQU%'") == (60,)
    assert one(con, "SELECT nom, commune FROM partenaires WHERE id = 'HOTAQU040001'") == (
        'Camping n°1 "Le Lac"', "BISCARROSSE")
    sectors = dict(con.execute("SELECT filiere, count(*) FROM partenaires WHERE id LIKE 'HOTAQU%' "
                               "GROUP BY ALL").fetchall())
    # 7 + 7 + 7 + 6 accommodation labels, 7 restaurants + 6 tastings.
    assert sectors == {"hebergement": 27, "restauration": 13, "loisirs": 7, "culture": 7, "commerce": 6}
    assert one(con, "SELECT count(*) FROM partenaires WHERE id LIKE 'HOTAQU%' AND statut = 'non_partenaire' "
               "AND NOT club_pro") == (60,)


def test_form_export_through_a_mapping(con):
    summaries = _import_all(con)
    assert summaries[4].ignored == ["Horodateur"]
    assert one(con, "SELECT count(*), count(satisfaction) FROM besoins") == (60, 45)  # 15 left blank
    comments = {r[0] for r in con.execute("SELECT commentaire FROM besoins").fetchall()}
    assert "Besoin d'aide pour les avis en ligne,\nsurtout en hiver" in comments
    assert 'Le "club pro" est utile, mais trop rare' in comments
    assert "Plus de visibilité sur le site, svp" in comments


def test_second_import_changes_nothing(con):
    _import_all(con)
    again = _import_all(con)
    assert [(s.added, s.updated, s.unchanged) for s in again[:2]] == [(0, 0, 40), (0, 0, 7)]
    assert (again[3].added, again[3].unchanged) == (0, 60)
    assert one(con, "SELECT count(*) FROM partenaires") == (100,)
    assert one(con, "SELECT count(*) FROM souscriptions") == (41,)  # the year 2025 was replaced, not added


def test_samples_through_the_command_line(tmp_path, capsys):
    path = str(tmp_path / "cli.duckdb")
    assert main(["import", "structure", str(SMALL / "structure.csv"), "--db", path]) == 0
    for kind, name in [("partenaires", "partenaires_excel_fr.csv"), ("offres", "offres_excel_fr.csv"),
                       ("souscriptions", "souscriptions_2025.xlsx")]:
        assert main(["import", kind, str(SAMPLES / name), "--db", path]) == 0
    values = ";".join(f"{k}={v}" for k, v in TOURINSOFT.values["filiere"].items())
    args = ["import", "partenaires", str(SAMPLES / "export_base_regionale.csv"), "--db", path,
            "--map", "id=SyndicObjectID,nom=SyndicObjectName,commune=COMMUNE,filiere=ObjectTypeName",
            "--set", "statut=non_partenaire", "--values", f"filiere:{values}", "--save-mapping", "tourinsoft"]
    assert main(args) == 0
    assert main(["import", "besoins", str(SAMPLES / "besoins_formulaire.csv"), "--db", path,
                 "--map", "partenaire_id=Identifiant partenaire"]) == 0
    capsys.readouterr()
    # Next year: the saved mapping alone is enough, and the refresh adds nothing.
    assert main(["import", "partenaires", str(SAMPLES / "export_base_regionale.csv"), "--db", path,
                 "--mapping", "tourinsoft"]) == 0
    assert "0 ajoutée(s), 0 modifiée(s), 60 inchangée(s)" in capsys.readouterr().out
    con = db.connect(path)
    try:
        assert db.row_counts(con)["partenaires"] == 100
        assert db.row_counts(con)["besoins"] == 60
        history = importer.history(con)
        assert len(history) == 7
        assert history.iloc[0][["template", "file_name", "mapping", "unchanged"]].tolist() == [
            "partenaires", "export_base_regionale.csv", "tourinsoft", 60]
    finally:
        con.close()


def test_form_without_mapping_is_refused_with_the_way_out(con):
    _import_all(con)
    with pytest.raises(importer.TemplateError) as refused:
        importer.import_file(con, "besoins", SAMPLES / "besoins_formulaire.csv")
    assert "colonne « Horodateur » : colonne inconnue" in str(refused.value)
