"""Measure, in a real browser, how long a price change takes to update the Scénarios figures.

Run by hand (not part of pytest):  .venv/bin/python tests/browser/measure_price_change.py [--runs 20]
Builds the destination demo in a temporary folder, starts `streamlit run app.py` on it, opens Scénarios
in Debian's headless Chromium, then types a new price for the hébergement pack again and again and
times each change from the Enter key to the moment the « Résultat » figure shows the new value.
Prints one JSON object: {"price_change_ms_median": …, "price_change_ms": [...], …}.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from otmodel import (  # noqa: E402 — after the path set-up, for a script run by hand
    cli,
    engine,
    scenario_table,
)
from otmodel import db as database  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OFFER = "P-HEB"
SAVED = "Pack partenaire revalorisé"
RESULT_TEXT = """() => [...document.querySelectorAll("[data-testid='stMetric']")]
    .find(m => m.innerText.startsWith("Résultat"))?.querySelector("[data-testid='stMetricValue']")?.innerText"""


# Timed inside the page, from the Enter keydown to the DOM mutation that shows a new « Résultat »:
# no round trip between Python and the browser is counted.
ARM_TIMER = """() => {
    const read = """ + RESULT_TEXT + """;
    const before = read();
    window.__otmodelElapsed = null;
    let start = null;
    const onKey = (e) => { if (e.key === "Enter") { start = performance.now(); } };
    document.addEventListener("keydown", onKey, {capture: true, once: true});
    const observer = new MutationObserver(() => {
        if (start !== null && read() !== before) {
            window.__otmodelElapsed = performance.now() - start;
            observer.disconnect();
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "OTMODEL_DB": str(db_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true", "--server.port",
         str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.2)  # the server is not listening yet
    proc.terminate()
    raise RuntimeError("streamlit did not start")


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="otmodel-measure-") as folder:
        db_path = Path(folder) / "destination.duckdb"
        with open(os.devnull, "w") as quiet:
            sys.stdout, saved = quiet, sys.stdout
            cli.main(["init", "--db", str(db_path), "--demo", "destination"])
            sys.stdout = saved
        con = database.connect(db_path, read_only=True)
        frame = scenario_table.editor_frame(engine.load_facts(con), {"offers": {}})
        con.close()
        row, column = list(frame.index).index(OFFER), scenario_table.EDITOR_COLUMNS.index("prix")
        port = free_port()
        server = start_server(db_path, port)
        try:
            times, missed = measure(f"http://127.0.0.1:{port}", row, column, args.runs)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(json.dumps({"price_change_ms_median": round(statistics.median(times), 1),
                      "price_change_ms_min": round(min(times), 1), "price_change_ms_max": round(max(times), 1),
                      "runs": len(times), "missed_keystrokes": len(missed),
                      "price_change_ms": [round(t, 1) for t in times]}))


def measure(url: str, row: int, column: int, runs: int) -> tuple[list[float], list[int]]:
    """Times (ms) of the price changes that reached the figures, and the attempts whose keystrokes missed."""
    times: list[float] = []
    missed: list[int] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        page.goto(url)
        wait_for_app(page)
        page.goto(f"{url}/scenarios")
        wait_for_app(page)
        # A saved scenario where the pack is already paid: each change is one fragment run, no table redraw.
        current = page.evaluate(RESULT_TEXT)
        page.locator("[data-testid='stSelectbox']").first.click()
        page.get_by_role("option", name=SAVED).click()
        page.wait_for_function(f"({RESULT_TEXT})() !== {json.dumps(current)}", timeout=30_000)
        wait_for_app(page)
        grid = page.locator("[data-testid='stDataFrame']").first
        for attempt in range(runs + 1):
            # The table fits its column without horizontal scrolling: start from the top-left cell every time.
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
            for _ in range(row):
                page.keyboard.press("ArrowDown")
            for _ in range(column):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            page.wait_for_function("['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)")
            page.keyboard.press("Control+A")
            typed = str(250 + 10 * (attempt % 10) + attempt)
            page.keyboard.type(typed, delay=10)
            try:  # the cell editor must hold the new price before Enter commits it
                page.wait_for_function(f"document.activeElement?.value === {json.dumps(typed)}", timeout=2_000)
            except PlaywrightTimeout:
                missed.append(attempt)
                page.keyboard.press("Escape")
                wait_for_app(page)
                continue
            page.evaluate(ARM_TIMER)
            page.keyboard.press("Enter")
            try:
                page.wait_for_function("window.__otmodelElapsed !== null", timeout=5_000)
            except PlaywrightTimeout:  # the keystrokes missed the cell (headless timing): not a sample
                missed.append(attempt)
                wait_for_app(page)
                continue
            elapsed = page.evaluate("window.__otmodelElapsed")
            if attempt:  # the first one warms up
                times.append(elapsed)
            wait_for_app(page)
        browser.close()
    return times, missed


if __name__ == "__main__":
    main()
