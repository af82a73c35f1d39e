"""Écoute › who answered, importance × satisfaction, survey and meetings side by side, the comments — one view at a
time (tabs that run when opened)."""

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel.listening import charts, log, survey
from otmodel.ui import data, feedback, widgets

PARTICIPATION = {"respondents": col.RESPONDENTS, "base": col.KNOWN_BUSINESSES, "rate": col.RESPONSE_RATE}


def participation(by_sector: pd.DataFrame, statuts: list[str]) -> None:
    """Respondents vs the partner base, by sector and by statut."""
    respondents, base = int(by_sector["respondents"].sum()), int(by_sector["base"].sum())
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
        widgets.table(by_sector.assign(representation=by_sector["representation"].map(survey.REPRESENTATION)),
                      {"libelle": col.SECTOR, **PARTICIPATION, "representation": col.REPRESENTATION})
        widgets.table(data.cached(survey.participation, "statut", statuts),
                      {"libelle": col.PARTNER_STATUS, **PARTICIPATION})
    if len(small):
        st.warning(f"Moins de {survey.SMALL_GROUP} réponses pour : {', '.join(small['libelle'])}. "
                   "Leurs résultats sont fragiles.")


def matrix(sectors: list[str], statuts: list[str]) -> None:
    """Importance × satisfaction per theme, in four quadrants."""
    st.header("Besoins : importance et satisfaction")
    found = data.cached(survey.importance_satisfaction, sectors, statuts)
    if found.themes.empty:
        st.info("Aucune réponse pour ces filières et statuts : élargissez les filtres.")
        return
    widgets.chart(charts.matrix_chart(found), key="matrix")
    st.caption("Les lignes coupent aux moyennes des thèmes : importance "
               f"{fmt.number(found.importance_threshold, 2)}, satisfaction "
               f"{fmt.number(found.satisfaction_threshold, 2)} (sur 5). Un thème sans réponse de satisfaction "
               "compte comme non satisfait.")
    fragile = found.themes[found.themes["small"]]
    if len(fragile):
        themes = feedback.plain(", ".join(fragile["theme"]))  # themes are survey text
        st.caption(f"Moins de {survey.SMALL_GROUP} répondants : {themes}.")


def needs_heard() -> None:
    """Survey needs and needs heard in meetings (the field-listening log), side by side."""
    st.header("Besoins exprimés : enquête et rencontres")
    st.caption("Les thèmes de l'enquête et ceux notés dans le carnet d'écoute (page Carnet d'écoute), rapprochés sans "
               "tenir compte des majuscules ni des accents.")
    widgets.table(data.cached(log.needs_with_log),
                  {"theme": col.THEME, "respondents": col.RESPONDENTS, "importance": col.IMPORTANCE,
                   "satisfaction": col.SATISFACTION, "mentions": col.MENTIONS, "businesses": col.BUSINESSES_MET})


def comments() -> None:
    """Free comments, searchable, identities hidden unless asked."""
    st.header("Commentaires")
    search_col, theme_col, identity_col = st.columns([2, 2, 1])
    search = search_col.text_input("Rechercher dans les commentaires", placeholder="ex. navette")
    theme_filter = theme_col.selectbox("Thème", ["Tous les thèmes", *data.read(survey.themes)])
    show_identity = identity_col.checkbox("Afficher les noms", value=False,
                                          help="Les commentaires sont anonymes par défaut (projection, rapport).")
    theme = None if theme_filter == "Tous les thèmes" else theme_filter
    found = data.read(survey.comments, theme, search, show_identity)
    st.caption(f"{fmt.number(len(found))} commentaire(s)" + ("" if show_identity else " — identités masquées."))
    widgets.table(found, {"theme": col.THEME, "commentaire": col.COMMENT, "importance": col.IMPORTANCE_GIVEN,
                          "satisfaction": col.SATISFACTION_GIVEN, "filiere": col.SECTOR,
                          **({"nom": col.PARTNER} if show_identity else {})}, name="commentaires", grows=True)


def section(by_sector: pd.DataFrame, sectors: list[str], statuts: list[str]) -> None:
    widgets.sections("ecoute_vue", {"Qui a répondu ?": lambda: participation(by_sector, statuts),
                                    "Importance et satisfaction": lambda: matrix(sectors, statuts),
                                    "Enquête et rencontres": needs_heard, "Commentaires": comments})
