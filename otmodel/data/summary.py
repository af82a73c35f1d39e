"""Plain-text descriptions of a database, for the command line."""

from __future__ import annotations

import duckdb

from otmodel import db, vocab
from otmodel.format import euros, number


def describe(con: duckdb.DuckDBPyConnection) -> str:
    """Structure, base year, target and row counts per table."""
    lines = []
    row = con.execute("SELECT nom, statut_juridique, annee, objectif, base_objectif FROM structure").fetchone()
    if row is None:
        lines.append("Structure : non renseignée (importez structure.csv).")
    else:
        nom, statut, annee, objectif, base = row
        lines += [
            f"Structure : {nom} ({vocab.label(vocab.STATUTS_JURIDIQUES, statut)})",
            f"Année de référence : {annee}",
            f"Objectif : {euros(objectif)} ({vocab.label(vocab.BASES_OBJECTIF, base)})",
        ]
    lines.append(f"Version du schéma : {db.schema_version(con)}")
    lines.append("Lignes par table :")
    for table, count in db.row_counts(con).items():
        lines.append(f"  {vocab.label(vocab.TABLES, table)} ({table}) : {number(count)}")
    return "\n".join(lines)
