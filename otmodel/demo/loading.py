"""Putting a demo territory into a database: a new file (`init --demo`, the first `serve`), or an empty database
from the app (« Essayer avec la démonstration »).

The territories are loaded from their template files as shipped (data/demo/<name>/, see otmodel.paths), through
the users' import path, with their saved scenarios — all in one transaction: a demo is there whole, or not at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from otmodel import db, paths
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.data.importer import ImportSummary
from otmodel.demo import scenarios as demo_scenarios
from otmodel.demo.territories import DEMOS
from otmodel.errors import Refused
from otmodel.followup import guide_texts

LABELS = {
    "destination": "Destination — Office de tourisme Côte des Pins : grande destination littorale, 1 500 entreprises, "
                   "objectif de 200 000 € de résultat",
    "rural": "Rural — un petit office de l'intérieur : 180 entreprises, objectif de 3 000 € de recettes",
}


class NotEmpty(Refused):
    """The database already holds data: a demo would mix with it."""


@dataclass(frozen=True)
class Installed:
    """What loading a demo wrote: one summary per template file, and the scenarios saved."""

    name: str
    summaries: list[ImportSummary]
    scenarios: list[str]

    def message(self) -> str:
        rows = {summary.template: summary.added for summary in self.summaries}
        return (f"Démonstration « {self.name} » installée : {fmt.number(rows.get('partenaires', 0))} entreprises, "
                f"{fmt.number(rows.get('offres', 0))} offres et {len(self.scenarios)} scénarios enregistrés.")


def folder(name: str) -> Path:
    """The template files of a demo territory, as shipped with otmodel."""
    if name not in DEMOS:
        raise Refused(f"Démonstration inconnue : « {name} ». Choisissez parmi : {', '.join(DEMOS)}.")
    return paths.DEMO / name


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """No row in any table the templates fill, and no saved scenario."""
    saved = con.execute("SELECT count(*) FROM scenarios").fetchone()[0]
    return saved == 0 and not any(db.row_counts(con).values())


def needed(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The templates every page needs that the database does not hold yet: the structure and the offers."""
    counts = db.row_counts(con)
    return [name for name in ("structure", "offres") if not counts[name]]


def load(con: duckdb.DuckDBPyConnection, name: str) -> Installed:
    """Load a demo territory and its scenarios into an empty database; refused if it holds anything."""
    source = folder(name)
    with db.transaction(con):
        if not is_empty(con):
            raise NotEmpty("La base contient déjà des données : la démonstration ne s'installe que dans une base "
                           "vide. Pour l'essayer à côté, créez une autre base : python -m otmodel init --db "
                           f"demo.duckdb --demo {name}")
        summaries = importer.import_folder(con, source)
        saved = demo_scenarios.install(con, name)
        guide_texts.save_texts(con, guide_texts.Texts(**demo_scenarios.GUIDE_TEXTS[name]))  # the guide's own words
    return Installed(name, summaries, saved)


def create(path: str | Path, name: str, *, replace: bool = False) -> Installed:
    """A new database file holding a demo territory. It is built beside its place and moved there once complete,
    so that an interrupted creation (a window closed during the first start) leaves no half-made database."""
    path = Path(path)
    if path.exists() and not replace:
        raise Refused(f"La base « {path} » existe déjà. Ajoutez --force pour la remplacer.")
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.{os.getpid()}.creation")
    _remove(building)
    try:
        with db.connect(building) as con:
            installed = load(con, name)
        _remove(path)
        os.replace(building, path)
    finally:
        _remove(building)
    return installed


def _remove(path: Path) -> None:
    """A database file and its write-ahead log."""
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
