"""The app in a real browser: a Streamlit server on a free port, Debian's Chromium, waiting for the app the way
Streamlit's own e2e suite does — shared by the browser tests and `python -m otmodel bench --browser`, which
measures here what a user feels: a price change, the first load of each page, saves from many sessions at once.

Playwright is a test dependency (requirements-dev.txt): imported inside the functions that drive Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py is run from there
FLOOR_PAGE = ROOT / "tools" / "floor_page.py"  # the lightest page: what any first load costs
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, log=subprocess.DEVNULL, timeout: float = 90,
                 env: dict[str, str] | None = None, script: Path = ROOT / "app.py") -> tuple[str, subprocess.Popen]:
    """`streamlit run app.py` (or `script`) on db_path and a free port; returns its URL once /_stcore/health
    answers. `env`: more environment variables (e.g. OTMODEL_EDITOR_PASSWORD); without it, no editor password."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
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


CHART = "[data-testid='stPlotlyChart']"  # a chart on a page (widgets.chart), drawn by Plotly as SVG
# Every chart of the page is drawn: Streamlit loads Plotly's script only when a page first shows a chart, and
# draws the chart after the run has ended — a load is not over until then. A chart that fails to draw has no
# Plotly SVG, and the wait fails.
CHARTS_DRAWN = """[...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .every(c => c.querySelector(".js-plotly-plot .main-svg .cartesianlayer"))"""


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the app is connected, the script has finished, no skeleton is left and every chart is drawn."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function(f"""document.querySelectorAll("[data-testid='stSkeleton']").length === 0
        && {CHARTS_DRAWN}""", timeout=timeout)


def open_page(page, url: str, path: str = "") -> None:
    """Go to a page of the app (path: the page's url_path, e.g. 'scenarios') and wait for it to run."""
    page.goto(f"{url}/{path}")
    wait_for_app(page)


def open_tab(page, name: str) -> None:
    """Choose a tab and wait for its content: a tab of widgets.sections runs only once chosen, and its panel
    stays empty until that run has sent it (react-aria keeps only the chosen tab's panel in the page)."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    page.wait_for_function("""(tab) => {
        const panel = document.getElementById(tab.getAttribute("aria-controls"));
        return tab.getAttribute("aria-selected") === "true" && panel !== null
            && panel.querySelector("[data-testid='stElementContainer']") !== null;
    }""", arg=tab.element_handle(), timeout=30_000)
    wait_for_app(page)


def plain(text: str) -> str:
    """Displayed text with no-break spaces made plain, for comparisons."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def metric_value(page, label: str) -> str:
    """The displayed value of the st.metric whose label is `label` (no-break spaces made plain)."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)).first
    return plain(metric.locator("[data-testid='stMetricValue']").inner_text())


def open_cell_editor(page, row: int, column: int, grid=None) -> None:
    """Select a data editor's top-left cell (`grid`, a locator; the page's first by default), move with the arrow
    keys and open that cell's editor."""
    grid = grid if grid is not None else page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # header row 35 px, then the first row
    # Arrow keys only move the selection once the grid holds the keyboard focus.
    page.wait_for_function("document.activeElement?.closest(\"[data-testid='stDataFrame']\") != null",
                           timeout=5_000)
    # A long table keeps its scroll after a rerun: the row clicked is then not the first one. Ctrl+Home
    # selects the top-left cell wherever the table is scrolled.
    page.keyboard.press("Control+Home")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)", timeout=5_000)


