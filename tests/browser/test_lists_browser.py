"""Données in Chromium, a list without identifiers (issue 22): choose the columns that make the identifier and see
them in the preview, keep one département, import, then import the same file again: nothing added."""

from __future__ import annotations

import os

import pytest

from tests.fixtures import DATA
from tools.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

LIST = DATA / "listes" / "classement_2025.csv"


@pytest.fixture
def own_url(app_server, demo_paths, tmp_path):
    """A server on a private copy of the rural demo (this test writes to its database)."""
    path = tmp_path / "listes.duckdb"
    path.write_bytes(demo_paths["rural"].read_bytes())
    return app_server(path)


def _choose(page, label: str, option: str) -> None:
    """Pick an option of a selectbox (or add one to a multiselect) by typing it, as a user does in a long list."""
    page.get_by_role("combobox", name=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)


def _preview_shows(page, present: str, absent: str | None = None) -> None:
    """Wait until the preview table (the first data frame of the tab, read in its accessible table, which the grid
    fills after the run) shows `present` and not `absent`."""
    page.wait_for_function("""([present, absent]) => {
        const table = document.querySelector("[data-testid='stDataFrame'] table");
        const text = table ? table.innerText : "";
        return text.includes(present) && !(absent && text.includes(absent));
    }""", arg=[present, absent], timeout=30_000)


def test_list_without_identifiers_identifier_preview_territory_import_twice(page, own_url):
    open_page(page, own_url, "donnees")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(LIST))
    page.get_by_text("CSV, encodage Windows-1252, séparateur point-virgule").wait_for()
    wait_for_app(page)
    # No identifier column: it is built, from the name and the postcode proposed; one probable duplicate.
    page.get_by_text("1 doublon(s) probable(s)").first.wait_for()
    # The user adds the address to the identifier: the two hotels of Dax are told apart, in the preview.
    _choose(page, "Colonnes qui font l'identifiant", "ADRESSE")
    page.get_by_text("; 0 doublon(s) probable(s)").first.wait_for()
    _preview_shows(page, "camping_bellevue-40200-12_route_du_lac")
    for column, value in (("filiere", "Hébergement"), ("statut", "Non partenaire")):
        _choose(page, f"{column} *", "➜ même valeur pour tout le fichier")
        _choose(page, f"Valeur de {column}", value)
    # Keep one département: the Landes, by postcode.
    _choose(page, "Garder seulement les lignes où", "CODE POSTAL")
    _choose(page, "CODE POSTAL vaut", "40*")
    page.get_by_text("8 ligne(s) de données, dont 5 gardée(s) par le filtre et 3 écartée(s)").wait_for()
    _preview_shows(page, "hotel_de_la_gare-40100-3_avenue_saint_vincent",
                   absent="camping_bellevue-09000-lieu_dit_bellevue")  # Foix, written « 9000 »: left out
    page.get_by_role("button", name="📥 Importer").click()
    page.get_by_text("Import réussi — partenaires : 8 ligne(s) lue(s), 5 gardée(s) et 3 écartée(s) par le filtre "
                     "« CODE POSTAL = 40* » — 5 ajoutée(s)").wait_for(timeout=60_000)
    wait_for_app(page)
    if os.environ.get("OTMODEL_SHOTS"):
        page.screenshot(path=f"{os.environ['OTMODEL_SHOTS']}/donnees_liste_import.png", full_page=True)
    # The same file again: the five businesses are found by their identifiers, none added.
    page.get_by_role("button", name="📥 Importer").click()
    page.get_by_text("— 0 ajoutée(s), 0 modifiée(s), 5 inchangée(s)").wait_for(timeout=60_000)
