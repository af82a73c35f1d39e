"""Revue: the yearly review of every offer — indicators, a suggested decision with its reasons, the director's
decisions (who, when, why) and, in one click, the scenario they make."""

import datetime as dt

import pandas as pd
import streamlit as st

from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import decisions, review
from otmodel.ui import data, feedback, numbers, roles, working_scenario

facts = data.require_facts()
con = data.cursor()
LABELS = vocab.DECISIONS
CODES = {label: code for code, label in LABELS.items()}
THRESHOLD_HELP = {"min_uptake": "En dessous, une offre est « peu souscrite ».",
                  "strong_alignment": "Une offre peu utile mais très alignée est relayée, pas arrêtée."}


def threshold_fields(defaults: review.Thresholds) -> dict[str, tuple[numbers.Reading, float]]:
    """The rule's thresholds as typed on the page (percentages in %), with their defaults."""
    return {
        "min_uptake": (numbers.Reading("Taux de souscription minimal (%)", "%", 1, 0, 100), defaults.min_uptake * 100),
        "need_importance": (numbers.Reading("Importance d'un besoin exprimé (sur 5)", "", 1, 1, 5),
                            defaults.need_importance),
        "min_mentions": (numbers.Reading("Rencontres d'un besoin exprimé", "", 0, 1, 100), defaults.min_mentions),
        "min_satisfaction": (numbers.Reading("Satisfaction minimale (sur 5)", "", 1, 1, 5), defaults.min_satisfaction),
        "strong_alignment": (numbers.Reading("Alignement fort (sur 3)", "", 0, 0, 3), defaults.strong_alignment),
        "overload": (numbers.Reading("Charge maximale d'un porteur (%)", "%", 0, 50, 200), defaults.overload * 100),
    }


st.title("Revue annuelle des offres")
st.caption("Pour chaque offre : ce qu'elle touche, ce qu'elle rapporte et coûte, le besoin exprimé (enquête et carnet "
           "d'écoute), l'alignement sur le projet de territoire, les heures et les compétences de l'équipe — et une "
           "décision suggérée, avec ses raisons. La règle est décrite dans le manuel (docs/methodes.md, « La revue "
           "annuelle »).")

defaults = review.Thresholds()
with st.expander("Seuils de la règle", expanded=False):
    columns = st.columns(3) + st.columns(3)
    typed = {name: numbers.number_field(reading.what, f"review_{name}", reading, default, where=column,
                                        help=THRESHOLD_HELP.get(name))
             for column, (name, (reading, default)) in zip(columns, threshold_fields(defaults).items(), strict=True)}
thresholds = review.Thresholds(min_uptake=typed["min_uptake"] / 100, need_importance=typed["need_importance"],
                               min_mentions=int(typed["min_mentions"]), min_satisfaction=typed["min_satisfaction"],
                               strong_alignment=int(typed["strong_alignment"]), overload=typed["overload"] / 100)
suggestions = review.review(con, thresholds)
table = review.as_frame(suggestions)

counts = table["suggestion"].value_counts()
for column, code in zip(st.columns(len(LABELS)), LABELS, strict=True):
    column.metric(LABELS[code], fmt.number(counts.get(code, 0)), border=True)

st.header("Indicateurs et suggestions")
shown = table.assign(suggestion=table["suggestion"].map(LABELS), adoption=(table["adoption"] * 100).round(1),
                     importance=pd.to_numeric(table["importance"]).round(1),
                     satisfaction=pd.to_numeric(table["satisfaction"]).round(1),
                     sphere=table["sphere"].map(vocab.SPHERES), portage=table["portage"].map(vocab.PORTAGES),
                     competences_manquantes=table["competences_manquantes"].map(", ".join))
st.dataframe(shown, hide_index=True, width="stretch", column_order=[
    "nom", "suggestion", "raisons", "adoption", "resultat", "importance", "satisfaction", "mentions", "alignement",
    "heures", "competences_manquantes", "sphere", "portage"], column_config={
    "nom": st.column_config.TextColumn("Offre", pinned=True), "suggestion": "Suggestion",
    "raisons": st.column_config.TextColumn("Raisons", width="large"),
    # « localized »: « 10,4 » in a French browser, where a printf format writes « 10.4 ».
    "adoption": st.column_config.NumberColumn("Souscription (%)", format="localized"),
    "resultat": st.column_config.NumberColumn("Résultat (€)", format="localized"),
    "importance": st.column_config.NumberColumn("Importance", format="localized", help="Enquête, sur 5"),
    "satisfaction": st.column_config.NumberColumn("Satisfaction", format="localized", help="Enquête, sur 5"),
    "mentions": st.column_config.NumberColumn("Rencontres", help="Rencontres du carnet qui citent le besoin"),
    "alignement": st.column_config.NumberColumn("Alignement", help="Projet de territoire, sur 3"),
    "heures": st.column_config.NumberColumn("Heures", format="%.0f h"),
    "competences_manquantes": "Compétences absentes", "sphere": "Sphère", "portage": "Portage"})

