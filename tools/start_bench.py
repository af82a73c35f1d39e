"""`python -m otmodel bench --start`: from a double-click on the launcher to the page, as a director waits for it.

otmodel.command runs under bash (the .bat cannot run here) in a copy of the app's files whose `.venv` is warm — the
venv running the bench, reached through links, with the launcher's note that its requirements are installed: what an
earlier use leaves, nothing to install. Chromium stands for the browser already open on the desktop; Python's
webbrowser opens the address through $BROWSER, a script that notes it. Figures, in seconds (median of `runs`):
- `first_browser_s`, `first_page_s`: no database yet (the destination demo is created, as on a first start),
  until the launcher opens the browser, then until Synthèse shows the territory and its target;
- `next_browser_s`, `next_page_s`: the same with the database there (every later start).
POSIX only (bash, process groups): a tool beside the product.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import browser as chromium

ROOT = chromium.ROOT
APP_FILES = ["app.py", "otmodel", "views", ".streamlit", "data/demo", "docs", "requirements.txt", "otmodel.command"]
TARGET = "objectif 200 000 €"  # Synthèse's header on the destination demo


def prepared_copy(folder: Path) -> Path:
    """The app's files, and a `.venv` made of links to the running venv's, marked as holding the requirements."""
    copy = folder / "otmodel"
    for name in APP_FILES:
        source, target = ROOT / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb*"))
        else:
            shutil.copy2(source, target)
    if sys.prefix == sys.base_prefix:
        raise RuntimeError("bench --start : lancez-le depuis un venv (make bench), dont le lanceur se servira")
    venv = copy / ".venv"
    venv.mkdir()
    for entry in Path(sys.prefix).iterdir():
        if entry.name in ("pyvenv.cfg", "bin", "lib", "lib64", "include"):
            (venv / entry.name).symlink_to(entry)
    shutil.copyfile(copy / "requirements.txt", venv / "requirements.installed")
    return copy


def _browser_command(folder: Path) -> tuple[str, Path]:
    """$BROWSER for Python's webbrowser: a script noting the address it is asked to open."""
    noted = folder / "ouvert.txt"
    script = folder / "navigateur.sh"
    script.write_text(f'#!/bin/sh\necho "$1" > "{noted}.part" && mv "{noted}.part" "{noted}"\n', encoding="utf-8")
    script.chmod(0o755)
    return f"{script} %s", noted


def one_start(copy: Path, page, folder: Path) -> tuple[float, float]:
    """Launch otmodel.command; seconds until the browser is asked to open, then until the page shows the target."""
    command, noted = _browser_command(folder)
    noted.unlink(missing_ok=True)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("OTMODEL_")}, "BROWSER": command}
    port = chromium.free_port()
    with open(folder / "lanceur.log", "a", encoding="utf-8") as log:
        started = time.perf_counter()
        launcher = subprocess.Popen(["bash", str(copy / "otmodel.command"), "--port", str(port)], env=env,
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    try:
        while not noted.exists():
            if launcher.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError((folder / "lanceur.log").read_text(encoding="utf-8"))
            time.sleep(0.02)  # polling the note: the launcher sends no event this tool could wait on
        opened = time.perf_counter() - started
        page.goto(noted.read_text(encoding="utf-8").strip())
        page.locator("[data-testid='stMain'] [data-testid='stMarkdown']").filter(has_text="objectif").first.wait_for(
            timeout=120_000)
        chromium.wait_for_app(page)
        shown = time.perf_counter() - started
        header = page.locator("[data-testid='stMain'] [data-testid='stMarkdown']").filter(has_text="objectif").first
        if TARGET not in chromium.plain(header.inner_text()):
            raise RuntimeError(f"Synthèse ne montre pas « {TARGET} » : {header.inner_text()}")
    finally:
        os.killpg(launcher.pid, signal.SIGTERM)  # what closing the launcher's window does
        launcher.wait(timeout=30)
    return round(opened, 2), round(shown, 2)


def start(runs: int = 3) -> dict[str, object]:
    """Median seconds from the double-click to the browser and to the page, first start and next ones."""
    from playwright.sync_api import sync_playwright

    first: list[tuple[float, float]] = []
    then: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="otmodel-start-") as name, sync_playwright() as playwright:
        folder = Path(name)
        copy = prepared_copy(folder)
        launched = chromium.launch(playwright)
        try:
            for _ in range(runs):
                (copy / "data" / "otmodel.duckdb").unlink(missing_ok=True)
                first.append(one_start(copy, chromium.new_page(launched), folder))
                then.append(one_start(copy, chromium.new_page(launched), folder))
        finally:
            launched.close()

    def median(times: list[tuple[float, float]], which: int) -> float:
        return round(statistics.median(t[which] for t in times), 2)

    return {"launcher": "otmodel.command (bash), .venv prêt", "runs": runs,
            "first_browser_s": median(first, 0), "first_page_s": median(first, 1),
            "next_browser_s": median(then, 0), "next_page_s": median(then, 1),
            "first_s": first, "next_s": then}
