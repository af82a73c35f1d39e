"""The scenario as tables for the pages: the editable offers table, per-sector prices, comparisons.

No Streamlit here: pages pass the edited DataFrames back and get a scenario JSON (dict) in return.
"""

from __future__ import annotations

import math

import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.risk import Simulation
from otmodel.model.scenario import MODES, TARGET_BASES, Scenario, is_range, likely, with_likely
from otmodel.model.trajectory import Trajectory

MODE_OF_LABEL = {label: code for code, label in MODES.items()}
SPHERE_ORDER = {code: i for i, code in enumerate(vocab.SPHERES)}
EDITOR_COLUMNS = ["sphere", "nom", "prix_actuel", "abonnes_actuels", "mode", "prix", "attendus"]


def _per_sector(price) -> bool:
    return isinstance(price, dict) and not is_range(price)


def price_shown(price) -> float:
    """The single price shown in the table: the number (a range's likely value), or the default of per-sector
    prices (NaN if none)."""
    if _per_sector(price):
        return float(likely(price.get("default", math.nan)))
    return math.nan if price is None else float(likely(price))


_OFFER_ROWS: dict[int, tuple[Facts, pd.DataFrame]] = {}  # by id(facts); the facts are kept to pin the id


def offer_rows(facts: Facts) -> pd.DataFrame:
    """What the offers table shows that no scenario changes (sphere, name, current price and subscribers),
    sorted by sphere then name: computed once per facts, as a price change reruns the table."""
    held = _OFFER_ROWS.get(id(facts))
    if held is None or held[0] is not facts:
        frame = pd.DataFrame({
            "sphere_code": facts.offers["sphere"].to_numpy(),
            "sphere": facts.offers["sphere"].map(lambda c: vocab.label(vocab.SPHERES_COURTES, c)).to_numpy(),
            "nom": facts.offers["nom"].to_numpy(),
            "prix_actuel": engine.current_prices(facts).round(2).to_numpy(),
            "abonnes_actuels": facts.n0.sum(axis=1),
        }, index=pd.Index(facts.offer_ids, name="id"))
        frame["order"] = frame["sphere_code"].map(SPHERE_ORDER).fillna(len(SPHERE_ORDER))
        held = facts, frame.sort_values(["order", "nom"])[EDITOR_COLUMNS[:4]]
        _OFFER_ROWS.clear()  # one territory at a time: the facts of an older data version go
        _OFFER_ROWS[id(facts)] = held
    return held[1]


def editor_frame(facts: Facts, spec: dict) -> pd.DataFrame:
    """One row per offer (index: offer id), sorted by sphere then name, for st.data_editor."""
    offers = spec.get("offers", {})
    frame = offer_rows(facts).copy()
    chosen = [offers.get(i, {}) for i in frame.index]
    frame["mode"] = [MODES[c.get("mode", "keep")] for c in chosen]
    frame["prix"] = [price_shown(c.get("price")) for c in chosen]
    frame["attendus"] = [likely(c.get("expected_subscribers", math.nan)) for c in chosen]
    return frame


def with_edits(frame: pd.DataFrame, edits: dict | None) -> pd.DataFrame:
    """The frame with a data editor's pending edits ({"edited_rows": {position: {column: value}}}, the
    shape st.data_editor keeps in the session), so an action can read edits no run has folded in yet."""
    edited = frame.copy()
    for position, changes in ((edits or {}).get("edited_rows") or {}).items():
        for column, value in changes.items():
            if column in edited.columns:
                edited.iloc[int(position), edited.columns.get_loc(column)] = math.nan if value is None else value
    return edited