st.subheader("Pourquoi cette suggestion ?")
offer = st.selectbox("Offre", [s.offer for s in suggestions],
                     format_func={s.offer: f"{s.name} — {LABELS[s.suggestion]}" for s in suggestions}.get)
chosen = next(s for s in suggestions if s.offer == offer)
st.markdown(f"**Suggestion : {LABELS[chosen.suggestion]}**")
for reason in chosen.reasons:
    st.text(f"• {reason}")

# --- decisions ------------------------------------------------------------------------------------
st.header("Décisions")
in_force = decisions.latest(con).set_index("offre_id")
sheet = pd.DataFrame({
    "offre": table["offre"], "nom": table["nom"], "suggestion": table["suggestion"].map(LABELS),
    "decision": [LABELS[in_force.at[o, "decision"]] if o in in_force.index else LABELS[s]
                 for o, s in zip(table["offre"], table["suggestion"], strict=True)],
    "motif": [in_force.at[o, "reason"] if o in in_force.index and isinstance(in_force.at[o, "reason"], str) else ""
              for o in table["offre"]]})
st.caption("Chaque ligne part de la décision déjà enregistrée, sinon de la suggestion. Un motif laissé vide, pour une "
           "décision égale à la suggestion, reprend les raisons de la suggestion.")
edited = st.data_editor(sheet, hide_index=True, width="stretch", key="review_sheet", disabled=["offre", "nom",
                                                                                               "suggestion"],
                        column_config={"offre": "Identifiant", "nom": "Offre", "suggestion": "Suggestion",
                                       "decision": st.column_config.SelectboxColumn("Décision", options=list(CODES),
                                                                                    required=True),
                                       "motif": st.column_config.TextColumn("Motif", width="large", max_chars=2000)})
author_col, button_col = st.columns([2, 1], vertical_alignment="bottom")
author = author_col.text_input("Qui décide ?", key="review_author", placeholder="Nom de la directrice ou du directeur")


def record() -> str:
    reasons = {s.offer: " ".join(s.reasons) for s in suggestions}
    rows = [decisions.Decision(row.offre, CODES[row.decision],
                               row.motif.strip() if isinstance(row.motif, str) and row.motif.strip()
                               else (reasons[row.offre] if CODES[row.decision] == CODES[row.suggestion] else ""),
                               CODES[row.suggestion])
            for row in edited.itertuples()]
    count = decisions.record(data.writer(), rows, author)
    return f"{fmt.number(count)} décisions enregistrées par {author.strip()} le {dt.datetime.now():%d/%m/%Y à %H:%M}."


if button_col.button("💾 Enregistrer les décisions", type="primary", disabled=not roles.can_write()):
    feedback.attempt(record, "decisions")
feedback.flash("decisions")

recorded = decisions.history(con)
if not recorded.empty:
    with st.expander(f"Historique des décisions ({fmt.number(len(recorded))})"):
        st.dataframe(recorded.assign(decision=recorded["decision"].map(LABELS),
                                     suggestion=recorded["suggestion"].map(lambda c: vocab.label(LABELS, c))),
                     hide_index=True, column_config={
                         "decided_at": st.column_config.DatetimeColumn("Quand", format="DD/MM/YYYY HH:mm"),
                         "author": "Qui", "offre_id": "Offre", "decision": "Décision", "suggestion": "Suggestion",
                         "reason": st.column_config.TextColumn("Pourquoi", width="large")})

# --- into a scenario ------------------------------------------------------------------------------
st.header("Transformer les décisions en scénario")
st.caption("Arrêter et relayer → offre arrêtée ; créer → offre lancée à son prix, avec pour souscripteurs attendus "
           "les entreprises qui en ont exprimé le besoin ; maintenir, adapter, sous-traiter → offre inchangée (le "
           "contenu ou les coûts sont à revoir dans les offres).")
name_col, create_col = st.columns([2, 1], vertical_alignment="bottom")
name = name_col.text_input("Nom du scénario", value=f"Revue des offres {facts.year}", key="review_scenario_name")


can_create = roles.can_write() and not decisions.latest(con).empty
if create_col.button("🧪 Créer le scénario et l'ouvrir", disabled=not can_create):
    with feedback.refusals():
        saved = decisions.to_scenario(data.writer(), name, st.session_state.get("review_author", ""))
        data.invalidate()
        working_scenario.open_saved(con, saved.name)
        st.switch_page("views/scenarios.py")
