"""Benchmarks: `python -m otmodel bench` prints one JSON object of figures (never asserts a time).

`bench --partners N --offers M --years Y` measures a synthetic region instead (import, engine, two page runs,
peak memory); `bench --browser` the destination demo in Chromium (price change, first loads, saves at once);
`bench --start` a double-click on the launcher until the page shows (tools/start_bench.py).
`bench --vote N` a room of N phones voting at once in Chromium.

Measures are named functions in `MEASURES`. Each takes the shared `Workspace` (a temporary folder
that builds the demo databases on demand) and the number of runs, and returns its figures as
{"figure_name": value}. To add one, decorate a function of this file with `@measure("name")`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from otmodel import db, vocab
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.data.mapping import Mapping
from otmodel.demo import national_list
from otmodel.demo import region as region_demo
from otmodel.demo import scenarios as demo_scenarios
from otmodel.demo import territories as demo
from otmodel.errors import Refused
from otmodel.followup import progress
from otmodel.model import engine, goalseek, risk
from otmodel.model.scenario import Scenario, parse_scenario
from otmodel.network import compare as network_compare_module
from otmodel.network import demo as network_demo
from otmodel.network import folder as network_folder
from otmodel.presentation import guide, guide_document, vote
from otmodel.presentation import settings as presentation_settings
from otmodel.scenarios import store as scenario_store
from otmodel.scenarios import tables as scenario_tables
from tools import browser as chromium
from tools import start_bench

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py and views/
PAGE_FILES = {"page_synthese_s": "views/synthese.py", "page_scenarios_s": "views/scenarios/page.py"}
BROWSER_SCENARIO, BROWSER_OFFER = "Pack partenaire revalorisé", "P-HEB"  # the pack already paid: one fragment run
MEASURE_SCENARIO = "Mesure du prix"  # saved on a synthetic region for `bench --browser --partners …`
NETWORK_OFFICES = 2_000  # a national network (about 2 300 offices in France), five years each
NETWORK_OFFICE = "Office n°1 (fictif)"  # every synthetic network has it


class Workspace:
    """A temporary folder shared by the measures; demo databases are built once, on first use. `offices`: the
    size of the network of offices the « reseau » measure compares."""

    def __init__(self, root: Path, offices: int = NETWORK_OFFICES) -> None:
        self.root = root
        self.offices = offices

    def demo_db(self, name: str) -> Path:
        path = self.root / f"{name}.duckdb"
        if not path.exists():
            folder = demo.generate(name, self.root / name)
            con = db.connect(path)
            try:
                importer.import_folder(con, folder)
                demo_scenarios.install(con, name)
                guide.save_texts(con, guide.Texts(**demo_scenarios.GUIDE_TEXTS[name]))
            finally:
                con.close()
        return path

    @cached_property
    def destination(self) -> Path:
        return self.demo_db("destination")


Measure = Callable[[Workspace, int], dict[str, float]]
MEASURES: dict[str, Measure] = {}


def measure(name: str) -> Callable[[Measure], Measure]:
    """Register a measure under a name (used by `bench --only`)."""

    def register(function: Measure) -> Measure:
        MEASURES[name] = function
        return function

    return register


def median_ms(action: Callable[[], object], runs: int, warmup: int = 2,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of `action` in milliseconds (wall time, or what `clock` counts), after a few warm-up runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return round(statistics.median(times), 2)


def median_cpu_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median processor time of `action` in milliseconds, every thread of this process counted (DuckDB reads with
    several): what the action costs whatever else the machine is doing — a shared machine's wall times are not."""
    return median_ms(action, runs, warmup, clock=time.process_time)


