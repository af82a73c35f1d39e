"""The director presents to elected officials, then projects the workshop and the room votes from its phones."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from otmodel import db
from otmodel.demo import scenarios as demo_scenarios
from otmodel.presentation import settings
from otmodel.presentation.vote import Presence
from otmodel.ui import presentation as room
from tests.browser.phones import Lagging, open_at, vote_with
from tools.browser import CHART, metric_value, open_page, start_server, wait_for_app


@pytest.fixture(scope="module")
def url(demo_paths, tmp_path_factory):
    """A server of this module's own on a copy of the destination demo with its saved scenarios."""
    folder = tmp_path_factory.mktemp("presentation")
    path = folder / "destination.duckdb"
    path.write_bytes(demo_paths["destination"].read_bytes())
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
    with open(folder / "streamlit.log", "w") as log:
        address, proc = start_server(path, log=log)
        yield address
        proc.terminate()
        proc.wait(timeout=20)


def test_the_presentation_renders_every_section(page, url):
    open_page(page, url, "presentation")
    told = [(key, title) for key, title in settings.SECTIONS.items() if key not in settings.OPTIONAL_SECTIONS]
    for number, (key, title) in enumerate(told, start=1):
        expect(page.locator(f".st-key-sec-{key} h2").first).to_contain_text(f"{number}. {title}")
    assert page.locator(".st-key-sec-reseau").count() == 0  # no network folder chosen: no place in it told
    expect(page.locator(".st-key-sec-recommandation")).to_contain_text("Nous recommandons")
    assert page.locator("[data-testid='stException']").count() == 0
    # The scenarios' bars are drawn (Plotly's SVG): each name, its figure after the target line, the target.
    chart = page.locator(f".st-key-sec-scenarios {CHART} .main-svg").first
    expect(chart).to_contain_text("Situation actuelle")
    texts = chart.locator("text").all_text_contents()  # a text on two lines reads as one here
    assert any("il manque " in text for text in texts) and any(text.startswith("Objectif ") for text in texts)
    assert chart.bounding_box()["height"] > 200


def test_workshop_mode_survives_a_reload_and_a_lever_changes_the_gap(page, url):
    open_page(page, url, "presentation?atelier=1")
    expect(page.locator("h3").first).to_contain_text("Atelier —")
    page.reload()
    wait_for_app(page)
    expect(page.locator("h3").first).to_contain_text("Atelier —")
    assert "atelier=1" in page.url
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    before = metric_value(page, "Écart à l'objectif")
    result_before = metric_value(page, "Résultat")
    lever = page.locator(".st-key-levers input[type='range']").first
    lever.focus()  # from the keyboard: focus, then arrows
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    gap = page.locator("[data-testid='stMetric']").filter(has_text="Écart à l'objectif").locator(
        "[data-testid='stMetricValue']")
    expect(gap).not_to_have_text(before, timeout=30_000)
    assert "atelier=1" in page.url
    # The bar « Atelier » follows: the figure written after it becomes the new result (the metric and the chart
    # are compared in one go, as each key press reruns the page).
    page.wait_for_function("""(before) => {
        const plain = (text) => text.replace(/\\s/g, "");
        const metric = [...document.querySelectorAll("[data-testid='stMetric']")].find(
            (m) => m.querySelector("[data-testid='stMetricLabel']").innerText.trim() === "Résultat");
        const value = plain(metric.querySelector("[data-testid='stMetricValue']").innerText);
        const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg")].find(
            (svg) => svg.textContent.includes("Atelier"));
        return value !== plain(before) && chart !== undefined && plain(chart.textContent).includes(value);
    }""", arg=result_before, timeout=30_000)


def vote_from(browser, url: str, rating: str, comment: str) -> None:
    """A participant's phone: a session of its own that opens the vote page and votes."""
    context = browser.new_context(viewport={"width": 420, "height": 900}, locale="fr-FR")
    phone = context.new_page()
    open_page(phone, url, "vote")
    phone.locator("[data-testid='stRadio']").first.get_by_text(rating, exact=True).click()
    phone.get_by_label("Un commentaire (facultatif)").fill(comment)
    phone.get_by_role("button", name="Voter").click()
    expect(phone.get_by_text("votre vote est enregistré")).to_be_visible(timeout=30_000)
    context.close()


