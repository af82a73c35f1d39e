"""Real territory lists (issue 22): files without identifiers, national lists cut down to the territory, re-imports
that update. The files are tests/data/listes (see its README for what each row is there for)."""

from __future__ import annotations

import pandas as pd
import pytest

from otmodel import db
from otmodel.cli import main
from otmodel.data import backup, importer, lists, mapping
from otmodel.data.mapping import Mapping, MappingError
from otmodel.data.validation import TemplateError, check_template
from tests.fixtures import DATA

LISTES = DATA / "listes"
Y2025, Y2026 = LISTES / "classement_2025.csv", LISTES / "classement_2026.csv"
HEAD = ("DATE DE CLASSEMENT;TYPOLOGIE ÉTABLISSEMENT;CLASSEMENT;CATÉGORIE;MENTION;NOM COMMERCIAL;ADRESSE;CODE POSTAL;"
        "COMMUNE;SITE INTERNET;TYPE DE SÉJOUR;CAPACITÉ D'ACCUEIL (PERSONNES);NOMBRE DE CHAMBRES;NOMBRE D'EMPLACEMENTS;"
        "NOMBRE D'UNITÉS D'HABITATION;NOMBRE DE LOGEMENTS")


def atout(keep: str | None = "40*", id_from: tuple[str, ...] = ("NOM COMMERCIAL", "CODE POSTAL")) -> Mapping:
    """The mapping an office uses for the classified-accommodation list."""
    return Mapping("partenaires", constants={"statut": "non_partenaire", "filiere": "hebergement"},
                   id_from=list(id_from), keep={"CODE POSTAL": [keep]} if keep else {})


def stored(con, columns: str = "id, nom, commune, capacite, statut") -> list[tuple]:
    return con.execute(f"SELECT {columns} FROM partenaires ORDER BY id").fetchall()


# --- identifiers built from columns -----------------------------------------------------------------------

def test_identifiers_fold_case_accents_spaces_and_pad_postcodes():
    header = ["Nom commercial", "Code postal", "N° SIRET"]
    cells = pd.DataFrame([["HÔTEL DE LA GARE", "40100", "123 456 789 00012"],
                          ["Hôtel de la  Gare ", "40100", "12345678900012"],
                          ["Camping Bellevue", "9000", ""],
                          ["", "", ""]], columns=range(3))
    assert lists.identifiers(cells, header, ["Nom commercial", "Code postal"]).tolist() == [
        "hotel_de_la_gare-40100", "hotel_de_la_gare-40100", "camping_bellevue-09000", ""]
    assert lists.identifiers(cells, header, ["N° SIRET"]).tolist() == ["12345678900012", "12345678900012", "", ""]


def test_a_long_identifier_keeps_its_start_and_a_hash_of_the_whole():
    names = pd.DataFrame([["Résidence " + "très " * 20 + "longue A"], ["Résidence " + "très " * 20 + "longue B"]])
    built = lists.identifiers(names, ["NOM"], ["NOM"])
    assert built.str.len().tolist() == [64, 64]
    assert built[0][:55] == built[1][:55] == "residence_tres_tres_tres_tres_tres_tres_tres_tres_tres_"
    assert built[0] != built[1]
    assert lists.identifiers(names, ["NOM"], ["NOM"]).tolist() == built.tolist()  # the same next year


def test_siret_then_siren_is_proposed_first_else_name_and_postcode():
    assert lists.suggest_identifier(["Raison sociale", "SIREN", "Code postal", "N° SIRET"], "partenaires") == [
        "N° SIRET"]
    assert lists.suggest_identifier(["Raison sociale", "siren", "Ville"], "partenaires") == ["siren"]
    assert lists.suggest_identifier(HEAD.split(";"), "partenaires") == ["NOM COMMERCIAL", "CODE POSTAL"]
    assert lists.suggest_identifier(["Enseigne", "Ville", "Téléphone"], "partenaires") == ["Enseigne", "Ville"]
    assert lists.suggest_identifier(["Libellé", "Lieu"], "partenaires", {"nom": "Libellé"}) == ["Libellé"]


