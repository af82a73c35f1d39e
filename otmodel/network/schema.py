"""The network file, version 1: Parquet, one row per indicator of an office and a year, the office's profile
repeated on each row (Parquet stores a repeated value once). No partner appears in it: only the structure, the
size of its territory and figures computed over all its partners.

Columns (documented in docs/fichiers.md, « Le fichier réseau ») — the French names are the data contract:

    format             « otmodel-reseau »: what the file is
    version            1: the schema's version (a later otmodel reads the versions it knows)
    office             the structure's name, as written in structure.csv
    statut_juridique   association, epic, regie, spl, autre (otmodel.vocab.STATUTS_JURIDIQUES)
    annee              the reference year of the figures
    entreprises        businesses of the territory (former partners excepted)
    communes           communes where those businesses are
    population         inhabitants (optional, entered on the Réseau page)
    lits_touristiques  tourist beds (optional): with the population, the touristicité ratio
    exporte_le         when the file was written: of two files of the same office and year, the newest counts
    indicateur         an indicator's key (otmodel.network.indicators.INDICATORS)
    valeur             its value, empty when it cannot be computed (no survey, no year before…)
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from otmodel.network.indicators import INDICATORS, Profile

FORMAT = "otmodel-reseau"
VERSION = 1
SUFFIX = ".parquet"
# Column → DuckDB type, in the file's order.
PROFILE_COLUMNS: dict[str, str] = {
    "format": "VARCHAR", "version": "INTEGER", "office": "VARCHAR", "statut_juridique": "VARCHAR",
    "annee": "INTEGER", "entreprises": "INTEGER", "communes": "INTEGER", "population": "INTEGER",
    "lits_touristiques": "INTEGER", "exporte_le": "TIMESTAMP",
}
VALUE_COLUMNS: dict[str, str] = {"indicateur": "VARCHAR", "valeur": "DOUBLE"}
COLUMNS: dict[str, str] = {**PROFILE_COLUMNS, **VALUE_COLUMNS}
# What each profile column may hold: (lowest, highest) for numbers; None for no bound.
PROFILE_RANGES: dict[str, tuple[float | None, float | None]] = {
    "annee": (1990, 2100), "entreprises": (1, None), "communes": (0, None), "population": (0, None),
    "lits_touristiques": (0, None),
}
REQUIRED = ("office", "statut_juridique", "annee", "entreprises", "communes", "exporte_le")
PROFILE_LABELS: dict[str, str] = {
    "office": "Office", "statut_juridique": "Statut juridique", "annee": "Année", "entreprises": "Entreprises",
    "communes": "Communes", "population": "Population", "lits_touristiques": "Lits touristiques",
    "exporte_le": "Exporté le",
}


def rows(profile: Profile, values: dict[str, float | None], exported_at: datetime) -> pd.DataFrame:
    """The rows of one office's file: every indicator of the registry, in its order."""
    head = {"format": FORMAT, "version": VERSION, "office": profile.office, "statut_juridique": profile.legal_form,
            "annee": profile.year, "entreprises": profile.businesses, "communes": profile.communes,
            "population": profile.population, "lits_touristiques": profile.tourist_beds,
            "exporte_le": exported_at.replace(microsecond=0)}
    return pd.DataFrame([{**head, "indicateur": indicator.key, "valeur": values.get(indicator.key)}
                         for indicator in INDICATORS], columns=list(COLUMNS))


def typed_select(frame_name: str) -> str:
    """SELECT of a registered frame with every column cast to its file type (a frame's None columns would
    otherwise be written without a type). Names are ours, never user text."""
    return "SELECT " + ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in COLUMNS.items()) + \
        f" FROM {frame_name}"
