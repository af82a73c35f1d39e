"""Écoute › « Utiliser ce prix dans un scénario »: a price of the analysis (Van Westendorp's optimal price, the two
optimal prices of the purchase intent, Gabor–Granger's) or another one into a saved scenario, with the expected
subscribers from the reach or the acceptance at that price when asked. `found` is prices.Readings."""

import streamlit as st

from otmodel import format as fmt
from otmodel.listening import actions, pricing
from otmodel.ui import data, feedback, numbers, roles
from views.ecoute.shared import scenario_target


def price_sources(found) -> dict[str, tuple[str, float | None]]:
    """The prices « Utiliser ce prix » offers: key → (label, price; None = the price typed)."""
    psm, gg = found.psm, found.gg
    sources = {}
    if psm is not None and psm.opp is not None:
        sources["opp"] = (f"Prix optimal (Van Westendorp) : {pricing.format_point(psm.opp)}", psm.opp)
    if psm is not None and psm.intent is not None:
        for name in ("price_optimal_reach", "price_optimal_revenue"):
            price = getattr(psm.intent, name)
            sources[name] = (f"{pricing.FIGURE_LABELS[name]} (intention d'achat) : {pricing.format_point(price)}",
                             price)
    if gg is not None:
        sources["gg"] = (f"Prix qui maximise les recettes (Gabor–Granger) : {fmt.euros(gg.best_price)}",
                         gg.best_price)
    sources["autre"] = ("Un autre prix de la plage acceptable", None)
    return sources


def expected_subscribers_choice(new_offer: bool, found) -> str:
    """Where the scenario's expected subscribers come from: kept, the reach curve, or the acceptance curve."""
    options = {"keep": "Garder ceux du scénario"}
    if found.psm is not None and found.psm.intent is not None:
        options["reach"] = "Portée au prix choisi (intention d'achat) × partenaires visés par l'offre"
    if found.gg is not None:
        options["acceptance"] = "Acceptation au prix choisi (Gabor–Granger) × partenaires visés par l'offre"
    default = next((k for k in ("reach", "acceptance") if k in options), "keep") if new_offer else "keep"
    return st.radio("Souscripteurs attendus", list(options), index=list(options).index(default),
                    format_func=options.get,
                    help="Pour une offre nouvelle (aucun souscripteur l'année de référence), le modèle a besoin de "
                         "souscripteurs attendus ; pour une offre qui en a déjà, il garde son élasticité-prix.")


def form(found) -> None:
    """The price chosen (a method's, or another in the acceptable range) into a saved scenario, with expected
    subscribers from the reach or the acceptance at that price when asked."""
    st.subheader("Utiliser ce prix dans un scénario")
    feedback.say("price")
    psm, gg, offer = found.psm, found.gg, found.offer
    sources = price_sources(found)
    with st.form("use_price"):
        source = st.radio("Prix", list(sources), format_func=lambda k: sources[k][0])
        low = psm.pmc if psm is not None and psm.pmc is not None else 0.0
        high = psm.pme if psm is not None and psm.pme is not None else max(low * 2, 100.0)
        chosen = numbers.number_field("Autre prix (€)", f"use_price_other_{offer}", numbers.Reading(
            "Autre prix", unit="€", low=0.0), float(round((low + high) / 2)), in_form=True,
            help=f"Plage acceptable : {pricing.format_point(low)} à {pricing.format_point(high)}")
        subscribers_from = expected_subscribers_choice(data.read(actions.is_new_offer, offer), found)
        target = scenario_target("price", f"Écoute — prix {offer}")
        submitted = st.form_submit_button("Utiliser ce prix dans le scénario", type="primary",
                                          disabled=not roles.can_write())
        price = sources[source][1] if sources[source][1] is not None else chosen
        if submitted and price is not None:  # another price that cannot be read says why under its field
            share = {"reach": lambda: psm.intent.reach_at(price), "acceptance": lambda: gg.acceptance_at(price)}
            expected = (data.read(actions.expected_from_share, offer, share[subscribers_from]())
                        if subscribers_from in share else None)

            def use_price() -> str:
                saved = data.write(actions.use_price, target, offer, price, source=sources[source][0].split(" :")[0],
                                   expected_subscribers=expected, scope="scenarios")
                return (f"Prix de {offer} fixé à {pricing.format_point(round(price, 2))} dans le scénario "
                        f"« {saved.name} ». Retrouvez-le dans la page Scénarios.")

            feedback.attempt("price", use_price, rerun=True)