@measure("evaluate")
def evaluate_destination(workspace: Workspace, runs: int) -> dict[str, float]:
    """A what-if at destination scale: load_facts + apply (evaluate), apply alone, and the goal seeks."""
    con = db.connect(workspace.destination, read_only=True)
    try:
        scenario = scenario_store.load(con, scenario_store.names(con)[1])
        facts = engine.load_facts(con)
        return {
            "evaluate_ms_median": median_ms(lambda: engine.apply(engine.load_facts(con), scenario), runs),
            "apply_ms_median": median_ms(lambda: engine.apply(facts, scenario), runs),
            "load_facts_ms_median": median_ms(lambda: engine.load_facts(con), runs),
            "goal_seek_price_ms_median": median_ms(lambda: goalseek.price_for_target(facts, Scenario(), "P-HEB"),
                                                   max(3, runs // 3)),
            "break_even_all_offers_ms_median": median_ms(lambda: goalseek.break_even_prices(facts, Scenario()),
                                                         max(3, runs // 3)),
            "offers": float(len(facts.offers)),
            "partners": float(facts.universe.sum()),
        }
    finally:
        con.close()


@measure("after_decision")
def after_decision_destination(workspace: Workspace, runs: int) -> dict[str, float]:
    """After the decision, on the destination demo: the partners' guide of its applied scenario (built, written
    as HTML and as an A4 PDF) and the year followed against the plan (`suivi`)."""
    con = db.connect(workspace.destination, read_only=True)
    try:
        scenario = guide.scenario_for(con, None)
        built = guide.build(con, scenario)
        repeat = max(3, runs // 3)
        return {
            "guide_build_ms_median": median_ms(lambda: guide.build(con, scenario), repeat),
            "guide_html_ms_median": median_ms(lambda: guide_document.render(built, ".html"), repeat),
            "guide_pdf_ms_median": median_ms(lambda: guide_document.render(built, ".pdf"), repeat),
            "suivi_ms_median": median_ms(lambda: progress.follow(con), repeat),
        }
    finally:
        con.close()


def uncertain(scenario: Scenario, offers: list[str]) -> Scenario:
    """The scenario with ranges on every assumption and on the prices of `offers` (made paid if they are not)."""
    spec = scenario.to_json()
    spec["assumptions"].update({
        "elasticity": {"default": {"low": 0.3, "likely": 0.5, "high": 0.9},
                       "hebergement": {"low": 0.2, "likely": 0.3, "high": 0.6}},
        "free_to_paid_conversion": {"low": 0.2, "likely": 0.35, "high": 0.5},
        "paid_to_free_uplift": {"low": 1.1, "likely": 1.5, "high": 1.8},
        "hourly_cost": {"low": 34, "likely": 38, "high": 45}})
    for offer_id in offers:
        choice = spec["offers"].setdefault(offer_id, {"mode": "paid", "price": 100.0})
        if choice.get("mode") != "paid" or isinstance(choice.get("price"), dict):
            choice.update(mode="paid", price=100.0)
        price = float(choice["price"])
        choice["price"] = {"low": 0.8 * price, "likely": price, "high": 1.3 * price}
    return parse_scenario(spec)


@measure("monte_carlo")
def monte_carlo_destination(workspace: Workspace, runs: int) -> dict[str, float]:
    """5 000 draws on the destination demo (target ≤ 500 ms): a saved scenario with ranges on every
    assumption and on its paid prices; and the worst case, every offer paid at a ranged price."""
    con = db.connect(workspace.destination, read_only=True)
    try:
        saved = scenario_store.load(con, scenario_store.names(con)[1])
        facts = engine.load_facts(con)
        paid = [i for i, c in saved.offers.items() if c.mode == "paid"]
        scenario, everything = uncertain(saved, paid), uncertain(saved, facts.offer_ids)
        repeat = max(3, runs // 3)
        return {
            "monte_carlo_ms_median": median_ms(lambda: risk.simulate(facts, scenario, risk.DEFAULT_DRAWS), repeat),
            "monte_carlo_every_offer_ms_median": median_ms(lambda: risk.simulate(facts, everything,
                                                                                risk.DEFAULT_DRAWS), repeat),
            "tornado_ms_median": median_ms(lambda: risk.tornado(facts, scenario), repeat),
        }
    finally:
        con.close()


@measure("import")
def import_partners_100k(workspace: Workspace, runs: int) -> dict[str, float]:
    """Import of a generated 100 000-row partner file written like French Excel (target ≤ 10 s).

    Accented headers, sector and status labels, "1 200" capacities with a no-break space, Oui/Non and
    cp1252: the tolerant reading path, not the easy one. One run: the file is large enough to be stable.
    """
    path = workspace.root / "partenaires_100k.csv"
    french_excel_partners(100_000).to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    con = db.connect(workspace.root / "import_100k.duckdb")
    try:
        start = time.perf_counter()
        importer.import_file(con, "partenaires", path)
        return {"import_100k_s": round(time.perf_counter() - start, 2)}
    finally:
        con.close()


# The mapping an office in the Landes uses for the national list of classified accommodation (docs/fichiers.md).
NATIONAL_LIST_MAPPING = Mapping("partenaires", constants={"statut": "non_partenaire", "filiere": "hebergement"},
                                id_from=["NOM COMMERCIAL", "CODE POSTAL"], keep={"CODE POSTAL": ["40*"]})


@measure("national_list")
def national_list_landes(workspace: Workspace, runs: int) -> dict[str, float]:
    """A national list of ~21 000 classified establishments cut down to one département (the Landes), with
    identifiers built from the name and the postcode; then the same file again, which must add nothing.

    The list is synthetic (otmodel.demo.national_list: no internet here to fetch Atout France's file), shaped
    like the real one. One run each: the file is large enough to be stable.
    """
    path = national_list.write(workspace.root / "classement_national.csv")
    con = db.connect(workspace.root / "national_list.duckdb")
    try:
        start = time.perf_counter()
        first = importer.import_file(con, "partenaires", path, mapping=NATIONAL_LIST_MAPPING, mapping_name="Atout")
        middle = time.perf_counter()
        again = importer.import_file(con, "partenaires", path, mapping=NATIONAL_LIST_MAPPING, mapping_name="Atout")
        end = time.perf_counter()
    finally:
        con.close()
    return {"national_list_rows": first.rows, "national_list_kept": first.rows - first.left_out,
            "national_list_added": first.added, "national_list_duplicates": first.duplicates,
            "national_list_import_s": round(middle - start, 2), "national_list_reimport_s": round(end - middle, 2),
            "national_list_reimport_added": again.added}


@measure("reseau")
def network_compare(workspace: Workspace, runs: int) -> dict[str, float]:
    """A national network of offices (`--offices`, 2 000 by default) × 5 years, compared as `python -m otmodel
    reseau compare` does: every file read and checked by DuckDB, then one office among its peers
    (`reseau_compare_ms`, target ≤ 1 s), the files as the regional federations collect them (one per region);
    the same office with another peer group on the network already read (`reseau_regroup_ms`: the page's choice
    of group); and the same network in one file per office and year (`reseau_compare_per_file_ms`: every file
    is opened, a cost of its own). `…_cpu_ms`: the processor time of the same compare, every thread counted."""
    regions = workspace.root / "reseau_regions"
    files = network_demo.national(regions, workspace.offices)
    per_file = workspace.root / "reseau_fichiers"
    single_files = network_demo.national(per_file, workspace.offices, per_office_year=True)
    network = network_folder.read_folder(regions)
    repeat = max(3, runs // 3)
    return {
        "reseau_offices": workspace.offices, "reseau_years": network_demo.YEARS, "reseau_files": files,
        "reseau_compare_ms": median_ms(lambda: network_compare_of(regions), repeat, warmup=1),
        "reseau_compare_cpu_ms": median_cpu_ms(lambda: network_compare_of(regions), repeat),
        "reseau_regroup_ms": median_ms(lambda: network_compare_module.compare(network, NETWORK_OFFICE, by="tous"),
                                       runs),
        "reseau_per_file_files": single_files,
        "reseau_compare_per_file_ms": median_ms(lambda: network_compare_of(per_file), 3, warmup=1),
        "reseau_compare_per_file_cpu_ms": median_cpu_ms(lambda: network_compare_of(per_file), 3, warmup=0),
    }


def network_compare_of(folder: Path) -> network_compare_module.Comparison:
    return network_compare_module.compare(network_folder.read_folder(folder), NETWORK_OFFICE)


def french_excel_partners(rows: int) -> pd.DataFrame:
    """A partner table as an office types it in French Excel (labels, not codes)."""
    picks = np.arange(rows)
    return pd.DataFrame({
        "Identifiant": [f"B-{i:06d}" for i in picks],
        "Nom": [f"Entreprise n°{i}" for i in picks],
        "Filière": np.array(list(vocab.FILIERES.values()))[picks % len(vocab.FILIERES)],
        "Commune": np.array(["Mimizan", "Biscarrosse", "Gastes", "Sainte-Eulalie-en-Born"])[picks % 4],
        "Capacité": [f"{1000 + i % 500:,}".replace(",", "\u00a0") if i % 3 == 0 else "" for i in picks],
        "Statut": np.array(list(vocab.STATUTS_PARTENAIRE.values()))[picks % len(vocab.STATUTS_PARTENAIRE)],
        "Depuis": np.where(picks % 2 == 0, (2000 + picks % 25).astype(str), ""),
        "Club pro": np.where(picks % 5 == 0, "Oui", "Non"),
        "E-mail": [f"contact{i}@exemple.fr" for i in picks],
    })


def run(only: list[str] | None = None, runs: int = 30, offices: int = NETWORK_OFFICES) -> dict[str, float]:
    """Run the measures (all, or those named in `only`) and merge their figures into one dict."""
    unknown = sorted(set(only or []) - set(MEASURES))
    if unknown:
        raise Refused(f"Mesure inconnue : {', '.join(unknown)}. Mesures : {', '.join(sorted(MEASURES))}.")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="otmodel-bench-") as folder:
        workspace = Workspace(Path(folder), offices)
        for name, function in MEASURES.items():
            if not only or name in only:
                figures.update(function(workspace, runs))
    return figures


# --- at the scale of a regional network, and in the browser (`bench --partners …`, `bench --browser`) -------

def peak_rss_mb() -> float | None:
    """Peak resident memory in MB of this process or of a page's process, whichever is larger (None where
    the OS does not say: Windows)."""
    try:
        import resource
    except ImportError:
        return None
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, KB on Linux


def page_run_s(db_path: Path, page: str) -> float:
    """Seconds of one run of a page on a database, caches cold, in a process of its own (tools.pagerun)."""
    done = subprocess.run([sys.executable, "-m", "tools.pagerun", str(db_path), page], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise Refused(f"La page {page} a échoué : {done.stderr.strip().splitlines()[-1:]}")
    return float(done.stdout.strip().splitlines()[-1])


def price_rise(facts: engine.Facts) -> Scenario:
    """A what-if as a director tries one: the first paid offer 10 % dearer."""
    prices = facts.column("prix")
    paid = [i for i, price in zip(facts.offer_ids, prices, strict=True) if price > 0]
    offers = {paid[0]: {"mode": "paid", "price": float(prices[facts.index_of(paid[0])]) * 1.1}} if paid else {}
    return parse_scenario({"offers": offers})


def region_db(folder: Path, partners: int, offers: int, years: int) -> tuple[Path, float]:
    """A synthetic region generated in `folder` and imported through the users' import path: the database
    and the import's seconds."""
    files = region_demo.generate(folder / "files", partners, offers, years)
    path = folder / "region.duckdb"
    con = db.connect(path)
    try:
        start = time.perf_counter()
        importer.import_folder(con, files)
        return path, round(time.perf_counter() - start, 2)
    finally:
        con.close()


def region(partners: int, offers: int, years: int, runs: int) -> dict[str, float | int | None]:
    """A synthetic region imported through the users' import path, then the engine, a Monte Carlo of
    risk.DEFAULT_DRAWS draws and two pages on it."""
    with tempfile.TemporaryDirectory(prefix="otmodel-region-") as folder:
        path, import_s = region_db(Path(folder), partners, offers, years)
        con = db.connect(path, read_only=True)
        try:
            facts = engine.load_facts(con)
            scenario = price_rise(facts)
            evaluate_ms = median_ms(lambda: engine.apply(engine.load_facts(con), scenario), runs)
            # The Risques view's simulation at this scale: ranges on every assumption and on the paid prices.
            ranged = uncertain(scenario, [i for i, c in scenario.offers.items() if c.mode == "paid"])
            monte_carlo_ms = median_ms(lambda: risk.simulate(facts, ranged, risk.DEFAULT_DRAWS), max(3, runs // 3))
            subscriptions = con.execute("SELECT count(*) FROM souscriptions").fetchone()[0]
        finally:
            con.close()
        pages = {name: page_run_s(path, page) for name, page in PAGE_FILES.items()}
    return {"partners": partners, "offers": offers, "years": years, "subscriptions": subscriptions,
            "import_s": import_s, "evaluate_ms_median": evaluate_ms,
            "monte_carlo_ms_median": monte_carlo_ms, **pages, "peak_rss_mb": peak_rss_mb()}


def _median(times: list[float]) -> float | None:
    return round(statistics.median(times), 1) if times else None


def _changes(name: str, changes: dict) -> dict[str, object]:
    times = changes["times"]
    return {f"{name}_ms_median": _median(times), f"{name}_ms": [round(t, 1) for t in times],
            f"{name}_missed": changes["missed"], f"{name}_wrong": changes["wrong"]}


@dataclass(frozen=True)
class PricePlan:
    """What the browser bench types: in the saved scenario `scenario`, the price of one offer (`offer`: its
    name as the page shows it; `cell`: its row and price column in the offers table), each price with the
    « Résultat » the engine gives for it (the first one warms up)."""

    scenario: str
    offer: str
    cell: tuple[int, int]
    prices: list[tuple[str, str]]


def price_plan(path: Path, runs: int) -> PricePlan:
    """On the destination demo, its pack already paid (one fragment run); on a synthetic region, the first
    paid offer, in a scenario saved here for the measure (`price_rise`: opening it changes « Résultat »)."""
    con = db.connect(path)
    try:
        facts = engine.load_facts(con)
        name, offer_id = BROWSER_SCENARIO, BROWSER_OFFER
        if not scenario_store.exists(con, name):
            name, (offer_id, choice) = MEASURE_SCENARIO, next(iter(price_rise(facts).offers.items()))
            spec = {"offers": {offer_id: {"mode": "paid", "price": choice.price}}}
            scenario_store.save(con, scenario_store.SavedScenario(replace(parse_scenario(spec), name=name)))
        saved = scenario_store.load(con, name).to_json()
    finally:
        con.close()
    prices = []
    for attempt in range(runs + 1):
        price = 250 + 10 * (attempt % 10) + attempt
        offers = {**saved["offers"], offer_id: {"mode": "paid", "price": float(price)}}
        margin = engine.apply(facts, parse_scenario({**saved, "offers": offers})).totals.margin
        prices.append((str(price), chromium.plain(fmt.euros(margin))))
    frame = scenario_tables.editor_frame(facts, {"offers": {}})
    cell = list(frame.index).index(offer_id), scenario_tables.EDITOR_COLUMNS.index("prix")
    return PricePlan(name, str(frame.loc[offer_id, "nom"]), cell, prices)


def browser(runs: int = 20, sessions: int = 10, scale: tuple[int, int, int] | None = None) -> dict[str, object]:
    """The app served by `streamlit run` and driven in Chromium, on the destination demo or (`scale`:
    partners, offers, years) on a synthetic region: the first visit of each page from the sidebar of an open
    session (`page_switch_s`, on a fresh server: its caches cold), the first load of each page in a new
    browser profile (`first_load_s`) and in a new tab (`first_load_warm_s`), beside the floor of the stack
    (`floor_s`: an empty Streamlit page, then the same with one chart); a price change with the « Prix
    rapide » input (`price_change_*`: until « Résultat » shows it; `chart_update_*`: until the bullet chart
    shows it) and typed in the offers table (`table_price_change_*`; the figures must show the engine's value);
    `sessions` saves at once (none may be lost)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="otmodel-browser-") as folder:
        if scale:
            path, _ = region_db(Path(folder), *scale)
        else:
            path = Workspace(Path(folder)).destination
        plan = price_plan(path, runs)
        names = [f"Charge {i + 1}" for i in range(sessions)]
        with open(Path(folder) / "streamlit.log", "w") as log:
            url, server = chromium.start_server(path, log=log)
            floor_url, floor_server = chromium.start_server(path, log=log, script=chromium.FLOOR_PAGE)
            try:
                with sync_playwright() as playwright:
                    launched = chromium.launch(playwright)
                    switches = chromium.page_switches(launched, url)
                    loads = chromium.first_loads(launched, url)
                    warm_loads = chromium.first_loads(launched, url, warm=True)
                    floor = chromium.floor_loads(launched, floor_url)
                    changes = chromium.quick_price_changes(launched, url, plan.offer, plan.prices, plan.scenario)
                    typed = chromium.price_changes(launched, url, plan.cell, plan.prices, plan.scenario)
                    saves = chromium.saves_at_once(launched, url, names)
                    launched.close()
            finally:
                for process in (server, floor_server):
                    process.terminate()
                    process.wait(timeout=30)
        con = db.connect(path, read_only=True)
        stored = set(scenario_store.names(con))
        con.close()
    where = {"partners": scale[0], "offers": scale[1], "years": scale[2]} if scale else {"demo": "destination"}
    return {**where, "page_switch_s": switches, "first_load_s": loads, "first_load_warm_s": warm_loads,
            "floor_s": floor, **_changes("price_change", changes),
            "chart_update_ms_median": _median(changes["chart_times"]),
            "chart_update_ms": [round(t, 1) for t in changes["chart_times"]], **_changes("table_price_change", typed),
            "save_under_load_s_median": statistics.median(saves), "save_under_load_s": saves,
            "sessions": sessions, "saves_lost": len(set(names) - stored)}


def double_click(runs: int = 3) -> dict[str, object]:
    """`bench --start`: from a double-click on the launcher to the browser, then to the page (tools/start_bench.py)."""
    return start_bench.start(runs)

def vote_room(phones: int) -> dict[str, object]:
    """The room's vote in Chromium, served by `streamlit run` on the destination demo with a vote open: `phones`
    phones vote at once (tools.browser.room_votes). `vote_all_stored`: every phone's ballot stored, once each."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="otmodel-vote-") as folder:
        path = Workspace(Path(folder)).destination
        con = db.connect(path)
        try:
            opened = vote.open_round(con, presentation_settings.shown_scenarios(con, presentation_settings.load(con)))
        finally:
            con.close()
        with open(Path(folder) / "streamlit.log", "w") as log:
            url, server = chromium.start_server(path, log=log)
            try:
                with sync_playwright() as playwright:
                    launched = chromium.launch(playwright)
                    room = chromium.room_votes(launched, url, phones, server.pid)
                    launched.close()
            finally:
                server.terminate()
                server.wait(timeout=30)
        con = db.connect(path, read_only=True)
        stored = dict(con.execute("SELECT voter, voted_at FROM votes WHERE round_id = ?", [opened.id]).fetchall())
        rows = con.execute("SELECT count(*) FROM votes WHERE round_id = ?", [opened.id]).fetchone()[0]
        con.close()
    seconds = room["confirm_s"]
    # Click to the ballot's transaction (the server's clock, this machine's): the server's share of the wait.
    written = [round(stored[voter].timestamp() - at, 3) for voter, at in room["clicked"].items() if voter in stored]
    return {"vote_phones": phones, "vote_all_stored": rows == len(stored) == phones and set(stored) == set(
                room["clicked"]), "vote_stored": rows,
            "vote_confirm_s_median": statistics.median(seconds), "vote_confirm_s_max": max(seconds),
            "vote_confirm_s": seconds, "vote_write_s_median": statistics.median(written) if written else None,
            "vote_results_lag_s": room["results_lag_s"], "vote_connected_shown": room["connected_shown"],
            "vote_server_cpu_s": room["server_cpu_s"]}
