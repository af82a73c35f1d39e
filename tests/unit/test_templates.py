"""The import contract: a file that fits is written exactly; one that does not is refused whole,
with row, column and value named in French, and the database left as it was."""

from pathlib import Path

import pytest

from otmodel import db
from otmodel.data import importer
from otmodel.data.schema import TEMPLATES, write_template
from otmodel.data.validation import TemplateError, read_template
from tests.fixtures import SMALL

SMALL_TABLES = ("structure", "partenaires", "offres", "composition_packs", "souscriptions", "besoins",
                "prix_acceptables")


def dump(con) -> dict:
    """Every row of every table, ordered: equal dumps mean an unchanged database."""
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in db.DATA_TABLES}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_small_territory_is_imported_exactly(small_con):
    counts = db.row_counts(small_con)
    assert {t: counts[t] for t in SMALL_TABLES} == {"structure": 1, "partenaires": 7, "offres": 5,
                                                    "composition_packs": 1, "souscriptions": 9,
                      "besoins": 3, "prix_acceptables": 2}
    h1 = small_con.execute("SELECT nom, filiere, capacite, statut, depuis, club_pro, email FROM partenaires "
                           "WHERE id = 'H1'").fetchone()
    assert h1 == ("Hôtel Un", "hebergement", 20, "partenaire", 2020, True, "h1@exemple.fr")
    assert small_con.execute("SELECT email, capacite, depuis FROM partenaires WHERE id = 'L1'").fetchone() == (
        None, None, None)
    web = small_con.execute("SELECT filieres_cibles, heures_unitaires, prix_reference FROM offres "
                            "WHERE id = 'WEB'").fetchone()
    assert web == (["hebergement", "restauration"], 0.5, None)
    assert small_con.execute("SELECT prix_reference FROM offres WHERE id = 'NEW'").fetchone()[0] == 60
    comment = small_con.execute("SELECT commentaire FROM besoins WHERE partenaire_id = 'H2'").fetchone()[0]
    assert comment == "Des photos, enfin ; et vite"
    assert small_con.execute("SELECT satisfaction FROM besoins WHERE partenaire_id = 'R1'").fetchone()[0] is None


def test_headers_and_codes_are_matched_without_case_or_accents(tmp_path, empty_con):
    path = write(tmp_path, "structure.csv",
                 "\ufeffNom;Statut juridique;Année;Objectif;Base objectif;Coût horaire;Heures disponibles\n"
                 "OT Test;Régie;2025;1 500,50 €;Résultat;38,5;1200\n")
    importer.import_file(empty_con, "structure", path)
    assert empty_con.execute("SELECT statut_juridique, objectif, base_objectif, cout_horaire FROM structure"
                             ).fetchone() == ("regie", 1500.5, "resultat", 38.5)


def test_reimport_updates_instead_of_duplicating(small_con, tmp_path):
    path = write(tmp_path, "partenaires.csv",
                 "id;nom;filiere;commune;capacite;statut;depuis;club_pro;email\n"
                 "H1;Hôtel Un;hebergement;Bourg;20;partenaire;2020;oui;h1@exemple.fr\n"
                 "H2;Gîte Deux rénové;hebergement;Bourg;8;partenaire;2024;non;\n"
                 "N1;Nouveau;culture;Bourg;;prospect;;non;\n")
    summary = importer.import_file(small_con, "partenaires", path)
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 1)
    assert small_con.execute("SELECT count(*) FROM partenaires").fetchone()[0] == 8
    assert small_con.execute("SELECT nom, capacite FROM partenaires WHERE id = 'H2'").fetchone() == (
        "Gîte Deux rénové", 8)


