"""The office's network file: its profile and indicators for its reference year, written as Parquet by DuckDB —
anonymised by construction (no partner row is ever read into it, only figures over all partners)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.errors import Refused
from otmodel.model import engine
from otmodel.network import indicators, schema, settings


class ExportError(Refused):
    """A network file that cannot be written (French message)."""


def office_rows(con: duckdb.DuckDBPyConnection, exported_at: datetime | None = None,
                saved: settings.NetworkSettings | None = None) -> pd.DataFrame:
    """The office's rows of the network file, computed from its database (read only); `saved`: its network
    settings (population, beds), read from the database when not given."""
    facts = engine.load_facts(con)
    current = engine.apply(facts, engine.Scenario())
    saved = saved or settings.load(con)
    profile = indicators.profile(con, facts, saved.population, saved.tourist_beds)
    values = indicators.measure(con, facts, current)
    return schema.rows(profile, values, exported_at or datetime.now())


def file_name(office: str, year: int) -> str:
    """« reseau_office-de-tourisme-cote-des-pins-fictif_2025.parquet »: the office and the year, readable on a
    shared drive, safe on every system."""
    slug = re.sub(r"_+", "-", vocab.normalise(office))[:60].strip("-") or "office"
    return f"reseau_{slug}_{year}{schema.SUFFIX}"


def check_output(path: str | Path) -> Path:
    """The output path, or ExportError when it is not a .parquet file in a folder that exists."""
    path = Path(path)
    if path.suffix.lower() != schema.SUFFIX:
        raise ExportError(f"« {path} » : un fichier réseau s'écrit en {schema.SUFFIX} (Parquet) — par exemple "
                          f"--out {path.with_suffix(schema.SUFFIX).name}.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez un autre chemin.")
    if path.is_dir():
        raise ExportError(f"« {path} » est un dossier : donnez un nom de fichier .parquet.")
    return path


def write(frames: Iterable[pd.DataFrame], path: str | Path) -> Path:
    """Rows of the network file written to `path` by DuckDB (COPY … TO … (FORMAT parquet)), on a connection of
    its own in memory; all or nothing: written beside, then moved into place."""
    path = Path(path)
    frame = pd.concat(list(frames), ignore_index=True)
    handle, temporary = tempfile.mkstemp(prefix=".reseau-", suffix=schema.SUFFIX, dir=path.parent or ".")
    os.close(handle)
    try:
        with duckdb.connect() as con:
            con.register("network_rows", frame)
            con.sql(schema.typed_select("network_rows")).write_parquet(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def export(con: duckdb.DuckDBPyConnection, out: str | Path) -> Path:
    """Write the office's network file to `out` (a .parquet path); every refusal comes before anything is
    written."""
    path = check_output(out)
    return write([office_rows(con)], path)


def to_bytes(con: duckdb.DuckDBPyConnection) -> tuple[str, bytes]:
    """The office's network file as (file name, bytes), for a download."""
    frame = office_rows(con)
    name = file_name(str(frame.at[0, "office"]), int(frame.at[0, "annee"]))
    with tempfile.TemporaryDirectory(prefix="otmodel-reseau-") as folder:
        return name, write([frame], Path(folder) / name).read_bytes()
