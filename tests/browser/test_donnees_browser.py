"""Données in Chromium: upload the Tourinsoft sample, map it (saved mapping), import it, see the counts."""

from __future__ import annotations

import pytest

from otmodel import db
from otmodel.data import mapping
from tests.fixtures import SAMPLES, TOURINSOFT
from tools.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture
def own_url(app_server, demo_paths, tmp_path):
    """A server on a private copy with the Tourinsoft mapping saved (this test writes to its database)."""
    path = tmp_path / "donnees.duckdb"
    path.write_bytes(demo_paths["destination"].read_bytes())
    con = db.connect(path)
    mapping.save(con, "Tourinsoft", TOURINSOFT)
    con.close()
    return app_server(path)


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).first.click()
    page.keyboard.type(option)  # typing filters the list, as a user does in a long list
    page.get_by_role("option", name=option, exact=True).wait_for()
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_upload_map_import_and_see_counts(page, own_url):
    open_page(page, own_url, "donnees")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
        str(SAMPLES / "export_base_regionale.csv"))
    page.get_by_text("CSV, encodage UTF-8, séparateur point-virgule").wait_for()
    wait_for_app(page)
    _choose(page, "Correspondance enregistrée", "Tourinsoft")
    page.get_by_text("Valeurs de « filiere » à traduire").wait_for()
    page.get_by_role("button", name="📥 Importer").click()
    page.get_by_text("Import réussi — partenaires : 60 ligne(s) lue(s) — 60 ajoutée(s)").wait_for(timeout=60_000)
    wait_for_app(page)
    page.screenshot(path="/tmp/shots_c/donnees_import.png")
    assert page.get_by_text("60 ajoutée(s), 0 modifiée(s), 0 inchangée(s)").first.is_visible()
    # The history tab lists the import just made, with its file name.
    page.get_by_role("tab", name="🕘 Historique").click()
    page.get_by_text("Historique").first.wait_for()
