"""Ranges as the Scénarios page edits them: which inputs can have one, typed the French way (« 0,3 à 0,7 »),
with suggested bounds offered, never imposed. No Streamlit here.

The likely value of a range is the scenario's own value (the assumption typed, the price of the offers
table): the page edits the low and high bounds around it.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any

from otmodel import format as fmt
from otmodel.errors import Refused
from otmodel.model.engine import Facts
from otmodel.model.risk import input_name
from otmodel.model.scenario import (
    DEFAULT_CONVERSION,
    DEFAULT_ELASTICITY,
    DEFAULT_UPLIFT,
    Path,
    Scenario,
    ScenarioError,
    is_range,
    likely,
    parse_range,
)

# Suggested bounds, as multiples of the likely value (symmetric, so that the median stays near the scenario's
# figure): elasticities and conversions are the least known, prices the best.
SUGGESTED = {"elasticity": (0.6, 1.4), "free_to_paid_conversion": (0.6, 1.4), "paid_to_free_uplift": (0.8, 1.2),
             "hourly_cost": (0.9, 1.1), "price": (0.9, 1.1), "expected_subscribers": (0.7, 1.3)}
_BETWEEN = re.compile(r"\s*(?:à|a|-|–|—|\.\.\.?|…|;|/)\s*")


@dataclass(frozen=True)
class RangeRow:
    """An input that may have a range, as the page shows it."""

    path: Path
    name: str
    likely: float
    low: float | None
    high: float | None
    euros: bool  # a price or an hourly cost (shown in €)

    @property
    def key(self) -> str:
        """A stable identity for the page's widgets (the path in the scenario's JSON)."""
        return "|".join(self.path)

    @property
    def text(self) -> str:
        return range_text(self.low, self.high) if self.low is not None and self.high is not None else ""

    @property
    def suggestion(self) -> tuple[float, float]:
        low, high = SUGGESTED[self.path[1] if self.path[0] == "assumptions" else self.path[2]]
        digits = 0 if self.euros or self.path[-1] == "expected_subscribers" else 2
        # Rounded outwards of the likely value, so that the suggestion always holds it.
        return (min(round(self.likely * low, digits), self.likely),
                max(round(self.likely * high, digits), self.likely))

    @property
    def suggestion_text(self) -> str:
        return range_text(*self.suggestion)


def _short(value: float) -> str:
    """0.3 → « 0,3 », 250.0 → « 250 », 0.125 → « 0,125 »."""
    text = fmt.number(value, 3).rstrip("0").rstrip(",")
    return text or "0"


def range_text(low: float, high: float) -> str:
    """« 0,3 à 0,7 »."""
    return f"{_short(low)} à {_short(high)}"


def parse_range_text(text: str, name: str) -> tuple[float, float] | None:
    """« 0,3 à 0,7 », « 0,3 - 0,7 », « 200 € à 260 € », « 20 % à 50 % » → (low, high); empty → None."""
    cleaned = (text or "").replace("\u202f", " ").replace("\u00a0", " ").replace("€", "").strip()
    if not cleaned:
        return None
    if cleaned[0] in "-−":
        raise ScenarioError(f"« {name} » : une fourchette ne peut pas être négative (reçu : « {text} »).")
    percent = "%" in cleaned
    parts = [p for p in _BETWEEN.split(cleaned.replace("%", " % ").strip()) if p.strip(" %")]
    if len(parts) != 2:
        raise ScenarioError(f"« {name} » : « {text} » n'est pas une fourchette. Écrivez deux nombres, le plus bas "
                            "d'abord, par exemple « 0,3 à 0,7 ».")
    try:
        low, high = (fmt.read_number(p, f"« {name} »", "%" if percent else "") / (100 if percent else 1)
                     for p in parts)
    except Refused as exc:  # the number's own reason, as a scenario's refusal
        raise ScenarioError(str(exc)) from None
    return low, high


def _get(spec: dict, path: Path) -> Any:
    value: Any = spec
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def range_rows(facts: Facts, spec: dict) -> list[RangeRow]:
    """Every input of the spec that may have a range: the assumptions (per-sector elasticities included), the
    price of each paid offer and the expected subscribers given."""
    assumptions = spec.get("assumptions", {})
    scenario = Scenario()  # only for the names: « Élasticité-prix (autres filières) » when sectors have their own
    scenario.assumptions.elasticity = dict.fromkeys(assumptions.get("elasticity", {"default": 0}), 0.0)
    defaults = {"free_to_paid_conversion": DEFAULT_CONVERSION, "paid_to_free_uplift": DEFAULT_UPLIFT,
                "hourly_cost": float(facts.structure["cout_horaire"])}
    candidates: list[tuple[Path, Any, bool]] = [
        (("assumptions", "elasticity", key), value, False)
        for key, value in {"default": DEFAULT_ELASTICITY, **assumptions.get("elasticity", {})}.items()]
    candidates += [(("assumptions", key), assumptions.get(key, default), key == "hourly_cost")
                   for key, default in defaults.items()]
    for offer_id, choice in spec.get("offers", {}).items():
        if offer_id not in facts.offer_ids:
            continue
        price = choice.get("price")
        if choice.get("mode") == "paid" and price is not None:
            per_sector = isinstance(price, dict) and not is_range(price)
            if not per_sector or "default" in price:
                path = ("offers", offer_id, "price", "default") if per_sector else ("offers", offer_id, "price")
                candidates.append((path, _get(spec, path), True))
        if choice.get("expected_subscribers") is not None:
            candidates.append((("offers", offer_id, "expected_subscribers"), choice["expected_subscribers"], False))
    rows = []
    for path, value, euros in candidates:
        bounds = (value["low"], value["high"]) if is_range(value) else (None, None)
        rows.append(RangeRow(path, input_name(facts, scenario, path), float(likely(value)), *bounds, euros))
    return rows


def with_range(spec: dict, row: RangeRow, bounds: tuple[float, float] | None) -> dict:
    """The spec with the row's range set around its likely value (None: no range). Refused (ScenarioError,
    naming the input) when the bounds do not hold the likely value or one is negative."""
    value: Any = row.likely
    if bounds is not None:
        value = {"low": bounds[0], "likely": row.likely, "high": bounds[1]}
        parse_range(value, row.name)
    result = copy.deepcopy(spec)
    *parents, last = row.path
    target = result
    for key in parents:
        target = target.setdefault(key, {})
        if not isinstance(target, dict):
            raise ScenarioError(f"« {row.name} » : impossible de lui donner une fourchette ici.")
    target[last] = value
    return result


def with_suggestions(spec: dict, rows: list[RangeRow]) -> dict:
    """The spec with the suggested range on every row that has none yet."""
    for row in rows:
        if row.low is None and row.likely > 0 and not math.isnan(row.likely):
            spec = with_range(spec, row, row.suggestion)
    return spec
