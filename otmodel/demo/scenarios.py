"""Saved scenarios of each demo territory, illustrating the debates of the article: essential services as
free public service, a partner pack at a higher price, premium à la carte for the sectors that ask for it —
and one that reaches the target, found with the goal seek (so the presentation has a recommendation).
They are written in the scenario file format and saved by `init --demo`.
"""

from __future__ import annotations

import duckdb

from otmodel.demo.territories import TERRITORIES
from otmodel.followup import applied
from otmodel.model import engine, goalseek
from otmodel.model.engine import Facts
from otmodel.model.scenario import Scenario, parse_scenario
from otmodel.scenarios import store as scenario_store
from otmodel.scenarios.store import SavedScenario

AUTHOR = "Démonstration"

DEMO_SCENARIOS: dict[str, list[dict]] = {
    "destination": [
        {
            "spec": {"name": "Tout l'essentiel en service public", "offers": {
                "O-ATELIER": {"mode": "free"}, "O-QUALITE": {"mode": "free"}, "O-CLASSEMENT": {"mode": "free"},
                "P-COMMERCE": {"mode": "free"}, "O-SAISON": {"mode": "stopped"}}},
            "notes": "Ateliers numériques, accompagnement qualité et classement gratuits pour toutes les "
                     "entreprises ; le pack commerce devient une mission de service public.",
            "status": "brouillon",
            "decision": "Écarté pour cette année : l'écart à l'objectif se creuse. À rouvrir si la collectivité "
                        "finance ces missions au titre du service public.",
        },
        {
            "spec": {"name": "Pack partenaire revalorisé", "offers": {
                "P-HEB": {"mode": "paid", "price": 280}, "P-RESTO": {"mode": "paid", "price": 190},
                "P-LOISIRS": {"mode": "paid", "price": 230}, "P-PREMIUM": {"mode": "paid", "price": 1100},
                "O-SAISON": {"mode": "stopped"}}},
            "notes": "Packs socle revalorisés (hébergement 280 €, restauration 190 €, loisirs 230 €, premium "
                     "1 100 €) ; le mini-site de saison, peu utilisé, est arrêté.",
            "status": "retenu",
            "decision": "Retenu comme base de travail : l'écart à l'objectif baisse d'environ un tiers, l'effort "
                        "porte sur les filières qui profitent le plus de la fréquentation et le service public "
                        "reste gratuit pour tous. Le reste de l'écart est à trouver (recherche d'objectif).",
        },
        {
            "spec": {"name": "Premium à la carte pour les filières demandeuses", "offers": {
                "O-MISEAVANT": {"mode": "paid", "price": {"default": 490, "hebergement": 590}},
                "O-GROUPES": {"mode": "paid", "price": {"default": 1800, "hebergement": 2100}},
                "O-PHOTO": {"mode": "paid", "price": 180},
                "O-CLUBCOM": {"mode": "paid", "price": 50, "expected_subscribers": 60}}},
            "notes": "Mise en avant et vente groupes plus chères pour les hébergeurs qui les demandent ; "
                     "création d'un club des commerces et artisans à 50 €.",
            "status": "brouillon",
            "decision": "",
        },
        {
            # From the revalued packs, one uniform rise of every paid price that reaches the target.
            "spec": {"name": "Objectif atteint : packs revalorisés et prix ajustés", "offers": {
                "P-HEB": {"mode": "paid", "price": 280}, "P-RESTO": {"mode": "paid", "price": 190},
                "P-LOISIRS": {"mode": "paid", "price": 230}, "P-PREMIUM": {"mode": "paid", "price": 1100},
                "O-SAISON": {"mode": "stopped"}}},
            "seek": {"uniform": True, "step": 5},
            "notes": "Le « Pack partenaire revalorisé », puis une même hausse de tous les prix payants, trouvée avec "
                     "la recherche d'objectif (environ 10 %) ; chaque prix est arrondi aux 5 € supérieurs.",
            "status": "retenu",
            "decision": "Recommandé : l'objectif de résultat est atteint avec une hausse modérée et lisible, les "
                        "services publics restent gratuits pour toutes les entreprises du territoire.",
        },
    ],
    "rural": [
        {
            "spec": {"name": "Tout l'essentiel en service public", "offers": {"O-ADHESION": {"mode": "free"}}},
            "notes": "L'adhésion devient gratuite : tout le socle est un service public.",
            "status": "brouillon",
            "decision": "Écarté : l'adhésion fait l'essentiel des recettes, l'objectif de 3 000 € ne serait "
                        "plus atteint.",
        },
        {
            "spec": {"name": "Adhésion à 50 € et photos à 70 €", "offers": {
                "O-ADHESION": {"mode": "paid", "price": 50}, "O-PHOTO": {"mode": "paid", "price": 70}}},
            "notes": "Hausse modérée de l'adhésion et des photos, le reste inchangé.",
            "status": "retenu",
            "decision": "Retenu : l'objectif de 3 000 € de recettes est atteint avec une marge, sans toucher "
                        "aux services publics.",
        },
        {
            "spec": {"name": "Ateliers payants pour les hébergeurs seulement", "offers": {
                "O-ATELIER": {"mode": "paid", "price": {"hebergement": 20}}}},
            "notes": "Les ateliers numériques restent gratuits pour tous, sauf les hébergeurs (20 €) qui les "
                     "demandent le plus.",
            "status": "brouillon",
            "decision": "",
        },
        {
            # The stand at the producers' market becomes free; the lowest membership fee that still reaches
            # the target is found with the goal seek.
            "spec": {"name": "Objectif atteint : adhésion au juste prix, marché gratuit", "offers": {
                "O-MARCHE": {"mode": "free"}}},
            "seek": {"offer": "O-ADHESION", "step": 1},
            "notes": "Le stand au marché de producteurs devient gratuit ; l'adhésion est fixée au plus bas prix qui "
                     "atteint encore l'objectif de recettes (recherche d'objectif), arrondi à l'euro supérieur.",
            "status": "retenu",
            "decision": "Recommandé : l'objectif de 3 000 € de recettes est tenu, l'adhésion baisse un peu et le "
                        "marché de producteurs est ouvert à tous sans frais.",
        },
    ],
}


