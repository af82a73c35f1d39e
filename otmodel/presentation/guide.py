"""The partners' guide: the brochure each business receives — what the office does for every business free of
charge, the partner socle, à la carte and premium services — with each service's price after a scenario's
decisions. Built once and shown three ways (the Guide page, a self-contained HTML file, an A4 portrait PDF).

It is written for partners, so it holds what a business reads and nothing the office keeps for itself: names,
descriptions, prices, the sectors a service is for, what a pack contains — never a cost, an hour, a margin nor
an expected number of subscribers. Stopped offers and offers not launched (« à créer » and unchanged) are absent.
Every text from users (names, descriptions, the introduction, the contact) stays plain text: the renderers
escape it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from otmodel import db, vocab
from otmodel import format as fmt
from otmodel.errors import Conflict, Refused
from otmodel.followup import applied
from otmodel.model import engine
from otmodel.model.engine import Facts
from otmodel.model.scenario import OfferChoice, Scenario
from otmodel.presentation import settings
from otmodel.scenarios import store

# The chapters in the order a business reads them: what every business gets free, then the partnership.
CHAPTERS: dict[str, tuple[str, str]] = {
    "service_public": ("Pour toutes les entreprises du territoire",
                       "Les missions de service public de l'office, pour chaque entreprise, partenaire ou non."),
    "socle": ("Le socle partenaire", "Ce que comprend le partenariat avec l'office."),
    "a_la_carte": ("À la carte", "Des services à choisir selon vos besoins."),
    "premium": ("Premium", "Pour aller plus loin."),
}
FREE = "gratuit"
OTHER_SECTORS = "Autres filières"
PRICES_NOTE = "Prix hors taxes, par an."
MAX_INTRODUCTION, MAX_CONTACT = 1200, 500


class GuideError(Refused):
    """A guide that cannot be built or written (French message)."""


# --- the director's texts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """The guide's editable texts: an introduction and a contact block (empty: the default introduction, and no
    contact block)."""

    introduction: str = ""
    contact: str = ""


def load_texts(con: duckdb.DuckDBPyConnection) -> Texts:
    row = con.execute("SELECT introduction, contact FROM guide_settings WHERE id = 1").fetchone()
    return Texts() if row is None else Texts(row[0] or "", row[1] or "")


def save_texts(con: duckdb.DuckDBPyConnection, texts: Texts, before: Texts | None = None) -> Texts:
    """Check and save the texts; GuideError says what to shorten. `before`: the texts as the page showed them —
    when another session saved others since, nothing is written (Conflict)."""
    introduction, contact = texts.introduction.strip(), texts.contact.strip()
    for what, text, most in (("L'introduction", introduction, MAX_INTRODUCTION),
                             ("Le bloc contact", contact, MAX_CONTACT)):
        if len(text) > most:
            raise GuideError(f"{what} du guide est trop longue ({len(text)} caractères, {most} au plus) : "
                             "raccourcissez-la." if what.startswith("L'") else
                             f"{what} du guide est trop long ({len(text)} caractères, {most} au plus) : "
                             "raccourcissez-le.")
    with db.transaction(con):  # read and written in one transaction: no other save slips in between
        if before is not None and load_texts(con) != before:
            raise Conflict("Les textes du guide ont été modifiés depuis une autre session : rien n'a été enregistré. "
                           "Relisez-les, puis recommencez.")
        con.execute("DELETE FROM guide_settings")
        con.execute("INSERT INTO guide_settings (id, introduction, contact) VALUES (1, ?, ?)",
                    [introduction or None, contact or None])
    return load_texts(con)


def default_introduction(office: str, year: int) -> str:
    return (f"{office} accompagne les entreprises du territoire. Voici les services proposés en {year} : ce que "
            "chacun vous apporte, et son prix.")


# --- prices --------------------------------------------------------------------------------------


def euros(price: float) -> str:
    """« gratuit », « 280 € », « 49,90 € »."""
    if price <= 0:
        return FREE
    return fmt.euros(price, 0 if round(price, 2) == round(price) else 2)


def sector_prices(catalogue_price: float, choice: OfferChoice, targets: list[str]) -> dict[str, float]:
    """The price of each sector the offer is for (every sector when it targets none: then only the sectors
    priced apart, and « default » for the others), after the scenario's decision."""
    if choice.mode == "free":
        return {"default": 0.0}
    specific: dict[str, float] = {}
    base = catalogue_price
    if choice.mode == "paid" and isinstance(choice.price, dict):
        base = choice.price.get("default", catalogue_price)
        specific = {s: p for s, p in choice.price.items() if s != "default"}
    elif choice.mode == "paid" and choice.price is not None:
        base = float(choice.price)
    if targets:
        return {s: specific.get(s, base) for s in vocab.FILIERES if s in targets}
    return {**{s: p for s, p in specific.items() if p != base}, "default": base}


