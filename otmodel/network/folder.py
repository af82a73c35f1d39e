"""A folder of network files (a shared drive, a USB key collected at the seminar) read with DuckDB
(`read_parquet` over every file at once), each file checked before anything is compared.

A bad file is refused with its French reason while the rest is read: not a Parquet file (a renamed CSV), not an
otmodel network file, another schema version, an empty file; and for one office and year inside a file: a
missing indicator, a value out of range, a bad profile. The same office and year in two files: the newest
(`exporte_le`) is kept and the other named. Nothing is written anywhere: DuckDB works in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused
from otmodel.network import schema
from otmodel.network.indicators import BY_KEY, INDICATORS, Indicator

PROFILE = ["office", "statut_juridique", "annee", "entreprises", "communes", "population", "lits_touristiques",
           "exporte_le"]
MAGIC = b"PAR1"  # the first and last four bytes of every Parquet file
OWN_DATABASE = "(votre base)"  # where the office's own figures come from when computed from its database


class FolderError(Refused):
    """A folder that cannot be read at all (French message)."""


@dataclass(frozen=True)
class Refusal:
    file: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class Network:
    """The offices read: `offices` one row per office and year (its profile, and `fichier`: where it was read);
    `values` the indicators of each, one column per indicator, row for row with `offices`; what was refused; how
    many files were read, and the other files of the folder (ignored)."""

    offices: pd.DataFrame
    values: pd.DataFrame
    refused: tuple[Refusal, ...] = ()
    files: int = 0
    ignored: tuple[str, ...] = field(default=())

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.offices["annee"].unique())

    def names(self) -> list[str]:
        return sorted(self.offices["office"].unique(), key=vocab.normalise)

    def with_office(self, rows: pd.DataFrame) -> Network:
        """The network with one office's rows (computed from its database, not written) in place of what the
        folder holds for the same office and year: its database is the latest truth."""
        with _memory() as con:
            con.register("office_rows", rows)
            own = _checked(con, Source("office_rows", []), {OWN_DATABASE: OWN_DATABASE})
        office, year = str(rows.at[0, "office"]), int(rows.at[0, "annee"])
        keep = ~((self.offices["office"] == office) & (self.offices["annee"] == year)).to_numpy()
        return replace(self, offices=pd.concat([self.offices[keep], own.offices], ignore_index=True),
                       values=pd.concat([self.values[keep], own.values], ignore_index=True),
                       refused=self.refused + own.refused)


def _memory() -> duckdb.DuckDBPyConnection:
    """A DuckDB connection in memory: a compare writes no file, the office's database least of all."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con


def files_of(folder: str | Path) -> tuple[list[Path], list[str]]:
    """The .parquet files under `folder` (sub-folders too), and the names of the other files (ignored)."""
    root = Path(folder).expanduser()
    if not str(folder).strip() or not root.is_dir():
        raise FolderError(f"Le dossier « {folder} » est introuvable : vérifiez le chemin (un dossier partagé, une "
                          "clé USB…), ou déposez les fichiers un par un.")
    found = sorted(p for p in root.rglob("*") if p.is_file())
    parquet = [p for p in found if p.suffix.lower() == schema.SUFFIX]
    if not parquet:
        raise FolderError(f"Aucun fichier {schema.SUFFIX} dans « {folder} » : chaque office y dépose le fichier "
                          "que donne son bouton « Exporter mes indicateurs » (page Réseau).")
    return parquet, [str(p.relative_to(root)) for p in found if p.suffix.lower() != schema.SUFFIX]


def read_folder(folder: str | Path) -> Network:
    """Read and check every network file of a folder."""
    paths, ignored = files_of(folder)
    root = Path(folder).expanduser()
    return replace(read_files(paths, [str(p.relative_to(root)) for p in paths]), ignored=tuple(ignored))


def read_files(paths: Sequence[Path], names: Sequence[str] | None = None) -> Network:
    """Read and check network files; `names` are how each file is called in refusals (its name in the folder,
    or the name of a dropped file)."""
    names = list(names) if names is not None else [p.name for p in paths]
    by_path = {str(p): name for p, name in zip(paths, names, strict=True)}
    refused: list[Refusal] = []
    pending = list(by_path)
    with _memory() as con:
        while pending:  # every file at once; a file DuckDB cannot read as Parquet is refused, the others read again
            try:
                network = _checked(con, Source("read_parquet(?, filename = true, union_by_name = true, "
                                               "hive_partitioning = false)", [pending]),
                                   {path: by_path[path] for path in pending})
                break
            except duckdb.Error as exc:
                bad = _unreadable(con, pending, str(exc))
                refused += [Refusal(by_path[path], _not_parquet(path)) for path in bad]
                pending = [path for path in pending if path not in bad]
        else:
            network = _empty()
    return replace(network, refused=tuple(refused) + network.refused, files=len(paths))


