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
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from otmodel import cli  # noqa: E402
from otmodel import db as database  # noqa: E402 — after the path set-up, for a script run by hand
from otmodel.model import engine  # noqa: E402
from otmodel.scenarios import tables as scenario_tables  # noqa: E402
from tools.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    start_server,
    type_into_cell,
    wait_for_app,
)

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
        frame = scenario_tables.editor_frame(engine.load_facts(con), {"offers": {}})
        con.close()
        row, column = list(frame.index).index(OFFER), scenario_tables.EDITOR_COLUMNS.index("prix")
        url, server = start_server(db_path)
        try:
            times, missed = measure(url, row, column, args.runs)
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
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
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
        for attempt in range(runs + 1):
            typed = str(250 + 10 * (attempt % 10) + attempt)
            try:
                type_into_cell(page, row, column, typed)
            except PlaywrightTimeout:  # keystrokes lost three times in a row: not a sample
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
