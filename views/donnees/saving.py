"""Données › Exporter and › Sauvegarde: tables or a scenario's results as Excel/CSV files, the whole database in
one backup file, and its restore."""

from __future__ import annotations

import streamlit as st

from otmodel.data import backup, exports
from otmodel.scenarios import results, store
from otmodel.ui import data, feedback, french, import_form, roles

PLACE = "backup"
ALL = "all"


def _export_label(kind: str) -> str:
    if kind == ALL:
        return "Toutes les tables (Excel, une feuille par table)"
    if kind.startswith(results.SCENARIO_KIND):
        return f"Résultats du scénario « {kind.removeprefix(results.SCENARIO_KIND)} »"
    return import_form.table_label(kind)


def prepare(choice: str, emails: bool) -> None:
    """The files of an export, kept for the download buttons (an Excel file; a CSV too for a single table)."""
    frames = data.read(results.frames_for, choice, include_emails=emails)
    csv_bytes = exports.to_csv_bytes(next(iter(frames.values()))) if len(frames) == 1 else None
    st.session_state["export_files"] = (choice, emails, exports.to_xlsx_bytes(frames), csv_bytes)


def export_section() -> None:
    """What to export, prepared on request (a saved scenario that no longer fits the data is refused with its
    reason), then the files to download."""
    scenarios = [f"{results.SCENARIO_KIND}{name}" for name in data.read(store.names)]
    choice = st.selectbox("Quoi exporter", [ALL, *exports.EXPORTABLE, *scenarios], key="export_kind",
                          format_func=_export_label)
    emails = roles.can_see_emails() and st.checkbox("Inclure les e-mails des partenaires (données personnelles)",
                                                    key="export_emails")
    if st.button("Préparer les fichiers", key="export_prepare"):
        feedback.attempt("export", lambda: prepare(choice, emails), lead="Export impossible : ")
    feedback.say("export")
    prepared = st.session_state.get("export_files")
    if prepared and prepared[:2] == (choice, emails):
        stem = f"otmodel_{choice.replace(':', '_')}"
        left, right = st.columns(2)
        left.download_button("⬇️ Excel (.xlsx)", prepared[2], f"{stem}.xlsx", key="export_xlsx")
        if prepared[3] is not None:
            right.download_button("⬇️ CSV (Excel français)", prepared[3], f"{stem}.csv", "text/csv", key="export_csv")


def restore(content: bytes) -> str:
    manifest = data.write(backup.restore_bytes, content)
    return f"Base restaurée (sauvegarde du {manifest.get('created_at')})."


def backup_section() -> None:
    """The backup (personal data: an editor's), and the restore, which replaces everything once confirmed."""
    st.markdown("**Sauvegarder** toute la base dans un seul fichier (.zip : une table par fichier et un manifeste).")
    st.warning("🔐 La sauvegarde contient des **données personnelles** (e-mails et noms des partenaires, "
               "commentaires de l'enquête) : gardez-la en lieu sûr et ne la transmettez qu'à qui doit la restaurer.")
    roles.read_only_note()
    if not roles.can_write():
        return
    if st.button("Préparer la sauvegarde", key="backup_prepare"):
        st.session_state["backup_bytes"] = data.read(backup.backup_bytes)
    if "backup_bytes" in st.session_state:
        st.download_button("⬇️ Télécharger la sauvegarde", st.session_state["backup_bytes"], "otmodel_sauvegarde.zip",
                           "application/zip", key="backup_download")
    st.markdown("**Restaurer** une sauvegarde : remplace **toutes** les données de la base.")
    restore_file = french.file_input("Fichier de sauvegarde (.zip)", ["zip"], key="restore_file")
    confirm = st.checkbox("Je remplace toutes les données actuelles par celles de la sauvegarde", key="restore_ok")
    if st.button("Restaurer", key="restore_go", disabled=restore_file is None or not confirm):
        feedback.attempt(PLACE, lambda: restore(restore_file.getvalue()), rerun=True,
                         lead="Restauration refusée, la base est inchangée : ")
