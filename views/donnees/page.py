"""Données: import files (with mapping and validation), edit partners and offers, export, back up, restore."""

import streamlit as st

from otmodel.data import importer
from otmodel.ui import data, feedback
from views.donnees import editing, importing, saving

st.title("Données")
st.caption("Importer les fichiers de l'office (tableurs, export de la base régionale, formulaires), les corriger, "
           "les exporter et sauvegarder la base. Rien n'est écrit tant qu'un fichier n'est pas entièrement valide.")

# What the last action did, always above the tabs: a message put before them moved them, and the page came back
# on its first tab after a save in « Modifier ».
notice = st.container()
for place in (importing.PLACE, editing.PLACE, saving.PLACE):
    feedback.say(place, notice)

import_tab, edit_tab, export_tab, backup_tab, history_tab = st.tabs(
    ["📥 Importer", "✏️ Modifier", "📤 Exporter", "💾 Sauvegarde", "🕘 Historique"])
with import_tab:
    importing.section(notice)
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
        history[["author", "file_name", "mapping"]] = history[["author", "file_name", "mapping"]].fillna("—")
        st.dataframe(history.rename(columns={
            "imported_at": "date", "author": "qui", "template": "modèle", "file_name": "fichier",
            "mapping": "correspondance", "rows_read": "lignes lues", "added": "ajoutées", "updated": "modifiées",
            "unchanged": "inchangées", "replaced": "remplacées", "rejected": "rejetées"}).drop(columns=["id"]),
            hide_index=True, width="stretch",
            column_config={"date": st.column_config.DatetimeColumn("date", format="DD/MM/YYYY HH:mm")})
