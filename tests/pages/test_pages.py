"""Every page runs without exception (AppTest) and shows the figures of its database."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from otmodel import db
from otmodel import format as fmt
from otmodel.model import engine
from tests.chartspec import named, shapes
from tests.pages.pagetest import APP, chart_configs, figures, metric, run_page
from tools.browser import FLOOR_PAGE

# Every page registered in app.py's navigation, so a new page is smoke-tested without editing this file.
PAGES = sorted(set(re.findall(r'"(views/[a-z_/]+\.py)"', APP.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("territory", ["destination", "rural"])
def test_every_page_runs_on_both_demos(page, territory, demo_copy, monkeypatch):
    at = run_page(demo_copy(territory), page, monkeypatch)
    assert not at.exception, at.exception


def test_synthese_shows_the_small_territory_figures(small_path, monkeypatch):
    at = run_page(small_path, "views/synthese.py", monkeypatch)
    assert not at.exception
    # Hand-checked in test_engine.py: revenue 650, costs 700, result −50, target 1 000 → gap −1 050.
    assert metric(at, "Recettes partenaires") == fmt.euros(650)
    assert metric(at, "Coûts des services") == fmt.euros(700)
    assert metric(at, "Résultat") == fmt.euros(-50)
    assert metric(at, "Écart à l'objectif") == "−1\u202f050 €"
    assert metric(at, "Résultat") == "−50 €"
    assert metric(at, "Couverture service public") == "83,3\u202f%"
    assert metric(at, "Bénéficiaires d'un service gratuit") == "4 / 6"
    assert metric(at, "Heures d'équipe utilisées") == "10 h / 100 h"
    assert metric(at, "Partenaire") == "3"
    assert metric(at, "Ancien partenaire") == "1"
    assert "OT du Petit Territoire" in at.markdown[0].value


def test_synthese_target_chart_carries_the_target(small_path, monkeypatch):
    at = run_page(small_path, "views/synthese.py", monkeypatch)
    figure = figures(at)[0]
    assert named(figure, "postes")["y"] == [650, 700, -50]
    assert [row[1] for row in named(figure, "postes")["customdata"]] == ["650 €", "700 €", "−50 €"]
    (line,) = shapes(figure, "objectif")  # the target across the result's bar (the third, at 2)
    assert (line["x0"], line["x1"], line["y0"]) == (1.58, 2.42, 1000)
    assert figure["layout"]["template"]["layout"]["separators"] == ",\u202f"
    config = chart_configs(at)[0]  # the modebar in French, the PNG named after the chart and the day
    assert config["locale"] == "fr" and config["locales"]["fr"]["dictionary"]["Download plot as a PNG"] == (
        "Télécharger en PNG")
    assert config["toImageButtonOptions"]["filename"] == (
        f"Recettes, coûts et résultat face à l'objectif {date.today():%Y-%m-%d}")


def test_synthese_rural_reaches_its_revenue_target(demo_copy, monkeypatch):
    path = demo_copy("rural")
    con = db.connect(path)
    totals = engine.evaluate(con).totals
    con.close()
    at = run_page(path, "views/synthese.py", monkeypatch)
    assert totals.target_basis == "revenue" and totals.target_amount == 3000
    assert metric(at, "Écart à l'objectif") == fmt.signed_euros(totals.revenue - 3000)


def test_the_floor_page_draws_a_chart_only_when_asked():
    """tools/floor_page.py: what `bench --browser` sets beside the first loads (`floor_s`)."""
    at = AppTest.from_file(str(FLOOR_PAGE)).run()
    assert [t.value for t in at.title] == ["otmodel"] and not figures(at)
    at.query_params["graphique"] = "1"
    at.run()
    (chart,) = figures(at)
    assert chart["data"][0]["type"] == "bar" and chart["data"][0]["y"] == [3, 1, 2]


def test_synthese_sends_only_the_open_section(small_path, monkeypatch):
    """The further analyses are tabs that run when opened: a first load draws two charts, not four."""
    at = run_page(small_path, "views/synthese.py", monkeypatch)
    assert [t.label for t in at.tabs] == ["Les entreprises connues, par statut", "Recettes par famille et par filière",
                                          "Économie de chaque offre"]
    assert len(figures(at)) == 2 and not at.dataframe  # the target, the businesses by sector
    at.session_state["synthese_detail"] = "Économie de chaque offre"
    at.run()
    assert len(figures(at)) == 1 and "Partenaire" not in [m.label for m in at.metric]
    table = at.dataframe[0].value
    # Hand-checked in test_engine.py: revenue 650, costs 700 → result −50, spread over the offers.
    assert (table["revenue"].sum(), table["costs"].sum(), table["margin"].sum()) == (650, 700, -50)
    assert table["margin"].is_monotonic_increasing  # from the most in deficit


def test_offres_runs_a_further_analysis_when_its_tab_is_opened(demo_copy, monkeypatch):
    path = demo_copy("destination")
    with db.connect(path, read_only=True) as con:
        packs = con.execute("SELECT count(*) FROM offres WHERE type = 'pack'").fetchone()[0]
    at = run_page(path, "views/offres.py", monkeypatch)
    assert [t.label for t in at.tabs] == ["Par sphère et par portage", "Évolution sur les années", "Packs"]
    # The catalogue, then by sphere and by delivery (the open tab), then the descriptions for the guide.
    assert len(at.dataframe) == 4 and at.dataframe[3].key.startswith("offres_descriptions")
    at.session_state["offres_detail"] = "Packs"
    at.run()
    assert len(at.dataframe) == 3 and len(at.dataframe[1].value) == packs == 5


def test_offres_writes_a_dash_where_an_offer_has_no_reference_price(demo_copy, monkeypatch):
    at = run_page(demo_copy("destination"), "views/offres.py", monkeypatch)
    catalogue = at.dataframe[0]
    assert catalogue.proto.placeholder == "—"  # not « None » (the grid's default for a missing value)
    assert catalogue.value["prix_reference"].isna().any()
