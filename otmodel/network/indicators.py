"""The indicators an office shares with the network: each one a figure the tool already computes (the engine's
totals, the portfolio's partners and concentration, the survey, the log, the team), normalised so that offices
of different sizes compare — per 1 000 businesses of the territory, per 100 partners, or as a share.

Each indicator is documented once here (label, unit, definition, whether higher is better, the values a file
may hold) and docs/methodes.md (« Le réseau ») is checked against this registry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from otmodel import columns, vocab
from otmodel.listening import log, survey
from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.portfolio import partners

PER_BUSINESSES = 1_000  # money and partners per 1 000 businesses of the territory
PER_PARTNERS = 100  # meetings per 100 partners
TOP = 0.10  # the top 10 % partners of the concentration


@dataclass(frozen=True)
class Indicator:
    """One indicator of the network file. `better`: True when a higher value is better, False when a lower one
    is, None when neither (a choice of model, not a performance). `low`/`high`: the values a file may hold."""

    key: str
    label: str
    kind: columns.Kind  # how its values read (otmodel.columns): money, percent, count, score, hours
    unit: str
    definition: str
    better: bool | None = None
    low: float | None = None
    high: float | None = None
    decimals: int = 0

    def text(self, value: float | None) -> str:
        """The value as the pages and the report write it (« 12 345 € », « 85 % », « 3,6 »), « — » when none."""
        return columns.Column(self.label, self.kind, decimals=self.decimals).text(value)

    @property
    def direction(self) -> str:
        """« plus haut = mieux », « plus bas = mieux », or « selon le projet de l'office » (a choice of model)."""
        return {True: "plus haut = mieux", False: "plus bas = mieux"}.get(self.better, "selon le projet de l'office")


def _money(key: str, label: str, definition: str, better: bool | None, low: float | None = 0.0) -> Indicator:
    return Indicator(key, label, "money", "€ pour 1 000 entreprises", definition, better, low)


def _share(key: str, label: str, definition: str, better: bool | None, high: float | None = 1.0) -> Indicator:
    unit = "part (0 à 1)" if high == 1.0 else "part (0 ou plus)"
    return Indicator(key, label, "percent", unit, definition, better, 0.0, high)


def _count(key: str, label: str, unit: str, definition: str, better: bool | None = None,
           high: float | None = None, decimals: int = 0) -> Indicator:
    return Indicator(key, label, "count", unit, definition, better, 0.0, high, decimals)


SOCLE_PRICE = "prix_socle_"  # + a sector code: the price of the partner « socle » for that sector

