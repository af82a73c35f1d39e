"""The revenue model: what a scenario does to subscribers, revenue, costs, staff hours and the target.

`load_facts` aggregates the territory with DuckDB, once per database state: for every offer o and
sector g, the reachable universe E(o,g), the base-year subscribers n0(o,g) and their mean price p0(o,g).
`apply` then evaluates a scenario over that offer × sector grid with vectorised pandas, so a what-if
costs milliseconds. The formulas are documented in README (« Le modèle »).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import numpy as np
import pandas as pd

from otmodel.scenario import BASIS_OF_STRUCTURE, Scenario


@dataclass(frozen=True)
class Facts:
    """What the scenarios start from: the structure, the offers and the offer × sector grid."""

    year: int
    structure: dict
    offers: pd.DataFrame  # one row per offer, with pack_unit_cost / pack_unit_hours of its contents
    grid: pd.DataFrame  # offre_id, filiere, universe_g, E, n0, p0
    universe: pd.Series  # businesses of the universe per sector


class MissingDataError(ValueError):
    """The database lacks what the model needs (no structure row, no offers)."""


_GRID_SQL = """
WITH universe AS (
    SELECT filiere, count(*) AS universe_g FROM partenaires WHERE statut <> 'ancien' GROUP BY filiere
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

_OFFERS_SQL = """
SELECT o.*, coalesce(sum(c.cout_unitaire), 0) AS pack_unit_cost,
       coalesce(sum(c.heures_unitaires), 0) AS pack_unit_hours
FROM offres o
LEFT JOIN composition_packs k ON k.pack_id = o.id AND o.type = 'pack'
LEFT JOIN offres c ON c.id = k.offre_id
GROUP BY ALL
ORDER BY o.id
"""


def load_facts(con: duckdb.DuckDBPyConnection) -> Facts:
    """Aggregate the database for the base year (structure.annee)."""
    structure = con.execute("SELECT * FROM structure LIMIT 1").df()
    if structure.empty:
        raise MissingDataError("La structure n'est pas renseignée : importez structure.csv "
                               "(nom, année de référence, objectif…).")
    structure_row = {k: (v.item() if hasattr(v, "item") else v) for k, v in structure.iloc[0].items()}
    year = int(structure_row["annee"])
    offers = con.execute(_OFFERS_SQL).df()
    grid = con.execute(_GRID_SQL, [year]).df()
    universe = grid.drop_duplicates("filiere").set_index("filiere")["universe_g"]
    return Facts(year=year, structure=structure_row, offers=offers, grid=grid, universe=universe)


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

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    scenario: Scenario
    year: int
    totals: Totals
    offers: pd.DataFrame  # id, nom, famille, sphere, type, mode, active, subscribers, revenue, costs, margin…
    cells: pd.DataFrame  # the offer × sector grid with n and price

    def revenue_by(self, column: str) -> pd.Series:
        """Revenue summed by an offer column (famille, sphere…) or by 'filiere'."""
        if column == "filiere":
            return self.cells.groupby("filiere")["revenue"].sum()
        return self.offers.groupby(column)["revenue"].sum()

    def to_json(self) -> dict:
        columns = ["id", "mode", "subscribers", "revenue", "costs", "margin", "staff_hours"]
        return {"scenario": self.scenario.name, "base_year": self.year, "totals": self.totals.to_json(),
                "offers": self.offers[columns].to_dict("records")}


def _choices(facts: Facts, scenario: Scenario) -> pd.DataFrame:
    """One row per offer: mode, default price (NaN when none) and expected subscribers."""
    rows = []
    for offer_id in facts.offers["id"]:
        choice = scenario.choice(offer_id)
        default_price = choice.price.get("default") if isinstance(choice.price, dict) else choice.price
        rows.append((offer_id, choice.mode, np.nan if default_price is None else default_price,
                     choice.expected_subscribers or 0.0))
    return pd.DataFrame(rows, columns=["offre_id", "mode", "price_default", "expected"])


def _sector_prices(facts: Facts, scenario: Scenario) -> pd.DataFrame:
    rows = [(offer_id, sector, price)
            for offer_id, choice in scenario.offers.items() if isinstance(choice.price, dict)
            for sector, price in choice.price.items() if sector != "default"]
    return pd.DataFrame(rows, columns=["offre_id", "filiere", "price_sector"])


def _subscribers(cells: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Apply the rules of the model to every (offer, sector) cell at once."""
    a = scenario.assumptions
    eps = cells["filiere"].map(a.elasticity_of).astype(float)
    n0, p0, mode = cells["n0"], cells["p0"], cells["mode"]
    asked = cells["price_sector"].fillna(cells["price_default"])
    # Price charged in the cell: free → 0; paid → the scenario's price, or p0 for a sector without one.
    charged = pd.Series(np.select([mode == "free", (mode == "paid") & asked.notna()], [0.0, asked], default=p0),
                        index=cells.index)
    keep = mode == "keep"
    stopped = mode == "stopped"
    free = (mode == "free") | ((mode == "paid") & (charged == 0))
    paid = (mode == "paid") & (charged > 0)
    new_offer = cells.groupby("offre_id")["n0"].transform("sum") == 0
    creating = cells["cycle"] == "a_creer"

    with np.errstate(divide="ignore", invalid="ignore"):
        ref = cells["prix_reference"].where(cells["prix_reference"] > 0, charged)
        paid_from_paid = n0 * (charged / p0) ** (-eps)
        paid_from_free = n0 * a.free_to_paid_conversion * (charged / ref) ** (-eps)
    share = cells["E"] / cells.groupby("offre_id")["E"].transform("sum").replace(0, np.nan)
    spread = (cells["expected"] * share).fillna(0.0)

    n = np.select(
        [stopped, keep & creating, keep, new_offer & (free | paid),
         paid & (p0 > 0), paid, free & (p0 > 0), free],
        [0.0, 0.0, n0, spread,
         paid_from_paid, paid_from_free, n0 * a.paid_to_free_uplift, n0],
        default=n0,
    )
    n = np.where(keep, n, np.minimum(n, cells["E"]))
    out = cells.assign(price=charged, n=np.nan_to_num(n.astype(float)))
    out["active"] = ~stopped & ~(keep & creating)
    out.loc[~out["active"], "n"] = 0.0
    out["revenue"] = out["n"] * out["price"]
    return out


def apply(facts: Facts, scenario: Scenario) -> Evaluation:
    """Evaluate a scenario against the facts of the base year."""
    hourly = scenario.assumptions.hourly_cost
    if hourly is None:
        hourly = float(facts.structure["cout_horaire"])
    offers = facts.offers
    choices = _choices(facts, scenario)
    cells = (facts.grid.merge(choices, on="offre_id")
             .merge(offers[["id", "cycle", "prix_reference"]].rename(columns={"id": "offre_id"}), on="offre_id")
             .merge(_sector_prices(facts, scenario), on=["offre_id", "filiere"], how="left"))
    if "price_sector" not in cells:
        cells["price_sector"] = np.nan
    cells["price_sector"] = cells["price_sector"].astype(float)
    cells = _subscribers(cells, scenario)

    per_offer = cells.groupby("offre_id").agg(subscribers=("n", "sum"), revenue=("revenue", "sum"),
                                              active=("active", "first"))
    table = offers.join(per_offer, on="id").join(choices.set_index("offre_id")["mode"], on="id")
    unit_hours = table["heures_unitaires"] + table["pack_unit_hours"]
    unit_direct = table["cout_unitaire"] + table["pack_unit_cost"]
    active = table["active"].astype(bool)
    table["staff_hours"] = np.where(active, table["heures_fixes"] + table["subscribers"] * unit_hours, 0.0)
    table["direct_costs"] = np.where(active, table["cout_fixe"] + table["subscribers"] * unit_direct, 0.0)
    table["staff_cost"] = table["staff_hours"] * hourly
    table["costs"] = table["direct_costs"] + table["staff_cost"]
    table["margin"] = table["revenue"] - table["costs"]
    table = table.reset_index(drop=True)

    totals = _totals(facts, scenario, table, cells)
    return Evaluation(scenario=scenario, year=facts.year, totals=totals, offers=table, cells=cells)


def _totals(facts: Facts, scenario: Scenario, table: pd.DataFrame, cells: pd.DataFrame) -> Totals:
    if scenario.target is not None:
        amount, basis = scenario.target.amount, scenario.target.basis
    else:
        amount = float(facts.structure["objectif"])
        basis = BASIS_OF_STRUCTURE[facts.structure["base_objectif"]]
    revenue, costs = float(table["revenue"].sum()), float(table["costs"].sum())
    margin = revenue - costs
    free_cells = cells[cells["active"] & (cells["price"] == 0) & (cells["E"] > 0)]
    covered = facts.universe[facts.universe.index.isin(free_cells["filiere"])].sum()
    total_universe = facts.universe.sum()
    return Totals(
        revenue=revenue,
        costs=costs,
        direct_costs=float(table["direct_costs"].sum()),
        staff_cost=float(table["staff_cost"].sum()),
        margin=margin,
        target_amount=amount,
        target_basis=basis,
        gap=(margin if basis == "margin" else revenue) - amount,
        subscriptions=float(table["subscribers"].sum()),
        staff_hours=float(table["staff_hours"].sum()),
        staff_hours_available=float(facts.structure["heures_disponibles"]),
        public_coverage=float(covered / total_universe) if total_universe else 0.0,
        partners_reached=float(cells.groupby("filiere")["n"].max().sum()),
    )


def evaluate(con: duckdb.DuckDBPyConnection, scenario: Scenario | None = None) -> Evaluation:
    """Evaluate a scenario (default: the current situation) on the database."""
    return apply(load_facts(con), scenario or Scenario())
