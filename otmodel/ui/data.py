"""Database access for the pages: one connection per process, one cursor per session, cached facts.

DuckDB refuses concurrent calls on one connection, so each browser session gets its own cursor.
`writer()` is the cursor for anything that writes: it refuses a viewer (otmodel.ui.roles).

What the pages read often (the engine's facts, the current situation, the aggregates of the Synthèse) is
cached per database file and per *epoch* of a scope: `invalidate(scope)` moves the epoch of what a write
changed, and an entry keyed by an older epoch is never read again. Two scopes, because a write only
invalidates what it changed: "data" (the territory: structure, partners, offers, subscriptions, surveys —
imports, edits, restores) and "scenarios" (saved scenarios). Saving a scenario moves only the latter, so ten
sessions saving at once do not make every session reload the territory. Cached objects are shared by every
session of the process (st.cache_resource, no copy per call: facts are read-only — the engine and the pages
build new frames, never write into them). The epochs live in the process, which is the only writer while it
runs (DuckDB's file lock keeps the command line out).

The database's own data version (otmodel.db.data_version), moved by every committed write of any session,
tells a session that another one changed something (`follow_changes`, `stale`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import duckdb
import streamlit as st

from otmodel import db
from otmodel.model import engine, risk, trajectory
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import Scenario, loads
from otmodel.ui import roles

_CURSOR_KEY = "_otmodel_cursor"
_SEEN_KEY = "_otmodel_data_version"
_SEEN_EPOCH_KEY = "_otmodel_data_epoch"  # the territory's epoch at this session's last full run
SCOPES = ("data", "scenarios")
T = TypeVar("T")


def database_path() -> str:
    return str(db.default_path().resolve())


@st.cache_resource(on_release=lambda con: con.close(), show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the current database, one per thread; stops the page with a French message if
    the database can't open.

    One per thread, because a session's runs are not always one after the other: a click's callback or a
    fragment's timed rerun was seen starting while the run it interrupted was still inside a query, and DuckDB
    refuses a second call on a busy cursor (« connection is busy ») instead of waiting.
    """
    path = database_path()
    held = st.session_state.get(_CURSOR_KEY)
    if held is None or held[0] != path:
        held = st.session_state[_CURSOR_KEY] = (path, {})
    cursors: dict[int, duckdb.DuckDBPyConnection] = held[1]
    thread = threading.get_ident()
    if thread not in cursors:
        try:
            cursors[thread] = _connection(path).cursor()
        except db.DatabaseError as exc:
            st.error(str(exc))
            st.stop()
        alive = {t.ident for t in threading.enumerate()}
        for gone in [t for t in cursors if t not in alive]:  # script threads end: their cursors go with them
            cursors.pop(gone).close()
    return cursors[thread]


def writer() -> duckdb.DuckDBPyConnection:
    """The session's cursor for a write: access.ReadOnly (French message) when the session may not write."""
    roles.require_editor()
    return cursor()


def fresh_writer() -> duckdb.DuckDBPyConnection:
    """A cursor of its own for one write from a button (close it after): under load, a click's callback was
    seen running while the session's cursor was still busy with the run it interrupted (DuckDB refuses
    instead of waiting: « connection is busy »), and the save was lost. Refuses a viewer, as `writer()`."""
    roles.require_editor()
    cursor()  # opens the database, or stops with its French message
    return _connection(database_path()).cursor()


def version() -> int:
    """The data version now: it grows with every write, from any session."""
    return db.data_version(cursor())


def follow_changes() -> bool:
    """At each run (app.py): whether another session changed the data since this one's last run. The caches
    are keyed by the epochs that the writing session moved, so they reload by themselves."""
    now = version()
    seen = st.session_state.get(_SEEN_KEY)
    st.session_state[_SEEN_KEY] = now
    st.session_state[_SEEN_EPOCH_KEY] = epoch("data")
    return seen is not None and seen != now


