"""otmodel — router and common frame. Pages live in views/; the domain in otmodel/."""

import streamlit as st

from otmodel.ui import feedback

st.set_page_config(page_title="otmodel", page_icon="🧭", layout="wide")

pages = [
    st.Page("views/synthese.py", title="Synthèse", icon="📊", default=True),
    st.Page("views/ecoute.py", title="Écoute", icon="👂", url_path="ecoute"),
    st.Page("views/scenarios.py", title="Scénarios", icon="🧪", url_path="scenarios"),
    st.Page("views/comparer.py", title="Comparer", icon="⚖️", url_path="comparer"),
    st.Page("views/donnees.py", title="Données", icon="🗂️", url_path="donnees"),
]

navigation = st.navigation(pages)
st.sidebar.caption("otmodel — repenser les services aux partenaires de l'office de tourisme.")
with feedback.refusals():  # a refusal no page handled itself: its French message, never a traceback
    navigation.run()
