"""Équipe et compétences: who carries which offer, hours carried against hours available, offers flagged."""

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel.portfolio import charts, offers, team
from otmodel.ui import data, widgets


def people_and_hours(capacity: team.Capacity, members: pd.DataFrame) -> None:
    """Who carries how many of the offers' hours, against their own hours."""
    people = capacity.people
    people_col, offers_col, hours_col, over_col = st.columns(4)
    people_col.metric("Personnes (ou rôles)", fmt.number(len(people)), border=True)
    offers_col.metric("Heures d'équipe des offres", f"{fmt.number(capacity.offer_hours)} h", border=True,
                      help="Les heures de toutes les offres (situation actuelle) : le même compte que Synthèse et "
                           "Offres.")
    hours_col.metric("Portées / disponibles", f"{fmt.number(people['heures_portees'].sum())} h / "
                     f"{fmt.number(people['heures_disponibles'].sum())} h", border=True,
                     help="Les heures de chaque offre partagées entre ses porteurs dans l'équipe, face à leurs "
                          f"heures disponibles. {fmt.number(capacity.unassigned_hours)} h d'offres n'ont pas de "
                          "porteur dans l'équipe (sous-traitées, relayées, ou à attribuer : voir plus bas).")
    over_col.metric("Au-delà de leurs heures", fmt.number(int(people["surcharge"].sum())), border=True)
    chart_col, table_col = st.columns([3, 2], gap="large")
    with chart_col:
        widgets.chart(charts.capacity_chart(people), key="capacity")
    with table_col:
        skills = dict(zip(members["nom"], members["competences"], strict=True))
        widgets.table(people.assign(competences=people["nom"].map(lambda n: ", ".join(skills.get(n, []))),
                                    offres=people["offres"].map(", ".join)),
                      {"nom": col.PERSON, "heures_disponibles": col.HOURS_AVAILABLE,
                       "heures_portees": col.HOURS_CARRIED, "charge": col.LOAD, "surcharge": col.OVERLOADED,
                       "competences": col.SKILLS, "offres": col.OFFERS_CARRIED})


def offers_to_watch(every: pd.DataFrame) -> None:
    st.header("Offres à surveiller")
    flagged = every[every["alertes"].map(bool)]
    if flagged.empty:
        st.success("Chaque offre a ses compétences dans l'équipe et des porteurs dans leurs heures.")
        return
    widgets.table(flagged.assign(alertes=flagged["alertes"].map(" ; ".join),
                                 porteurs=flagged["porteurs"].map(", ".join),
                                 competences=flagged["competences"].map(", ".join)),
                  {"nom": col.OFFER, "heures": col.HOURS, "porteurs": col.CARRIERS, "competences": col.SKILLS_NEEDED,
                   "alertes": col.ALERTS})


def all_offers(every: pd.DataFrame) -> None:
    st.header("Toutes les offres")
    widgets.table(every.assign(porteurs=every["porteurs"].map(", ".join),
                               competences=every["competences"].map(", ".join)),
                  {"nom": col.OFFER, "heures": col.HOURS, "porteurs": col.CARRIERS, "competences": col.SKILLS_NEEDED})


facts = data.require_facts()
st.title("Équipe et compétences")
st.caption("Faire, faire faire ou relayer selon les talents de l'équipe : les heures que chacun porte face à ses "
           "heures disponibles, et les offres dont personne n'a la compétence ou dont les porteurs débordent.")
members = data.read(team.members)
if members.empty:
    st.info("L'équipe n'est pas renseignée : importez equipe.csv (page Données), puis indiquez dans offres.csv les "
            "compétences et les porteurs de chaque offre (colonnes competences et porteurs).")
    st.stop()
capacity = data.read(team.capacity, data.read(offers.offer_economics, facts))
people_and_hours(capacity, members)
offers_to_watch(capacity.offers)
all_offers(capacity.offers)