def test_two_participants_vote_and_the_presenter_sees_both_votes(page, browser, url):
    open_page(page, url, "presentation?atelier=1")
    page.get_by_role("button", name="Nouveau vote").click()
    expect(page.get_by_text("0 vote(s) — vote ouvert")).to_be_visible(timeout=30_000)
    vote_from(browser, url, "4", "Clair")
    vote_from(browser, url, "2", "<b>pas</b> convaincu")
    expect(page.get_by_text("2 vote(s) — vote ouvert")).to_be_visible(timeout=30_000)  # no reload: live
    expect(page.get_by_text("« <b>pas</b> convaincu »")).to_be_visible()  # a comment is text, not HTML
    page.get_by_role("button", name="Clore le vote").click()
    expect(page.get_by_text("2 vote(s) — vote clos")).to_be_visible(timeout=30_000)


def test_a_participant_cannot_reach_the_editing_pages_actions(browser, url):
    context = browser.new_context(viewport={"width": 420, "height": 900}, locale="fr-FR")
    phone = context.new_page()
    open_page(phone, url, "vote")
    expect(phone.locator("h1").first).to_contain_text("Votre avis")
    # No navigation to any other page, no editing control: the vote is all a participant can do.
    assert phone.locator("[data-testid='stSidebarNav'] a, [data-testid='stSidebarNavLink']").count() == 0
    assert phone.locator("[data-testid='stFileUploader'], [data-testid='stDataFrame']").count() == 0
    buttons = [b.strip() for b in phone.locator("button:visible").all_inner_texts() if b.strip()]
    assert set(buttons) <= {"Voter"}, buttons
    context.close()


def test_a_phone_votes_reloads_votes_again_and_a_ballot_after_closing_is_refused(page, browser, url):
    open_page(page, url, "presentation?atelier=1")
    page.get_by_role("button", name="Nouveau vote").click()
    expect(page.get_by_text("0 vote(s) — vote ouvert")).to_be_visible(timeout=30_000)
    lagging = Lagging()
    phone = open_at(browser, f"{url}/vote", lagging)
    vote_with(phone, "4")
    assert f"{room.VOTER_PARAM}=" in phone.url  # her token, in the page's address
    phone.reload()  # what a phone does with a tab it discarded
    wait_for_app(phone)
    expect(phone.get_by_text("Votre vote est pris en compte")).to_be_visible()
    expect(phone.locator("[data-testid='stText']").first).to_contain_text(" : 4 / 5")
    vote_with(phone, "2")  # she changes her mind
    again = phone.context.new_page()  # the QR code scanned again, in the same browser: its cookie
    again.goto(f"{url}/vote")
    wait_for_app(again)
    expect(again.locator("[data-testid='stText']").first).to_contain_text(" : 2 / 5")
    again.close()
    expect(page.get_by_text("1 vote(s) — vote ouvert")).to_be_visible(timeout=10_000)  # live, no reload
    counted = ("1 participant a voté : un bulletin chacun, le dernier envoyé ; 1 bulletin remplacé par un plus "
               "récent ne compte pas.")
    expect(page.get_by_text(counted)).to_be_visible()
    # The phones of this module's earlier tests drop out LIVE_S seconds after their last report: then she alone.
    connected = page.locator("[data-testid='stMetric']").filter(has_text="Participants connectés")
    expect(connected.locator("[data-testid='stMetricValue']")).to_have_text("1", timeout=(Presence.LIVE_S + 15) * 1000)
    # « Clore le vote » while her page still shows the ballot (it follows the presenter within seconds; here it
    # lags): the ballot she sends then is refused, and what stays counted is her second one.
    phone.locator("[data-testid='stRadio']").first.get_by_text("5", exact=True).click()
    wait_for_app(phone)
    lagging.on = True
    page.get_by_role("button", name="Clore le vote").click()
    expect(page.get_by_text("1 vote(s) — vote clos")).to_be_visible(timeout=30_000)
    phone.get_by_role("button", name="Voter").click()
    expect(phone.get_by_text("ce bulletin n'a pas été compté")).to_be_visible(timeout=30_000)
    expect(phone.locator("[data-testid='stText']").first).to_contain_text(" : 2 / 5")
    expect(page.get_by_text(counted)).to_be_visible()
    phone.context.close()
