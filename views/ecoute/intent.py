"""Écoute › purchase intent (Newton–Miller–Smith): the price that reaches the most partners, the one that brings
the most, their curves, and the calibration — shown and adjustable."""

import streamlit as st

from otmodel import format as fmt
from otmodel.listening import charts, pricing
from otmodel.ui import numbers, widgets

CALIBRATION_KEYS = {5: "ecoute_calibration_5", 4: "ecoute_calibration_4", 3: "ecoute_calibration_3",
                    2: "ecoute_calibration_2", 1: "ecoute_calibration_1", "too_cheap": "ecoute_calibration_tbm",
                    "too_expensive": "ecoute_calibration_tc"}
PROBABILITY = numbers.Reading("Probabilité d'achat", low=0.0, high=1.0)


def chosen_calibration() -> pricing.Calibration:
    """The calibration typed in the purchase-intent tab (its fields keep their values when the tab is closed);
    R's default until one is changed."""
    default = pricing.DEFAULT_CALIBRATION
    typed = {k: numbers.accepted(key) for k, key in CALIBRATION_KEYS.items()}
    by_answer = tuple(default.by_answer[k - 1] if typed[k] is None else typed[k] for k in (1, 2, 3, 4, 5))
    return pricing.Calibration(by_answer=by_answer, **{
        k: getattr(default, k) if typed[k] is None else typed[k] for k in ("too_cheap", "too_expensive")})


def calibration_fields(calibration: pricing.Calibration) -> None:
    """The seven probabilities of the calibration, adjustable (each between 0 and 1), and a way back to R's."""
    st.caption(f"Étalonnage : {calibration.describe()}. Chaque réponse devient une probabilité d'achat au prix "
               "bon marché ou cher du répondant ; elle vaut celle de « trop bon marché » et « trop cher » à ces "
               "prix-là, et varie en ligne droite entre eux.")
    with st.expander("Changer l'étalonnage"):
        columns = [*st.columns(5), *st.columns(5)[:2]]  # the five answers, then the two extreme prices
        names = {**{k: f"Réponse {k}" for k in pricing.INTENT_SCALE},
                 "too_cheap": "Trop bon marché", "too_expensive": "Trop cher"}
        helps = {**{k: f"Probabilité d'achat d'un répondant qui a répondu « {pricing.INTENT_SCALE[k].lower()} »"
                    for k in pricing.INTENT_SCALE},
                 "too_cheap": "Probabilité d'achat à son prix « trop bon marché »",
                 "too_expensive": "Probabilité d'achat à son prix « trop cher »"}
        values = {**{k: calibration.by_answer[k - 1] for k in pricing.INTENT_SCALE},
                  "too_cheap": calibration.too_cheap, "too_expensive": calibration.too_expensive}
        for column, (k, key) in zip(columns, CALIBRATION_KEYS.items(), strict=True):
            numbers.number_field(names[k], key, PROBABILITY, values[k], where=column, help=helps[k])
        if st.button("Revenir à l'étalonnage de Newton, Miller et Smith"):
            for key in CALIBRATION_KEYS.values():
                numbers.forget(key)
            st.rerun()


def purchase_intent(psm: pricing.PsmResult | None, calibration: pricing.Calibration) -> None:
    """The price that reaches the most partners and the one that brings the most, their curves, the calibration."""
    if psm is None or psm.intent is None:
        st.info("Pas de questions d'intention d'achat pour cette offre : ajoutez les colonnes intention_bon_marche "
                "et intention_cher (1 à 5) au fichier prix_acceptables.csv (voir le manuel, Fichiers).")
        return
    intent = psm.intent
    reach_col, revenue_col, count_col = st.columns([3, 3, 2])
    at_reach, at_revenue = intent.price_optimal_reach, intent.price_optimal_revenue
    reach_col.metric(pricing.FIGURE_LABELS["price_optimal_reach"], pricing.format_point(at_reach), border=True,
                     help=f"À ce prix, {fmt.percent(intent.reach_at(at_reach), 0)} des répondants achèteraient "
                          "(la portée la plus haute).")
    revenue_col.metric(pricing.FIGURE_LABELS["price_optimal_revenue"], pricing.format_point(at_revenue),
                       border=True, help=f"Prix × portée au plus haut : à ce prix, "
                                         f"{fmt.percent(intent.reach_at(at_revenue), 0)} des répondants achèteraient.")
    count_col.metric("Intentions d'achat", f"{intent.n} / {psm.n_valid}", border=True,
                     help="Répondants (réponses cohérentes) qui ont aussi répondu aux deux questions "
                          "d'intention d'achat.")
    widgets.chart(charts.purchase_intent_chart(intent), key="purchase_intent")
    calibration_fields(calibration)
