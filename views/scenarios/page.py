"""Scénarios: decide each offer's mode and price, see at once what it does to the target; save the decision."""

import streamlit as st

from otmodel import format as fmt
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios import store
from otmodel.ui import data, feedback, widgets
from otmodel.ui import working_scenario as ws
from views.scenarios import record
from views.scenarios.workbench import workbench

facts = data.require_facts()
current = data.evaluate()
saved_names = data.read(store.names)
draft = ws.start(saved_names)

st.title("Scénarios")
structure_name = feedback.plain(facts.structure["nom"])  # user text: never Markdown
widgets.page_caption(f"{structure_name} — base {facts.year}, objectif {fmt.euros(current.totals.target_amount)} "
                     f"({TARGET_BASES[current.totals.target_basis].lower()}). Choisissez pour chaque offre un mode et "
                     "un prix : les chiffres se mettent à jour aussitôt.", "Scénarios")
record.picker(draft, saved_names)
workbench(facts, current)
st.divider()
record.record_form()
record.exchange(draft, set(facts.offer_ids))
