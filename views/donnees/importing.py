"""Données › Importer: the template to fill, the file read and previewed, its columns and values mapped, then a
check or an import — all or nothing, or the valid rows only with the others to correct."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from otmodel.data import exports, importer, mapping, validation
from otmodel.data.reading import RawTable
from otmodel.data.schema import TEMPLATES
from otmodel.data.validation import TemplateError
from otmodel.demo import territories
from otmodel.errors import Refused
from otmodel.ui import data, feedback, french, import_form, list_form, roles, widgets

PLACE = "import"
NO_MAPPING = "(aucune)"


@dataclass
class Request:
    """What the user asked for the file: its mapping, and how to import it."""

    mapping: mapping.Mapping
    saved_mapping: str | None
    valid_only: bool
    mark_absent: bool  # businesses a newer list no longer holds become « ancien »
    save_as: str
    author: str


def template_choice() -> str:
    """The template to fill, its description and its files (empty, or filled with the demonstration)."""
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
    return kind


def uploaded(kind: str) -> tuple[UploadedFile, RawTable] | None:
    """The file an editor gives, read as raw rows (its sheet chosen for a workbook); None before, or when it can't
    be read (said in French)."""
    roles.read_only_note()
    if not roles.can_write():
        return None
    upload = french.file_input("Fichier CSV ou Excel (.xlsx)", ["csv", "txt", "xlsx"], key="import_file",
                               help="Séparateur ; , ou tabulation, encodage UTF-8 ou Windows ; Excel : la feuille et "
                                   "la ligne d'en-têtes sont trouvées automatiquement.")
    if upload is None:
        return None
    sheet_key = f"import_sheet_{upload.name}"
    with feedback.refusals("Fichier illisible : "):
        table = validation.read_raw(kind, upload.getvalue(), sheet=st.session_state.get(sheet_key))
        if table.file_type == "xlsx" and len(table.sheets) > 1:
            st.selectbox("Feuille", table.sheets, index=table.sheets.index(table.sheet), key=sheet_key)
        return upload, table
    return None


def request(kind: str, upload: UploadedFile, table: RawTable) -> Request:
    """The preview (the identifiers built, the rows the territory's filter keeps), the mapping (a saved one,
    adjusted by hand) and the import's options."""
    preview_box = st.container()  # drawn once the mapping and the filter are known, above them
    chosen = st.selectbox("Correspondance enregistrée", [NO_MAPPING, *data.read(mapping.names, kind)],
                          key="import_saved")
    base = data.read(mapping.load, chosen) if chosen != NO_MAPPING else mapping.Mapping(kind)
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
    author = widgets.lasting_text(left, "Votre nom (pour l'historique)", "import_author")  # kept for the next file
    return Request(chosen_mapping, None if chosen == NO_MAPPING else chosen, valid_only, mark_absent, save_as,
                   author)


def run(kind: str, upload: UploadedFile, table: RawTable, asked: Request, dry_run: bool) -> None:
    """Check (a dry run: a read, rolled back) or import, then say how it went; a full import reruns the page so
    that every tab reads the new data."""
    bar = st.progress(0.0, text="Vérification…" if dry_run else "Import…")
    found: dict[str, object] = {}

    def act() -> str:
        door = data.read if dry_run else data.write
        try:
            summary = found["summary"] = door(
                importer.import_file, kind, upload.getvalue(), mapping=asked.mapping, sheet=table.sheet,
                dry_run=dry_run, valid_rows_only=asked.valid_only, file_name=upload.name,
                author=asked.author or None, mapping_name=asked.save_as or asked.saved_mapping,
                mark_absent=asked.mark_absent, progress=lambda fraction, text: bar.progress(fraction, text=text))
        except TemplateError as exc:
            found["problems"] = exc.problems
            raise Refused(f"Fichier refusé, rien n'a été importé ({len(exc.problems)} problème(s)). "
                          "Corrigez le fichier ou la correspondance, puis recommencez.") from exc
        if dry_run:  # the summary says « Vérification terminée, rien n'a été importé »
            return str(summary)
        if asked.save_as:
            feedback.attempt("import_mapping", lambda: data.write(mapping.save, asked.save_as, asked.mapping),
                             lead="Correspondance non enregistrée : ")
        return f"Import réussi — {summary}"

    went = feedback.attempt(PLACE, act)
    if not went:
        bar.empty()
        import_form.problems_table(found.get("problems", []))
    elif not dry_run and found["summary"].rejected_cells is None and not list_form.has_changes(found["summary"]):
        st.rerun()  # nothing more to show than the success: every tab reads the new data
    else:
        import_form.summary_report(found["summary"], upload.name)


def section() -> None:
    """The tab: template, file, mapping and options, then the two buttons — and what they did, right under them,
    where the eye is (the form above can be long)."""
    kind = template_choice()
    given = uploaded(kind)
    if given is None:
        feedback.say(PLACE)
        return
    upload, table = given
    asked = request(kind, upload, table)
    check_col, import_col = st.columns(2)
    dry_run = check_col.button("🔍 Vérifier sans rien écrire", key="import_check")
    go = import_col.button("📥 Importer", type="primary", key="import_go")
    with st.container():
        if go or dry_run:
            run(kind, upload, table, asked, dry_run)
        # What the check or the import did (after a full import the page ran again: its message waited here).
        for place in (PLACE, "import_mapping"):
            feedback.say(place)
