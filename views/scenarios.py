"""Scénarios: decide each offer's mode and price, see at once what it does to the target; save the decision."""

import json

import streamlit as st
from streamlit.errors import StreamlitAPIException

from otmodel import format as fmt
from otmodel import vocab
from otmodel.model import goalseek
from otmodel.model.scenario import (
    DEFAULT_CONVERSION,
    DEFAULT_ELASTICITY,
    DEFAULT_UPLIFT,
    MODES,
    TARGET_BASES,
    ScenarioError,
    parse_scenario,
)
from otmodel.scenarios import charts, store, tables
from otmodel.scenarios.store import SavedScenario
from otmodel.ui import data, widgets

NEW = "Nouveau scénario (à partir de la situation actuelle)"
# Plain session keys (not widget keys) survive a visit to another page: what the user typed is never lost.
SPEC, META, LOADED, SEEK, VERSION = "sc_spec", "sc_meta", "sc_loaded", "sc_seek", "sc_version"
VIEWS = ["Face à l'objectif", "Effet de chaque offre", "Recettes par filière", "Détail par offre",
         "Recherche d'objectif"]

facts = data.require_facts()
con = data.cursor()
current = data.evaluate()
offer_names = dict(zip(facts.offer_ids, facts.offers["nom"], strict=True))
st.session_state.setdefault(SPEC, {"name": NEW, "offers": {}})
st.session_state.setdefault(META, {"name": "", "author": "", "notes": "", "status": "brouillon", "decision": ""})
st.session_state.setdefault(LOADED, None)
st.session_state.setdefault(VERSION, 0)


def k(name: str) -> str:
    """A widget key of the current version: new keys make fresh widgets showing the working scenario."""
    return f"{name}_{st.session_state[VERSION]}"


def reset_widgets() -> None:
    """New widget keys: the browser drops what its widgets held and shows the working scenario again."""
    st.session_state[VERSION] += 1


def load(name: str | None) -> None:
    """Make a saved scenario (or a new one) the working scenario."""
    if name is None:
        st.session_state[SPEC] = {"name": NEW, "offers": {}}
        st.session_state[META] = {"name": "", "author": st.session_state[META].get("author", ""), "notes": "",
                                  "status": "brouillon", "decision": ""}
    else:
        saved = store.get(con, name)
        st.session_state[SPEC] = saved.scenario.to_json()
        st.session_state[META] = {"name": saved.name, "author": saved.author, "notes": saved.notes,
                                  "status": saved.status, "decision": saved.decision}
    st.session_state[LOADED] = name
    st.session_state.pop(SEEK, None)
    reset_widgets()


def on_pick() -> None:
    choice = st.session_state[k("sc_pick")]
    load(None if choice == NEW else choice)


def working_scenario():
    """The scenario being edited, or the French reason why it cannot be evaluated."""
    try:
        return parse_scenario({**st.session_state[SPEC], "name": st.session_state[META]["name"] or "Scénario"},
                              set(facts.offer_ids)), None
    except ScenarioError as exc:
        return None, str(exc)


st.title("Scénarios")
st.caption(f"{facts.structure['nom']} — base {facts.year}, objectif {fmt.euros(current.totals.target_amount)} "
           f"({TARGET_BASES[current.totals.target_basis].lower()}). Choisissez pour chaque offre un mode et un prix : "
           "les chiffres se mettent à jour aussitôt.")

saved_names = store.names(con)
options = [NEW, *saved_names]
loaded = st.session_state[LOADED]
pick_col, status_col = st.columns([3, 2], vertical_alignment="bottom")
with pick_col:
    st.selectbox("Scénario", options, index=options.index(loaded) if loaded in options else 0, key=k("sc_pick"),
                 on_change=on_pick)
with status_col:
    if loaded in saved_names:
        record = store.get(con, loaded)
        st.markdown(f"**{vocab.label(vocab.STATUTS_SCENARIO, record.status)}** · {record.author or 'auteur inconnu'} · "
                    f"modifié le {record.updated_at:%d/%m/%Y %H:%M}")
        if record.scenario.to_json()["offers"] != st.session_state[SPEC].get("offers", {}):
            st.caption("✏️ Modifications non enregistrées")


