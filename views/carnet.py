"""Carnet d'écoute: note a meeting in a few seconds, read the log, see who has not been met and what is left to do."""

import datetime as dt

import pandas as pd
import streamlit as st

from otmodel import columns as col
from otmodel import format as fmt
from otmodel import vocab
from otmodel.listening import log
from otmodel.portfolio import partners
from otmodel.ui import data, feedback, roles, widgets

UNLISTED = "__autre__"


def add_meeting() -> None:
    """on_click of the form: record the meeting; the form empties once it is recorded."""
    state = st.session_state
    who = state["meet_partner"]

    def action() -> str:
        meeting = data.write(
            log.add_meeting, date=state["meet_date"], format=state["meet_format"],
            partenaire_id=None if who == UNLISTED else who, nom=state["meet_name"] if who == UNLISTED else None,
            filiere=state["meet_sector"] or None, themes=state["meet_themes"], besoin=state["meet_need"],
            verbatim=state["meet_verbatim"], suite=state["meet_follow_up"])
        return f"Rencontre n° {meeting} enregistrée."

    if feedback.attempt("meeting", action):
        for key in ("meet_name", "meet_need", "meet_verbatim", "meet_follow_up"):
            state[key] = ""
        state["meet_themes"] = []


def businesses_to_pick() -> pd.DataFrame | None:
    """The businesses the form lists: all of them, or — for a regional network, whose 100 000 names would all go
    to the browser inside the list — those found by a search first (None before one)."""
    territory = int(data.cached(partners.coverage, "filiere", None)["entreprises"].sum())
    if territory <= widgets.PICKER_OPTIONS:
        return data.read(partners.search)
    lookup = st.text_input("Chercher l'entreprise rencontrée", key="meet_lookup", placeholder="ex. camping",
                           help=f"{fmt.number(territory)} entreprises : tapez une partie du nom ou de l'identifiant, "
                                "puis choisissez-la dans la liste « Entreprise » du formulaire.")
    found = data.read(partners.search, lookup) if lookup.strip() else None
    if found is not None and len(found) > widgets.ROWS_SHOWN:
        st.caption(f"{fmt.number(len(found))} entreprises trouvées : les {fmt.number(widgets.ROWS_SHOWN)} "
                   "premières sont dans la liste, précisez pour trouver les autres.")
        found = found.head(widgets.ROWS_SHOWN)
    return found


def meeting_form(businesses: pd.DataFrame | None) -> None:
    labels = {UNLISTED: "— Entreprise non répertoriée (donner son nom) —",
              **({} if businesses is None else {row.id: f"{row.nom} ({row.id})" for row in businesses.itertuples()})}
    with st.form("meeting", clear_on_submit=False, border=True):
        st.subheader("Noter une rencontre")
        date_col, partner_col, format_col = st.columns([1, 3, 1])
        date_col.date_input("Date", value=dt.date.today(), format="DD/MM/YYYY", key="meet_date")
        partner_col.selectbox("Entreprise", list(labels), format_func=labels.get, index=None, key="meet_partner",
                              placeholder="Tapez un nom pour chercher" if businesses is not None
                              else "Cherchez-la d'abord ci-dessus")
        format_col.selectbox("Format", list(vocab.FORMATS_RENCONTRE), format_func=vocab.FORMATS_RENCONTRE.get,
                             key="meet_format")
        name_col, sector_col, themes_col = st.columns([2, 1, 3])
        name_col.text_input("Nom (entreprise non répertoriée)", key="meet_name")
        sector_col.selectbox("Filière", ["", *vocab.FILIERES],
                             format_func=lambda c: vocab.FILIERES.get(c, "(la sienne)"), key="meet_sector")
        themes_col.multiselect("Thèmes", data.read(log.known_themes), accept_new_options=True, key="meet_themes",
                               placeholder="Choisissez ou tapez un thème")
        need_col, follow_col = st.columns(2)
        need_col.text_input("Besoin exprimé", key="meet_need")
        follow_col.text_input("Suite à donner", key="meet_follow_up")
        st.text_area("Verbatim (ce qui a été dit)", key="meet_verbatim", height=68)
        st.form_submit_button("Enregistrer la rencontre", type="primary", on_click=add_meeting,
                              disabled=not roles.can_write())
    roles.read_only_note()
    feedback.say("meeting")


