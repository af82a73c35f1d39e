"""The one module that owns the database: path, connections, migrations, transactions — and `Database`, the
one door the app goes through.

DuckDB allows a single read-write process per file and refuses concurrent calls on one connection
(« connection is busy »). The command line and the tests open a connection (`connect`) and call the domain
with it. The app keeps one `Database` per file: each thread reads and writes on a cursor of its own, and every
write goes through `Database.write`, which checks the role, runs the transaction, records the change and moves
the cache epoch of what it changed — in one place (the model: datasette's `execute` / `execute_write_fn`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from otmodel.errors import Conflict, Refused

T = TypeVar("T")
DEFAULT_DB = Path("data") / "otmodel.duckdb"

# Numbered migrations: each runs once, inside a transaction, and is recorded in schema_version.
# Never edit a released migration: add the next number.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE structure (
        nom VARCHAR NOT NULL,
        statut_juridique VARCHAR NOT NULL,
        annee INTEGER NOT NULL,
        objectif DOUBLE NOT NULL,
        base_objectif VARCHAR NOT NULL,
        cout_horaire DOUBLE NOT NULL,
        heures_disponibles DOUBLE NOT NULL
    );
    CREATE TABLE partenaires (
        id VARCHAR PRIMARY KEY,
        nom VARCHAR NOT NULL,
        filiere VARCHAR NOT NULL,
        commune VARCHAR,
        capacite INTEGER,
        statut VARCHAR NOT NULL,
        depuis INTEGER,
        club_pro BOOLEAN NOT NULL,
        email VARCHAR
    );
    CREATE TABLE offres (
        id VARCHAR PRIMARY KEY,
        nom VARCHAR NOT NULL,
        famille VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        sphere VARCHAR NOT NULL,
        prix DOUBLE NOT NULL,
        filieres_cibles VARCHAR[] NOT NULL,
        cout_fixe DOUBLE NOT NULL,
        cout_unitaire DOUBLE NOT NULL,
        heures_fixes DOUBLE NOT NULL,
        heures_unitaires DOUBLE NOT NULL,
        portage VARCHAR NOT NULL,
        alignement INTEGER NOT NULL,
        cycle VARCHAR NOT NULL,
        prix_reference DOUBLE,
        theme_besoin VARCHAR
    );
    CREATE TABLE composition_packs (
        pack_id VARCHAR NOT NULL,
        offre_id VARCHAR NOT NULL,
        PRIMARY KEY (pack_id, offre_id)
    );
    CREATE TABLE souscriptions (
        partenaire_id VARCHAR NOT NULL,
        offre_id VARCHAR NOT NULL,
        annee INTEGER NOT NULL,
        montant DOUBLE NOT NULL
    );
    CREATE TABLE besoins (
        partenaire_id VARCHAR NOT NULL,
        theme VARCHAR NOT NULL,
        importance INTEGER NOT NULL,
        satisfaction INTEGER,
        commentaire VARCHAR
    );
    CREATE TABLE prix_acceptables (
        partenaire_id VARCHAR NOT NULL,
        offre_id VARCHAR NOT NULL,
        trop_bon_marche DOUBLE NOT NULL,
        bon_marche DOUBLE NOT NULL,
        cher DOUBLE NOT NULL,
        trop_cher DOUBLE NOT NULL
    );
    CREATE TABLE scenarios (
        name VARCHAR PRIMARY KEY,
        spec JSON NOT NULL,
        author VARCHAR,
        notes VARCHAR,
        status VARCHAR NOT NULL DEFAULT 'brouillon',
        decision VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    """,
    # Gabor–Granger answers: would this partner buy this offer at this price?
    2: """
    CREATE TABLE reponses_prix (
        partenaire_id VARCHAR NOT NULL,
        offre_id VARCHAR NOT NULL,
        prix DOUBLE NOT NULL,
        accepte BOOLEAN NOT NULL
    );
    """,
    # Import history (who, when, which file, what it did) and saved column/value mappings of foreign files.
    3: """
    CREATE TABLE import_history (
        id INTEGER PRIMARY KEY,
        imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        author VARCHAR,
        template VARCHAR NOT NULL,
        file_name VARCHAR,
        mapping VARCHAR,
        rows_read INTEGER NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        replaced INTEGER NOT NULL,
        rejected INTEGER NOT NULL
    );
    CREATE TABLE import_mappings (
        name VARCHAR PRIMARY KEY,
        template VARCHAR NOT NULL,
        spec JSON NOT NULL,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    """,
    # Trust: a saved scenario's version (optimistic locking: saving over a version changed since it was
    # opened is refused) and who saved it last; `data_changes` gets one row per committed write, so every
    # open session notices a change made by another one (`data_version`). Rows are only ever appended:
    # concurrent writers never update the same row (DuckDB would refuse one of them).
    4: """
    ALTER TABLE scenarios ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE scenarios ADD COLUMN updated_by VARCHAR;
    CREATE SEQUENCE data_change_ids;
    CREATE TABLE data_changes (
        id BIGINT PRIMARY KEY DEFAULT nextval('data_change_ids'),
        changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    """,
    # Portfolio: the field-listening log, the team and its skills, the skills and carriers of each offer,
    # and the decisions of the yearly review (who, when, what, why).
    5: """
    CREATE TABLE rencontres (
        id INTEGER PRIMARY KEY,
        date DATE NOT NULL,
        partenaire_id VARCHAR,
        nom VARCHAR,
        filiere VARCHAR,
        format VARCHAR NOT NULL,
        themes VARCHAR,
        besoin VARCHAR,
        verbatim VARCHAR,
        suite VARCHAR,
        statut_suite VARCHAR
    );
    CREATE TABLE equipe (
        nom VARCHAR PRIMARY KEY,
        heures_disponibles DOUBLE NOT NULL,
        competences VARCHAR
    );
    ALTER TABLE offres ADD COLUMN competences VARCHAR;
    ALTER TABLE offres ADD COLUMN porteurs VARCHAR;
    CREATE TABLE revue_decisions (
        id INTEGER PRIMARY KEY,
        decided_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        author VARCHAR,
        offre_id VARCHAR NOT NULL,
        decision VARCHAR NOT NULL,
        suggestion VARCHAR,
        reason VARCHAR
    );
    """,
    # The presentation's choices (one row: scenarios shown, the one recommended, the director's texts) and the
    # room's votes: one round per vote opened, one row per browser session and round.
    6: """
    CREATE TABLE presentation_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scenarios JSON NOT NULL,
        retained VARCHAR,
        texts JSON NOT NULL,
        partner_names BOOLEAN NOT NULL DEFAULT false,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    CREATE TABLE vote_rounds (
        id INTEGER PRIMARY KEY,
        scenarios JSON NOT NULL,
        opened_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        closed_at TIMESTAMP
    );
    CREATE TABLE votes (
        round_id INTEGER NOT NULL,
        voter VARCHAR NOT NULL,
        ratings JSON NOT NULL,
        favourite VARCHAR,
        comment VARCHAR,
        voted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (round_id, voter)
    );
    """,
    # One name per idea (docs/architecture.md): the review's decisions are saved work, not a template, so their
    # table speaks English like the others of its kind, and the offer is `offer_id` as in scenario files.
    7: """
    ALTER TABLE revue_decisions RENAME TO review_decisions;
    ALTER TABLE review_decisions RENAME COLUMN offre_id TO offer_id;
    """,
    # Lists followed from year to year (a national list cut to the territory, a regional export): which businesses
    # each list brought, under its name (its saved mapping), so that a newer list says which ones it no longer holds.
    8: """
    CREATE TABLE list_members (
        list_name VARCHAR NOT NULL,
        partenaire_id VARCHAR NOT NULL,
        PRIMARY KEY (list_name, partenaire_id)
    );
    """,
    # Purchase intent (Newton–Miller–Smith): at her « bon marché » and « cher » prices, would the partner buy?
    # 1 = certainement pas … 5 = certainement; empty when the survey did not ask.
    9: """
    ALTER TABLE prix_acceptables ADD COLUMN intention_bon_marche INTEGER;
    ALTER TABLE prix_acceptables ADD COLUMN intention_cher INTEGER;
    """,
    # After the decision: an offer's description for the partners' guide, the date of a subscription (the year is
    # followed as it comes), the scenario applied from a year (its spec as applied: the plan does not move when
    # the saved scenario is edited later) and the guide's texts (one row: introduction, contact).
    10: """
    ALTER TABLE offres ADD COLUMN description VARCHAR;
    ALTER TABLE souscriptions ADD COLUMN date DATE;
    CREATE TABLE applied_scenarios (
        year INTEGER PRIMARY KEY,
        scenario VARCHAR NOT NULL,
        spec JSON NOT NULL,
        base_year INTEGER NOT NULL,
        applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        applied_by VARCHAR
    );
    CREATE TABLE guide_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        introduction VARCHAR,
        contact VARCHAR,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    """,
    # The office in the network of offices: population and tourist beds (optional, for a touristicité ratio
    # entered on the Réseau page), and the network folder and peer group the Présentation shows, once chosen.
    11: """
    CREATE TABLE network_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        population INTEGER,
        tourist_beds INTEGER,
        folder VARCHAR,
        peer_group VARCHAR,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    """,
    # The room's vote counts each participant once: a ballot sent again replaces hers, and the results say how
    # many earlier ballots were replaced (they do not count).
    12: """
    ALTER TABLE votes ADD COLUMN replaced INTEGER NOT NULL DEFAULT 0;
    """,
}