def assumptions_panel(spec: dict) -> dict:
    """Global assumptions, with their defaults explained; returns the spec with them."""
    given = spec.get("assumptions", {})
    with st.expander("Hypothèses du modèle", expanded=False):
        st.markdown(
            "- **Élasticité-prix** : quand le prix monte de 10 %, les souscriptions baissent d'environ "
            f"ε × 10 % (par défaut ε = {fmt.number(DEFAULT_ELASTICITY, 1)}).\n"
            "- **Conversion gratuit → payant** : part des bénéficiaires d'un service gratuit qui le paieraient "
            f"(par défaut {fmt.percent(DEFAULT_CONVERSION, 0)}).\n"
            "- **Effet gratuité** : un service payant rendu gratuit est multiplié par ce facteur "
            f"(par défaut × {fmt.number(DEFAULT_UPLIFT, 1)}), sans dépasser les entreprises visées.\n"
            f"- **Coût horaire** de l'équipe (par défaut celui de la structure : "
            f"{fmt.euros(facts.structure['cout_horaire'])}/h).")
        c1, c2, c3, c4 = st.columns(4)
        eps = c1.number_input("Élasticité-prix ε", 0.0, 5.0, float(given.get("elasticity", {}).get(
            "default", DEFAULT_ELASTICITY)), 0.1, key=k("sc_eps"))
        kappa = c2.number_input("Conversion gratuit → payant κ", 0.0, 1.0, float(given.get(
            "free_to_paid_conversion", DEFAULT_CONVERSION)), 0.05, key=k("sc_kappa"))
        uplift = c3.number_input("Effet gratuité λ", 0.0, 5.0, float(given.get("paid_to_free_uplift", DEFAULT_UPLIFT)),
                                 0.1, key=k("sc_lambda"))
        hourly = c4.number_input("Coût horaire (€/h)", 0.0, 500.0, float(given.get(
            "hourly_cost", facts.structure["cout_horaire"])), 1.0, key=k("sc_hourly"))
        elasticity = {**given.get("elasticity", {}), "default": eps}
        if st.toggle("Une élasticité par filière", key=k("sc_eps_toggle"),
                     value=len(elasticity) > 1,
                     help="Certaines filières réagissent moins au prix (ex. grands hébergements) : laissez vide "
                          "pour garder l'élasticité par défaut."):
            edited = st.data_editor(
                tables.elasticity_frame(facts, {"assumptions": {"elasticity": elasticity}}),
                key=k("sc_eps_sectors"), hide_index=True, width="stretch", disabled=["nom", "entreprises"],
                column_config={"nom": "Filière", "entreprises": st.column_config.NumberColumn("Entreprises"),
                               "elasticite": st.column_config.NumberColumn("Élasticité ε", min_value=0.0,
                                                                           max_value=5.0, step=0.1,
                                                                           format="%.2f")})
            elasticity = tables.apply_elasticities(elasticity, edited)
        else:
            elasticity = {"default": eps}
    assumptions = {"elasticity": elasticity, "free_to_paid_conversion": kappa, "paid_to_free_uplift": uplift}
    if hourly != float(facts.structure["cout_horaire"]):
        assumptions["hourly_cost"] = hourly
    return {**spec, "assumptions": assumptions}


def offers_editor(spec: dict) -> dict:
    """The one editable table of offers, grouped by sphere; returns the spec with the edits."""
    edited = st.data_editor(
        tables.editor_frame(facts, spec), key=k("sc_offers"), hide_index=True, width="stretch", placeholder="",
        disabled=["sphere", "nom", "prix_actuel", "abonnes_actuels"], height=min(36 * (len(facts.offers) + 1) + 4, 640),
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
            "prix": st.column_config.NumberColumn("Prix (€)", min_value=0.0, max_value=100000.0, step=1.0, width=75,
                                                  format="%.2f €", help="Prix d'une offre payante, en euros HT."),
            "attendus": st.column_config.NumberColumn("Attendus", min_value=0.0, step=1.0, format="%.0f", width=80,
                                                      help="Abonnés attendus d'une nouvelle offre (sans abonné en "
                                                           "base)."),
        })
    spec, notes, redraw = tables.apply_editor(facts, spec, edited)
    for note in notes:
        st.toast(note)
    if redraw:  # show the completed row (mode Payante, price filled in): a fresh table from the spec
        st.session_state[SPEC] = spec
        reset_widgets()
        try:
            st.rerun(scope="fragment")
        except StreamlitAPIException:  # a full run (first load, tests): rerun the page
            st.rerun()
    return spec


