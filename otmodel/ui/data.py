"""Database access for the pages: one connection per process, one cursor per session, cached facts.

DuckDB refuses concurrent calls on one connection, so each browser session gets its own cursor.
Query results are cached per database file and data version (otmodel.db.data_version): a write in any session
moves the version, so every other session reloads its facts at its next run instead of computing on stale ones.
`writer()` is the cursor for anything that writes: it refuses a viewer (otmodel.ui.roles).
"""

from __future__ import annotations

import duckdb
import streamlit as st

from otmodel import db
from otmodel.model import engine, risk, trajectory
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import Scenario, loads
from otmodel.ui import roles

_CURSOR_KEY = "_otmodel_cursor"
_SEEN_KEY = "_otmodel_data_version"


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


def writer() -> duckdb.DuckDBPyConnection:
    """The session's cursor for a write: access.ReadOnly (French message) when the session may not write."""
    roles.require_editor()
    return cursor()


def version() -> int:
    """The data version now: it grows with every write, from any session."""
    return db.data_version(cursor())


def follow_changes() -> bool:
    """At each run (app.py): whether another session changed the data since this one's last run. The caches
    are keyed by the version, so the facts reload by themselves; pages re-read what they show."""
    now = version()
    seen = st.session_state.get(_SEEN_KEY)
    st.session_state[_SEEN_KEY] = now
    return seen is not None and seen != now


def stale() -> bool:
    """Inside a fragment (which reruns alone, with the facts of the last full run): whether the data changed
    since, so the fragment must ask for a full run (st.rerun()) instead of mixing old facts and new data."""
    return st.session_state.get(_SEEN_KEY) not in (None, version())


@st.cache_data(max_entries=8, show_spinner=False)
def facts(path: str, data_version: int) -> Facts | None:
    """The engine's facts for the database at that data version (None when the structure or offers are missing)."""
    try:
        return engine.load_facts(cursor())
    except engine.MissingDataError:
        return None


def require_facts() -> Facts:
    """Facts, or a French message explaining what to import and a stop."""
    found = facts(database_path(), version())
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
    """After this session wrote: its next run must not announce its own change as another session's."""
    st.session_state[_SEEN_KEY] = version()
