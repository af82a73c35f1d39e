"""Exports that involve scenarios: a saved scenario's per-offer results, next to the data tables."""

from __future__ import annotations

import duckdb
import pandas as pd

from otmodel.data import exports
from otmodel.model import engine
from otmodel.scenarios import store

SCENARIO_KIND = "scenario:"  # export KIND of a scenario's results: scenario:NAME


def results_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """The per-offer results of a saved scenario (or a scenario JSON file)."""
    return exports.plain(engine.evaluate(con, store.resolve(con, name)).offers.reset_index(drop=True))


def frames_for(con: duckdb.DuckDBPyConnection, kind: str, *, include_emails: bool = False) -> dict[str, pd.DataFrame]:
    """KIND → sheet name → frame: a table name, `all` (every table) or `scenario:NAME`."""
    if kind.startswith(SCENARIO_KIND):
        name = kind.removeprefix(SCENARIO_KIND)
        return {exports.sheet_name(f"scénario {name}"): results_frame(con, name)}
    return exports.frames_for(con, kind, include_emails=include_emails)
