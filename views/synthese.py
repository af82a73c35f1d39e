"""Synthèse: the territory, what the partner services bring and cost, and the distance to the target."""

import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.model.engine import Evaluation, Facts, Totals
from otmodel.model.scenario import TARGET_BASES
from otmodel.overview import charts, figures
from otmodel.ui import data, feedback, widgets


def header(facts: Facts, totals: Totals) -> None:
    structure = facts.structure
    st.title("Synthèse")
    st.markdown(
        f"**{feedback.plain(structure['nom'])}** — "  # the structure's name is user text
        f"{vocab.label(vocab.STATUTS_JURIDIQUES, structure['statut_juridique'])} · "
        f"année de référence **{facts.year}** · objectif **{fmt.euros(totals.target_amount)}** "
        f"({vocab.label(vocab.BASES_OBJECTIF, structure['base_objectif']).lower()})"
    )
    widgets.page_caption("Ce que les services aux partenaires rapportent et coûtent, et l'écart à l'objectif de la "
                         "structure.", "Synthèse")


def key_figures(facts: Facts, totals: Totals) -> None:
    revenue_col, costs_col, margin_col, gap_col = st.columns(4)
    with revenue_col:
        widgets.euro_metric("Recettes partenaires", totals.revenue, help_text=f"Montants HT payés en {facts.year}")
    with costs_col:
        widgets.euro_metric("Coûts des services", totals.costs, help_text=f"Directs {fmt.euros(totals.direct_costs)} "
                                                                          f"+ équipe {fmt.euros(totals.staff_cost)}")
    with margin_col:
        widgets.euro_metric("Résultat", totals.margin, help_text="Recettes − coûts directs − coût de l'équipe")
    with gap_col:
        widgets.gap_metric(totals.gap, totals.target_amount, TARGET_BASES[totals.target_basis])


def target(totals: Totals) -> None:
    st.subheader("Où en est-on de l'objectif ?")
    widgets.chart(charts.target_chart(totals.revenue, totals.costs, totals.margin, totals.target_amount,
                                      totals.target_basis), key="target")


def public_service_and_team(facts: Facts, totals: Totals) -> None:
    st.subheader("Service public et équipe")
    beneficiaries = data.cached(figures.free_service_beneficiaries, facts.year)
    universe = int(facts.universe.sum())
    st.metric("Couverture service public", fmt.percent(totals.public_coverage), border=True,
              help="Part des entreprises du territoire (hors anciens partenaires) dont la filière est visée "
                   "par au moins une offre gratuite active.")
    st.metric("Bénéficiaires d'un service gratuit", f"{fmt.number(beneficiaries)} / {fmt.number(universe)}",
              border=True, help=f"Entreprises ayant reçu au moins un service gratuit en {facts.year}.")
    used, available = totals.staff_hours, totals.staff_hours_available
    st.metric("Heures d'équipe utilisées", f"{fmt.number(used)} h / {fmt.number(available)} h", border=True)
    st.progress(min(used / available, 1.0) if available else 1.0,
                text=f"{fmt.percent(used / available if available else 1.0, 0)} des heures disponibles")
    if available and used > available:
        st.warning(f"Les services demandent {fmt.number(used - available)} h de plus que les heures disponibles.")


def businesses() -> None:
    counts = data.cached(figures.businesses_by_sector_and_status)
    by_status = counts.groupby("statut")["entreprises"].sum()
    status_cols = st.columns(len(vocab.STATUTS_PARTENAIRE))
    for column, (code, label) in zip(status_cols, vocab.STATUTS_PARTENAIRE.items(), strict=True):
        column.metric(label, fmt.number(int(by_status.get(code, 0))), border=True)
    widgets.chart(charts.businesses_by_sector(counts), key="businesses")


def revenue(current: Evaluation) -> None:
    family_col, sector_col = st.columns(2, gap="large")
    with family_col:
        st.subheader("Par famille d'offres")
        widgets.chart(charts.revenue_bars(current.revenue_by("famille"), vocab.FAMILLES), key="by_family")
    with sector_col:
        st.subheader("Par filière")
        widgets.chart(charts.revenue_bars(current.revenue_by("filiere"), vocab.FILIERES), key="by_sector")


def offer_economics(current: Evaluation) -> None:
    st.caption("Des plus déficitaires aux plus rentables ; les coûts comprennent le temps de l'équipe.")
    table = current.offers.assign(
        sphere=current.offers["sphere"].map(vocab.SPHERES),
        famille=current.offers["famille"].map(vocab.FAMILLES),
        portage=current.offers["portage"].map(vocab.PORTAGES),
    ).sort_values("margin")
    widgets.table(table, {"nom": col.OFFER, "sphere": col.SPHERE, "famille": col.FAMILY, "portage": col.DELIVERY,
                          "subscribers": col.SUBSCRIBERS, "revenue": col.REVENUE, "costs": col.COSTS,
                          "margin": col.RESULT, "staff_hours": col.HOURS}, name="synthese_offres")


facts = data.require_facts()
current = data.evaluate()
header(facts, current.totals)
key_figures(facts, current.totals)
chart_col, side_col = st.columns([3, 2], gap="large")
with chart_col:
    target(current.totals)
with side_col:
    public_service_and_team(facts, current.totals)
widgets.sections("synthese_detail", {"Les entreprises connues, par statut": businesses,
                                     "Recettes par famille et par filière": lambda: revenue(current),
                                     "Économie de chaque offre": lambda: offer_economics(current)})
