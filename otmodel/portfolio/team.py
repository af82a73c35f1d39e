"""The team and its skills against the offers it carries.

Rules (documented in docs/methodes.md, « Portefeuille de partenaires et d'offres ») :
- an offer's staff hours (the model's current situation) are shared equally among its carriers (column
  `porteurs` of offres) who are in the team; a carrier absent from the team carries nothing and is flagged;
- a person is over capacity when the hours they carry exceed their hours available (× OVERLOAD);
- an offer's skill is missing when nobody in the team has it (skills compared without case nor accents); it is
  flagged for an offer carried in-house only (a subcontractor or a relay body brings its own skills);
- an offer carried in-house (portage interne) with staff hours and no carrier is flagged « sans porteur ».
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.data.schema import split_list

OVERLOAD = 1.0


def members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The team: nom, heures_disponibles, competences (a list)."""
    frame = con.execute("SELECT nom, heures_disponibles, competences FROM equipe ORDER BY nom").df()
    frame["competences"] = frame["competences"].map(split_list)
    return frame


@dataclass(frozen=True)
class Capacity:
    """Who carries what, and what is flagged."""

    people: pd.DataFrame  # nom, heures_disponibles, heures_portees, charge (ratio), offres, surcharge
    offers: pd.DataFrame  # id, nom, portage, heures, porteurs, competences, manquantes, inconnus, surcharges, alertes

    @property
    def offer_hours(self) -> float:
        """The staff hours of every offer (the current situation): the team hours every page counts."""
        return float(self.offers["heures"].sum())

    @property
    def unassigned_hours(self) -> float:
        """Hours of offers that nobody of the team carries (no carrier, or carriers absent from the team)."""
        return self.offer_hours - float(self.people["heures_portees"].sum())


def capacity(con: duckdb.DuckDBPyConnection, economics: pd.DataFrame, overload: float = OVERLOAD) -> Capacity:
    """Hours carried per person vs available, and the offers flagged (missing skill, unknown carrier,
    carrier over capacity, no carrier). `economics` is otmodel.portfolio.offers.offer_economics."""
    team = members(con)
    held = {vocab.normalise(skill) for skills in team["competences"] for skill in skills}
    names = {vocab.normalise(n): n for n in team["nom"]}
    info = con.execute("SELECT id, competences, porteurs FROM offres").df().set_index("id")
    carried = {n: 0.0 for n in team["nom"]}
    carried_offers: dict[str, list[str]] = {n: [] for n in team["nom"]}
    rows = []
    for offer in economics.itertuples():
        skills = split_list(info.at[offer.id, "competences"]) if offer.id in info.index else []
        carriers = split_list(info.at[offer.id, "porteurs"]) if offer.id in info.index else []
        known = [names[vocab.normalise(c)] for c in carriers if vocab.normalise(c) in names]
        unknown = [c for c in carriers if vocab.normalise(c) not in names]
        for person in known:
            carried[person] += float(offer.heures) / len(known)
            carried_offers[person].append(offer.id)
        rows.append({"id": offer.id, "nom": offer.nom, "portage": offer.portage, "heures": float(offer.heures),
                     "porteurs": known, "competences": skills,
                     "manquantes": [s for s in skills if vocab.normalise(s) not in held], "inconnus": unknown})
    people = team[["nom", "heures_disponibles"]].copy()
    people["heures_portees"] = people["nom"].map(carried).astype(float)
    people["charge"] = people["heures_portees"] / people["heures_disponibles"].where(people["heures_disponibles"] > 0)
    people["offres"] = people["nom"].map(carried_offers)
    people["surcharge"] = people["heures_portees"] > people["heures_disponibles"] * overload
    over = set(people.loc[people["surcharge"], "nom"])
    offers = pd.DataFrame(rows, columns=["id", "nom", "portage", "heures", "porteurs", "competences", "manquantes",
                                         "inconnus"])
    offers["surcharges"] = offers["porteurs"].map(lambda ps: [p for p in ps if p in over])
    offers["alertes"] = [_alerts(row) for row in offers.itertuples()]
    return Capacity(people.sort_values(["charge", "nom"], ascending=[False, True]).reset_index(drop=True), offers)


def _alerts(offer) -> list[str]:
    alerts = []
    if offer.manquantes and offer.portage == "interne":  # a subcontractor or a partner body brings its own skills
        alerts.append("compétence absente de l'équipe : " + ", ".join(offer.manquantes))
    if offer.surcharges:
        alerts.append("porteur au-delà de ses heures : " + ", ".join(offer.surcharges))
    if offer.inconnus:
        alerts.append("porteur absent de l'équipe : " + ", ".join(offer.inconnus))
    if offer.portage == "interne" and offer.heures > 0 and not offer.porteurs and not offer.inconnus:
        alerts.append("sans porteur dans l'équipe")
    return alerts
