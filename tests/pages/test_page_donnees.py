"""Page Données (AppTest): it runs, imports an uploaded file through a mapping, reports refusals in French."""

from __future__ import annotations

import pytest

from otmodel import access, db
from otmodel.data import importer, mapping
from otmodel.ui import widgets
from tests.fixtures import DATA, SAMPLES, TOURINSOFT
from tests.pages.pagetest import run_page

PAGE = "views/donnees/page.py"
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
    assert any("Vérification terminée, rien n'a été importé." in s.value for s in at.success)
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


# --- the « Modifier » tab: a filter, at most ROWS_SHOWN rows, and no typed edit ever dropped -------------

NO_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
HOLD = "Enregistrez ou annulez vos modifications avant de changer de table ou de filtre."


def _rows(path) -> dict[str, tuple]:
    con = db.connect(path)
    try:
        return {row[0]: row for row in con.execute("SELECT * FROM partenaires ORDER BY id").fetchall()}
    finally:
        con.close()


def _editor(at):
    return at.data_editor[0]


def _type(at, edits: dict) -> None:
    """What st.data_editor keeps in the session when the user edits cells (row position → column → value)."""
    at.session_state[_editor_key(at)] = {**NO_EDITS, "edited_rows": edits}


def _editor_key(at) -> str:
    """The key of the editor shown (it carries the table, the filter and the round)."""
    return _editor(at).key


@pytest.fixture
def three_rows(monkeypatch):
    monkeypatch.setattr(widgets, "ROWS_SHOWN", 3)


def test_the_editor_shows_at_most_rows_shown_and_filters(small_path, monkeypatch, three_rows):
    at = run_page(small_path, PAGE, monkeypatch)
    assert list(_editor(at).value["id"]) == ["C1", "H1", "H2"]  # identifier order, cut at 3
    assert "3 premières lignes sur 7 — filtrez par nom, identifiant ou filière pour trouver les autres ; l'onglet " \
           "Exporter donne la table complète." in [c.value for c in at.caption]
    at.multiselect(key="edit_sectors").set_value(["hebergement"]).run()
    assert list(_editor(at).value["id"]) == ["H1", "H2", "H3"]
    assert not [c.value for c in at.caption if "premières lignes" in c.value]
    at.text_input(key="edit_search").input("CAMPING").run()  # name or identifier, without case
    assert list(_editor(at).value["id"]) == ["H3"]
    at.radio(key="edit_table").set_value("offres").run()  # no sector filter for offers
    assert not at.exception and not any(m.key == "edit_sectors" for m in at.multiselect)


def test_a_filtered_edit_saves_only_that_row(small_path, monkeypatch, three_rows):
    before = _rows(small_path)
    at = run_page(small_path, PAGE, monkeypatch)
    at.text_input(key="edit_search").input("camping").run()
    assert list(_editor(at).value["id"]) == ["H3"]
    _type(at, {0: {"capacite": 350}})
    at.run()
    _button(at, "edit_save").click().run()
    assert not at.exception
    assert any("Modifications enregistrées — partenaires : 1 ligne(s) lue(s)" in s.value and "1 modifiée(s)" in s.value
               for s in at.success)
    after = _rows(small_path)
    assert after["H3"][4] == 350 and before["H3"][4] == 300
    assert after["H3"][:4] + after["H3"][5:] == before["H3"][:4] + before["H3"][5:]
    assert {k: v for k, v in after.items() if k != "H3"} == {k: v for k, v in before.items() if k != "H3"}
    assert after["H1"][-1] == "h1@exemple.fr"  # the e-mail, not shown in the editor, is kept
    # Saved: a fresh editor shows the stored row, with no edit left pending.
    assert list(_editor(at).value["capacite"]) == [350]
    assert at.session_state[_editor_key(at)] == NO_EDITS