def sector_prices(spec: dict) -> dict:
    """Per-sector prices of one offer, for the sectors that ask for a different price."""
    if not st.toggle("Prix par filière", key="sc_sector_toggle",
                     help="Un prix différent pour certaines filières (les autres gardent le prix de la colonne Prix)."):
        return spec
    with st.container(border=True):
        offer_id = st.selectbox("Offre", facts.offer_ids, format_func=offer_names.get, key=k("sc_sector_offer"))
        st.caption("Laissez vide : la filière garde le prix de la colonne Prix, ou son prix actuel.")
        edited = st.data_editor(
            tables.sector_frame(facts, spec, offer_id), key=k(f"sc_sectors_{offer_id}"), width="stretch",
            hide_index=True, disabled=["nom", "entreprises", "abonnes_actuels", "prix_actuel"],
            column_config={"nom": "Filière", "entreprises": st.column_config.NumberColumn("Entreprises visées"),
                           "abonnes_actuels": st.column_config.NumberColumn("Abonnés actuels", format="%d"),
                           "prix_actuel": st.column_config.NumberColumn("Prix actuel", format="%.0f €"),
                           "prix": st.column_config.NumberColumn("Prix de la filière (€)", min_value=0.0,
                                                                 format="%.2f €")})
    return tables.apply_sectors(spec, offer_id, edited)


def change(delta: float) -> float | None:
    """A delta worth showing against the current situation (none below half a euro)."""
    return delta if abs(delta) >= 0.5 else None


def key_figures(evaluation) -> None:
    """The figures a director reads aloud, across the page: revenue, costs, result, gap to the target."""
    t, c = evaluation.totals, current.totals
    m1, m2, m3, m4 = st.columns(4)
    with m1:
        widgets.euro_metric("Recettes", t.revenue, delta=change(t.revenue - c.revenue))
    with m2:
        widgets.euro_metric("Coûts", t.costs, delta=change(t.costs - c.costs))
    with m3:
        widgets.euro_metric("Résultat", t.margin, delta=change(t.margin - c.margin))
    with m4:
        widgets.gap_metric(t.gap, t.target_amount, TARGET_BASES[t.target_basis])


def capacity_figures(evaluation) -> None:
    """The team's hours, the public-service coverage, the partners reached and the subscriptions."""
    t, c = evaluation.totals, current.totals
    h1, h2, h3, h4 = st.columns(4)
    hours_delta = change(t.staff_hours - c.staff_hours)
    h1.metric(f"Heures d'équipe (sur {fmt.number(t.staff_hours_available)} h)", f"{fmt.number(t.staff_hours)} h",
              delta=None if hours_delta is None else f"{hours_delta:+.0f} h", delta_color="inverse", border=True,
              help="Heures fixes et heures par abonné de chaque offre active, face aux heures disponibles.")
    coverage_delta = (t.public_coverage - c.public_coverage) * 100
    h2.metric("Couverture service public", fmt.percent(t.public_coverage, 0), border=True,
              delta=f"{coverage_delta:+.0f} pts" if abs(coverage_delta) >= 0.5 else None,
              help="Part des entreprises du territoire dont la filière est visée par une offre gratuite active.")
    partners_delta = change(t.partners_reached - c.partners_reached)
    h3.metric("Partenaires touchés", fmt.number(t.partners_reached), border=True,
              delta=None if partners_delta is None else f"{partners_delta:+.0f}",
              help="Estimation prudente : dans chaque filière, les abonnés de l'offre la plus suivie.")
    subscriptions_delta = change(t.subscriptions - c.subscriptions)
    h4.metric("Souscriptions", fmt.number(t.subscriptions), border=True,
              delta=None if subscriptions_delta is None else f"{subscriptions_delta:+.0f}",
              help="Abonnés de toutes les offres (des espérances : non arrondies dans les calculs).")
    if t.staff_hours > t.staff_hours_available:
        st.warning(f"⚠️ Ce scénario demande {fmt.number(t.staff_hours - t.staff_hours_available)} h de plus que "
                   "les heures disponibles de l'équipe : sous-traitez, relayez ou arrêtez un service.")


def apply_seek() -> None:
    """on_click: the goal seek's scenario becomes the working scenario."""
    st.session_state[SPEC] = {**st.session_state.pop(SEEK)["spec"], "name": st.session_state[SPEC].get("name", NEW)}
    reset_widgets()


