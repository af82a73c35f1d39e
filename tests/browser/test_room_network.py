"""A seminar on a shared network, for real: `python -m otmodel serve --host 0.0.0.0` (make run HOST=0.0.0.0) in a
private network namespace (tests/browser/netns.py), Chromium in it too. A page opened at http://10.99.0.1 comes
from 10.99.0.1 — another device; one opened at http://127.0.0.1 comes from the serving computer.

- Without a password, the room votes (through a reload: one voter, her last ballot) and edits nothing; the serving
  computer edits; an X-Forwarded-For: 127.0.0.1 from the room changes nothing, while the same header's effect
  from loopback (uvicorn believes a local proxy) shows that the header does reach the server.
- With --room-reads and a password over HTTP, the room reads; no sign-in is offered; a forced click writes nothing.
- With --tls (a throw-away certificate made here), a remote editor signs in over HTTPS; plain HTTP gets no app.
Skipped, saying why, where a namespace cannot be made (unshare -n needs root). The vote's own journey (a cookie,
a ballot after closing) is in test_presentation_browser.py, on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from otmodel import access, db
from otmodel.demo import scenarios as demo_scenarios
from otmodel.presentation import settings, vote
from tests.browser import netns
from tests.browser.phones import LARGE, is_vote_page_only, open_at, vote_with
from tests.fixtures import ROOT, copy_database
from tools.browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_app

PASSWORD = "mot de passe du séminaire"


class Served:
    """`python -m otmodel serve --host 0.0.0.0 …` inside the namespace, on its own copy of the demo."""

    def __init__(self, ns: netns.Namespace, db_path: Path, folder: Path, options: list[str],
                 password: str | None = None) -> None:
        self.db_path, self.port = db_path, free_port()
        env = {k: v for k, v in os.environ.items() if k not in (access.PASSWORD_ENV, access.ROOM_READS_ENV)}
        env["HOME"] = str(folder)  # no ~/.streamlit/secrets.toml: the password is the test's, or none
        if password:
            env[access.PASSWORD_ENV] = password
        self._log = open(folder / "serve.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = ns.popen([sys.executable, "-m", "otmodel", "serve", "--host", "0.0.0.0", "--port",
                                 str(self.port), "--db", str(db_path), *options],
                                cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.scheme = "https" if "--tls" in options else "http"
        ns.wait_healthy(self.url("127.0.0.1"), self.process)

    def url(self, host: str = netns.ADDRESS, path: str = "") -> str:
        return f"{self.scheme}://{host}:{self.port}" + (f"/{path}" if path else "")

    def log(self) -> str:
        return Path(self._log.name).read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self._log.close()


@pytest.fixture(scope="module")
def ns(tmp_path_factory):
    reason = netns.unavailable()
    if reason:
        pytest.skip(reason)
    found = netns.Namespace(tmp_path_factory.mktemp("netns"))
    yield found
    found.close()


@pytest.fixture(scope="module")
def room_browser(browser, ns):
    """Debian's Chromium, inside the namespace (the session's Playwright launches it through nsenter)."""
    launched = browser.browser_type.launch(executable_path=str(ns.chromium(CHROMIUM)), args=CHROMIUM_ARGS,
                                           headless=True)
    yield launched
    launched.close()


@pytest.fixture
def serve(ns, demo_paths, tmp_path):
    """Factory: a server with these options (and password), on a copy of the destination demo with its scenarios."""
    started = []

    def start(*options: str, password: str | None = None) -> Served:
        path = copy_database(demo_paths["destination"], tmp_path / f"salle{len(started)}.duckdb")
        with db.connect(path) as con:
            demo_scenarios.install(con, "destination")
        started.append(Served(ns, path, tmp_path, list(options), password))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_on_the_network_without_a_password_the_room_votes_and_edits_nothing(serve, room_browser):
    served = serve()  # make run HOST=0.0.0.0: no password
    assert "Les autres appareils peuvent voter ; modifier : depuis cet ordinateur seulement." in served.log()
    # The serving computer edits: it opens the vote and its QR code names this machine's network address.
    presenter = open_at(room_browser, served.url("127.0.0.1", "presentation?atelier=1"), **LARGE)
    expect(presenter.get_by_text(served.url(path="vote"), exact=True)).to_be_visible()
    presenter.get_by_role("button", name="Nouveau vote").click()
    expect(presenter.get_by_text("0 vote(s) — vote ouvert")).to_be_visible(timeout=30_000)

    phone = open_at(room_browser, served.url(path="donnees"))  # another device asks for the data page
    assert is_vote_page_only(phone)
    assert [b for b in phone.locator("button:visible").all_inner_texts() if b.strip()] == ["Voter"]
    vote_with(phone, "4")
    phone.reload()
    wait_for_app(phone)
    expect(phone.locator("[data-testid='stText']").first).to_contain_text(" : 4 / 5")
    vote_with(phone, "2")
    expect(presenter.get_by_text("1 vote(s) — vote ouvert")).to_be_visible(timeout=10_000)
    served.stop()
    with db.connect(served.db_path) as con:
        last = vote.latest(con)
        rows = con.execute("SELECT ratings, replaced FROM votes WHERE round_id = ?", [last.id]).fetchall()
        first_name = settings.shown_scenarios(con, settings.load(con))[0]
    assert last.is_open and rows == [(f'{{"{first_name}": 2}}', 1)]  # one voter, her second ballot


def test_a_forwarded_for_header_from_the_room_does_not_make_it_local(serve, room_browser):
    served = serve()
    spoofed = open_at(room_browser, served.url(path="donnees"), extra_http_headers={"X-Forwarded-For": "127.0.0.1"})
    assert is_vote_page_only(spoofed)
    # The same header from loopback — a local proxy, which uvicorn believes — does reach the server: this
    # computer's page, forwarded « for » another address, is treated as the room.
    proxied = open_at(room_browser, served.url("127.0.0.1", "donnees"),
                      extra_http_headers={"X-Forwarded-For": "10.20.30.40"})
    assert is_vote_page_only(proxied)
    local = open_at(room_browser, served.url("127.0.0.1", "donnees"), **LARGE)
    expect(local.locator("[data-testid='stFileUploader']").first).to_be_visible()  # loopback: editing
    expect(local.get_by_text("Mode local, un seul utilisateur")).to_be_visible()


def test_reading_rooms_get_no_sign_in_over_http_and_a_forced_click_writes_nothing(serve, room_browser):
    served = serve("--room-reads", password=PASSWORD)
    remote = open_at(room_browser, served.url(path="presentation?atelier=1"), **LARGE)
    expect(remote.get_by_text("Aucun vote n'a encore été ouvert.")).to_be_visible()
    expect(remote.get_by_text("Les appareils de la salle peuvent consulter les pages en lecture seule et voter ; "
                              "ils ne peuvent rien modifier.")).to_be_visible()
    button = remote.get_by_role("button", name="Nouveau vote")
    expect(button).to_be_disabled()
    button.evaluate("b => b.removeAttribute('disabled')")  # the page edited in the browser
    button.click(force=True)  # Streamlit 1.67 discards a disabled widget's click on the server; behind it, the
    wait_for_app(remote)      # app's own guard (test_page_vote.py: a forced write from another device)
    remote.reload()
    wait_for_app(remote)
    expect(remote.get_by_text("Aucun vote n'a encore été ouvert.")).to_be_visible()
    remote.goto(served.url(path="scenarios"))
    wait_for_app(remote)
    expect(remote.locator("[data-testid='stSidebar']").get_by_text("Lecture seule depuis cet appareil")).to_be_visible()
    assert remote.get_by_label("Mot de passe éditeur").count() == 0  # never a password over plain HTTP
    assert remote.locator("[data-testid='stFileUploader']").count() == 0
    served.stop()
    with db.connect(served.db_path) as con:
        assert vote.latest(con) is None


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 10.99.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("commande openssl absente : impossible de fabriquer un certificat de test")
    cert, key = tmp_path / "cert.pem", tmp_path / "cle.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    f"/CN={netns.ADDRESS}", "-addext", f"subjectAltName=IP:{netns.ADDRESS}", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_over_tls_a_remote_editor_signs_in_and_plain_http_gets_nothing(serve, room_browser, certificate, ns):
    served = serve("--tls", *map(str, certificate), password=PASSWORD)
    assert "https://10.99.0.1:" in served.log()
    status, body = ns.fetch(f"http://{netns.ADDRESS}:{served.port}/_stcore/health")
    assert status is None or status == 400, body  # plain HTTP: no app, no form to type a password in
    remote = open_at(room_browser, served.url(path="presentation?atelier=1"), ignore_https_errors=True, **LARGE)
    expect(remote.get_by_role("button", name="Nouveau vote")).to_be_disabled()
    remote.goto(served.url(path="scenarios"))
    wait_for_app(remote)
    remote.get_by_label("Mot de passe éditeur").fill(PASSWORD)
    remote.get_by_role("button", name="Se connecter comme éditeur").click()
    expect(remote.get_by_text("Connecté comme éditeur")).to_be_visible(timeout=30_000)
    remote.locator("[data-testid='stSidebarNav'] a", has_text="Présentation").click()
    wait_for_app(remote)
    remote.get_by_text("Mode atelier (projecteur)").click()
    remote.get_by_role("button", name="Nouveau vote").click()
    expect(remote.get_by_text("0 vote(s) — vote ouvert")).to_be_visible(timeout=30_000)
    served.stop()
    with db.connect(served.db_path) as con:
        assert vote.latest(con).is_open