def needs_heard() -> None:
    st.header("Besoins entendus")
    heard = data.read(log.theme_mentions)
    if heard.empty:
        st.info("Aucune rencontre notée : utilisez le formulaire, ou importez rencontres.csv (page Données).")
    else:
        widgets.table(heard, {"theme": col.THEME, "mentions": col.MENTIONS, "businesses": col.BUSINESSES_MET})


def the_log() -> None:
    st.header("Le carnet")
    search_col, identity_col = st.columns([4, 1])
    text = search_col.text_input("Rechercher dans le carnet", placeholder="ex. navette")
    show_identity = identity_col.checkbox("Afficher les noms", value=True)
    meetings = data.read(log.meetings, text, show_identity)
    st.caption(f"{fmt.number(len(meetings))} rencontre(s)")
    widgets.table(meetings.assign(
        filiere=meetings["filiere"].map(lambda c: vocab.label(vocab.FILIERES, c)),
        format=meetings["format"].map(vocab.FORMATS_RENCONTRE),
        statut_suite=meetings["statut_suite"].map(lambda c: vocab.label(vocab.STATUTS_SUITE, c))),
        {"id": col.MEETING, "date": col.DATE, "entreprise": col.BUSINESS, "partenaire_id": col.IDENTIFIER,
         "filiere": col.SECTOR, "format": col.MEETING_FORMAT, "themes": col.THEMES, "besoin": col.NEED_HEARD,
         "verbatim": col.VERBATIM, "suite": col.FOLLOW_UP, "statut_suite": col.FOLLOW_UP_STATUS},
        name="carnet", grows=True)


def follow_ups() -> None:
    st.header("Suites à donner")
    pending = data.read(log.open_follow_ups)
    if pending.empty:
        st.success("Aucune suite en attente.")
        return
    st.caption(f"{fmt.number(len(pending))} suite(s) pas encore faite(s), la plus ancienne d'abord.")
    widgets.table(pending.assign(statut_suite=pending["statut_suite"].map(vocab.STATUTS_SUITE)),
                  {"id": col.MEETING, "date": col.DATE, "entreprise": col.BUSINESS, "suite": col.FOLLOW_UP,
                   "statut_suite": col.FOLLOW_UP_STATUS, "age_days": col.AGE},
                  name="suites_a_donner", grows=True, filtered=False)
    with st.form("follow_up"):
        chosen = st.selectbox("Rencontre", pending["id"].tolist(), format_func=lambda i: (
            f"n° {i} — " + pending.set_index("id").at[i, "suite"]))
        status = st.radio("Nouveau statut", list(vocab.STATUTS_SUITE), index=2, horizontal=True,
                          format_func=vocab.STATUTS_SUITE.get)
        if st.form_submit_button("Mettre à jour la suite", disabled=not roles.can_write()):
            feedback.attempt("follow_up", lambda: data.write(log.set_follow_up, int(chosen), status), rerun=True)
    feedback.say("follow_up")


def not_met() -> None:
    st.header("Partenaires pas rencontrés depuis 12 mois")
    unmet = data.read(log.not_met)
    st.caption(f"{fmt.number(len(unmet))} partenaire(s) sans rencontre depuis {log.NOT_MET_DAYS} jours ou jamais "
               "rencontrés.")
    widgets.table(unmet.assign(filiere=unmet["filiere"].map(vocab.FILIERES)),
                  {"id": col.IDENTIFIER, "nom": col.PARTNER, "filiere": col.SECTOR, "commune": col.COMMUNE,
                   "last_met": col.LAST_MET, "days_since": col.SINCE_DAYS},
                  name="partenaires_pas_rencontres", grows=True, filtered=False)


st.title("Carnet d'écoute")
widgets.page_caption("Garder l'oreille ouverte toute l'année : chaque rencontre, ce qu'elle a exprimé et la suite à "
                     "donner. Les besoins notés ici comptent à côté de l'enquête (Écoute, Revue).", "Carnet d'écoute")
meeting_form(businesses_to_pick())
needs_heard()
the_log()
follow_col, unmet_col = st.columns(2, gap="large")
with follow_col:
    follow_ups()
with unmet_col:
    not_met()
