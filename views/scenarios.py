"""Scénarios: decide each offer's mode and price, see at once what it does to the target; save the decision."""

import json

import duckdb
import streamlit as st
from streamlit.errors import StreamlitAPIException

from otmodel import format as fmt
from otmodel import vocab
from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import DEFAULT_CONVERSION, DEFAULT_ELASTICITY, DEFAULT_UPLIFT, MODES, TARGET_BASES
from otmodel.scenarios import charts, store, tables, working
from otmodel.scenarios.working import WorkingScenario
from otmodel.ui import data, feedback, numbers, risk_panels, roles, scenario_panels, widgets
from otmodel.ui import working_scenario as ws

VIEWS = ["Face à l'objectif", "Effet de chaque offre", "Recettes par filière", "Détail par offre",
         "Recherche d'objectif", "Risques", "Trajectoire"]
ASSUMPTIONS_HELP = (
    "- **Élasticité-prix** : quand le prix monte de 10 %, les souscriptions baissent d'environ ε × 10 % "
    f"(par défaut ε = {fmt.number(DEFAULT_ELASTICITY, 1)}).\n"
    "- **Conversion gratuit → payant** : part des bénéficiaires d'un service gratuit qui le paieraient "
    f"(par défaut {fmt.percent(DEFAULT_CONVERSION, 0)}).\n"
    "- **Effet gratuité** : un service payant rendu gratuit est multiplié par ce facteur "
    f"(par défaut × {fmt.number(DEFAULT_UPLIFT, 1)}), sans dépasser les entreprises visées.\n"
    "- **Coût horaire** de l'équipe (par défaut celui de la structure : {hourly}/h).")


def picker(con: duckdb.DuckDBPyConnection, draft: WorkingScenario, saved_names: list[str]) -> None:
    """Which scenario is being edited, and the saved record's status line."""
    pick_col, status_col = st.columns([3, 2], vertical_alignment="bottom")
    pick_col.selectbox("Scénario", [ws.NEW, *saved_names], key=ws.PICK, on_change=ws.pick)
    if draft.loaded:
        record = store.get(con, draft.loaded, check_offers=False)
        status_col.markdown(f"**{vocab.label(vocab.STATUTS_SCENARIO, record.status)}** · "
                            f"{feedback.plain(record.author) or 'auteur inconnu'} · "
                            f"modifié le {record.updated_at:%d/%m/%Y %H:%M}")
        if draft.differs_from(record):
            status_col.caption("✏️ Modifications non enregistrées")
        if draft.loaded_version not in (None, record.version):  # saved by someone else since it was opened
            by = feedback.plain(record.updated_by) or "une autre personne"
            status_col.warning(f"Enregistré depuis par « {by} » le {record.updated_at:%d/%m/%Y à %H:%M}.")
            status_col.button("Rouvrir sa version", key="sc_reopen", on_click=ws.reopen,
                              help="Ouvre la version enregistrée ; vos modifications non enregistrées sont "
                                   "abandonnées.")


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
    quick_price(facts, early)
    spec = assumptions_panel(facts, draft.spec)
    risk_panels.ranges_panel(facts, spec)
    st.subheader("Les offres")
    spec = offers_editor(facts, spec)
    draft.spec = sector_prices(facts, spec)
    if draft.spec != early:  # an assumption or a per-sector price changed: the figures follow
        evaluation = ws.show_figures(figures_row, draft.spec, current)
    if evaluation is None:
        return
    scenario = draft.scenario()
    # Only the chosen view is computed and drawn: each change of price stays quick.
    view = st.segmented_control("Afficher", VIEWS, default=VIEWS[0], key="sc_view") or VIEWS[0]
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
        scenario_panels.seek_panel(facts, scenario)
    elif view == VIEWS[5]:
        risk_panels.risks_view(facts, scenario)
    else:
        risk_panels.trajectory_view(facts)


def record_form() -> None:
    """The decision record (name, author, status, notes, decision) and the actions on the saved scenario."""
    st.subheader("Enregistrer et documenter la décision")
    keys = ws.RECORD_KEYS
    with st.container(border=True):
        n1, n2, n3 = st.columns([3, 2, 1])
        n1.text_input("Nom du scénario", max_chars=store.MAX_NAME, key=keys["name"], on_change=ws.remember,
                      placeholder="ex. Pack hébergement à 250 €")
        n2.text_input("Auteur", key=keys["author"], on_change=ws.remember)
        n3.selectbox("Statut", list(vocab.STATUTS_SCENARIO), key=keys["status"], on_change=ws.remember,
                     format_func=vocab.STATUTS_SCENARIO.get)
        d1, d2 = st.columns(2)
        d1.text_area("Notes", key=keys["notes"], on_change=ws.remember,
                     placeholder="Hypothèses, sources, points à vérifier…")
        d2.text_area("Décision", key=keys["decision"], on_change=ws.remember,
                     placeholder="Pourquoi ce scénario est retenu ou écarté.")
        locked = not roles.can_write()
        b1, b2, b3, b4, b5 = st.columns(5)
        b1.button("Enregistrer", type="primary", on_click=ws.save, key="sc_save", width="stretch", disabled=locked)
        b2.button("Dupliquer", on_click=ws.duplicate, key="sc_duplicate", width="stretch", disabled=locked)
        b3.button("Renommer", on_click=ws.rename, key="sc_rename", width="stretch", disabled=locked)
        b4.button("Supprimer", on_click=ws.delete, key="sc_delete", width="stretch", disabled=locked)
        b5.checkbox("Confirmer la suppression", key=ws.CONFIRM_DELETE, disabled=locked)
        roles.read_only_note()
        scenario_panels.conflict_choice()
        feedback.flash(ws.PLACE)


def exchange(draft: WorkingScenario, offer_ids: set[str]) -> None:
    """Export the working scenario as a scenario file, or import one."""
    with st.expander("Exporter ou importer un scénario (JSON)"):
        if draft.problem(offer_ids) is None:
            st.download_button("Exporter ce scénario (JSON)", draft.scenario().dumps().encode("utf-8"),
                               file_name=f"{(draft.name.strip() or 'scenario').replace('/', '-')}.json",
                               mime="application/json", key="sc_export")
        if roles.can_write():  # a disabled uploader still holds a live file input: none for a viewer
            st.file_uploader("Importer un fichier de scénario (JSON, même format que l'export)", type=["json"],
                             key=ws.IMPORT, on_change=ws.import_file)
        st.caption("Format : " + json.dumps({"name": "…", "offers": {"<offre>": {"mode": "paid", "price": 250}}},
                                            ensure_ascii=False))


facts = data.require_facts()
con = data.cursor()
current = data.evaluate()
saved_names = store.names(con)
draft = ws.start(saved_names)

st.title("Scénarios")
structure_name = feedback.plain(facts.structure["nom"])  # user text: never Markdown
st.caption(f"{structure_name} — base {facts.year}, objectif {fmt.euros(current.totals.target_amount)} "
           f"({TARGET_BASES[current.totals.target_basis].lower()}). Choisissez pour chaque offre un mode et un prix : "
           "les chiffres se mettent à jour aussitôt.")
picker(con, draft, saved_names)
workbench(facts, current)
st.divider()
record_form()
exchange(draft, set(facts.offer_ids))
