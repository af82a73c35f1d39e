"""The revenue model: what a scenario does to subscribers, revenue, costs, staff hours and the target.

`load_facts` aggregates the territory with DuckDB, once per database state: for every offer o and
sector g, the reachable universe E(o,g), the base-year subscribers n0(o,g) and their mean price p0(o,g),
laid out as offer × sector matrices. `apply` then evaluates a scenario with numpy over those matrices,
so a what-if costs about a millisecond; `outcomes` does the same for a batch of variants at once: choices
(goal seek) and assumptions (`Parameters`, the draws of a Monte Carlo simulation) may carry leading batch
axes. The formulas are documented in docs/methodes.md (« Le modèle »).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from otmodel import vocab
from otmodel.errors import Refused
from otmodel.model.scenario import BASIS_OF_STRUCTURE, Assumptions, Scenario

# Modes as small integers for the vectorised rules (order of scenario.MODES).
KEEP, FREE, PAID, STOPPED = 0, 1, 2, 3
MODE_CODES = {"keep": KEEP, "free": FREE, "paid": PAID, "stopped": STOPPED}
MODE_NAMES = {code: name for name, code in MODE_CODES.items()}
PLANNED = "a_creer"  # the cycle of an offer not launched yet: inactive until a scenario launches it


class MissingDataError(Refused):
    """The database lacks what the model needs (no structure row, no offers)."""


@dataclass(frozen=True)
class Facts:
    """What the scenarios start from: the structure, the offers and the offer × sector matrices.

    Rows of every matrix follow `offers` (sorted by id), columns follow `sectors`.
    """

    year: int
    structure: dict
    offers: pd.DataFrame  # one row per offer, with pack_unit_cost / pack_unit_hours of its contents
    grid: pd.DataFrame  # offre_id, filiere, universe_g, E, n0, p0 (long form of the matrices)
    universe: pd.Series  # businesses of the universe per sector
    sectors: tuple[str, ...]
    E: np.ndarray  # E(o,g), the model's notation
    n0: np.ndarray
    p0: np.ndarray
    # Per sector: distinct businesses with at least one subscription in the base year, and with at least one
    # free one (montant 0); the estimates of partners reached are calibrated on them (see `reach`).
    reached0: np.ndarray
    free_reached0: np.ndarray
    reach_factor: np.ndarray | None = None
    free_reach_factor: np.ndarray | None = None

    @property
    def offer_ids(self) -> list[str]:
        return self.offers["id"].tolist()

    def index_of(self, offer_id: str) -> int:
        return self.offer_ids.index(offer_id)

    def subset(self, rows: np.ndarray) -> Facts:
        """The same facts restricted to some offers (rows of the matrices): for batches where only these vary."""
        return replace(self, offers=self.offers.iloc[rows].reset_index(drop=True), E=self.E[rows], n0=self.n0[rows],
                       p0=self.p0[rows])

    def column(self, name: str) -> np.ndarray:
        """An offer column as floats (NaN for missing values), in matrix row order (read-only, kept: every
        batch of a simulation reads the same columns)."""
        cache = self.__dict__.setdefault("_columns", {})
        if name not in cache:
            values = pd.to_numeric(self.offers[name], errors="coerce").to_numpy(dtype=float)
            values.flags.writeable = False
            cache[name] = values
        return cache[name]


_GRID_SQL = """
WITH universe AS (
    SELECT filiere, count(*) AS universe_g FROM partenaires WHERE {in_territory} GROUP BY filiere
),
base AS (
    SELECT s.offre_id, p.filiere, count(DISTINCT s.partenaire_id) AS n0, avg(s.montant) AS mean_paid
    FROM souscriptions s JOIN partenaires p ON p.id = s.partenaire_id
    WHERE s.annee = ?
    GROUP BY ALL
),
sectors AS (SELECT filiere FROM universe UNION SELECT filiere FROM base)
SELECT o.id AS offre_id, g.filiere,
       coalesce(u.universe_g, 0) AS universe_g,
       CASE WHEN len(o.filieres_cibles) = 0 OR list_contains(o.filieres_cibles, g.filiere)
            THEN coalesce(u.universe_g, 0) ELSE 0 END AS E,
       coalesce(b.n0, 0) AS n0,
       coalesce(b.mean_paid, o.prix) AS p0
