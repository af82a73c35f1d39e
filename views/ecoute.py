"""Écoute: who answered, what partners need and how satisfied they are, what they would pay — and the
buttons that carry a need or a price into a scenario."""

import duckdb
import pandas as pd
import streamlit as st

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused
from otmodel.listening import actions, charts, log, pricing, survey
from otmodel.scenarios import store
from otmodel.ui import data, feedback, numbers, roles, widgets

NEW_SCENARIO = "Nouveau scénario…"


def scenario_target(con: duckdb.DuckDBPyConnection, key: str, default_new: str) -> str:
    """Choose an existing saved scenario or type a new name; returns the name."""
    saved = store.names(con)
    left, right = st.columns(2)
    choice = left.selectbox("Scénario", [NEW_SCENARIO, *saved], key=f"{key}_scenario")
    if choice != NEW_SCENARIO:
        return choice
    # The default name follows the offer chosen: a key per default, or the first offer's name would stick.
    return right.text_input("Nom du nouveau scénario", value=default_new, key=f"{key}_name_{default_new}")


def done(message: str, where: str) -> None:
    """Rerun so every list shows what was just written, then say it where the action was taken."""
    st.session_state[f"ecoute_done_{where}"] = message
    st.rerun()


def say_done(where: str) -> None:
    message = st.session_state.pop(f"ecoute_done_{where}", None)
    if message:
        st.success(feedback.plain(message))  # it quotes a scenario's name


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Survey averages and counts as French text, « — » where no one answered (a need heard only in meetings):
    a table would write « None » there."""
    averages = {c: frame[c].map(lambda v: fmt.number(v, 1)) for c in ("importance", "satisfaction") if c in frame}
    return frame.assign(**averages, **({"respondents": frame["respondents"].map(fmt.number)}
                                       if "respondents" in frame else {}))


def show_participation(con: duckdb.DuckDBPyConnection, by_sector: pd.DataFrame, respondents: int, base: int,
                       statuts: list[str]) -> None:
    """Respondents vs the partner base, by sector and by statut."""
    small = by_sector[(by_sector["small"]) & (by_sector["respondents"] > 0)]
    col_resp, col_rate, col_small = st.columns(3)
    col_resp.metric("Répondants", fmt.number(respondents), border=True, help=f"Sur {fmt.number(base)} entreprises")
    col_rate.metric("Taux de réponse", fmt.percent(respondents / base if base else 0), border=True)
    col_small.metric(f"Filières de moins de {survey.SMALL_GROUP} réponses", fmt.number(len(small)), border=True,
                     help="Leurs moyennes changent beaucoup avec une seule réponse : à lire avec prudence.")
    chart_col, table_col = st.columns(2, gap="large")
    with chart_col:
        widgets.chart(charts.participation_chart(by_sector[by_sector["base"] > 0]), key="participation")
    with table_col:
        shown = by_sector.assign(rate=by_sector["rate"] * 100,
                                 representation=by_sector["representation"].map(survey.REPRESENTATION))
        st.dataframe(shown[["libelle", "respondents", "base", "rate", "representation"]], hide_index=True,
                     column_config={"libelle": "Filière", "respondents": "Répondants", "base": "Entreprises",
                                    "rate": st.column_config.NumberColumn("Taux", format="%.0f %%"),
                                    "representation": "Représentation"})
        by_statut = data.cached(survey.participation, "statut", statuts)
        st.dataframe(by_statut.assign(rate=by_statut["rate"] * 100)[["libelle", "respondents", "base", "rate"]],
                     hide_index=True, column_config={"libelle": "Statut", "respondents": "Répondants",
                                                     "base": "Entreprises",
                                                     "rate": st.column_config.NumberColumn("Taux", format="%.0f %%")})
    if len(small):
        st.warning(f"Moins de {survey.SMALL_GROUP} réponses pour : {', '.join(small['libelle'])}. "
                   "Leurs résultats sont fragiles.")


def show_matrix(con: duckdb.DuckDBPyConnection, sectors: list[str], statuts: list[str]) -> None:
    """Importance × satisfaction per theme, in four quadrants."""
    st.header("Besoins : importance et satisfaction")
    matrix = data.cached(survey.importance_satisfaction, sectors, statuts)
    if matrix.themes.empty:
        st.info("Aucune réponse pour ces filières et statuts : élargissez les filtres.")
    else:
        widgets.chart(charts.matrix_chart(matrix), key="matrix")
        st.caption("Les lignes coupent aux moyennes des thèmes : importance "
                   f"{fmt.number(matrix.importance_threshold, 2)}, satisfaction "
                   f"{fmt.number(matrix.satisfaction_threshold, 2)} (sur 5). Un thème sans réponse de satisfaction "
                   "compte comme non satisfait.")
        fragile = matrix.themes[matrix.themes["small"]]
        if len(fragile):
            themes = feedback.plain(", ".join(fragile["theme"]))  # themes are survey text
            st.caption(f"Moins de {survey.SMALL_GROUP} répondants : {themes}.")


def show_needs_and_placed(con: duckdb.DuckDBPyConnection, sectors: list[str], statuts: list[str]) -> None:
    """Needs no offer answers (with the draft action) and offers no need asks for."""
    needs_col, placed_col = st.columns(2, gap="large")
    with needs_col:
        st.header("Services à créer")
        say_done("draft")
        needs = data.cached(survey.uncovered_needs, None, sectors, statuts)
        if needs.empty:
            st.success("Chaque besoin important a une offre qui y répond.")
        else:
            st.caption("Besoins importants (au-dessus de la moyenne de l'enquête, ou cités dans au moins "
                       f"{log.MIN_MENTIONS} rencontres du carnet d'écoute) auxquels aucune offre ne répond.")
            st.dataframe(readable(needs[["theme", "importance", "satisfaction", "respondents", "mentions"]]),
                         hide_index=True,
                         column_config={"theme": "Besoin", "importance": "Importance", "satisfaction": "Satisfaction",
                                        "respondents": "Répondants", "mentions": "Rencontres"})
            with st.form("draft"):
                st.markdown("**Créer le brouillon d'offre dans un scénario**")
                theme = st.selectbox("Besoin", needs["theme"].tolist())
                name = st.text_input("Nom du service (facultatif)", placeholder="Nouveau service : <besoin>")
                mode_col, price_col, subs_col = st.columns(3)
                mode = mode_col.radio("Mode", ["paid", "free"], format_func={"paid": "Payant", "free": "Gratuit"}.get,
                                      horizontal=True)
                price = numbers.number_field("Prix HT par an (€)", "draft_price", numbers.Reading(
                    "Prix HT par an", unit="€", low=0.0), 50.0, where=price_col, in_form=True)
                expected = numbers.number_field("Souscripteurs attendus", "draft_expected", numbers.Reading(
                    "Souscripteurs attendus", decimals=1, low=0.0), 20.0, where=subs_col, in_form=True)
                target = scenario_target(con, "draft", "Écoute — services à créer")
                submitted = st.form_submit_button("Créer le brouillon d'offre dans le scénario", type="primary",
                                                  disabled=not roles.can_write())
                if submitted and None not in (price, expected):  # a figure refused says why under its field
                    try:
                        offer_id, saved = actions.add_offer_draft(
                            data.writer(), theme, target, nom=name or None, mode=mode, price=price,
                            expected_subscribers=expected)
                    except Refused as exc:
                        st.error(feedback.plain(str(exc)))
                    else:
                        data.invalidate()
                        done(f"Offre « {offer_id} » (à créer) ajoutée au scénario « {saved.name} ». "
                             "Chiffrez ses coûts dans les offres, puis comparez les scénarios.", "draft")
    with placed_col:
        st.header("Services placés")
        placed = data.cached(survey.placed_services)
        if placed.empty:
            st.success("Chaque offre répond à un besoin exprimé dans l'enquête.")
        else:
            st.caption("Offres qu'aucun besoin exprimé ne réclame : à examiner lors de la revue des services.")
            shown = placed.assign(cycle=placed["cycle"].map(vocab.CYCLES))
            st.dataframe(shown[["nom", "theme_besoin", "cycle"]], hide_index=True,
                         column_config={"nom": "Offre", "theme_besoin": "Thème déclaré (absent de l'enquête)",
                                        "cycle": "Cycle"})


def show_needs_heard(con: duckdb.DuckDBPyConnection) -> None:
    """Survey needs and needs heard in meetings (the field-listening log), side by side."""
    st.header("Besoins exprimés : enquête et rencontres")
    both = data.cached(log.needs_with_log)
    st.caption("Les thèmes de l'enquête et ceux notés dans le carnet d'écoute (page Carnet d'écoute), rapprochés sans "
               "tenir compte des majuscules ni des accents.")
    st.dataframe(readable(both), hide_index=True, column_config={
        "theme": "Thème", "respondents": "Répondants (enquête)", "importance": "Importance",
        "satisfaction": "Satisfaction", "mentions": "Rencontres (carnet)", "businesses": "Entreprises rencontrées"})


def show_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Free comments, searchable, identities hidden unless asked."""
    st.header("Commentaires")
    search_col, theme_col, identity_col = st.columns([2, 2, 1])
    search = search_col.text_input("Rechercher dans les commentaires", placeholder="ex. navette")
    theme_filter = theme_col.selectbox("Thème", ["Tous les thèmes", *survey.themes(con)])
    show_identity = identity_col.checkbox("Afficher les noms", value=False,
                                          help="Les commentaires sont anonymes par défaut (projection, rapport).")
    found = survey.comments(con, None if theme_filter == "Tous les thèmes" else theme_filter, search, show_identity)
    st.caption(f"{fmt.number(len(found))} commentaire(s)" + ("" if show_identity else " — identités masquées."))
    identity_columns = ["nom"] if show_identity else []
    found["satisfaction"] = found["satisfaction"].map(lambda v: "—" if pd.isna(v) else str(int(v)))
    widgets.long_table(found[["theme", "commentaire", "importance", "satisfaction", "filiere", *identity_columns]],
                       name="commentaires", column_config={
                           "theme": "Thème", "commentaire": st.column_config.TextColumn("Commentaire", width="large"),
                           "importance": "Importance", "satisfaction": "Satisfaction", "filiere": "Filière",
                           "nom": "Partenaire"})


