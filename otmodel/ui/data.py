"""Database access for the pages: one connection per process, one cursor per session, cached facts.

DuckDB refuses concurrent calls on one connection, so each browser session gets its own cursor.

What the pages read often (the engine's facts, the current situation, the aggregates of the Synthèse) is
cached per database file and per *data version*: `version(scope)` grows when something of that scope is
written, and a cache entry keyed by an older version is never read again. Two scopes, because a write only
invalidates what it changed: "data" (the territory: structure, partners, offers, subscriptions, surveys —
imports, edits, restores) and "scenarios" (saved scenarios). Saving a scenario moves only the latter, so
ten sessions saving at once do not make every session reload the territory.

Cached objects are shared by every session of the process (st.cache_resource, no copy per call: facts are
read-only — the engine and the pages build new frames, never write into them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import duckdb
import streamlit as st

from otmodel import db
from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import Scenario

_CURSOR_KEY = "_otmodel_cursor"
SCOPES = ("data", "scenarios")
T = TypeVar("T")


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


def fresh_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of its own for one action (a save from a button): under load, a click's callback was seen
    running while the session's cursor was still busy with the run it interrupted (DuckDB refuses instead of
    waiting: « connection is busy »), and the save was lost."""
    cursor()  # opens the database, or stops with its French message
    return _connection(database_path()).cursor()


class _Versions:
    """Per database file: a counter per scope, shared by every session of the process (the app is the only
    writer while it runs: DuckDB's file lock keeps the command line out)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counters = dict.fromkeys(SCOPES, 0)


@st.cache_resource(show_spinner=False)
def _versions(path: str) -> _Versions:
    return _Versions()


def version(scope: str = "data") -> int:
    """The version of a scope of the current database: it grows with every write of that scope."""
    return _versions(database_path()).counters[scope]


def invalidate(scope: str = "data") -> None:
    """After a write: what was cached for that scope is stale ("data": an import, an edit, a restore — it also
    covers the scenarios; "scenarios": a scenario saved, renamed or deleted)."""
    versions = _versions(database_path())
    with versions.lock:
        for name in SCOPES if scope == "data" else (scope,):
            versions.counters[name] += 1


@st.cache_resource(max_entries=64, show_spinner=False)
def _remembered(path: str, data_version: int, name: str, args: tuple, _compute: Callable) -> object:
    return _compute(cursor(), *args)


def cached(compute: Callable[..., T], *args: object) -> T:
    """`compute(cursor, *args)` — a named query of otmodel — computed once per database and data version,
    then shared by every session (aggregates that do not change between reruns)."""
    name = f"{compute.__module__}.{compute.__qualname__}"
    return _remembered(database_path(), version("data"), name, args, compute)


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