INDICATORS: tuple[Indicator, ...] = (
    _money("recettes_pour_1000_entreprises", "Recettes partenaires pour 1 000 entreprises",
           "Recettes des services aux partenaires de l'année de référence (situation actuelle du modèle) × 1 000 / "
           "entreprises du territoire.", True),
    _money("couts_pour_1000_entreprises", "Coûts des services pour 1 000 entreprises",
           "Coûts directs et coût des heures d'équipe des services × 1 000 / entreprises du territoire.", None),
    _money("resultat_pour_1000_entreprises", "Résultat pour 1 000 entreprises",
           "(Recettes − coûts) × 1 000 / entreprises du territoire.", True, low=None),
    _money("objectif_pour_1000_entreprises", "Objectif pour 1 000 entreprises",
           "Objectif de la structure (résultat ou recettes) × 1 000 / entreprises du territoire.", None),
    Indicator("ecart_objectif_part", "Écart à l'objectif, en part de l'objectif", "percent", "part (négative : "
              "manque)", "Écart à l'objectif / objectif : 0 % quand l'objectif est tout juste atteint, −50 % quand "
              "il manque la moitié. Vide quand l'objectif est nul.", True),
    _count("partenaires", "Partenaires", "entreprises",
           "Entreprises au statut « partenaire » (le nombre brut : il dit la taille du réseau de l'office)."),
    _count("partenaires_pour_1000_entreprises", "Partenaires pour 1 000 entreprises", "pour 1 000 entreprises",
           "Partenaires × 1 000 / entreprises du territoire.", True, high=PER_BUSINESSES),
    _share("taux_renouvellement", "Taux de renouvellement",
           "Partenaires actifs l'année de référence et l'année d'avant / actifs l'année d'avant (actif : au moins "
           "une souscription hors service public). Vide sans l'année d'avant.", True),
    _share("taux_attrition", "Taux de départ (attrition)",
           "Partenaires actifs l'année d'avant et plus l'année de référence / actifs l'année d'avant.", False),
    _share("part_recettes_top10", "Part des recettes des 10 % premiers partenaires",
           "Ce que paient les 10 % de partenaires qui paient le plus / recettes partenaires : plus elle est haute, "
           "plus l'office dépend de quelques-uns.", False),
    *[_count(f"services_{code}", f"Services « {label} »", "services",
             f"Services actifs de la sphère « {label} » (packs compris) dans la situation actuelle.")
      for code, label in vocab.SPHERES.items()],
    _share("part_services_gratuits", "Part des services gratuits",
           "Services actifs proposés gratuitement (prix 0) / services actifs.", None),
    _share("couverture_service_public", "Couverture service public",
           "Part des entreprises du territoire dont la filière est visée par au moins une offre gratuite active.",
           True),
    _share("taux_reponse_enquete", "Taux de réponse à l'enquête",
           "Entreprises ayant répondu à l'enquête sur les besoins / entreprises connues. Vide sans enquête.", True),
    Indicator("satisfaction_moyenne", "Satisfaction moyenne", "score", "note de 1 à 5",
              "Moyenne des satisfactions moyennes de chaque thème de l'enquête. Vide sans enquête.", True, 1.0, 5.0,
              1),
    _count("rencontres_pour_100_partenaires", "Rencontres pour 100 partenaires", "pour 100 partenaires",
           "Rencontres notées au carnet d'écoute pendant l'année de référence × 100 / partenaires.", True,
           decimals=1),
    _share("heures_utilisees_part", "Heures d'équipe utilisées / disponibles",
           "Heures que demandent les services / heures disponibles de l'équipe (au-delà de 100 % : surcharge).",
           None, high=None),
    Indicator("heures_par_partenaire", "Heures d'équipe par partenaire", "hours", "heures par partenaire",
              "Heures que demandent les services / partenaires.", None, 0.0, None, 1),
    *[Indicator(f"{SOCLE_PRICE}{code}", f"Prix du socle — {label}", "money", "€ par an",
                f"Prix du moins cher des services payants de la sphère socle qui visent la filière « {label} » "
                "(le pack partenaire). Vide quand le socle est gratuit ou ne la vise pas.", None, 0.0)
      for code, label in vocab.FILIERES.items()],
)
BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}
# The indicators a director reads aloud: the Présentation's strips and the first rows of the Réseau page.
HEADLINE: tuple[str, ...] = ("recettes_pour_1000_entreprises", "resultat_pour_1000_entreprises",
                             "partenaires_pour_1000_entreprises", "taux_renouvellement", "couverture_service_public",
                             "satisfaction_moyenne")


@dataclass(frozen=True)
class Profile:
    """The office as the network sees it: no partner, only the structure and its territory."""

    office: str
    legal_form: str
    year: int
    businesses: int
    communes: int
    population: int | None = None
    tourist_beds: int | None = None


def _ratio(part: float, whole: float, scale: float = 1.0) -> float | None:
    return part * scale / whole if whole else None