FROM offres o CROSS JOIN sectors g
LEFT JOIN universe u ON u.filiere = g.filiere
LEFT JOIN base b ON b.offre_id = o.id AND b.filiere = g.filiere
ORDER BY o.id, g.filiere
"""

_REACHED_SQL = """
SELECT p.filiere, count(DISTINCT s.partenaire_id) AS reached,
       count(DISTINCT CASE WHEN s.montant = 0 THEN s.partenaire_id END) AS free_reached
FROM souscriptions s JOIN partenaires p ON p.id = s.partenaire_id
WHERE s.annee = ?
GROUP BY p.filiere
"""

_OFFERS_SQL = """
SELECT o.*, coalesce(sum(c.cout_unitaire), 0) AS pack_unit_cost,
       coalesce(sum(c.heures_unitaires), 0) AS pack_unit_hours
FROM offres o
LEFT JOIN composition_packs k ON k.pack_id = o.id AND o.type = 'pack'
LEFT JOIN offres c ON c.id = k.offre_id
GROUP BY ALL
ORDER BY o.id
"""


def _matrix(grid: pd.DataFrame, column: str, offer_ids: list[str], sectors: list[str]) -> np.ndarray:
    table = grid.pivot(index="offre_id", columns="filiere", values=column)
    return table.reindex(index=offer_ids, columns=sectors).fillna(0.0).to_numpy(dtype=float)


def catalogue_counts(offers: pd.DataFrame) -> tuple[int, int]:
    """The offers every page counts (a frame with their « cycle »): those proposed today (every cycle but « à créer »,
    the offers active in the current situation) and those planned (« à créer »)."""
    planned = int((offers["cycle"] == PLANNED).sum())
    return len(offers) - planned, planned


def catalogue_text(offers: pd.DataFrame) -> str:
    """« 25 proposées aujourd'hui et 1 à créer »: how the pages say what a list of offers holds."""
    proposed, planned = catalogue_counts(offers)
    return f"{proposed} proposée(s) aujourd'hui" + (f" et {planned} à créer" if planned else "")


def current_prices(facts: Facts) -> pd.Series:
    """Mean price paid per offer in the base year (the offer's prix when nobody subscribed), by offer id."""
    n0 = facts.n0.sum(axis=1)
    paid = (facts.n0 * facts.p0).sum(axis=1)
    prices = np.where(n0 > 0, paid / np.where(n0 > 0, n0, 1), facts.column("prix"))
    return pd.Series(prices, index=facts.offer_ids)


def facts_if_any(con: duckdb.DuckDBPyConnection) -> Facts | None:
    """The facts, or None when the structure or the offers are not imported yet (a page then says what to do)."""
    try:
        return load_facts(con)
    except MissingDataError:
        return None


def load_facts(con: duckdb.DuckDBPyConnection, year: int | None = None) -> Facts:
    """Aggregate the database for the base year (structure.annee), or for another `year` of subscriptions (the
    year a scenario applied later was decided on: its plan must not move when the base year does)."""
    structure = con.execute("SELECT * FROM structure LIMIT 1").df()
    if structure.empty:
        raise MissingDataError("La structure n'est pas renseignée : importez structure.csv "
                               "(nom, année de référence, objectif…).")
    structure_row = {k: (v.item() if hasattr(v, "item") else v) for k, v in structure.iloc[0].items()}
    year = int(structure_row["annee"]) if year is None else int(year)
    offers = con.execute(_OFFERS_SQL).df()
    if offers.empty:
        raise MissingDataError("Aucune offre dans la base : importez offres.csv (les services proposés).")
    grid = con.execute(_GRID_SQL.format(in_territory=vocab.IN_TERRITORY), [year]).df()
    universe = grid.drop_duplicates("filiere").set_index("filiere")["universe_g"].sort_index()
    sectors = universe.index.tolist()
    ids = offers["id"].tolist()
    reached = con.execute(_REACHED_SQL, [year]).df().set_index("filiere").reindex(sectors).fillna(0)
    facts = Facts(year=year, structure=structure_row, offers=offers, grid=grid, universe=universe,
                  sectors=tuple(sectors), E=_matrix(grid, "E", ids, sectors), n0=_matrix(grid, "n0", ids, sectors),
                  p0=_matrix(grid, "p0", ids, sectors), reached0=reached["reached"].to_numpy(dtype=float),
                  free_reached0=reached["free_reached"].to_numpy(dtype=float))
    return _calibrated(facts)