def price_text(catalogue_price: float, choice: OfferChoice, targets: list[str]) -> str:
    """One line: « 280 € », « gratuit », or per sector when they differ: « Hébergement 280 € · Restauration
    190 € », « Hébergement 590 € · Autres filières 490 € »."""
    prices = sector_prices(catalogue_price, choice, targets)
    if len(set(prices.values())) == 1:
        return euros(next(iter(prices.values())))
    return " · ".join(f"{OTHER_SECTORS if s == 'default' else vocab.FILIERES[s]} {euros(p)}"
                      for s, p in prices.items())


# --- the guide -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    """A service as partners read it."""

    offer: str
    name: str
    price: str
    description: str = ""
    sectors: tuple[str, ...] = ()  # the sectors it is for (labels); empty: every business
    contents: tuple[str, ...] = ()  # a pack's services

    @property
    def for_whom(self) -> str:
        return f"Pour : {', '.join(self.sectors)}" if self.sectors else ""

    @property
    def includes(self) -> str:
        return f"Comprend : {', '.join(self.contents)}" if self.contents else ""


@dataclass(frozen=True)
class Chapter:
    sphere: str
    title: str
    lead: str
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Guide:
    office: str
    year: int
    scenario: str
    introduction: str
    contact: str
    chapters: tuple[Chapter, ...]
    made_on: date

    @property
    def title(self) -> str:
        return f"Guide des partenaires {self.year}"

    def services(self) -> list[Service]:
        return [service for chapter in self.chapters for service in chapter.services]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _targets(value: object) -> list[str]:
    return [] if value is None or (isinstance(value, float) and math.isnan(value)) else [str(v) for v in value]


def chapters(facts: Facts, scenario: Scenario, packs: pd.DataFrame) -> tuple[Chapter, ...]:
    """The offers active after the scenario, by sphere in reading order: packs first, then services by name.
    `packs`: pack_id, offre_id (composition_packs)."""
    names = dict(zip(facts.offers["id"], facts.offers["nom"], strict=True))
    contents = {pack: tuple(sorted((names[o] for o in group["offre_id"] if o in names), key=str.casefold))
                for pack, group in packs.groupby("pack_id")}
    found = []
    for sphere, (title, lead) in CHAPTERS.items():
        offers = facts.offers[facts.offers["sphere"] == sphere]
        services = []
        for offer in offers.to_dict("records"):
            choice = scenario.choice(offer["id"])
            if choice.mode == "stopped" or (choice.mode == "keep" and offer["cycle"] == "a_creer"):
                continue
            targets = _targets(offer["filieres_cibles"])
            services.append(Service(
                offer["id"], str(offer["nom"]), price_text(float(offer["prix"]), choice, targets),
                _text(offer.get("description")), tuple(vocab.FILIERES[s] for s in vocab.FILIERES if s in targets),
                contents.get(offer["id"], ()) if offer["type"] == "pack" else ()))
        services.sort(key=lambda s: (not s.contents and s.offer not in contents, s.name.casefold()))
        if services:
            found.append(Chapter(sphere, title, lead, tuple(services)))
    return tuple(found)


def guide_year(con: duckdb.DuckDBPyConnection, facts: Facts, scenario_name: str) -> int:
    """The year the guide is for: the year the scenario is applied from, else the year after the data's."""
    row = con.execute("SELECT max(year) FROM applied_scenarios WHERE scenario = ?", [scenario_name]).fetchone()
    return row[0] if row[0] is not None else facts.year + 1


def build(con: duckdb.DuckDBPyConnection, scenario: Scenario, *, year: int | None = None,
          made_on: date | None = None, facts: Facts | None = None) -> Guide:
    """The guide of a scenario, with the director's saved texts (`facts`: the engine's, when already loaded)."""
    facts = facts or engine.load_facts(con)
    year = year or guide_year(con, facts, scenario.name)
    office = str(facts.structure["nom"])
    texts = load_texts(con)
    packs = con.execute("SELECT pack_id, offre_id FROM composition_packs").df()
    return Guide(office, year, scenario.name, texts.introduction or default_introduction(office, year),
                 texts.contact, chapters(facts, scenario, packs), made_on or date.today())


# --- which scenario ------------------------------------------------------------------------------


def default_scenario(con: duckdb.DuckDBPyConnection) -> str:
    """The scenario a guide is made of when none is named: the one applied (latest year), else the one the
    presentation recommends, else the latest saved « retenu »; GuideError when there is none."""
    found = applied.latest(con)
    if found is not None and store.exists(con, found.name):
        return found.name
    recommended = settings.load(con).retained
    if recommended and store.exists(con, recommended):
        return recommended
    row = con.execute("SELECT name FROM scenarios WHERE status = 'retenu' ORDER BY updated_at DESC, name "
                      "LIMIT 1").fetchone()
    if row is None:
        raise GuideError("Aucun scénario retenu : marquez-en un « Retenu » (page Scénarios) ou nommez-le "
                         "(--scenario NOM ou fichier JSON).")
    return row[0]


def scenario_for(con: duckdb.DuckDBPyConnection, reference: str | None) -> Scenario:
    """A saved scenario's name or a scenario file (as `report` takes them), else the default scenario."""
    return store.resolve(con, reference if reference else default_scenario(con))