# --- willingness to pay: weights, purchase intent --------------------------------------------------
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


def show_purchase_intent(psm: pricing.PsmResult | None, calibration: pricing.Calibration) -> None:
    """Newton–Miller–Smith: the price that reaches the most partners and the one that brings the most."""
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
    calibration_fields(calibration)


def weighting_toggle(where, offer: str, weights: pricing.SectorWeights | None) -> bool:
    """« Pondérer par filière », on by default when a filière is over- or under-represented among the
    respondents of this offer."""
    if weights is None:
        return False
    return where.toggle("Pondérer par filière", value=weights.unbalanced, key=f"ecoute_weights_{offer}",
                        help="Chaque répondant pèse la part de sa filière dans le territoire divisée par sa part "
                             "parmi les répondants : les prix deviennent ceux du territoire, pas de l'échantillon.")


def show_weighting(weights: pricing.SectorWeights | None, weighted: bool,
                   shifts: list[tuple[str, float, float]]) -> None:
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


def weighting_moves(psm_weighted: pricing.PsmResult | None, psm_plain: pricing.PsmResult | None,
                    gg_weighted: pricing.GaborGranger | None,
                    gg_plain: pricing.GaborGranger | None) -> list[tuple[str, float, float]]:
    """(label, unweighted, weighted) of every price the page shows, Van Westendorp's and Gabor–Granger's."""
    moves = pricing.weighting_shifts(psm_weighted, psm_plain) if psm_weighted and psm_plain else []
    if gg_weighted and gg_plain:
        moves.append(("Prix qui maximise les recettes (Gabor–Granger)", gg_plain.best_price, gg_weighted.best_price))
    return moves