# --- keep my territory ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("keep", "expected"), [
    ({"CP": ["09*"]}, ["FOIX", "AX-LES-THERMES"]),  # « 9000 », « 9110 »: Excel dropped the zero
    ({"CP": ["40*", "64*"]}, ["DAX", "Saint-Paul-lès-Dax", "BIARRITZ", "SAINTES"]),  # the same column twice: or
    ({"CP": ["40*"], "COMMUNE": ["saint paul les dax"]}, ["Saint-Paul-lès-Dax"]),  # another column: and
    ({"COMMUNE": ["SAINT-*"]}, ["Saint-Paul-lès-Dax"]),  # « SAINT-* » is not « SAINTES »
    ({"COMMUNE": ["*dax"]}, ["DAX", "Saint-Paul-lès-Dax"]),
    ({"CP": ["4*"]}, ["DAX", "Saint-Paul-lès-Dax"]),  # « 4000 » is 04000, not the Landes
])
def test_keep_rows_by_patterns(keep, expected):
    header = ["COMMUNE", "CP"]
    cells = pd.DataFrame([["FOIX", "9000"], ["DAX", "40100"], ["Saint-Paul-lès-Dax", " 40990 "], ["BIARRITZ", "64200"],
                          ["AX-LES-THERMES", "9110"], ["SAINTES", "64999"], ["DIGNE", "4000"]], columns=range(2))
    assert cells[lists.kept(cells, header, keep)][0].tolist() == expected


# --- a file without identifiers, through the importer -----------------------------------------------------------

def test_a_list_without_identifiers_is_cut_to_the_territory_and_imported(empty_con):
    summary = importer.import_file(empty_con, "partenaires", Y2025, mapping=atout())
    assert (summary.rows, summary.left_out, summary.added, summary.duplicates, summary.rejected) == (8, 3, 4, 1, 0)
    assert str(summary) == ("partenaires : 8 ligne(s) lue(s), 5 gardée(s) et 3 écartée(s) par le filtre "
                            "« CODE POSTAL = 40* » — 4 ajoutée(s), 0 modifiée(s), 0 inchangée(s), "
                            "1 doublon(s) probable(s) mis de côté.")
    # « - », « NC », « n.c. » where a number is expected are empty, not errors.
    assert stored(empty_con) == [
        ("camping_bellevue-40200", "CAMPING BELLEVUE", "MIMIZAN", 300, "non_partenaire"),
        ("camping_le_lac-40600", "CAMPING LE LAC", "BISCARROSSE", None, "non_partenaire"),
        ("hotel_de_la_gare-40100", "HÔTEL DE LA GARE", "DAX", 40, "non_partenaire"),
        ("residence_les_pins-40600", "RÉSIDENCE LES PINS", "BISCARROSSE", None, "non_partenaire")]


def test_the_same_name_in_two_communes_gives_two_businesses(empty_con):
    importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(keep=None))
    assert empty_con.execute("SELECT id, commune FROM partenaires WHERE nom = 'CAMPING BELLEVUE' ORDER BY id"
                             ).fetchall() == [("camping_bellevue-09000", "FOIX"), ("camping_bellevue-40200", "MIMIZAN")]


def test_a_colliding_identifier_is_set_aside_with_its_reason_never_refused_nor_dropped(empty_con):
    summary = importer.import_file(empty_con, "partenaires", Y2025, mapping=atout())  # all or nothing
    aside = summary.rejected_cells
    assert aside.index.tolist() == [5]
    assert aside.loc[5, "NOM COMMERCIAL"] == "Hôtel de la  Gare"
    assert aside.loc[5, "problemes"] == (
        "id : doublon probable : même identifiant construit que la ligne 4. Si c'est la même entreprise, laissez "
        "cette ligne de côté ; sinon ajoutez une colonne à l'identifiant (ex. l'adresse) et importez à nouveau "
        "tout le fichier.")
    # The address tells the two hotels apart: both come in.
    with_address = atout(id_from=["NOM COMMERCIAL", "ADRESSE", "CODE POSTAL"])
    again = importer.import_file(empty_con, "partenaires", Y2025, mapping=with_address)
    assert (again.duplicates, again.rejected_cells) == (0, None)
    assert empty_con.execute("SELECT count(*) FROM partenaires WHERE id LIKE 'hotel_de_la_gare%'").fetchone() == (3,)