def stale() -> bool:
    """Inside a fragment (which reruns alone, with the facts of the last full run): whether the territory
    changed since (an import, an edit, a restore), so the fragment must ask for a full run (st.rerun())
    instead of mixing old facts and new data. Only the "data" epoch counts — the one the cached facts are
    keyed by: a scenario saved by another session changes no fact, and forcing every open session into a
    full run after each save made ten saves at once ten times slower (conflicts are caught at save time,
    by the scenario's stored version)."""
    return st.session_state.get(_SEEN_EPOCH_KEY) not in (None, epoch("data"))


class _Epochs:
    """Per database file: a counter per scope, shared by every session of the process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counters = dict.fromkeys(SCOPES, 0)


@st.cache_resource(show_spinner=False)
def _epochs(path: str) -> _Epochs:
    return _Epochs()


def epoch(scope: str = "data") -> int:
    """The epoch of a scope of the current database: it grows with every write of that scope."""
    return _epochs(database_path()).counters[scope]


def invalidate(scope: str = "data") -> None:
    """After this session wrote: what was cached for that scope is stale ("data": an import, an edit, a
    restore — it covers the scenarios too; "scenarios": a scenario saved, renamed or deleted), and its next
    run must not announce its own change as another session's."""
    epochs = _epochs(database_path())
    with epochs.lock:
        for name in SCOPES if scope == "data" else (scope,):
            epochs.counters[name] += 1
    st.session_state[_SEEN_KEY] = version()
    st.session_state[_SEEN_EPOCH_KEY] = epoch("data")


@st.cache_resource(max_entries=64, show_spinner=False)
def _remembered(path: str, data_epoch: int, name: str, args: tuple, _compute: Callable) -> object:
    return _compute(cursor(), *args)


def cached(compute: Callable[..., T], *args: object) -> T:
    """`compute(cursor, *args)` — a named query of otmodel — computed once per database and data epoch,
    then shared by every session (aggregates that do not change between reruns)."""
    name = f"{compute.__module__}.{compute.__qualname__}"
    return _remembered(database_path(), epoch("data"), name, args, compute)


def _facts_or_none(con: duckdb.DuckDBPyConnection) -> Facts | None:
    try:
        return engine.load_facts(con)
    except engine.MissingDataError:
        return None


def facts() -> Facts | None:
    """The engine's facts for the database (None when the structure or offers are missing)."""
    return cached(_facts_or_none)


def require_facts() -> Facts:
    """Facts, or a French message explaining what to import and a stop."""
    found = facts()
    if found is None:
        st.warning("La base ne contient pas encore de structure ni d'offres. Importez vos fichiers (page Données) "
                   "ou créez la démonstration : `python -m otmodel init --db <fichier> --demo destination`.")
        st.stop()
    return found


def _current(con: duckdb.DuckDBPyConnection) -> Evaluation | None:
    found = facts()
    return None if found is None else engine.apply(found, Scenario())


def evaluate(scenario: Scenario | None = None) -> Evaluation:
    """A scenario evaluated on the cached facts; the current situation (no scenario) is cached too."""
    if scenario is None:
        current = cached(_current)
        if current is not None:
            return current
    return engine.apply(require_facts(), scenario or Scenario())


@st.cache_data(max_entries=32, show_spinner=False)
def _simulation(path: str, data_epoch: int, spec: str) -> risk.Simulation:
    return risk.simulate(require_facts(), loads(spec))


def simulation(scenario: Scenario) -> risk.Simulation:
    """The Monte Carlo simulation of a scenario (default draws and seed), kept per scenario JSON and data epoch."""
    return _simulation(database_path(), epoch("data"), scenario.dumps())


@st.cache_data(max_entries=32, show_spinner=False)
def _trajectory(path: str, data_epoch: int, spec: str) -> trajectory.Trajectory:
    return trajectory.trajectory(require_facts(), loads(spec))


def projection(scenario: Scenario) -> trajectory.Trajectory:
    """The 3-year trajectory of a scenario, kept per scenario JSON and data epoch."""
    return _trajectory(database_path(), epoch("data"), scenario.dumps())
