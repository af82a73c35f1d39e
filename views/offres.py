"""Offres: the catalogue with each offer's economics in the base year, by sphere and delivery; trends; packs;
what each offer brings, for the partners' guide."""

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.data.schema import DESCRIPTION_LENGTH
from otmodel.model import engine
from otmodel.portfolio import charts, offers
from otmodel.ui import data, feedback, roles, widgets

ECONOMICS = {"nom": col.OFFER, "sphere": col.SPHERE, "portage": col.DELIVERY, "cycle": col.CYCLE,
             "souscripteurs": col.SUBSCRIBERS, "souscripteurs_packs": col.SUBSCRIBERS_VIA_PACKS, "adoption": col.UPTAKE,
             "prix": col.PRICE, "prix_reference": col.REFERENCE_PRICE, "prix_vs_reference": col.PRICE_VS_REFERENCE,
             "recettes": col.REVENUE, "couts_directs": col.DIRECT_COSTS, "heures": col.HOURS,
             "cout_heures": col.HOURS_COST, "resultat": col.RESULT, "cout_par_souscripteur": col.COST_PER_SUBSCRIBER}
TOTALS = {"offres": col.OFFERS, "souscripteurs": col.SUBSCRIBERS, "recettes": col.REVENUE, "couts": col.COSTS,
          "heures": col.HOURS, "resultat": col.RESULT}


def filtered(economics: pd.DataFrame) -> pd.DataFrame:
    """The offers of the spheres and deliveries chosen (all when none is)."""
    sphere_col, portage_col = st.columns(2)
    spheres = sphere_col.multiselect("Sphères", list(vocab.SPHERES), format_func=vocab.SPHERES.get,
                                     placeholder="Toutes")
    portages = portage_col.multiselect("Portage", list(vocab.PORTAGES), format_func=vocab.PORTAGES.get,
                                       placeholder="Interne, sous-traité et relais")
    return economics[economics["sphere"].isin(spheres or list(vocab.SPHERES))
                     & economics["portage"].isin(portages or list(vocab.PORTAGES))]


def key_figures(shown: pd.DataFrame) -> None:
    revenue_col, costs_col, hours_col, result_col = st.columns(4)
    totals = shown[["recettes", "couts", "heures", "resultat"]].sum()
    with revenue_col:
        widgets.euro_metric("Recettes", totals["recettes"])
    with costs_col:
        widgets.euro_metric("Coûts", totals["couts"], help_text="Coûts directs + coût des heures d'équipe")
    hours_col.metric("Heures d'équipe", f"{fmt.number(totals['heures'])} h", border=True)
    with result_col:
        widgets.euro_metric("Résultat", totals["resultat"])


def economics_table(shown: pd.DataFrame) -> None:
    st.header("Économie de chaque offre")
    widgets.table(shown.assign(sphere=shown["sphere"].map(vocab.SPHERES), portage=shown["portage"].map(vocab.PORTAGES),
                               cycle=shown["cycle"].map(vocab.CYCLES)),
                  ECONOMICS, name="offres_economie", pinned="nom", width="stretch")
    st.caption(f"{len(shown)} offre(s) : {engine.catalogue_text(shown)} — une offre « À créer » n'a ni souscripteur "
               "ni coût tant qu'un scénario ne la lance pas.")
    widgets.chart(charts.economics_chart(shown), key="economics")


def by_sphere_and_delivery(shown: pd.DataFrame) -> None:
    sphere_col, portage_col = st.columns(2, gap="large")
    for column, code, labels, group in ((sphere_col, "sphere", vocab.SPHERES, col.SPHERE),
                                        (portage_col, "portage", vocab.PORTAGES, col.DELIVERY)):
        grouped = offers.totals_by(shown, code)
        with column:
            widgets.table(grouped.assign(code=grouped["code"].map(labels)), {"code": group, **TOTALS})


def over_the_years(economics: pd.DataFrame) -> None:
    value = st.radio("Mesure", ["souscripteurs", "recettes"], horizontal=True,
                     format_func={"souscripteurs": "Souscripteurs", "recettes": "Recettes"}.get)
    trend = data.read(offers.trend_table, value)
    if trend.empty:
        st.info("Aucune souscription enregistrée.")
        return
    names = dict(zip(economics["id"], economics["nom"], strict=True))
    years = [c for c in trend.columns if c.isdigit()]
    kind = "money" if value == "recettes" else "count"
    widgets.table(trend.assign(nom=trend["offre_id"].map(names)), {
        "offre_id": col.IDENTIFIER, "nom": col.OFFER, **{year: col.Column(year, kind) for year in years},
        "evolution": col.Column(f"{col.CHANGE.label} {years[0]}–{years[-1]}", "percent", signed=True)})


def packs() -> None:
    found = data.read(offers.packs)
    if found.empty:
        st.info("Aucun pack dans le catalogue.")
        return
    widgets.table(found, {"id": col.IDENTIFIER, "nom": col.PACK, "prix": col.PRICE, "contenu": col.CONTENT})


def descriptions() -> None:
    """What each offer brings, in a sentence or two, for the partners' guide: edited in place, saved all at once."""
    st.header("Descriptions pour le guide des partenaires")
    st.caption("Ce que chaque offre apporte à une entreprise, en une ou deux phrases : le guide des partenaires les "
               f"reprend telles quelles ({DESCRIPTION_LENGTH} caractères au plus).")
    shown = data.read(offers.descriptions)
    if not roles.can_write():
        widgets.table(shown, {"nom": col.OFFER, "description": col.DESCRIPTION}, width="stretch")
        roles.read_only_note()
        return
    edited = st.data_editor(shown, hide_index=True, width="stretch", disabled=["id", "nom"],
                            key=f"offres_descriptions_{st.session_state.get('offres_descriptions_round', 0)}",
                            column_config={"id": col.IDENTIFIER.label, "nom": col.OFFER.label,
                                           "description": st.column_config.TextColumn(
                                               col.DESCRIPTION.label, width="large", max_chars=DESCRIPTION_LENGTH)})

    def save() -> str:
        typed = edited["description"].map(lambda text: text if isinstance(text, str) else "")
        changes = {offer: (before, after) for offer, before, after in
                   zip(shown["id"], shown["description"], typed, strict=True) if after != before}
        message = data.write(offers.save_descriptions, changes)
        st.session_state["offres_descriptions_round"] = st.session_state.get("offres_descriptions_round", 0) + 1
        return message

    if st.button("💾 Enregistrer les descriptions", key="offres_descriptions_save", type="primary"):
        feedback.attempt("descriptions", save, rerun=True)
    feedback.say("descriptions")


facts = data.require_facts()
economics = data.read(offers.offer_economics, facts)
st.title("Offres")
st.caption(f"Le catalogue et l'économie de chaque offre en {facts.year} : souscripteurs, taux de souscription parmi "
           "les entreprises éligibles, recettes, coûts directs, heures d'équipe et leur coût, résultat.")
shown = filtered(economics)
key_figures(shown)
economics_table(shown)
widgets.sections("offres_detail", {"Par sphère et par portage": lambda: by_sphere_and_delivery(shown),
                                   "Évolution sur les années": lambda: over_the_years(economics),
                                   "Packs": packs})
descriptions()
