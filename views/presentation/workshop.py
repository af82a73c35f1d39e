"""Présentation › the workshop, for a projector: the levers that matter most for a scenario with the gap to the
target at once, and the room's vote (the participants' address as a QR code, the results as they come)."""

import streamlit as st

from otmodel import columns as col
from otmodel.model.engine import Facts
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES, Scenario
from otmodel.presentation import levers, story, vote
from otmodel.presentation.bars import to_plotly
from otmodel.ui import data, feedback, roles, widgets
from otmodel.ui import presentation as room


def _reset_levers() -> None:
    for key in [k for k in st.session_state if str(k).startswith("lever_")]:
        del st.session_state[key]


@st.fragment
def workshop_levers(facts: Facts, base: Scenario) -> None:
    """The levers that matter most for the scenario, and the gap to the target, updated at once."""
    found = levers.levers(facts, base)
    left, right = st.columns([3, 2], gap="large")
    prices = {}
    with left, st.container(key="levers"):
        st.subheader("Les leviers")
        st.caption("Touche Tab pour passer d'un levier à l'autre, flèches pour changer le prix.")
        for lever in found:
            value = st.slider(f"{lever.name}", 0.0, lever.high, lever.price, lever.step, format="%.0f €",
                              key=f"lever_{base.name}_{lever.offer_id}")
            if value != lever.price:
                prices[lever.offer_id] = value
        st.button("↺ Revenir au scénario", on_click=_reset_levers, key="pr_reset_levers")
    current, tried = data.evaluate(), data.evaluate(levers.with_prices(base, prices))
    totals = tried.totals
    with right, st.container(key="gap"):
        widgets.gap_metric(totals.gap, totals.target_amount, TARGET_BASES[totals.target_basis])
        widgets.euro_metric(TARGET_BASES[totals.target_basis], story.compared(totals))
    rows = [(DEFAULT_SCENARIO_NAME, current.totals), ("Atelier", totals)]
    widgets.chart(to_plotly(story.target_chart("Face à l'objectif", rows)), key="pr_workshop_chart")


@st.fragment(run_every="2s")
def live_results() -> None:
    """The room, refreshed every two seconds: participants on the vote page, ballots received, what the results
    count; comments shown as plain text."""
    last = data.read(vote.latest)
    found = data.read(vote.results, last) if last else None
    connected, received = st.columns(2)
    connected.metric("Participants connectés", room.presence(data.database_path()).connected(), border=True,
                     help="Appareils qui ont la page du vote ouverte (signalés il y a moins de "
                          f"{vote.Presence.LIVE_S} secondes).")
    received.metric("Votes reçus", found.voters if found else 0, border=True,
                    help="Un vote par participant : celui qui vote de nouveau remplace son vote.")
    st.caption(roles.room_rights())
    if found is None:
        st.info("Aucun vote n'a encore été ouvert.")
        return
    state = "ouvert" if last.is_open else f"clos le {last.closed_at:%d/%m/%Y à %H:%M}"
    st.subheader(f"{found.voters} vote(s) — vote {state}")
    st.caption(found.counted())
    widgets.table(found.table, {"scenario": col.SCENARIO, "ratings": col.RATINGS, "mean": col.MEAN_RATING,
                                "favourite": col.FAVOURITE}, width="stretch", key="pr_vote_table")
    for comment in found.comments[-6:]:
        st.text(f"« {comment} »")


def vote_panel(names: list[str]) -> None:
    st.header("🗳️ Le vote de la salle")
    link_col, results_col = st.columns([1, 2], gap="large")
    with link_col:
        address = st.text_input("Adresse du serveur pour les participants", key="pr_address",
                                placeholder="ex. 192.168.1.20:8501",
                                help="Laissez vide pour l'adresse de ce serveur sur le réseau local (ou, "
                                     "sur cet ordinateur seul, celle de ce navigateur). Pour un vote depuis des "
                                     "téléphones, lancez l'application sur le réseau local : make run "
                                     "HOST=0.0.0.0 (voir le manuel, docs/securite.md).")
        url = room.participant_url(address)
        st.image(vote.qr_svg(url), width=280)
        st.code(url, language=None)
        # Administering the vote is an editor's action; voting is open to every viewer.
        opened, closed = st.columns(2)
        locked = not roles.can_write()
        if opened.button("Nouveau vote", key="pr_vote_open", disabled=locked,
                         help="Ouvre un vote vide sur les scénarios présentés ; les votes précédents sont gardés "
                              "avec leur date."):
            feedback.attempt("vote_round", lambda: data.write(vote.open_round, names, scope="vote_rounds"), rerun=True)
        if closed.button("Clore le vote", key="pr_vote_close", disabled=locked):
            feedback.attempt("vote_round", lambda: data.write(vote.close_round, scope="vote_rounds"), rerun=True)
        roles.read_only_note()
        feedback.say("vote_round")
    with results_col:
        live_results()
