"""A corpus of malformed and hostile files: each is imported exactly or refused with a French message,
and a refused import leaves the database exactly as it was (digest of every table)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from otmodel.data import backup, importer
from otmodel.data.mapping import Mapping
from otmodel.data.validation import TemplateError

P_HEAD = "id;nom;filiere;commune;capacite;statut;depuis;club_pro;email\n"
P_ROW = "Z1;Maison Zéro;hebergement;Bourg;10;partenaire;2020;oui;z@exemple.fr\n"
O_HEAD = ("id;nom;famille;type;sphere;prix;filieres_cibles;cout_fixe;cout_unitaire;heures_fixes;"
          "heures_unitaires;portage;alignement;cycle;prix_reference;theme_besoin\n")
O_ROW = "NEW;Nouveau;visibilite;service;socle;{prix};;0;0;0;0;interne;2;existant;;\n"
S_HEAD = "partenaire_id;offre_id;annee;montant\n"


def _xlsx(rows: list[list], title: str = "Feuille") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "bonjour")
    return out.getvalue()


# (case id, template, file bytes, French words the refusal must contain)
REFUSED = [
    ("vide", "partenaires", b"", "vide"),
    ("lignes_blanches", "partenaires", b"\r\n\r\n  \r\n", "vide"),
    ("entetes_seuls_effacerait_tout", "besoins", b"partenaire_id;theme;importance;satisfaction;commentaire\n",
     "effacerait les 3 lignes existantes"),
    ("png_renomme", "partenaires", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binaire"),
    ("octets_au_hasard", "offres", bytes(range(256)) * 8, "binaire"),
    ("zip_quelconque", "partenaires", _zip(), "ZIP"),
    ("ancien_xls", "partenaires", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls"),
    ("pdf", "partenaires", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("xlsx_tronque", "partenaires", _xlsx([["id", "nom"]])[:400], "ZIP"),
    ("colonne_manquante", "partenaires", (P_HEAD.replace("filiere;", "") + "Z1;Z;Bourg;;partenaire;;non;\n")
     .encode(), "colonne manquante"),
    ("colonne_inconnue", "partenaires", (P_HEAD.strip() + ";Téléphone\n" + P_ROW.strip() + ";0102\n").encode(),
     "colonne inconnue"),
    ("colonne_en_double", "partenaires", (b"id;id;nom;filiere;statut\nA;A;B;culture;partenaire\n"),
     "deux fois"),
    ("code_inconnu", "partenaires", (P_HEAD + P_ROW.replace("hebergement", "Boulangerie")).encode(),
     "code inconnu"),
    ("prix_negatif", "offres", (O_HEAD + O_ROW.format(prix="-50")).encode(), "supérieur ou égal à 0"),
    ("prix_infini", "offres", (O_HEAD + O_ROW.format(prix="1e400")).encode(), "démesuré"),
    ("prix_en_lettres", "offres", (O_HEAD + O_ROW.format(prix="cent euros")).encode(), "nombre attendu"),
    ("identifiants_en_double", "partenaires", (P_HEAD + P_ROW + P_ROW).encode(), "en double"),
    ("partenaire_inconnu", "souscriptions", (S_HEAD + "FANTOME;WEB;2025;0\n").encode(), "partenaire inconnu"),
    ("offre_inconnue", "souscriptions", (S_HEAD + "H1;RIEN;2025;0\n").encode(), "offre inconnue"),
    ("pack_qui_n_en_est_pas", "composition_packs", b"pack_id;offre_id\nWEB;CLUB\n", "type pack"),
    ("annee_absurde", "souscriptions", (S_HEAD + "H1;WEB;1850;0\n").encode(), "supérieur ou égal à 1990"),
    ("souscription_en_double", "souscriptions", (S_HEAD + "H1;WEB;2025;0\nH1;WEB;2025;0\n").encode(), "en double"),
    ("importance_hors_echelle", "besoins",
     b"partenaire_id;theme;importance;satisfaction;commentaire\nH1;Photos;9;;\n", "inférieur ou égal à 5"),
    ("booleen_incertain", "partenaires", (P_HEAD + P_ROW.replace(";oui;", ";peut-être;")).encode(), "oui ou non"),
    ("capacite_decimale", "partenaires", (P_HEAD + P_ROW.replace(";10;", ";12,5;")).encode(), "entier"),
    ("cellule_de_10000_caracteres", "partenaires", (P_HEAD + P_ROW.replace("Maison Zéro", "A" * 10_000)).encode(),
     "trop long"),
    ("commentaire_de_10000_caracteres", "besoins",
     ("partenaire_id;theme;importance;satisfaction;commentaire\nH1;Photos;3;;" + "blabla " * 1500 + "\n").encode(),
     "trop long"),
    ("cellules_en_trop", "partenaires", (P_HEAD + P_ROW.strip() + ";de trop;encore\n").encode(),
     "plus de cellules"),
    ("guillemet_jamais_ferme", "partenaires", (P_HEAD + 'Z1;"Maison;hebergement;Bourg;;partenaire;;non;\n'
                                               + P_ROW).encode(), "obligatoire"),
    ("structure_a_deux_lignes", "structure",
     b"nom;statut_juridique;annee;objectif;base_objectif;cout_horaire;heures_disponibles\n"
     b"A;association;2025;1;resultat;40;100\nB;association;2025;1;resultat;40;100\n", "exactement une ligne"),
    ("xlsx_sans_donnees", "partenaires", _xlsx([]), "aucune donnée"),
]


@pytest.mark.parametrize(("case", "kind", "data", "words"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_file_leaves_database_untouched(small_con, case, kind, data, words):
    before = backup.digest(small_con)
    with pytest.raises(TemplateError) as refused:
        importer.import_file(small_con, kind, data)
    message = str(refused.value)
    assert message.startswith(f"Fichier « {kind} » refusé, rien n'a été importé")
    assert words in message
    assert "Traceback" not in message
    assert backup.digest(small_con) == before


def test_corpus_is_large_enough():
    assert len(REFUSED) + len(IMPORTED) >= 25


def test_file_over_the_size_cap_is_refused(small_con, monkeypatch):
    monkeypatch.setenv("OTMODEL_MAX_IMPORT_MB", "0.001")  # about 1 kB
    before = backup.digest(small_con)
    with pytest.raises(TemplateError, match="au-delà de la limite de 0 Mo"):
        importer.import_file(small_con, "partenaires", (P_HEAD + P_ROW * 40).encode())
    assert backup.digest(small_con) == before


def test_mapping_naming_a_missing_source_column(small_con):
    before = backup.digest(small_con)
    with pytest.raises(TemplateError, match="colonne source introuvable pour « nom »"):
        importer.import_file(small_con, "partenaires", (P_HEAD + P_ROW).encode(),
                             mapping=Mapping("partenaires", columns={"nom": "Raison sociale"}))
    assert backup.digest(small_con) == before


def test_unknown_sheet_lists_the_sheets(small_con):
    with pytest.raises(TemplateError, match=r"feuille « Données » introuvable\. Feuilles du classeur : Feuille"):
        importer.import_file(small_con, "partenaires", _xlsx([["id"]]), sheet="Données")


# Files that look hostile but are legitimate: imported exactly.
FORMULA = "=HYPERLINK(\"http://evil.example\";\"clic\")"
SQLISH = "Robert'); DROP TABLE partenaires;--"
IMPORTED = [
    ("formule_dans_le_nom", (P_HEAD + P_ROW.replace("Maison Zéro", f'"{FORMULA.replace(chr(34), 2 * chr(34))}"'))
     .encode(), FORMULA),
    ("sql_dans_le_nom", (P_HEAD + P_ROW.replace("Maison Zéro", f'"{SQLISH}"')).encode(), SQLISH),
    ("utf16_excel_texte_unicode", (P_HEAD + P_ROW).replace(";", "\t").encode("utf-16"), "Maison Zéro"),
    ("latin1", (P_HEAD + P_ROW).encode("latin-1"), "Maison Zéro"),
    ("virgules", (P_HEAD + P_ROW).replace(";", ",").encode("utf-8-sig"), "Maison Zéro"),
    ("titre_au_dessus_des_entetes", ("Liste des partenaires 2025;;;\n;;;\n" + P_HEAD + P_ROW).encode("cp1252"),
     "Maison Zéro"),
    ("apostrophe_d_export_retiree", (P_HEAD + P_ROW.replace("Maison Zéro", "'+33 Maison")).encode(), "+33 Maison"),
]


@pytest.mark.parametrize(("case", "data", "name"), IMPORTED, ids=[c[0] for c in IMPORTED])
def test_legitimate_odd_file_is_imported_exactly(small_con, case, data, name):
    count = small_con.execute("SELECT count(*) FROM partenaires").fetchall()[0][0]
    summary = importer.import_file(small_con, "partenaires", data)
    assert (summary.rows, summary.added) == (1, 1)
    row = small_con.execute("SELECT nom, filiere, capacite, statut, depuis, club_pro, email FROM partenaires "
                            "WHERE id = 'Z1'").fetchall()
    assert row == [(name, "hebergement", 10, "partenaire", 2020, True, "z@exemple.fr")]
    assert small_con.execute("SELECT count(*) FROM partenaires").fetchall() == [(count + 1,)]  # table intact


def test_xlsx_with_formulas_title_and_second_sheet(small_con):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Lisez-moi"])
    data = book.create_sheet("Partenaires")
    data.append(["Export du 01/03/2025"])
    data.append([])
    data.append(["Identifiant", "Nom", "Filière", "Statut", "Capacité", "Club pro"])
    data.append(["Z1", "Maison", "Hébergement", "Partenaire", "=4*5", True])
    out = io.BytesIO()
    book.save(out)
    # openpyxl stores no computed value for "=4*5": the importer must say so rather than guess.
    with pytest.raises(TemplateError, match="formules sans valeur calculée"):
        importer.import_file(small_con, "partenaires", out.getvalue())
    data["E4"] = 20
    out = io.BytesIO()
    book.save(out)
    summary = importer.import_file(small_con, "partenaires", out.getvalue())
    assert summary.description == "Classeur Excel, feuille « Partenaires », en-têtes ligne 3."
    assert small_con.execute("SELECT capacite, club_pro FROM partenaires WHERE id = 'Z1'").fetchall() == [(20, True)]
