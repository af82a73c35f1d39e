"""Données: import files (with mapping and validation), edit partners and offers, export, back up, restore."""

import streamlit as st

from otmodel import columns as col
from otmodel.data import importer
from otmodel.ui import data, feedback, widgets
from views.donnees import editing, importing, saving

st.title("Données")
st.caption("Importer les fichiers de l'office (tableurs, export de la base régionale, formulaires), les corriger, "
           "les exporter et sauvegarder la base. Rien n'est écrit tant qu'un fichier n'est pas entièrement valide.")

# What the last action did, always above the tabs: a message put before them moved them, and the page came back
# on its first tab after a save in « Modifier ».
notice = st.container()
for place in (editing.PLACE, saving.PLACE):  # an import's result shows under its buttons
    feedback.say(place, notice)

import_tab, edit_tab, export_tab, backup_tab, history_tab = st.tabs(
    ["📥 Importer", "✏️ Modifier", "📤 Exporter", "💾 Sauvegarde", "🕘 Historique"])
with import_tab:
    importing.section()
with edit_tab:
    editing.section(notice)
with export_tab:
    saving.export_section()
with backup_tab:
    saving.backup_section()
with history_tab:
    history = data.read(importer.history)
    if history.empty:
        st.info("Aucun import pour l'instant.")
    else:
        widgets.table(history, {
            "imported_at": col.IMPORTED_AT, "author": col.WHO, "template": col.TEMPLATE, "file_name": col.FILE,
            "mapping": col.MAPPING, "rows_read": col.ROWS_READ, "added": col.ADDED, "updated": col.UPDATED,
            "unchanged": col.UNCHANGED, "replaced": col.REPLACED, "rejected": col.REJECTED}, width="stretch")