def seek_panel(scenario) -> None:
    """Goal seek: the price of one offer, or one change of all paid prices, that reaches the target."""
    how = st.radio("Chercher", ["Le prix d'une offre", "Une variation de tous les prix payants"], horizontal=True,
                   key="sc_seek_how")
    offer_id = None
    if how == "Le prix d'une offre":
        offer_id = st.selectbox("Offre", facts.offer_ids, format_func=offer_names.get, key="sc_seek_offer")
    if st.button("Chercher le prix qui atteint l'objectif", key="sc_seek_go"):
        found = (goalseek.price_for_target(facts, scenario, offer_id) if offer_id
                 else goalseek.uniform_change_for_target(facts, scenario))
        st.session_state[SEEK] = {"message": found.message, "reached": found.reached,
                                  "spec": found.scenario.to_json()}
    seek = st.session_state.get(SEEK)
    if seek:
        (st.success if seek["reached"] else st.warning)(seek["message"])
        st.button("Appliquer au scénario", key="sc_seek_apply", on_click=apply_seek)
    if st.toggle("Prix d'équilibre de chaque offre", key="sc_break_even",
                 help="Le prix à partir duquel une offre couvre ses propres coûts (équipe comprise)."):
        table = goalseek.break_even_prices(facts, scenario)
        st.dataframe(table[["nom", "break_even", "note"]], hide_index=True, width="stretch",
                     column_config={"nom": "Offre", "break_even": st.column_config.NumberColumn(
                         "Prix d'équilibre", format="%.2f €"), "note": "Commentaire"})


@st.fragment
def workbench() -> None:
    """Edits and live results: only this part reruns when a price or a mode changes."""
    figures_row = st.container()
    spec = assumptions_panel(st.session_state[SPEC])
    st.subheader("Les offres")
    spec = offers_editor(spec)
    spec = sector_prices(spec)
    st.session_state[SPEC] = spec
    scenario, problem = working_scenario()
    if problem:
        figures_row.error(problem)
        return
    evaluation = data.evaluate(scenario)
    with figures_row:
        key_figures(evaluation)
        capacity_figures(evaluation)
    # Only the chosen view is computed and drawn: each change of price stays quick.
    view = st.segmented_control("Afficher", VIEWS, default=VIEWS[0], key="sc_view") or VIEWS[0]
    if view == VIEWS[0]:
        widgets.chart(charts.bullet(evaluation.totals, current.totals), key="sc_bullet")
    elif view == VIEWS[1]:
        widgets.chart(charts.waterfall(evaluation, current), key="sc_waterfall")
    elif view == VIEWS[2]:
        widgets.chart(charts.revenue_by_sector(evaluation, current), key="sc_sectors_chart")
    elif view == VIEWS[3]:
        offers_table(evaluation)
    else:
        seek_panel(scenario)


def offers_table(evaluation) -> None:
    table = tables.offers_result(evaluation, current)
    st.dataframe(table[["sphere_label", "nom", "mode_label", "subscribers", "revenue", "costs", "margin",
                        "delta_margin", "staff_hours"]], hide_index=True, width="stretch",
                 column_config={
                     "sphere_label": "Sphère", "nom": "Offre", "mode_label": "Mode",
                     "subscribers": st.column_config.NumberColumn("Abonnés", format="%.1f"),
                     "revenue": st.column_config.NumberColumn("Recettes", format="%.0f €"),
                     "costs": st.column_config.NumberColumn("Coûts", format="%.0f €"),
                     "margin": st.column_config.NumberColumn("Résultat", format="%.0f €"),
                     "delta_margin": st.column_config.NumberColumn("Écart au résultat actuel", format="%+.0f €"),
                     "staff_hours": st.column_config.NumberColumn("Heures", format="%.0f h")})


workbench()


def remember(field: str, key: str):
    """on_change: copy a record field into the plain session key."""
    return lambda: st.session_state[META].__setitem__(field, st.session_state[key])


def act(action) -> None:
    """Run a save/duplicate/rename/delete action; French message on refusal."""
    try:
        message = action()
    except ScenarioError as exc:
        st.session_state["sc_flash"] = ("error", str(exc))
        return
    data.invalidate()
    st.session_state["sc_flash"] = ("success", message)


def save() -> str:
    meta = st.session_state[META]
    store.check_name(meta["name"])
    scenario, problem = working_scenario()
    if problem:
        raise ScenarioError(problem)
    original = st.session_state[LOADED]
    if original and meta["name"].strip() != original:
        raise ScenarioError(f"Le nom a changé : utilisez « Renommer » pour renommer « {original} », ou "
                            "« Dupliquer » pour en faire une copie.")
    if not original and store.exists(con, meta["name"].strip()):
        raise ScenarioError(f"Un scénario s'appelle déjà « {meta['name'].strip()} » : choisissez un autre nom.")
    saved = store.save(con, SavedScenario(scenario, meta["author"], meta["notes"], meta["status"], meta["decision"]))
    st.session_state[LOADED] = saved.name
    st.session_state[SPEC] = saved.scenario.to_json()
    reset_widgets()
    return f"Scénario « {saved.name} » enregistré."


