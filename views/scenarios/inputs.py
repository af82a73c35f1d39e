"""Scénarios › the inputs of the working scenario: « Prix rapide », the model's assumptions, the one table of
offers (mode, price, expected subscribers) and the prices per sector of one offer. Each returns the spec with
what was typed."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from otmodel import format as fmt
from otmodel.model import engine
from otmodel.model.engine import Facts
from otmodel.model.scenario import DEFAULT_CONVERSION, DEFAULT_ELASTICITY, DEFAULT_UPLIFT, MODES
from otmodel.scenarios import tables, working
from otmodel.ui import numbers
from otmodel.ui import working_scenario as ws

ASSUMPTIONS_HELP = (
    "- **Élasticité-prix** : quand le prix monte de 10 %, les souscriptions baissent d'environ ε × 10 % "
    f"(par défaut ε = {fmt.number(DEFAULT_ELASTICITY, 1)}).\n"
    "- **Conversion gratuit → payant** : part des bénéficiaires d'un service gratuit qui le paieraient "
    f"(par défaut {fmt.percent(DEFAULT_CONVERSION, 0)}).\n"
    "- **Effet gratuité** : un service payant rendu gratuit est multiplié par ce facteur "
    f"(par défaut × {fmt.number(DEFAULT_UPLIFT, 1)}), sans dépasser les entreprises visées.\n"
    "- **Coût horaire** de l'équipe (par défaut celui de la structure : {hourly}/h).")


def assumptions_panel(facts: Facts, spec: dict) -> dict:
    """Global assumptions, with their defaults explained; returns the spec with them."""
    hourly_default = float(facts.structure["cout_horaire"])
    with st.expander("Hypothèses du modèle", expanded=False):
        st.markdown(ASSUMPTIONS_HELP.format(hourly=fmt.euros(hourly_default)))
        columns = st.columns(4)
        values = {name: numbers.number_field(reading.what, ws.ASSUMPTION_KEYS[name], reading, where=column)
                  for column, (name, reading) in zip(columns, ws.ASSUMPTION_READINGS.items(), strict=True)}
        sectors = None
        if st.toggle("Une élasticité par filière", key=ws.ASSUMPTION_KEYS["per_sector"],
                     help="Certaines filières réagissent moins au prix (ex. grands hébergements) : laissez vide "
                          "pour garder l'élasticité par défaut."):
            edited = st.data_editor(
                tables.elasticity_frame(facts, spec), key=ws.table_key("sc_eps_sectors"), hide_index=True,
                width="stretch", disabled=["nom", "entreprises"],
                column_config={"nom": "Filière", "entreprises": st.column_config.NumberColumn("Entreprises"),
                               "elasticite": st.column_config.NumberColumn("Élasticité ε", min_value=0.0,
                                                                           max_value=5.0, step=0.01,
                                                                           format="localized")})
            sectors = tables.apply_elasticities({"default": values["elasticity"]}, edited)
    return working.with_assumptions(spec, values, hourly_default, sectors)


def offers_editor(facts: Facts, spec: dict) -> dict:
    """The one editable table of offers, grouped by sphere; returns the spec with the edits."""
    edited = st.data_editor(
        tables.editor_frame(facts, spec), key=ws.table_key("sc_offers"), hide_index=True, width="stretch",
        placeholder="", disabled=["sphere", "nom", "prix_actuel", "abonnes_actuels"],
        height=min(36 * (len(facts.offers) + 1) + 4, 640),
        column_config={
            "sphere": st.column_config.TextColumn("Sphère", width=90),
            "nom": st.column_config.TextColumn("Offre", width=330),
            "prix_actuel": st.column_config.NumberColumn("Prix actuel", format="%.0f €", width=65,
                                                         help=f"Prix moyen payé en {facts.year}"),
            "abonnes_actuels": st.column_config.NumberColumn("Abonnés", format="%d", width=70,
                                                             help=f"Abonnés en {facts.year}"),
            "mode": st.column_config.SelectboxColumn("Mode", options=list(MODES.values()), required=True, width=110,
                                                     help="Inchangée : comme en base ; Gratuite ; Payante au prix "
                                                          "indiqué ; Arrêtée : ni abonnés ni coûts."),
            # step 0.01: with a step of 1 the cell's editor drops the decimal mark (« 95,5 » became 955);
            # "euro" follows the browser's locale: « 363,90 € » in a French browser.
            "prix": st.column_config.NumberColumn("Prix (€)", min_value=0.0, max_value=100000.0, step=0.01, width=90,
                                                  format="euro", help="Prix d'une offre payante, en euros HT."),
            "attendus": st.column_config.NumberColumn("Attendus", min_value=0.0, step=0.1, format="localized", width=80,
                                                      help="Abonnés attendus d'une nouvelle offre (sans abonné en "
                                                           "base)."),
        })
    completed, notes, redraw = tables.apply_editor(facts, spec, edited)
    for note in notes:
        st.toast(note)
    # The table keeps its key (its edits stay); drawn again from the completed spec, it shows the row completed
    # (mode Payante, price filled in). Only when the spec changed, or a cleared price would loop.
    if redraw and completed != spec:
        ws.working().spec = completed
        try:
            st.rerun(scope="fragment")
        except StreamlitAPIException:  # a full run (first load, tests): rerun the page
            st.rerun()
    return completed


def sector_prices(facts: Facts, spec: dict) -> dict:
    """Per-sector prices of one offer, for the sectors that ask for a different price."""
    if not st.toggle("Prix par filière", key="sc_sector_toggle",
                     help="Un prix différent pour certaines filières (les autres gardent le prix de la colonne Prix)."):
        return spec
    names = dict(zip(facts.offer_ids, facts.offers["nom"], strict=True))
    with st.container(border=True):
        offer_id = st.selectbox("Offre", facts.offer_ids, format_func=names.get, key="sc_sector_offer")
        st.caption("Laissez vide : la filière garde le prix de la colonne Prix, ou son prix actuel.")
        edited = st.data_editor(
            tables.sector_frame(facts, spec, offer_id), key=ws.table_key(f"sc_sectors_{offer_id}"), width="stretch",
            hide_index=True, disabled=["nom", "entreprises", "abonnes_actuels", "prix_actuel"],
            column_config={"nom": "Filière", "entreprises": st.column_config.NumberColumn("Entreprises visées"),
                           "abonnes_actuels": st.column_config.NumberColumn("Abonnés actuels", format="%d"),
                           "prix_actuel": st.column_config.NumberColumn("Prix actuel", format="%.0f €"),
                           "prix": st.column_config.NumberColumn("Prix de la filière (€)", min_value=0.0,
                                                                 step=0.01, format="euro")})
    return tables.apply_sectors(spec, offer_id, edited)


def quick_price(facts: Facts, spec: dict) -> None:
    """« Prix rapide »: one offer's price with steppers; sent at once (Enter, a step), where the table holds an
    edit back 150 ms. It and the table show the same price: each run writes the spec's price into it."""
    order = list(tables.offer_rows(facts).index)  # the table's order
    names = dict(zip(facts.offer_ids, facts.offers["nom"], strict=True))
    offer_col, price_col, down_col, up_col = st.columns([3, 1.1, 0.25, 0.25], vertical_alignment="bottom")
    below = st.container()  # a refused price says why under the whole row
    prices = engine.current_prices(facts)
    first_paid = next((i for i, offer_id in enumerate(order) if prices[offer_id] > 0), 0)  # a price to try
    offer_col.selectbox("Prix rapide : offre", order, index=first_paid, format_func=names.get, key=ws.QUICK_OFFER,
                        on_change=numbers.forget, args=(ws.QUICK_PRICE,))
    ws.sync_quick_price(facts, spec)
    numbers.number_field("Prix rapide (€)", ws.QUICK_PRICE, ws.QUICK_READING, where=price_col, refusal_where=below,
                         on_change=ws.quick_price, placeholder="ex. 95,50",
                         help="L'offre devient payante à ce prix (tapez « 95,5 » ou « 1 234 », puis Entrée) ; le "
                              "tableau ci-dessous le montre aussi.")
    down_col.button("−", key="sc_quick_down", on_click=ws.step_quick_price, args=(-ws.QUICK_STEP,), width="stretch",
                    help=f"Baisser le prix de {fmt.euros(ws.QUICK_STEP)}")
    up_col.button("+", key="sc_quick_up", on_click=ws.step_quick_price, args=(ws.QUICK_STEP,), width="stretch",
                  help=f"Monter le prix de {fmt.euros(ws.QUICK_STEP)}")
