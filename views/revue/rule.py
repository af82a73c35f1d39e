"""Revue › the rule: its thresholds, every offer's indicators with the suggested decision and its reasons — and,
when a scenario is applied, how each offer follows its plan this year."""

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.followup import progress
from otmodel.portfolio import review
from otmodel.portfolio.review import Suggestion
from otmodel.ui import numbers, widgets

LABELS = vocab.DECISIONS
INDICATORS = {"nom": col.OFFER, "suggestion": col.SUGGESTION, "raisons": col.REASONS, "adoption": col.UPTAKE,
              "resultat": col.RESULT, "importance": col.IMPORTANCE, "satisfaction": col.SATISFACTION,
              "mentions": col.MENTIONS, "alignement": col.ALIGNMENT, "heures": col.HOURS,
              "competences_manquantes": col.SKILLS_MISSING, "sphere": col.SPHERE, "portage": col.DELIVERY}
FOLLOWED = {"prevus": col.PLANNED_SUBSCRIBERS, "attendus": col.EXPECTED_TO_DATE, "a_date": col.ACTUAL_SUBSCRIBERS,
            "projetes": col.PROJECTED_SUBSCRIBERS, "en_retard": col.BEHIND}


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


def indicators(table: pd.DataFrame, suggestions: list[Suggestion], followed: progress.Progress | None) -> None:
    """How many offers each suggestion gets, every offer's indicators (with this year against the applied
    scenario's plan, when there is one), and why one offer gets its suggestion."""
    counts = table["suggestion"].value_counts()
    for column, code in zip(st.columns(len(LABELS)), LABELS, strict=True):
        column.metric(LABELS[code], fmt.number(counts.get(code, 0)), border=True)
    st.header("Indicateurs et suggestions")
    shown = {**INDICATORS}
    if followed is not None:
        st.caption(f"Suivi de l'année — {progress.summary(followed)} Détail sur la page Suivi.")
        first, *others = INDICATORS.items()  # this year beside the offer's name: in view without scrolling
        table, shown = progress.beside(table, followed), dict([first, *FOLLOWED.items(), *others])
    widgets.table(table.assign(suggestion=table["suggestion"].map(LABELS), sphere=table["sphere"].map(vocab.SPHERES),
                               portage=table["portage"].map(vocab.PORTAGES),
                               importance=pd.to_numeric(table["importance"]),
                               satisfaction=pd.to_numeric(table["satisfaction"]),
                               competences_manquantes=table["competences_manquantes"].map(", ".join)),
                  shown, name="revue_indicateurs", pinned="nom", width="stretch")
    st.subheader("Pourquoi cette suggestion ?")
    offer = st.selectbox("Offre", [s.offer for s in suggestions],
                         format_func={s.offer: f"{s.name} — {LABELS[s.suggestion]}" for s in suggestions}.get)
    chosen = next(s for s in suggestions if s.offer == offer)
    st.markdown(f"**Suggestion : {LABELS[chosen.suggestion]}**")
    for reason in chosen.reasons:
        st.text(f"• {reason}")
