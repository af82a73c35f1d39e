"""otmodel — router and common frame. Pages live in views/; the domain in otmodel/."""

import streamlit as st

from otmodel.ui import feedback

st.set_page_config(page_title="otmodel", page_icon="🧭", layout="wide")

pages = [
    st.Page("views/synthese.py", title="Synthèse", icon="📊", default=True),
    st.Page("views/partenaires.py", title="Partenaires", icon="🤝", url_path="partenaires"),
    st.Page("views/offres.py", title="Offres", icon="🧾", url_path="offres"),
    st.Page("views/ecoute.py", title="Écoute", icon="👂", url_path="ecoute"),
    st.Page("views/carnet.py", title="Carnet d'écoute", icon="📓", url_path="carnet"),
    st.Page("views/equipe.py", title="Équipe", icon="👥", url_path="equipe"),
    st.Page("views/revue.py", title="Revue", icon="🔁", url_path="revue"),
    st.Page("views/scenarios.py", title="Scénarios", icon="🧪", url_path="scenarios"),
    st.Page("views/comparer.py", title="Comparer", icon="⚖️", url_path="comparer"),
    st.Page("views/donnees.py", title="Données", icon="🗂️", url_path="donnees"),
]

navigation = st.navigation(pages)
st.sidebar.caption("otmodel — repenser les services aux partenaires de l'office de tourisme.")
with feedback.refusals():  # a refusal no page handled itself: its French message, never a traceback
    navigation.run()
