"""Exports are safe and exact (export → import gives the same tables); backup → restore gives the same
database; restore refuses a file that does not match."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otmodel import db
from otmodel.cli import main
from otmodel.data import backup, exports, importer
from otmodel.scenarios import results


def _data_digest(con) -> dict[str, list]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in db.DATA_TABLES}


def test_csv_export_then_import_is_exact(destination_con, tmp_path):
    fresh = db.connect(tmp_path / "copy.duckdb")
    try:
        for table in db.DATA_TABLES:
            data = exports.to_csv_bytes(exports.table_frame(destination_con, table, include_emails=True))
            assert data.startswith(b"\xef\xbb\xbf")
            if len(exports.table_frame(destination_con, table)):
                importer.import_file(fresh, table, data)
        assert _data_digest(fresh) == _data_digest(destination_con)
    finally:
        fresh.close()


def test_xlsx_export_of_all_tables_then_import_is_exact(destination_con, tmp_path):
    book = exports.to_xlsx_bytes(exports.frames_for(destination_con, "all", include_emails=True))
    sheets = openpyxl.load_workbook(io.BytesIO(book)).sheetnames
    assert sheets == [*db.DATA_TABLES, "import_history"]
    fresh = db.connect(tmp_path / "copy.duckdb")
    try:
        for table in db.DATA_TABLES:
            if destination_con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
                importer.import_file(fresh, table, book, sheet=table)
        assert _data_digest(fresh) == _data_digest(destination_con)
    finally:
        fresh.close()


def test_csv_is_french_excel_csv(small_con):
    text = exports.to_csv_bytes(exports.table_frame(small_con, "offres")).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith("id;nom;famille;type;sphere;prix;filieres_cibles;")
    photo = next(line for line in lines if line.startswith("PHOTO;"))
    assert photo == "PHOTO;Photos;visibilite;service;a_la_carte;150;hebergement|restauration;0;50;0;1;sous_traite;2;" \
                    "existant;;Photos;;;"  # no skills, carriers nor description given
    web = next(line for line in lines if line.startswith("WEB;"))
    assert ";0,5;" in web  # decimal comma


def test_emails_only_on_request(small_con):
    assert "email" not in exports.table_frame(small_con, "partenaires").columns
    with_emails = exports.table_frame(small_con, "partenaires", include_emails=True)
    assert with_emails.set_index("id").at["H1", "email"] == "h1@exemple.fr"


@pytest.mark.parametrize("evil", ["=1+2", "+33 6 00", "-2+3", "@SUM(A1)", "\tcaché", "\rretour"])
def test_formula_like_text_is_neutralised_everywhere(small_con, evil):
    small_con.execute("INSERT INTO partenaires (id, nom, filiere, statut, club_pro) "
                      "VALUES ('EVIL', ?, 'culture', 'prospect', false)", [evil])
    frame = exports.table_frame(small_con, "partenaires")
    rows = list(csv.reader(io.StringIO(exports.to_csv_bytes(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[1] for r in rows if r[0] == "EVIL"] == ["'" + evil]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"p": frame})))["p"]
    names = [(row[1].value, row[1].data_type) for row in sheet.iter_rows(min_row=2) if row[0].value == "EVIL"]
    assert names == [("'" + evil.replace("\r", "\n"), "s")]  # XML reads a lone CR back as LF


def test_neutralised_text_comes_back_exactly(small_con):
    importer.import_file(small_con, "partenaires", b"id;nom;filiere;statut\nEVIL;=1+2;culture;prospect\n")
    exported = exports.to_csv_bytes(exports.table_frame(small_con, "partenaires"))
    assert "EVIL;'=1+2;" in exported.decode("utf-8-sig")
    importer.import_file(small_con, "partenaires", exported)
    assert small_con.execute("SELECT nom FROM partenaires WHERE id = 'EVIL'").fetchall() == [("=1+2",)]


def test_negative_numbers_stay_numbers(small_con):
    frame = results.results_frame(small_con, _saved_scenario(small_con))
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"s": frame})))["s"]
    header = [c.value for c in sheet[1]]
    margins = [row[header.index("margin")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(m, (int, float)) for m in margins)
    assert min(margins) < 0


def _saved_scenario(con) -> str:
    con.execute("INSERT INTO scenarios (name, spec) VALUES ('base', '{}')")
    return "base"


def test_export_command(small_path, tmp_path, capsys):
    out = tmp_path / "all.xlsx"
    assert main(["export", "all", "--db", str(small_path), "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out)["offres"]["A1"].font.bold
    assert main(["export", "all", "--db", str(small_path), "--out", str(tmp_path / "all.csv")]) == 2
    assert "choisissez un fichier .xlsx" in capsys.readouterr().err
    assert main(["export", "nimporte", "--db", str(small_path), "--out", str(tmp_path / "x.csv")]) == 2
    assert "table inconnue « nimporte »" in capsys.readouterr().err


def test_backup_then_restore_is_identical(destination_con, tmp_path):
    importer.import_file(destination_con, "partenaires", b"id;nom;filiere;statut\nQ1;Q;culture;prospect\n")
    expected = backup.digest(destination_con)
    data = backup.backup_bytes(destination_con)
    manifest = backup.read_manifest(data)
    assert manifest["schema_version"] == db.schema_version(destination_con)
    counts = {t: destination_con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in manifest["tables"]}
    assert {t: v["rows"] for t, v in manifest["tables"].items()} == counts
    fresh = db.connect(tmp_path / "restored.duckdb")
    try:
        importer.import_file(fresh, "partenaires", b"id;nom;filiere;statut\nX;X;culture;prospect\n")
        backup.restore_bytes(fresh, data)
        assert backup.digest(fresh) == expected
    finally:
        fresh.close()


def _tampered(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
            archive.writestr(name, content)
    return out.getvalue()


def _with_other_file(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, source.read("offres.parquet") if name == "partenaires.parquet"
                             else source.read(name))
    return out.getvalue()


@pytest.mark.parametrize(("label", "mutate", "words"), [
    ("pas_un_zip", lambda d: b"bonjour", "n'est pas une sauvegarde otmodel"),
    ("autre_application", lambda d: _tampered(d, lambda m: m.update(application="autre")), "manifeste inattendu"),
    ("autre_version", lambda d: _tampered(d, lambda m: m.update(schema_version=1)), "version de schéma 1"),
    ("table_en_moins", lambda d: _tampered(d, lambda m: m["tables"].pop("offres")), "ne correspondent pas"),
    ("contenu_change", _with_other_file, "abîmée"),
    ("compte_faux", lambda d: _tampered(d, lambda m: m["tables"]["offres"].update(rows=999)), "annoncées"),
])
def test_restore_refuses_a_file_that_does_not_match(small_con, label, mutate, words):
    data = backup.backup_bytes(small_con)
    importer.import_file(small_con, "partenaires", b"id;nom;filiere;statut\nQ1;Q;culture;prospect\n")
    before = backup.digest(small_con)
    with pytest.raises(backup.BackupError, match=words):
        backup.restore_bytes(small_con, mutate(data))
    assert backup.digest(small_con) == before


def test_backup_and_restore_commands(small_path, tmp_path, capsys):
    archive = tmp_path / "sauvegarde.zip"
    assert main(["backup", "--db", str(small_path), "--out", str(archive)]) == 0
    target = tmp_path / "autre.duckdb"
    assert main(["restore", str(archive), "--db", str(target)]) == 0
    assert "Base restaurée" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "absent.zip"), "--db", str(target)]) == 2
    assert "introuvable" in capsys.readouterr().err
    first, second = db.connect(small_path), db.connect(target)
    try:
        assert backup.digest(first) == backup.digest(second)
    finally:
        first.close()
        second.close()


NAMES = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"), whitelist_characters="\n'=+-@;\""),
                min_size=1, max_size=60).filter(lambda s: s == s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=5))
def test_any_name_survives_export_then_import(empty_con, names):
    empty_con.execute("DELETE FROM partenaires")
    frame = pd.DataFrame({"id": [f"N{i}" for i in range(len(names))], "nom": names, "filiere": "culture",
                          "statut": "prospect", "club_pro": "non"})
    importer.import_file(empty_con, "partenaires", exports.to_csv_bytes(frame))
    assert [r[0] for r in empty_con.execute("SELECT nom FROM partenaires ORDER BY id").fetchall()] == names
    again = exports.to_csv_bytes(exports.table_frame(empty_con, "partenaires"))
    importer.import_file(empty_con, "partenaires", again)
    assert [r[0] for r in empty_con.execute("SELECT nom FROM partenaires ORDER BY id").fetchall()] == names
