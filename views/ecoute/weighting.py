"""Écoute › weights by filière: the switch (on when a filière answered far more or far less than its weight in
the territory), the weights, and how much they moved each price."""

import streamlit as st

from otmodel import vocab
from otmodel.listening import pricing


def switch(where, offer: str, weights: pricing.SectorWeights | None) -> bool:
    """« Pondérer par filière », on by default when a filière is over- or under-represented among the
    respondents of this offer."""
    if weights is None:
        return False
    return where.toggle("Pondérer par filière", value=weights.unbalanced, key=f"ecoute_weights_{offer}",
                        help="Chaque répondant pèse la part de sa filière dans le territoire divisée par sa part "
                             "parmi les répondants : les prix deviennent ceux du territoire, pas de l'échantillon.")


def moves(psm_weighted: pricing.PsmResult | None, psm_plain: pricing.PsmResult | None,
          gg_weighted: pricing.GaborGranger | None,
          gg_plain: pricing.GaborGranger | None) -> list[tuple[str, float, float]]:
    """(label, unweighted, weighted) of every price the page shows, Van Westendorp's and Gabor–Granger's."""
    found = pricing.weighting_shifts(psm_weighted, psm_plain) if psm_weighted and psm_plain else []
    if gg_weighted and gg_plain:
        found.append(("Prix qui maximise les recettes (Gabor–Granger)", gg_plain.best_price, gg_weighted.best_price))
    return found


def explained(weights: pricing.SectorWeights | None, weighted: bool, shifts: list[tuple[str, float, float]]) -> None:
    """Which filières weigh what, and how much weighting moved each price."""
    if weights is None:
        return
    if not weighted:
        if weights.unbalanced:
            st.caption("Certaines filières ont répondu bien plus (ou bien moins) que leur poids dans le territoire : "
                       "« Pondérer par filière » en tiendrait compte.")
        return
    moved = [f"{label} {pricing.format_point(before)} → {pricing.format_point(after)}"
             for label, before, after in shifts if pricing.format_point(before) != pricing.format_point(after)]
    st.caption(f"Pondéré par filière (part dans le territoire ÷ part des répondants) : {weights.describe()}.")
    st.caption("Ce que la pondération change : " + " ; ".join(moved) + "." if moved
               else "La pondération ne change aucun prix affiché.")
    if weights.unrepresented:
        st.caption("Filières du territoire sans aucun répondant, que la pondération ne peut pas représenter : "
                   + ", ".join(vocab.label(vocab.FILIERES, c) for c in weights.unrepresented) + ".")