# Bookkeeping tables: neither territory data nor saved work, so a backup leaves them out and a restore keeps
# them (the data version must only grow, or a session could miss a restore).
BOOKKEEPING_TABLES = ("schema_version", "data_changes")

# Tables holding the territory's data, in the order they must be loaded (references first).
DATA_TABLES = (
    "structure",
    "partenaires",
    "offres",
    "composition_packs",
    "souscriptions",
    "besoins",
    "prix_acceptables",
    "reponses_prix",
    "rencontres",
    "equipe",
)


class DatabaseError(Refused):
    """A database problem explained in French for the user (locked file, unreadable file…)."""


class DatabaseLocked(DatabaseError):
    """Another process holds the file open (the app, an import): DuckDB lets one process write at a time."""


def default_path() -> Path:
    """The database file: $OTMODEL_DB, else data/otmodel.duckdb."""
    return Path(os.environ.get("OTMODEL_DB") or DEFAULT_DB)


def connect(path: str | Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate) the database file. Raises DatabaseError with a French message."""
    path = Path(path) if path else default_path()
    if read_only and not path.exists():
        raise DatabaseError(f"La base « {path} » n'existe pas. Créez-la avec : python -m otmodel init --db {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(
                f"La base « {path} » est déjà ouverte en écriture par un autre programme "
                "(l'application ou un import en cours). Fermez-le, puis recommencez."
            ) from exc
        raise DatabaseError(f"Impossible d'ouvrir la base « {path} » : {exc}") from exc
    except duckdb.Error as exc:
        raise DatabaseError(f"« {path} » n'est pas une base otmodel lisible : {exc}") from exc
    if not read_only:
        migrate(con)
    return con


def check_not_held(path: str | Path) -> None:
    """Raise DatabaseLocked if another process holds the file (the app, an import) — before replacing it: on Linux
    that process would go on writing to a file no longer there, on Windows the removal fails. A file DuckDB cannot
    read is nobody's: it may be replaced."""
    try:
        connect(path, read_only=True).close()
    except DatabaseLocked:
        raise
    except DatabaseError:
        pass


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest migration applied, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations not yet recorded, each in its own transaction. Returns the new version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    current = schema_version(con)
    for version in sorted(v for v in MIGRATIONS if v > current):
        with transaction(con, record=False):
            con.execute(MIGRATIONS[version])
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    return schema_version(con)


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` is inside a transaction. DuckDB has no flag for it (and a BEGIN inside one aborts it), but
    outside a transaction every statement is a transaction of its own: two reads of txid_current() differ."""
    first = con.execute("SELECT txid_current()").fetchone()[0]
    return con.execute("SELECT txid_current()").fetchone()[0] == first


def _abort(con: duckdb.DuckDBPyConnection) -> None:
    """Make the open transaction refuse every further statement, as DuckDB does after a failed statement, until
    the outermost block rolls it back: nothing written before an inner failure may be committed."""
    with suppress(duckdb.Error):
        con.execute("SELECT error('otmodel : un bloc de cette transaction a échoué')")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, record: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends normally, roll back on any exception.

    The commit also appends a row to `data_changes` (unless `record` is False: migrations, votes), in the same
    transaction, so the data version moves exactly when something was written.

    Nestable, as sqlite-utils' `Database.atomic`: a block opened while `con` is already in a transaction joins
    it, and the outermost block alone commits or rolls back. DuckDB has no savepoints, so an inner block cannot
    be undone alone: an exception leaving it aborts the whole transaction — even if code further out catches
    it, the outermost block then fails instead of committing half of the work.
    """
    if in_transaction(con):
        try:
            yield con
        except BaseException:
            _abort(con)
            raise
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        # On a transaction an inner block aborted, COMMIT would roll back in silence: this statement fails instead.
        con.execute("INSERT INTO data_changes DEFAULT VALUES" if record else "SELECT 1")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that grows with every committed write (import, edit, scenario save, restore): cheap to read at
    each page run, so a session sees that another one changed the data."""
    return con.execute("SELECT coalesce(max(id), 0) FROM data_changes").fetchone()[0]


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per data table, in loading order (0 for a table an older, read-only database does not have yet)."""
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    tables = [table for table in DATA_TABLES if table in present]
    # Table names cannot be query parameters; these come from the constant DATA_TABLES, never from users.
    sql = " UNION ALL ".join("SELECT '" + table + "', count(*) FROM " + table for table in tables)
    counts = dict(con.execute(sql).fetchall()) if tables else {}
    return {table: counts.get(table, 0) for table in DATA_TABLES}


class WriteConflict(Conflict):
    """Another session wrote the same rows at the same moment: DuckDB refused this write, which left nothing."""

    def __init__(self) -> None:
        super().__init__("Une autre session a enregistré les mêmes données au même instant : rien n'a été écrit. "
                         "Vérifiez ce qui est affiché maintenant, puis recommencez.")


@dataclass(frozen=True)
class Scope:
    """What a kind of write changes: who may make it, whether it moves the data version (`data_changes`, which
    tells every open session that something changed), the cache epochs it makes stale, and whether its writes
    run one at a time (`serialized`: with every other write of a serialized scope)."""

    editors_only: bool
    recorded: bool
    stale: tuple[str, ...]
    serialized: bool = False


# "data": the territory (imports, edits, restores, the log of meetings) — everything computed from it is stale,
# saved scenarios' figures included. "scenarios": saved scenarios only — the territory's cached facts stay, so
# ten sessions saving at once do not make every session reload the territory. "choices": the director's recorded
# choices (the review's decisions, the presentation's settings), of which nothing is cached. "vote_rounds": the
# presenter opens and closes the room's vote; "votes": any participant votes — neither is news for the other
# sessions (a vote every second would otherwise tell every open session that the data changed). Ballots and rounds
# are serialized: DuckDB would let a ballot that read « open » commit after « Clore le vote » (they write different
# tables), and two ballots of one voter at once would conflict; one at a time, a ballot either lands before the
# closing or sees it — a room of 60 waits a few milliseconds each.
SCOPES: dict[str, Scope] = {
    "data": Scope(editors_only=True, recorded=True, stale=("data", "scenarios")),
    "scenarios": Scope(editors_only=True, recorded=True, stale=("scenarios",)),
    "choices": Scope(editors_only=True, recorded=True, stale=()),
    "vote_rounds": Scope(editors_only=True, recorded=False, stale=(), serialized=True),
    "votes": Scope(editors_only=False, recorded=False, stale=(), serialized=True),
}


class Database:
    """The one door to a database file for a process that serves many sessions (the app).

    - Every thread gets a cursor of its own, made on first use: a cursor is never used by two threads, so DuckDB
      never answers « connection is busy » (a click's callback may start while an interrupted run is still in a
      query). Cursors of threads that ended are closed when the next one is made.
    - `read(query, …)` runs a named query of otmodel on this thread's cursor.
    - `write(action, …, scope=…)` is the only way to write: the role check (`guard`, for scopes reserved to
      editors), one transaction around the whole action (the domain's own `transaction` blocks join it), the
      `data_changes` row, and the epochs of the scope's caches moved once it is committed.

    Epochs count the writes of each scope in this process — the only writer while it runs (DuckDB's file lock
    keeps the command line out): what is cached under an older epoch is never read again.
    """

    def __init__(self, path: str | Path | None = None, *, guard: Callable[[], None] = lambda: None) -> None:
        self.path = Path(path) if path else default_path()
        self._root = connect(self.path)
        self._guard = guard
        self._lock = threading.Lock()
        self._serial = threading.Lock()  # the writes of serialized scopes, one at a time
        self._cursors: dict[threading.Thread, duckdb.DuckDBPyConnection] = {}
        self._epochs = dict.fromkeys(("data", "scenarios"), 0)

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # Keyed by the thread itself, not its id: a new thread soon gets the id of one that ended, and would take
        # its cursor while another thread closes it as the ended thread's (a room of phones hit it).
        thread = threading.current_thread()
        found = self._cursors.get(thread)
        if found is None:
            with self._lock:
                for gone in [t for t in self._cursors if not t.is_alive()]:
                    self._cursors.pop(gone).close()
                found = self._cursors[thread] = self._root.cursor()
        return found

    def read(self, query: Callable[..., T], *args: object, **kwargs: object) -> T:
        """`query(cursor, *args, **kwargs)` on this thread's cursor."""
        return query(self._cursor(), *args, **kwargs)

    def write(self, action: Callable[..., T], *args: object, scope: str = "data", **kwargs: object) -> T:
        """`action(cursor, *args, **kwargs)` as one write of `scope` (see SCOPES): refused by the guard when the
        scope is for editors, all or nothing, recorded, and the scope's caches stale once it is committed.
        A write that loses a race with another session's commit raises WriteConflict (French)."""
        rules = SCOPES[scope]
        if rules.editors_only:
            self._guard()
        cursor = self._cursor()
        try:
            with self._serial if rules.serialized else nullcontext(), transaction(cursor, record=rules.recorded):
                result = action(cursor, *args, **kwargs)
        except duckdb.TransactionException as exc:
            raise WriteConflict() from exc
        self.invalidate(scope)
        return result

    def invalidate(self, scope: str = "data") -> None:
        """Make the caches of `scope` stale, as a write of it does (the bench's cold page runs call it alone)."""
        with self._lock:
            for name in SCOPES[scope].stale:
                self._epochs[name] += 1

    def epoch(self, scope: str = "data") -> int:
        """How many writes of `scope` ("data" or "scenarios") this process has made: a cache key."""
        return self._epochs[scope]

    def version(self) -> int:
        """The data version now (otmodel.db.data_version): it grows with every recorded write, from any session."""
        return data_version(self._cursor())

    def close(self) -> None:
        with self._lock:
            for cursor in self._cursors.values():
                cursor.close()
            self._cursors.clear()
            self._root.close()
