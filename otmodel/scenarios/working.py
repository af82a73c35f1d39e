"""The scenario being edited on the Scénarios page: its JSON spec, its decision record and the saved
scenario it was opened from. No Streamlit here: otmodel.ui.working_scenario keeps one in the session.

Every action returns the French confirmation to show, or raises ScenarioError saying what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from otmodel.model.scenario import (
    DEFAULT_CONVERSION,
    DEFAULT_ELASTICITY,
    DEFAULT_UPLIFT,
    TRAJECTORY_DEFAULTS,
    Scenario,
    ScenarioError,
    is_range,
    likely,
    parse_scenario,
    with_likely,
)
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario

RECORD_FIELDS = ("name", "author", "notes", "status", "decision")
UNNAMED = "Scénario"  # what the figures call a scenario that has no name yet


@dataclass
class WorkingScenario:
    """A scenario being edited. `loaded` is the saved scenario it was opened as (None: not saved yet)."""

    spec: dict[str, Any] = field(default_factory=lambda: {"offers": {}})
    name: str = ""
    author: str = ""
    notes: str = ""
    status: str = "brouillon"
    decision: str = ""
    loaded: str | None = None
    loaded_version: int | None = None  # the stored version it was opened (or last saved) at

    @classmethod
    def opened(cls, con: duckdb.DuckDBPyConnection, name: str) -> WorkingScenario:
        """A saved scenario, ready to edit (even one naming offers the data no longer has: the page says which)."""
        saved = store.get(con, name, check_offers=False)
        return cls(saved.scenario.to_json(), saved.name, saved.author, saved.notes, saved.status, saved.decision,
                   loaded=saved.name, loaded_version=saved.version)

    def start_new(self) -> None:
        """Become a new scenario from the current situation; the author stays (the same person goes on)."""
        self._become(WorkingScenario(author=self.author))

    def open(self, con: duckdb.DuckDBPyConnection, name: str | None) -> None:
        """Become the saved scenario `name`, or a new one when None."""
        if name is None:
            self.start_new()
        else:
            self._become(WorkingScenario.opened(con, name))

    def _become(self, other: WorkingScenario) -> None:
        self.__dict__.update(other.__dict__)

    def scenario(self, offer_ids: set[str] | None = None, spec: dict[str, Any] | None = None) -> Scenario:
        """The scenario as the engine reads it (of `spec` when given, with this name); ScenarioError when the
        spec does not fit."""
        return parse_scenario({**(self.spec if spec is None else spec), "name": self.name.strip() or UNNAMED},
                              offer_ids)

    def problem(self, offer_ids: set[str] | None = None, spec: dict[str, Any] | None = None) -> str | None:
        """Why the scenario (of `spec` when given) cannot be evaluated (French), or None."""
        try:
            self.scenario(offer_ids, spec)
        except ScenarioError as exc:
            return str(exc)
        return None

    def differs_from(self, saved: SavedScenario) -> bool:
        """Whether the offers' decisions differ from the saved scenario's (the « non enregistrées » hint)."""
        return saved.scenario.to_json()["offers"] != self.spec.get("offers", {})

    def save(self, con: duckdb.DuckDBPyConnection, *, overwrite: bool = False) -> str:
        """Save under its name (a new scenario, or the one it was opened as).

        store.ScenarioConflict when someone saved it since it was opened; `overwrite` saves over their version
        (the user chose « Écraser »)."""
        store.check_name(self.name)  # first: « Donnez un nom » before any other refusal
        scenario = self.scenario(store.offer_ids(con))
        record = SavedScenario(scenario, self.author, self.notes, self.status, self.decision)
        if overwrite and self.loaded and not store.exists(con, self.loaded):  # deleted meanwhile: save it anew
            self.loaded = None
        saved = store.save_edited(con, record, self.loaded, None if overwrite else self.loaded_version)
        self._saved_as(saved)
        return f"Scénario « {saved.name} » enregistré."

    def save_as(self, con: duckdb.DuckDBPyConnection, new_name: str) -> str:
        """Save what is being edited as a new scenario (after a conflict: the other person's version stays)."""
        new_name = store.copy_name(self.loaded or "", new_name) if self.loaded else new_name
        store.check_name(new_name)
        store.refuse_taken(con, new_name)
        scenario = parse_scenario({**self.spec, "name": new_name}, store.offer_ids(con))
        record = SavedScenario(scenario, self.author, self.notes, self.status, self.decision)
        self._saved_as(store.save_edited(con, record, None))
        return f"Vos modifications sont enregistrées sous « {new_name} »."

    def _saved_as(self, saved: SavedScenario) -> None:
        self.loaded, self.name, self.spec = saved.name, saved.name, saved.scenario.to_json()
        self.loaded_version = saved.version

    def duplicate(self, con: duckdb.DuckDBPyConnection) -> str:
        """Copy the saved scenario (under the name typed, or « … (copie) ») and go on with the copy."""
        if not self.loaded:
            raise ScenarioError("Enregistrez d'abord ce scénario avant de le dupliquer.")
        copy = store.duplicate(con, self.loaded, store.copy_name(self.loaded, self.name))
        self.open(con, copy.name)
        return f"Copie « {copy.name} » créée (brouillon)."

    def rename(self, con: duckdb.DuckDBPyConnection) -> str:
        """Give the saved scenario the name typed; store.ScenarioConflict when someone saved it since it was
        opened (nothing renamed)."""
        original = self.loaded
        if not original:
            raise ScenarioError("Ce scénario n'est pas encore enregistré : enregistrez-le sous le nom voulu.")
        renamed = store.rename(con, original, self.name, expected_version=self.loaded_version)
        self.loaded = self.name = renamed.name
        self.loaded_version = renamed.version
        return f"« {original} » renommé en « {renamed.name} »."

    def delete(self, con: duckdb.DuckDBPyConnection, confirmed: bool) -> str:
        """Delete the saved scenario once confirmed, then start a new one; store.ScenarioConflict when someone
        saved it since it was opened (nothing deleted)."""
        original = self.loaded
        if not original:
            raise ScenarioError("Ce scénario n'est pas enregistré : rien à supprimer.")
        if not confirmed:
            raise ScenarioError("Cochez « Confirmer la suppression » puis cliquez de nouveau sur Supprimer.")
        store.delete(con, original, expected_version=self.loaded_version)
        self.start_new()
        return f"Scénario « {original} » supprimé."

    def import_file(self, con: duckdb.DuckDBPyConnection, content: bytes) -> str:
        """Save a scenario file (JSON) under its own name and go on with it."""
        saved = store.import_json(con, content, author=self.author)
        self.open(con, saved.name)
        return f"Scénario « {saved.name} » importé."

    def drop_missing_offers(self, offer_ids: set[str]) -> list[str]:
        """Forget the decisions on offers the data no longer has (after a restore or an import); returns them."""
        offers = self.spec.get("offers", {})
        gone = sorted(offer_id for offer_id in offers if offer_id not in offer_ids)
        self.spec = {**self.spec, "offers": {k: v for k, v in offers.items() if k in offer_ids}}
        return gone

    def take_prices(self, spec: dict[str, Any]) -> None:
        """Go on with another spec (a goal seek's result): the record and the saved name stay."""
        self.spec = {key: value for key, value in spec.items() if key != "name"}


def assumption_values(spec: dict[str, Any], hourly_default: float) -> dict[str, float | bool]:
    """The values the assumption inputs show for a spec (defaults where it says nothing; the likely value of
    a range)."""
    given = spec.get("assumptions", {})
    elasticity = given.get("elasticity", {})
    return {"elasticity": float(likely(elasticity.get("default", DEFAULT_ELASTICITY))),
            "conversion": float(likely(given.get("free_to_paid_conversion", DEFAULT_CONVERSION))),
            "uplift": float(likely(given.get("paid_to_free_uplift", DEFAULT_UPLIFT))),
            "hourly": float(likely(given.get("hourly_cost", hourly_default))),
            "per_sector": len(elasticity) > 1}


def with_assumptions(spec: dict[str, Any], values: dict[str, float | bool], hourly_default: float,
                     sector_elasticities: dict[str, float] | None = None) -> dict[str, Any]:
    """The spec with the assumptions typed; the hourly cost only when it differs from the structure's (or has
    a range). A range keeps its bounds around the value typed; the trajectory's assumptions stay."""
    given = dict(spec.get("assumptions", {}))
    before = given.get("elasticity", {})
    typed = {**(sector_elasticities or {}), "default": values["elasticity"]}
    given["elasticity"] = {key: with_likely(before.get(key), value) for key, value in typed.items()}
    for key, name in (("free_to_paid_conversion", "conversion"), ("paid_to_free_uplift", "uplift")):
        given[key] = with_likely(given.get(key), values[name])
    hourly = given.pop("hourly_cost", None)
    if values["hourly"] != float(hourly_default) or is_range(hourly):
        given["hourly_cost"] = with_likely(hourly, values["hourly"])
    return {**spec, "assumptions": given}


def trajectory_values(spec: dict[str, Any]) -> dict[str, float]:
    """The trajectory's assumptions of a spec (defaults where it says nothing)."""
    given = spec.get("assumptions", {})
    return {key: float(given.get(key, default)) for key, default in TRAJECTORY_DEFAULTS.items()}


def with_trajectory(spec: dict[str, Any], values: dict[str, float]) -> dict[str, Any]:
    """The spec with the trajectory's assumptions typed (left out when they are the defaults)."""
    given = {k: v for k, v in spec.get("assumptions", {}).items() if k not in TRAJECTORY_DEFAULTS}
    given.update({key: float(value) for key, value in values.items() if value != TRAJECTORY_DEFAULTS[key]})
    return {**spec, "assumptions": given}
