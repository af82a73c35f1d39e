"""The director opens otmodel and reads the Synthèse figures of the demo territory."""

import re
import struct
from datetime import date
from pathlib import Path

from otmodel import db
from otmodel import format as fmt
from otmodel.model import engine
from tests.pages.pagetest import APP
from tools.browser import CHART, metric_value, open_page, open_tab, plain


def test_synthese_shows_the_demo_figures(page, demo_paths, demo_url):
    # The server holds its database copy open; the session's original has the same data.
    con = db.connect(demo_paths["destination"], read_only=True)
    expected = engine.evaluate(con).totals
    con.close()

    open_page(page, demo_url)

    assert page.get_by_role("heading", name="Synthèse").is_visible()
    assert page.get_by_text("Office de tourisme Côte des Pins (fictif)").first.is_visible()
    assert metric_value(page, "Recettes partenaires") == plain(fmt.euros(expected.revenue))
    assert metric_value(page, "Résultat") == plain(fmt.euros(expected.margin))
    assert metric_value(page, "Écart à l'objectif") == plain(fmt.signed_euros(expected.gap))
    assert page.get_by_text("Objectif non atteint").is_visible()
    # The target chart is drawn with the target line's label, in French number format.
    label = page.locator(f"{CHART} text", has_text="Objectif").first
    assert plain(label.text_content()) == "Objectif 200 000 € (résultat)"
    assert page.locator(CHART).count() == 2  # the target, the businesses: the open tab only
    # The modebar speaks French, with only the useful buttons (and Streamlit's own full screen button).
    chart = page.locator(CHART).first
    chart.hover()
    titles = chart.locator(".modebar-btn").evaluate_all("buttons => buttons.map(b => b.dataset.title)")
    assert titles == ["Télécharger en PNG", "Zoomer (tracer un rectangle)", "Déplacer", "Revenir à la vue d'origine",
                      "Fullscreen"]
    # « Télécharger en PNG » saves the chart named after it and the day, at twice its size on screen.
    with page.expect_download() as download:
        chart.locator(".modebar-btn[data-title='Télécharger en PNG']").click()
    assert download.value.suggested_filename == (
        f"Recettes, coûts et résultat face à l'objectif {date.today():%Y-%m-%d}.png")
    png = Path(download.value.path()).read_bytes()
    box = chart.locator(".main-svg").first.bounding_box()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (2 * round(box["width"]), 2 * round(box["height"]))
    # A further analysis runs when its tab is opened: the revenue by family and by sector.
    open_tab(page, "Recettes par famille et par filière")
    assert page.get_by_role("heading", name="Par filière").is_visible()
    assert page.locator(CHART).count() == 3
    assert page.get_by_role("tab", name="Recettes par famille et par filière").get_attribute("aria-selected") == "true"


def test_a_page_opened_by_its_address_keeps_the_app_frame(page, app_server, demo_paths, tmp_path):
    # A fresh server whose very first request is a page's address (a bookmark, a reload): Streamlit must
    # route it through app.py's navigation, not run the page file on its own.
    copy = tmp_path / "direct.duckdb"
    copy.write_bytes(demo_paths["destination"].read_bytes())
    url = app_server(copy)
    open_page(page, url, "donnees")
    links = page.locator("[data-testid='stSidebarNav'] a")
    labels = [text.split("\n")[-1] for text in links.all_inner_texts()]
    # Every page of app.py's navigation, in its order (read from app.py, so a new page needs no edit here).
    assert labels == re.findall(r'st\.Page\([^)]*title="([^"]+)"', APP.read_text(encoding="utf-8"))
    assert page.get_by_role("heading", name="Données").first.is_visible()
