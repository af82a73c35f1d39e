"""The director's choices for the presentation, saved with the database: the scenarios shown (1 to 3), the
one recommended, a short text per section, and whether partners' names may appear (never by default)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from otmodel import db
from otmodel.errors import Refused
from otmodel.scenarios import store

MAX_SCENARIOS = 3
MAX_TEXT = 600
SECTIONS: dict[str, str] = {
    "territoire": "Le territoire et la structure",
    "partenaires": "Ce que disent les partenaires",
    "modele": "Le modèle actuel",
    "reseau": "Notre place dans le réseau",
    "scenarios": "Les scénarios",
    "recommandation": "La recommandation",
}
# Told only when there is something to tell: the network, once a folder is chosen on the Réseau page.
OPTIONAL_SECTIONS = frozenset({"reseau"})


class SettingsError(Refused):
    """A presentation choice that cannot be saved (French message)."""


@dataclass(frozen=True)
class Settings:
    scenarios: tuple[str, ...] = ()
    retained: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    partner_names: bool = False


def load(con: duckdb.DuckDBPyConnection) -> Settings:
    """The saved choices (empty ones when nothing was saved yet)."""
    row = con.execute("SELECT scenarios, retained, texts, partner_names FROM presentation_settings "
                      "WHERE id = 1").fetchone()
    if row is None:
        return Settings()
    return Settings(tuple(json.loads(row[0])), row[1], json.loads(row[2]), bool(row[3]))


def save(con: duckdb.DuckDBPyConnection, settings: Settings) -> Settings:
    """Check and save the choices; SettingsError says what to change."""
    chosen = tuple(dict.fromkeys(name for name in settings.scenarios if name))
    if len(chosen) > MAX_SCENARIOS:
        raise SettingsError(f"Choisissez au plus {MAX_SCENARIOS} scénarios ({len(chosen)} choisis).")
    missing = [name for name in chosen if not store.exists(con, name)]
    if missing:
        raise SettingsError(f"Scénario introuvable : « {missing[0]} ». Choisissez parmi les scénarios enregistrés.")
    if settings.retained and settings.retained not in chosen:
        raise SettingsError(f"Le scénario recommandé « {settings.retained} » doit faire partie des scénarios "
                            "présentés.")
    texts = {key: (settings.texts.get(key) or "").strip() for key in SECTIONS}
    long = [SECTIONS[key] for key, text in texts.items() if len(text) > MAX_TEXT]
    if long:
        raise SettingsError(f"Le texte de « {long[0]} » est trop long ({MAX_TEXT} caractères au plus) : "
                            "une présentation se lit de loin, raccourcissez-le.")
    values = [json.dumps(list(chosen), ensure_ascii=False), settings.retained or None,
              json.dumps({k: v for k, v in texts.items() if v}, ensure_ascii=False), settings.partner_names]
    with db.transaction(con):
        con.execute("DELETE FROM presentation_settings")
        con.execute("INSERT INTO presentation_settings (id, scenarios, retained, texts, partner_names) "
                    "VALUES (1, ?, ?, ?, ?)", values)
    return load(con)


def shown_scenarios(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[str]:
    """The scenarios the story shows: the director's choice still saved, else up to three saved ones,
    retained first."""
    saved = store.list_saved(con)
    names = [s.name for s in saved]
    chosen = [name for name in settings.scenarios if name in names]
    if chosen:
        return chosen
    ordered = [s.name for s in saved if s.status == "retenu"] + [s.name for s in saved if s.status != "retenu"]
    return ordered[:MAX_SCENARIOS]
