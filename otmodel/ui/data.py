"""The pages' door to the database: the process's `otmodel.db.Database`, and what the pages read often, cached.

Pages never hold a connection. They call named queries of otmodel through `read(query, …)` (or `cached`), and
every write through `write(action, …, scope=…)`: the Database checks the role (otmodel.ui.roles), runs the
transaction, records the change and moves the epoch of the caches the scope covers (see otmodel.db.SCOPES).

What the pages read often (the engine's facts, the current situation, the aggregates of the Synthèse) is
cached per database file and per *epoch* of a scope: an entry keyed by an older epoch is never read again.
Cached objects are shared by every session of the process (st.cache_resource, no copy per call: facts are
read-only — the engine and the pages build new frames, never write into them).

The database's own data version (otmodel.db.data_version), moved by every recorded write of any session,
tells a session that another one changed something (`follow_changes`, `stale`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from otmodel import db
from otmodel.model import engine, risk, trajectory
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import Scenario, loads
from otmodel.ui import roles

_SEEN_KEY = "_otmodel_data_version"
_SEEN_EPOCH_KEY = "_otmodel_data_epoch"  # the territory's epoch at this session's last full run
T = TypeVar("T")


def database_path() -> str:
    return str(db.default_path().resolve())


@st.cache_resource(on_release=db.Database.close, show_spinner=False)
def _database(path: str) -> db.Database:
    return db.Database(path, guard=roles.require_editor)


def database() -> db.Database:
    """The process's Database for the current file; stops the page with a French message if it can't open."""
    try:
        return _database(database_path())
    except db.DatabaseError as exc:
        st.error(str(exc))
        st.stop()


def read(query: Callable[..., T], *args: object, **kwargs: object) -> T:
    """A named query of otmodel, `query(cursor, *args, **kwargs)`, on this thread's cursor."""
    return database().read(query, *args, **kwargs)


def write(action: Callable[..., T], *args: object, scope: str = "data", **kwargs: object) -> T:
    """Every write of the app: `action(cursor, *args, **kwargs)` through Database.write (role, transaction,
    recorded change, stale caches of `scope`). The session's next run must not announce its own change as
    another session's, so it takes note of the version it leaves."""
    found = database()
    result = found.write(action, *args, scope=scope, **kwargs)
    st.session_state[_SEEN_KEY] = found.version()
    st.session_state[_SEEN_EPOCH_KEY] = found.epoch("data")
    return result


def follow_changes() -> bool:
    """At each run (app.py): whether another session changed the data since this one's last run. The caches
    are keyed by the epochs that the writing session moved, so they reload by themselves."""
    found = database()
    now = found.version()
    seen = st.session_state.get(_SEEN_KEY)
    st.session_state[_SEEN_KEY] = now
    st.session_state[_SEEN_EPOCH_KEY] = found.epoch("data")
    return seen is not None and seen != now


def stale() -> bool:
    """Inside a fragment (which reruns alone, with the facts of the last full run): whether the territory
    changed since (an import, an edit, a restore), so the fragment must ask for a full run (st.rerun())
    instead of mixing old facts and new data. Only the "data" epoch counts — the one the cached facts are
    keyed by: a scenario saved by another session changes no fact, and forcing every open session into a
    full run after each save made ten saves at once ten times slower (conflicts are caught at save time,
    by the scenario's stored version)."""
    return st.session_state.get(_SEEN_EPOCH_KEY) not in (None, database().epoch("data"))


@st.cache_resource(max_entries=64, show_spinner=False)
def _remembered(path: str, epochs: tuple[int, ...], name: str, args: tuple, _compute: Callable) -> object:
    return read(_compute, *args)


def cached(compute: Callable[..., T], *args: object, scenarios: bool = False) -> T:
    """`compute(cursor, *args)` — a named query of otmodel — computed once per database and data epoch (and, with
    `scenarios`, per epoch of the saved scenarios, for a query that reads them), then shared by every session
    (aggregates that do not change between reruns)."""
    name = f"{compute.__module__}.{compute.__qualname__}"
    found = database()
    epochs = (found.epoch("data"), found.epoch("scenarios")) if scenarios else (found.epoch("data"),)
    return _remembered(database_path(), epochs, name, args, compute)


def facts() -> Facts | None:
    """The engine's facts for the database (None when the structure or offers are missing)."""
    return cached(engine.facts_if_any)


class NoTerritory(Exception):
    """The database holds no structure or no offers yet: the page cannot draw. app.py catches it and shows the
    way in instead (otmodel.ui.start: try a demo in this database, or import one's files)."""


def require_facts() -> Facts:
    """Facts, or NoTerritory: the page stops there and the frame shows how to start."""
    found = facts()
    if found is None:
        raise NoTerritory
    return found


@st.cache_resource(max_entries=4, show_spinner=False)
def _current(path: str, data_epoch: int) -> Evaluation | None:
    found = facts()
    return None if found is None else engine.apply(found, Scenario())


def evaluate(scenario: Scenario | None = None) -> Evaluation:
    """A scenario evaluated on the cached facts; the current situation (no scenario) is cached too."""
    if scenario is None:
        current = _current(database_path(), database().epoch("data"))
        if current is not None:
            return current
    return engine.apply(require_facts(), scenario or Scenario())


@st.cache_data(max_entries=32, show_spinner=False)
def _simulation(path: str, data_epoch: int, spec: str) -> risk.Simulation:
    return risk.simulate(require_facts(), loads(spec))


def simulation(scenario: Scenario) -> risk.Simulation:
    """The Monte Carlo simulation of a scenario (default draws and seed), kept per scenario JSON and data epoch."""
    return _simulation(database_path(), database().epoch("data"), scenario.dumps())


@st.cache_data(max_entries=32, show_spinner=False)
def _trajectory(path: str, data_epoch: int, spec: str) -> trajectory.Trajectory:
    return trajectory.trajectory(require_facts(), loads(spec))


def projection(scenario: Scenario) -> trajectory.Trajectory:
    """The 3-year trajectory of a scenario, kept per scenario JSON and data epoch."""
    return _trajectory(database_path(), database().epoch("data"), scenario.dumps())