# --- the rules, vectorised ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """A scenario's decisions as arrays: mode (…, O), asked price (…, O, S; NaN = keep p0), expected (…, O)."""

    mode: np.ndarray
    asked: np.ndarray
    expected: np.ndarray

    def repeat(self, k: int) -> Choices:
        """The same decisions k times along a new leading batch axis (writable copies, to vary per variant)."""
        return Choices(mode=np.repeat(self.mode[None, ...], k, axis=0),
                       asked=np.repeat(self.asked[None, ...], k, axis=0),
                       expected=np.repeat(self.expected[None, ...], k, axis=0))


def choices_of(facts: Facts, scenario: Scenario) -> Choices:
    """The scenario's decisions laid out on the facts' matrices."""
    sectors = {s: j for j, s in enumerate(facts.sectors)}
    rows = len(facts.offers)
    mode = np.zeros(rows, dtype=np.int8)
    asked = np.full((rows, len(sectors)), np.nan)
    expected = np.zeros(rows)
    for i, offer_id in enumerate(facts.offer_ids):
        choice = scenario.offers.get(offer_id)
        if choice is None:
            continue
        mode[i] = MODE_CODES[choice.mode]
        expected[i] = choice.expected_subscribers or 0.0
        if isinstance(choice.price, dict):
            asked[i, :] = choice.price.get("default", np.nan)
            for sector, price in choice.price.items():
                if sector in sectors:
                    asked[i, sectors[sector]] = price
        elif choice.price is not None:
            asked[i, :] = choice.price
    return Choices(mode=mode, asked=asked, expected=expected)


@dataclass(frozen=True)
class Parameters:
    """The assumptions as arrays, so that they can differ per variant (draws of a simulation):
    eps (…, S) per sector, conversion κ, uplift λ and hourly cost h (…), with the same leading batch axes."""

    eps: np.ndarray
    conversion: np.ndarray
    uplift: np.ndarray
    hourly: np.ndarray

    def repeat(self, k: int) -> Parameters:
        """The same assumptions k times along a new leading batch axis (writable copies)."""
        return Parameters(*(np.repeat(np.asarray(a, dtype=float)[None, ...], k, axis=0)
                            for a in (self.eps, self.conversion, self.uplift, self.hourly)))


def parameters_of(facts: Facts, assumptions: Assumptions) -> Parameters:
    """A scenario's assumptions laid out per sector (no batch axis)."""
    return Parameters(eps=np.array([assumptions.elasticity_of(s) for s in facts.sectors], dtype=float),
                      conversion=np.array(float(assumptions.free_to_paid_conversion)),
                      uplift=np.array(float(assumptions.paid_to_free_uplift)),
                      hourly=np.array(hourly_cost(facts, assumptions)))


@dataclass(frozen=True)
class Outcome:
    """Arrays for one or many variants of a scenario: cells (…, O, S) and offers (…, O)."""

    price: np.ndarray
    n: np.ndarray
    active: np.ndarray
    revenue: np.ndarray
    subscribers: np.ndarray
    staff_hours: np.ndarray
    direct_costs: np.ndarray
    staff_cost: np.ndarray

    @property
    def costs(self) -> np.ndarray:
        return self.direct_costs + self.staff_cost

    @property
    def margin(self) -> np.ndarray:
        return self.revenue - self.costs


def hourly_cost(facts: Facts, assumptions: Assumptions) -> float:
    """h: the scenario's hourly staff cost, else the structure's cout_horaire."""
    if assumptions.hourly_cost is not None:
        return float(assumptions.hourly_cost)
    return float(facts.structure["cout_horaire"])


