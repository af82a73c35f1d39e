"""The one module that owns the database: path, connections, migrations and transactions.

DuckDB allows a single read-write process per file and refuses concurrent calls on one connection,
so callers keep one connection per process and take a cursor per thread or session (`cursor`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from otmodel.errors import Refused

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
    # Purchase intent (Newton–Miller–Smith): at her « bon marché » and « cher » prices, would the partner buy?
    # 1 = certainement pas … 5 = certainement; empty when the survey did not ask.
    7: """
    ALTER TABLE prix_acceptables ADD COLUMN intention_bon_marche INTEGER;
    ALTER TABLE prix_acceptables ADD COLUMN intention_cher INTEGER;
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
            raise DatabaseError(
                f"La base « {path} » est déjà ouverte en écriture par un autre programme "
                "(l'application ou un import en cours). Fermez-le, puis recommencez."
            ) from exc
        raise DatabaseError(f"Impossible d'ouvrir la base « {path} » : {exc}") from exc
    except duckdb.Error as exc:
        raise DatabaseError(f"« {path} » n'est pas une base otmodel lisible : {exc}") from exc
    if not read_only:
        migrate(con)
    return con


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


# Connections (or cursors) inside a `transaction` block, by id: DuckDB cannot tell whether one is open
# (a BEGIN inside a transaction aborts it). Entries live only while their outermost block runs.
_OPEN_TRANSACTIONS: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, record: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends normally, roll back on any exception.

    The commit also appends a row to `data_changes` (unless `record` is False: migrations), in the same
    transaction, so the data version moves exactly when something was written.

    Nestable: inside another `transaction` block of the same connection (or cursor), the block joins it,
    and the outermost block alone commits or rolls back — as sqlite-utils' `Database.atomic`, but without
    savepoints, which DuckDB does not have: an inner failure must propagate to undo the whole.
    """
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _OPEN_TRANSACTIONS.add(id(con))
    try:
        yield con
        if record:
            con.execute("INSERT INTO data_changes DEFAULT VALUES")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
    finally:
        _OPEN_TRANSACTIONS.discard(id(con))


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
