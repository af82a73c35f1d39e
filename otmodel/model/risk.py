"""Risk: how sure is the scenario to reach its target, and which input matters most.

`simulate` draws every ranged input of a scenario (triangular ranges, see model.scenario) N times and
evaluates all the draws in a few batched passes of `engine.outcomes` (draws along a leading batch axis of
the choices and of the assumptions' `Parameters`): never one engine call per draw. The target metric — the
result or the revenue, per the target's basis — gives P10 / P50 / P90, the mean and the probability of
reaching the target.

`tornado` moves one input at a time to its low and high values (a ranged input to its bounds, any other
assumption and every paid price by ±20 %), the others at their likely value, and sorts the inputs by the
swing of the target metric.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otmodel import format as fmt
from otmodel import vocab
from otmodel.model import engine
from otmodel.model.engine import PAID, Choices, Facts, Parameters
from otmodel.model.scenario import TARGET_BASES, Path, Scenario

DEFAULT_DRAWS = 5_000
DEFAULT_SEED = 2025  # a fixed seed: the same scenario shows the same probability at every rerun
CHUNK = 1_000  # draws evaluated per batched pass (bounded memory, cache-friendly)
SWING = 0.2  # ±20 % for an input that has no range
TORNADO_BARS = 12
ASSUMPTION_NAMES = {"free_to_paid_conversion": "Conversion gratuit → payant", "paid_to_free_uplift": "Effet gratuité",
                    "hourly_cost": "Coût horaire"}


@dataclass(frozen=True)
class Input:
    """An uncertain input: its place in the scenario's JSON, its French name and its values.

    `scale`: a price without range, moved by multiplying the offer's paid prices (in every sector)."""

    path: Path
    name: str
    low: float
    likely: float
    high: float
    ranged: bool = True
    scale: bool = False


# --- the inputs of a scenario ---------------------------------------------------------------------


def _offer_name(facts: Facts, offer_id: str) -> str:
    return str(facts.offers["nom"].iloc[facts.index_of(offer_id)])


def input_name(facts: Facts, scenario: Scenario, path: Path) -> str:
    """The French name of an input, as the tornado and the page show it."""
    def sector_label(code: str) -> str:
        return vocab.label(vocab.FILIERES, code)

    if path[0] == "assumptions":
        if path[1] == "elasticity":
            if path[2] != "default":
                return f"Élasticité-prix — {sector_label(path[2])}"
            return "Élasticité-prix" + (" (autres filières)" if len(scenario.assumptions.elasticity) > 1 else "")
        return ASSUMPTION_NAMES.get(path[1], path[1])
    name = _offer_name(facts, path[1])
    if path[2] == "expected_subscribers":
        return f"Abonnés attendus — {name}"
    if len(path) == 4:
        return f"Prix — {name} ({'autres filières' if path[3] == 'default' else sector_label(path[3])})"
    return f"Prix — {name}"


def ranged_inputs(facts: Facts, scenario: Scenario) -> list[Input]:
    """The scenario's ranged inputs on offers that exist, in a stable order (the order of the draws)."""
    known = set(facts.offer_ids)
    return [Input(path, input_name(facts, scenario, path), r.low, r.likely, r.high)
            for path, r in sorted(scenario.ranges.items()) if path[0] == "assumptions" or path[1] in known]


def _unranged(facts: Facts, scenario: Scenario, path: Path, likely: float) -> Input:
    return Input(path, input_name(facts, scenario, path), likely * (1 - SWING), likely, likely * (1 + SWING),
                 ranged=False)


def tornado_inputs(facts: Facts, scenario: Scenario) -> list[Input]:
    """Every input the tornado moves: the ranged ones at their bounds; the assumptions, the expected
    subscribers and every paid price of an active offer without a range by ±20 %."""
    chosen = {i.path: i for i in ranged_inputs(facts, scenario)}
    a = scenario.assumptions
    assumptions = {("assumptions", "elasticity", key): value for key, value in a.elasticity.items()}
    assumptions[("assumptions", "free_to_paid_conversion")] = a.free_to_paid_conversion
    assumptions[("assumptions", "paid_to_free_uplift")] = a.paid_to_free_uplift
    assumptions[("assumptions", "hourly_cost")] = engine.hourly_cost(facts, a)
    for path, value in assumptions.items():
        if path not in chosen:
            chosen[path] = _unranged(facts, scenario, path, value)
    out = engine.outcomes(facts, a, engine.choices_of(facts, scenario))
    for i, offer_id in enumerate(facts.offer_ids):
        ranged_offer = any(p[:2] == ("offers", offer_id) and p[2] == "price" for p in chosen)
        paid = out.active[i] & (out.price[i] > 0)
        if paid.any() and not ranged_offer:
            shown = float(out.price[i][paid].mean())
            path = ("offers", offer_id, "price")
            chosen[path] = Input(path, input_name(facts, scenario, path), shown * (1 - SWING), shown,
                                 shown * (1 + SWING), ranged=False, scale=True)
        expected = scenario.choice(offer_id).expected_subscribers
        path = ("offers", offer_id, "expected_subscribers")
        if expected and path not in chosen:
            chosen[path] = _unranged(facts, scenario, path, expected)
    return list(chosen.values())