def _unreadable(con: duckdb.DuckDBPyConnection, paths: list[str], message: str) -> list[str]:
    """The files an error of read_parquet is about: the one it names, else each file tried alone."""
    named = [path for path in paths if f"'{path}'" in message]
    if named:
        return named[:1]
    bad = []
    for path in paths:
        try:
            con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchall()
        except duckdb.Error:
            bad.append(path)
    if not bad:
        raise FolderError(f"Les fichiers du réseau n'ont pas pu être lus ensemble : {message.splitlines()[0]}")
    return bad


def _not_parquet(path: str) -> str:
    """Why a file is not a Parquet file, in words: a text file renamed, or a damaged one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        return f"illisible ({exc.strerror or exc}) : vérifiez qu'il est bien sur le disque et lisible."
    if head[:4] == MAGIC:
        return "fichier Parquet abîmé ou incomplet (copie interrompue ?) : exportez-le à nouveau."
    if head and all(byte in b"\t\r\n" or byte >= 32 for byte in head):
        return ("ce n'est pas un fichier Parquet mais un fichier texte (un CSV renommé en .parquet ?) : exportez "
                "le fichier depuis otmodel (page Réseau, ou python -m otmodel reseau export).")
    return "ce n'est pas un fichier Parquet : exportez le fichier depuis otmodel (page Réseau)."


# --- checking what was read: one pass of DuckDB over every file — a national network is 10 000 office-years and
# 400 000 rows — gives one row per entry (an office and a year in one file) with its profile, its indicators as
# columns, and what the checks need; Python then phrases the few refusals.

ENTRY = ["fichier", "office", "annee"]
KEYS = [indicator.key for indicator in INDICATORS]  # ours, never user text: written into the SQL below


@dataclass(frozen=True)
class Source:
    """Where the rows are read from: a table function or a registered frame, with its parameters."""

    sql: str
    params: list


def _typed_columns(types: dict[str, str]) -> str:
    """Every column of the schema in its type: as read when it already has it (every file written by otmodel), cast
    otherwise (NULL where it does not convert), NULL when no file has it; and whether a value was there but not a
    number. Casting only what needs it halves the cost of a national network."""
    parts = []
    for name, kind in schema.COLUMNS.items():
        if name not in types:
            parts.append(f'NULL::{kind} AS "{name}"')
        elif types[name] == kind:
            parts.append(f'"{name}"')
        else:
            parts.append(f'TRY_CAST("{name}" AS {kind}) AS "{name}"')
    if types.get("valeur", "DOUBLE") == "DOUBLE":
        parts.append("false AS unreadable")
    else:
        parts.append('("valeur" IS NOT NULL AND TRY_CAST("valeur" AS DOUBLE) IS NULL) AS unreadable')
    return ", ".join(parts)


def _entries_sql() -> str:
    """One row per entry of the table `rows`: its profile, what the checks need, and its values in the registry's
    order (a list, complete when each indicator is there once)."""
    return f"""
        SELECT filename, coalesce(office, '') AS office, coalesce(annee, -1) AS annee,
               bool_and(format IS NOT DISTINCT FROM '{schema.FORMAT}') AS network,
               min(version) AS low_version, max(version) AS high_version,
               any_value(statut_juridique) AS statut_juridique, any_value(entreprises) AS entreprises,
               any_value(communes) AS communes, any_value(population) AS population,
               any_value(lits_touristiques) AS lits_touristiques, max(exporte_le) AS exporte_le,
               min(indicateur) FILTER (WHERE unreadable) AS unreadable,
               count(position) AS known_rows, count(DISTINCT position) AS known,
               list(coalesce(valeur, 'NaN'::DOUBLE) ORDER BY position) FILTER (WHERE position IS NOT NULL) AS vals
        FROM rows GROUP BY ALL"""


def _values(entries: pd.DataFrame) -> pd.DataFrame:
    """The indicators of each entry as columns (NaN for an entry whose indicators are not each there once)."""
    complete = ((entries["known"] == len(KEYS)) & (entries["known_rows"] == len(KEYS))).to_numpy()
    matrix = np.full((len(entries), len(KEYS)), np.nan)
    if complete.any():
        matrix[complete] = np.array(entries.loc[complete, "vals"].tolist(), dtype=float)
    return pd.DataFrame(matrix, columns=KEYS, index=entries.index)


def _checked(con: duckdb.DuckDBPyConnection, source: Source, names: dict[str, str]) -> Network:
    """The rows of `source` (read from the files `names`: path → name), checked file by file, then entry by
    entry; the entries kept, the newest of each office and year."""
    # Read once into a table, then aggregated: aggregating straight from read_parquet over thousands of files
    # took 40 times longer (measured: 2 000 files, 24 s against 0,6 s once in a table).
    con.execute(f"CREATE OR REPLACE TABLE raw AS SELECT * FROM {source.sql}", source.params)
    types = {row[0]: row[1] for row in con.execute("DESCRIBE raw").fetchall()}
    filename = "filename" if "filename" in types else "'' AS filename"
    keys = "[" + ", ".join(f"'{key}'" for key in KEYS) + "]"
    indicator = "NULL" if "indicateur" not in types else (
        "indicateur" if types["indicateur"] == "VARCHAR" else "CAST(indicateur AS VARCHAR)")
    con.execute(f"CREATE OR REPLACE VIEW rows AS SELECT {filename}, {_typed_columns(types)}, "
                f"list_position({keys}, {indicator}) AS position FROM raw")
    entries = con.execute(_entries_sql()).df()
    entries = pd.concat([entries.drop(columns="vals"), _values(entries)], axis=1)
    entries["fichier"] = entries["filename"].map(names) if "filename" in types else next(iter(names.values()))
    seen = set(entries["fichier"])
    refusals = [Refusal(name, "fichier vide : exportez-le à nouveau.") for name in names.values() if name not in seen]
    bad_files = _file_problems(entries)
    refusals += [Refusal(name, reason) for name, reason in bad_files.items()]
    entries = entries[~entries["fichier"].isin(list(bad_files))]
    problems = _entry_problems(con, entries)
    refusals += list(problems.values())
    kept, duplicates = _newest_only(entries[~entries.index.isin(list(problems))])
    kept = kept.sort_values(["office", "annee"]).reset_index(drop=True)
    offices = kept[[*PROFILE, "fichier"]].astype({"annee": int})
    return Network(offices, kept[KEYS].astype(float), tuple(refusals + duplicates))


def _file_problems(entries: pd.DataFrame) -> dict[str, str]:
    """Files refused whole: not an otmodel network file, another schema version."""
    files = entries.groupby("fichier").agg(network=("network", "all"), low=("low_version", "min"),
                                           high=("high_version", "max"))
    problems: dict[str, str] = {}
    for name in files.index[~files["network"].astype(bool)]:
        problems[name] = (f"ce n'est pas un fichier réseau otmodel (colonne « format » = {schema.FORMAT} absente) : "
                          "exportez-le depuis otmodel (page Réseau, ou python -m otmodel reseau export).")
    other = files[files["network"].astype(bool) & ~((files["low"] == schema.VERSION)
                                                    & (files["high"] == schema.VERSION))]
    for name, row in other.iterrows():
        found = "absente" if pd.isna(row["high"]) else fmt.number(row["high"])
        advice = ("mettez otmodel à jour pour le lire." if pd.notna(row["high"]) and row["high"] > schema.VERSION
                  else "exportez-le à nouveau avec cette version d'otmodel.")
        problems[name] = (f"version du schéma {found}, cette version d'otmodel lit la version {schema.VERSION} : "
                          + advice)
    return problems


def _who(office: str, year: float) -> str:
    return f"« {office or '(office sans nom)'} » {int(year) if year != -1 else '(sans année)'}"


def _entry_problems(con: duckdb.DuckDBPyConnection, entries: pd.DataFrame) -> dict[object, Refusal]:
    """Each entry refused (its row label) with its first reason: a bad profile, an indicator twice, missing
    indicators, a value that is not a number, a value out of range."""
    values = entries[KEYS].astype(float)
    low = pd.Series({i.key: i.low for i in INDICATORS}, dtype=float)
    high = pd.Series({i.key: i.high for i in INDICATORS}, dtype=float)
    outside = (values.lt(low) | values.gt(high)).to_numpy()
    checks: list[tuple[pd.Series | np.ndarray, Callable[[int, pd.Series], str]]] = [
        (entries[column].isna() | (entries[column].astype(str).str.strip().isin(["", "-1"])),
         lambda i, row, c=column: f"la colonne « {c} » est vide ou illisible : exportez le fichier à nouveau.")
        for column in schema.REQUIRED]
    checks.append((entries["statut_juridique"].notna() & ~entries["statut_juridique"].isin(
        list(vocab.STATUTS_JURIDIQUES)), lambda i, row: f"statut juridique « {row['statut_juridique']} » inconnu "
                                                        f"(attendus : {', '.join(vocab.STATUTS_JURIDIQUES)})."))
    for column, (lowest, highest) in schema.PROFILE_RANGES.items():
        checks.append((_outside(entries[column], lowest, highest),
                       lambda i, row, c=column, lo=lowest, hi=highest: f"« {c} » vaut {fmt.number(row[c])}, hors des "
                       f"valeurs possibles ({_bounds(lo, hi)}) : corrigez le profil et exportez à nouveau."))
    checks += [
        (entries["known_rows"] > entries["known"], lambda i, row: _doubled(con, row)),
        (entries["known"] < len(KEYS), lambda i, row: _missing(con, row)),
        (entries["unreadable"].notna(), lambda i, row: f"la valeur de « {row['unreadable']} » n'est pas un nombre : "
                                                       "exportez le fichier à nouveau."),
        (outside.any(axis=1), lambda i, row: _out_of_range(BY_KEY[KEYS[outside[i].argmax()]],
                                                           values.iat[i, outside[i].argmax()])),
    ]
    refused: dict[object, Refusal] = {}
    for mask, reason in checks:
        for position in np.asarray(mask, dtype=bool).nonzero()[0]:
            row = entries.iloc[position]
            if entries.index[position] not in refused:
                refused[entries.index[position]] = Refusal(row["fichier"], f"{_who(row['office'], row['annee'])} : "
                                                                           f"{reason(position, row)}")
    return refused


def _keys_of(con: duckdb.DuckDBPyConnection, row: pd.Series) -> pd.Series:
    """How many times each indicator is in one entry (only for an entry refused: its reason names them)."""
    return con.execute("SELECT indicateur, count(*) AS n FROM rows WHERE filename = ? AND coalesce(office, '') = ? "
                       "AND coalesce(annee, -1) = ? AND position IS NOT NULL GROUP BY indicateur",
                       [row["filename"], row["office"], int(row["annee"])]).df().set_index("indicateur")["n"]


def _doubled(con: duckdb.DuckDBPyConnection, row: pd.Series) -> str:
    counts = _keys_of(con, row)
    return (f"l'indicateur « {counts[counts > 1].index[0]} » y figure plusieurs fois : exportez le fichier à "
            "nouveau.")


def _missing(con: duckdb.DuckDBPyConnection, row: pd.Series) -> str:
    present = set(_keys_of(con, row).index)
    missing = [key for key in KEYS if key not in present]
    shown = ", ".join(missing[:3]) + (f" et {len(missing) - 3} autres" if len(missing) > 3 else "")
    plural = "s" if len(missing) > 1 else ""
    return (f"{len(missing)} indicateur{plural} manquant{plural} ({shown}) : exportez le fichier à nouveau avec "
            "cette version d'otmodel.")


def _out_of_range(indicator: Indicator, value: float) -> str:
    return (f"« {indicator.label} » vaut {fmt.number(value, 2)}, hors des valeurs possibles "
            f"({_bounds(indicator.low, indicator.high)}) : corrigez les données de l'office et exportez à nouveau.")


def _outside(values: pd.Series, low: float | None, high: float | None) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    too_low = numbers < low if low is not None else False
    too_high = numbers > high if high is not None else False
    return numbers.notna() & (too_low | too_high)


def _bounds(low: float | None, high: float | None) -> str:
    if high is None:
        return f"{fmt.number(low, 0)} ou plus"
    return f"de {fmt.number(low, 0)} à {fmt.number(high, 0)}"


def _newest_only(entries: pd.DataFrame) -> tuple[pd.DataFrame, list[Refusal]]:
    """One entry per office and year: the newest export (then the last file name) is kept, the others named."""
    ordered = entries.sort_values(["office", "annee", "exporte_le", "fichier"], ascending=[True, True, False, False])
    duplicated = ordered.duplicated(["office", "annee"])
    kept = ordered[~duplicated]
    if not duplicated.any():
        return kept, []
    winners = kept.set_index(["office", "annee"])
    refusals = []
    for row in ordered[duplicated].itertuples():
        winner = winners.loc[(row.office, row.annee)]
        refusals.append(Refusal(row.fichier, (
            f"{_who(row.office, row.annee)} figure aussi dans « {winner['fichier']} », exporté plus récemment "
            f"(le {winner['exporte_le']:%d/%m/%Y à %H:%M}) : c'est lui qui est gardé.")))
    return kept, refusals


def _empty() -> Network:
    return Network(pd.DataFrame(columns=[*PROFILE, "fichier"]), pd.DataFrame(columns=KEYS, dtype=float))
