"""The seminar of peers: on the Réseau page, the destination demo among the demo network (its folder « reseau »
beside the database, as `make demo` leaves it) shows the quartile of « Recettes partenaires pour 1 000
entreprises » and the number of offices in its group; another peer group changes both. Its button « Exporter mes
indicateurs » gives the office's network file, which a compare reads as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from otmodel import db
from otmodel.network import compare, demo, export, folder, settings
from tests.fixtures import copy_database
from tools.browser import metric_value, open_page, plain, wait_for_app

OFFICE = "Office de tourisme Côte des Pins (fictif)"
REVENUE = "recettes_pour_1000_entreprises"


@pytest.fixture(scope="module")
def network_db(demo_paths, tmp_path_factory):
    """The destination demo and the demo network beside it, with what the page must show (computed here)."""
    root = tmp_path_factory.mktemp("reseau")
    path = copy_database(demo_paths["destination"], root / "destination.duckdb")
    demo.write_demo(root / "reseau", demo_paths)
    with db.connect(path) as con:
        rows = export.office_rows(con, saved=settings.load(con))
    network = folder.read_folder(root / "reseau").with_office(rows)
    expected = {by: compare.compare(network, OFFICE, by=by) for by in ("taille_statut", "tous")}
    return path, expected, rows


def grid_text(page) -> str:
    """The text of the indicators' table (the grid is drawn on a canvas; its accessible table holds the text)."""
    return plain(page.locator("[data-testid='stDataFrame']").first.locator("table").inner_text())


def revenue_row(page) -> str:
    return next(line for line in grid_text(page).splitlines() if "Recettes partenaires pour 1 000" in line)


def test_our_quartile_and_group_among_the_demo_network(page, app_server, network_db):
    path, expected, _ = network_db
    url = app_server(path)
    open_page(page, url)
    open_page(page, url, "reseau")
    assert page.get_by_text("valeurs sont synthétiques").first.is_visible()
    same = expected["taille_statut"]
    revenue = same.standing(REVENUE)
    assert same.group.size >= compare.MIN_GROUP and revenue.quartile is not None
    assert metric_value(page, f"Offices du groupe — {plain(same.group.label)}") == str(same.group.size)
    quartile = compare.quartile_text(revenue.quartile)
    assert quartile in revenue_row(page) and f"{revenue.rank} sur {revenue.peers}" in revenue_row(page)
    # The strips are drawn (Plotly's SVG), our standing written after the revenue's strip.
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    strips = plain(page.locator(".js-plotly-plot").first.inner_text())
    assert f"{quartile.split(' (')[0]} · rang {revenue.rank} sur {revenue.peers}" in strips

    everyone = expected["tous"]
    page.get_by_text("Tous les offices", exact=True).click()
    page.get_by_text(f"Offices du groupe — {plain(everyone.group.label)}").wait_for(timeout=30_000)
    wait_for_app(page)
    assert metric_value(page, f"Offices du groupe — {everyone.group.label}") == str(everyone.offices)
    assert compare.quartile_text(everyone.standing(REVENUE).quartile) in revenue_row(page)


def test_our_file_is_exported_from_the_page(page, app_server, network_db):
    path, _, rows = network_db
    open_page(page, app_server(path), "reseau")
    button = page.get_by_role("button", name="Exporter mes indicateurs (.parquet)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == export.file_name(OFFICE, int(rows.at[0, "annee"]))
    saved = Path(download.value.path())
    read = folder.read_files([saved], ["notre_fichier.parquet"])
    assert read.refused == () and read.offices["office"].tolist() == [OFFICE]
    assert read.offices.iloc[0][["statut_juridique", "annee", "entreprises"]].tolist() == rows.iloc[0][
        ["statut_juridique", "annee", "entreprises"]].tolist()
    assert read.values.iloc[0].tolist() == pytest.approx(rows["valeur"].astype(float).tolist(), nan_ok=True)
