"""The director opens the Risques view of a demo scenario, then types a range the French way."""

from __future__ import annotations

from playwright.sync_api import expect

from otmodel import db
from otmodel import format as fmt
from otmodel.demo import scenarios as demo_scenarios
from tools.browser import CHART, open_page

PACK = "Pack partenaire revalorisé"


def probability_sentence(page) -> str:
    sentence = page.get_by_role("heading", level=4).filter(has_text="Objectif").first
    expect(sentence).to_be_visible(timeout=30_000)
    return sentence.inner_text().replace("\u202f", " ").replace("\u00a0", " ")


def test_risks_view_shows_the_probability_and_follows_a_range(page, app_server, demo_paths, tmp_path):
    path = tmp_path / "risks.duckdb"
    path.write_bytes(demo_paths["destination"].read_bytes())
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
    url = app_server(path)
    open_page(page, url)
    open_page(page, url, "scenarios")
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Scénario").first
    box.click()
    page.get_by_role("option", name=PACK).click()
    expect(page.get_by_text("Retenu", exact=False).first).to_be_visible(timeout=30_000)

    page.get_by_role("radio", name="Risques").or_(page.get_by_role("button", name="Risques")).first.click()
    before = probability_sentence(page)
    assert "aucune hypothèse n'a de fourchette" in before
    expect(page.locator(CHART).first).to_be_visible(timeout=30_000)
    expect(page.locator(f"{CHART} .js-plotly-plot")).to_have_count(2)  # distribution and tornado

    page.get_by_text("Incertitudes : fourchettes des hypothèses et des prix").click()
    field = page.get_by_label("Fourchette — Coût horaire")
    field.fill("25 à 40")
    field.press("Enter")
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stMarkdown']")].some(m =>
             m.innerText.replace(/[\\u202f\\u00a0]/g, ' ').includes('Objectif atteint dans')
             && !m.innerText.includes('aucune hypothèse'))""", timeout=30_000)
    after = probability_sentence(page)
    assert after != before and "des simulations (5 000 tirages)" in after
    assert "Objectif atteint dans 0 % " not in after  # cheaper staff hours reach the target in some draws
    expect(page.get_by_label("Bas — Coût horaire")).to_have_value(fmt.euros(25, 2), timeout=30_000)