def outcomes(facts: Facts, assumptions: Assumptions | Parameters, choices: Choices) -> Outcome:
    """Apply the rules of the model to every (offer, sector) cell. Choices and Parameters may carry leading
    batch axes (broadcast together): many variants are evaluated in one pass of numpy."""
    E, n0, p0 = facts.E, facts.n0, facts.p0
    params = assumptions if isinstance(assumptions, Parameters) else parameters_of(facts, assumptions)
    eps = params.eps[..., None, :]
    conversion, uplift = params.conversion[..., None, None], params.uplift[..., None, None]
    mode = choices.mode[..., None]
    asked = choices.asked
    # Price charged in a cell: free → 0; paid → the scenario's price, or p0 for a sector without one.
    charged = np.where(mode == FREE, 0.0, np.where((mode == PAID) & ~np.isnan(asked), asked, p0))
    keep, stopped = mode == KEEP, mode == STOPPED
    free = (mode == FREE) | ((mode == PAID) & (charged == 0))
    paid = (mode == PAID) & (charged > 0)
    new_offer = (n0.sum(axis=1) == 0)[:, None]
    creating = (facts.offers["cycle"].to_numpy() == PLANNED)[:, None]

    reference = facts.column("prix_reference")[:, None]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p_ref = np.where(reference > 0, reference, charged)
        # One power for both paid rules (the costliest operation of a batch): against p0 where the cell was
        # paid, against the reference price where it was free.
        response = (charged / np.where(p0 > 0, p0, p_ref)) ** (-eps)
        paid_from_paid = n0 * response
        paid_from_free = n0 * conversion * response
        total_e = E.sum(axis=1, keepdims=True)
        spread = np.where(total_e > 0, choices.expected[..., None] * E / np.where(total_e > 0, total_e, 1), 0.0)
    n = np.select(
        [stopped, keep & creating, keep, new_offer & (free | paid),
         paid & (p0 > 0), paid, free & (p0 > 0), free],
        [0.0, 0.0, n0, spread, paid_from_paid, paid_from_free, n0 * uplift, n0],
        default=n0,
    )
    # Keep is never capped, so the current situation is reproduced exactly even with inconsistent data.
    n = np.nan_to_num(np.where(keep, n, np.minimum(n, E)))
    active = ~(stopped | (keep & creating))[..., 0]
    n = np.where(active[..., None], n, 0.0)
    revenue_cells = n * charged

    subscribers = n.sum(axis=-1)
    staff_hours, direct = workload(facts, active, subscribers)
    return Outcome(price=charged, n=n, active=active, revenue=revenue_cells.sum(axis=-1), subscribers=subscribers,
                   staff_hours=staff_hours, direct_costs=direct, staff_cost=staff_hours * params.hourly[..., None])


