"""Scenarios: what a director decides for each offer, and the assumptions behind the forecast.

The JSON form (saved, exported and imported the same way) is
    {"name": …, "target": {"amount": …, "basis": "margin"|"revenue"},
     "assumptions": {"elasticity": {"default": …, "<filiere>": …}, "free_to_paid_conversion": …,
                     "paid_to_free_uplift": …, "hourly_cost": …},
     "offers": {"<offer id>": {"mode": "keep"|"free"|"paid"|"stopped", "price": … or {"default": …,
                "<filiere>": …}, "expected_subscribers": …}}}
Everything is optional. `parse_scenario` checks it and raises ScenarioError with a French message
naming the field at fault.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from otmodel import vocab
from otmodel.errors import Refused

MODES: dict[str, str] = {
    "keep": "Inchangée",
    "free": "Gratuite",
    "paid": "Payante",
    "stopped": "Arrêtée",
}
TARGET_BASES: dict[str, str] = {"margin": "Résultat", "revenue": "Recettes"}
# structure.base_objectif (French template codes) → scenario target basis.
BASIS_OF_STRUCTURE = {"resultat": "margin", "recettes": "revenue"}

DEFAULT_ELASTICITY = 0.5
DEFAULT_CONVERSION = 0.35
DEFAULT_UPLIFT = 1.5
DEFAULT_SCENARIO_NAME = "Situation actuelle"


class ScenarioError(Refused):
    """A scenario that does not fit; the message (French) names the field at fault."""


@dataclass
class OfferChoice:
    """The decision for one offer. `price` is one number or per sector ({"default": …, "<filiere>": …})."""

    mode: str = "keep"
    price: float | dict[str, float] | None = None
    expected_subscribers: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"mode": self.mode}
        if self.price is not None:
            data["price"] = self.price
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

    def elasticity_of(self, filiere: str) -> float:
        return self.elasticity.get(filiere, self.elasticity.get("default", DEFAULT_ELASTICITY))


@dataclass
class Scenario:
    name: str = DEFAULT_SCENARIO_NAME
    target: Target | None = None  # None: the structure's objectif and base_objectif
    assumptions: Assumptions = field(default_factory=Assumptions)
    offers: dict[str, OfferChoice] = field(default_factory=dict)

    def choice(self, offer_id: str) -> OfferChoice:
        return self.offers.get(offer_id, OfferChoice())

    def baseline(self) -> Scenario:
        """The current situation (every offer kept) under this scenario's target and assumptions,
        so that gaps and costs compare like with like."""
        return replace(self, name=DEFAULT_SCENARIO_NAME, offers={})

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
        data["assumptions"] = assumptions
        data["offers"] = {oid: c.to_json() for oid, c in self.offers.items() if c != OfferChoice()}
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


def _number(value: Any, where: str, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioError(f"« {where} » doit être un nombre (reçu : {value!r}).")
    if value < minimum:
        raise ScenarioError(f"« {where} » doit être supérieur ou égal à {minimum:g} (reçu : {value:g}).")
    return float(value)


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ScenarioError(f"« {where} » doit être un objet JSON {{…}} (reçu : {value!r}).")
    return value


def _unknown_keys(data: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScenarioError(f"« {where}{extra[0]} » : champ inconnu. Champs possibles : {', '.join(sorted(allowed))}.")


def _sector_map(value: Any, where: str) -> dict[str, float]:
    data = _object(value, where)
    result = {}
    for key, number in data.items():
        if key != "default" and key not in vocab.FILIERES:
            raise ScenarioError(f"« {where}.{key} » : filière inconnue. "
                                f"Filières : default, {', '.join(vocab.FILIERES)}.")
        result[key] = _number(number, f"{where}.{key}")
    return result


def _parse_choice(value: Any, where: str) -> OfferChoice:
    data = _object(value, where)
    _unknown_keys(data, {"mode", "price", "expected_subscribers"}, where + ".")
    mode = data.get("mode", "keep")
    if mode not in MODES:
        raise ScenarioError(f"« {where}.mode » : mode inconnu « {mode} ». Modes : {', '.join(MODES)}.")
    price = data.get("price")
    if price is not None:
        price = _sector_map(price, f"{where}.price") if isinstance(price, dict) else _number(price, f"{where}.price")
    expected = data.get("expected_subscribers")
    if expected is not None:
        expected = _number(expected, f"{where}.expected_subscribers")
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
    assumptions = Assumptions()
    if data.get("assumptions") is not None:
        raw = _object(data["assumptions"], "assumptions")
        _unknown_keys(raw, {"elasticity", "free_to_paid_conversion", "paid_to_free_uplift", "hourly_cost"},
                      "assumptions.")
        if "elasticity" in raw:
            assumptions.elasticity = {"default": DEFAULT_ELASTICITY,
                                      **_sector_map(raw["elasticity"], "assumptions.elasticity")}
        if "free_to_paid_conversion" in raw:
            assumptions.free_to_paid_conversion = _number(raw["free_to_paid_conversion"],
                                                          "assumptions.free_to_paid_conversion")
        if "paid_to_free_uplift" in raw:
            assumptions.paid_to_free_uplift = _number(raw["paid_to_free_uplift"], "assumptions.paid_to_free_uplift")
        if raw.get("hourly_cost") is not None:
            assumptions.hourly_cost = _number(raw["hourly_cost"], "assumptions.hourly_cost")
    offers = {}
    chosen = _object(data.get("offers") or {}, "offers")
    missing = sorted(offer_id for offer_id in chosen if offer_ids is not None and offer_id not in offer_ids)
    if missing:  # every one named at once: after a restore or an import, several offers may have gone
        quoted = ", ".join(f"« offers.{offer_id} »" for offer_id in missing)
        raise ScenarioError(f"{quoted} : {'offres inconnues' if len(missing) > 1 else 'offre inconnue'} dans la "
                            "base. Si les données ont changé (import, restauration), réimportez ces offres ou "
                            "retirez-les du scénario ; sinon vérifiez l'identifiant (colonne id de offres.csv).")
    for offer_id, choice in chosen.items():
        offers[offer_id] = _parse_choice(choice, f"offers.{offer_id}")
    return Scenario(name=name.strip(), target=target, assumptions=assumptions, offers=offers)


def loads(text: str, offer_ids: set[str] | None = None) -> Scenario:
    """Parse a scenario from JSON text; malformed JSON is a ScenarioError too."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"JSON mal formé (ligne {getattr(exc, 'lineno', '?')}) : {exc}.") from exc
    return parse_scenario(data, offer_ids)
