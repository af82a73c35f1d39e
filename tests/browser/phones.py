"""The room's phones in the browser tests: a phone-sized browser, a vote, and a phone that lags behind."""

from __future__ import annotations

from playwright.sync_api import expect

from tools.browser import wait_for_app

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "fr-FR"}
LARGE = {"viewport": {"width": 1440, "height": 1000}}


class Lagging:
    """A phone whose page has not yet followed the presenter (it does within seconds): while `on`, its messages
    to the server are dropped — its every-few-seconds check among them — except a click on « Voter »."""

    def __init__(self) -> None:
        self.on = False

    def route(self, page) -> None:
        def connect(ws) -> None:
            server = ws.connect_to_server()

            def to_server(message: str | bytes) -> None:
                raw = message.encode() if isinstance(message, str) else message
                if not self.on or b"vote_cast" in raw:  # the button's key is part of its widget id
                    server.send(message)

            ws.on_message(to_server)
            server.on_message(ws.send)

        page.route_web_socket("**/_stcore/stream", connect)


def open_at(browser, url: str, lagging: Lagging | None = None, **options):
    """A new browser profile (a phone unless `options` say otherwise) on `url`, once the app has run."""
    page = browser.new_context(**{**PHONE, **options}).new_page()
    if lagging is not None:
        lagging.route(page)
    page.goto(url)
    wait_for_app(page)
    return page


def vote_with(phone, rating: str) -> None:
    """Rate the first scenario and press « Voter »; wait for the confirmation."""
    phone.locator("[data-testid='stRadio']").first.get_by_text(rating, exact=True).click()
    wait_for_app(phone)
    phone.get_by_role("button", name="Voter").click()
    expect(phone.get_by_text("votre vote est enregistré")).to_be_visible(timeout=30_000)


def is_vote_page_only(page) -> bool:
    """What the room sees: the vote page's title, no navigation, no sidebar, no file to give."""
    expect(page.locator("h1").first).to_contain_text("Votre avis sur les scénarios")
    return (page.locator("[data-testid='stSidebarNav'] a, [data-testid='stSidebarNavLink']").count() == 0
            and page.locator("[data-testid='stSidebar']:visible").count() == 0
            and page.locator("[data-testid='stFileUploader']").count() == 0)
