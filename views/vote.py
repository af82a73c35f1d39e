"""Vote de la salle: a participant rates the scenarios presented, may pick a favourite and leave one short
comment. One vote per browser session (voting again replaces it); nothing else can be changed from here."""

import streamlit as st

from otmodel import format as fmt
from otmodel.model.scenario import TARGET_BASES
from otmodel.presentation import story, vote
from otmodel.scenarios import store
from otmodel.ui import data, feedback
from otmodel.ui import presentation as room

PLACE = "vote"


def cast(round_id: int, names: list[str]) -> None:
    """on_click of « Voter »: record this session's vote."""
    ratings = {name: st.session_state[f"vote_{round_id}_{i}"] for i, name in enumerate(names)
               if st.session_state.get(f"vote_{round_id}_{i}") is not None}
    favourite = st.session_state.get(f"vote_{round_id}_favourite")
    comment = st.session_state.get(f"vote_{round_id}_comment", "")
    feedback.attempt(PLACE, lambda: data.write(vote.cast, room.voter_id(), ratings, favourite, comment, scope="votes")
                     or "Merci : votre vote est enregistré. Vous pouvez le modifier tant que le vote est ouvert.")


def scenario_card(round_id: int, i: int, name: str) -> None:
    """One scenario of the vote: its name, what it does to the target, and the participant's rating."""
    with st.container(border=True):
        st.subheader(feedback.plain(name))
        if data.read(store.exists, name):
            totals = data.evaluate(data.read(store.load, name)).totals
            st.markdown(f"{TARGET_BASES[totals.target_basis]} : **{fmt.euros(story.compared(totals))}** — "
                        f"{story.gap_sentence(totals)}")
        st.radio("Votre note (1 = pas du tout convaincu, 5 = tout à fait)", vote.RATINGS, index=None,
                 horizontal=True, key=f"vote_{round_id}_{i}")


def ballot(current: vote.Round) -> None:
    names = list(current.scenarios)
    for i, name in enumerate(names):
        scenario_card(current.id, i, name)
    st.radio("Votre scénario préféré", names, index=None, key=f"vote_{current.id}_favourite",
             format_func=feedback.plain)
    st.text_input("Un commentaire (facultatif)", max_chars=vote.MAX_COMMENT, key=f"vote_{current.id}_comment")
    st.button("Voter", type="primary", on_click=cast, args=(current.id, names), key="vote_cast")
    feedback.say(PLACE)
    if data.read(vote.has_voted, current.id, room.voter_id()):
        st.caption("✅ Votre vote est pris en compte (un seul vote par navigateur).")


facts = data.require_facts()
st.title("🗳️ Votre avis sur les scénarios")
st.caption(feedback.plain(facts.structure["nom"]))  # user text: never Markdown
opened = data.read(vote.latest)
if opened is None or not opened.is_open:
    st.info("Aucun vote n'est ouvert pour le moment. Attendez que l'animateur l'ouvre, puis rechargez la page.")
    st.stop()
ballot(opened)