# --- batches --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """K variants of a scenario: its choices and its assumptions along a leading batch axis."""

    choices: Choices
    params: Parameters

    @classmethod
    def of(cls, facts: Facts, scenario: Scenario, k: int) -> Batch:
        return cls(engine.choices_of(facts, scenario).repeat(k),
                   engine.parameters_of(facts, scenario.assumptions).repeat(k))

    def set(self, facts: Facts, scenario: Scenario, item: Input, rows: np.ndarray, values: np.ndarray) -> None:
        """Give `item` the values (one per variant of `rows`, an index array), in place."""
        path = item.path
        sectors = {s: j for j, s in enumerate(facts.sectors)}
        if path[0] == "assumptions":
            key = path[1]
            if key == "elasticity":
                own = set(scenario.assumptions.elasticity) - {"default"}
                columns = ([j for s, j in sectors.items() if s not in own] if path[2] == "default"
                           else [sectors[path[2]]] if path[2] in sectors else [])
                self.params.eps[np.ix_(rows, columns)] = values[:, None]
            else:
                target = {"free_to_paid_conversion": self.params.conversion,
                          "paid_to_free_uplift": self.params.uplift, "hourly_cost": self.params.hourly}[key]
                target[rows] = values
            return
        i = facts.index_of(path[1])
        if path[2] == "expected_subscribers":
            self.choices.expected[rows, i] = values
        elif item.scale:
            paid = self.choices.asked[rows, i, :]
            current = engine.outcomes(facts, scenario.assumptions, engine.choices_of(facts, scenario))
            cells = current.active[i] & (current.price[i] > 0)
            factor = (values / item.likely)[:, None] if item.likely else np.ones((len(values), 1))
            self.choices.mode[rows, i] = PAID
            self.choices.asked[rows, i, :] = np.where(cells, current.price[i] * factor, paid)
        else:
            price = scenario.choice(path[1]).price
            own = set(price) - {"default"} if isinstance(price, dict) else set()
            if len(path) == 3:
                columns = list(sectors.values())
            elif path[3] == "default":
                columns = [j for s, j in sectors.items() if s not in own]
            else:
                columns = [sectors[path[3]]] if path[3] in sectors else []
            self.choices.asked[np.ix_(rows, [i], columns)] = values[:, None, None]

    def metric(self, facts: Facts, scenario: Scenario, varying: np.ndarray | None = None) -> np.ndarray:
        """The target metric (result or revenue) of every variant.

        `varying`: the only offers whose decisions or rules can differ between variants. The others are
        evaluated once; only their staff cost follows each variant's hourly cost (hours × h is linear)."""
        if varying is None:
            varying = np.arange(len(facts.offers))
        fixed = np.setdiff1d(np.arange(len(facts.offers)), varying)
        c = self.choices
        out = engine.outcomes(facts.subset(varying), self.params,
                              Choices(c.mode[:, varying], c.asked[:, varying], c.expected[:, varying]))
        revenue = out.revenue.sum(axis=-1)
        costs = out.costs.sum(axis=-1)
        if fixed.size:
            rest = engine.outcomes(facts.subset(fixed), scenario.assumptions,
                                   Choices(c.mode[0, fixed], c.asked[0, fixed], c.expected[0, fixed]))
            revenue = revenue + rest.revenue.sum()
            costs = costs + rest.direct_costs.sum() + rest.staff_hours.sum() * self.params.hourly
        if engine.target_of(facts, scenario)[1] == "revenue":
            return revenue
        return revenue - costs


def varying_offers(facts: Facts, scenario: Scenario, items: list[Input]) -> np.ndarray:
    """Offers whose outcome can change with the draws: neither kept nor stopped (the rules that read the
    assumptions), or with a ranged input of their own."""
    mode = engine.choices_of(facts, scenario).mode
    own = {facts.index_of(item.path[1]) for item in items if item.path[0] == "offers"}
    rows = [i for i in range(len(mode)) if mode[i] not in (engine.KEEP, engine.STOPPED) or i in own]
    return np.array(rows, dtype=int)


