"""Données: import files (with mapping and validation), edit partners and offers, export, back up, restore."""

from dataclasses import replace

import streamlit as st

from otmodel import vocab
from otmodel.data import backup, exports, importer, mapping, reading, validation
from otmodel.data.schema import TEMPLATES
from otmodel.data.validation import TemplateError
from otmodel.demo import territories
from otmodel.scenarios import results, store
from otmodel.ui import data, feedback, import_form, list_form, roles, widgets

con = data.cursor()
editor = roles.can_write()
st.title("Données")
st.caption("Importer les fichiers de l'office (tableurs, export de la base régionale, formulaires), les corriger, "
           "les exporter et sauvegarder la base. Rien n'est écrit tant qu'un fichier n'est pas entièrement valide.")


def flash(message: str) -> None:
    """Keep a success message across the rerun that refreshes the page after a write."""
    st.session_state["donnees_flash"] = message
    data.invalidate()
    st.rerun()


# Always there, so that the tabs below keep their place: a message put before them moved them, and the page
# came back on its first tab after a save in « Modifier ».
notice = st.empty()
if message := st.session_state.pop("donnees_flash", None):
    notice.success(feedback.plain(message))  # it may quote a file's name

import_tab, edit_tab, export_tab, backup_tab, history_tab = st.tabs(
    ["📥 Importer", "✏️ Modifier", "📤 Exporter", "💾 Sauvegarde", "🕘 Historique"])

