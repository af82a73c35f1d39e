"""Trust in Chromium (issue 9): a visitor with an editor password set finds no enabled write control, an editor
can write; two sessions saving one scenario → the second gets the choice; a restore in one session → the other
keeps working; hostile user text → no request leaves 127.0.0.1 and no dialog fires."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from otmodel import db
from otmodel.data import backup
from otmodel.demo import scenarios as demo_scenarios
from otmodel.model.scenario import Scenario
from otmodel.scenarios import store
from tests.fixtures import copy_database
from tools.browser import CHART, open_page, open_tab, wait_for_app

from .test_scenarios_browser import choose

PASSWORD = "séminaire-2026"
PAGES = ["", "ecoute", "scenarios", "comparer", "donnees"]
SCENARIO = "Pack partenaire revalorisé"
WRITE_WORDS = ["Enregistrer", "Dupliquer", "Renommer", "Supprimer", "Importer", "Restaurer", "sauvegarde",
               "Créer le brouillon", "Utiliser ce prix", "Écraser"]
MARKDOWN_IMAGE = "![x](http://exemple.invalid/a.png)"
HTML_IMAGE = "<img src=x onerror=alert(1)>"
# Plotly reads HTML in its texts: unescaped, this name would be a link, in bold, in a chart and its hover label.
CHART_HTML = '<a href="http://exemple.invalid">clic</a> <b>Pêche & loisirs</b>'


def _demo_with_scenarios(demo_paths, folder, name: str = "destination"):
    path = copy_database(demo_paths[name], folder / f"{name}.duckdb")
    with db.connect(path) as con:
        if not store.names(con):
            demo_scenarios.install(con, name)
    return path


def _enabled_write_controls(page) -> dict:
    return page.evaluate("""(words) => ({
        files: [...document.querySelectorAll("input[type=file]")].filter(i => !i.disabled).length,
        buttons: [...document.querySelectorAll("button")].filter(b => !b.disabled && b.offsetParent !== null
                  && words.some(w => b.innerText.includes(w))).map(b => b.innerText)})""", WRITE_WORDS)


def _visit_every_tab(page) -> list[dict]:
    """The controls of the page, then of each of its tabs (a tab's content shows once it is chosen)."""
    found = [_enabled_write_controls(page)]
    for name in page.get_by_role("tab").all_inner_texts():
        open_tab(page, name.strip())
        found.append(_enabled_write_controls(page))
    return found


def _go(page, title: str) -> None:
    """Another page through the sidebar: the same session (a new URL would start a new one, signed out)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    page.get_by_role("heading", level=1).first.wait_for()
    wait_for_app(page)


def test_a_visitor_finds_no_enabled_write_control_an_editor_can_write(page, app_server, demo_paths, tmp_path):
    url = app_server(_demo_with_scenarios(demo_paths, tmp_path), env={"OTMODEL_EDITOR_PASSWORD": PASSWORD})
    for path in PAGES:
        open_page(page, url, path)
        expect(page.get_by_text("Lecture seule : explorer, présenter et voter")).to_be_visible()
        for controls in _visit_every_tab(page):
            assert controls == {"files": 0, "buttons": []}, (path, controls)

    open_page(page, url, "scenarios")
    page.get_by_label("Mot de passe éditeur").fill("pas le bon")
    page.get_by_role("button", name="Se connecter comme éditeur").click()
    expect(page.get_by_text("Mot de passe incorrect.")).to_be_visible(timeout=30_000)
    page.get_by_label("Mot de passe éditeur").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter comme éditeur").click()
    expect(page.get_by_text("Connecté comme éditeur")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert PASSWORD not in page.url
    page.get_by_label("Nom du scénario").fill("Écrit par l'éditeur")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Scénario « Écrit par l'éditeur » enregistré.")).to_be_visible(timeout=30_000)
    _go(page, "Données")
    assert _enabled_write_controls(page)["files"] >= 1  # the import file input
    page.get_by_role("tab", name="💾 Sauvegarde").click()
    expect(page.get_by_role("button", name="Préparer la sauvegarde")).to_be_enabled()
    expect(page.get_by_test_id("stAlertContentWarning").get_by_text("données personnelles")).to_be_visible()


def test_two_sessions_saving_one_scenario_the_second_gets_the_choice(browser, page, app_server, demo_paths,
                                                                      tmp_path):
    url = app_server(_demo_with_scenarios(demo_paths, tmp_path))
    other = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR").new_page()
    try:
        for session in (page, other):
            open_page(session, url, "scenarios")
            choose(session, "Scénario", SCENARIO)
            wait_for_app(session)
        page.get_by_label("Auteur").fill("Anne")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.get_by_text(f"Scénario « {SCENARIO} » enregistré.")).to_be_visible(timeout=30_000)

        other.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(other.get_by_text(f"« {SCENARIO} » a été modifié par « Anne » le")).to_be_visible(timeout=30_000)
        expect(other.get_by_role("button", name="Écraser sa version")).to_be_visible()
        other.get_by_role("button", name="Enregistrer sous un autre nom").click()
        expect(other.get_by_text(f"Vos modifications sont enregistrées sous « {SCENARIO} (copie) ».")).to_be_visible(
            timeout=30_000)
    finally:
        other.context.close()


def test_a_restore_in_one_session_the_other_keeps_working(browser, page, app_server, demo_paths, tmp_path):
    url = app_server(_demo_with_scenarios(demo_paths, tmp_path))
    rural = copy_database(demo_paths["rural"], tmp_path / "rural.duckdb")
    with db.connect(rural) as con:
        backup.backup(con, tmp_path / "rural.zip")
    open_page(page, url, "scenarios")
    choose(page, "Scénario", SCENARIO)
    wait_for_app(page)

    admin = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR").new_page()
    try:
        open_page(admin, url, "donnees")
        admin.get_by_role("tab", name="💾 Sauvegarde").click()
        admin.locator("[data-testid='stFileUploader']", has_text="Fichier de sauvegarde").locator(
            "input[type=file]").set_input_files(str(tmp_path / "rural.zip"))
        wait_for_app(admin)
        admin.get_by_text("Je remplace toutes les données actuelles").click()
        wait_for_app(admin)
        admin.get_by_role("button", name="Restaurer").click()
        expect(admin.get_by_text("Base restaurée")).to_be_visible(timeout=60_000)
    finally:
        admin.context.close()

    # The first session's next click: a view of the live panel (a fragment holding the old territory's facts).
    page.get_by_text("Effet de chaque offre").click()
    expect(page.get_by_text("offre(s) absente(s) de la base")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Retirer ces offres du scénario").click()
    expect(page.get_by_text("Les offres", exact=True)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    _go(page, "Comparer")
    _go(page, "Synthèse")
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content() and "KeyError" not in page.content()


@pytest.fixture
def hostile_db(small_path):
    """The small territory with hostile text in every field users type: structure, scenario record, partner
    and offer names, survey comments; an offer and a third scenario named with HTML tags a chart could read."""
    both = f"{MARKDOWN_IMAGE} {HTML_IMAGE}"
    with db.connect(small_path) as con:
        con.execute("UPDATE structure SET nom = ?", [both])
        con.execute("UPDATE partenaires SET nom = ? WHERE id = (SELECT min(id) FROM partenaires)", [both])
        con.execute("UPDATE offres SET nom = ? WHERE id = (SELECT min(id) FROM offres)", [both])
        con.execute("UPDATE offres SET nom = ? WHERE id = (SELECT max(id) FROM offres)", [CHART_HTML])
        con.execute("UPDATE besoins SET commentaire = ?", [both])
        for i, name in enumerate([f"A {MARKDOWN_IMAGE}", f"B {HTML_IMAGE}"]):
            store.save(con, store.SavedScenario(Scenario(name=name), author=[HTML_IMAGE, MARKDOWN_IMAGE][i],
                                                notes=both, decision=both))
        store.save(con, store.SavedScenario(Scenario(name=f"C {CHART_HTML}")))
    return small_path


def _charts_show_names_as_typed(page, names: list[str]) -> None:
    """The charts' axis labels read as the names typed (a long one wrapped on several lines: spaces aside),
    with no link inside any chart."""
    labels = page.locator(f"{CHART} .ytick text")
    labels.first.wait_for()
    shown = "".join(labels.all_text_contents()).replace(" ", "")
    for name in names:
        assert name.replace(" ", "") in shown, (name, shown)
    assert page.locator(f"{CHART} a").count() == 0


def _hover_shows_as_typed(page, name: str) -> None:
    """Hovering the bar of `name` shows its hover label with the name as typed (its tags as characters), no
    link."""
    tick = page.locator(f"{CHART} .ytick text").filter(has_text=name.split(" ")[-1]).first
    bars = page.locator(f"{CHART} .trace.bars .point path")
    box, rows = tick.bounding_box(), bars.count()
    bar = min((bars.nth(i) for i in range(rows)), key=lambda b: abs(b.bounding_box()["y"] - box["y"]))
    bar.hover(force=True)
    label = page.locator(f"{CHART} .hoverlayer .hovertext")
    expect(label).to_have_count(1, timeout=10_000)
    text = label.text_content()
    assert name.replace(" ", "") in text.replace(" ", ""), (name, text)
    assert label.locator("a").count() == 0


def test_hostile_user_text_sends_no_request_and_fires_no_dialog(page, app_server, hostile_db):
    url = app_server(hostile_db)
    outside, dialogs = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in PAGES:
        open_page(page, url, path)
        _visit_every_tab(page)
        if path == "scenarios":
            choose(page, "Scénario", f"A {MARKDOWN_IMAGE}")
            wait_for_app(page)
            expect(page.get_by_text(HTML_IMAGE).first).to_be_visible()  # its author, as typed
        if path == "comparer":
            expect(page.get_by_text(f"B {HTML_IMAGE}").first).to_be_visible()
            _charts_show_names_as_typed(page, [f"A {MARKDOWN_IMAGE}", f"B {HTML_IMAGE}", f"C {CHART_HTML}"])
            _hover_shows_as_typed(page, f"C {CHART_HTML}")
    open_page(page, url, "offres")  # the result of each offer, by name, on one line
    _charts_show_names_as_typed(page, [CHART_HTML])
    expect(page.locator(f"{CHART} .ytick text", has_text="<b>Pêche & loisirs</b>")).to_have_count(1)
    assert page.locator("img[src='x'], img[src*='exemple.invalid']").count() == 0
    assert (outside, dialogs) == ([], [])
