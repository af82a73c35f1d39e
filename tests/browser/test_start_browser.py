"""A director starts otmodel without make, on a machine where it has never run, and finds her way (Chromium):
- `python -m otmodel serve` in a fresh copy of the repository creates the demo database and the page shows it; a
  second start keeps it; an existing database is left untouched (the Contract);
- on an empty database, « Essayer avec la démonstration » fills it and Synthèse shows the demo's target;
- the Aide page finds « Van Westendorp », its links stay inside the page, each page's help link lands on its
  section, and nothing is fetched from outside."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from otmodel import db
from tests.browser.test_serve_network import _listening_addresses as listening_addresses
from tests.browser.test_serve_network import _upgrade_status as upgrade_status
from tests.fixtures import ROOT, copy_checkout
from tools.browser import free_port, open_page, plain, wait_for_app

TARGET = "objectif 200 000 €"
DESTINATION = "Office de tourisme Côte des Pins (fictif)"


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    # Where a director unzips it on Windows: spaces and accents in the path (Streamlit, DuckDB, the launchers).
    copy = copy_checkout(tmp_path_factory.mktemp("clone") / "Mes documents" / "Côte d'Émeraude" / "otmodel")
    if copy is None:
        pytest.skip("git absent ou pas de dépôt : la copie de travail ne peut pas être faite")
    assert not (copy / "data" / "otmodel.duckdb").exists() and not (copy / ".venv").exists()
    return copy


def _healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)  # polling the server's socket: there is no event to wait on before it listens
    raise AssertionError(f"pas de réponse de {url}\n{log.read_text()}")


class Served:
    """`python -m otmodel serve --port P` as the Contract types it — in `folder`, no make, no OTMODEL_DB — or
    another command line starting otmodel serve (the installed `otmodel serve`)."""

    def __init__(self, folder: Path, log: Path, command: tuple[str, ...] = (sys.executable, "-m", "otmodel"),
                 env: dict[str, str] | None = None) -> None:
        self.port, self.log = free_port(), log
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in (env or os.environ).items() if not k.startswith("OTMODEL_")}
        env["HOME"] = str(log.parent)  # no ~/.streamlit of this machine
        with open(log, "w") as out:
            self.proc = subprocess.Popen([*command, "serve", "--port", str(self.port)], cwd=folder, env=env,
                                         stdout=out, stderr=subprocess.STDOUT)

    def __enter__(self) -> Served:
        _healthy(self.url, self.proc, self.log)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _structure_name(path: Path) -> str:
    with db.connect(path) as con:
        return con.execute("SELECT nom FROM structure").fetchone()[0]


def test_serve_in_a_fresh_copy_creates_the_demo_once_and_the_page_shows_it(fresh_copy, page, tmp_path):
    database = fresh_copy / "data" / "otmodel.duckdb"
    with Served(fresh_copy, tmp_path / "premier.log") as served:
        assert _structure_name(database) == DESTINATION  # before any page opened it: the file is complete
        open_page(page, served.url)
        header = plain(page.locator("[data-testid='stMain'] [data-testid='stMarkdown']").first.inner_text())
        assert DESTINATION in header and TARGET in header
    first = served.log.read_text()
    assert f"Base créée : {database}" in first and "Traceback" not in first

    with db.connect(database) as con:  # a mark the demo does not hold: a rebuilt database would lose it
        con.execute("UPDATE structure SET nom = 'Office de tourisme Côte des Pins (déjà ouvert)'")
    with Served(fresh_copy, tmp_path / "second.log") as served:
        open_page(page, served.url)
        assert page.get_by_text("Office de tourisme Côte des Pins (déjà ouvert)").first.is_visible()
        # Another start on another port while this one holds the database: refused in French, this one unharmed.
        env = {k: v for k, v in os.environ.items() if not k.startswith("OTMODEL_")}
        other = subprocess.run([sys.executable, "-m", "otmodel", "serve", "--port", str(free_port())],
                               cwd=fresh_copy, env=env, capture_output=True, text=True, timeout=120)
        assert other.returncode == 2 and other.stderr.startswith(f"La base « {database} » est déjà ouverte par un "
                                                                 "autre programme : otmodel, lancé dans une autre")
        assert "Traceback" not in other.stderr and served.proc.poll() is None
        page.reload()
        wait_for_app(page)
        assert page.get_by_text("Office de tourisme Côte des Pins (déjà ouvert)").first.is_visible()
    assert f"Base : {database}" in served.log.read_text() and "Base créée" not in served.log.read_text()


def test_serve_leaves_an_existing_database_untouched(fresh_copy, page, tmp_path):
    database = fresh_copy / "data" / "otmodel.duckdb"
    database.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "otmodel", "init", "--db", str(database), "--demo", "rural"],
                          cwd=fresh_copy, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before = database.read_bytes()
    with Served(fresh_copy, tmp_path / "rural.log") as served:
        assert database.read_bytes() == before  # started: not rebuilt, not even opened yet
        open_page(page, served.url)
        assert page.get_by_text("Office de tourisme du Pays des Collines (fictif)").first.is_visible()
    assert _structure_name(database) == "Office de tourisme du Pays des Collines (fictif)"
    assert "Base créée" not in served.log.read_text()


def test_an_empty_database_becomes_the_demo_in_one_click(page, app_server, tmp_path):
    empty = tmp_path / "vide.duckdb"
    db.connect(empty).close()
    url = app_server(empty)
    open_page(page, url)
    assert page.get_by_text("La base est vide").is_visible()
    assert page.get_by_role("link", name="Importer mes fichiers").is_visible()
    page.get_by_role("button", name="Essayer avec la démonstration").click()  # destination, chosen by default
    page.get_by_text("Démonstration « destination » installée").wait_for(timeout=120_000)
    wait_for_app(page)
    header = plain(page.locator("[data-testid='stMarkdown']").filter(has_text="objectif").first.inner_text())
    assert DESTINATION in header and TARGET in header
    assert page.get_by_role("button", name="Essayer avec la démonstration").count() == 0


def _outside(requests: list[str], url: str) -> list[str]:
    return [r for r in requests if not r.startswith((url, "data:", "blob:", "about:"))]


def test_the_aide_page_finds_van_westendorp_and_keeps_its_links_inside(page, demo_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, demo_url, "aide")
    page.get_by_label("🔎 Chercher dans l'aide").fill("Van Westendorp")
    page.get_by_label("🔎 Chercher dans l'aide").press("Enter")
    first = page.get_by_role("link", name="Méthodes : comment otmodel calcule › Van Westendorp (prix acceptables)")
    first.wait_for(timeout=30_000)
    assert first.get_attribute("href") == "#van-westendorp-prix-acceptables"
    first.click()
    heading = page.locator("#van-westendorp-prix-acceptables")
    page.wait_for_function("""() => { const box = document.getElementById("van-westendorp-prix-acceptables")
        .getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight; }""", timeout=10_000)
    assert "Van Westendorp" in heading.inner_text()
    assert page.url.endswith("/aide#van-westendorp-prix-acceptables")  # the same page, scrolled
    links = page.locator("[data-testid='stMain'] a[href]").evaluate_all("links => links.map(a => a.href)")
    # Links between documents are anchors of this page; the only other ones are the addresses the docs write out
    # (where to get Python, the app's own address): never a file of docs/.
    written = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md"))
    outside = set(_outside(links, demo_url))
    assert len(links) > 100 and outside and all(link.rstrip("/") in written for link in outside), outside
    assert not [link for link in links if ".md" in link]
    assert _outside(requests, demo_url) == []


def test_a_pages_help_link_opens_its_section_of_the_aide_page(page, demo_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, demo_url, "partenaires")
    link = page.get_by_role("link", name="📖 Aide sur cette page")
    assert link.get_attribute("href") == "aide#partenaires" and link.get_attribute("target") == "_blank"
    with page.context.expect_page() as opened:
        link.click()
    aide = opened.value
    wait_for_app(aide)
    assert aide.url == f"{demo_url}/aide#partenaires"
    aide.wait_for_function("""() => { const box = document.getElementById("partenaires")?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.top < window.innerHeight; }""", timeout=15_000)
    assert _outside(requests, demo_url) == []


@pytest.mark.slow
def test_the_installed_command_serves_the_app_from_any_folder(installed, page, tmp_path):
    """`pip install .` then `otmodel serve` in a folder of one's own: the demo database is created there, the
    project's safe settings apply (.streamlit/config.toml beside the installed app.py: this machine only, foreign
    Host names refused), and the pages and the manual come with the package."""
    folder = tmp_path / "mes documents"
    folder.mkdir()
    with Served(folder, tmp_path / "installe.log", (str(installed.command),), installed.env) as served:
        assert _structure_name(folder / "data" / "otmodel.duckdb") == DESTINATION
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1 only, nothing else
        assert " 101 " in upgrade_status(served.port, f"localhost:{served.port}")
        assert " 101 " not in upgrade_status(served.port, f"rebind.exemple.invalid:{served.port}")
        open_page(page, served.url)
        assert page.get_by_text(DESTINATION).first.is_visible()
        open_page(page, served.url, "aide")
        page.get_by_label("🔎 Chercher dans l'aide").fill("Van Westendorp")
        page.get_by_label("🔎 Chercher dans l'aide").press("Enter")
        page.get_by_role("link", name="Méthodes : comment otmodel calcule › Van Westendorp (prix acceptables)"
                         ).wait_for(timeout=30_000)
    assert "checkip" not in served.log.read_text() and "Traceback" not in served.log.read_text()
