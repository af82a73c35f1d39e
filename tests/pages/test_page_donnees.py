"""Page Données (AppTest): it runs, imports an uploaded file through a mapping, reports refusals in French."""

from __future__ import annotations

from otmodel import db
from otmodel.data import mapping
from tests.fixtures import SAMPLES, TOURINSOFT
from tests.pages.pagetest import run_page

PAGE = "views/donnees.py"
FILE = ("export_base_regionale.csv", (SAMPLES / "export_base_regionale.csv").read_bytes(), "text/csv")
KEY = "map_partenaires_export_base_regionale.csv_(aucune)"


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def _partners(path) -> int:
    con = db.connect(path)  # same process as the page: DuckDB shares the open database
    try:
        return con.execute("SELECT count(*) FROM partenaires").fetchall()[0][0]
    finally:
        con.close()


def test_page_runs_with_every_tab(demo_copy, monkeypatch):
    at = run_page(demo_copy("destination"), PAGE, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Données"
    assert [t.label for t in at.tabs] == ["📥 Importer", "✏️ Modifier", "📤 Exporter", "💾 Sauvegarde", "🕘 Historique"]


def test_mapping_by_hand_without_value_translation_is_refused(demo_copy, monkeypatch):
    path = demo_copy("destination")
    at = run_page(path, PAGE, monkeypatch)
    before = _partners(path)
    at.selectbox(key="import_kind").set_value("partenaires").run()
    at.file_uploader(key="import_file").set_value(FILE).run()
    assert not at.exception
    for column, source in {"id": "SyndicObjectID", "nom": "SyndicObjectName", "commune": "COMMUNE",
                           "filiere": "ObjectTypeName"}.items():
        at.selectbox(key=f"{KEY}_col_{column}").set_value(source)
    at.selectbox(key=f"{KEY}_col_statut").set_value("➜ même valeur pour tout le fichier").run()
    at.selectbox(key=f"{KEY}_const_statut").set_value("non_partenaire").run()
    _button(at, "import_go").click().run()
    assert not at.exception
    assert any("Fichier refusé, rien n'a été importé" in e.value for e in at.error)
    assert any("valeur « Hôtellerie de plein air » : code inconnu" in m.value for m in at.markdown)
    assert _partners(path) == before


def test_saved_mapping_imports_the_tourinsoft_export(demo_copy, monkeypatch):
    path = demo_copy("destination")
    con = db.connect(path)
    mapping.save(con, "Tourinsoft", TOURINSOFT)
    before = con.execute("SELECT count(*) FROM partenaires").fetchall()[0][0]
    con.close()
    at = run_page(path, PAGE, monkeypatch)
    at.selectbox(key="import_kind").set_value("partenaires").run()
    at.file_uploader(key="import_file").set_value(FILE).run()
    at.selectbox(key="import_saved").set_value("Tourinsoft").run()
    _button(at, "import_check").click().run()
    assert not at.exception
    assert [m.value for m in at.metric][:4] == ["60", "0", "0", "0"]
    assert any("Simulation : rien n'a été écrit." in s.value for s in at.success)
    assert _partners(path) == before
    _button(at, "import_go").click().run()
    assert not at.exception
    assert any("Import réussi — partenaires : 60 ligne(s) lue(s) — 60 ajoutée(s)" in s.value for s in at.success)
    assert _partners(path) == before + 60


def test_export_and_backup_are_prepared_on_request(demo_copy, monkeypatch):
    at = run_page(demo_copy("destination"), PAGE, monkeypatch)
    assert not any(b.key in ("export_xlsx", "backup_download") for b in at.get("download_button"))
    at.selectbox(key="export_kind").set_value("offres").run()
    _button(at, "export_prepare").click().run()
    _button(at, "backup_prepare").click().run()
    assert not at.exception
    keys = {b.key for b in at.get("download_button")}
    assert {"export_xlsx", "export_csv", "backup_download"} <= keys


def test_saving_unchanged_offers_goes_through_validation(demo_copy, monkeypatch):
    path = demo_copy("destination")
    at = run_page(path, PAGE, monkeypatch)
    at.radio(key="edit_table").set_value("offres").run()
    _button(at, "edit_save").click().run()  # unchanged table: saved, nothing modified
    assert not at.exception
    assert any("Modifications enregistrées — offres" in s.value and "0 modifiée(s)" in s.value for s in at.success)
