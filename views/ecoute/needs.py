"""Écoute › services to create (needs no offer answers, and the draft of an offer for one of them in a scenario)
and services placed (offers no need asks for)."""

import streamlit as st

from otmodel import columns as col
from otmodel import vocab
from otmodel.listening import actions, log, survey
from otmodel.ui import data, feedback, numbers, roles, widgets
from views.ecoute.shared import scenario_target


def draft_form(themes: list[str]) -> None:
    """A new offer answering a need, drafted into a scenario (its form stays on the page: never in a tab)."""
    with st.form("draft"):
        st.markdown("**Créer le brouillon d'offre dans un scénario**")
        theme = st.selectbox("Besoin", themes)
        name = st.text_input("Nom du service (facultatif)", placeholder="Nouveau service : <besoin>")
        mode_col, price_col, subs_col = st.columns(3)
        mode = mode_col.radio("Mode", ["paid", "free"], format_func={"paid": "Payant", "free": "Gratuit"}.get,
                              horizontal=True)
        price = numbers.number_field("Prix HT par an (€)", "draft_price", numbers.Reading(
            "Prix HT par an", unit="€", low=0.0), 50.0, where=price_col, in_form=True)
        expected = numbers.number_field("Souscripteurs attendus", "draft_expected", numbers.Reading(
            "Souscripteurs attendus", decimals=1, low=0.0), 20.0, where=subs_col, in_form=True)
        target = scenario_target("draft", "Écoute — services à créer")
        submitted = st.form_submit_button("Créer le brouillon d'offre dans le scénario", type="primary",
                                          disabled=not roles.can_write())
        if submitted and None not in (price, expected):  # a figure refused says why under its field

            def add_draft() -> str:
                offer_id, saved = data.write(actions.add_offer_draft, theme, target, nom=name or None, mode=mode,
                                             price=price, expected_subscribers=expected)
                return (f"Offre « {offer_id} » (à créer) ajoutée au scénario « {saved.name} ». "
                        "Chiffrez ses coûts dans les offres, puis comparez les scénarios.")

            feedback.attempt("draft", add_draft, rerun=True)


def to_create(sectors: list[str], statuts: list[str]) -> None:
    st.header("Services à créer")
    feedback.say("draft")
    needs = data.cached(survey.uncovered_needs, None, sectors, statuts)
    if needs.empty:
        st.success("Chaque besoin important a une offre qui y répond.")
        return
    st.caption("Besoins importants (au-dessus de la moyenne de l'enquête, ou cités dans au moins "
               f"{log.MIN_MENTIONS} rencontres du carnet d'écoute) auxquels aucune offre ne répond.")
    widgets.table(needs, {"theme": col.THEME, "importance": col.IMPORTANCE, "satisfaction": col.SATISFACTION,
                          "respondents": col.RESPONDENTS, "mentions": col.MENTIONS})
    draft_form(needs["theme"].tolist())


def placed() -> None:
    st.header("Services placés")
    found = data.cached(survey.placed_services)
    if found.empty:
        st.success("Chaque offre répond à un besoin exprimé dans l'enquête.")
        return
    st.caption("Offres qu'aucun besoin exprimé ne réclame — ni dans l'enquête, ni dans au moins "
               f"{log.MIN_MENTIONS} rencontres du carnet d'écoute, comme le compte la revue : à examiner lors de la "
               "revue des services.")
    widgets.table(found.assign(cycle=found["cycle"].map(vocab.CYCLES)),
                  {"nom": col.OFFER, "theme_besoin": col.DECLARED_THEME, "cycle": col.CYCLE})


def section(sectors: list[str], statuts: list[str]) -> None:
    needs_col, placed_col = st.columns(2, gap="large")
    with needs_col:
        to_create(sectors, statuts)
    with placed_col:
        placed()
