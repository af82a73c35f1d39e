"""Import modes and tolerant reading: valid rows only, dry run, refresh by id, French number and date
writing, separators and encodings, the command line's refusals."""

from __future__ import annotations

import pandas as pd
import pytest

from otmodel.cli import main
from otmodel.data import backup, importer, mapping
from otmodel.data.validation import TemplateError, _numbers, check_template

HEAD = "id;nom;filiere;statut;capacite;club_pro\n"
GOOD_AND_BAD = (HEAD + "A1;Alpha;culture;prospect;10;non\n"
                "A2;Beta;Boulangerie;prospect;;non\n"
                "A3;Gamma;commerce;partenaire;-4;x\n"
                "A4;Delta;sport;ancien;1 500;Oui\n").encode("cp1252")


@pytest.mark.parametrize(("written", "value"), [
    ("1 250,50 €", 1250.5), ("1\u00a0250,50\u00a0€", 1250.5), ("1\u202f250", 1250.0), ("12,5 %", 12.5),
    ("1.250,50", 1250.5), ("1,250.50", 1250.5), ("180,00", 180.0), ("180 € HT", 180.0), ("0,25", 0.25),
    ("-3", -3.0), ("42", 42.0), ("3.5", 3.5), ("EUR 12", None), ("douze", None), ("", None),
])
def test_french_numbers(written, value):
    parsed = _numbers(pd.Series([written], dtype=object).astype(str))[0]
    assert (pd.isna(parsed) and value is None) or parsed == value


def test_year_columns_accept_dates(empty_con):
    importer.import_file(empty_con, "partenaires", (b"id;nom;filiere;statut;depuis\nA;A;culture;prospect;15/03/2011\n"
                                                    b"B;B;culture;prospect;2012-01-31\n"))
    assert empty_con.execute("SELECT depuis FROM partenaires ORDER BY id").fetchall() == [(2011,), (2012,)]


def test_booleans_in_every_french_spelling():
    data = "id;nom;filiere;statut;club_pro\n" + "".join(
        f"B{i};N;culture;prospect;{word}\n" for i, word in enumerate(["oui", "NON", "Vrai", "faux", "x", "1", "0", ""]))
    frame = check_template("partenaires", data.encode()).frame
    assert frame["club_pro"].tolist() == [True, False, True, False, True, True, False, False]  # empty = non


def test_tab_separated_quoted_multiline_cells():
    data = 'partenaire_id\ttheme\timportance\tsatisfaction\tcommentaire\nH1\tPhotos\t4\t\t"ligne 1\nligne 2"\n'
    frame = check_template("besoins", data.encode()).frame
    assert frame.loc[2, "commentaire"] == "ligne 1\nligne 2"
    assert pd.isna(frame.loc[2, "satisfaction"])


def test_headers_matched_without_case_accents_units():
    data = "PARTENAIRE;Offre;Année;Montant HT (€)\nH1;WEB;2025;0\n"
    row = check_template("souscriptions", data.encode()).frame.iloc[0]
    assert row.tolist()[:4] == ["H1", "WEB", 2025, 0.0] and pd.isna(row["date"])  # the date is optional


def test_all_or_nothing_refuses_and_reports_every_row(small_con):
    before = backup.digest(small_con)
    with pytest.raises(TemplateError) as refused:
        importer.import_file(small_con, "partenaires", GOOD_AND_BAD)
    text = str(refused.value)
    assert "ligne 3, colonne « filiere », valeur « Boulangerie » : code inconnu" in text
    assert "ligne 4, colonne « capacite », valeur « -4 » : doit être supérieur ou égal à 0." in text
    assert backup.digest(small_con) == before


