"""The director's yearly review on the destination demo: the Revue page explains a suggestion; recording the
decisions and turning them into a scenario opens it on the Scénarios page with the right modes; a meeting noted
in the Carnet d'écoute appears in the log and in the need counts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from otmodel import db
from otmodel import format as fmt
from otmodel.model import engine
from otmodel.portfolio import decisions, review
from tests.fixtures import copy_database
from tools.browser import metric_value, open_page, plain, wait_for_app

NAME = "Revue des offres 2025"


@pytest.fixture(scope="module")
def review_db(demo_paths, tmp_path_factory):
    """A private destination demo, and the result the scenario of the suggested decisions must show."""
    folder = tmp_path_factory.mktemp("revue")
    path = copy_database(demo_paths["destination"], folder / "destination.duckdb")
    expected = copy_database(demo_paths["destination"], folder / "expected.duckdb")
    with db.connect(expected) as con:
        suggested = review.review(con)
        decisions.record(con, [decisions.Decision(s.offer, s.suggestion, suggestion=s.suggestion) for s in suggested],
                         "Directrice")
        saved = decisions.to_scenario(con, NAME, "Directrice")
        totals = engine.evaluate(con, saved.scenario).totals
    stopped = [offer for offer, choice in saved.scenario.offers.items() if choice.mode == "stopped"]
    return path, totals, stopped


def grid_text(page, index: int = 0) -> str:
    """The text of a dataframe's accessible table (the grid itself is drawn on a canvas)."""
    return plain(page.locator("[data-testid='stDataFrame']").nth(index).locator("table").inner_text())


def test_revue_shows_a_suggestion_with_its_reasons(page, demo_url):
    open_page(page, demo_url)
    open_page(page, demo_url, "revue")
    assert page.get_by_role("heading", name="Revue annuelle des offres").is_visible()
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Offre").first
    box.click()
    page.keyboard.type("Baromètre")  # the list is virtualised: filter it rather than scroll
    page.get_by_role("option", name="Baromètre de conjoncture détaillé — Arrêter").click()
    page.get_by_text("Suggestion : Arrêter").wait_for(timeout=30_000)
    reasons = plain(" ".join(page.locator("[data-testid='stText']").all_inner_texts()))
    assert "Peu souscrite : taux de souscription 2,7 %" in reasons
    assert "Alignement sur le projet de territoire : 1/3." in reasons


def test_decisions_become_a_scenario_opened_on_scenarios(page, app_server, review_db):
    path, totals, stopped = review_db
    assert {"O-BAROMETRE", "O-SAISON", "O-OBS"} <= set(stopped)
    url = app_server(path)
    open_page(page, url)
    open_page(page, url, "revue")
    page.get_by_label("Qui décide ?").fill("Directrice")
    page.get_by_label("Qui décide ?").press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Enregistrer les décisions").click()
    page.get_by_text("décisions enregistrées par Directrice").wait_for(timeout=30_000)
    wait_for_app(page)
    page.get_by_role("button", name="Créer le scénario et l'ouvrir").click()
    page.get_by_role("heading", name="Scénarios", exact=True).wait_for(timeout=30_000)
    wait_for_app(page)
    expect(page.locator("[data-testid='stSelectbox']").filter(has_text="Scénario").first.get_by_role("combobox")
           ).to_have_value(NAME, timeout=30_000)
    # The figures are those of the scenario whose modes the decisions set (stopped offers, the club created).
    assert metric_value(page, "Résultat") == plain(fmt.euros(totals.margin))


def test_a_meeting_added_through_the_form_is_counted(page, demo_url):
    open_page(page, demo_url)
    open_page(page, demo_url, "carnet")
    assert "Accessibilité et handicap77" in grid_text(page, 0)  # 7 meetings, 7 businesses in the demo's log
    form = page.locator("[data-testid='stForm']").filter(has_text="Noter une rencontre")
    form.get_by_role("combobox", name="Entreprise").click()
    page.keyboard.type("E00001")
    page.get_by_role("option", name="(E00001)").first.click()
    form.get_by_role("combobox", name="Thèmes").click()
    for theme in ("Accessibilité et handicap", "Parking des camping-cars"):
        page.keyboard.type(theme)
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    form.get_by_label("Besoin exprimé").fill("Un parking pour les camping-cars")
    form.get_by_role("button", name="Enregistrer la rencontre").click()
    page.get_by_text("Rencontre n° 49 enregistrée.").wait_for(timeout=30_000)
    wait_for_app(page)
    assert "Accessibilité et handicap88" in grid_text(page, 0)  # the needs heard, counted
    page.get_by_label("Rechercher dans le carnet").fill("camping-cars")
    page.get_by_label("Rechercher dans le carnet").press("Enter")
    page.get_by_text("1 rencontre(s)").wait_for(timeout=30_000)
    found = grid_text(page, 1)
    assert "Un parking pour les camping-cars" in found and "Parking des camping-cars" in found
    # On the Écoute page, the need heard only in meetings is a service to create, with its 8 meetings.
    open_page(page, demo_url, "ecoute")
    to_create = page.locator("[data-testid='stDataFrame']").filter(
        has=page.locator("table", has_text="Recrutement saisonnier")).filter(
        has_not_text="Entreprises rencontrées").first
    rows = plain(to_create.locator("table").inner_text())
    assert "Accessibilité et handicap" in rows, rows
    assert rows.rstrip().endswith("8"), rows