def expected_subscribers_choice(new_offer: bool, psm: pricing.PsmResult | None,
                                gg: pricing.GaborGranger | None) -> str:
    """Where the scenario's expected subscribers come from: kept, the acceptance curve, or the reach curve."""
    options = {"keep": "Garder ceux du scénario"}
    if psm is not None and psm.intent is not None:
        options["reach"] = "Portée au prix choisi (intention d'achat) × partenaires visés par l'offre"
    if gg is not None:
        options["acceptance"] = "Acceptation au prix choisi (Gabor–Granger) × partenaires visés par l'offre"
    default = next((k for k in ("reach", "acceptance") if k in options), "keep") if new_offer else "keep"
    return st.radio("Souscripteurs attendus", list(options), index=list(options).index(default),
                    format_func=options.get,
                    help="Pour une offre nouvelle (aucun souscripteur l'année de référence), le modèle a besoin de "
                         "souscripteurs attendus ; pour une offre qui en a déjà, il garde son élasticité-prix.")


def price_sources(psm: pricing.PsmResult | None,
                  gg: pricing.GaborGranger | None) -> dict[str, tuple[str, float | None]]:
    """The prices « Utiliser ce prix » offers: key → (label, price; None = the price typed)."""
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


def analysed(compute, *args, **options):
    """(result, None) or (None, the French reason it cannot be computed)."""
    try:
        return compute(*args, **options), None
    except pricing.PricingError as exc:
        return None, str(exc)


