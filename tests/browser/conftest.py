"""Browser tests: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Fixtures:
- `app_server(db_path, env=None)` factory → base URL of a server on a free port for that database (env: more
  environment variables, e.g. {"OTMODEL_EDITOR_PASSWORD": "…"});
- `demo_url`: a server on a private copy of the destination demo;
- `page`: a fresh Chromium page; `open_page(page, url)` waits until the app has finished running.
Skipped, with the package name, when Debian's chromium is missing. Every test here is marked `browser`
(tests/conftest.py), so `pytest -m "not browser"` leaves them all out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures import copy_database
from tools.browser import CHROMIUM, CHROMIUM_ARGS, start_server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium absent : installez le paquet Debian « chromium » (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """Factory: start (once per database path) a Streamlit server and return its URL."""
    servers: dict[str, tuple[str, object]] = {}
    logs = []

    def start(db_path: Path, env: dict[str, str] | None = None) -> str:
        key = f"{db_path}|{sorted((env or {}).items())}"
        if key not in servers:
            logs.append(open(tmp_path_factory.mktemp("server") / "streamlit.log", "w"))  # noqa: SIM115
            servers[key] = start_server(db_path, log=logs[-1], env=env)
        return servers[key][0]

    yield start
    for _, proc in servers.values():
        proc.terminate()
        proc.wait(timeout=20)
    for log in logs:
        log.close()


@pytest.fixture(scope="session")
def demo_db(demo_paths, tmp_path_factory) -> Path:
    """A private copy of the destination demo for the browser session (the app writes to it)."""
    return copy_database(demo_paths["destination"], tmp_path_factory.mktemp("browser") / "destination.duckdb")


@pytest.fixture(scope="session")
def demo_url(app_server, demo_db) -> str:
    return app_server(demo_db)
