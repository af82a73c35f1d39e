"""Panels of the Scénarios page that stand apart from the editing table: the goal seek and the save conflict."""

from __future__ import annotations

import streamlit as st

from otmodel import columns
from otmodel.listening import pricing
from otmodel.model import goalseek
from otmodel.model.engine import Facts
from otmodel.model.scenario import Scenario
from otmodel.scenarios import store
from otmodel.ui import data, feedback, widgets
from otmodel.ui import working_scenario as ws


def seek_panel(facts: Facts, scenario: Scenario) -> None:
    """Goal seek: the price of one offer, or one change of all paid prices, that reaches the target — rounded to
    a price she can print, and flagged when the partners would find it unacceptable or it more than doubles."""
    how_col, rounding_col = st.columns([3, 1])
    how = how_col.radio("Chercher", ["Le prix d'une offre", "Une variation de tous les prix payants"],
                        horizontal=True, key="sc_seek_how")
    rounding = rounding_col.selectbox("Arrondir les prix", list(goalseek.ROUNDINGS), format_func=goalseek.ROUNDINGS.get,
                                      key="sc_seek_rounding")
    offer_id = None
    if how == "Le prix d'une offre":
        names = dict(zip(facts.offer_ids, facts.offers["nom"], strict=True))
        offer_id = st.selectbox("Offre", facts.offer_ids, format_func=names.get, key="sc_seek_offer")
    # An answer belongs to its question: another offer, rounding or scenario, and it goes.
    question = [how, offer_id, rounding, scenario.to_json()]
    if st.session_state.get(ws.SEEK, {}).get("question") != question:
        st.session_state.pop(ws.SEEK, None)
    if st.button("Chercher le prix qui atteint l'objectif", key="sc_seek_go"):
        acceptable = data.cached(pricing.acceptable_ranges)
        found = (goalseek.price_for_target(facts, scenario, offer_id, rounding, acceptable.get(offer_id))
                 if offer_id else goalseek.uniform_change_for_target(facts, scenario, rounding=rounding,
                                                                     acceptable=acceptable))
        st.session_state[ws.SEEK] = {"question": question, "message": found.message, "reached": found.reached,
                                     "warnings": list(found.warnings), "spec": found.scenario.to_json()}
    seek = st.session_state.get(ws.SEEK)
    if seek:
        (st.success if seek["reached"] else st.warning)(feedback.plain(seek["message"]))
        for warning in seek["warnings"]:
            st.warning(f"⚠️ {feedback.plain(warning)}")
        st.button("Appliquer au scénario", key="sc_seek_apply", on_click=ws.apply_seek,
                  help="Les prix trouvés remplacent ceux du scénario ; rien n'est enregistré avant « Enregistrer ».")
    if st.toggle("Prix d'équilibre de chaque offre", key="sc_break_even",
                 help="Le prix à partir duquel une offre couvre ses propres coûts (équipe comprise)."):
        table = goalseek.break_even_prices(facts, scenario)
        widgets.table(table, {"nom": columns.OFFER, "break_even": columns.BREAK_EVEN, "note": columns.NOTE},
                      width="stretch")


def conflict_choice() -> None:
    """Someone saved this scenario since it was opened: save under another name, or overwrite — the user's call."""
    conflict = st.session_state.get(ws.CONFLICT)
    if not conflict:
        return
    with st.container(border=True):
        st.warning(f"⚠️ {feedback.plain(conflict)}")
        st.text_input("Autre nom", key=ws.CONFLICT_NAME, max_chars=store.MAX_NAME)
        c1, c2, c3 = st.columns(3)
        c1.button("Enregistrer sous un autre nom", type="primary", key="sc_conflict_save_as", on_click=ws.save_as,
                  width="stretch")
        c2.button("Écraser sa version", key="sc_conflict_overwrite", on_click=ws.overwrite, width="stretch",
                  help="Vos modifications remplacent celles de l'autre personne.")
        c3.button("Annuler", key="sc_conflict_cancel", on_click=ws.cancel_conflict, width="stretch")
