"""Scenarios: what a director decides for each offer, and the assumptions behind the forecast.

The JSON form (saved, exported and imported the same way) is
    {"name": …, "target": {"amount": …, "basis": "margin"|"revenue"},
     "assumptions": {"elasticity": {"default": …, "<filiere>": …}, "free_to_paid_conversion": …,
                     "paid_to_free_uplift": …, "hourly_cost": …, "renewal_rate": …, "new_subscriber_rate": …,
                     "price_indexation": …, "cost_indexation": …},
     "offers": {"<offer id>": {"mode": "keep"|"free"|"paid"|"stopped", "price": … or {"default": …,
                "<filiere>": …}, "expected_subscribers": …}}}
Everything is optional. `parse_scenario` checks it and raises ScenarioError with a French message
naming the field at fault.

An uncertain number — an elasticity (default or per sector), the conversion, the uplift, the hourly cost, a
price (single or per sector) or expected subscribers — may be a triangular range
{"low": …, "likely": …, "high": …}. The parsed Scenario carries the likely value in its usual field, so the
deterministic model reads it unchanged, and the range in `Scenario.ranges` under the field's path
(("offers", "P-HEB", "price") …); `to_json` writes it back in place. The risk module draws from them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused

MODES: dict[str, str] = {
    "keep": "Inchangée",
    "free": "Gratuite",
    "paid": "Payante",
    "stopped": "Arrêtée",
}
TARGET_BASES, BASIS_OF_STRUCTURE = vocab.TARGET_BASES, vocab.BASIS_OF_STRUCTURE  # defined once, in otmodel.vocab

DEFAULT_ELASTICITY = 0.5
DEFAULT_CONVERSION = 0.35
DEFAULT_UPLIFT = 1.5
DEFAULT_SCENARIO_NAME = "Situation actuelle"
# The 3-year trajectory (model.trajectory): shares per year.
DEFAULT_RENEWAL = 0.85  # the associations' median renewal rate (GUIDE §1)
DEFAULT_NEW_SUBSCRIBERS = 0.15
DEFAULT_PRICE_INDEXATION = 0.0
DEFAULT_COST_INDEXATION = 0.02
TRAJECTORY_DEFAULTS = {"renewal_rate": DEFAULT_RENEWAL, "new_subscriber_rate": DEFAULT_NEW_SUBSCRIBERS,
                       "price_indexation": DEFAULT_PRICE_INDEXATION, "cost_indexation": DEFAULT_COST_INDEXATION}
RANGE_KEYS = ("low", "likely", "high")

Path = tuple[str, ...]  # where a number sits in the scenario's JSON: ("assumptions", "elasticity", "default")


class ScenarioError(Refused):
    """A scenario that does not fit; the message (French) names the field at fault."""


@dataclass(frozen=True)
class Range:
    """A triangular range: the value is somewhere between low and high, most likely near `likely`."""

    low: float
    likely: float
    high: float

    def to_json(self) -> dict[str, float]:
        return {"low": self.low, "likely": self.likely, "high": self.high}


def is_range(value: Any) -> bool:
    """Whether a JSON value is a range {"low", "likely", "high"} (not a per-sector map)."""
    return isinstance(value, dict) and bool(value) and set(value) <= set(RANGE_KEYS)


def likely(value: Any) -> Any:
    """The likely value of a range, or the value itself."""
    return value.get("likely") if is_range(value) else value


def with_likely(previous: Any, value: Any) -> Any:
    """A new likely value, keeping the range around it when the previous value was a range."""
    return {**previous, "likely": value} if is_range(previous) else value


def field_name(path: Path) -> str:
    """The dotted name of a field, as refusals say it: offers.P-HEB.price."""
    return ".".join(path)


@dataclass
class OfferChoice:
    """The decision for one offer. `price` is one number or per sector ({"default": …, "<filiere>": …})."""

    mode: str = "keep"
    price: float | dict[str, float] | None = None
    expected_subscribers: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"mode": self.mode}
        if self.price is not None:
            data["price"] = dict(self.price) if isinstance(self.price, dict) else self.price  # a copy: ranges go in
        if self.expected_subscribers is not None:
            data["expected_subscribers"] = self.expected_subscribers
        return data


@dataclass
class Target:
    amount: float
    basis: str = "margin"


@dataclass
class Assumptions:
    elasticity: dict[str, float] = field(default_factory=lambda: {"default": DEFAULT_ELASTICITY})
    free_to_paid_conversion: float = DEFAULT_CONVERSION
    paid_to_free_uplift: float = DEFAULT_UPLIFT
    hourly_cost: float | None = None  # None: the structure's cout_horaire
    renewal_rate: float = DEFAULT_RENEWAL
    new_subscriber_rate: float = DEFAULT_NEW_SUBSCRIBERS
    price_indexation: float = DEFAULT_PRICE_INDEXATION
    cost_indexation: float = DEFAULT_COST_INDEXATION

    def elasticity_of(self, filiere: str) -> float:
        return self.elasticity.get(filiere, self.elasticity.get("default", DEFAULT_ELASTICITY))


@dataclass
class Scenario:
    name: str = DEFAULT_SCENARIO_NAME
    target: Target | None = None  # None: the structure's objectif and base_objectif
    assumptions: Assumptions = field(default_factory=Assumptions)
    offers: dict[str, OfferChoice] = field(default_factory=dict)
    ranges: dict[Path, Range] = field(default_factory=dict)  # uncertain numbers, by their path in the JSON

    def choice(self, offer_id: str) -> OfferChoice:
        return self.offers.get(offer_id, OfferChoice())

    def baseline(self) -> Scenario:
        """The current situation (every offer kept) under this scenario's target and assumptions,
        so that gaps and costs compare like with like."""
        return replace(self, name=DEFAULT_SCENARIO_NAME, offers={},
                       ranges={k: v for k, v in self.ranges.items() if k[0] == "assumptions"})

    def without_price_ranges(self, offer_id: str) -> Scenario:
        """The scenario without the ranges of one offer's price (a goal seek just set that price)."""
        return replace(self, ranges={k: v for k, v in self.ranges.items() if k[:3] != ("offers", offer_id, "price")})

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.target is not None:
            data["target"] = {"amount": self.target.amount, "basis": self.target.basis}
        assumptions: dict[str, Any] = {
            "elasticity": dict(self.assumptions.elasticity),
            "free_to_paid_conversion": self.assumptions.free_to_paid_conversion,
            "paid_to_free_uplift": self.assumptions.paid_to_free_uplift,
        }
        if self.assumptions.hourly_cost is not None:
            assumptions["hourly_cost"] = self.assumptions.hourly_cost
        # Written only when changed: files and saved scenarios from before the trajectory stay as they were.
        for key, default in TRAJECTORY_DEFAULTS.items():
            if getattr(self.assumptions, key) != default:
                assumptions[key] = getattr(self.assumptions, key)
        data["assumptions"] = assumptions
        data["offers"] = {oid: c.to_json() for oid, c in self.offers.items() if c != OfferChoice()}
        for path, uncertain in self.ranges.items():
            _put(data, path, uncertain.to_json())
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


