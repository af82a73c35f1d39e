"""Saved scenarios in the database: one row per scenario name, its JSON spec and its decision record."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from otmodel.scenario import Scenario, ScenarioError, loads, parse_scenario


def offer_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM offres").fetchall()}


def names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Saved scenario names, oldest first."""
    return [row[0] for row in con.execute("SELECT name FROM scenarios ORDER BY created_at, name").fetchall()]


def load(con: duckdb.DuckDBPyConnection, name: str) -> Scenario:
    row = con.execute("SELECT spec FROM scenarios WHERE name = ?", [name]).fetchone()
    if row is None:
        raise ScenarioError(f"Aucun scénario enregistré ne s'appelle « {name} ».")
    return parse_scenario(json.loads(row[0]), offer_ids(con))


def resolve(con: duckdb.DuckDBPyConnection, reference: str) -> Scenario:
    """A scenario from a JSON file path, or else from a saved scenario's name."""
    path = Path(reference)
    if path.suffix.lower() == ".json" or path.is_file():
        if not path.is_file():
            raise ScenarioError(f"Fichier de scénario introuvable : {path}")
        return loads(path.read_bytes().decode("utf-8-sig", errors="replace"), offer_ids(con))
    return load(con, reference)