def apply_editor(facts: Facts, spec: dict, edited: pd.DataFrame) -> tuple[dict, list[str], bool]:
    """Fold the edited table into the scenario JSON.

    Returns (new spec, French notes about what was completed, whether the table must be redrawn because
    the spec now says something the table does not show: a price filled in, a mode switched to paid)."""
    offers = {k: dict(v) for k, v in spec.get("offers", {}).items()}
    current = engine.current_prices(facts)
    notes = []
    redraw = False
    for offer_id, row in edited.iterrows():
        mode = MODE_OF_LABEL.get(row["mode"], "keep")
        choice = offers.get(offer_id, {})
        choice["mode"] = mode
        shown = row["prix"]
        previous = choice.get("price")
        if pd.isna(shown):
            if mode == "paid" and not _per_sector(previous):
                choice["price"] = float(round(current[offer_id], 2))
                redraw = True
                notes.append(f"« {row['nom']} » : prix repris du prix actuel ({fmt.euros(current[offer_id], 2)}), "
                             "modifiez-le dans la colonne Prix.")
            elif _per_sector(previous):
                previous.pop("default", None)
        elif _per_sector(previous):
            previous["default"] = with_likely(previous.get("default"), float(shown))
        else:
            if mode == "keep" and likely(previous) != float(shown):
                mode = choice["mode"] = "paid"  # typing a price means charging it
                redraw = True
            choice["price"] = with_likely(previous, float(shown))  # a range keeps its bounds
        expected = row["attendus"]
        if pd.isna(expected):
            choice.pop("expected_subscribers", None)
        else:
            choice["expected_subscribers"] = with_likely(choice.get("expected_subscribers"), float(expected))
        if choice.get("price") == {}:
            choice.pop("price")
        offers[offer_id] = choice
    cleaned = {k: v for k, v in offers.items() if v != {"mode": "keep"}}
    return {**spec, "offers": cleaned}, notes, redraw


def with_price(spec: dict, offer_id: str, price: float) -> dict:
    """The spec with one offer paid at `price`, as typing it in the table's Prix column does: a range keeps
    its bounds around the new likely price, per-sector prices keep their sectors (the default moves)."""
    offers = {k: dict(v) for k, v in spec.get("offers", {}).items()}
    choice = offers.setdefault(offer_id, {})
    previous = choice.get("price")
    if _per_sector(previous):
        choice["price"] = {**previous, "default": with_likely(previous.get("default"), float(price))}
    else:
        choice["price"] = with_likely(previous, float(price))
    choice["mode"] = "paid"
    return {**spec, "offers": offers}


def sector_frame(facts: Facts, spec: dict, offer_id: str) -> pd.DataFrame:
    """The sectors an offer reaches (index: filiere code): current subscribers and price, price asked."""
    i = facts.index_of(offer_id)
    price = spec.get("offers", {}).get(offer_id, {}).get("price")
    per_sector = price if _per_sector(price) else {}
    rows = [(s, vocab.label(vocab.FILIERES, s), facts.E[i, j], facts.n0[i, j], round(facts.p0[i, j], 2),
             likely(per_sector.get(s, math.nan)))
            for j, s in enumerate(facts.sectors) if facts.E[i, j] > 0 or facts.n0[i, j] > 0]
    return pd.DataFrame(rows, columns=["filiere", "nom", "entreprises", "abonnes_actuels", "prix_actuel",
                                       "prix"]).set_index("filiere")


def apply_sectors(spec: dict, offer_id: str, edited: pd.DataFrame) -> dict:
    """Fold per-sector prices into the scenario; a sector left blank keeps the default or its current price."""
    offers = {k: dict(v) for k, v in spec.get("offers", {}).items()}
    choice = offers.get(offer_id, {"mode": "keep"})
    price = choice.get("price")
    prices: dict = dict(price) if _per_sector(price) else ({} if price is None else {"default": price})
    for sector, value in edited["prix"].items():
        if pd.isna(value):
            prices.pop(sector, None)
        else:
            prices[sector] = with_likely(prices.get(sector), float(value))
    if set(prices) - {"default"}:
        choice["price"] = prices
        if choice.get("mode", "keep") == "keep":
            choice["mode"] = "paid"  # a price per sector only means something for a paid offer
    elif "default" in prices:
        choice["price"] = prices["default"]
    else:
        choice.pop("price", None)
    offers[offer_id] = choice
    return {**spec, "offers": offers}


def elasticity_frame(facts: Facts, spec: dict) -> pd.DataFrame:
    """The territory's sectors (index: filiere code) with their businesses and the elasticity set for them."""
    given = spec.get("assumptions", {}).get("elasticity", {})
    rows = [(s, vocab.label(vocab.FILIERES, s), int(facts.universe.get(s, 0)), likely(given.get(s, math.nan)))
            for s in facts.sectors]
    return pd.DataFrame(rows, columns=["filiere", "nom", "entreprises", "elasticite"]).set_index("filiere")


def apply_elasticities(elasticity: dict[str, float], edited: pd.DataFrame) -> dict[str, float]:
    """Fold per-sector elasticities into {"default": …, "<filiere>": …}; a blank sector uses the default."""
    result = {"default": elasticity.get("default")}
    for sector, value in edited["elasticite"].items():
        if not pd.isna(value):
            result[sector] = float(value)
    return result