def duplicate() -> str:
    meta, original = st.session_state[META], st.session_state[LOADED]
    if not original:
        raise ScenarioError("Enregistrez d'abord ce scénario avant de le dupliquer.")
    new_name = meta["name"].strip() if meta["name"].strip() != original else f"{original} (copie)"
    copy = store.duplicate(con, original, new_name)
    load(copy.name)
    reset_widgets()
    return f"Copie « {copy.name} » créée (brouillon)."


def rename() -> str:
    meta, original = st.session_state[META], st.session_state[LOADED]
    if not original:
        raise ScenarioError("Ce scénario n'est pas encore enregistré : enregistrez-le sous le nom voulu.")
    renamed = store.rename(con, original, meta["name"])
    st.session_state[LOADED] = renamed.name
    reset_widgets()
    return f"« {original} » renommé en « {renamed.name} »."


def delete() -> str:
    original = st.session_state[LOADED]
    if not original:
        raise ScenarioError("Ce scénario n'est pas enregistré : rien à supprimer.")
    if not st.session_state.get(k("sc_confirm_delete")):
        raise ScenarioError("Cochez « Confirmer la suppression » puis cliquez de nouveau sur Supprimer.")
    store.delete(con, original)
    load(None)
    reset_widgets()
    return f"Scénario « {original} » supprimé."


def import_file() -> None:
    upload = st.session_state.get("sc_import")
    if upload is None:
        return

    def run() -> str:
        saved = store.import_json(con, upload.getvalue(), author=st.session_state[META]["author"])
        load(saved.name)
        reset_widgets()
        return f"Scénario « {saved.name} » importé."

    act(run)


st.divider()
st.subheader("Enregistrer et documenter la décision")
meta = st.session_state[META]
with st.container(border=True):
    n1, n2, n3 = st.columns([3, 2, 1])
    n1.text_input("Nom du scénario", meta["name"], max_chars=store.MAX_NAME, key=k("sc_name"),
                  on_change=remember("name", k("sc_name")), placeholder="ex. Pack hébergement à 250 €")
    n2.text_input("Auteur", meta["author"], key=k("sc_author"),
                  on_change=remember("author", k("sc_author")))
    statuses = list(vocab.STATUTS_SCENARIO)
    n3.selectbox("Statut", statuses, index=statuses.index(meta["status"]), key=k("sc_status"),
                 format_func=vocab.STATUTS_SCENARIO.get, on_change=remember("status", k("sc_status")))
    d1, d2 = st.columns(2)
    d1.text_area("Notes", meta["notes"], key=k("sc_notes"), on_change=remember("notes", k("sc_notes")),
                 placeholder="Hypothèses, sources, points à vérifier…")
    d2.text_area("Décision", meta["decision"], key=k("sc_decision"),
                  on_change=remember("decision", k("sc_decision")),
                 placeholder="Pourquoi ce scénario est retenu ou écarté.")
    b1, b2, b3, b4, b5 = st.columns(5)
    b1.button("Enregistrer", type="primary", on_click=act, args=(save,), key="sc_save", width="stretch")
    b2.button("Dupliquer", on_click=act, args=(duplicate,), key="sc_duplicate", width="stretch")
    b3.button("Renommer", on_click=act, args=(rename,), key="sc_rename", width="stretch")
    b4.button("Supprimer", on_click=act, args=(delete,), key="sc_delete", width="stretch")
    b5.checkbox("Confirmer la suppression", key=k("sc_confirm_delete"))
    flash = st.session_state.pop("sc_flash", None)
    if flash:
        (st.error if flash[0] == "error" else st.success)(flash[1])

with st.expander("Exporter ou importer un scénario (JSON)"):
    scenario_now, _ = working_scenario()
    if scenario_now is not None:
        st.download_button("Exporter ce scénario (JSON)", scenario_now.dumps().encode("utf-8"),
                           file_name=f"{(meta['name'] or 'scenario').replace('/', '-')}.json",
                           mime="application/json", key="sc_export")
    st.file_uploader("Importer un fichier de scénario (JSON, même format que l'export)", type=["json"],
                     key="sc_import", on_change=import_file)
    st.caption("Format : " + json.dumps({"name": "…", "offers": {"<offre>": {"mode": "paid", "price": 250}}},
                                        ensure_ascii=False))
