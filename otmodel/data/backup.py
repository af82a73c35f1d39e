"""Backup and restore of the whole database as one file: a ZIP of one Parquet file per table and a manifest.

manifest.json records the application, the schema version, and each table's row count and SHA-256.
Restore refuses a file that is not an otmodel backup, was made at another schema version, or whose
contents do not match the manifest; it then replaces every table in one transaction. A round trip is
exact (see `digest`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb

from otmodel import db
from otmodel.errors import Refused

APPLICATION = "otmodel"
FORMAT = 1


class BackupError(Refused):
    """A backup file that cannot be restored (French message)."""


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the database except the bookkeeping ones (migrations, data version), loading order first."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' "
        "ORDER BY table_name").fetchall() if r[0] not in db.BOOKKEEPING_TABLES]
    ordered = [t for t in db.DATA_TABLES if t in names]
    return ordered + [t for t in names if t not in ordered]


def _quoted(name: str) -> str:
    """A table name from the catalogue, quoted for SQL (it is never user text)."""
    return '"' + name.replace('"', '""') + '"'


def backup_bytes(con: duckdb.DuckDBPyConnection) -> bytes:
    """The whole database as the bytes of a ZIP file."""
    manifest = {"application": APPLICATION, "format": FORMAT, "schema_version": db.schema_version(con),
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "tables": {}}
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables(con):
            path = Path(tmp) / f"{table}.parquet"
            con.execute(f"COPY {_quoted(table)} TO ? (FORMAT parquet)", [str(path)])
            data = path.read_bytes()
            rows = con.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchall()[0][0]
            manifest["tables"][table] = {"file": path.name, "rows": rows,
                                         "sha256": hashlib.sha256(data).hexdigest()}
            archive.writestr(path.name, data)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return out.getvalue()


def backup(con: duckdb.DuckDBPyConnection, path: str | Path) -> dict:
    """Write the backup file; returns its manifest."""
    data = backup_bytes(con)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return read_manifest(data)


def read_manifest(data: bytes) -> dict:
    """The manifest of a backup file, or BackupError if the file is not an otmodel backup."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError("ce fichier n'est pas une sauvegarde otmodel (ZIP avec manifest.json) : "
                          "choisissez un fichier créé par « Sauvegarder ».") from exc
    if not isinstance(manifest, dict) or manifest.get("application") != APPLICATION \
            or not isinstance(manifest.get("tables"), dict):
        raise BackupError("ce fichier n'est pas une sauvegarde otmodel : manifeste inattendu.")
    return manifest


def restore_bytes(con: duckdb.DuckDBPyConnection, data: bytes) -> dict:
    """Replace the whole database by a backup, all or nothing. Returns the manifest restored."""
    manifest = read_manifest(data)
    version = db.schema_version(con)
    if manifest.get("schema_version") != version:
        raise BackupError(f"sauvegarde faite avec la version de schéma {manifest.get('schema_version')}, "
                          f"la base est en version {version} : restaurez-la avec la version d'otmodel qui l'a "
                          "créée, ou dans une base de la même version.")
    current = tables(con)
    if set(manifest["tables"]) != set(current):
        raise BackupError("les tables de la sauvegarde ne correspondent pas à celles de la base : "
                          f"attendu {', '.join(current)}.")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(io.BytesIO(data)) as archive:
        paths = {}
        for table in current:
            entry = manifest["tables"][table]
            try:
                content = archive.read(f"{table}.parquet")
            except KeyError as exc:
                raise BackupError(f"la sauvegarde est incomplète : la table {table} manque.") from exc
            if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
                raise BackupError(f"la sauvegarde est abîmée : le contenu de la table {table} ne correspond "
                                  "pas au manifeste.")
            paths[table] = Path(tmp) / f"{table}.parquet"
            paths[table].write_bytes(content)
        try:
            with db.transaction(con):
                for table in reversed(current):
                    con.execute(f"DELETE FROM {_quoted(table)}")
                for table in current:
                    con.execute(f"INSERT INTO {_quoted(table)} BY NAME SELECT * FROM read_parquet(?)",
                                [str(paths[table])])
                    rows = con.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchall()[0][0]
                    if rows != manifest["tables"][table].get("rows"):
                        raise BackupError(f"table {table} : {rows} lignes lues au lieu de "
                                          f"{manifest['tables'][table].get('rows')} annoncées.")
        except duckdb.Error as exc:
            raise BackupError(f"la sauvegarde ne peut pas être restaurée ({type(exc).__name__}) : "
                              "la base est inchangée.") from exc
    return manifest


def restore(con: duckdb.DuckDBPyConnection, path: str | Path) -> dict:
    """Restore from a backup file (see `restore_bytes`)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"fichier de sauvegarde introuvable : {path}.")
    return restore_bytes(con, path.read_bytes())


def digest(con: duckdb.DuckDBPyConnection) -> str:
    """SHA-256 of every table's rows in a canonical order: equal digests, identical contents."""
    hasher = hashlib.sha256()
    for table in tables(con):
        hasher.update(table.encode())
        for row in con.execute(f"SELECT * FROM {_quoted(table)} ORDER BY ALL").fetchall():
            hasher.update(repr(row).encode())
    return hasher.hexdigest()
