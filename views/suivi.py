"""Suivi de l'année: the scenario applied from a year followed against its plan — the actual to date, the year-end
projection and the projected gap to the target; offer by offer and sector by sector, offers behind plan flagged."""

import datetime as dt

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.followup import applied, charts, progress
from otmodel.model.engine import Facts
from otmodel.model.scenario import TARGET_BASES
from otmodel.scenarios import store
from otmodel.ui import data, feedback, roles, widgets
from otmodel.ui.feedback import plain

FIGURES = {"prevus": col.PLANNED_SUBSCRIBERS, "attendus": col.EXPECTED_TO_DATE, "a_date": col.ACTUAL_SUBSCRIBERS,
           "projetes": col.PROJECTED_SUBSCRIBERS, "recettes_prevues": col.PLANNED_REVENUE,
           "recettes_a_date": col.ACTUAL_REVENUE, "recettes_projetees": col.PROJECTED_REVENUE}
RENAMED = {"planned_subscribers": "prevus", "expected_to_date": "attendus", "actual_subscribers": "a_date",
           "projected_subscribers": "projetes", "planned_revenue": "recettes_prevues",
           "actual_revenue": "recettes_a_date", "projected_revenue": "recettes_projetees", "behind": "en_retard",
           "reason": "pourquoi"}


def applying(facts: Facts, current: int | None) -> None:
    """Mark a saved scenario as applied from a year, or stop following the year shown."""
    title = "✅ Appliquer un scénario" + ("" if current is None else f" (un autre), ou ne plus suivre {current}")
    with st.expander(title, expanded=current is None):
        with st.form("suivi_apply"):
            name_col, year_col, who_col = st.columns([3, 1, 2])
            name = name_col.selectbox("Scénario décidé", data.read(store.names), index=None,
                                      placeholder="Choisissez un scénario")
            year = year_col.number_input("Appliqué depuis", min_value=facts.year + 1, max_value=applied.LAST_YEAR,
                                         value=facts.year + 1, step=1, format="%d")
            who = who_col.text_input("Qui décide ?", placeholder="Nom de la directrice ou du directeur")
            st.caption(f"Le plan se calcule sur les données {facts.year} ; appliquer à nouveau une année remplace le "
                       "scénario qui y était appliqué.")
            if st.form_submit_button("Appliquer", type="primary", disabled=not roles.can_write()):
                feedback.attempt("suivi_apply", lambda: _apply(name, int(year), who), rerun=True)
            roles.read_only_note()
        if current is not None and st.button(f"Ne plus suivre {current}", key="suivi_withdraw",
                                             disabled=not roles.can_write(),
                                             help="Le scénario reste enregistré : il peut être appliqué à nouveau."):
            feedback.attempt("suivi_apply", lambda: data.write(applied.withdraw, current, scope="choices")
                             or f"Le suivi de {current} est retiré ; le scénario reste enregistré.", rerun=True)
    feedback.say("suivi_apply")


def _apply(name: str | None, year: int, who: str) -> str:
    if not name:
        return "Choisissez le scénario à appliquer."
    done = data.write(applied.apply, name, year, by=who, scope="choices")
    return f"« {done.name} » est appliqué depuis {done.year} : ses souscriptions se suivent ci-dessous."


def when(chosen: applied.Applied) -> dt.date:
    """The date of the figures: the latest dated subscription of the year by default, or the one chosen."""
    default, source = data.read(progress.default_as_of, chosen.year)
    return st.columns([1, 3])[0].date_input("Chiffres au", value=default, min_value=dt.date(chosen.year, 1, 1),
                         max_value=dt.date(chosen.year, 12, 31), format="DD/MM/YYYY", key=f"suivi_as_of_{chosen.year}",
                         help=f"Par défaut : {source} ({default:%d/%m/%Y}). Importez les souscriptions de l'année "
                              "au fil de l'eau, avec leur date (page Données).")


