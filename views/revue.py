"""Revue: the yearly review of every offer — indicators, a suggested decision with its reasons, the director's
decisions (who, when, why) and, in one click, the scenario they make."""

import datetime as dt

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import decisions, review
from otmodel.portfolio.review import Suggestion
from otmodel.ui import data, feedback, numbers, roles, widgets, working_scenario

LABELS = vocab.DECISIONS
CODES = {label: code for code, label in LABELS.items()}
INDICATORS = {"nom": col.OFFER, "suggestion": col.SUGGESTION, "raisons": col.REASONS, "adoption": col.UPTAKE,
              "resultat": col.RESULT, "importance": col.IMPORTANCE, "satisfaction": col.SATISFACTION,
              "mentions": col.MENTIONS, "alignement": col.ALIGNMENT, "heures": col.HOURS,
              "competences_manquantes": col.SKILLS_MISSING, "sphere": col.SPHERE, "portage": col.DELIVERY}


def thresholds() -> review.Thresholds:
    """The rule's thresholds, adjustable (percentages in %), each field starting from the rule's default."""
    default = review.Thresholds()
    fields = {  # name → how it is read, its default, its help
        "min_uptake": (numbers.Reading("Taux de souscription minimal (%)", "%", 1, 0, 100), default.min_uptake * 100,
                       "En dessous, une offre est « peu souscrite »."),
        "need_importance": (numbers.Reading("Importance d'un besoin exprimé (sur 5)", "", 1, 1, 5),
                            default.need_importance, None),
        "min_mentions": (numbers.Reading("Rencontres d'un besoin exprimé", "", 0, 1, 100), default.min_mentions, None),
        "min_satisfaction": (numbers.Reading("Satisfaction minimale (sur 5)", "", 1, 1, 5), default.min_satisfaction,
                             None),
        "strong_alignment": (numbers.Reading("Alignement fort (sur 3)", "", 0, 0, 3), default.strong_alignment,
                             "Une offre peu utile mais très alignée est relayée, pas arrêtée."),
        "overload": (numbers.Reading("Charge maximale d'un porteur (%)", "%", 0, 50, 200), default.overload * 100,
                     None)}
    with st.expander("Seuils de la règle", expanded=False):
        columns = st.columns(3) + st.columns(3)
        typed = {name: numbers.number_field(reading.what, f"review_{name}", reading, value, where=column, help=help_)
                 for column, (name, (reading, value, help_)) in zip(columns, fields.items(), strict=True)}
    return review.Thresholds(min_uptake=typed["min_uptake"] / 100, need_importance=typed["need_importance"],
                             min_mentions=int(typed["min_mentions"]), min_satisfaction=typed["min_satisfaction"],
                             strong_alignment=int(typed["strong_alignment"]), overload=typed["overload"] / 100)


def indicators(table: pd.DataFrame, suggestions: list[Suggestion]) -> None:
    """How many offers each suggestion gets, every offer's indicators, and why one offer gets its suggestion."""
    counts = table["suggestion"].value_counts()
    for column, code in zip(st.columns(len(LABELS)), LABELS, strict=True):
        column.metric(LABELS[code], fmt.number(counts.get(code, 0)), border=True)
    st.header("Indicateurs et suggestions")
    widgets.table(table.assign(suggestion=table["suggestion"].map(LABELS), sphere=table["sphere"].map(vocab.SPHERES),
                               portage=table["portage"].map(vocab.PORTAGES),
                               importance=pd.to_numeric(table["importance"]),
                               satisfaction=pd.to_numeric(table["satisfaction"]),
                               competences_manquantes=table["competences_manquantes"].map(", ".join)),
                  INDICATORS, name="revue_indicateurs", pinned="nom", width="stretch")
    st.subheader("Pourquoi cette suggestion ?")
    offer = st.selectbox("Offre", [s.offer for s in suggestions],
                         format_func={s.offer: f"{s.name} — {LABELS[s.suggestion]}" for s in suggestions}.get)
    chosen = next(s for s in suggestions if s.offer == offer)
    st.markdown(f"**Suggestion : {LABELS[chosen.suggestion]}**")
    for reason in chosen.reasons:
        st.text(f"• {reason}")


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


facts = data.require_facts()
st.title("Revue annuelle des offres")
widgets.page_caption("Pour chaque offre : ce qu'elle touche, ce qu'elle rapporte et coûte, le besoin exprimé (enquête "
                     "et carnet d'écoute), l'alignement sur le projet de territoire, les heures et les compétences de "
                     "l'équipe — et une décision suggérée, avec ses raisons (la règle : Aide, « La revue annuelle »).",
                     "Revue")
suggestions = data.read(review.review, thresholds())
table = review.as_frame(suggestions)
in_force = data.read(decisions.latest).set_index("offer_id")
indicators(table, suggestions)
decision_sheet(table, suggestions, in_force)
history()
into_a_scenario(facts.year, not in_force.empty)