def test_changing_the_filter_keeps_pending_edits(small_path, monkeypatch, three_rows):
    before = _rows(small_path)
    at = run_page(small_path, PAGE, monkeypatch)
    at.text_input(key="edit_search").input("camping").run()
    _type(at, {0: {"capacite": 350}})
    at.run()
    at.text_input(key="edit_search").input("bistrot").run()
    assert not at.exception
    assert HOLD in [w.value for w in at.warning]
    assert list(_editor(at).value["id"]) == ["H3"]  # the rows the edits were typed on, edits still there
    assert at.session_state[_editor_key(at)]["edited_rows"] == {0: {"capacite": 350}}
    at.radio(key="edit_table").set_value("offres").run()  # another table: held the same way
    assert HOLD in [w.value for w in at.warning] and list(_editor(at).value["id"]) == ["H3"]
    at.radio(key="edit_table").set_value("partenaires").run()
    _button(at, "edit_save").click().run()
    assert _rows(small_path)["H3"][4] == 350 and _rows(small_path)["R1"] == before["R1"]
    # Saved: the filter typed meanwhile now applies.
    assert HOLD not in [w.value for w in at.warning] and list(_editor(at).value["id"]) == ["R1"]


def test_cancel_drops_the_edits_and_applies_the_new_filter(small_path, monkeypatch, three_rows):
    before = _rows(small_path)
    at = run_page(small_path, PAGE, monkeypatch)
    assert _button(at, "edit_cancel").disabled  # nothing to cancel
    at.text_input(key="edit_search").input("camping").run()
    _type(at, {0: {"capacite": 350}})
    at.run()
    assert not _button(at, "edit_cancel").disabled
    at.text_input(key="edit_search").input("bistrot").run()
    assert HOLD in [w.value for w in at.warning]
    _button(at, "edit_cancel").click().run()
    assert HOLD not in [w.value for w in at.warning] and list(_editor(at).value["id"]) == ["R1"]
    assert _rows(small_path) == before


def test_a_viewer_gets_the_same_filter_on_the_read_only_table(small_path, monkeypatch, three_rows):
    monkeypatch.setenv(access.PASSWORD_ENV, "mot de passe")
    at = run_page(small_path, PAGE, monkeypatch)
    assert not at.data_editor
    assert list(at.dataframe[0].value["id"]) == ["C1", "H1", "H2"]
    at.text_input(key="edit_search").input("r").run()  # Librairie, Trois, Bistrot, Crêperie
    assert list(at.dataframe[0].value["id"]) == ["C1", "H3", "R1"]
    assert "3 premières lignes sur 4" in " ".join(c.value for c in at.caption)


# --- a list without identifiers, cut down to the territory (issue 22) --------------------------------------

LIST_FILE = ("classement_2025.csv", (DATA / "listes" / "classement_2025.csv").read_bytes(), "text/csv")
LIST_KEY = "map_partenaires_classement_2025.csv_(aucune)"


def _list_ready(path, monkeypatch):
    """The classified-accommodation list uploaded, its constants set, the Landes kept."""
    at = run_page(path, PAGE, monkeypatch)
    at.file_uploader(key="import_file").set_value(LIST_FILE).run()
    for column, value in {"filiere": "hebergement", "statut": "non_partenaire"}.items():
        at.selectbox(key=f"{LIST_KEY}_col_{column}").set_value("➜ même valeur pour tout le fichier").run()
        at.selectbox(key=f"{LIST_KEY}_const_{column}").set_value(value).run()
    at.selectbox(key=f"{LIST_KEY}_keep_column").set_value("CODE POSTAL").run()
    at.multiselect(key=f"{LIST_KEY}_keep_CODE POSTAL").set_value(["40*"]).run()
    return at


def test_a_list_without_identifiers_shows_its_built_identifiers_then_imports_the_territory(demo_copy, monkeypatch):
    path = demo_copy("rural")
    before = _partners(path)
    at = _list_ready(path, monkeypatch)
    assert not at.exception
    # No identifier column: the identifier is built, from the name and the postcode proposed.
    assert at.selectbox(key=f"{LIST_KEY}_col_id").value == "➜ construit à partir de colonnes du fichier"
    assert at.multiselect(key=f"{LIST_KEY}_id_from").value == ["NOM COMMERCIAL", "CODE POSTAL"]
    shown = at.dataframe[0].value
    assert shown["identifiant construit"].tolist() == ["camping_bellevue-40200", "hotel_de_la_gare-40100",
                                                       "hotel_de_la_gare-40100", "residence_les_pins-40600",
                                                       "camping_le_lac-40600"]
    assert any("8 ligne(s) de données, dont 5 gardée(s) par le filtre et 3 écartée(s) ; 1 doublon(s) probable(s)"
               in c.value for c in at.caption)
    _button(at, "import_go").click().run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [
        ("Ajoutées", "4"), ("Modifiées", "0"), ("Inchangées", "0"), ("Rejetées", "0"),
        ("Écartées", "3"), ("Doublons", "1")]
    assert any("1 doublon(s) probable(s) mis de côté" in w.value for w in at.warning)
    assert _partners(path) == before + 4
    _button(at, "import_go").click().run()  # the same file again adds nothing
    assert [m.value for m in at.metric][:3] == ["0", "0", "4"]
    assert _partners(path) == before + 4