def key_figures(found: progress.Progress) -> None:
    t = found.totals
    planned_col, actual_col, projected_col, gap_col = st.columns(4)
    with planned_col:
        widgets.euro_metric("Recettes prévues", t.planned_revenue, help_text=f"Le plan de « {found.scenario} »")
    with actual_col:
        widgets.euro_metric(f"Recettes au {found.as_of:%d/%m/%Y}", t.actual_revenue)
    with projected_col:
        widgets.euro_metric("Recettes projetées", t.projected_revenue, delta=t.projected_revenue - t.planned_revenue,
                            help_text=f"Fin d'année, {vocab.PROJECTION_RULES[found.rule]}")
    with gap_col:
        widgets.gap_metric(t.projected_gap, t.target_amount, f"{TARGET_BASES[t.target_basis]} projeté",
                           label="Écart projeté à l'objectif")
    st.caption(f"Écart à l'objectif prévu par le scénario : {fmt.signed_euros(t.planned_gap)}. "
               + (f"Résultat projeté : {fmt.euros(t.projected_margin)} (les coûts suivent les souscripteurs "
                  "projetés)." if t.target_basis == "margin" else ""))


def behind(offers: pd.DataFrame) -> None:
    late = offers[offers["en_retard"]]
    if late.empty:
        st.success("Aucune offre en retard sur le plan à cette date.")
        return
    st.warning(f"**{fmt.number(len(late))} offre(s) en retard sur le plan**\n\n" + "\n".join(
        f"- **{plain(row.name)}** — {plain(row.pourquoi)}" for row in late.itertuples()))


def by_offer(found: progress.Progress, offers: pd.DataFrame) -> None:
    st.header("Offre par offre")
    if charts.progress_rows(found.offers):  # no chart of nothing when no offer brings revenue
        widgets.chart(charts.progress_chart(found.offers, found.as_of), key="suivi_chart")
    shown = offers.sort_values(["en_retard", "recettes_prevues"], ascending=[False, False])
    widgets.table(shown.assign(sphere=shown["sphere"].map(vocab.SPHERES)),
                  {"name": col.OFFER, "sphere": col.SPHERE, **FIGURES, "en_retard": col.BEHIND,
                   "pourquoi": col.WHY_BEHIND}, name="suivi_offres", pinned="name", width="stretch")


def by_sector(sectors: pd.DataFrame) -> None:
    st.header("Filière par filière")
    shown = sectors.rename(columns=RENAMED).sort_values("recettes_prevues", ascending=False)
    widgets.table(shown.assign(filiere=shown["filiere"].map(lambda c: vocab.label(vocab.FILIERES, c))),
                  {"filiere": col.SECTOR, **{k: v for k, v in FIGURES.items() if k != "attendus"}},
                  name="suivi_filieres", width="stretch")


facts = data.require_facts()
st.title("Suivi de l'année")
st.caption("Le scénario décidé, appliqué depuis une année : les souscriptions arrivent (importées avec leur date), "
           "comparées au plan du scénario, offre par offre et filière par filière, avec une projection de fin "
           "d'année et l'écart projeté à l'objectif. La méthode est dans le manuel (docs/methodes.md, « Le suivi de "
           "l'année »).")
years = data.read(applied.years)
if not years:
    st.info("Aucun scénario n'est appliqué : choisissez le scénario décidé et l'année d'où il s'applique.")
    applying(facts, None)
    st.stop()
year = st.selectbox("Année suivie", years, key="suivi_year") if len(years) > 1 else years[0]
chosen = data.read(applied.get, year)
st.text(f"« {chosen.name} » appliqué depuis {chosen.year} (plan calculé sur les données {chosen.base_year})"
        + (f", par {chosen.applied_by}" if chosen.applied_by else "") + ".")
if data.read(applied.edited_since, chosen):
    st.warning("Ce scénario a été modifié depuis qu'il a été appliqué : le plan suivi est la version appliquée. "
               "Appliquez-le à nouveau pour suivre la nouvelle version.")
found = data.read(progress.follow, year, when(chosen), facts)
st.caption(f"Projection {vocab.PROJECTION_RULES[found.rule]}.")
offers = found.offers.rename(columns=RENAMED)
key_figures(found)
behind(offers)
by_offer(found, offers)
by_sector(found.sectors)
applying(facts, chosen.year)
