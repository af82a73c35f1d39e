"""After the decision, in Chromium on the destination demo (its scenario applied from 2026, half of 2026 imported):
the director downloads the partners' guide, follows the year on Suivi, and writes an offer's description on Offres
that the guide then reads as typed."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from otmodel import db
from otmodel import format as fmt
from otmodel.demo import scenarios as demo_scenarios
from otmodel.followup import progress
from otmodel.presentation import guide
from tools.browser import (
    ARM_RUN_WATCH,
    RAN_AND_DRAWN,
    metric_value,
    open_page,
    plain,
    start_server,
    type_into_cell,
    wait_for_app,
)


@pytest.fixture(scope="module")
def demo(demo_paths, tmp_path_factory):
    """A server of this module's own on a copy of the destination demo with its scenarios (one applied), and the
    year's figures as the domain computes them."""
    folder = tmp_path_factory.mktemp("suivi")
    path = folder / "destination.duckdb"
    path.write_bytes(demo_paths["destination"].read_bytes())
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
        guide.save_texts(con, guide.Texts(**demo_scenarios.GUIDE_TEXTS["destination"]))
        found = progress.follow(con)
    with open(folder / "streamlit.log", "w") as log:
        address, proc = start_server(path, log=log)
        yield address, found
        proc.terminate()
        proc.wait(timeout=20)


def test_the_guide_downloads_with_the_services_in_sphere_order(page, demo):
    url, _ = demo
    open_page(page, url, "guide")
    expect(page.get_by_role("combobox", name="Scénario")).to_have_value("Pack partenaire revalorisé")
    with page.expect_download() as download:
        page.get_by_role("button", name="Guide PDF (A4 portrait)").click()
    assert download.value.suggested_filename == "guide-partenaires-2026.pdf"
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = plain("\n".join(p.extract_text() for p in reader.pages))
    # Every business first, then the partnership, à la carte and premium; a service of each under its heading.
    order = [text.index(s) for s in (
        "Guide des partenaires 2026", "Pour toutes les entreprises du territoire", "Référencement site web et guide",
        "Le socle partenaire", "Pack partenaire hébergement", "280 €", "À la carte", "Ateliers numériques (ANT)",
        "Premium", "Pack premium grands hébergements", "1 100 €", "Nous contacter")]
    assert order == sorted(order)
    assert "Mini-site de saison" not in text  # stopped by the scenario
    assert "coût" not in text.lower() and "heure" not in text.lower()
    with page.expect_download() as download:
        page.get_by_role("button", name="Guide HTML (hors ligne)").click()
    html = download.value.path().read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "Pack premium grands hébergements" in html


def test_suivi_shows_the_projected_gap_and_the_offers_behind(page, demo):
    url, found = demo
    open_page(page, url, "suivi")
    expect(page.get_by_text("« Pack partenaire revalorisé » appliqué depuis 2026")).to_be_visible()
    assert metric_value(page, "Écart projeté à l'objectif") == plain(fmt.signed_euros(found.totals.projected_gap))
    assert metric_value(page, "Recettes au 30/06/2026") == plain(fmt.euros(found.totals.actual_revenue))
    late = page.locator("[data-testid='stAlert']").filter(has_text="en retard sur le plan")
    expect(late).to_contain_text("Ateliers numériques (ANT) — ")
    expect(late).to_contain_text("à fin juin, rythme de l'an passé :")
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_description_written_on_offres_reads_as_typed_in_the_guide(page, demo):
    url, _ = demo
    open_page(page, url, "offres")
    editor = page.locator("[class*='st-key-offres_descriptions'] [data-testid='stDataFrame']")
    typed = "Des ateliers <b>pratiques</b> & courts."
    type_into_cell(page, 0, 2, typed, grid=editor)  # O-ATELIER, the first offer by identifier; its description
    page.evaluate(ARM_RUN_WATCH)
    page.keyboard.press("Enter")  # the edit reaches the server: a run
    page.wait_for_function(RAN_AND_DRAWN, timeout=30_000)
    page.get_by_role("button", name="Enregistrer les descriptions").click()
    expect(page.get_by_text("1 description(s) enregistrée(s).")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    open_page(page, url, "guide")
    expect(page.locator(".st-key-guide_preview")).to_contain_text(typed)
