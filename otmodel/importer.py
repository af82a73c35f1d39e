"""Import template files into the database: validate everything first, then write all or nothing.

What an import does to rows already there:
- structure: replaced (one row);
- partenaires, offres: upserted by id (added / updated / unchanged);
- composition_packs: the composition of each pack named in the file is replaced;
- souscriptions: the years contained in the file are replaced;
- besoins, prix_acceptables: the whole survey is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from otmodel.db import transaction
from otmodel.templates import LIST_SEPARATOR, TEMPLATES, Problem, TemplateError, read_template


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    template: str
    rows: int
    added: int
    updated: int
    unchanged: int
    replaced: int = 0

    def __str__(self) -> str:
        text = (f"{self.template} : {self.rows} ligne(s) lue(s) — {self.added} ajoutée(s), "
                f"{self.updated} modifiée(s), {self.unchanged} inchangée(s)")
        if self.replaced:
            text += f", {self.replaced} ancienne(s) ligne(s) remplacée(s)"
        return text + "."


def import_file(con: duckdb.DuckDBPyConnection, template_name: str, source: str | Path | bytes) -> ImportSummary:
    """Validate a template file and write it in one transaction. Raises TemplateError; writes nothing then."""
    if template_name not in TEMPLATES:
        raise TemplateError(template_name, [Problem(None, None, template_name,
                                                    f"modèle inconnu. Modèles : {', '.join(TEMPLATES)}.")])
    frame = read_template(template_name, source)
    return import_frame(con, template_name, frame)


def import_frame(con: duckdb.DuckDBPyConnection, template_name: str, frame: pd.DataFrame) -> ImportSummary:
    """Write an already validated frame (from `read_template`) after checking its references."""
    problems = _reference_problems(con, template_name, frame)
    if problems:
        raise TemplateError(template_name, problems)
    with transaction(con):
        return _WRITERS[template_name](con, frame)


# --- references between tables -------------------------------------------------------------------

def _ids(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    return {row[0] for row in con.execute(sql).fetchall()}


def _missing(frame: pd.DataFrame, column: str, known: set[str], message: str) -> list[Problem]:
    unknown = ~frame[column].isin(known)
    return [Problem(int(line), column, str(value), message) for line, value in frame.loc[unknown, column].items()]


def _reference_problems(con: duckdb.DuckDBPyConnection, template_name: str, frame: pd.DataFrame) -> list[Problem]:
    partner_msg = "partenaire inconnu : importez d'abord partenaires.csv ou corrigez l'identifiant."
    offer_msg = "offre inconnue : importez d'abord offres.csv ou corrigez l'identifiant."
    if template_name in ("souscriptions", "besoins", "prix_acceptables"):
        problems = _missing(frame, "partenaire_id", _ids(con, "SELECT id FROM partenaires"), partner_msg)
        if "offre_id" in frame:
            problems += _missing(frame, "offre_id", _ids(con, "SELECT id FROM offres"), offer_msg)
        return problems
    if template_name == "composition_packs":
        packs = _ids(con, "SELECT id FROM offres WHERE type = 'pack'")
        services = _ids(con, "SELECT id FROM offres WHERE type = 'service'")
        return (_missing(frame, "pack_id", packs, "ce n'est pas une offre de type pack dans offres.csv.")
                + _missing(frame, "offre_id", services,
                           "ce n'est pas une offre de type service dans offres.csv (un pack ne contient "
                           "que des services)."))
    return []


# --- writers --------------------------------------------------------------------------------------

def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, verb: str = "INSERT") -> None:
    """Insert a frame whose columns are the table's; lists travel as |-joined text."""
    columns = list(frame.columns)
    staged = frame.astype(object).where(frame.notna(), None)
    con.register("incoming", staged)
    try:
        select = ", ".join(
            f"CASE WHEN coalesce({c}, '') = '' THEN []::VARCHAR[] ELSE string_split({c}, '{LIST_SEPARATOR}') END"
            if c == "filieres_cibles" else c
            for c in columns
        )
        con.execute(f"{verb} INTO {table} ({', '.join(columns)}) SELECT {select} FROM incoming")
    finally:
        con.unregister("incoming")


def _write_structure(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
    replaced = con.execute("SELECT count(*) FROM structure").fetchone()[0]
    con.execute("DELETE FROM structure")
    _insert(con, "structure", frame)
    return ImportSummary("structure", 1, added=1 - replaced, updated=replaced, unchanged=0)


def _upsert_by_id(table: str):
    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        con.execute(f"CREATE TEMP TABLE before AS SELECT * FROM {table}")
        try:
            _insert(con, table, frame, verb="INSERT OR REPLACE")
            added, unchanged = con.execute(
                f"""SELECT count(*) FILTER (WHERE b.id IS NULL),
                           count(*) FILTER (WHERE b.id IS NOT NULL AND b = t)
                    FROM {table} t LEFT JOIN before b USING (id)
                    WHERE t.id IN (SELECT unnest(?))""",
                [list(frame["id"])],
            ).fetchone()
        finally:
            con.execute("DROP TABLE before")
        return ImportSummary(table, len(frame), added, len(frame) - added - unchanged, unchanged)

    return write


def _replace_where(table: str, column: str):
    """Delete the rows whose `column` value appears in the file, then insert the file."""

    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        values = sorted({v.item() if hasattr(v, "item") else v for v in frame[column]})
        replaced = con.execute(f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT unnest(?))",
                               [values]).fetchone()[0]
        con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [values])
        _insert(con, table, frame)
        return ImportSummary(table, len(frame), len(frame), 0, 0, replaced=replaced)

    return write


def _replace_all(table: str):
    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        replaced = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute(f"DELETE FROM {table}")
        _insert(con, table, frame)
        return ImportSummary(table, len(frame), len(frame), 0, 0, replaced=replaced)

    return write


_WRITERS = {
    "structure": _write_structure,
    "partenaires": _upsert_by_id("partenaires"),
    "offres": _upsert_by_id("offres"),
    "composition_packs": _replace_where("composition_packs", "pack_id"),
    "souscriptions": _replace_where("souscriptions", "annee"),
    "besoins": _replace_all("besoins"),
    "prix_acceptables": _replace_all("prix_acceptables"),
}


def import_folder(con: duckdb.DuckDBPyConnection, folder: str | Path) -> list[ImportSummary]:
    """Import every template file present in a folder, in loading order (used for the demo territories)."""
    folder = Path(folder)
    return [import_file(con, name, folder / TEMPLATES[name].filename)
            for name in TEMPLATES if (folder / TEMPLATES[name].filename).exists()]
