"""The workshop's levers: the few offer prices that move a scenario's gap to the target the most.

Each paid offer with subscribers is priced 10 % higher, all variants in one batched evaluation
(engine.outcomes with a leading batch axis); the offers whose variant moves the gap the most are the levers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from otmodel.model import engine
from otmodel.model.engine import PAID, Facts
from otmodel.model.scenario import OfferChoice, Scenario

LEVERS = 4
PROBE = 0.10  # the price change that ranks the levers
RANGE = 2.5  # a lever runs from 0 to 2.5 × its price


@dataclass(frozen=True)
class Lever:
    offer_id: str
    name: str
    price: float  # the price in the scenario (a mean over sectors when they differ), rounded to the step
    high: float
    step: float
    effect: float  # change of the gap when the price rises by PROBE


def _step(price: float) -> float:
    return 1.0 if price < 100 else 5.0 if price < 1000 else 10.0


def levers(facts: Facts, scenario: Scenario, count: int = LEVERS) -> list[Lever]:
    """The `count` offers whose price moves the gap the most, largest effect first."""
    base = engine.choices_of(facts, scenario)
    out = engine.outcomes(facts, scenario.assumptions, base)
    subscribers = out.n.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        price = np.where(subscribers > 0, (out.n * out.price).sum(axis=1) / subscribers, 0.0)
    candidates = np.flatnonzero(out.active & (subscribers > 0) & (price > 0))
    if not candidates.size:
        return []
    variants = base.repeat(len(candidates))
    for k, i in enumerate(candidates):
        variants.mode[k, i] = PAID
        variants.asked[k, i, :] = out.price[i, :] * (1 + PROBE)
    basis = engine.target_of(facts, scenario)[1]
    probed = engine.outcomes(facts, scenario.assumptions, variants)
    compared = (probed.margin if basis == "margin" else probed.revenue).sum(axis=-1)
    now = float((out.margin if basis == "margin" else out.revenue).sum())
    effects = compared - now
    order = np.argsort(-np.abs(effects))[:count]
    found = []
    for k in order:
        i = candidates[k]
        step = _step(float(price[i]))
        rounded = round(float(price[i]) / step) * step
        found.append(Lever(facts.offer_ids[i], str(facts.offers["nom"].iloc[i]), rounded,
                           math.ceil(RANGE * float(price[i]) / step) * step, step, float(effects[k])))
    return found


def with_prices(scenario: Scenario, prices: dict[str, float]) -> Scenario:
    """The scenario with these offers paid at these prices (one price for every sector)."""
    offers = dict(scenario.offers)
    for offer_id, price in prices.items():
        expected = scenario.choice(offer_id).expected_subscribers
        offers[offer_id] = OfferChoice(mode="paid", price=float(price), expected_subscribers=expected)
    return replace(scenario, offers=offers)
