"""Figures of the Synthèse page that the engine does not give: the territory's businesses and who
actually benefits from free services in the base year."""

from __future__ import annotations

import duckdb
import pandas as pd

from otmodel import vocab


def businesses_by_sector_and_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """filiere, statut, entreprises — every known business of the territory."""
    return con.execute(
        "SELECT filiere, statut, count(*) AS entreprises FROM partenaires GROUP BY ALL ORDER BY filiere, statut"
    ).df()


def free_service_beneficiaries(con: duckdb.DuckDBPyConnection, year: int) -> int:
    """Businesses of the universe (statut not ancien) with at least one free subscription in the year."""
    return con.execute(
        """SELECT count(DISTINCT s.partenaire_id)
           FROM souscriptions s JOIN partenaires p ON p.id = s.partenaire_id
           WHERE s.annee = ? AND s.montant = 0 AND p.""" + vocab.IN_TERRITORY,
        [year],
    ).fetchone()[0]

