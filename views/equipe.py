"""Équipe et compétences: who carries which offer, hours carried against hours available, offers flagged."""

import streamlit as st

from otmodel import format as fmt
from otmodel.portfolio import charts, offers, team
from otmodel.ui import data, widgets

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
people = capacity.people
people_col, hours_col, over_col = st.columns(3)
people_col.metric("Personnes (ou rôles)", fmt.number(len(people)), border=True)
hours_col.metric("Heures portées / disponibles", f"{fmt.number(people['heures_portees'].sum())} h / "
                 f"{fmt.number(people['heures_disponibles'].sum())} h", border=True,
                 help="Les heures d'équipe de chaque offre (situation actuelle) partagées entre ses porteurs.")
over_col.metric("Au-delà de leurs heures", fmt.number(int(people["surcharge"].sum())), border=True)

chart_col, table_col = st.columns([3, 2], gap="large")
with chart_col:
    widgets.chart(charts.capacity_chart(people), key="capacity")
with table_col:
    skills = dict(zip(members["nom"], members["competences"], strict=True))
    st.dataframe(people.assign(charge=people["charge"] * 100, competences=people["nom"].map(
        lambda n: ", ".join(skills.get(n, []))), offres=people["offres"].map(", ".join)),
        hide_index=True, column_config={
            "nom": "Personne", "heures_disponibles": st.column_config.NumberColumn("Disponibles", format="%.0f h"),
            "heures_portees": st.column_config.NumberColumn("Portées", format="%.0f h"),
            "charge": st.column_config.NumberColumn("Charge", format="%.0f %%"), "surcharge": "Au-delà",
            "competences": "Compétences", "offres": "Offres portées"},
        column_order=["nom", "heures_disponibles", "heures_portees", "charge", "surcharge", "competences", "offres"])

st.header("Offres à surveiller")
flagged = capacity.offers[capacity.offers["alertes"].map(bool)]
if flagged.empty:
    st.success("Chaque offre a ses compétences dans l'équipe et des porteurs dans leurs heures.")
else:
    st.dataframe(flagged.assign(alertes=flagged["alertes"].map(" ; ".join), porteurs=flagged["porteurs"].map(", ".join),
                                competences=flagged["competences"].map(", ".join)),
                 hide_index=True, column_order=["nom", "heures", "porteurs", "competences", "alertes"],
                 column_config={"nom": "Offre", "heures": st.column_config.NumberColumn("Heures", format="%.0f h"),
                                "porteurs": "Porteurs", "competences": "Compétences demandées",
                                "alertes": st.column_config.TextColumn("À surveiller", width="large")})

st.header("Toutes les offres")
every = capacity.offers
st.dataframe(every.assign(porteurs=every["porteurs"].map(", ".join), competences=every["competences"].map(", ".join)),
             hide_index=True, column_order=["nom", "heures", "porteurs", "competences"],
             column_config={"nom": "Offre", "heures": st.column_config.NumberColumn("Heures", format="%.0f h"),
                            "porteurs": "Porteurs", "competences": "Compétences demandées"})