with import_tab:
    kind = st.selectbox("Modèle à remplir", list(TEMPLATES), index=list(TEMPLATES).index("partenaires"),
                        format_func=import_form.table_label, key="import_kind")
    st.caption(TEMPLATES[kind].description)
    with st.expander("Télécharger le modèle de fichier"):
        left, right = st.columns(2)
        left.download_button("Modèle vide (CSV)", exports.template_bytes(kind), f"{kind}.csv", "text/csv",
                             key="template_empty")
        filled = territories.filled_template(kind)
        if filled:
            right.download_button("Modèle rempli avec la démonstration (CSV)", filled, f"{kind}_demo.csv", "text/csv",
                                  key="template_demo")
    roles.read_only_note()
    upload = None if not editor else st.file_uploader(
        "Fichier CSV ou Excel (.xlsx)", type=["csv", "txt", "xlsx"], key="import_file",
        max_upload_size=max(1, reading.max_bytes() // (1024 * 1024)),
        help="Séparateur ; , ou tabulation, encodage UTF-8 ou Windows ; Excel : la feuille et "
             "la ligne d'en-têtes sont trouvées automatiquement.")
    table = None
    if upload is not None:
        content = upload.getvalue()
        sheet_key = f"import_sheet_{upload.name}"
        with feedback.refusals("Fichier illisible : "):
            table = validation.read_raw(kind, content, sheet=st.session_state.get(sheet_key))
    if table is not None:
        if table.file_type == "xlsx" and len(table.sheets) > 1:
            st.selectbox("Feuille", table.sheets, index=table.sheets.index(table.sheet), key=sheet_key)
        preview_box = st.container()
        saved = mapping.names(con, kind)
        chosen = st.selectbox("Correspondance enregistrée", ["(aucune)", *saved], key="import_saved")
        base = mapping.load(con, chosen) if chosen != "(aucune)" else mapping.Mapping(kind)
        map_key = f"map_{kind}_{upload.name}_{chosen}"
        with st.expander("Correspondance des colonnes et des valeurs (* = obligatoire)", expanded=True):
            chosen_mapping = import_form.mapping_form(table, kind, base, key=map_key)
        chosen_mapping = replace(chosen_mapping, keep=list_form.territory(table, base, key=map_key))
        import_form.preview(table, kind, chosen_mapping, where=preview_box)
        left, right = st.columns(2)
        valid_only = left.checkbox("Importer les lignes valides seulement (les autres sont à corriger)",
                                   key="import_valid_only")
        mark_absent = list_form.mark_absent_choice(kind)
        save_as = right.text_input("Enregistrer cette correspondance sous le nom", key="import_save_as",
                                   placeholder="ex. Tourinsoft hébergements")
        author = left.text_input("Votre nom (pour l'historique)", key="import_author")
        check_col, import_col = st.columns(2)
        dry_run = check_col.button("🔍 Vérifier sans rien écrire", key="import_check")
        go = import_col.button("📥 Importer", type="primary", key="import_go")
        if dry_run or go:
            bar = st.progress(0.0, text="Import…")
            try:
                summary = importer.import_file(
                    data.writer(), kind, content, mapping=chosen_mapping, sheet=table.sheet, dry_run=dry_run,
                    valid_rows_only=valid_only, file_name=upload.name, author=author or None,
                    mapping_name=save_as or (chosen if chosen != "(aucune)" else None), mark_absent=mark_absent,
                    progress=lambda fraction, text: bar.progress(fraction, text=text))
            except TemplateError as exc:
                bar.empty()
                st.error(f"Fichier refusé, rien n'a été importé ({len(exc.problems)} problème(s)). "
                         "Corrigez le fichier ou la correspondance, puis recommencez.")
                import_form.problems_table(exc.problems)
            else:
                shown = import_form.counts(summary)
                for column, (label, value, explained) in zip(st.columns(len(shown)), shown, strict=True):
                    column.metric(label, value, border=True, help=explained)
                if summary.ignored:  # headers of the user's file: shown as typed
                    st.info(f"Colonnes ignorées : {feedback.plain(', '.join(summary.ignored))}.")
                list_form.changes(summary)
                if summary.rejected_cells is not None:
                    st.warning(import_form.set_aside_message(summary))
                    import_form.problems_table(summary.problems)
                    st.download_button("Lignes mises de côté (CSV)", exports.to_csv_bytes(summary.rejected_cells),
                                       f"{upload.name.rsplit('.', 1)[0]}_a_corriger.csv", "text/csv",
                                       key="import_rejects")
                if summary.dry_run:
                    st.success(feedback.plain(f"Vérification réussie — {summary}"))
                else:
                    if save_as:
                        with feedback.refusals("Correspondance non enregistrée : "):
                            mapping.save(data.writer(), save_as, chosen_mapping)
                    if summary.rejected_cells is None and not list_form.has_changes(summary):
                        flash(f"Import réussi — {summary}")
                    st.success(feedback.plain(f"Import réussi — {summary}"))
                    data.invalidate()

with edit_tab:
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
    view = import_form.shown_view((target, show_emails, search.strip(), tuple(sectors)))
    shown_table, shown_emails, shown_search, shown_sectors = view
    current, total = exports.table_rows(con, shown_table, search=shown_search, filieres=list(shown_sectors),
                                        include_emails=shown_emails, limit=widgets.ROWS_SHOWN)
    if not editor:
        st.dataframe(current, hide_index=True, width="stretch")
        roles.read_only_note()
    else:
        key = import_form.editor_key(view)
        edited = st.data_editor(current, num_rows="add", hide_index=True, width="stretch", key=key)
    if total > len(current):
        widgets.rows_caption(len(current), total, "filtrez par nom, identifiant ou filière pour trouver les "
                                                   "autres ; l'onglet Exporter donne la table complète.")
    elif total == 0 and (shown_search or shown_sectors):
        st.caption("Aucune ligne ne correspond à ce filtre.")
    if editor:
        save_col, cancel_col = st.columns([1, 3])
        if save_col.button("💾 Enregistrer les modifications", key="edit_save", type="primary",
                           disabled=not roles.can_write()):
            try:
                summary = importer.import_file(data.writer(), shown_table, exports.to_csv_bytes(edited),
                                               file_name="modification dans l'application")
            except TemplateError as exc:
                st.error("Modifications refusées, rien n'a été enregistré :")
                import_form.problems_table(exc.problems)
            else:
                import_form.next_round()
                flash(f"Modifications enregistrées — {summary}")
        cancel_col.button("↩️ Annuler les modifications", key="edit_cancel", on_click=import_form.next_round,
                          disabled=not import_form.has_pending_edits(key))

with export_tab:
    scenarios = [f"{results.SCENARIO_KIND}{name}" for name in store.names(con)]
    choice = st.selectbox("Quoi exporter", ["all", *exports.EXPORTABLE, *scenarios], key="export_kind",
                          format_func=lambda k: "Toutes les tables (Excel, une feuille par table)" if k == "all"
                          else f"Résultats du scénario « {k.removeprefix(results.SCENARIO_KIND)} »"
                          if k.startswith(results.SCENARIO_KIND)
                          else import_form.table_label(k))
    emails = roles.can_see_emails() and st.checkbox("Inclure les e-mails des partenaires (données personnelles)",
                                                    key="export_emails")
    if st.button("Préparer les fichiers", key="export_prepare"):
        # A saved scenario that no longer fits the data is refused with its reason; the page goes on.
        with feedback.refusals("Export impossible : "):
            frames = results.frames_for(con, choice, include_emails=emails)
            csv_bytes = exports.to_csv_bytes(next(iter(frames.values()))) if len(frames) == 1 else None
            st.session_state["export_files"] = (choice, emails, exports.to_xlsx_bytes(frames), csv_bytes)
    prepared = st.session_state.get("export_files")
    if prepared and prepared[:2] == (choice, emails):
        stem = f"otmodel_{choice.replace(':', '_')}"
        left, right = st.columns(2)
        left.download_button("⬇️ Excel (.xlsx)", prepared[2], f"{stem}.xlsx", key="export_xlsx")
        if prepared[3] is not None:
            right.download_button("⬇️ CSV (Excel français)", prepared[3], f"{stem}.csv", "text/csv", key="export_csv")

with backup_tab:
    st.markdown("**Sauvegarder** toute la base dans un seul fichier (.zip : une table par fichier et un manifeste).")
    st.warning("🔐 La sauvegarde contient des **données personnelles** (e-mails et noms des partenaires, "
               "commentaires de l'enquête) : gardez-la en lieu sûr et ne la transmettez qu'à qui doit la restaurer.")
    roles.read_only_note()
    if editor and st.button("Préparer la sauvegarde", key="backup_prepare"):
        with feedback.refusals():
            st.session_state["backup_bytes"] = backup.backup_bytes(data.writer())
    if editor and "backup_bytes" in st.session_state:
        st.download_button("⬇️ Télécharger la sauvegarde", st.session_state["backup_bytes"], "otmodel_sauvegarde.zip",
                           "application/zip", key="backup_download")
    st.markdown("**Restaurer** une sauvegarde : remplace **toutes** les données de la base.")
    restore_file = None if not editor else st.file_uploader(
        "Fichier de sauvegarde (.zip)", type=["zip"], key="restore_file",
        max_upload_size=max(1, reading.max_bytes() // (1024 * 1024)))
    confirm = editor and st.checkbox("Je remplace toutes les données actuelles par celles de la sauvegarde",
                                     key="restore_ok")
    if editor and st.button("Restaurer", key="restore_go", disabled=restore_file is None or not confirm):
        with feedback.refusals("Restauration refusée, la base est inchangée : "):
            manifest = backup.restore_bytes(data.writer(), restore_file.getvalue())
            flash(f"Base restaurée (sauvegarde du {manifest.get('created_at')}).")

with history_tab:
    history = importer.history(con)
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