# --- the page: filters, listening (one view at a time), services to create, then willingness to pay ------
con = data.cursor()
st.title("Écoute des partenaires")
st.caption("Écouter les besoins avant de placer ses services : qui a répondu, ce qui compte et ce qui satisfait, "
           "ce que les partenaires paieraient — et ce qui passe dans les scénarios.")
filter_sector, filter_status = st.columns(2)
chosen_sectors = filter_sector.multiselect("Filières", list(vocab.FILIERES), format_func=vocab.FILIERES.get,
                                           placeholder="Toutes les filières")
chosen_statuts = filter_status.multiselect("Statuts", list(vocab.STATUTS_PARTENAIRE),
                                           format_func=vocab.STATUTS_PARTENAIRE.get, placeholder="Tous les statuts")

by_sector = data.cached(survey.participation, "filiere", chosen_statuts)
respondents, base = int(by_sector["respondents"].sum()), int(by_sector["base"].sum())
if respondents == 0:
    st.info("Aucune réponse à l'enquête sur les besoins : importez besoins.csv (page Données).")
else:
    widgets.sections("ecoute_vue", {
        "Qui a répondu ?": lambda: show_participation(con, by_sector, respondents, base, chosen_statuts),
        "Importance et satisfaction": lambda: show_matrix(con, chosen_sectors, chosen_statuts),
        "Enquête et rencontres": lambda: show_needs_heard(con),
        "Commentaires": lambda: show_comments(con)})
    show_needs_and_placed(con, chosen_sectors, chosen_statuts)  # its form stays: never in a tab that closes

# --- willingness to pay ---------------------------------------------------------------------------
st.header("Ce que les partenaires paieraient")
labels = data.cached(pricing.priced_offers)
if not labels:
    st.info("Aucune réponse sur les prix : importez prix_acceptables.csv (Van Westendorp) ou reponses_prix.csv "
            "(Gabor–Granger), page Données.")
    st.stop()
offer_col, definition_col, switches_col = st.columns([3, 2, 2])
offer = offer_col.selectbox("Offre", list(labels), format_func=labels.get)
definition = definition_col.radio("Plage acceptable", list(pricing.DEFINITIONS), horizontal=True,
                                  format_func=lambda d: pricing.DEFINITIONS[d].split(" ")[0].capitalize(),
                                  help="Originale : trop bon marché × pas bon marché, trop cher × pas cher. "
                                       "Resserrée : trop bon marché × cher, trop cher × bon marché.")
interpolate = switches_col.toggle("Interpolation linéaire", value=True,
                                     help="Sinon, chaque point est pris sur un prix effectivement donné.")
answers = data.cached(pricing.price_answers, offer)
acceptance = data.cached(pricing.acceptance_answers, offer)
territory = data.cached(pricing.territory_by_sector)
calibration = chosen_calibration()
options = {"definition": definition, "interpolate": interpolate, "calibration": calibration}
# What each tab says instead of its result: no answers (information), or answers that can't be used (error).
psm_plain, psm_problem = (None, None) if answers.empty else analysed(pricing.van_westendorp, answers, **options)
gg_plain, gg_problem = (None, None) if acceptance.empty else analysed(pricing.gabor_granger, acceptance)
psm_weighted = (analysed(pricing.van_westendorp, answers, territory=territory, **options)[0]
                if psm_plain is not None else None)
gg_weighted = analysed(pricing.gabor_granger, acceptance, territory=territory)[0] if gg_plain is not None else None
weights = next((r.weights for r in (psm_weighted, gg_weighted) if r is not None), None)
weighted = weighting_toggle(switches_col, offer, weights)
psm = psm_weighted if weighted and psm_weighted is not None else psm_plain  # both feed « Utiliser ce prix »
gg = gg_weighted if weighted and gg_weighted is not None else gg_plain
show_weighting(weights, weighted, weighting_moves(psm_weighted, psm_plain, gg_weighted, gg_plain) if weighted else [])


