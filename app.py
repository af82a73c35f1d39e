"""otmodel — router and common frame. Pages live in views/; the domain in otmodel/."""

import streamlit as st

from otmodel.ui import feedback
from otmodel.ui import presentation as room

st.set_page_config(page_title="otmodel", page_icon="🧭", layout="wide")

vote_page = st.Page("views/vote.py", title="Vote de la salle", icon="🗳️", url_path=room.VOTE_PATH)
pages = [
    st.Page("views/synthese.py", title="Synthèse", icon="📊", default=True),
    st.Page("views/ecoute.py", title="Écoute", icon="👂", url_path="ecoute"),
    st.Page("views/scenarios.py", title="Scénarios", icon="🧪", url_path="scenarios"),
    st.Page("views/comparer.py", title="Comparer", icon="⚖️", url_path="comparer"),
    st.Page("views/presentation.py", title="Présentation", icon="🎤", url_path="presentation"),
    vote_page,
    st.Page("views/donnees.py", title="Données", icon="🗂️", url_path="donnees"),
]

navigation = st.navigation(pages, position="hidden" if room.frameless() else "sidebar")
# A session that starts on the vote page is a participant: the vote page is all it can open.
if room.participant_needs_vote_page(navigation.url_path):
    st.switch_page(vote_page)
if room.is_participant():
    room.hide_frame()
else:
    st.sidebar.caption("otmodel — repenser les services aux partenaires de l'office de tourisme.")
with feedback.refusals():  # a refusal no page handled itself: its French message, never a traceback
    navigation.run()