def _put(data: dict, path: Path, value: Any) -> None:
    """Set a nested value of the JSON, creating the objects on the way (a per-sector map stays a map)."""
    *parents, last = path
    for key in parents:
        data = data.setdefault(key, {})
    data[last] = value


def _number(value: Any, where: str, *, minimum: float = 0.0, maximum: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioError(f"« {where} » doit être un nombre (reçu : {value!r}).")
    if value < minimum:
        raise ScenarioError(f"« {where} » doit être supérieur ou égal à {minimum:g} (reçu : {value:g}).")
    if value > maximum:
        raise ScenarioError(f"« {where} » doit être inférieur ou égal à {maximum:g} (reçu : {value:g}).")
    return float(value)


def parse_range(value: Any, where: str) -> Range:
    """A range {"low", "likely", "high"}: every bound a number ≥ 0, low ≤ likely ≤ high."""
    missing = [key for key in RANGE_KEYS if key not in value]
    if missing:
        raise ScenarioError(f"« {where} » : une fourchette a besoin de low (bas), likely (probable) et high (haut) ; "
                            f"il manque {', '.join(missing)}.")
    low, middle, high = (_number(value[key], f"{where}.{key}") for key in RANGE_KEYS)
    if not low <= middle <= high:
        shown = (fmt.number(v, 3).rstrip("0").rstrip(",") or "0" for v in (low, middle, high))
        raise ScenarioError("« {} » : fourchette incohérente, il faut bas ≤ probable ≤ haut "
                            "(reçu : bas {}, probable {}, haut {}).".format(where, *shown))
    return Range(low, middle, high)


class _Reader:
    """Reads numbers that may be ranges, and remembers the ranges by path."""

    def __init__(self) -> None:
        self.ranges: dict[Path, Range] = {}

    def value(self, value: Any, path: Path) -> float:
        """A number ≥ 0 or a range (its likely value is returned, the range kept)."""
        where = field_name(path)
        if is_range(value):
            self.ranges[path] = parse_range(value, where)
            return self.ranges[path].likely
        return _number(value, where)

    def sector_map(self, value: Any, path: Path) -> dict[str, float]:
        where = field_name(path)
        data = _object(value, where)
        result = {}
        for key, number in data.items():
            if key != "default" and key not in vocab.FILIERES:
                raise ScenarioError(f"« {where}.{key} » : filière inconnue. "
                                    f"Filières : default, {', '.join(vocab.FILIERES)}.")
            result[key] = self.value(number, (*path, key))
        return result


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ScenarioError(f"« {where} » doit être un objet JSON {{…}} (reçu : {value!r}).")
    return value


def _unknown_keys(data: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScenarioError(f"« {where}{extra[0]} » : champ inconnu. Champs possibles : {', '.join(sorted(allowed))}.")


def _parse_choice(value: Any, path: Path, reader: _Reader) -> OfferChoice:
    where = field_name(path)
    data = _object(value, where)
    _unknown_keys(data, {"mode", "price", "expected_subscribers"}, where + ".")
    mode = data.get("mode", "keep")
    if mode not in MODES:
        raise ScenarioError(f"« {where}.mode » : mode inconnu « {mode} ». Modes : {', '.join(MODES)}.")
    price = data.get("price")
    if price is not None:
        price = (reader.sector_map(price, (*path, "price")) if isinstance(price, dict) and not is_range(price)
                 else reader.value(price, (*path, "price")))
    expected = data.get("expected_subscribers")
    if expected is not None:
        expected = reader.value(expected, (*path, "expected_subscribers"))
    if mode == "paid" and price is None:
        raise ScenarioError(f"« {where}.price » : une offre payante a besoin d'un prix.")
    return OfferChoice(mode=mode, price=price, expected_subscribers=expected)


def parse_scenario(data: Any, offer_ids: set[str] | None = None) -> Scenario:
    """Check a scenario's JSON (already decoded) and build it. `offer_ids`: the offers that exist."""
    data = _object(data, "scénario")
    _unknown_keys(data, {"name", "target", "assumptions", "offers"}, "")
    name = data.get("name", DEFAULT_SCENARIO_NAME)
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        raise ScenarioError("« name » doit être un texte non vide de 120 caractères au plus.")
    target = None
    if data.get("target") is not None:
        raw = _object(data["target"], "target")
        _unknown_keys(raw, {"amount", "basis"}, "target.")
        basis = raw.get("basis", "margin")
        if basis not in TARGET_BASES:
            raise ScenarioError(f"« target.basis » : « {basis} » inconnu. Valeurs : margin, revenue.")
        target = Target(amount=_number(raw.get("amount"), "target.amount", minimum=-math.inf), basis=basis)
    reader = _Reader()
    assumptions = _parse_assumptions(data.get("assumptions"), reader)
    offers = {}
    chosen = _object(data.get("offers") or {}, "offers")
    missing = sorted(offer_id for offer_id in chosen if offer_ids is not None and offer_id not in offer_ids)
    if missing:  # every one named at once: after a restore or an import, several offers may have gone
        quoted = ", ".join(f"« offers.{offer_id} »" for offer_id in missing)
        raise ScenarioError(f"{quoted} : {'offres inconnues' if len(missing) > 1 else 'offre inconnue'} dans la "
                            "base. Si les données ont changé (import, restauration), réimportez ces offres ou "
                            "retirez-les du scénario ; sinon vérifiez l'identifiant (colonne id de offres.csv).")
    for offer_id, choice in chosen.items():
        offers[offer_id] = _parse_choice(choice, ("offers", offer_id), reader)
    return Scenario(name=name.strip(), target=target, assumptions=assumptions, offers=offers, ranges=reader.ranges)


# Bounds of the trajectory's shares: (minimum, maximum).
_TRAJECTORY_BOUNDS = {"renewal_rate": (0.0, 1.0), "new_subscriber_rate": (0.0, 10.0),
                      "price_indexation": (-1.0, 1.0), "cost_indexation": (-1.0, 1.0)}


def _parse_assumptions(value: Any, reader: _Reader) -> Assumptions:
    assumptions = Assumptions()
    if value is None:
        return assumptions
    raw = _object(value, "assumptions")
    _unknown_keys(raw, {"elasticity", "free_to_paid_conversion", "paid_to_free_uplift", "hourly_cost",
                        *TRAJECTORY_DEFAULTS}, "assumptions.")
    if is_range(raw.get("elasticity")):  # one range for every sector
        raw = {**raw, "elasticity": {"default": raw["elasticity"]}}
    if "elasticity" in raw:
        assumptions.elasticity = {"default": DEFAULT_ELASTICITY,
                                  **reader.sector_map(raw["elasticity"], ("assumptions", "elasticity"))}
    for key in ("free_to_paid_conversion", "paid_to_free_uplift", "hourly_cost"):
        if raw.get(key) is not None:
            setattr(assumptions, key, reader.value(raw[key], ("assumptions", key)))
    for key, (low, high) in _TRAJECTORY_BOUNDS.items():
        if raw.get(key) is not None:
            setattr(assumptions, key, _number(raw[key], f"assumptions.{key}", minimum=low, maximum=high))
    return assumptions


def loads(text: str, offer_ids: set[str] | None = None) -> Scenario:
    """Parse a scenario from JSON text; malformed JSON is a ScenarioError too."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"JSON mal formé (ligne {getattr(exc, 'lineno', '?')}) : {exc}.") from exc
    return parse_scenario(data, offer_ids)
