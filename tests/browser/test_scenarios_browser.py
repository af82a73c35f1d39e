"""The director tries a price on the Scénarios page, saves the scenario, finds it again, compares."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from otmodel import db
from otmodel import format as fmt
from otmodel.demo import scenarios as demo_scenarios
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario
from otmodel.scenarios import store
from otmodel.scenarios import tables as scenario_tables
from tools.browser import (
    CHART,
    metric_value,
    open_page,
    pick_option,
    plain,
    start_server,
    type_into_cell,
    wait_for_app,
)

OFFER, PRICE = "P-HEB", 300
NAME = "Pack hébergement à 300 € (navigateur)"


@pytest.fixture(scope="module")
def scenario_db(demo_paths, tmp_path_factory):
    """A private destination demo with its saved scenarios, and the figures expected on the page."""
    path = tmp_path_factory.mktemp("scenarios") / "destination.duckdb"
    path.write_bytes(demo_paths["destination"].read_bytes())
    con = db.connect(path)
    demo_scenarios.install(con, "destination")
    facts = engine.load_facts(con)
    con.close()
    priced = parse_scenario({"offers": {OFFER: {"mode": "paid", "price": PRICE}}})
    frame = scenario_tables.editor_frame(facts, {"offers": {}})
    cell = (list(frame.index).index(OFFER), scenario_tables.EDITOR_COLUMNS.index("prix"))
    return path, engine.apply(facts, engine.Scenario()).totals, engine.apply(facts, priced).totals, cell, facts


@pytest.fixture
def own_server(scenario_db, tmp_path):
    """A server of this test's own on a copy of the database: stopping it releases DuckDB's file lock, so the
    test can then read what was really stored."""
    path = tmp_path / "fast.duckdb"
    path.write_bytes(scenario_db[0].read_bytes())
    with open(tmp_path / "streamlit.log", "w") as log:
        url, proc = start_server(path, log=log)
        yield path, url, proc
        proc.terminate()
        proc.wait(timeout=20)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a selectbox and wait until the selectbox shows it."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option).click()
    expect(box.get_by_role("combobox")).to_have_value(option, timeout=30_000)


def test_price_change_save_reload_compare(page, app_server, scenario_db):
    path, current, priced, (row, column), _ = scenario_db
    url = app_server(path)
    open_page(page, url)  # the app's home first: the navigation is known before a page is opened by its URL
    open_page(page, url, "scenarios")
    assert metric_value(page, "Résultat") == plain(fmt.euros(current.margin))
    assert metric_value(page, "Écart à l'objectif") == plain(fmt.signed_euros(current.gap))

    type_into_cell(page, row, column, str(PRICE))
    page.keyboard.press("Enter")
    expected_result = plain(fmt.euros(priced.margin))
    page.wait_for_function(
        """([label, text]) => [...document.querySelectorAll("[data-testid='stMetric']")].some(m =>
             m.innerText.includes(label) && m.innerText.replace(/[\\u202f\\u00a0]/g, ' ').includes(text))""",
        arg=["Résultat", expected_result], timeout=30_000)
    assert metric_value(page, "Écart à l'objectif") == plain(fmt.signed_euros(priced.gap))
    # The bullet chart follows the price (drawn again by Plotly with the new figures).
    page.wait_for_function(
        """(text) => [...document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg text")].some(t =>
             t.textContent.replace(/[\u202f\u00a0]/g, ' ').trim() === text)""",
        arg=f"Scénario : {expected_result}", timeout=30_000)

    page.get_by_label("Nom du scénario").fill(NAME)
    page.get_by_role("button", name="Enregistrer").click()  # leaving the field also records the name
    expect(page.get_by_text(f"Scénario « {NAME} » enregistré.")).to_be_visible(timeout=30_000)

    page.reload()
    wait_for_app(page)
    expect(page.locator("[data-testid='stMetric']").first).to_be_visible(timeout=30_000)
    choose(page, "Scénario", NAME)
    page.wait_for_function(
        """(text) => [...document.querySelectorAll("[data-testid='stMetric']")].some(m =>
             m.innerText.includes("Résultat") && m.innerText.replace(/[\\u202f\\u00a0]/g, ' ').includes(text))""",
        arg=expected_result, timeout=30_000)
    expect(page.get_by_label("Nom du scénario").last).to_have_value(NAME, timeout=30_000)

    open_page(page, url, "comparer")
    chosen = page.locator("[data-testid='stMultiSelect']")
    chosen.locator("input").fill("navigateur")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    chart = page.locator(CHART)
    chart.locator("svg text", has_text="navigateur").first.wait_for(timeout=30_000)
    labels = chart.locator("svg text").all_text_contents()  # a long name is drawn on two lines
    assert "Situation actuelle" in labels and "Pack partenaire" in " ".join(labels)
    assert page.get_by_text("décidée(s) différemment").is_visible()


def test_price_then_name_author_and_save_at_once_keeps_the_price(page, own_server, scenario_db):
    """Typing as users do, with no wait for the reruns: a price, the name, Tab, the author, Tab, Enregistrer.
    This once lost the price 3 times out of 10 while the page said « enregistré » (widget keys that changed)."""
    path, url, proc = own_server
    _, _, _, (row, column), _ = scenario_db
    typed = {f"Rapide n° {i}": float(PRICE + 7 * i + 1) for i in range(10)}
    open_page(page, url)
    for name, price in typed.items():
        open_page(page, url, "scenarios")  # a new session: a new scenario from the current situation
        type_into_cell(page, row, column, f"{price:g}")
        page.keyboard.press("Enter")
        page.get_by_label("Nom du scénario").click()
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type("Agnès")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text(f"Scénario « {name} » enregistré.")).to_be_visible(timeout=30_000)
    page.close()
    proc.terminate()
    proc.wait(timeout=20)
    con = db.connect(path)
    try:
        stored = {name: store.get(con, name) for name in typed}
    finally:
        con.close()
    assert {name: s.scenario.choice(OFFER).price for name, s in stored.items()} == typed
    assert {s.author for s in stored.values()} == {"Agnès"}


def _result_is(page, text: str) -> None:
    page.wait_for_function(
        """(text) => [...document.querySelectorAll("[data-testid='stMetric']")].some(m =>
             m.innerText.includes("Résultat") && m.innerText.replace(/[\\u202f\\u00a0]/g, ' ').includes(text))""",
        arg=text, timeout=30_000)


def _table_shows(page, offer: str, price: str) -> None:
    """Wait until the offers table's row of `offer` shows `price` in « Prix (€) » (read from the grid's
    accessible copy of its visible rows)."""
    page.wait_for_function("""([offer, price]) => {
        const table = document.querySelector("[data-testid='stDataFrame'] table");
        const header = [...(table?.querySelector("tr")?.children ?? [])].map(c => c.innerText);
        const at = header.indexOf("Prix (€)");
        return [...(table?.querySelectorAll("tr") ?? [])].some(r => r.children[1]?.innerText === offer
            && r.children[at]?.innerText === price);
    }""", arg=[offer, price], timeout=30_000)


def test_quick_price_and_the_table_agree_and_the_figure_is_the_engines(page, own_server, scenario_db):
    """« Prix rapide » sets a price at once: « Résultat » is the engine's figure and the offers table shows the
    price; a price then typed in the table shows in the quick input; a quick price after it is the one saved
    (no edit of either is lost)."""
    path, url, proc = own_server
    _, _, _, (row, column), facts = scenario_db
    offer_name = str(scenario_tables.editor_frame(facts, {"offers": {}}).loc[OFFER, "nom"])

    def margin(price: float) -> str:
        priced = parse_scenario({"offers": {OFFER: {"mode": "paid", "price": price}}})
        return plain(fmt.euros(engine.apply(facts, priced).totals.margin))

    open_page(page, url)
    open_page(page, url, "scenarios")
    pick_option(page, "Prix rapide", offer_name)
    field = page.get_by_role("textbox", name="Prix rapide (€)")
    field.fill("300")
    field.press("Enter")
    _result_is(page, margin(300))
    _table_shows(page, offer_name, "300")  # the offers table, started again, holds the quick price
    wait_for_app(page)
    type_into_cell(page, row, column, "320")
    page.keyboard.press("Enter")
    _result_is(page, margin(320))
    expect(field).to_have_value(fmt.euros(320, 2), timeout=30_000)
    wait_for_app(page)
    field.fill("310")
    field.press("Enter")
    _result_is(page, margin(310))
    wait_for_app(page)
    page.get_by_label("Nom du scénario").fill("Prix rapide")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Scénario « Prix rapide » enregistré.")).to_be_visible(timeout=30_000)
    page.close()
    proc.terminate()
    proc.wait(timeout=20)
    con = db.connect(path)
    try:
        assert store.get(con, "Prix rapide").scenario.choice(OFFER).price == 310.0
    finally:
        con.close()


def test_prices_typed_the_french_way(page, own_server, scenario_db):
    """A French price is read as she means it, in « Prix rapide » and in the table: « 95,5 » is 95,50 € (it was
    once read 955 €), « 1 234,5 » is 1 234,50 €; « 12,,5 » is refused with the reason, the figures unchanged;
    the price saved is the one the page showed."""
    path, url, proc = own_server
    _, _, _, (row, column), facts = scenario_db
    offer_name = str(scenario_tables.editor_frame(facts, {"offers": {}}).loc[OFFER, "nom"])

    def margin(price: float) -> str:
        priced = parse_scenario({"offers": {OFFER: {"mode": "paid", "price": price}}})
        return plain(fmt.euros(engine.apply(facts, priced).totals.margin))

    open_page(page, url)
    open_page(page, url, "scenarios")
    pick_option(page, "Prix rapide", offer_name)
    field = page.get_by_role("textbox", name="Prix rapide (€)")
    for typed, price in (("95,5", 95.5), ("1 234,5", 1234.5)):
        field.fill(typed)
        field.press("Enter")
        _result_is(page, margin(price))
        expect(field).to_have_value(fmt.euros(price, 2), timeout=30_000)  # shown back in French
        wait_for_app(page)
    field.fill("12,,5")
    field.press("Enter")
    expect(page.get_by_text("« 12,,5 » — une seule virgule")).to_be_visible(timeout=30_000)
    assert metric_value(page, "Résultat") == margin(1234.5)  # the refused price changed nothing
    wait_for_app(page)
    type_into_cell(page, row, column, "363,9")  # the cell's editor reads the comma of a French browser
    page.keyboard.press("Enter")
    _result_is(page, margin(363.9))
    expect(field).to_have_value(fmt.euros(363.9, 2), timeout=30_000)  # « 363,90 € », not « 363.00 € »
    expect(page.get_by_text("« 12,,5 »")).to_have_count(0)  # the refusal went with the price it was about
    wait_for_app(page)
    field.fill("95,5")
    field.press("Enter")
    _result_is(page, margin(95.5))
    wait_for_app(page)
    page.get_by_label("Nom du scénario").fill("Prix à la française")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Scénario « Prix à la française » enregistré.")).to_be_visible(timeout=30_000)
    page.close()
    proc.terminate()
    proc.wait(timeout=20)
    con = db.connect(path)
    try:
        assert store.get(con, "Prix à la française").scenario.choice(OFFER).price == 95.5
    finally:
        con.close()


def test_goal_seek_answer_goes_with_its_question(page, app_server, scenario_db):
    """The goal seek proposes a whole-euro price with what to question about it; switching to « Une variation
    de tous les prix payants » takes the old answer and its « Appliquer » away (it once stayed, still active)."""
    path, _, _, _, facts = scenario_db
    url = app_server(path)
    open_page(page, url)
    open_page(page, url, "scenarios")
    page.get_by_role("button", name="Recherche d'objectif").or_(
        page.get_by_role("radio", name="Recherche d'objectif")).first.click()
    wait_for_app(page)
    offer_name = str(facts.offers.set_index("id").at[OFFER, "nom"])
    box = page.locator("[data-testid='stSelectbox']").filter(has=page.get_by_text("Offre", exact=True))
    box.click()
    page.keyboard.type(offer_name)
    page.get_by_role("option", name=offer_name, exact=True).click()
    expect(box.locator("input")).to_have_value(offer_name, timeout=30_000)
    wait_for_app(page)
    page.get_by_role("button", name="Chercher le prix qui atteint l'objectif").click()
    answer = page.get_by_test_id("stAlertContentSuccess").filter(has_text=f"« {offer_name} » à 657")
    expect(answer).to_be_visible(timeout=30_000)
    warning = page.get_by_text("hors de la plage que les partenaires jugent acceptable")
    expect(warning).to_be_visible()
    apply = page.get_by_role("button", name="Appliquer au scénario")
    expect(apply).to_be_visible()
    page.get_by_text("Une variation de tous les prix payants").click()
    expect(answer).to_have_count(0, timeout=30_000)
    expect(warning).to_have_count(0)
    expect(apply).to_have_count(0)


def test_a_falling_result_shows_a_down_arrow_in_red(page, app_server, scenario_db):
    """A price that lowers the result: « Résultat » shows its change with a true minus, a down arrow, in red
    (a green up arrow once sat beside « −8 853 € »); costs rising with it are red too."""
    path, current, _, _, facts = scenario_db
    url = app_server(path)
    open_page(page, url)
    open_page(page, url, "scenarios")
    pick_option(page, "Prix rapide", str(facts.offers.set_index("id").at[OFFER, "nom"]))
    field = page.get_by_role("textbox", name="Prix rapide (€)")
    field.fill("10")
    field.press("Enter")
    priced = engine.apply(facts, parse_scenario({"offers": {OFFER: {"mode": "paid", "price": 10}}})).totals
    _result_is(page, plain(fmt.euros(priced.margin)))
    for label, change in (("Résultat", priced.margin - current.margin), ("Coûts", priced.costs - current.costs)):
        delta = page.locator("[data-testid='stMetric']").filter(has_text=label).first.get_by_test_id("stMetricDelta")
        expect(delta).to_have_text(fmt.signed_euros(change))
        icon = "Down" if change < 0 else "Up"
        expect(delta.get_by_test_id(f"stMetricDeltaIcon-{icon}")).to_have_count(1)
        red, green, _ = delta.evaluate("e => getComputedStyle(e).color.match(/\\d+/g).map(Number)")
        assert red > green, f"{label} : {change}"  # bad news for both: the result falls, the costs rise
