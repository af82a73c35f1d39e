"""Réseau — our place among our peers: the peer group and the year, the office's figures against the group's
(one strip per indicator, and the table), and whether the Présentation shows it."""

import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel.network import charts, compare, indicators
from otmodel.network import settings as network_settings
from otmodel.network.compare import Comparison
from otmodel.network.folder import Network
from otmodel.ui import data, feedback, roles, widgets

PLACE = "reseau_presentation"
# Our standing (quartile, rank) beside our value: what the room reads first stays in view on a projector's width.
COLUMNS = {"indicateur": col.INDICATOR, "valeur": col.OUR_VALUE, "quartile": col.OUR_QUARTILE, "rang": col.OUR_RANK,
           "mediane": col.PEER_MEDIAN, "q1": col.PEER_Q1, "q3": col.PEER_Q3, "offices": col.PEERS,
           "sens": col.DIRECTION}


def choose(network: Network, office: str, saved: network_settings.NetworkSettings) -> tuple[str, int]:
    """The peer group (touristicité only when the office's is known) and the year compared."""
    groups = [code for code in network_settings.GROUPS if code != "touristicite" or saved.touristicity is not None]
    years = sorted(network.offices.loc[network.offices["office"] == office, "annee"].unique(), reverse=True)
    group_col, year_col = st.columns([6, 1])  # the four groups on one line at 1 280 px
    by = group_col.radio("Comparer avec", groups, format_func=network_settings.GROUPS.get, horizontal=True,
                         index=groups.index(saved.peer_group) if saved.peer_group in groups else 0, key="reseau_group")
    year = year_col.selectbox("Année", [int(y) for y in years], key="reseau_year")
    return by, year


def summary(result: Comparison) -> None:
    group = result.group
    offices_col, group_col = st.columns([1, 3])
    offices_col.metric("Offices comparés", fmt.number(result.offices), border=True,
                       help=f"Offices du réseau qui ont des chiffres {result.year}.")
    group_col.metric(f"Offices du groupe — {group.label}", fmt.number(group.size), border=True,
                     help="Les offices comparés à votre office, le vôtre compris.")
    if group.note:
        st.warning(group.note)


def strips(result: Comparison) -> None:
    """One strip per chosen indicator: the office (blue) among its peers (grey), the band from Q1 to Q3, the
    median; the headline indicators first."""
    shown = [s.indicator.key for s in result.standings if s.peers]
    chosen = st.multiselect("Indicateurs montrés", shown, default=[k for k in indicators.HEADLINE if k in shown],
                            format_func=lambda key: indicators.BY_KEY[key].label, key="reseau_strips_shown")
    if chosen:
        widgets.chart(charts.strips_chart(tuple(result.standing(key) for key in chosen), result.office or ""),
                      key="reseau_strips")
    st.caption("Chaque ligne va de l'office le plus bas au plus haut du groupe : la bande grise couvre la moitié "
               "centrale des offices (Q1 à Q3), le trait noir la médiane, le point bleu notre office.")


def table(result: Comparison) -> None:
    st.subheader("Tous les indicateurs")
    frame = compare.standings_frame(result)
    widgets.table(frame, COLUMNS, name=f"reseau_{result.year}", width="stretch", height="content",
                  pinned="indicateur")  # every indicator at once: the page scrolls, not a box inside it
    st.caption("Quartiles par interpolation linéaire (comme QUARTILE.INC d'Excel) ; le quartile se compte depuis les "
               "valeurs les plus basses, le rang depuis la meilleure. Définitions : docs/methodes.md, « Le réseau ».")


def _show_in_presentation(saved: network_settings.NetworkSettings, folder: str | None, by: str) -> str:
    chosen = network_settings.NetworkSettings(saved.population, saved.tourist_beds, folder, by)
    data.write(network_settings.save, chosen, scope="choices")
    return ("La Présentation et le rapport montreront « Notre place dans le réseau »." if folder else
            "La Présentation ne montre plus « Notre place dans le réseau ».")


def in_presentation(saved: network_settings.NetworkSettings, folder: str | None, by: str) -> None:
    """The Présentation's optional section: this folder and this peer group, once chosen here."""
    st.subheader("Dans la Présentation")
    shown = saved.folder is not None
    if folder is None:
        st.caption("Pour la Présentation, choisissez un dossier : des fichiers déposés ne sont pas gardés.")
    elif shown and saved.folder == folder and saved.peer_group == by:
        st.success(f"La Présentation et le rapport montrent « Notre place dans le réseau » : ce dossier, "
                   f"{network_settings.GROUPS[by].lower()}.")
    else:
        st.button("Montrer « Notre place dans le réseau » dans la Présentation", disabled=not roles.can_write(),
                  on_click=feedback.attempt, args=(PLACE, lambda: _show_in_presentation(saved, folder, by)),
                  key="reseau_show")
    if shown:
        st.button("Ne plus la montrer", disabled=not roles.can_write(), key="reseau_hide",
                  on_click=feedback.attempt, args=(PLACE, lambda: _show_in_presentation(saved, None, by)))
    feedback.say(PLACE)
