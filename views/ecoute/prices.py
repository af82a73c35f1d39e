"""Écoute › what partners would pay for an offer — acceptable prices (Van Westendorp), acceptance by price
(Gabor–Granger) — and the price carried into a scenario."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.listening import actions, charts, pricing
from otmodel.ui import data, feedback, numbers, roles, widgets
from views.ecoute.shared import scenario_target


@dataclass
class Readings:
    """One offer's answers and what the two methods make of them; where a method has no result, what to say
    instead: no answers (information) or answers that can't be used (an error)."""

    offer: str
    answers: pd.DataFrame
    definition: str
    interpolate: bool
    psm: pricing.PsmResult | None = None
    psm_problem: tuple = (st.info, "Pas de réponse « prix acceptables » pour cette offre (fichier "
                                   "prix_acceptables.csv).")
    gg: pricing.GaborGranger | None = None
    gg_problem: tuple = (st.info, "Aucune réponse « achèteriez-vous à ce prix ? » pour cette offre (fichier "
                                  "reponses_prix.csv).")


def readings(labels: dict[str, str]) -> Readings:
    """The offer and the reading chosen, and both methods' results (both feed « Utiliser ce prix », whichever
    tab is open)."""
    offer_col, definition_col, interpolate_col = st.columns([2, 2, 1])
    offer = offer_col.selectbox("Offre", list(labels), format_func=labels.get)
    definition = definition_col.radio("Plage acceptable", list(pricing.DEFINITIONS), horizontal=True,
                                      format_func=lambda d: pricing.DEFINITIONS[d].split(" ")[0].capitalize(),
                                      help="Originale : trop bon marché × pas bon marché, trop cher × pas cher. "
                                           "Resserrée : trop bon marché × cher, trop cher × bon marché.")
    interpolate = interpolate_col.toggle("Interpolation linéaire", value=True,
                                         help="Sinon, chaque point est pris sur un prix effectivement donné.")
    found = Readings(offer, data.cached(pricing.price_answers, offer), definition, interpolate)
    acceptance = data.cached(pricing.acceptance_answers, offer)
    try:
        found.psm = None if found.answers.empty else pricing.van_westendorp(found.answers, definition=definition,
                                                                            interpolate=interpolate)
    except pricing.PricingError as exc:
        found.psm_problem = (st.error, str(exc))
    try:
        found.gg = None if acceptance.empty else pricing.gabor_granger(acceptance)
    except pricing.PricingError as exc:
        found.gg_problem = (st.error, str(exc))
    return found


def van_westendorp(found: Readings) -> None:
    psm = found.psm
    if psm is None:
        say, problem = found.psm_problem
        say(problem)
        return
    point_cols = st.columns(5)
    for column, point in zip(point_cols, ("pmc", "opp", "idp", "pme"), strict=False):
        column.metric(pricing.POINT_LABELS[point], pricing.format_point(psm.point(point)), border=True)
    point_cols[4].metric("Réponses retenues", f"{psm.n_valid} / {psm.n_valid + psm.n_invalid}", border=True,
                         help="Écartées : prix non rangés trop bon marché < bon marché < cher < trop cher.")
    for note in psm.notes:
        st.caption(note)
    widgets.chart(charts.psm_chart(psm), key="psm")
    sectors = pricing.van_westendorp_by(found.answers, definition=found.definition, interpolate=found.interpolate)
    if sectors:
        st.caption(f"Par filière (au moins {pricing.MIN_SECTOR_ANSWERS} réponses cohérentes) :")
        points = ("pmc", "opp", "pme")
        widgets.table(pd.DataFrame([{"filiere": vocab.label(vocab.FILIERES, code), "answers": r.n_valid,
                                     **{p: r.point(p) for p in points}} for code, r in sectors.items()]),
                      {"filiere": col.SECTOR, "answers": col.Column("Réponses", "count"),
                       **{p: col.Column(pricing.POINT_LABELS[p], "money", cents=True) for p in points}})


def gabor_granger(found: Readings) -> None:
    if found.gg is None:
        say, problem = found.gg_problem
        say(problem)
        return
    st.metric("Prix qui maximise les recettes", fmt.euros(found.gg.best_price), border=True,
              help="Prix × part des répondants qui achèteraient, au plus haut.")
    widgets.chart(charts.gabor_granger_chart(found.gg), key="gabor_granger")


def use_price_form(found: Readings) -> None:
    """The price chosen (a method's, or another in the acceptable range) into a saved scenario."""
    st.subheader("Utiliser ce prix dans un scénario")
    feedback.say("price")
    psm, gg, offer = found.psm, found.gg, found.offer
    sources = {}
    if psm is not None and psm.opp is not None:
        sources["opp"] = (f"Prix optimal (Van Westendorp) : {pricing.format_point(psm.opp)}", psm.opp)
    if gg is not None:
        sources["gg"] = (f"Prix qui maximise les recettes (Gabor–Granger) : {fmt.euros(gg.best_price)}", gg.best_price)
    sources["autre"] = ("Un autre prix de la plage acceptable", None)
    with st.form("use_price"):
        source = st.radio("Prix", list(sources), format_func=lambda k: sources[k][0])
        low = psm.pmc if psm is not None and psm.pmc is not None else 0.0
        high = psm.pme if psm is not None and psm.pme is not None else max(low * 2, 100.0)
        chosen = numbers.number_field("Autre prix (€)", f"use_price_other_{offer}", numbers.Reading(
            "Autre prix", unit="€", low=0.0), float(round((low + high) / 2)), in_form=True,
            help=f"Plage acceptable : {pricing.format_point(low)} à {pricing.format_point(high)}")
        new_offer = data.read(actions.is_new_offer, offer)
        use_acceptance = gg is not None and st.checkbox(
            "Estimer les souscripteurs avec la courbe d'acceptation (offre nouvelle)", value=new_offer,
            help="Souscripteurs attendus = acceptation au prix choisi × partenaires visés par l'offre. "
                 "Pour une offre qui a déjà des souscripteurs, le modèle garde l'élasticité-prix.")
        if new_offer and gg is None:
            st.caption("Offre sans souscripteur l'année de référence : indiquez ses souscripteurs attendus dans la "
                       "page Scénarios.")
        target = scenario_target("price", f"Écoute — prix {offer}")
        submitted = st.form_submit_button("Utiliser ce prix dans le scénario", type="primary",
                                          disabled=not roles.can_write())
        price = sources[source][1] if sources[source][1] is not None else chosen
        if submitted and price is not None:  # another price that cannot be read says why under its field
            expected = data.read(actions.expected_from_acceptance, offer, price) if use_acceptance else None

            def use_price() -> str:
                saved = data.write(actions.use_price, target, offer, price, source=sources[source][0].split(" :")[0],
                                   expected_subscribers=expected, scope="scenarios")
                return (f"Prix de {offer} fixé à {pricing.format_point(round(price, 2))} dans le scénario "
                        f"« {saved.name} ». Retrouvez-le dans la page Scénarios.")

            feedback.attempt("price", use_price, rerun=True)


def section() -> None:
    st.header("Ce que les partenaires paieraient")
    labels = data.cached(pricing.priced_offers)
    if not labels:
        st.info("Aucune réponse sur les prix : importez prix_acceptables.csv (Van Westendorp) ou reponses_prix.csv "
                "(Gabor–Granger), page Données.")
        return
    found = readings(labels)
    widgets.sections("ecoute_prix", {"Prix acceptables (Van Westendorp)": lambda: van_westendorp(found),
                                     "Acceptation par prix (Gabor–Granger)": lambda: gabor_granger(found)})
    use_price_form(found)
