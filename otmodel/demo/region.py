"""A synthetic regional network, to measure otmodel at scale (`python -m otmodel bench --partners N …`).

Deterministic and vectorised: N businesses across every sector, M offers (a third free public services, the
rest paid at a handful of prices, some aimed at a few sectors), Y years of subscriptions. About 40 % of the
businesses are partners; each partner subscribes to about three offers a year (100 000 / 60 / 5 gives
roughly 590 000 subscriptions, the order of a regional network). Written as the templates users import.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from otmodel import vocab
from otmodel.data.schema import TEMPLATES

BASE_YEAR = 2025
STATUSES = ("partenaire", "partenaire", "prospect", "non_partenaire", "ancien")  # 40 % partners
FAMILIES = tuple(vocab.FAMILLES)
PAID_SPHERES = ("socle", "a_la_carte", "premium")
OFFERS_PER_PARTNER = 3


def frames(partners: int, offers: int, years: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """The template tables of the region, by template name."""
    rng = np.random.default_rng(seed)
    sectors = np.array(list(vocab.FILIERES))
    ids = np.char.add("R", np.char.zfill(np.arange(1, partners + 1).astype(str), 6))
    statut = np.array(STATUSES)[rng.integers(0, len(STATUSES), partners)]
    partner_table = pd.DataFrame({
        "id": ids, "nom": np.char.add("Entreprise ", ids), "filiere": sectors[rng.integers(0, len(sectors), partners)],
        "commune": np.char.add("Commune ", (rng.integers(0, 400, partners)).astype(str)),
        "capacite": rng.integers(0, 200, partners), "statut": statut,
        "depuis": np.where(statut == "partenaire", rng.integers(1995, BASE_YEAR, partners), 0),
        "club_pro": np.where(rng.random(partners) < 0.1, "oui", "non"), "email": ""})
    partner_table["depuis"] = partner_table["depuis"].replace(0, pd.NA).astype("Int64")

    numbers = np.arange(offers)
    free = numbers % 3 == 0
    prices = np.where(free, 0, np.array([60, 90, 150, 250, 400])[numbers % 5])
    targets = ["" if i % 4 else "|".join(sectors[[i % len(sectors), (i + 3) % len(sectors)]]) for i in numbers]
    offer_ids = np.char.add("OR-", np.char.zfill(numbers.astype(str), 3))
    offer_table = pd.DataFrame({
        "id": offer_ids, "nom": [f"Service régional n°{i + 1}" for i in numbers],
        "famille": np.array(FAMILIES)[numbers % len(FAMILIES)], "type": "service",
        "sphere": np.where(free, "service_public", np.array(PAID_SPHERES)[numbers % 3]), "prix": prices,
        "filieres_cibles": targets, "cout_fixe": 1000 + 100 * (numbers % 7), "cout_unitaire": 5 * (numbers % 4),
        "heures_fixes": 20 + numbers % 30, "heures_unitaires": 0.1 + 0.05 * (numbers % 3), "portage": "interne",
        "alignement": numbers % 4, "cycle": "existant", "prix_reference": "", "theme_besoin": ""})

    # Each partner keeps the same few offers from year to year (offers it is targeted by or not: the model
    # reproduces the current situation exactly either way).
    members = np.flatnonzero(statut == "partenaire")
    chosen = rng.integers(0, offers, (len(members), OFFERS_PER_PARTNER))
    who = np.repeat(members, OFFERS_PER_PARTNER)
    what = chosen.ravel()
    pairs = pd.DataFrame({"p": who, "o": what}).drop_duplicates()
    year_list = np.arange(BASE_YEAR - years + 1, BASE_YEAR + 1)
    subscriptions = pd.DataFrame({
        "partenaire_id": np.tile(ids[pairs["p"].to_numpy()], years),
        "offre_id": np.tile(offer_ids[pairs["o"].to_numpy()], years),
        "annee": np.repeat(year_list, len(pairs)),
        "montant": np.tile(prices[pairs["o"].to_numpy()], years)})
    structure = pd.DataFrame([{"nom": "Réseau régional (synthétique)", "statut_juridique": "association",
                               "annee": BASE_YEAR, "objectif": 2_000_000, "base_objectif": "resultat",
                               "cout_horaire": 40, "heures_disponibles": 200_000}])
    return {"structure": structure, "partenaires": partner_table, "offres": offer_table,
            "souscriptions": subscriptions}


def generate(folder: str | Path, partners: int, offers: int, years: int) -> Path:
    """Write the region's template files (CSV, `;`) into `folder`; returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames(partners, offers, years).items():
        frame.to_csv(folder / TEMPLATES[name].filename, sep=";", index=False)
    return folder