def show_problem(problem: str | None, missing: str) -> None:
    if problem:
        st.error(problem)
    else:
        st.info(missing)


def show_van_westendorp() -> None:
    if psm is None:
        show_problem(psm_problem, "Pas de réponse « prix acceptables » pour cette offre (fichier "
                                  "prix_acceptables.csv).")
        return
    point_cols = st.columns(5)
    for column, point in zip(point_cols, ("pmc", "opp", "idp", "pme"), strict=False):
        column.metric(pricing.POINT_LABELS[point], pricing.format_point(psm.point(point)), border=True)
    point_cols[4].metric("Réponses retenues", f"{psm.n_valid} / {psm.n_valid + psm.n_invalid}", border=True,
                         help="Écartées : prix non rangés trop bon marché < bon marché < cher < trop cher.")
    for note in psm.notes:
        st.caption(note)
    widgets.chart(charts.psm_chart(psm), key="psm")
    sectors = pricing.van_westendorp_by(answers, **options)
    if sectors:
        st.caption(f"Par filière (au moins {pricing.MIN_SECTOR_ANSWERS} réponses cohérentes) :")
        st.dataframe([{"Filière": vocab.label(vocab.FILIERES, code), "Réponses": r.n_valid,
                       **{pricing.POINT_LABELS[p]: pricing.format_point(r.point(p)) for p in ("pmc", "opp", "pme")}}
                      for code, r in sectors.items()], hide_index=True)


def show_gabor_granger() -> None:
    if gg is None:
        show_problem(gg_problem, "Aucune réponse « achèteriez-vous à ce prix ? » pour cette offre (fichier "
                                 "reponses_prix.csv).")
        return
    st.metric("Prix qui maximise les recettes", fmt.euros(gg.best_price), border=True,
              help="Prix × part des répondants qui achèteraient, au plus haut.")
    widgets.chart(charts.gabor_granger_chart(gg), key="gabor_granger")


widgets.sections("ecoute_prix", {"Prix acceptables (Van Westendorp)": show_van_westendorp,
                                 "Portée et recettes (intention d'achat)":
                                     lambda: show_purchase_intent(psm, calibration),
                                 "Acceptation par prix (Gabor–Granger)": show_gabor_granger})

# --- into a scenario ------------------------------------------------------------------------------
st.subheader("Utiliser ce prix dans un scénario")
say_done("price")
sources = price_sources(psm, gg)
with st.form("use_price"):
    source = st.radio("Prix", list(sources), format_func=lambda k: sources[k][0])
    low = psm.pmc if psm is not None and psm.pmc is not None else 0.0
    high = psm.pme if psm is not None and psm.pme is not None else max(low * 2, 100.0)
    chosen = numbers.number_field("Autre prix (€)", f"use_price_other_{offer}", numbers.Reading(
        "Autre prix", unit="€", low=0.0), float(round((low + high) / 2)), in_form=True,
        help=f"Plage acceptable : {pricing.format_point(low)} à {pricing.format_point(high)}")
    new_offer = actions.is_new_offer(con, offer)
    subscribers_from = expected_subscribers_choice(new_offer, psm, gg)
    target = scenario_target(con, "price", f"Écoute — prix {offer}")
    submitted = st.form_submit_button("Utiliser ce prix dans le scénario", type="primary",
                                      disabled=not roles.can_write())
    price = sources[source][1] if sources[source][1] is not None else chosen
    if submitted and price is not None:  # another price that cannot be read says why under its field
        share = {"reach": lambda: psm.intent.reach_at(price), "acceptance": lambda: gg.acceptance_at(price)}
        expected = (actions.expected_from_share(con, offer, share[subscribers_from]())
                    if subscribers_from in share else None)
        try:
            saved = actions.use_price(data.writer(), target, offer, price, source=sources[source][0].split(" :")[0],
                                      expected_subscribers=expected)
        except Refused as exc:
            st.error(feedback.plain(str(exc)))
        else:
            data.invalidate("scenarios")
            done(f"Prix de {offer} fixé à {pricing.format_point(round(price, 2))} dans le scénario "
                 f"« {saved.name} ». Retrouvez-le dans la page Scénarios.", "price")