def measure(con: duckdb.DuckDBPyConnection, facts: Facts | None = None,
            current: Evaluation | None = None) -> dict[str, float | None]:
    """Every indicator of the office, for its reference year (None when it cannot be computed)."""
    facts = facts or engine.load_facts(con)
    current = current or engine.apply(facts, engine.Scenario())
    t = current.totals
    businesses = float(facts.universe.sum())
    partner_count = float(partners.coverage(con)["partenaires"].sum())
    values: dict[str, float | None] = {
        "recettes_pour_1000_entreprises": _ratio(t.revenue, businesses, PER_BUSINESSES),
        "couts_pour_1000_entreprises": _ratio(t.costs, businesses, PER_BUSINESSES),
        "resultat_pour_1000_entreprises": _ratio(t.margin, businesses, PER_BUSINESSES),
        "objectif_pour_1000_entreprises": _ratio(t.target_amount, businesses, PER_BUSINESSES),
        "ecart_objectif_part": _ratio(t.gap, t.target_amount),
        "partenaires": partner_count,
        "partenaires_pour_1000_entreprises": _ratio(partner_count, businesses, PER_BUSINESSES),
        **_movement(con, facts.year),
        "part_recettes_top10": _top_share(con, facts.year),
        **_services(current),
        "couverture_service_public": t.public_coverage,
        **_survey(con),
        "rencontres_pour_100_partenaires": _ratio(log.meetings_in_year(con, facts.year), partner_count, PER_PARTNERS),
        "heures_utilisees_part": _ratio(t.staff_hours, t.staff_hours_available),
        "heures_par_partenaire": _ratio(t.staff_hours, partner_count),
        **socle_prices(current),
    }
    return {key: (None if value is None or math.isnan(value) else float(value)) for key, value in values.items()}


def _movement(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, float | None]:
    """Renewal and churn of the reference year (otmodel.portfolio.partners.movement)."""
    moves = partners.movement(con)
    row = moves[moves["annee"] == year]
    if row.empty or row.iloc[0]["renouveles"] is None or math.isnan(row.iloc[0]["taux_renouvellement"]):
        return {"taux_renouvellement": None, "taux_attrition": None}
    renewed, lapsed = float(row.iloc[0]["renouveles"]), float(row.iloc[0]["perdus"])
    return {"taux_renouvellement": float(row.iloc[0]["taux_renouvellement"]),
            "taux_attrition": _ratio(lapsed, renewed + lapsed)}


def _top_share(con: duckdb.DuckDBPyConnection, year: int) -> float | None:
    """Share of the revenue paid by the top 10 % paying partners (otmodel.portfolio.partners.top_share)."""
    revenue = partners.partner_revenue(con, year)
    return partners.top_share(revenue, TOP) if len(revenue) else None


def _services(current: Evaluation) -> dict[str, float | None]:
    active = current.offers[current.offers["active"]]
    counts = {f"services_{code}": float((active["sphere"] == code).sum()) for code in vocab.SPHERES}
    free = float((active["prix"] == 0).sum())
    return {**counts, "part_services_gratuits": _ratio(free, float(len(active)))}


def _survey(con: duckdb.DuckDBPyConnection) -> dict[str, float | None]:
    """Response rate and mean satisfaction, as the Présentation's « Ce que disent les partenaires » says them."""
    base = survey.participation(con)
    respondents, known = float(base["respondents"].sum()), float(base["base"].sum())
    if not respondents:
        return {"taux_reponse_enquete": None, "satisfaction_moyenne": None}
    satisfaction = survey.importance_satisfaction(con).themes["satisfaction"].mean()
    return {"taux_reponse_enquete": _ratio(respondents, known), "satisfaction_moyenne": float(satisfaction)}


def socle_prices(current: Evaluation) -> dict[str, float | None]:
    """Per sector, the lowest price of the active paid socle services aimed at it (an empty target: every
    sector); None when the socle is free or aims elsewhere."""
    offers = current.offers
    paid = offers[offers["active"] & (offers["sphere"] == "socle") & (offers["prix"] > 0)]
    prices: dict[str, float | None] = {}
    for code in vocab.FILIERES:
        aimed = [float(row.prix) for row in paid.itertuples()
                 if len(row.filieres_cibles) == 0 or code in list(row.filieres_cibles)]
        prices[f"{SOCLE_PRICE}{code}"] = min(aimed) if aimed else None
    return prices


def profile(con: duckdb.DuckDBPyConnection, facts: Facts, population: int | None = None,
            tourist_beds: int | None = None) -> Profile:
    """The office's profile: its structure, the businesses of its territory (the engine's universe: former
    partners excepted) and the communes they are in."""
    communes = con.execute(f"SELECT count(DISTINCT commune) FROM partenaires WHERE {vocab.IN_TERRITORY} "
                           "AND commune IS NOT NULL").fetchone()[0]
    structure = facts.structure
    return Profile(str(structure["nom"]), str(structure["statut_juridique"]), int(facts.year),
                   int(facts.universe.sum()), int(communes), population, tourist_beds)
