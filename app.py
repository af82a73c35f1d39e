"""otmodel — router and common frame. Pages live in views/; the domain in otmodel/."""

import logging

import streamlit as st

from otmodel.ui import data, feedback, french, roles, start, widgets
from otmodel.ui import presentation as room

st.set_page_config(page_title="otmodel", page_icon="🧭", layout="wide")
french.cover_english()

pages = [
    st.Page("views/synthese.py", title="Synthèse", icon="📊", default=True),
    st.Page("views/partenaires.py", title="Partenaires", icon="🤝", url_path="partenaires"),
    st.Page("views/offres.py", title="Offres", icon="🧾", url_path="offres"),
    st.Page("views/ecoute/page.py", title="Écoute", icon="👂", url_path="ecoute"),
    st.Page("views/carnet.py", title="Carnet d'écoute", icon="📓", url_path="carnet"),
    st.Page("views/equipe.py", title="Équipe", icon="👥", url_path="equipe"),
    st.Page("views/revue/page.py", title="Revue", icon="🔁", url_path="revue"),
    st.Page("views/scenarios/page.py", title="Scénarios", icon="🧪", url_path="scenarios"),
    st.Page("views/comparer.py", title="Comparer", icon="⚖️", url_path="comparer"),
    st.Page("views/reseau/page.py", title="Réseau", icon="🗺️", url_path="reseau"),
    st.Page("views/presentation/page.py", title="Présentation", icon="🎤", url_path="presentation"),
    st.Page("views/guide.py", title="Guide des partenaires", icon="📘", url_path="guide"),
    st.Page("views/suivi.py", title="Suivi", icon="📈", url_path="suivi"),
    st.Page(room.VOTE_PAGE, title="Vote de la salle", icon="🗳️", url_path=room.VOTE_PATH),
    st.Page("views/donnees/page.py", title="Données", icon="🗂️", url_path="donnees"),
    st.Page("views/aide.py", title="Aide", icon="📖", url_path=widgets.HELP_PATH),
]

# Every page in view: past twelve, Streamlit folds the list under an English « View N more ».
navigation = st.navigation(pages, position="hidden" if room.frameless() else "sidebar", expanded=True)
# The room (another device), and a session that starts on the vote page, are participants: the vote page is all
# they can open — decided here, before any page runs.
if room.participant_needs_vote_page(navigation.url_path):
    room.go_to_vote_page()
if room.is_participant():
    room.hide_frame()
else:
    st.sidebar.caption("otmodel — repenser les services aux partenaires de l'office de tourisme.")
    roles.sidebar()
if data.follow_changes():
    st.toast("🔄 Les données ont changé depuis une autre session : chiffres rechargés.")
feedback.say(start.PLACE)  # a demo just installed from the way in (below): said once, above the page
try:
    with feedback.refusals():  # a refusal no page handled itself: its French message, never a traceback
        navigation.run()
except data.NoTerritory:  # the page needs a territory the database does not hold yet: the way in
    start.panel(navigation.title)
except Exception:  # anything else: logged with its traceback, the user reads French, never a server path
    logging.getLogger("otmodel").exception("erreur dans la page %s", navigation.title)
    st.error("Une erreur inattendue a interrompu cette page. Rechargez-la ; si elle revient, notez ce que "
             "vous faisiez : le détail est dans le journal du serveur.")
