"""Scénarios › the workbench: the inputs and, at once, what they do — key figures first, then the view chosen.
A fragment: only it reruns when a price or a mode changes."""

import streamlit as st

from otmodel.model.engine import Evaluation, Facts
from otmodel.scenarios import charts
from otmodel.ui import data, feedback, risk_panels, scenario_panels, widgets
from otmodel.ui import working_scenario as ws
from views.scenarios import inputs

VIEWS = ["Face à l'objectif", "Effet de chaque offre", "Recettes par filière", "Détail par offre",
         "Recherche d'objectif", "Risques", "Trajectoire"]


def results(view: str, facts: Facts, evaluation: Evaluation, current: Evaluation) -> None:
    """The view chosen, alone computed and drawn: each change of price stays quick."""
    if view == VIEWS[0]:
        # The same spec at every price, only its rows change: Streamlit updates the drawn chart in place.
        widgets.chart(charts.bullet(evaluation.totals, current.totals), key="sc_bullet")
    elif view == VIEWS[1]:
        widgets.chart(charts.waterfall(evaluation, current), key="sc_waterfall")
    elif view == VIEWS[2]:
        widgets.chart(charts.revenue_by_sector(evaluation, current), key="sc_sectors_chart")
    elif view == VIEWS[3]:
        widgets.offers_table(evaluation, current)
    elif view == VIEWS[4]:
        scenario_panels.seek_panel(facts, evaluation.scenario)
    elif view == VIEWS[5]:
        risk_panels.risks_view(facts, evaluation.scenario)
    else:
        risk_panels.trajectory_view(facts)


@st.fragment
def workbench(facts: Facts, current: Evaluation) -> None:
    """Edits and live results: only this part reruns when a price or a mode changes."""
    if data.stale():  # another session wrote since the page's last full run: start from the new data
        st.rerun(scope="app")
    draft = ws.working()
    gone = sorted(set(draft.spec.get("offers", {})) - set(facts.offer_ids))
    if gone:  # the data changed underneath (a restore, an import): say which offers, offer the way out
        st.error(f"Ce scénario cite {len(gone)} offre(s) absente(s) de la base : {feedback.plain(', '.join(gone))}. "
                 "Les données ont changé (import ou restauration depuis une autre session).")
        st.button("Retirer ces offres du scénario", key="sc_drop_missing", on_click=ws.drop_missing_offers,
                  help="Le scénario garde ses autres décisions ; rien n'est écrit avant « Enregistrer ».")
        return
    figures_row = st.empty()
    # The figures go out first, from the edits the session already holds (a price just typed), before the
    # table and the chart: the browser shows the new result without waiting for the rest of the run.
    early = ws.with_pending_edits(draft.spec)
    evaluation = ws.show_figures(figures_row, early, current)
    inputs.quick_price(facts, early)
    spec = inputs.assumptions_panel(facts, draft.spec)
    risk_panels.ranges_panel(facts, spec)
    st.subheader("Les offres")
    spec = inputs.offers_editor(facts, spec)
    draft.spec = inputs.sector_prices(facts, spec)
    if draft.spec != early:  # an assumption or a per-sector price changed: the figures follow
        evaluation = ws.show_figures(figures_row, draft.spec, current)
    if evaluation is None:
        return
    view = st.segmented_control("Afficher", VIEWS, default=VIEWS[0], key="sc_view") or VIEWS[0]
    results(view, facts, evaluation, current)
