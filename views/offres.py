"""Offres: the catalogue with each offer's economics in the base year, by sphere and delivery; trends; packs."""

import streamlit as st

from otmodel import format as fmt
from otmodel import vocab
from otmodel.portfolio import charts, offers
from otmodel.ui import data, widgets

facts = data.require_facts()
economics = data.read(offers.offer_economics, facts)

st.title("Offres")
st.caption(f"Le catalogue et l'économie de chaque offre en {facts.year} : souscripteurs, taux de souscription parmi "
           "les entreprises éligibles, recettes, coûts directs, heures d'équipe et leur coût, résultat.")

sphere_col, portage_col = st.columns(2)
spheres = sphere_col.multiselect("Sphères", list(vocab.SPHERES), format_func=vocab.SPHERES.get, placeholder="Toutes")
portages = portage_col.multiselect("Portage", list(vocab.PORTAGES), format_func=vocab.PORTAGES.get,
                                   placeholder="Interne, sous-traité et relais")
shown = economics[economics["sphere"].isin(spheres or list(vocab.SPHERES))
                  & economics["portage"].isin(portages or list(vocab.PORTAGES))]

revenue_col, costs_col, hours_col, result_col = st.columns(4)
totals = shown[["recettes", "couts", "heures", "resultat"]].sum()
with revenue_col:
    widgets.euro_metric("Recettes", totals["recettes"])
with costs_col:
    widgets.euro_metric("Coûts", totals["couts"], help_text="Coûts directs + coût des heures d'équipe")
hours_col.metric("Heures d'équipe", f"{fmt.number(totals['heures'])} h", border=True)
with result_col:
    widgets.euro_metric("Résultat", totals["resultat"])

st.header("Économie de chaque offre")
table = shown.assign(sphere=shown["sphere"].map(vocab.SPHERES), portage=shown["portage"].map(vocab.PORTAGES),
                     cycle=shown["cycle"].map(vocab.CYCLES), adoption=(shown["adoption"] * 100).round(1),
                     prix_vs_reference=shown["prix_vs_reference"] * 100)
# French numbers in a French browser (« 1 400 », « 10,4 »): a printf format would write « 10.4 ». The unit is in
# the label, the figures rounded here.
money = {"format": "localized"}
st.dataframe(table[["nom", "sphere", "portage", "cycle", "souscripteurs", "souscripteurs_packs", "adoption", "prix",
                    "prix_reference", "prix_vs_reference", "recettes", "couts_directs", "heures", "cout_heures",
                    "resultat", "cout_par_souscripteur"]],
             hide_index=True, width="stretch", placeholder="—", column_config={
                 "nom": st.column_config.TextColumn("Offre", pinned=True), "sphere": "Sphère", "portage": "Portage",
                 "cycle": "Cycle", "souscripteurs": st.column_config.NumberColumn("Souscripteurs", format="%.0f"),
                 "souscripteurs_packs": st.column_config.NumberColumn("Par les packs", format="%.0f"),
                 "adoption": st.column_config.NumberColumn("Souscription (%)", **money,
                                                           help="Parmi les entreprises éligibles"),
                 "prix": st.column_config.NumberColumn("Prix (€)", **money),
                 "prix_reference": st.column_config.NumberColumn("Prix de référence (€)", **money),
                 "prix_vs_reference": st.column_config.NumberColumn("Prix / référence", format="%.0f %%"),
                 "recettes": st.column_config.NumberColumn("Recettes (€)", **money),
                 "couts_directs": st.column_config.NumberColumn("Coûts directs (€)", **money),
                 "heures": st.column_config.NumberColumn("Heures", format="%.0f h"),
                 "cout_heures": st.column_config.NumberColumn("Coût des heures (€)", **money),
                 "resultat": st.column_config.NumberColumn("Résultat (€)", **money),
                 "cout_par_souscripteur": st.column_config.NumberColumn("Coût par souscripteur (€)", **money)})
widgets.chart(charts.economics_chart(shown), key="economics")


def by_sphere_and_delivery() -> None:
    sphere_col, portage_col = st.columns(2, gap="large")
    for column, code, labels, title in ((sphere_col, "sphere", vocab.SPHERES, "Sphère"),
                                        (portage_col, "portage", vocab.PORTAGES, "Portage")):
        grouped = offers.totals_by(shown, code)
        column.dataframe(grouped.assign(code=grouped["code"].map(labels)), hide_index=True, column_config={
            "code": title, "offres": "Offres", "souscripteurs": st.column_config.NumberColumn("Souscripteurs",
                                                                                            format="%.0f"),
            "recettes": st.column_config.NumberColumn("Recettes (€)", **money),
            "couts": st.column_config.NumberColumn("Coûts (€)", **money),
            "heures": st.column_config.NumberColumn("Heures", format="%.0f h"),
            "resultat": st.column_config.NumberColumn("Résultat (€)", **money)})


def over_the_years() -> None:
    value = st.radio("Mesure", ["souscripteurs", "recettes"], horizontal=True,
                     format_func={"souscripteurs": "Souscripteurs", "recettes": "Recettes (€)"}.get)
    trend = data.read(offers.trend_table, value)
    if trend.empty:
        st.info("Aucune souscription enregistrée.")
        return
    names = dict(zip(economics["id"], economics["nom"], strict=True))
    trend.insert(1, "nom", trend["offre_id"].map(names))
    trend["evolution"] = trend["evolution"] * 100
    years = [c for c in trend.columns if c.isdigit()]
    st.dataframe(trend, hide_index=True, column_config={
        "offre_id": "Identifiant", "nom": "Offre",
        **{y: st.column_config.NumberColumn(y, format="%.0f") for y in years},
        "evolution": st.column_config.NumberColumn(f"Évolution {years[0]}–{years[-1]}", format="%+.0f %%")})


def packs() -> None:
    found = data.read(offers.packs)
    if found.empty:
        st.info("Aucun pack dans le catalogue.")
        return
    st.dataframe(found, hide_index=True, column_config={
        "id": "Identifiant", "nom": "Pack", "prix": st.column_config.NumberColumn("Prix (€)", **money),
        "contenu": st.column_config.TextColumn("Contenu", width="large")})


widgets.sections("offres_detail", {"Par sphère et par portage": by_sphere_and_delivery,
                                   "Évolution sur les années": over_the_years, "Packs": packs})
