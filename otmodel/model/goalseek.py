"""Goal seek: which price reaches the target, and the break-even price of each offer.

Every search evaluates many price variants at once with `engine.outcomes` (a batch axis in front of the
offer × sector matrices), scans the explored range on a grid, then refines the first crossing by
bisection. When no price reaches the target the answer says why, in French, and gives the best value.
A price found is rounded up to a step a director would print (the euro by default), and flagged when it lies
outside what the partners find acceptable (Van Westendorp) or beyond twice the current price.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from otmodel import format as fmt
from otmodel.model import engine
from otmodel.model.engine import PAID, Choices, Facts
from otmodel.model.scenario import TARGET_BASES, OfferChoice, Scenario

GRID_POINTS = 401
BISECTIONS = 40
CEILING_FACTOR = 10  # explore prices up to 10 × the offer's current price (at least 100 €)
MIN_CEILING = 100.0
ROUNDINGS = {1.0: "à l'euro", 5.0: "à 5 €", 10.0: "à 10 €", 0.01: "au centime"}  # steps a price is rounded up to
STEEP = 2.0  # a price over twice the current one is flagged


@dataclass(frozen=True)
class SeekResult:
    """What a search found. `value` is a price (€) or a change (0.12 = +12 %); None when unreachable."""

    reached: bool
    value: float | None
    gap: float  # gap to the target at `value`, or at `best_value` when unreachable
    best_value: float  # the value that gives the best gap in the explored range
    best_gap: float
    upper: float  # upper end of the explored range
    message: str  # French, for the user
    scenario: Scenario  # the scenario with `value` (or the best value) applied
    warnings: tuple[str, ...] = ()  # French: prices to question before applying (outside the acceptable range…)


def _scan(gaps_of: Callable[[np.ndarray], np.ndarray], lower: float, upper: float) -> tuple[np.ndarray, np.ndarray]:
    """gaps_of(xs) → gaps, possibly several columns (one per offer): shape (K,) or (K, O)."""
    xs = np.linspace(lower, upper, GRID_POINTS)
    return xs, gaps_of(xs)


def _first_crossing(gaps_of: Callable[[np.ndarray], np.ndarray], xs: np.ndarray, gaps: np.ndarray) -> float | None:
    """Smallest x of the grid interval where the gap becomes ≥ 0, refined by bisection (one column)."""
    hits = np.flatnonzero(gaps >= 0)
    if hits.size == 0:
        return None
    k = hits[0]
    if k == 0:
        return float(xs[0])
    low, high = float(xs[k - 1]), float(xs[k])
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if gaps_of(np.array([middle]))[0] >= 0:
            high = middle
        else:
            low = middle
    return high


def rounded_up(price: float, step: float = 1.0) -> float:
    """A price rounded up to `step` euros (0.01: the cent), so that it still reaches what it was found for."""
    return round(math.ceil(round(price / step, 6)) * step, 2)


def price_text(price: float, step: float) -> str:
    return fmt.euros(price, 0 if step >= 1 else 2)


def price_warnings(name: str, price: float, current: float, acceptable: tuple[float, float] | None) -> list[str]:
    """What to question before applying a price: beyond twice the current price, or outside the range the
    partners said acceptable (Van Westendorp's prix plancher – prix plafond), when the survey has one."""
    warnings = []
    if current > 0 and price > STEEP * current:
        warnings.append(f"« {name} » à {fmt.euros(price)} : plus du double de son prix actuel "
                        f"({fmt.euros(current)}).")
    if acceptable is not None and not acceptable[0] <= price <= acceptable[1]:
        low, high = acceptable
        warnings.append(f"« {name} » à {fmt.euros(price)} : hors de la plage que les partenaires jugent acceptable "
                        f"({fmt.euros(low)} à {fmt.euros(high)}, enquête Van Westendorp).")
    return warnings


def _with_price(scenario: Scenario, offer_id: str, price: float) -> Scenario:
    offers = dict(scenario.offers)
    previous = scenario.choice(offer_id)
    offers[offer_id] = OfferChoice(mode="paid" if price > 0 else "free", price=price if price > 0 else None,
                                   expected_subscribers=previous.expected_subscribers)
    # The price found replaces the likely price: a range around the former one no longer holds.
    return replace(scenario.without_price_ranges(offer_id), offers=offers)


def _ceiling(facts: Facts, index: int) -> float:
    """Upper end of the prices explored for an offer: 10 × its current price, at least 1 000 €."""
    current = max(float(facts.p0[index].max(initial=0.0)), float(facts.column("prix")[index]),
                  float(np.nan_to_num(facts.column("prix_reference")[index])), MIN_CEILING)
    return CEILING_FACTOR * current


def _goal(facts: Facts, scenario: Scenario, out: engine.Outcome) -> np.ndarray:
    """The gap to the target for each variant of a batch."""
    amount, basis = engine.target_of(facts, scenario)
    compared = out.margin if basis == "margin" else out.revenue
    return compared.sum(axis=-1) - amount


def _price_variants(facts: Facts, scenario: Scenario, index: int) -> Callable[[np.ndarray], np.ndarray]:
    """prices (K,) → gap (K,) with offer `index` paid at each price, everything else as in the scenario."""
    base = engine.choices_of(facts, scenario)

    def gaps_of(prices: np.ndarray) -> np.ndarray:
        variants = base.repeat(len(prices))
        variants.mode[:, index] = PAID
        variants.asked[:, index, :] = prices[:, None]
        return _goal(facts, scenario, engine.outcomes(facts, scenario.assumptions, variants))

    return gaps_of


def _elastic_sectors(facts: Facts, scenario: Scenario, index: int) -> bool:
    """True when demand falls at least as fast as price rises in every sector the offer reaches."""
    reached = (facts.E[index] > 0) & (facts.n0[index] > 0)
    if not reached.any():
        return False
    eps = np.array([scenario.assumptions.elasticity_of(s) for s in facts.sectors])
    return bool((eps[reached] >= 1).all())


def price_for_target(facts: Facts, scenario: Scenario, offer_id: str, rounding: float = 1.0,
                     acceptable: tuple[float, float] | None = None) -> SeekResult:
    """The lowest price of one offer (same price for every sector) that reaches the scenario's target, rounded
    up to `rounding` euros; `acceptable`: the partners' acceptable range for this offer, when known."""
    index = facts.index_of(offer_id)
    name = str(facts.offers["nom"].iloc[index])
    basis_label = TARGET_BASES[engine.target_of(facts, scenario)[1]].lower()
    gaps_of = _price_variants(facts, scenario, index)
    upper = _ceiling(facts, index)
    xs, gaps = _scan(gaps_of, 0.0, upper)
    value = _first_crossing(gaps_of, xs, gaps)
    best = int(np.argmax(gaps))
    current = float(engine.current_prices(facts)[offer_id])
    if value is not None:
        value = _printable(gaps_of, value, rounding)
        gap = float(gaps_of(np.array([value]))[0])
        if value == 0:
            message = f"L'objectif est atteint même si « {name} » devient gratuite."
        else:
            message = (f"« {name} » à {price_text(value, rounding)} atteint l'objectif "
                       f"(écart {fmt.signed_euros(gap)}).")
        return SeekResult(True, value, gap, float(xs[best]), float(gaps[best]), upper, message,
                          _with_price(scenario, offer_id, value),
                          tuple(price_warnings(name, value, current, acceptable)) if value > 0 else ())
    best_value = rounded_up(float(xs[best]), 0.01)
    best_gap = float(gaps_of(np.array([best_value]))[0])
    if np.ptp(gaps) < 0.01:
        why = ("son prix ne change rien : elle n'a aucun abonné l'année de référence ni d'abonnés attendus "
               "(renseignez-les pour une nouvelle offre).")
    elif best < len(xs) - 1:
        why = (f"au-delà de {fmt.euros(best_value)}, la demande baisse plus vite que le prix ne monte : "
               f"chaque hausse fait perdre plus qu'elle ne rapporte.")
    elif _elastic_sectors(facts, scenario, index):
        why = ("la demande baisse au moins aussi vite que le prix monte (élasticité ≥ 1) : même très cher, "
               "l'offre ne rapporte presque plus rien de plus.")
    else:
        why = f"il faudrait un prix supérieur à {fmt.euros(upper)}, plus de dix fois le prix actuel."
    message = (f"Aucun prix de « {name} » n'atteint l'objectif : {why} Le meilleur {basis_label} possible laisse "
               f"un écart de {fmt.signed_euros(best_gap)} (à {fmt.euros(best_value)}).")
    return SeekResult(False, None, best_gap, best_value, best_gap, upper, message,
                      _with_price(scenario, offer_id, best_value),
                      tuple(price_warnings(name, best_value, current, acceptable)) if best_value > 0 else ())


def _printable(gaps_of: Callable[[np.ndarray], np.ndarray], value: float, rounding: float) -> float:
    """The price found rounded up to the step; the cent when the rounded price would miss the target again
    (the result falls past its peak), so that a price proposed always reaches it."""
    for step in (rounding, 0.01):
        price = rounded_up(value, step) if value > 0 else 0.0
        if gaps_of(np.array([price]))[0] >= 0:
            return price
    return rounded_up(value, 0.01)


def _paid_cells(facts: Facts, scenario: Scenario) -> tuple[Choices, np.ndarray, np.ndarray]:
    """The scenario's choices, the cells charged a price > 0 and their prices."""
    base = engine.choices_of(facts, scenario)
    out = engine.outcomes(facts, scenario.assumptions, base)
    paid = out.active[:, None] & (out.price > 0)
    return base, paid, out.price


def _scaled_scenario(facts: Facts, scenario: Scenario, multiplier: float, rounding: float = 0.01) -> Scenario:
    """The scenario with every paid price multiplied, written per sector (rounded up to `rounding` euros)."""
    _, paid, price = _paid_cells(facts, scenario)
    offers = dict(scenario.offers)
    for i in np.flatnonzero(paid.any(axis=1)):
        offer_id = facts.offer_ids[i]
        relevant = np.flatnonzero((facts.E[i] > 0) | (facts.n0[i] > 0))
        prices = {facts.sectors[j]: rounded_up(float(price[i, j] * (multiplier if paid[i, j] else 1.0)),
                                               rounding if paid[i, j] else 0.01)
                  for j in relevant}
        distinct = set(prices.values())
        chosen: float | dict[str, float] = distinct.pop() if len(distinct) == 1 else prices
        offers[offer_id] = OfferChoice(mode="paid", price=chosen,
                                       expected_subscribers=scenario.choice(offer_id).expected_subscribers)
        scenario = scenario.without_price_ranges(offer_id)
    return replace(scenario, offers=offers)


def uniform_change_for_target(facts: Facts, scenario: Scenario, max_change: float = 3.0, rounding: float = 1.0,
                              acceptable: dict[str, tuple[float, float]] | None = None) -> SeekResult:
    """The smallest uniform change of all paid prices (−100 % … +max_change) that reaches the target; the prices
    it writes are rounded up to `rounding` euros. `acceptable`: the partners' acceptable range of each offer
    that has one (by offer id), to flag the prices that leave it."""
    base, paid, price = _paid_cells(facts, scenario)
    rows_paid = paid.any(axis=1)
    if not rows_paid.any():
        out = engine.outcomes(facts, scenario.assumptions, base)
        gap = float(_goal(facts, scenario, out))
        return SeekResult(gap >= 0, 0.0 if gap >= 0 else None, gap, 0.0, gap, max_change,
                          "Aucune offre payante dans ce scénario : rendez d'abord une offre payante.", scenario)

    def gaps_of(changes: np.ndarray) -> np.ndarray:
        variants = base.repeat(len(changes))
        variants.mode[:, rows_paid] = PAID
        scaled = price[None, :, :] * (1 + changes)[:, None, None]
        variants = replace(variants, asked=np.where(paid[None, :, :], scaled, variants.asked))
        return _goal(facts, scenario, engine.outcomes(facts, scenario.assumptions, variants))

    xs, gaps = _scan(gaps_of, -1.0, max_change)
    value = _first_crossing(gaps_of, xs, gaps)
    best = int(np.argmax(gaps))
    if value is not None:
        found = _scaled_scenario(facts, scenario, 1 + value, rounding)
        gap = _gap(facts, found)
        if gap < 0:  # the rounded prices fall past the peak: the cent then
            found = _scaled_scenario(facts, scenario, 1 + value)
            gap = _gap(facts, found)
        verb = "une hausse" if value > 0 else "une baisse"
        message = (f"{verb.capitalize()} de {fmt.percent(abs(value))} de tous les prix payants atteint "
                   f"l'objectif (écart {fmt.signed_euros(gap)}), prix arrondis {ROUNDINGS.get(rounding, '')}.")
        if value == 0:
            message = "L'objectif est atteint sans changer les prix."
        return SeekResult(True, value, gap, float(xs[best]), float(gaps[best]), max_change, message, found,
                          tuple(_scaled_warnings(facts, found, paid, acceptable or {})) if value else ())
    best_value, best_gap = float(xs[best]), float(gaps[best])
    if best < len(xs) - 1:
        why = (f"au-delà de {fmt.percent(best_value, 0)}, la demande baisse plus vite que les prix ne montent.")
    else:
        why = f"il faudrait plus de {fmt.percent(max_change, 0)} de hausse."
    message = (f"Aucune variation uniforme des prix n'atteint l'objectif : {why} Au mieux "
               f"({'+' if best_value >= 0 else ''}{fmt.percent(best_value, 0)}), l'écart reste de "
               f"{fmt.signed_euros(best_gap)}.")
    best_scenario = _scaled_scenario(facts, scenario, 1 + best_value)
    return SeekResult(False, None, best_gap, best_value, best_gap, max_change, message, best_scenario,
                      tuple(_scaled_warnings(facts, best_scenario, paid, acceptable or {})))


def _gap(facts: Facts, scenario: Scenario) -> float:
    return float(engine.apply(facts, scenario).totals.gap)


def _scaled_warnings(facts: Facts, scenario: Scenario, paid: np.ndarray, acceptable: dict[str, tuple[float, float]],
                     ) -> list[str]:
    """The warnings of each offer whose prices a uniform change moved (its highest price per sector)."""
    current = engine.current_prices(facts)
    warnings = []
    for i in np.flatnonzero(paid.any(axis=1)):
        offer_id = facts.offer_ids[i]
        price = scenario.choice(offer_id).price
        highest = max(price.values()) if isinstance(price, dict) else float(price)
        warnings += price_warnings(str(facts.offers["nom"].iloc[i]), highest, float(current[offer_id]),
                                   acceptable.get(offer_id))
    return warnings


def break_even_prices(facts: Facts, scenario: Scenario) -> pd.DataFrame:
    """For each offer: the lowest single price at which its own revenue covers its own costs.

    Columns: id, nom, break_even (NaN when no price can), best_margin (its best margin in the explored
    range), note (French). Each offer is priced alone, the scenario's other choices are irrelevant.
    """
    base = engine.choices_of(facts, scenario)
    offers = len(facts.offers)
    ceilings = np.array([_ceiling(facts, i) for i in range(offers)])

    def margins_of(fractions: np.ndarray) -> np.ndarray:
        """Fractions of each offer's ceiling, (K,) or (K, O) → each offer's own margin (K, O)."""
        fractions = np.asarray(fractions, dtype=float)
        prices = (fractions[:, None] if fractions.ndim == 1 else fractions) * ceilings[None, :]
        variants = base.repeat(len(prices))
        variants.mode[:] = PAID
        variants = replace(variants, asked=np.repeat(prices[:, :, None], len(facts.sectors), axis=2))
        return engine.outcomes(facts, scenario.assumptions, variants).margin

    xs = np.linspace(0.0, 1.0, GRID_POINTS)
    margins = margins_of(xs)
    low = np.zeros(offers)
    high = np.full(offers, np.nan)
    for i in range(offers):
        hits = np.flatnonzero(margins[:, i] >= 0)
        if hits.size:
            high[i] = xs[hits[0]]
            low[i] = xs[hits[0] - 1] if hits[0] > 0 else xs[0]
    searching = ~np.isnan(high) & (high > 0)
    for _ in range(BISECTIONS):  # all offers bisect together: one batched evaluation per step
        middle = np.where(searching, (low + high) / 2, np.nan_to_num(high))
        ok = margins_of(middle[None, :])[0] >= 0
        high = np.where(searching & ok, middle, high)
        low = np.where(searching & ~ok, middle, low)
    best = margins.argmax(axis=0)
    rows = []
    for i in range(offers):
        best_margin = float(margins[best[i], i])
        if np.isnan(high[i]):
            note = (f"Aucun prix jusqu'à {fmt.euros(ceilings[i])} ne couvre ses coûts "
                    f"(au mieux {fmt.signed_euros(best_margin)}).")
            if facts.n0[i].sum() == 0 and base.expected[i] == 0:
                note = ("Aucun abonné l'année de référence ni attendu : renseignez les abonnés attendus "
                        "pour une nouvelle offre.")
            rows.append((facts.offer_ids[i], facts.offers["nom"].iloc[i], np.nan, best_margin, note))
        else:
            price = float(high[i] * ceilings[i])
            note = "Couvre ses coûts même gratuite." if price == 0 else f"Équilibre à {fmt.euros(price, 2)}."
            rows.append((facts.offer_ids[i], facts.offers["nom"].iloc[i], price, best_margin, note))
    return pd.DataFrame(rows, columns=["id", "nom", "break_even", "best_margin", "note"])
