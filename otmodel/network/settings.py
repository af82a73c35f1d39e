"""What the office records about itself in the network: its population and tourist beds (optional: with both,
its touristicité is known), and the network folder and peer group the Présentation shows once chosen.

One row (`network_profile`), saved as the director's choices (scope « choices »): a compare itself writes
nothing into the office's database.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from otmodel import db
from otmodel.errors import Refused

GROUPS: dict[str, str] = {  # how the peer group is chosen (codes of the command line and of the saved choice)
    "taille_statut": "Même taille et même statut juridique",
    "taille": "Même taille",
    "statut": "Même statut juridique",
    "touristicite": "Même touristicité (quartile)",
    "tous": "Tous les offices",
}
DEFAULT_GROUP = "taille_statut"
MAX_COUNT = 100_000_000  # more people or beds than France has: a typing slip


class ProfileError(Refused):
    """A profile value that cannot be saved (French message)."""


@dataclass(frozen=True)
class NetworkSettings:
    population: int | None = None
    tourist_beds: int | None = None
    folder: str | None = None
    peer_group: str = DEFAULT_GROUP

    @property
    def touristicity(self) -> float | None:
        """Tourist beds per 100 inhabitants (PILOT's first touristicité ratio), when both are known."""
        return touristicity(self.population, self.tourist_beds)


def touristicity(population: float | None, tourist_beds: float | None) -> float | None:
    """Tourist beds per 100 inhabitants; None unless both are known and the population is positive."""
    if population is None or tourist_beds is None or population <= 0:
        return None
    return 100.0 * tourist_beds / population


def load(con: duckdb.DuckDBPyConnection) -> NetworkSettings:
    """The saved settings (empty ones when nothing was saved, or on a database older than this table)."""
    try:
        row = con.execute("SELECT population, tourist_beds, folder, peer_group FROM network_profile "
                          "WHERE id = 1").fetchone()
    except duckdb.CatalogException:  # an older database opened read-only (not migrated): nothing saved yet
        return NetworkSettings()
    if row is None:
        return NetworkSettings()
    return NetworkSettings(row[0], row[1], row[2] or None, row[3] if row[3] in GROUPS else DEFAULT_GROUP)


def _count(value: int | float | None, what: str) -> int | None:
    if value is None:
        return None
    if value < 0 or value > MAX_COUNT or value != int(value):
        raise ProfileError(f"{what} : un nombre entier entre 0 et {MAX_COUNT:,} est attendu (reçu : {value})."
                           .replace(",", "\u202f"))
    return int(value)


def save(con: duckdb.DuckDBPyConnection, settings: NetworkSettings) -> NetworkSettings:
    """Check and save the settings; ProfileError says what to change."""
    population = _count(settings.population, "Population")
    beds = _count(settings.tourist_beds, "Lits touristiques")
    if population == 0 and beds:
        raise ProfileError("Population : 0 habitant avec des lits touristiques ne donne pas de ratio — "
                           "saisissez la population (permanente) du territoire.")
    if settings.peer_group not in GROUPS:
        raise ProfileError(f"Groupe de pairs inconnu « {settings.peer_group} ». Groupes : {', '.join(GROUPS)}.")
    folder = (settings.folder or "").strip() or None
    with db.transaction(con):
        con.execute("DELETE FROM network_profile")
        con.execute("INSERT INTO network_profile (id, population, tourist_beds, folder, peer_group) "
                    "VALUES (1, ?, ?, ?, ?)", [population, beds, folder, settings.peer_group])
    return load(con)
