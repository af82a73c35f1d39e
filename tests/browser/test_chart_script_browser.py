"""Plotly's script (4,7 MB) is fetched only by a page that draws a chart: the participants' vote page and the
pages of the app's frame without a chart never download it; a page with charts does, and draws every one."""

from __future__ import annotations

import pytest

from tools.browser import CHART, open_page

PLOTLY_CHUNK = "PlotlyChart"  # Streamlit's lazily loaded chunk: static/js/PlotlyChart.<hash>.js


def scripts_fetched(browser, url: str, path: str) -> list[str]:
    """The scripts a new browser profile fetches to show a page, until every chart is drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.resource_type == "script" else None)
    open_page(page, url, path)
    charts = page.locator(CHART).count()
    context.close()
    return fetched if charts == 0 else [*fetched, f"{charts} chart(s) drawn"]


@pytest.mark.parametrize("path", ["vote", "donnees", "carnet"])
def test_a_page_without_chart_never_fetches_plotly(browser, demo_url, path):
    fetched = scripts_fetched(browser, demo_url, path)
    assert fetched and not [url for url in fetched if PLOTLY_CHUNK in url], fetched


def test_a_page_with_charts_fetches_plotly_and_draws_them(browser, demo_url):
    fetched = scripts_fetched(browser, demo_url, "")
    assert [url for url in fetched if PLOTLY_CHUNK in url] and fetched[-1] == "2 chart(s) drawn"