def type_into_cell(page, row: int, column: int, value: str, attempts: int = 3, grid=None) -> None:
    """Open a cell's editor (of `grid`, the page's first data editor by default) and type `value`, checking that
    the editor holds it (retrying when a keystroke was lost while the grid re-rendered). The caller presses Enter
    to commit."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        try:
            open_cell_editor(page, row, column, grid)
            page.keyboard.press("Control+A")
            page.keyboard.type(value, delay=20)
            page.wait_for_function(f"document.activeElement?.value === {value!r}", timeout=2_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)


# --- what a user feels, measured inside the page (no round trip between Python and the browser counted) ----

PAGES = {"Synthèse": "", "Partenaires": "partenaires", "Offres": "offres", "Écoute": "ecoute",
         "Carnet d'écoute": "carnet", "Équipe": "equipe", "Revue": "revue", "Scénarios": "scenarios",
         "Comparer": "comparer", "Réseau": "reseau", "Présentation": "presentation",
         "Guide des partenaires": "guide", "Suivi": "suivi", "Données": "donnees", "Aide": "aide"}  # all but the vote
# A run seen from its start (the attribute's old value is kept: a run can start and end between two callbacks)
# to the end of its drawing (no skeleton left): what a click on a page of the sidebar waits for.
ARM_RUN_WATCH = """() => {
    window.__otmodelRan = false;
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver((records) => {
        if (records.some(r => r.oldValue === "running") || app.getAttribute("data-test-script-state") === "running") {
            window.__otmodelRan = true;
        }
    }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"], attributeOldValue: true});
}"""
RAN_AND_DRAWN = f"""() => window.__otmodelRan
    && document.querySelector("[data-testid='stApp']").getAttribute("data-test-script-state") === "notRunning"
    && document.querySelectorAll("[data-testid='stSkeleton']").length === 0 && {CHARTS_DRAWN}"""
RESULT_TEXT = """() => [...document.querySelectorAll("[data-testid='stMetric']")]
    .find(m => m.innerText.startsWith("Résultat"))?.querySelector("[data-testid='stMetricValue']")?.innerText
    ?.replace(/[\\u202f\\u00a0]/g, " ")"""
# The figure the bullet chart of Scénarios writes after the scenario's result bar (« Scénario : 12 345 € »).
BULLET_TEXT = """(expected) => [...document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg .textpoint text")]
    .some(t => t.textContent.replace(/[\\u202f\\u00a0]/g, " ").trim() === "Scénario : " + expected)"""
# From the Enter keydown to the DOM mutation that shows the expected « Résultat » (the engine's figure for
# the price typed: an intermediate or stale value does not stop the clock), and to the one that shows it in
# the bullet chart, drawn again by Plotly.
ARM_PRICE_TIMER = """(expected) => {
    const read = """ + RESULT_TEXT + """;
    const drawn = """ + BULLET_TEXT + """;
    window.__otmodelElapsed = null;
    window.__otmodelChartElapsed = null;
    let start = null;
    document.addEventListener("keydown", (e) => { if (e.key === "Enter") { start = performance.now(); } },
                              {capture: true, once: true});
    const observer = new MutationObserver(() => {
        if (start === null) { return; }
        if (window.__otmodelElapsed === null && read() === expected) {
            window.__otmodelElapsed = performance.now() - start;
        }
        if (window.__otmodelChartElapsed === null && drawn(expected)) {
            window.__otmodelChartElapsed = performance.now() - start;
        }
        if (window.__otmodelElapsed !== null && window.__otmodelChartElapsed !== null) { observer.disconnect(); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# From the click on « Enregistrer » to the confirmation of that save.
ARM_SAVE_TIMER = """(expected) => {
    window.__otmodelSaved = null;
    const start = performance.now();
    const observer = new MutationObserver(() => {
        const shown = [...document.querySelectorAll("[data-testid='stAlertContentSuccess']")]
            .some(a => a.innerText.includes(expected));
        if (shown) { window.__otmodelSaved = performance.now() - start; observer.disconnect(); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def launch(playwright):
    """Debian's headless Chromium with the project's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def new_page(browser):
    return browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR").new_page()


def choose_scenario(page, name: str) -> None:
    """Open a saved scenario with the page's « Scénario » selectbox and wait for its run."""
    before = page.evaluate(RESULT_TEXT)
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=name).click()
    page.wait_for_function(f"({RESULT_TEXT})() !== {before!r}", timeout=30_000)
    wait_for_app(page)


def pick_option(page, label: str, option: str) -> None:
    """Choose an option of a long selectbox by typing it (its list only renders the options in view)."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function("""([label, option]) => [...document.querySelectorAll("[data-testid='stSelectbox']")]
        .some(b => b.innerText.includes(label) && b.querySelector("input")?.value === option)""",
                           arg=[label, option], timeout=30_000)
    wait_for_app(page)


def price_changes(browser, url: str, cell: tuple[int, int], prices: list[tuple[str, str]], scenario: str) -> dict:
    """Type each (price, expected « Résultat » text) in the offers table of Scénarios, `scenario` opened;
    times in ms of the changes that reached the expected figure (the first one warms up), the prices whose
    keystrokes the grid lost (`missed`), and the changes whose figure never showed the expected value."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = new_page(browser)
    open_page(page, url, "scenarios")
    choose_scenario(page, scenario)
    times, charts, missed, wrong = [], [], 0, []
    for attempt, (typed, expected) in enumerate(prices):
        try:
            type_into_cell(page, *cell, typed)
        except PlaywrightTimeout:  # keystrokes lost three times in a row: not a sample
            missed += 1
            page.keyboard.press("Escape")
            wait_for_app(page)
            continue
        _timed_enter(page, page.keyboard, typed, expected, (times, charts) if attempt else ([], []), wrong)
    page.context.close()
    return {"times": times, "chart_times": charts, "missed": missed, "wrong": wrong}


def _timed_enter(page, target, typed: str, expected: str, timed: tuple[list, list], wrong: list) -> None:
    """Press Enter on `target` (the keyboard, or an input) and time it until « Résultat » shows `expected`, then
    until the bullet chart shows it (appended to `timed`: the figure's times, the chart's); a figure that never
    shows it goes to `wrong`, never timed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(ARM_PRICE_TIMER, expected)
    target.press("Enter")
    try:
        page.wait_for_function("window.__otmodelElapsed !== null && window.__otmodelChartElapsed !== null",
                               timeout=10_000)
    except PlaywrightTimeout:
        wrong.append({"typed": typed, "expected": expected, "shown": page.evaluate(RESULT_TEXT),
                      "chart": page.evaluate(BULLET_TEXT, expected)})
    else:
        timed[0].append(page.evaluate("window.__otmodelElapsed"))
        timed[1].append(page.evaluate("window.__otmodelChartElapsed"))
    wait_for_app(page)


def quick_price_changes(browser, url: str, offer: str, prices: list[tuple[str, str]], scenario: str) -> dict:
    """As `price_changes`, with the « Prix rapide » input of Scénarios (offer: the name its selectbox shows):
    fill the price, press Enter, the clock runs until « Résultat » shows the engine's figure."""
    page = new_page(browser)
    open_page(page, url, "scenarios")
    choose_scenario(page, scenario)
    pick_option(page, "Prix rapide", offer)
    field = page.get_by_role("textbox", name="Prix rapide (€)")
    times, charts, wrong = [], [], []
    for attempt, (typed, expected) in enumerate(prices):  # the first one warms up: not timed
        field.fill(typed)
        _timed_enter(page, field, typed, expected, (times, charts) if attempt else ([], []), wrong)
    page.context.close()
    return {"times": times, "chart_times": charts, "missed": 0, "wrong": wrong}


def first_loads(browser, url: str, warm: bool = False) -> dict[str, float]:
    """Seconds from opening each page in a new session to the end of its first run: in a new browser
    profile each time (nothing cached: the scripts of the app and of its charts are downloaded and compiled
    again), or with `warm`, in new tabs of one profile that has opened the app once (a user coming back to it)."""
    shared = new_page(browser).context if warm else None
    if shared is not None:
        open_page(shared.pages[0], url)
    loads = {}
    for title, path in PAGES.items():
        page = shared.new_page() if shared is not None else new_page(browser)
        start = time.perf_counter()
        open_page(page, url, path)
        loads[title] = round(time.perf_counter() - start, 2)
        if shared is not None:
            page.close()
        else:
            page.context.close()
    if shared is not None:
        shared.close()
    return loads


def page_switches(browser, url: str) -> dict[str, float]:
    """Seconds from a click on each page of the sidebar to the end of its run, in one session opened on
    Synthèse — what a director waits when she moves through the app (every page but Synthèse, visited once)."""
    page = new_page(browser)
    open_page(page, url)
    switches = {}
    for title in list(PAGES)[1:]:
        page.evaluate(ARM_RUN_WATCH)
        link = page.locator("[data-testid='stSidebarNav'] a", has_text=title).first
        start = time.perf_counter()
        link.click()
        page.wait_for_function(RAN_AND_DRAWN, timeout=60_000)
        switches[title] = round(time.perf_counter() - start, 2)
    page.context.close()
    return switches


def floor_loads(browser, floor_url: str) -> dict[str, float]:
    """The floor under every first load, in new browser profiles: FLOOR_PAGE served alone (a title), then with
    one small chart — Streamlit loads and runs its chart library's script for any page that draws one. A first
    visit, not timed, warms the new server up (its first page takes longer), as the app's has been."""
    warm_up = new_page(browser)
    open_page(warm_up, floor_url, "?graphique=1")
    warm_up.context.close()
    loads = {}
    for label, query in (("page vide", ""), ("un graphique", "?graphique=1")):
        page = new_page(browser)
        start = time.perf_counter()
        open_page(page, floor_url, query)
        loads[label] = round(time.perf_counter() - start, 2)
        page.context.close()
    return loads


def saves_at_once(browser, url: str, names: list[str]) -> list[float]:
    """One session per name on Scénarios; every session types its name, then all click « Enregistrer » at once.
    Seconds from each click to its session's confirmation."""
    pages = []
    for name in names:
        page = new_page(browser)
        open_page(page, url, "scenarios")
        page.get_by_label("Nom du scénario").fill(name)
        page.get_by_label("Nom du scénario").press("Tab")
        wait_for_app(page)
        pages.append(page)
    for page, name in zip(pages, names, strict=True):
        page.evaluate(ARM_SAVE_TIMER, f"« {name} » enregistré")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    seconds = []
    for page in pages:
        page.wait_for_function("window.__otmodelSaved !== null", timeout=120_000)
        seconds.append(round(page.evaluate("window.__otmodelSaved") / 1000, 3))
        page.context.close()
    return seconds


# --- the room's vote: phones voting at once (bench --vote N) -------------------------------------------------

PHONE = {"width": 390, "height": 844}
# From the click on « Voter » (the page's own click event: a click waiting for Playwright's turn is not counted)
# to its confirmation; the wall clock too, to compare with the presenter's page.
ARM_VOTE_TIMER = """() => {
    window.__otmodelVoted = null;
    let start = null, clicked = null;
    document.addEventListener("click", () => { start = performance.now(); clicked = Date.now(); },
                              {capture: true, once: true});
    const observer = new MutationObserver(() => {
        const shown = [...document.querySelectorAll("[data-testid='stAlertContentSuccess']")]
            .some(a => a.innerText.includes("votre vote est enregistré"));
        if (start !== null && shown) {
            window.__otmodelVoted = [performance.now() - start, Date.now(), clicked];
            observer.disconnect();
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# When the presenter's live results first show `expected` (« 60 vote(s) »), on the wall clock.
ARM_RESULTS_WATCH = """(expected) => {
    window.__otmodelShown = null;
    const observer = new MutationObserver(() => {
        if (document.body.innerText.includes(expected)) { window.__otmodelShown = Date.now(); observer.disconnect(); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds a process has used so far (Linux's /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def room_votes(browser, url: str, phones: int, server_pid: int | None = None) -> dict[str, object]:
    """The presenter's workshop open on a vote already opened; `phones` phone-sized browser profiles open the vote
    page and rate the first scenario, then all press « Voter », one click after the other as fast as Playwright
    goes. Seconds from each click to its confirmation (`confirm_s`), each phone's voter token and the wall-clock
    second of its click (`clicked`: the bench compares it with the ballot's time in the database), from the
    last confirmation to the presenter's results counting every vote (`results_lag_s`, 0 when they came
    first), the presenter's « Participants connectés » then, and the CPU seconds the server (`server_pid`) used
    from the first click to the last confirmation (`server_cpu_s`)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from otmodel.errors import Refused

    presenter = new_page(browser)
    open_page(presenter, url, "presentation?atelier=1")
    pages = []
    for i in range(phones):
        page = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
        try:  # a room filling up on a laptop: patience, not a figure
            page.goto(f"{url}/vote", timeout=300_000)
            wait_for_app(page, timeout=300_000)
        except PlaywrightTimeout as exc:
            raise Refused(f"--vote {phones} : le téléphone n° {i + 1} n'a pas obtenu la page du vote en 5 minutes "
                          f"({i} ouvertes) : cette machine ne tient pas {phones} navigateurs à la fois ; essayez "
                          f"moins (ex. --vote {max(1, i // 2)}).") from exc
        page.locator("[data-testid='stRadio']").first.get_by_text(str(1 + i % 5), exact=True).click()
        wait_for_app(page)
        pages.append(page)
    presenter.evaluate(ARM_RESULTS_WATCH, f"{phones} vote(s)")
    for page in pages:
        page.evaluate(ARM_VOTE_TIMER)
    cpu_before = process_cpu_s(server_pid) if server_pid else None
    for page in pages:
        page.get_by_role("button", name="Voter").click()
    confirmed = []
    for i, page in enumerate(pages):
        try:
            page.wait_for_function("window.__otmodelVoted !== null", timeout=300_000)
        except PlaywrightTimeout as exc:
            raise Refused(f"--vote {phones} : le téléphone n° {i + 1} n'a pas eu sa confirmation en 5 minutes "
                          f"({len(confirmed)} confirmés avant lui) : les {phones} navigateurs et le serveur sur "
                          f"{os.cpu_count()} cœurs ; essayez moins (ex. --vote {max(1, phones // 2)}).") from exc
        confirmed.append(page.evaluate("window.__otmodelVoted"))
    cpu_after = process_cpu_s(server_pid) if server_pid else None
    presenter.wait_for_function("window.__otmodelShown !== null", timeout=60_000)
    lag = (presenter.evaluate("window.__otmodelShown") - max(at for _, at, _ in confirmed)) / 1000
    connected = metric_value(presenter, "Participants connectés")
    voters = [parse_qs(urlsplit(page.url).query).get("votant", [""])[0] for page in pages]
    for page in [presenter, *pages]:
        page.context.close()
    return {"confirm_s": [round(elapsed / 1000, 3) for elapsed, _, _ in confirmed],
            "clicked": dict(zip(voters, [clicked / 1000 for _, _, clicked in confirmed], strict=True)),
            "results_lag_s": round(max(lag, 0.0), 2), "connected_shown": int(connected),
            "server_cpu_s": None if cpu_before is None or cpu_after is None else round(cpu_after - cpu_before, 2)}
