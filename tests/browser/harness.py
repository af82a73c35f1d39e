"""What browser tests and the by-hand measuring script share: a Streamlit server on a free port, Debian's
Chromium, and waiting for the app the way Streamlit's own e2e suite does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, log=subprocess.DEVNULL, timeout: float = 90,
                 env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen]:
    """`streamlit run app.py` on db_path and a free port; returns its URL once /_stcore/health answers.
    `env`: more environment variables (e.g. OTMODEL_EDITOR_PASSWORD); without it, no editor password."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if k != "OTMODEL_EDITOR_PASSWORD"},
                       "OTMODEL_DB": str(db_path), **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return url, proc
        except OSError:
            pass
        time.sleep(0.2)  # polling the server's socket: there is no event to wait on before it listens
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy in time")


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


def plain(text: str) -> str:
    """Displayed text with no-break spaces made plain, for comparisons."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def metric_value(page, label: str) -> str:
    """The displayed value of the st.metric whose label is `label` (no-break spaces made plain)."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    return plain(metric.locator("[data-testid='stMetricValue']").inner_text())


def open_cell_editor(page, row: int, column: int) -> None:
    """Select the first data editor's top-left cell, move with the arrow keys and open that cell's editor."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # header row 35 px, then the first row
    # Arrow keys only move the selection once the grid holds the keyboard focus.
    page.wait_for_function("document.activeElement?.closest(\"[data-testid='stDataFrame']\") != null",
                           timeout=5_000)
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)", timeout=5_000)


def type_into_cell(page, row: int, column: int, value: str, attempts: int = 3) -> None:
    """Open a cell's editor and type `value`, checking that the editor holds it (retrying when a keystroke
    was lost while the grid re-rendered). The caller presses Enter to commit."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        try:
            open_cell_editor(page, row, column)
            page.keyboard.press("Control+A")
            page.keyboard.type(value, delay=20)
            page.wait_for_function(f"document.activeElement?.value === {value!r}", timeout=2_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)