def test_subscriptions_replace_the_years_they_contain(small_con, tmp_path):
    path = write(tmp_path, "souscriptions.csv", "partenaire_id;offre_id;annee;montant\nH1;PHOTO;2025;99\n")
    summary = importer.import_file(small_con, "souscriptions", path)
    assert summary.replaced == 8
    rows = small_con.execute("SELECT annee, count(*) FROM souscriptions GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [(2024, 1), (2025, 1)]


BAD_FILES = [
    ("partenaires", "id;nom;filiere;commune;capacite;statut;depuis;club_pro;email\n"
                    "X1;Bar;bistronomie;Bourg;;partenaire;;non;\n",
     "ligne 2, colonne « filiere », valeur « bistronomie »"),
    ("partenaires", "id;nom;commune;capacite;statut;depuis;club_pro;email\n"
                    "X1;Bar;Bourg;;partenaire;;non;\n", "colonne « filiere » : colonne manquante"),
    ("partenaires", "id;nom;filiere;commune;capacite;statut;depuis;club_pro;email\n"
                    "X1;Bar;restauration;Bourg;;partenaire;;peut-être;\n", "attendu : oui ou non"),
    ("partenaires", "id;nom;filiere;commune;capacite;statut;depuis;club_pro;email\n"
                    "X1;Bar;restauration;Bourg;;partenaire;;non;\nX1;Bis;restauration;Bourg;;partenaire;;non;\n",
     "ligne 3, colonne « id », valeur « X1 » : ligne en double"),
    ("offres", (SMALL / "offres.csv").read_text().replace("PHOTO;Photos;visibilite;service;a_la_carte;150",
                                                        "PHOTO;Photos;visibilite;service;a_la_carte;-150"),
     "ligne 3, colonne « prix », valeur « -150 » : doit être supérieur ou égal à 0"),
    ("offres", (SMALL / "offres.csv").read_text().replace(";3;existant;;Visibilité", ";douze;existant;;Visibilité", 1),
     "colonne « alignement », valeur « douze » : nombre attendu"),
    ("souscriptions", "partenaire_id;offre_id;annee;montant\nZZ;PHOTO;2025;10\n",
     "ligne 2, colonne « partenaire_id », valeur « ZZ » : partenaire inconnu"),
    ("souscriptions", "partenaire_id;offre_id;annee;montant\nH1;PHOTO;2025;10;5\n",
     "ligne 2 : plus de cellules remplies que d'en-têtes"),
    ("composition_packs", "pack_id;offre_id\nPHOTO;WEB\n", "ce n'est pas une offre de type pack"),
    ("besoins", "partenaire_id;theme;importance;satisfaction;commentaire\nH1;Vente;9;;\n",
     "colonne « importance », valeur « 9 » : doit être inférieur ou égal à 5"),
    ("structure", "", "le fichier est vide"),
    ("structure", (SMALL / "structure.csv").read_text() + "Autre;epic;2025;1;resultat;1;1\n",
     "exactement une ligne"),
]


@pytest.mark.parametrize(("kind", "text", "message"), BAD_FILES)
def test_a_file_that_does_not_fit_is_refused_whole(small_con, tmp_path, kind, text, message):
    before = dump(small_con)
    path = write(tmp_path, f"{kind}.csv", text)
    with pytest.raises(TemplateError) as refused:
        importer.import_file(small_con, kind, path)
    assert message in str(refused.value)
    assert "rien n'a été importé" in str(refused.value)
    assert dump(small_con) == before


def test_a_binary_file_is_refused(small_con, tmp_path):
    path = tmp_path / "partenaires.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00\x08\x00binary\x00\x00")
    with pytest.raises(TemplateError, match="binaire"):
        importer.import_file(small_con, "partenaires", path)


def test_written_templates_read_back_identically(small_con, tmp_path):
    for name in ("partenaires", "offres", "souscriptions"):
        frame = read_template(name, SMALL / f"{name}.csv")
        write_template(name, frame, tmp_path / f"{name}.csv")
        assert read_template(name, tmp_path / f"{name}.csv").equals(frame)


def test_every_template_documents_its_columns():
    for template in TEMPLATES.values():
        assert template.description
        assert all(column.description for column in template.columns)