def workload(facts: Facts, active: np.ndarray, subscribers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(staff hours, direct costs) of each offer (…, O) for its subscribers: fixed + per subscriber, packs'
    contents included; nothing for an inactive offer."""
    unit_hours = facts.column("heures_unitaires") + facts.column("pack_unit_hours")
    unit_direct = facts.column("cout_unitaire") + facts.column("pack_unit_cost")
    staff_hours = np.where(active, facts.column("heures_fixes") + subscribers * unit_hours, 0.0)
    direct = np.where(active, facts.column("cout_fixe") + subscribers * unit_direct, 0.0)
    return staff_hours, direct


# --- partners reached -----------------------------------------------------------------------------


def _population(facts: Facts) -> np.ndarray:
    """Businesses per sector that can be reached: the universe, or more when former partners subscribed."""
    return np.maximum(facts.universe.reindex(list(facts.sectors)).fillna(0).to_numpy(dtype=float), facts.reached0)


def _independent_reach(facts: Facts, n: np.ndarray) -> np.ndarray:
    """Per sector (…, S): businesses with at least one subscription if each business of a sector took each
    offer independently, with probability n(o,g) / businesses of g."""
    population = _population(facts)
    share = np.clip(n / np.where(population > 0, population, 1.0), 0.0, 1.0)
    return population * (1.0 - np.prod(1.0 - share, axis=-2))


def _factor(exact: np.ndarray, independent: np.ndarray) -> np.ndarray:
    return np.where(independent > 0, exact / np.where(independent > 0, independent, 1.0), 1.0)


def _calibrated(facts: Facts) -> Facts:
    """The facts with the calibration of the estimates of partners reached: exact for the current situation."""
    out = outcomes(facts, Assumptions(), choices_of(facts, Scenario()))
    free = np.where(out.active[:, None] & (out.price == 0), out.n, 0.0)
    return replace(facts, reach_factor=_factor(facts.reached0, _independent_reach(facts, out.n)),
                   free_reach_factor=_factor(facts.free_reached0, _independent_reach(facts, free)))


def _estimate(facts: Facts, n: np.ndarray, factor: np.ndarray) -> float:
    """Calibrated estimate, bounded per sector by the most followed offer and by all subscriptions."""
    upper = np.minimum(n.sum(axis=-2), _population(facts))
    return float(np.clip(factor * _independent_reach(facts, n), n.max(axis=-2, initial=0.0), upper).sum())


def reach(facts: Facts, out: Outcome) -> tuple[float, float]:
    """(partners reached, beneficiaries of free services) of one outcome (no batch axis).

    Within a sector, offers are taken as independent, scaled by the sector's factor that makes the current
    situation exact (the same businesses tend to take several offers); bounded below by the most followed
    offer and above by the number of subscriptions and of businesses."""
    free = np.where(out.active[:, None] & (out.price == 0), out.n, 0.0)
    return _estimate(facts, out.n, facts.reach_factor), _estimate(facts, free, facts.free_reach_factor)


# --- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    revenue: float
    costs: float
    direct_costs: float
    staff_cost: float
    margin: float
    target_amount: float
    target_basis: str
    gap: float
    subscriptions: float
    staff_hours: float
    staff_hours_available: float
    public_coverage: float
    partners_reached: float
    free_beneficiaries: float

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    scenario: Scenario
    year: int
    totals: Totals
    offers: pd.DataFrame  # the offers' columns + mode, active, subscribers, revenue, costs, margin, staff_hours…
    cells: pd.DataFrame  # offre_id, filiere, E, n0, p0, price, n, revenue

    def revenue_by(self, column: str) -> pd.Series:
        """Revenue summed by an offer column (famille, sphere…) or by 'filiere'."""
        if column == "filiere":
            return self.cells.groupby("filiere")["revenue"].sum()
        return self.offers.groupby(column)["revenue"].sum()

    def to_json(self) -> dict:
        columns = ["id", "mode", "subscribers", "revenue", "costs", "margin", "staff_hours"]
        return {"scenario": self.scenario.name, "base_year": self.year, "totals": self.totals.to_json(),
                "offers": self.offers[columns].to_dict("records")}


def target_of(facts: Facts, scenario: Scenario) -> tuple[float, str]:
    """(amount, basis): the scenario's target, else the structure's objectif and base_objectif."""
    if scenario.target is not None:
        return float(scenario.target.amount), scenario.target.basis
    return float(facts.structure["objectif"]), BASIS_OF_STRUCTURE[facts.structure["base_objectif"]]


def public_coverage(facts: Facts, out: Outcome) -> float:
    """Share of the universe whose sector some active offer targets at price 0."""
    free_cells = out.active[:, None] & (out.price == 0) & (facts.E > 0)
    universe = facts.universe.to_numpy(dtype=float)
    total = universe.sum()
    return float(universe[free_cells.any(axis=0)].sum() / total) if total else 0.0


def apply(facts: Facts, scenario: Scenario) -> Evaluation:
    """Evaluate a scenario against the facts of the base year."""
    choices = choices_of(facts, scenario)
    out = outcomes(facts, scenario.assumptions, choices)
    table = facts.offers.assign(
        mode=[MODE_NAMES[int(m)] for m in choices.mode], active=out.active, subscribers=out.subscribers,
        revenue=out.revenue, staff_hours=out.staff_hours, direct_costs=out.direct_costs, staff_cost=out.staff_cost,
        costs=out.costs, margin=out.margin)
    rows, cols = facts.E.shape
    cells = pd.DataFrame({
        "offre_id": np.repeat(facts.offers["id"].to_numpy(), cols), "filiere": np.tile(np.array(facts.sectors), rows),
        "E": facts.E.ravel(), "n0": facts.n0.ravel(), "p0": facts.p0.ravel(), "price": out.price.ravel(),
        "n": out.n.ravel(), "revenue": (out.n * out.price).ravel(), "active": np.repeat(out.active, cols)})
    amount, basis = target_of(facts, scenario)
    partners, free_partners = reach(facts, out)
    revenue, costs = float(out.revenue.sum()), float(out.costs.sum())
    margin = revenue - costs
    totals = Totals(
        revenue=revenue, costs=costs, direct_costs=float(out.direct_costs.sum()),
        staff_cost=float(out.staff_cost.sum()), margin=margin, target_amount=amount, target_basis=basis,
        gap=(margin if basis == "margin" else revenue) - amount, subscriptions=float(out.subscribers.sum()),
        staff_hours=float(out.staff_hours.sum()), staff_hours_available=float(facts.structure["heures_disponibles"]),
        public_coverage=public_coverage(facts, out), partners_reached=partners, free_beneficiaries=free_partners,
    )
    return Evaluation(scenario=scenario, year=facts.year, totals=totals, offers=table, cells=cells)


def evaluate(con: duckdb.DuckDBPyConnection, scenario: Scenario | None = None) -> Evaluation:
    """Evaluate a scenario (default: the current situation) on the database."""
    return apply(load_facts(con), scenario or Scenario())
