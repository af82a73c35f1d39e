"""Données › Modifier: partners or offers in a table to edit, filtered, saved through the same checks as an import;
what the user typed is never dropped by a change of filter (otmodel.ui.import_form)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel import vocab
from otmodel.data import exports, importer
from otmodel.data.validation import TemplateError
from otmodel.errors import Refused
from otmodel.ui import data, feedback, import_form, roles, widgets

PLACE = "edit"


def view() -> import_form.EditorView:
    """The table and the filter asked for — or the view shown so far while it holds unsaved edits."""
    target = st.radio("Table", ["partenaires", "offres"], format_func=import_form.table_label, horizontal=True,
                      key="edit_table")
    st.caption("Modifiez les cellules ou ajoutez des lignes, puis enregistrez : les mêmes contrôles qu'à l'import "
               "s'appliquent (codes, nombres, identifiants uniques). Codes et listes comme dans les modèles "
               "(ex. filières séparées par |, club_pro oui/non). Changer un identifiant crée une nouvelle ligne. "
               "Seules les lignes affichées sont enregistrées : les autres restent telles quelles.")
    # E-mails are personal data: hidden unless an editor asks. Saving without the column keeps the stored
    # e-mails (the importer keeps the columns a file does not have).
    show_emails = target == "partenaires" and roles.can_see_emails() and st.checkbox(
        "Afficher les e-mails (données personnelles)", key="edit_emails")
    search_col, sectors_col = st.columns([2, 3])
    search = search_col.text_input("Nom ou identifiant", key="edit_search", placeholder="ex. camping")
    sectors = [] if target != "partenaires" else sectors_col.multiselect(
        "Filières", list(vocab.FILIERES), format_func=vocab.FILIERES.get, placeholder="Toutes", key="edit_sectors")
    return import_form.shown_view((target, show_emails, search.strip(), tuple(sectors)))


def save(table: str, edited: pd.DataFrame, notice: DeltaGenerator) -> None:
    """The rows shown, imported back: saved and the page read again, or refused with every problem listed."""
    problems = []

    def act() -> str:
        try:
            summary = data.write(importer.import_file, table, exports.to_csv_bytes(edited),
                                 file_name="modification dans l'application")
        except TemplateError as exc:
            problems.extend(exc.problems)
            raise Refused("Modifications refusées, rien n'a été enregistré :") from exc
        import_form.next_round()
        return f"Modifications enregistrées — {summary}"

    if feedback.attempt(PLACE, act):
        st.rerun()
    feedback.say(PLACE, notice)
    import_form.problems_table(problems)


def section(notice: DeltaGenerator) -> None:
    """The tab: the view, its rows (an editor for an editor, a table for a viewer), save or cancel."""
    shown = view()
    table, emails, search, sectors = shown
    rows, total = data.read(exports.table_rows, table, search=search, filieres=list(sectors),
                            include_emails=emails, limit=widgets.ROWS_SHOWN)
    editor = roles.can_write()
    if not editor:
        st.dataframe(rows, hide_index=True, width="stretch")
        roles.read_only_note()
    else:
        key = import_form.editor_key(shown)
        edited = st.data_editor(rows, num_rows="add", hide_index=True, width="stretch", key=key)
    if total > len(rows):
        widgets.rows_caption(len(rows), total, "filtrez par nom, identifiant ou filière pour trouver les "
                                               "autres ; l'onglet Exporter donne la table complète.")
    elif total == 0 and (search or sectors):
        st.caption("Aucune ligne ne correspond à ce filtre.")
    if editor:
        save_col, cancel_col = st.columns([1, 3])
        if save_col.button("💾 Enregistrer les modifications", key="edit_save", type="primary"):
            save(table, edited, notice)
        cancel_col.button("↩️ Annuler les modifications", key="edit_cancel", on_click=import_form.next_round,
                          disabled=not import_form.has_pending_edits(key))
