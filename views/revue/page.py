"""Revue: the yearly review of every offer — indicators, a suggested decision with its reasons, this year against
the applied scenario's plan, the director's decisions (who, when, why) and, in one click, the scenario they make."""

import streamlit as st

from otmodel.followup import progress
from otmodel.portfolio import decisions, review
from otmodel.ui import data
from views.revue import rule, sheet

facts = data.require_facts()
st.title("Revue annuelle des offres")
st.caption("Pour chaque offre : ce qu'elle touche, ce qu'elle rapporte et coûte, le besoin exprimé (enquête et carnet "
           "d'écoute), l'alignement sur le projet de territoire, les heures et les compétences de l'équipe — et une "
           "décision suggérée, avec ses raisons. La règle est décrite dans le manuel (docs/methodes.md, « La revue "
           "annuelle »).")
suggestions = data.read(review.review, rule.thresholds())
table = review.as_frame(suggestions)
in_force = data.read(decisions.latest).set_index("offer_id")
rule.indicators(table, suggestions, data.read(progress.follow_if_any, facts))
sheet.decision_sheet(table, suggestions, in_force)
sheet.history()
sheet.into_a_scenario(facts.year, not in_force.empty)