def sought(facts: Facts, scenario: Scenario, seek: dict) -> Scenario:
    """The scenario completed by the goal seek (one offer's price, or a uniform change of the paid prices), its
    prices rounded up to the step: prices a director can announce."""
    if "offer" in seek:
        return goalseek.price_for_target(facts, scenario, seek["offer"], rounding=seek["step"]).scenario
    return goalseek.uniform_change_for_target(facts, scenario, rounding=seek["step"]).scenario


# The partners' guide of each demo: its introduction and its contact block (fictional addresses).
GUIDE_TEXTS: dict[str, dict[str, str]] = {
    "destination": {
        "introduction": "L'Office de tourisme Côte des Pins accompagne toutes les entreprises du territoire, "
                        "partenaires ou non. Ce guide présente nos services : ce que l'office fait pour chacun au "
                        "titre du service public, le socle des partenaires, puis les services à la carte et "
                        "premium, avec leur prix.",
        "contact": "Pôle partenaires — Office de tourisme Côte des Pins (fictif)\n1 place de l'Océan, "
                   "Lacanau-Plage\n05 00 00 00 00 · partenaires@cote-des-pins.example",
    },
    "rural": {
        "introduction": "L'Office de tourisme du Pays des Collines est l'affaire de tous les professionnels du "
                        "pays : voici ce qu'il fait pour vous, et ce que coûte l'adhésion.",
        "contact": "Office de tourisme du Pays des Collines (fictif)\nPlace de la Mairie, Montval\n"
                   "05 00 00 00 01 · accueil@pays-des-collines.example",
    },
}


def install(con: duckdb.DuckDBPyConnection, territory: str) -> list[str]:
    """Save the territory's demo scenarios (replacing those of the same name) and apply the one its followed
    year is about; returns their names."""
    known = scenario_store.offer_ids(con)
    facts = engine.load_facts(con)
    saved = []
    for entry in DEMO_SCENARIOS.get(territory, []):
        scenario = parse_scenario(entry["spec"], known)
        if "seek" in entry:
            scenario = sought(facts, scenario, entry["seek"])
        scenario_store.save(con, SavedScenario(scenario, author=AUTHOR, notes=entry["notes"],
                                               status=entry["status"], decision=entry["decision"]))
        saved.append(scenario.name)
    followed = TERRITORIES[territory].followed if territory in TERRITORIES else None
    if followed is not None:
        applied.apply(con, followed.scenario, followed.year, by=AUTHOR)
    return saved