def test_adding_the_address_to_the_identifier_leaves_no_duplicate(demo_copy, monkeypatch):
    at = _list_ready(demo_copy("rural"), monkeypatch)
    at.multiselect(key=f"{LIST_KEY}_id_from").set_value(["NOM COMMERCIAL", "ADRESSE", "CODE POSTAL"]).run()
    assert any("; 0 doublon(s) probable(s)" in c.value for c in at.caption)
    assert at.dataframe[0].value["identifiant construit"][5] == "hotel_de_la_gare-3_avenue_saint_vincent-40100"


def test_a_newer_list_reports_who_left_and_marks_them_when_asked(demo_copy, monkeypatch):
    path = demo_copy("rural")
    with db.connect(path) as con:
        importer.import_file(con, "partenaires", DATA / "listes" / "classement_2025.csv", mapping_name="Atout France",
                             mapping=mapping.Mapping("partenaires", {}, {"statut": "non_partenaire",
                                                                         "filiere": "hebergement"}, {},
                                                     ["NOM COMMERCIAL", "CODE POSTAL"], {"CODE POSTAL": ["40*"]}))
        mapping.save(con, "Atout France", mapping.Mapping("partenaires", {}, {"statut": "non_partenaire",
                                                                              "filiere": "hebergement"}, {},
                                                          ["NOM COMMERCIAL", "CODE POSTAL"], {"CODE POSTAL": ["40*"]}))
    at = run_page(path, PAGE, monkeypatch)
    at.file_uploader(key="import_file").set_value(
        ("classement_2026.csv", (DATA / "listes" / "classement_2026.csv").read_bytes(), "text/csv")).run()
    at.selectbox(key="import_saved").set_value("Atout France").run()
    assert at.multiselect(key="map_partenaires_classement_2026.csv_Atout France_keep_CODE POSTAL").value == ["40*"]
    _button(at, "import_go").click().run()
    assert not at.exception
    assert any("1 entreprise(s) de la liste « Atout France » n'y figurent plus" in w.value for w in at.warning)
    absent = next(d.value for d in at.dataframe if "statut avant" in d.value.columns)
    assert absent[["identifiant", "nom", "commune", "statut avant"]].values.tolist() == [
        ["camping_le_lac-40600", "CAMPING LE LAC", "BISCARROSSE", "non_partenaire"]]
    at.checkbox(key="import_mark_absent").check().run()
    _button(at, "import_go").click().run()
    assert any("marquée(s) « ancien », aucune supprimée" in i.value for i in at.info)
    with db.connect(path) as con:
        assert con.execute("SELECT statut FROM partenaires WHERE id = 'camping_le_lac-40600'").fetchone() == (
            "ancien",)


def test_the_author_is_kept_from_one_file_to_the_next(demo_copy, monkeypatch):
    """The form goes while no file is given (Streamlit then forgets its fields): the author's name stays."""
    at = run_page(demo_copy("destination"), PAGE, monkeypatch)
    at.file_uploader(key="import_file").set_value(FILE).run()
    at.text_input(key="import_author").set_value("Claire Martin").run()
    at.file_uploader(key="import_file").clear().run()  # the file removed: no form on this run
    assert not [t for t in at.text_input if t.key == "import_author"]
    at.file_uploader(key="import_file").set_value(FILE).run()
    assert at.text_input(key="import_author").value == "Claire Martin"
