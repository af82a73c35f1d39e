"""Revue › the decision sheet: one row per offer from the decision in force or the suggestion, recorded with who
and why; their history; and, in one click, the scenario they make."""

import datetime as dt

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import decisions
from otmodel.portfolio.review import Suggestion
from otmodel.ui import data, feedback, roles, widgets, working_scenario

LABELS = vocab.DECISIONS
CODES = {label: code for code, label in LABELS.items()}


def decision_sheet(table: pd.DataFrame, suggestions: list[Suggestion], in_force: pd.DataFrame) -> None:
    """One row per offer, from the decision in force or else the suggestion; recorded with who decides."""
    st.header("Décisions")
    sheet = pd.DataFrame({
        "offre": table["offre"], "nom": table["nom"], "suggestion": table["suggestion"].map(LABELS),
        "decision": [LABELS[in_force.at[o, "decision"]] if o in in_force.index else LABELS[s]
                     for o, s in zip(table["offre"], table["suggestion"], strict=True)],
        "motif": [in_force.at[o, "reason"] if o in in_force.index and isinstance(in_force.at[o, "reason"], str)
                  else "" for o in table["offre"]]})
    st.caption("Chaque ligne part de la décision déjà enregistrée, sinon de la suggestion. Un motif laissé vide, pour "
               "une décision égale à la suggestion, reprend les raisons de la suggestion.")
    edited = st.data_editor(sheet, hide_index=True, width="stretch", key="review_sheet",
                            disabled=["offre", "nom", "suggestion"], column_config={
                                "offre": col.IDENTIFIER.label, "nom": col.OFFER.label,
                                "suggestion": col.SUGGESTION.label,
                                "decision": st.column_config.SelectboxColumn(col.DECISION.label, options=list(CODES),
                                                                             required=True),
                                "motif": st.column_config.TextColumn(col.REASON.label, width="large", max_chars=2000)})
    author_col, button_col = st.columns([2, 1], vertical_alignment="bottom")
    author = author_col.text_input("Qui décide ?", key="review_author",
                                   placeholder="Nom de la directrice ou du directeur")

    def record() -> str:
        reasons = {s.offer: " ".join(s.reasons) for s in suggestions}
        rows = [decisions.Decision(row.offre, CODES[row.decision],
                                   row.motif.strip() if isinstance(row.motif, str) and row.motif.strip()
                                   else (reasons[row.offre] if CODES[row.decision] == CODES[row.suggestion] else ""),
                                   CODES[row.suggestion])
                for row in edited.itertuples()]
        count = data.write(decisions.record, rows, author, scope="choices")
        now = dt.datetime.now()
        return f"{fmt.number(count)} décisions enregistrées par {author.strip()} le {now:%d/%m/%Y à %H:%M}."

    if button_col.button("💾 Enregistrer les décisions", type="primary", disabled=not roles.can_write()):
        feedback.attempt("decisions", record, rerun=True)
    feedback.say("decisions")


def history() -> None:
    recorded = data.read(decisions.history)
    if recorded.empty:
        return
    with st.expander(f"Historique des décisions ({fmt.number(len(recorded))})"):
        widgets.table(recorded.assign(decision=recorded["decision"].map(LABELS),
                                      suggestion=recorded["suggestion"].map(lambda c: vocab.label(LABELS, c))),
                      {"decided_at": col.WHEN, "author": col.WHO, "offer_id": col.IDENTIFIER,
                       "decision": col.DECISION, "suggestion": col.SUGGESTION, "reason": col.REASON})


def into_a_scenario(year: int, any_decision: bool) -> None:
    st.header("Transformer les décisions en scénario")
    st.caption("Arrêter et relayer → offre arrêtée ; créer → offre lancée à son prix, avec pour souscripteurs "
               "attendus les entreprises qui en ont exprimé le besoin ; maintenir, adapter, sous-traiter → offre "
               "inchangée (le contenu ou les coûts sont à revoir dans les offres).")
    name_col, create_col = st.columns([2, 1], vertical_alignment="bottom")
    name = name_col.text_input("Nom du scénario", value=f"Revue des offres {year}", key="review_scenario_name")

    def create() -> None:
        saved = data.write(decisions.to_scenario, name, st.session_state.get("review_author", ""), scope="scenarios")
        working_scenario.open_saved(saved.name)
        st.switch_page("views/scenarios/page.py")

    if create_col.button("🧪 Créer le scénario et l'ouvrir", disabled=not (roles.can_write() and any_decision)):
        feedback.attempt("review_scenario", create)
    feedback.say("review_scenario")
