"""The scenario marked « appliqué » from a year: the decision put into practice, whose plan the year is followed
against (otmodel.followup.progress).

One scenario per year. What is recorded is the scenario as it was applied (its JSON) and the year of the data
its plan is computed on (the base year then): editing the saved scenario afterwards, or moving the structure's
reference year, does not move the plan — applying it again does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb

from otmodel import db
from otmodel.errors import Refused
from otmodel.model import engine
from otmodel.model.scenario import Scenario, parse_scenario
from otmodel.scenarios import store

LAST_YEAR = 2100


class NothingApplied(Refused):
    """No scenario is applied (or none from the year asked): the follow-up has no plan to compare with."""


@dataclass(frozen=True)
class Applied:
    """A scenario applied from `year`, its plan computed on the subscriptions of `base_year`."""

    year: int
    scenario: Scenario
    base_year: int
    applied_at: datetime | None = None
    applied_by: str = ""

    @property
    def name(self) -> str:
        return self.scenario.name


def apply(con: duckdb.DuckDBPyConnection, name: str, year: int, *, by: str = "") -> Applied:
    """Mark the saved scenario `name` as applied from `year` (replacing the one applied from that year, if
    any). The year must come after the data's reference year, on which its plan is computed."""
    saved = store.get(con, name)
    base_year = engine.load_facts(con).year
    if not isinstance(year, int) or not base_year < year <= LAST_YEAR:
        raise Refused(f"Année d'application « {year} » impossible : elle doit suivre l'année de référence des "
                      f"données ({base_year}), sur laquelle le plan est calculé — par exemple {base_year + 1}.")
    with db.transaction(con):
        con.execute("DELETE FROM applied_scenarios WHERE year = ?", [year])
        con.execute("INSERT INTO applied_scenarios (year, scenario, spec, base_year, applied_by) "
                    "VALUES (?, ?, ?, ?, ?)", [year, saved.name, saved.scenario.dumps(), base_year,
                                              by.strip() or None])
    return get(con, year)


def withdraw(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """The scenario applied from `year` is no longer followed (the scenario itself stays saved)."""
    with db.transaction(con):
        removed = con.execute("DELETE FROM applied_scenarios WHERE year = ?", [year]).fetchone()[0]
        if not removed:
            raise NothingApplied(f"Aucun scénario n'est appliqué depuis {year} : rien à retirer.")


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years from which a scenario is applied, latest first."""
    return [row[0] for row in con.execute("SELECT year FROM applied_scenarios ORDER BY year DESC").fetchall()]


def get(con: duckdb.DuckDBPyConnection, year: int | None = None) -> Applied:
    """The scenario applied from `year` (default: the latest year), or NothingApplied saying what to do."""
    row = con.execute("SELECT year, scenario, spec, base_year, applied_at, applied_by FROM applied_scenarios "
                      "WHERE ? IS NULL OR year = ? ORDER BY year DESC LIMIT 1", [year, year]).fetchone()
    if row is None:
        where = f" depuis {year}" if year is not None else ""
        raise NothingApplied(f"Aucun scénario n'est appliqué{where} : marquez le scénario décidé comme appliqué "
                             "(page Suivi, « Appliquer un scénario »), puis importez les souscriptions de l'année "
                             "au fil de l'eau (avec leur date).")
    found_year, name, spec, base_year, applied_at, applied_by = row
    # Offers are not checked: an offer removed since still has its place in the plan of its year.
    scenario = parse_scenario({**json.loads(spec), "name": name})
    return Applied(found_year, scenario, base_year, applied_at, applied_by or "")


def latest(con: duckdb.DuckDBPyConnection) -> Applied | None:
    """The scenario applied from the latest year, None when none is."""
    try:
        return get(con)
    except NothingApplied:
        return None


def edited_since(con: duckdb.DuckDBPyConnection, applied: Applied) -> bool:
    """Whether the saved scenario of that name now differs from the one applied (or is gone): its plan is then
    the version applied, until it is applied again."""
    if not store.exists(con, applied.name):
        return True
    return store.get(con, applied.name, check_offers=False).scenario.to_json() != applied.scenario.to_json()
