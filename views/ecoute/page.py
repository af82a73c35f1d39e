"""Écoute: who answered, what partners need and how satisfied they are, what they would pay — and the
buttons that carry a need or a price into a scenario."""

import streamlit as st

from otmodel import vocab
from otmodel.listening import survey
from otmodel.ui import data, widgets
from views.ecoute import listening, needs, prices

st.title("Écoute des partenaires")
widgets.page_caption("Écouter les besoins avant de placer ses services : qui a répondu, ce qui compte et ce qui "
                     "satisfait, ce que les partenaires paieraient — et ce qui passe dans les scénarios.", "Écoute")
filter_sector, filter_status = st.columns(2)
sectors = filter_sector.multiselect("Filières", list(vocab.FILIERES), format_func=vocab.FILIERES.get,
                                    placeholder="Toutes les filières")
statuts = filter_status.multiselect("Statuts", list(vocab.STATUTS_PARTENAIRE),
                                    format_func=vocab.STATUTS_PARTENAIRE.get, placeholder="Tous les statuts")
by_sector = data.cached(survey.participation, "filiere", statuts)
if by_sector["respondents"].sum() == 0:
    st.info("Aucune réponse à l'enquête sur les besoins : importez besoins.csv (page Données).")
else:
    listening.section(by_sector, sectors, statuts)
    needs.section(sectors, statuts)  # its form stays: never in a tab that closes
prices.section()