def test_valid_rows_only_writes_the_rest_to_a_file_to_fix(small_con):
    summary = importer.import_file(small_con, "partenaires", GOOD_AND_BAD, valid_rows_only=True)
    assert (summary.rows, summary.added, summary.rejected) == (4, 2, 2)
    assert small_con.execute("SELECT id, capacite FROM partenaires WHERE id LIKE 'A%' ORDER BY id").fetchall() == [
        ("A1", 10), ("A4", 1500)]
    rejected = summary.rejected_cells
    assert rejected.index.tolist() == [3, 4]
    assert rejected["problemes"].tolist() == [
        "filiere : code inconnu : corrigez-le ou traduisez-le (correspondance de valeurs). Valeurs possibles : "
        "hebergement, restauration, loisirs, commerce, artisanat, culture, sport, association, ess, mobilite, "
        "entreprise, terroir, autre (ou leurs libellés).",
        "capacite : doit être supérieur ou égal à 0."]
    # The user fixes the file; the "problemes" column is ignored on the way back.
    fixed = rejected.copy()
    fixed.loc[3, "filiere"] = "commerce"
    fixed.loc[4, "capacite"] = "4"
    again = importer.import_file(small_con, "partenaires", fixed.to_csv(sep=";", index=False).encode())
    assert (again.added, again.rejected) == (2, 0)


def test_dry_run_writes_nothing(small_con):
    before = backup.digest(small_con)
    summary = importer.import_file(small_con, "partenaires", HEAD.encode() + b"H1;Nouveau nom;hebergement;"
                                   b"partenaire;20;oui\nNEW;Neuf;culture;prospect;;non\n", dry_run=True)
    assert (summary.added, summary.updated, summary.dry_run) == (1, 1, True)
    assert str(summary).endswith("Vérification terminée, rien n'a été importé.")
    assert backup.digest(small_con) == before


def test_refresh_updates_and_keeps_columns_the_file_lacks(small_con):
    summary = importer.import_file(small_con, "partenaires", b"id;nom;filiere;statut\nH1;H\xc3\xb4tel Un bis;"
                                   b"hebergement;partenaire\nR1;Bistrot Un;restauration;partenaire\n")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 1)
    row = small_con.execute("SELECT nom, capacite, depuis, club_pro, email FROM partenaires WHERE id = 'H1'"
                            ).fetchall()
    assert row == [("Hôtel Un bis", 20, 2020, True, "h1@exemple.fr")]


def test_saved_mapping_round_trip(empty_con):
    saved = mapping.Mapping("partenaires", {"id": "Code"}, {"statut": "prospect"},
                            {"filiere": {"Hôtel": "hebergement"}})
    mapping.save(empty_con, "crm", saved)
    assert mapping.load(empty_con, "crm") == saved
    assert mapping.names(empty_con, "partenaires") == ["crm"]
    with pytest.raises(mapping.MappingError, match="« prix » n'est pas une colonne du modèle partenaires"):
        mapping.Mapping("partenaires", constants={"prix": "1"})


def test_mapping_syntax_errors_are_french(small_path, capsys):
    assert main(["import", "partenaires", __file__, "--db", str(small_path), "--map", "idSyndicObjectID"]) == 2
    assert "--map : « idSyndicObjectID » n'est pas de la forme colonne_modèle=valeur." in capsys.readouterr().err
    assert main(["import", "partenaires", __file__, "--db", str(small_path), "--mapping", "absente"]) == 2
    assert "aucune correspondance enregistrée ne s'appelle « absente »" in capsys.readouterr().err


def test_command_line_valid_rows_only(small_path, tmp_path, capsys):
    source = tmp_path / "partenaires.csv"
    source.write_bytes(GOOD_AND_BAD)
    assert main(["import", "partenaires", str(source), "--db", str(small_path)]) == 2
    assert "refusé, rien n'a été importé" in capsys.readouterr().err
    rejects = tmp_path / "a_corriger.csv"
    assert main(["import", "partenaires", str(source), "--db", str(small_path), "--valid-rows-only",
                 "--rejects", str(rejects)]) == 0
    out = capsys.readouterr()
    assert "2 ajoutée(s)" in out.out and "2 ligne(s) rejetée(s) à corriger" in out.out
    assert "lignes 3" not in out.err and "ligne 3, colonne « filiere »" in out.err
    header = rejects.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header == "id;nom;filiere;statut;capacite;club_pro;problemes"


def test_locked_database_gets_a_clear_message(small_path, capsys, lock_database):
    lock_database(small_path)
    assert main(["import", "partenaires", __file__, "--db", str(small_path)]) == 2
    assert "déjà ouverte en écriture par un autre programme" in capsys.readouterr().err

