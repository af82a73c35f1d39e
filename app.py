"""otmodel — router and common frame. Pages live in pages/; the domain in otmodel/."""

import streamlit as st

st.set_page_config(page_title="otmodel", page_icon="🧭", layout="wide")

pages = [
    st.Page("pages/synthese.py", title="Synthèse", icon="📊", default=True),
]

navigation = st.navigation(pages)
st.sidebar.caption("otmodel — repenser les services aux partenaires de l'office de tourisme.")
navigation.run()
