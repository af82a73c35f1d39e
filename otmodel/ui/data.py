"""Database access for the pages: one connection per process, one cursor per session, cached facts.

DuckDB refuses concurrent calls on one connection, so each browser session gets its own cursor.
Query results are cached per database file; `invalidate()` clears them after anything writes.
"""

from __future__ import annotations

import duckdb
import streamlit as st

from otmodel import db
from otmodel.model import engine, risk, trajectory
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import Scenario, loads

_CURSOR_KEY = "_otmodel_cursor"


def database_path() -> str:
    return str(db.default_path().resolve())


@st.cache_resource(on_release=lambda con: con.close(), show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the current database; stops the page with a French message if it can't open."""
    path = database_path()
    held = st.session_state.get(_CURSOR_KEY)
    if held is None or held[0] != path:
        try:
            st.session_state[_CURSOR_KEY] = (path, _connection(path).cursor())
        except db.DatabaseError as exc:
            st.error(str(exc))
            st.stop()
    return st.session_state[_CURSOR_KEY][1]


@st.cache_data(max_entries=8, show_spinner=False)
def facts(path: str) -> Facts | None:
    """The engine's facts for the database (None when the structure or offers are missing)."""
    try:
        return engine.load_facts(cursor())
    except engine.MissingDataError:
        return None


def require_facts() -> Facts:
    """Facts, or a French message explaining what to import and a stop."""
    found = facts(database_path())
    if found is None:
        st.warning("La base ne contient pas encore de structure ni d'offres. Importez vos fichiers (page Données) "
                   "ou créez la démonstration : `python -m otmodel init --db <fichier> --demo destination`.")
        st.stop()
    return found


def evaluate(scenario: Scenario | None = None) -> Evaluation:
    return engine.apply(require_facts(), scenario or Scenario())


@st.cache_data(max_entries=32, show_spinner=False)
def _simulation(path: str, spec: str) -> risk.Simulation:
    return risk.simulate(require_facts(), loads(spec))


def simulation(scenario: Scenario) -> risk.Simulation:
    """The Monte Carlo simulation of a scenario (default draws and seed), kept per scenario JSON."""
    return _simulation(database_path(), scenario.dumps())


@st.cache_data(max_entries=32, show_spinner=False)
def _trajectory(path: str, spec: str) -> trajectory.Trajectory:
    return trajectory.trajectory(require_facts(), loads(spec))


def projection(scenario: Scenario) -> trajectory.Trajectory:
    """The 3-year trajectory of a scenario, kept per scenario JSON."""
    return _trajectory(database_path(), scenario.dumps())


def invalidate() -> None:
    """Forget cached results after an import, an edit or a restore."""
    st.cache_data.clear()
