"""Long lists in Chromium, on the destination demo (1 500 businesses, more than ROWS_SHOWN): the search shows the
first 1 000 and its download holds all 1 500 under French headers; in Données, an edit typed in a filtered
editor survives a change of filter and is the only row saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from otmodel import db
from tests.fixtures import copy_database
from tools.browser import ARM_RUN_WATCH, RAN_AND_DRAWN, open_page, open_tab, plain, type_into_cell, wait_for_app


def test_the_search_download_holds_every_business(page, demo_url, tmp_path):
    open_page(page, demo_url, "partenaires")
    open_tab(page, "Rechercher une entreprise")
    page.get_by_text("1 500 entreprise(s) — e-mails masqués.").wait_for()
    caption = page.get_by_text("premières lignes sur")
    assert plain(caption.inner_text()) == ("1 000 premières lignes sur 1 500 — filtrez pour affiner, ou téléchargez "
                                           "la liste complète.")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Télécharger la liste complète (CSV)").click()
    assert download.value.suggested_filename == "entreprises.csv"
    target = tmp_path / "entreprises.csv"
    download.value.save_as(target)
    lines = target.read_bytes().decode("utf-8-sig").split("\r\n")[:-1]
    assert lines[0] == "Identifiant;Entreprise;Filière;Commune;Statut;Depuis;Club pro"
    assert len(lines) == 1 + 1_500


@pytest.fixture
def own_path(demo_paths, tmp_path):
    return copy_database(demo_paths["destination"], tmp_path / "modifier.duckdb")


def _capacities(path) -> dict[str, int | None]:
    with db.connect(path) as con:
        return dict(con.execute("SELECT id, capacite FROM partenaires").fetchall())


def _filter(page, text: str) -> None:
    """Type a filter and wait for the run it starts (wait_for_app alone can return before that run begins)."""
    box = page.get_by_label("Nom ou identifiant")
    box.fill(text)
    page.evaluate(ARM_RUN_WATCH)
    box.press("Enter")
    page.wait_for_function(RAN_AND_DRAWN, timeout=30_000)


def _editor_text(page) -> str:
    return plain(page.locator("[data-testid='stDataFrame']").first.locator("table").inner_text())


def test_an_edit_survives_a_change_of_filter_and_only_its_row_is_saved(page, app_server, own_path):
    before = _capacities(own_path)
    assert before["E00001"] != 77 and before["E00002"] is not None
    url = app_server(own_path)
    open_page(page, url, "donnees")
    page.get_by_role("tab", name="✏️ Modifier").click()
    page.get_by_text("1 000 premières lignes sur 1 500").wait_for()
    _filter(page, "E00001")
    page.get_by_text("premières lignes sur").wait_for(state="detached")
    assert "E00001" in _editor_text(page) and "E00002" not in _editor_text(page)
    type_into_cell(page, 0, 4, "77")  # id, nom, filiere, commune, capacite
    page.keyboard.press("Enter")
    # The server has the edit once « Annuler » is enabled.
    expect(page.get_by_role("button", name="↩️ Annuler les modifications")).to_be_enabled(timeout=30_000)
    wait_for_app(page)
    _filter(page, "E00002")
    page.get_by_text("Enregistrez ou annulez vos modifications avant de changer de table ou de filtre.").wait_for()
    assert "E00001" in _editor_text(page) and "E00002" not in _editor_text(page)  # the edited row, still there
    page.get_by_role("button", name="💾 Enregistrer les modifications").click()
    page.get_by_text("Modifications enregistrées — partenaires : 1 ligne(s) lue(s) — 0 ajoutée(s), 1 modifiée(s)"
                     ).wait_for(timeout=60_000)
    wait_for_app(page)
    # Saved: still on « Modifier », where the filter typed meanwhile now applies.
    page.get_by_text("Seules les lignes affichées sont enregistrées").wait_for()
    assert "E00002" in _editor_text(page) and "E00001" not in _editor_text(page)
    assert str(before["E00002"]) in _editor_text(page)  # untouched
    _filter(page, "E00001")  # what is stored (the server holds the file's lock: read it through the page)
    grid = page.locator("[data-testid='stDataFrame']").first.locator("table")
    expect(grid).to_contain_text("E00001", timeout=30_000)  # the filter's run may start after wait_for_app
    assert "77" in _editor_text(page).split("E00001", 1)[1]
