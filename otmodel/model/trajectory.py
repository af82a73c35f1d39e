"""A scenario over three years (N+1 … N+3): partners renew, lapse and join; prices and costs are indexed.

Year N+1 is the scenario's deterministic evaluation (engine.apply). From N+2 on, the subscribers of each
offer and sector follow n(t+1) = min(E, n(t) · (renewal_rate + new_subscriber_rate)); every price is
multiplied by (1 + price_indexation) and every cost — fixed, per subscriber and the team's hourly cost —
by (1 + cost_indexation) each year. Indexation alone does not move demand (the elasticity reacts to the
scenario's decisions, not to inflation). Rules in docs/methodes.md (« Trajectoire sur trois ans »).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otmodel.model import engine
from otmodel.model.engine import Facts
from otmodel.model.scenario import Scenario

DEFAULT_YEARS = 3


@dataclass(frozen=True)
class Year:
    """One year of the trajectory."""

    year: int
    revenue: float
    costs: float
    margin: float
    gap: float
    subscriptions: float

    def to_json(self) -> dict:
        return {"year": self.year, "revenue": self.revenue, "costs": self.costs, "margin": self.margin,
                "gap": self.gap, "subscriptions": self.subscriptions}


@dataclass(frozen=True)
class Trajectory:
    years: list[Year]
    target: float
    basis: str  # margin | revenue

    def compared(self) -> list[float]:
        """The figure compared with the target, year by year."""
        return [y.margin if self.basis == "margin" else y.revenue for y in self.years]

    @property
    def last(self) -> Year:
        return self.years[-1]

    def to_json(self) -> list[dict]:
        return [y.to_json() for y in self.years]


def trajectory(facts: Facts, scenario: Scenario, years: int = DEFAULT_YEARS) -> Trajectory:
    """The scenario's revenue, costs, result, gap and subscriptions for N+1 … N+years."""
    if years < 1:
        raise ValueError("years must be ≥ 1")
    a = scenario.assumptions
    out = engine.outcomes(facts, a, engine.choices_of(facts, scenario))
    amount, basis = engine.target_of(facts, scenario)
    h = engine.hourly_cost(facts, a)
    growth = a.renewal_rate + a.new_subscriber_rate
    # Never capped below the first year: a kept offer reproduces the data even where it exceeds E (former
    # partners, a sector not targeted), and a stable base must stay stable.
    ceiling = np.maximum(facts.E, out.n)
    n = out.n
    result = []
    for t in range(years):
        if t:
            n = np.minimum(ceiling, n * growth)
        subscribers = n.sum(axis=-1)
        staff_hours, direct = engine.workload(facts, out.active, subscribers)
        # Summed in the engine's order, so that year N+1 is exactly the deterministic evaluation.
        revenue = float((n * out.price).sum(axis=-1).sum()) * (1 + a.price_indexation) ** t
        costs = float((direct + staff_hours * h).sum()) * (1 + a.cost_indexation) ** t
        margin = revenue - costs
        result.append(Year(year=facts.year + 1 + t, revenue=revenue, costs=costs, margin=margin,
                           gap=(margin if basis == "margin" else revenue) - amount,
                           subscriptions=float(subscribers.sum())))
    return Trajectory(years=result, target=amount, basis=basis)