def offers_result(evaluation: Evaluation, current: Evaluation) -> pd.DataFrame:
    """Per-offer results with the change of result against the current situation, sorted by sphere."""
    table = evaluation.offers.copy()
    before = current.offers.set_index("id")
    table["delta_margin"] = table["margin"].to_numpy() - before.loc[table["id"], "margin"].to_numpy()
    table["mode_label"] = table["mode"].map(MODES)
    table["sphere_label"] = table["sphere"].map(lambda c: vocab.label(vocab.SPHERES, c))
    table["order"] = table["sphere"].map(SPHERE_ORDER)
    return table.sort_values(["order", "nom"])


def decision(scenario: Scenario, offer_id: str) -> str:
    """« Inchangée », « Gratuite », « Payante 250 € », « Payante (par filière) », « Arrêtée »."""
    choice = scenario.choice(offer_id)
    label = MODES[choice.mode]
    if choice.mode == "paid":
        if isinstance(choice.price, dict):
            return f"{label} (par filière)"
        return f"{label} {fmt.euros(choice.price, 0 if float(choice.price).is_integer() else 2)}"
    if choice.expected_subscribers:
        label += f", {fmt.number(choice.expected_subscribers)} attendus"
    return label


def decisions_table(facts: Facts, scenarios: dict[str, Scenario]) -> pd.DataFrame:
    """Offer × scenario decisions, with `differs` True where the scenarios do not all decide the same."""
    table = pd.DataFrame({name: [decision(s, i) for i in facts.offer_ids] for name, s in scenarios.items()},
                         index=pd.Index(facts.offers["nom"].tolist(), name="Offre"))
    table["differs"] = table.nunique(axis=1) > 1
    return table


TOTAL_ROWS = {
    "revenue": "Recettes", "costs": "Coûts", "margin": "Résultat", "gap": "Écart à l'objectif",
    "staff_hours": "Heures d'équipe", "public_coverage": "Couverture service public",
    "partners_reached": "Partenaires touchés", "free_beneficiaries": "Bénéficiaires de services gratuits",
}
COUNT_ROWS = ("Partenaires touchés", "Bénéficiaires de services gratuits")


def totals_table(evaluations: dict[str, Evaluation]) -> pd.DataFrame:
    """Key totals (rows) for each scenario (columns), as numbers."""
    return pd.DataFrame({name: [getattr(ev.totals, key) for key in TOTAL_ROWS] for name, ev in evaluations.items()},
                        index=list(TOTAL_ROWS.values()))


def format_total(row: str, value: float, signed: bool = False) -> str:
    """A total formatted the French way according to its row."""
    if row == "Couverture service public":  # a change of a rate is in points
        return fmt.signed_number(value * 100, "pts") if signed else fmt.percent(value, 0)
    if row == "Heures d'équipe" or row in COUNT_ROWS:
        unit = "h" if row == "Heures d'équipe" else ""
        return fmt.signed_number(value, unit) if signed else f"{fmt.number(value)} {unit}".rstrip()
    return fmt.signed_euros(value) if signed or row == "Écart à l'objectif" else fmt.euros(value)


def outlook_table(simulations: dict[str, Simulation], trajectories: dict[str, Trajectory]) -> pd.DataFrame:
    """Per scenario (columns), each figure with the year it speaks of: the scenario's own year (its figure compared
    with the target, and the share of simulations reaching it — « sans fourchette » when nothing is drawn, so a
    100 % is read as a certainty of the model, not of the world), then the last year of the trajectory."""
    first_trajectory = next(iter(trajectories.values()))
    first, last = first_trajectory.years[0].year, first_trajectory.last.year
    label = TARGET_BASES[first_trajectory.basis]
    rows = {f"{label} en {first}": [fmt.euros(trajectories[n].compared()[0]) for n in simulations],
            f"Objectif atteint en {first} (part des simulations)": [
                fmt.percent(s.probability(), 0) + ("" if s.inputs else " (sans fourchette)")
                for s in simulations.values()],
            f"{label} en {last} (trajectoire)": [fmt.euros(trajectories[n].compared()[-1]) for n in simulations],
            f"Écart à l'objectif en {last}": [fmt.signed_euros(trajectories[n].last.gap) for n in simulations]}
    return pd.DataFrame(rows, index=list(simulations)).T
