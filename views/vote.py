"""Vote de la salle: a participant rates the scenarios presented, may pick a favourite and leave one short
comment. One ballot per participant and round, through reloads (her voter token is in the page's address and
kept by her browser): voting again replaces it. The page follows the presenter by itself (a vote opened, closed
or started again); nothing else can be changed from here. Light on purpose: text and radios, no chart."""

import streamlit as st

from otmodel import format as fmt
from otmodel.model.engine import Totals
from otmodel.model.scenario import TARGET_BASES
from otmodel.presentation import story, vote
from otmodel.ui import data, feedback
from otmodel.ui import presentation as room

PLACE = "vote"


def cast(round_id: int, names: list[str]) -> None:
    """on_click of « Voter »: record this participant's ballot for the round she filled it for."""
    ratings = {name: st.session_state[f"vote_{round_id}_{i}"] for i, name in enumerate(names)
               if st.session_state.get(f"vote_{round_id}_{i}") is not None}
    favourite = st.session_state.get(f"vote_{round_id}_favourite")
    comment = st.session_state.get(f"vote_{round_id}_comment", "")
    feedback.attempt(PLACE, lambda: data.write(vote.cast, round_id, room.voter_id(), ratings, favourite, comment,
                                               scope="votes")
                     and "Merci : votre vote est enregistré. Vous pouvez le modifier tant que le vote est ouvert.")


def refill(current: vote.Round, stored: vote.Ballot) -> None:
    """A returning participant finds her ballot in the form (once per session: what she changes since stays)."""
    keys = {f"vote_{current.id}_{i}": stored.ratings.get(name) for i, name in enumerate(current.scenarios)}
    keys |= {f"vote_{current.id}_favourite": stored.favourite, f"vote_{current.id}_comment": stored.comment or ""}
    for key, value in keys.items():
        st.session_state.setdefault(key, value)


def taken(current: vote.Round, stored: vote.Ballot) -> None:
    """« Votre vote est pris en compte », with what she chose (names and comment shown as text, never Markdown)."""
    with st.container(border=True, key="vote_taken"):
        again = " Un seul vote par participant : en votant de nouveau, vous le remplacez." if current.is_open else ""
        st.success(f"✅ Votre vote est pris en compte (envoyé à {stored.voted_at:%H:%M}).{again}")
        chosen = [f"{name} : {stored.ratings[name]} / 5" for name in current.scenarios if name in stored.ratings]
        if stored.favourite:
            chosen.append(f"Préféré : {stored.favourite}")
        if stored.comment:
            chosen.append(f"Commentaire : « {stored.comment} »")
        st.text("\n".join(chosen))


def scenario_card(round_id: int, i: int, name: str, totals: Totals | None) -> None:
    """One scenario of the vote: its name, what it does to the target, and the participant's rating."""
    with st.container(border=True):
        st.subheader(feedback.plain(name))
        if totals is not None:
            st.markdown(f"{TARGET_BASES[totals.target_basis]} : **{fmt.euros(story.compared(totals))}** — "
                        f"{story.gap_sentence(totals)}")
        st.radio("Votre note (1 = pas du tout convaincu, 5 = tout à fait)", vote.RATINGS, index=None,
                 horizontal=True, key=f"vote_{round_id}_{i}")


def ballot(current: vote.Round) -> None:
    names = list(current.scenarios)
    # Computed once per data and scenarios version for the whole room, not at each of its clicks.
    totals = data.cached(vote.scenario_totals, current.scenarios, scenarios=True)
    for i, name in enumerate(names):
        scenario_card(current.id, i, name, totals.get(name))
    st.radio("Votre scénario préféré", names, index=None, key=f"vote_{current.id}_favourite",
             format_func=feedback.plain)
    st.text_input("Un commentaire (facultatif)", max_chars=vote.MAX_COMMENT, key=f"vote_{current.id}_comment")
    st.button("Voter", type="primary", on_click=cast, args=(current.id, names), key="vote_cast",
              width="stretch")


@st.fragment(run_every=f"{vote.Presence.HEARTBEAT_S}s")
def follow_the_room(shown: tuple[int, bool] | None) -> None:
    """Every few seconds: tell the presenter this participant is here, and draw the page again when the
    presenter opened, closed or started a vote since it was drawn."""
    room.presence(data.database_path()).seen(room.voter_id())
    last = data.read(vote.latest)
    if ((last.id, last.is_open) if last else None) != shown:
        st.rerun()


facts = data.require_facts()
st.title("🗳️ Votre avis sur les scénarios")
st.caption(feedback.plain(facts.structure["nom"]))  # user text: never Markdown
voter = room.keep_voter()
opened = data.read(vote.latest)
follow_the_room((opened.id, opened.is_open) if opened else None)
if opened is None:
    feedback.say(PLACE)
    st.info("Aucun vote n'est ouvert pour le moment : cette page s'affichera d'elle-même dès que l'animateur "
            "l'ouvrira.")
elif not opened.is_open:
    feedback.say(PLACE)
    st.info(f"Le vote est clos depuis {opened.closed_at:%H:%M} : merci de votre participation.")
    if (kept := data.read(vote.ballot, opened.id, voter)) is not None:
        taken(opened, kept)
else:
    if (kept := data.read(vote.ballot, opened.id, voter)) is not None:
        refill(opened, kept)
        taken(opened, kept)
    ballot(opened)
    feedback.say(PLACE)