def triangular(low: float, likely: float, high: float, uniform: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular law (a zero-width range gives its value)."""
    width = high - low
    if width <= 0:
        return np.full(uniform.shape, float(likely))
    cut = (likely - low) / width
    return np.where(uniform < cut, low + np.sqrt(uniform * width * (likely - low)),
                    high - np.sqrt((1 - uniform) * width * (high - likely)))


# --- Monte Carlo ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    """The distribution of the target metric over the draws."""

    values: np.ndarray  # the metric of each draw
    target: float
    basis: str  # margin | revenue
    seed: int
    inputs: tuple[Input, ...]

    @property
    def draws(self) -> int:
        return len(self.values)

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.values, q))

    @property
    def p10(self) -> float:
        return self.percentile(10)

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p90(self) -> float:
        return self.percentile(90)

    @property
    def mean(self) -> float:
        return float(self.values.mean())

    def probability(self, target: float | None = None) -> float:
        """Share of the draws that reach the target (or another amount)."""
        return float((self.values >= (self.target if target is None else target)).mean())

    def sentence(self) -> str:
        """The plain-French summary a director reads aloud."""
        p = self.probability()
        label = TARGET_BASES[self.basis].lower()
        if not self.inputs:
            verdict = "atteint" if p == 1 else "non atteint"
            return (f"Objectif {verdict} : aucune hypothèse n'a de fourchette, le {label} ne varie pas "
                    f"({fmt.euros(self.p50)}). Donnez une fourchette à une hypothèse ou à un prix.")
        return (f"Objectif atteint dans {fmt.percent(p, 0)} des simulations ({fmt.number(self.draws)} tirages) : "
                f"{label} entre {fmt.euros(self.p10)} et {fmt.euros(self.p90)} huit fois sur dix, "
                f"{fmt.euros(self.p50)} en médiane.")

    def to_json(self) -> dict:
        return {"draws": self.draws, "p10": self.p10, "p50": self.p50, "p90": self.p90, "mean": self.mean,
                "probability_target": self.probability()}


def simulate(facts: Facts, scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> Simulation:
    """Draw every ranged input of the scenario `draws` times (triangular, independent) and evaluate them all."""
    if draws < 1:
        raise ValueError("draws must be ≥ 1")
    items = ranged_inputs(facts, scenario)
    uniforms = np.random.default_rng(seed).random((len(items), draws))
    amount, basis = engine.target_of(facts, scenario)
    if not items:  # nothing to draw: every draw is the deterministic result
        values = np.full(draws, float(Batch.of(facts, scenario, 1).metric(facts, scenario)[0]))
        return Simulation(values=values, target=amount, basis=basis, seed=seed, inputs=())
    varying = varying_offers(facts, scenario, items)
    values = np.empty(draws)
    for start in range(0, draws, CHUNK):
        rows = slice(start, min(start + CHUNK, draws))
        size = rows.stop - rows.start
        batch = Batch.of(facts, scenario, size)
        for item, uniform in zip(items, uniforms, strict=True):
            drawn = triangular(item.low, item.likely, item.high, uniform[rows])
            batch.set(facts, scenario, item, np.arange(size), drawn)
        values[rows] = batch.metric(facts, scenario, varying)
    return Simulation(values=values, target=amount, basis=basis, seed=seed, inputs=tuple(items))


# --- tornado --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One input of the tornado: its low and high values and the target metric at each."""

    name: str
    low: float
    high: float
    metric_low: float
    metric_high: float
    ranged: bool

    @property
    def swing(self) -> float:
        return abs(self.metric_high - self.metric_low)

    def to_json(self) -> dict:
        return {"name": self.name, "low": self.low, "high": self.high, "metric_low": self.metric_low,
                "metric_high": self.metric_high}


@dataclass(frozen=True)
class Tornado:
    bars: list[Bar]  # widest swing first
    likely: float  # the metric with every input at its likely value
    target: float
    basis: str


def tornado(facts: Facts, scenario: Scenario, top: int = TORNADO_BARS) -> Tornado:
    """One input at a time at its low then high value, the others at their likely value: the widest swings."""
    items = tornado_inputs(facts, scenario)
    batch = Batch.of(facts, scenario, 2 * len(items) + 1)  # the last row keeps every likely value
    for k, item in enumerate(items):
        batch.set(facts, scenario, item, np.array([2 * k, 2 * k + 1]), np.array([item.low, item.high]))
    metric = batch.metric(facts, scenario)
    bars = [Bar(item.name, item.low, item.high, float(metric[2 * k]), float(metric[2 * k + 1]), item.ranged)
            for k, item in enumerate(items)]
    bars.sort(key=lambda bar: (-bar.swing, bar.name))
    amount, basis = engine.target_of(facts, scenario)
    return Tornado(bars=bars[:top], likely=float(metric[-1]), target=amount, basis=basis)
