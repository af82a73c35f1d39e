"""Benchmarks: `python -m otmodel bench` prints one JSON object of figures (never asserts a time).

Measures are named functions in `MEASURES`. Each takes the shared `Workspace` (a temporary folder
that builds the demo databases on demand) and the number of runs, and returns its figures as
{"figure_name": value}. To add one, decorate a function of this file with `@measure("name")`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from otmodel import db, vocab
from otmodel.data import importer
from otmodel.demo import scenarios as demo_scenarios
from otmodel.demo import territories as demo
from otmodel.errors import Refused
from otmodel.model import engine, goalseek, risk
from otmodel.model.scenario import Scenario, parse_scenario
from otmodel.scenarios import store as scenario_store


class Workspace:
    """A temporary folder shared by the measures; demo databases are built once, on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def demo_db(self, name: str) -> Path:
        path = self.root / f"{name}.duckdb"
        if not path.exists():
            folder = demo.generate(name, self.root / name)
            con = db.connect(path)
            try:
                importer.import_folder(con, folder)
                demo_scenarios.install(con, name)
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


def median_ms(action: Callable[[], object], runs: int, warmup: int = 2) -> float:
    """Median wall time of `action` in milliseconds, after a few warm-up runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


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


def run(only: list[str] | None = None, runs: int = 30) -> dict[str, float]:
    """Run the measures (all, or those named in `only`) and merge their figures into one dict."""
    unknown = sorted(set(only or []) - set(MEASURES))
    if unknown:
        raise Refused(f"Mesure inconnue : {', '.join(unknown)}. Mesures : {', '.join(sorted(MEASURES))}.")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="otmodel-bench-") as folder:
        workspace = Workspace(Path(folder))
        for name, function in MEASURES.items():
            if not only or name in only:
                figures.update(function(workspace, runs))
    return figures
