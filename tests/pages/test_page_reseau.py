"""Page Réseau (AppTest) on the small territory among the seven hand-checked offices of tests/unit/test_network.py:
its place (first of six association offices under 300 businesses), refused files, dropped files, the profile,
the choice for the Présentation — and nothing written into the office's database by a compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from otmodel import db
from otmodel.network import export, settings
from tests.pages.pagetest import metric, run_page, shown
from tests.unit.test_network import SEVEN, office_rows

PAGE = "views/reseau/page.py"
GROUP = "Offices du groupe — Offices de moins de 300 entreprises, Association"


@pytest.fixture
def office(small_path) -> Path:
    """The small territory, its network folder (« reseau » beside the database) holding the seven offices."""
    folder = small_path.parent / "reseau"
    folder.mkdir()
    for row in SEVEN:
        export.write([office_rows(*row)], folder / f"{row[0]}.parquet")
    return small_path


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def _stored(path: Path) -> tuple:
    with db.connect(path) as con:  # same process as the page: DuckDB shares the open database
        return db.data_version(con), db.row_counts(con), settings.load(con)


def test_our_place_among_the_seven(office, monkeypatch):
    before = _stored(office)
    at = run_page(office, PAGE, monkeypatch)
    assert not at.exception
    assert metric(at, "Offices comparés") == "8"  # seven files and the office's own figures
    assert metric(at, GROUP) == "6"
    table = shown(at.dataframe[0]).set_index("indicateur")
    revenue = table.loc["Recettes partenaires pour 1 000 entreprises"]
    # 650 € for 6 businesses: 108 333 €; the group A–E and the office: median (30 000 + 40 000) / 2.
    assert [revenue[c] for c in ("valeur", "mediane", "quartile", "rang")] == [
        "108\u202f333 €", "35\u202f000 €", "4e quartile (le quart le plus haut)", "1 sur 6"]
    assert _stored(office) == before  # a compare writes nothing into the office's database


def test_refused_files_are_listed_and_the_others_compared(office, monkeypatch):
    (office.parent / "reseau" / "renomme.parquet").write_text("a;b\n1;2\n", encoding="utf-8")
    at = run_page(office, PAGE, monkeypatch)
    assert "1 fichier refusé" in at.warning[0].value
    refused = shown(at.dataframe[0])
    assert refused["fichier"].tolist() == ["renomme.parquet"] and "CSV renommé" in refused["raison"][0]
    assert metric(at, GROUP) == "6"


def test_dropped_files_are_compared(small_path, monkeypatch):
    at = run_page(small_path, PAGE, monkeypatch)
    assert "Choisissez le dossier" in at.info[0].value  # no folder beside the database: nothing compared yet
    at.radio(key="reseau_source").set_value("Des fichiers déposés").run()
    assert any("Glissez les fichiers" in c.value and "50 Mo au plus par fichier" in c.value for c in at.caption)
    files = []
    for row in SEVEN[:5]:
        path = small_path.parent / f"{row[0]}.parquet"
        export.write([office_rows(*row)], path)
        files.append((f"{row[0]}.parquet", path.read_bytes(), "application/octet-stream"))
    at.file_uploader(key="reseau_files").set_value(files).run()
    assert not at.exception
    assert metric(at, GROUP) == "6" and metric(at, "Offices comparés") == "6"


def test_profile_and_the_presentation(office, monkeypatch):
    at = run_page(office, PAGE, monkeypatch)
    assert [o for o in at.radio(key="reseau_group").options] == [
        "Même taille et même statut juridique", "Même taille", "Même statut juridique", "Tous les offices"]
    at.text_input(key="reseau_population").input("1 200")
    at.text_input(key="reseau_beds").input("600")
    next(b for b in at.button if b.label == "Enregistrer le profil").click().run()
    assert "Profil de l'office enregistré" in at.success[0].value
    assert _stored(office)[2].touristicity == 50
    assert "Même touristicité (quartile)" in at.radio(key="reseau_group").options
    _button(at, "reseau_show").click().run()
    assert _stored(office)[2].folder == str(office.parent / "reseau")
    story = at.switch_page("views/presentation/page.py").run()
    assert not story.exception
    assert "4. Notre place dans le réseau" in [h.value for h in story.header]
