"""What the Écoute page's two forms share: the scenario a need or a price goes into."""

import streamlit as st

from otmodel.scenarios import store
from otmodel.ui import data

NEW_SCENARIO = "Nouveau scénario…"


def scenario_target(key: str, default_new: str) -> str:
    """Choose an existing saved scenario or type a new name; returns the name."""
    saved = data.read(store.names)
    left, right = st.columns(2)
    choice = left.selectbox("Scénario", [NEW_SCENARIO, *saved], key=f"{key}_scenario")
    if choice != NEW_SCENARIO:
        return choice
    # The default name follows the offer chosen: a key per default, or the first offer's name would stick.
    return right.text_input("Nom du nouveau scénario", value=default_new, key=f"{key}_name_{default_new}")
