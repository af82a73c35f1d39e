"""Réseau: the office among its peers of the network, on normalised indicators, as PILOT compares offices — for
the seminar of peers and for the élus."""

import streamlit as st

from otmodel.network import compare, demo
from otmodel.network import settings as network_settings
from otmodel.ui import data, feedback, widgets
from otmodel.ui import network as ui_network
from views.reseau import office, sources, standing

facts = data.require_facts()
saved = data.read(network_settings.load)
st.title("Réseau")
widgets.page_caption("Situer l'office parmi des offices comparables — même taille et même statut, même "
                     "touristicité, ou tous — sur des indicateurs ramenés à la taille du territoire, comme le fait "
                     "PILOT : médiane, quartiles, rang. Chaque office dépose son fichier (anonyme) dans un dossier "
                     "commun ; rien n'est écrit dans votre base.", "Réseau")
network, folder = sources.section(saved)
if network is not None:
    if demo.README in network.ignored:
        st.info("Réseau de démonstration : ses 40 offices « (fictif) » et toutes leurs valeurs sont synthétiques — "
                "aucune liste publique ne donne les partenaires ni les recettes partenaires de chaque office.")
    network = ui_network.with_our_office(network, saved)
    name = str(facts.structure["nom"])
    st.header("Notre place dans le réseau")
    by, year = standing.choose(network, name, saved)
    with feedback.refusals():
        result = compare.compare(network, name, year, by)
        standing.summary(result)
        standing.strips(result)
        standing.table(result)
        standing.in_presentation(saved, folder, by)
office.section(facts, saved)