def test_importing_the_same_file_twice_adds_nothing(empty_con):
    importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    again = importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    assert (again.added, again.updated, again.unchanged, again.duplicates) == (0, 0, 4, 1)
    assert again.changes is not None and again.changes.absent.empty


def test_a_newer_list_updates_adds_and_reports_who_left_without_deleting(empty_con):
    importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    summary = importer.import_file(empty_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France")
    assert (summary.added, summary.updated, summary.unchanged, summary.duplicates) == (1, 1, 2, 1)
    assert summary.changes.absent[["id", "nom"]].values.tolist() == [["camping_le_lac-40600", "CAMPING LE LAC"]]
    assert str(summary).endswith(", 1 absente(s) de la liste « Atout France », inchangée(s).")
    assert empty_con.execute("SELECT capacite FROM partenaires WHERE id = 'residence_les_pins-40600'"
                             ).fetchone() == (240,)
    assert empty_con.execute("SELECT statut FROM partenaires WHERE id = 'camping_le_lac-40600'"
                             ).fetchone() == ("non_partenaire",)
    # Asked to: marked « ancien », still there; once former, it is not reported again.
    marked = importer.import_file(empty_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France",
                                  mark_absent=True)
    assert marked.changes.marked and str(marked).endswith("1 absente(s) de la liste « Atout France », "
                                                          "marquée(s) « ancien ».")
    assert stored(empty_con, "id, statut")[1] == ("camping_le_lac-40600", "ancien")
    assert empty_con.execute("SELECT count(*) FROM partenaires").fetchone() == (5,)
    later = importer.import_file(empty_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France",
                                 mark_absent=True)
    assert later.changes.absent.empty


def test_only_the_businesses_of_the_same_list_can_be_absent(small_con):
    """The small territory's own businesses were not brought by the list: they are never reported."""
    former = "SELECT id FROM partenaires WHERE statut = 'ancien' ORDER BY id"
    before = small_con.execute(former).fetchall()
    importer.import_file(small_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    summary = importer.import_file(small_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France",
                                   mark_absent=True)
    assert summary.changes.absent["id"].tolist() == ["camping_le_lac-40600"]
    assert small_con.execute(former).fetchall() == sorted([*before, ("camping_le_lac-40600",)])


def test_a_refresh_keeps_the_status_the_office_gave_a_known_business(empty_con):
    importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    empty_con.execute("UPDATE partenaires SET statut = 'partenaire' WHERE id = 'camping_bellevue-40200'")
    summary = importer.import_file(empty_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France")
    assert summary.added == 1
    assert dict(stored(empty_con, "id, statut")) == {
        "camping_bellevue-40200": "partenaire", "camping_le_lac-40600": "non_partenaire",
        "hotel_de_la_gare-40100": "non_partenaire", "hotel_le_bouquet-40990": "non_partenaire",
        "residence_les_pins-40600": "non_partenaire"}


def test_postcodes_excel_wrote_without_their_zero_are_kept_and_stay_stable(empty_con):
    first = importer.import_file(empty_con, "partenaires", Y2025, mapping=atout(keep="09*"))
    assert (first.rows - first.left_out, first.added) == (2, 2)
    assert stored(empty_con, "id, commune") == [("camping_bellevue-09000", "FOIX"),
                                                ("village_vacances_les_isards-09110", "AX-LES-THERMES")]
    # 2026 writes Foix's postcode 09000: the same identifier, nothing added.
    assert importer.import_file(empty_con, "partenaires", Y2026, mapping=atout(keep="09*")).added == 0


def test_a_dry_run_writes_nothing_not_even_the_list(small_con):
    importer.import_file(small_con, "partenaires", Y2025, mapping=atout(), mapping_name="Atout France")
    before = backup.digest(small_con)
    summary = importer.import_file(small_con, "partenaires", Y2026, mapping=atout(), mapping_name="Atout France",
                                   mark_absent=True, dry_run=True)
    assert (summary.added, len(summary.changes.absent), summary.dry_run) == (1, 1, True)
    assert backup.digest(small_con) == before


def test_a_row_without_any_identifier_column_is_rejected_with_the_columns_named():
    data = (HEAD + "\n" + "01/01/2024;CAMPING;1 étoile;Tourisme;-;;;;DAX;;Loisirs;-;-;-;-;-\n").encode()
    checked = check_template("partenaires", data, mapping=atout(keep=None))
    assert [str(p) for p in checked.problems] == [
        "ligne 2, colonne « id » : identifiant impossible à construire : les colonnes NOM COMMERCIAL + CODE POSTAL "
        "sont vides sur cette ligne.",
        "ligne 2, colonne « nom », valeur «  » : valeur obligatoire manquante."]


@pytest.mark.parametrize("written", ["-", "—", "NC", "n.c.", "N/C", "ND", "non communiqué", "Non renseigné"])
def test_no_figure_reads_as_empty_where_a_number_is_expected(written):
    data = f"id;nom;filiere;statut;capacite\nA;A;hebergement;prospect;{written}\n".encode()
    checked = check_template("partenaires", data)
    assert checked.problems == [] and pd.isna(checked.frame.loc[2, "capacite"])


def test_no_figure_in_a_required_number_is_missing_and_a_negative_is_still_a_number():
    data = b"partenaire_id;offre_id;annee;montant\nA;B;2025;NC\nA;C;2025;-4\n"
    problems = [str(p) for p in check_template("souscriptions", data).problems]
    assert problems == ["ligne 2, colonne « montant », valeur « NC » : valeur obligatoire manquante.",
                        "ligne 3, colonne « montant », valeur « -4 » : doit être supérieur ou égal à 0."]


# --- refusals, in French ------------------------------------------------------------------------------------

def test_a_filter_that_keeps_nothing_says_what_the_column_holds():
    with pytest.raises(TemplateError) as refused:
        check_template("partenaires", Y2025, mapping=atout(keep="33*"))
    assert ("aucune des 8 lignes ne correspond au filtre « CODE POSTAL = 33* » : vérifiez la colonne et le motif "
            "(* remplace n'importe quelle suite de caractères). Valeurs de « CODE POSTAL » dans le fichier : 40200, "
            "09000, 40100, 40600, 64200, 09110…") in str(refused.value)


def test_a_column_the_file_does_not_have_is_named_with_the_file_columns():
    with pytest.raises(TemplateError) as refused:
        check_template("partenaires", Y2025, mapping=atout(id_from=["NOM", "CP"]))
    text = str(refused.value)
    assert "ligne 1, colonne « NOM » : colonne source introuvable (identifiant ou filtre)." in text
    assert "ligne 1, colonne « CP » : colonne source introuvable" in text
    assert "Colonnes du fichier : DATE DE CLASSEMENT ; TYPOLOGIE ÉTABLISSEMENT ;" in text


def test_mapping_refusals():
    with pytest.raises(MappingError, match=r"soit d.une colonne du fichier .* soit de colonnes combinées"):
        Mapping("partenaires", columns={"id": "Code"}, id_from=["NOM"])
    with pytest.raises(MappingError, match="le modèle souscriptions n'a pas de colonne id"):
        Mapping("souscriptions", id_from=["NOM"])
    with pytest.raises(MappingError, match=r"--keep : « CODE POSTAL » doit être de la forme COLONNE=MOTIF"):
        mapping.parse_keep(["CODE POSTAL"])


# --- the saved mapping covers the new options ----------------------------------------------------------------

def test_saved_mapping_keeps_identifier_and_filter(empty_con):
    saved = atout(keep="40*")
    mapping.save(empty_con, "Atout France", saved)
    assert mapping.load(empty_con, "Atout France") == saved
    # A mapping saved before these options still loads.
    assert Mapping.from_json({"template": "partenaires", "columns": {"id": "Code"}}).id_from == []
    # Options given next year complete it: another filter replaces the same column's.
    merged = saved.merged(Mapping("partenaires", keep={"CODE POSTAL": ["64*"]}))
    assert (merged.id_from, merged.keep) == (["NOM COMMERCIAL", "CODE POSTAL"], {"CODE POSTAL": ["64*"]})
    assert saved.merged(Mapping("partenaires", columns={"id": "SIRET"})).id_from == []


# --- the command line (the contract) ------------------------------------------------------------------------

def test_command_line_contract(tmp_path, capsys):
    path, rejects = str(tmp_path / "cli.duckdb"), tmp_path / "a_corriger.csv"
    args = ["import", "partenaires", str(Y2025), "--db", path, "--id-from", "NOM COMMERCIAL,CODE POSTAL",
            "--keep", "CODE POSTAL=40*", "--set", "statut=non_partenaire,filiere=hebergement",
            "--rejects", str(rejects)]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "Identifiant construit à partir de : NOM COMMERCIAL + CODE POSTAL." in out.out
    assert ("5 gardée(s) et 3 écartée(s) par le filtre « CODE POSTAL = 40* » — 4 ajoutée(s), 0 modifiée(s), "
            "0 inchangée(s), 1 doublon(s) probable(s) mis de côté.") in out.out
    assert "1 doublon(s) probable(s) mis de côté" in out.err and str(rejects) in out.err
    lines = rejects.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("18/01/2023;HÔTEL DE TOURISME;") and "doublon probable" in lines[1]
    assert main(args) == 0
    assert "— 0 ajoutée(s), 0 modifiée(s), 4 inchangée(s)" in capsys.readouterr().out


def test_command_line_auto_identifier_saved_as_its_columns_then_absent_marked(tmp_path, capsys):
    path, rejects = str(tmp_path / "cli.duckdb"), str(tmp_path / "a_corriger.csv")
    assert main(["import", "partenaires", str(Y2025), "--db", path, "--map", "id=auto", "--keep", "CODE POSTAL=40*",
                 "--set", "statut=non_partenaire,filiere=hebergement", "--save-mapping", "Atout France",
                 "--rejects", rejects]) == 0
    assert "Identifiant construit à partir de : NOM COMMERCIAL + CODE POSTAL." in capsys.readouterr().out
    assert main(["import", "partenaires", str(Y2026), "--db", path, "--mapping", "Atout France",
                 "--rejects", rejects]) == 0
    out = capsys.readouterr().out
    assert "1 absente(s) de la liste « Atout France », inchangée(s)." in out
    assert "Plus dans la liste « Atout France » : CAMPING LE LAC (BISCARROSSE, camping_le_lac-40600)." in out
    assert "relancez l'import avec --absent ancien." in out
    assert main(["import", "partenaires", str(Y2026), "--db", path, "--mapping", "Atout France",
                 "--absent", "ancien", "--rejects", rejects]) == 0
    assert "marquée(s) « ancien »" in capsys.readouterr().out
    with db.connect(path) as con:
        assert mapping.load(con, "Atout France").id_from == ["NOM COMMERCIAL", "CODE POSTAL"]
        assert con.execute("SELECT statut FROM partenaires WHERE id = 'camping_le_lac-40600'").fetchone() == (
            "ancien",)


def test_command_line_refusals_are_french(tmp_path, capsys):
    path = str(tmp_path / "cli.duckdb")
    assert main(["import", "partenaires", str(Y2025), "--db", path, "--keep", "CODE POSTAL"]) == 2
    assert "--keep : « CODE POSTAL » doit être de la forme COLONNE=MOTIF" in capsys.readouterr().err
    assert main(["import", "partenaires", str(Y2025), "--db", path, "--id-from", "NOM", "--set",
                 "statut=prospect,filiere=hebergement"]) == 2
    assert "colonne « NOM » : colonne source introuvable" in capsys.readouterr().err
