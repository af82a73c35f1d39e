"""Browser tests: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Fixtures:
- `app_server(db_path)` factory → base URL of a server on a free port for that database;
- `demo_url`: a server on a private copy of the destination demo;
- `page`: a fresh Chromium page; `open_page(page, url)` waits until the app has finished running.
Skipped, with the package name, when Debian's chromium is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling the server's socket: there is no event to wait on before it listens
    raise RuntimeError("streamlit did not become healthy in time")


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
    servers: dict[str, tuple[str, subprocess.Popen]] = {}

    def start(db_path: Path) -> str:
        key = str(db_path)
        if key in servers:
            return servers[key][0]
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(tmp_path_factory.mktemp("server") / "streamlit.log", "w")  # noqa: SIM115 — closed with the server
        env = {**os.environ, "OTMODEL_DB": key}
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _wait_healthy(url, proc)
        servers[key] = (url, proc)
        return url

    yield start
    for _, proc in servers.values():
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def demo_db(demo_paths, tmp_path_factory) -> Path:
    """A private copy of the destination demo for the browser session (the app writes to it)."""
    copy = tmp_path_factory.mktemp("browser") / "destination.duckdb"
    copy.write_bytes(demo_paths["destination"].read_bytes())
    return copy


@pytest.fixture(scope="session")
def demo_url(app_server, demo_db) -> str:
    return app_server(demo_db)


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the app is connected, the script has finished and no skeleton is left."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)


def open_page(page, url: str, path: str = "") -> None:
    """Go to a page of the app (path: the page's url_path, e.g. 'scenarios') and wait for it to run."""
    page.goto(f"{url}/{path}")
    wait_for_app(page)


def metric_value(page, label: str) -> str:
    """The displayed value of the st.metric whose label is `label` (no-break spaces made plain)."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    text = metric.locator("[data-testid='stMetricValue']").inner_text()
    return text.replace("\u202f", " ").replace("\u00a0", " ")
