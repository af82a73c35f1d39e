"""Écoute › what partners would pay for an offer — acceptable prices (Van Westendorp), purchase intent
(Newton–Miller–Smith), acceptance by price (Gabor–Granger), weighted by filière or not — and the price carried
into a scenario."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.listening import charts, pricing
from otmodel.ui import data, widgets
from views.ecoute import intent, use_price, weighting


@dataclass
class Readings:
    """One offer's answers and what the methods make of them, weighted or not (`weighted`); where a method has
    no result, what to say instead: no answers (information) or answers that can't be used (an error)."""

    offer: str
    answers: pd.DataFrame
    options: dict  # definition, interpolate, calibration
    weighted: bool = False
    psm: pricing.PsmResult | None = None  # as shown: weighted when `weighted`
    psm_plain: pricing.PsmResult | None = None
    psm_problem: tuple = (st.info, "Pas de réponse « prix acceptables » pour cette offre (fichier "
                                   "prix_acceptables.csv).")
    gg: pricing.GaborGranger | None = None
    gg_problem: tuple = (st.info, "Aucune réponse « achèteriez-vous à ce prix ? » pour cette offre (fichier "
                                  "reponses_prix.csv).")


def analysed(compute, *args, **options):
    """(result, None) or (None, the French reason it cannot be computed)."""
    try:
        return compute(*args, **options), None
    except pricing.PricingError as exc:
        return None, str(exc)


def readings(labels: dict[str, str]) -> Readings:
    """The offer and the reading chosen, and every method's results, weighted and not (all feed « Utiliser ce
    prix », whichever tab is open); the weights and what they move are said."""
    offer_col, definition_col, switches_col = st.columns([3, 2, 2])
    offer = offer_col.selectbox("Offre", list(labels), format_func=labels.get)
    definition = definition_col.radio("Plage acceptable", list(pricing.DEFINITIONS), horizontal=True,
                                      format_func=lambda d: pricing.DEFINITIONS[d].split(" ")[0].capitalize(),
                                      help="Originale : trop bon marché × pas bon marché, trop cher × pas cher. "
                                           "Resserrée : trop bon marché × cher, trop cher × bon marché.")
    interpolate = switches_col.toggle("Interpolation linéaire", value=True,
                                      help="Sinon, chaque point est pris sur un prix effectivement donné.")
    options = {"definition": definition, "interpolate": interpolate, "calibration": intent.chosen_calibration()}
    found = Readings(offer, data.cached(pricing.price_answers, offer), options)
    acceptance = data.cached(pricing.acceptance_answers, offer)
    territory = data.cached(pricing.territory_by_sector)
    psm_weighted = gg_weighted = gg_plain = None
    if not found.answers.empty:
        found.psm_plain, problem = analysed(pricing.van_westendorp, found.answers, **options)
        if problem:
            found.psm_problem = (st.error, problem)
        else:
            psm_weighted = analysed(pricing.van_westendorp, found.answers, territory=territory, **options)[0]
    if not acceptance.empty:
        gg_plain, problem = analysed(pricing.gabor_granger, acceptance)
        if problem:
            found.gg_problem = (st.error, problem)
        else:
            gg_weighted = analysed(pricing.gabor_granger, acceptance, territory=territory)[0]
    weights = next((r.weights for r in (psm_weighted, gg_weighted) if r is not None), None)
    found.weighted = weighting.switch(switches_col, offer, weights)
    found.psm = psm_weighted if found.weighted and psm_weighted is not None else found.psm_plain
    found.gg = gg_weighted if found.weighted and gg_weighted is not None else gg_plain
    weighting.explained(weights, found.weighted,
                        weighting.moves(psm_weighted, found.psm_plain, gg_weighted, gg_plain) if found.weighted
                        else [])
    return found


def van_westendorp(found: Readings) -> None:
    psm = found.psm
    if psm is None:
        say, problem = found.psm_problem
        say(problem)
        return
    point_cols = st.columns(5)
    for column, point in zip(point_cols, ("pmc", "opp", "idp", "pme"), strict=False):
        column.metric(pricing.POINT_LABELS[point], pricing.format_point(psm.point(point)), border=True,
                      help=pricing.POINT_HELP[point])
    point_cols[4].metric("Réponses retenues", f"{psm.n_valid} / {psm.n_valid + psm.n_invalid}", border=True,
                         help="Écartées : prix non rangés trop bon marché < bon marché < cher < trop cher.")
    for note in psm.notes:
        st.caption(note)
    widgets.chart(charts.psm_chart(psm), key="psm")
    sectors = pricing.van_westendorp_by(found.answers, **found.options)
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


def section() -> None:
    st.header("Ce que les partenaires paieraient")
    labels = data.cached(pricing.priced_offers)
    if not labels:
        st.info("Aucune réponse sur les prix : importez prix_acceptables.csv (Van Westendorp) ou reponses_prix.csv "
                "(Gabor–Granger), page Données.")
        return
    found = readings(labels)
    widgets.sections("ecoute_prix", {
        "Prix acceptables (Van Westendorp)": lambda: van_westendorp(found),
        "Portée et recettes (intention d'achat)": lambda: intent.purchase_intent(found.psm,
                                                                                 found.options["calibration"]),
        "Acceptation par prix (Gabor–Granger)": lambda: gabor_granger(found)})
    use_price.form(found)
