"""Widgets of the Données page: the preview of a file as it will be read, the mapping form of a foreign file, the
validation report, and the filtered view of the table editor that never drops what the user typed."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel import columns, vocab
from otmodel import format as fmt
from otmodel.data import exports, mapping, validation
from otmodel.data.importer import ImportSummary
from otmodel.data.reading import RawTable
from otmodel.data.schema import TEMPLATES
from otmodel.data.validation import Problem, TemplateError, grouped
from otmodel.ui import list_form
from otmodel.ui.feedback import plain
from otmodel.ui.widgets import table

# The editor's view: (table, e-mails shown, search text, sectors). The editor's key carries it, so that edits
# typed in one view never apply to the rows of another (edits are kept by row position).
EditorView = tuple[str, bool, str, tuple[str, ...]]
_SHOWN_VIEW = "edit_view"
_ROUND = "edit_round"  # moved by a save or a cancel: the next editor starts without the edits saved or dropped
NONE = "— aucune —"
CONSTANT = "➜ même valeur pour tout le fichier"
BUILT = "➜ construit à partir de colonnes du fichier"
IDENTIFIER = "identifiant construit"
PREVIEW_ROWS = 8


def preview(table: RawTable, kind: str, chosen: mapping.Mapping, where: DeltaGenerator) -> None:
    """The first rows the import will read, as written, with the identifier built for each when the file has none;
    how many rows the filter keeps, and how many probable duplicates the identifier leaves."""
    with where:
        try:
            selection = validation.select_rows(table, kind, chosen)
        except TemplateError as exc:
            st.error(plain(" ".join(grouped(exc.problems, limit=3))))  # quotes the file's headers and values
            selection = validation.select_rows(table, kind, None)
        shown = selection.cells.head(PREVIEW_ROWS).set_axis(_unique(table.header), axis="columns")
        if selection.identifiers is not None:
            shown.insert(0, IDENTIFIER, selection.identifiers.head(PREVIEW_ROWS))
        text = f"{table.describe()} {fmt.number(selection.read)} ligne(s) de données"
        if selection.keep:
            text += (f", dont {fmt.number(len(selection.cells))} gardée(s) par le filtre et "
                     f"{fmt.number(selection.read - len(selection.cells))} écartée(s)")
        if selection.identifiers is not None:
            text += (f" ; {fmt.number(selection.duplicates)} doublon(s) probable(s) (identifiant déjà pris par une "
                     "ligne précédente : ils seront mis de côté)")
        st.caption(f"{plain(text)}. Aperçu :")  # sheet and column names
        st.dataframe(shown, width="stretch", column_config={IDENTIFIER: st.column_config.TextColumn(
            IDENTIFIER, help="Fait des colonnes choisies ; rien n'est encore écrit.")})


def counts(summary: ImportSummary) -> list[tuple[str, int, str | None]]:
    """The figures an import shows as metrics (label, value, help): its counts, and those of a list."""
    shown: list[tuple[str, int, str | None]] = [
        ("Ajoutées", summary.added, None), ("Modifiées", summary.updated, None),
        ("Inchangées", summary.unchanged, None), ("Rejetées", summary.rejected, "Lignes à corriger.")]
    if summary.keep:
        shown.append(("Écartées", summary.left_out, "Lignes laissées de côté par le filtre du territoire."))
    if summary.id_from:
        shown.append(("Doublons", summary.duplicates, "Doublons probables : identifiant construit déjà pris par une "
                                                      "ligne précédente. Mis de côté, pas importés."))
    return shown


def set_aside_message(summary: ImportSummary) -> str:
    """What to do with the rows set aside: rejected ones to correct, probable duplicates to look at."""
    parts = []
    if summary.rejected:
        parts.append(f"{fmt.number(summary.rejected)} ligne(s) rejetée(s) : téléchargez-les, corrigez-les, puis "
                     "importez ce fichier.")
    if summary.duplicates:
        parts.append(f"{fmt.number(summary.duplicates)} doublon(s) probable(s) mis de côté : si c'est la même "
                     "entreprise, rien à faire ; sinon ajoutez une colonne à l'identifiant (l'adresse) et importez "
                     "à nouveau tout le fichier.")
    return " ".join(parts)


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        out.append(h or f"(colonne sans nom {len(out) + 1})" if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def mapping_form(table: RawTable, kind: str, base: mapping.Mapping, key: str) -> mapping.Mapping:
    """One row per template column: which source column fills it, or a constant; value maps for codes."""
    template = TEMPLATES[kind]
    suggested = mapping.suggest(table.header, kind)
    headers = [h for h in table.header if h]
    columns: dict[str, str] = {}
    constants: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    id_from: list[str] = []
    for column in template.columns:
        options = [NONE, CONSTANT, *headers]
        current = base.columns.get(column.name) or suggested.get(column.name)
        if column.name in base.constants:
            current = CONSTANT
        if column.name == "id":  # a file without identifiers gets them built from its columns
            options.insert(1, BUILT)
            current = BUILT if base.id_from or not current else current
        index = options.index(current) if current in options else 0
        label = f"{column.name}{' *' if column.required and column.default is None else ''}"
        left, right = st.columns([2, 3])
        choice = left.selectbox(label, options, index=index, key=f"{key}_col_{column.name}",
                                help=column.description)
        if choice == BUILT:
            id_from = list_form.identifier_columns(right, table, kind, base, key)
        elif choice == CONSTANT:
            constants[column.name] = _constant_input(right, column, base.constants.get(column.name, ""), key)
        elif choice != NONE:
            columns[column.name] = choice
            if column.vocabulary:
                source = pd.Series([r[table.header.index(choice)] for r in table.rows]).str.strip()
                found = ", ".join(sorted(source[source != ""].unique())[:6])
                right.caption(f"Valeurs trouvées : {plain(found)}…")  # the file's values, as typed
                pairs = _value_map(source, column, base.values.get(column.name, {}), kind, f"{key}_{column.name}")
                if pairs:
                    values[column.name] = pairs
    return mapping.Mapping(kind, columns, constants, values, id_from)


def _constant_input(where, column, default: str, key: str) -> str:
    if column.vocabulary:
        codes = list(column.vocabulary)
        return where.selectbox(f"Valeur de {column.name}", codes, index=codes.index(default) if default in codes
                               else 0, format_func=lambda c: column.vocabulary[c], key=f"{key}_const_{column.name}")
    if column.kind == "boolean":
        return where.selectbox(f"Valeur de {column.name}", ["non", "oui"], key=f"{key}_const_{column.name}")
    return where.text_input(f"Valeur de {column.name}", value=default, key=f"{key}_const_{column.name}")


def _value_map(source: pd.Series, column, saved: dict[str, str], kind: str, key: str) -> dict[str, str]:
    """Source values not recognised as codes get a code chosen by the user (saved ones pre-filled)."""
    distinct = sorted(v for v in source.unique() if v)
    if column.kind == "codes":
        return {}
    known = mapping.suggest_values(distinct, kind, column.name)
    unknown = [v for v in distinct if v not in known]
    if not unknown:
        return dict(saved)
    st.markdown(f"**Valeurs de « {column.name} » à traduire** ({len(unknown)}) : choisissez le code de chacune.")
    table = pd.DataFrame({"valeur du fichier": unknown, "code": [saved.get(v) for v in unknown]})
    edited = st.data_editor(
        table, key=f"{key}_values", hide_index=True, width="stretch", disabled=["valeur du fichier"],
        column_config={"code": st.column_config.SelectboxColumn(
            "code", options=list(column.vocabulary), help=", ".join(
                f"{c} = {label}" for c, label in column.vocabulary.items()))})
    return {**saved, **{r["valeur du fichier"]: r["code"] for r in edited.to_dict("records") if r["code"]}}


def problems_table(problems: list[Problem]) -> None:
    """The validation report: grouped French lines, then every problem in a table."""
    for line in grouped(problems, limit=12):  # lines quote the file's headers and values: shown as typed
        st.markdown(f"- {plain(line)}")
    if len(problems) > 1:
        with st.expander(f"Tous les problèmes ({len(problems)})"):
            # A 100 000-row file with one wrong column has 100 000 problems: the list is cut, the file is whole.
            table(pd.DataFrame([{"row": p.row, "column": p.column, "value": p.value, "to_do": p.message}
                                for p in problems], columns=["row", "column", "value", "to_do"]),
                  {"row": columns.ROW, "column": columns.FILE_COLUMN, "value": columns.VALUE, "to_do": columns.TO_DO},
                  name="problemes", grows=True, width="stretch")


def summary_report(summary: ImportSummary, file_name: str) -> None:
    """What the import did: rows added, modified, unchanged, rejected (and, for a list, kept by the filter and
    probable duplicates); columns left aside; what a newer list changes; rows set aside to correct."""
    shown = counts(summary)
    for column, (label, value, explained) in zip(st.columns(len(shown)), shown, strict=True):
        column.metric(label, value, border=True, help=explained)
    if summary.ignored:  # headers of the user's file: shown as typed
        st.info(f"Colonnes ignorées : {plain(', '.join(summary.ignored))}.")
    list_form.changes(summary)
    if summary.rejected_cells is not None:
        st.warning(set_aside_message(summary))
        problems_table(summary.problems)
        st.download_button("Lignes mises de côté (CSV)", exports.to_csv_bytes(summary.rejected_cells),
                           f"{file_name.rsplit('.', 1)[0]}_a_corriger.csv", "text/csv", key="import_rejects")


def table_label(name: str) -> str:
    return f"{vocab.TABLES.get(name, name)} ({name})"


def editor_key(view: EditorView) -> str:
    """The data editor's key for a view, in the current round."""
    digest = hashlib.sha1(repr(view).encode("utf-8")).hexdigest()[:12]
    return f"edit_{view[0]}_{digest}_{st.session_state.get(_ROUND, 0)}"


def has_pending_edits(key: str) -> bool:
    """Whether the data editor `key` holds edits not saved yet (changed cells, added or deleted rows)."""
    state = st.session_state.get(key)
    return isinstance(state, dict) and any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def shown_view(asked: EditorView) -> EditorView:
    """The view the editor shows at this run: the one asked for (table, filter) — unless the editor still holds
    unsaved edits in the view shown so far. Then that view stays, with the edits, and the page says why:
    changing the view would make a new editor and silently drop what was typed."""
    shown = st.session_state.get(_SHOWN_VIEW)
    if shown is not None and shown != asked and has_pending_edits(editor_key(shown)):
        st.warning("Enregistrez ou annulez vos modifications avant de changer de table ou de filtre.")
        return shown
    st.session_state[_SHOWN_VIEW] = asked
    return asked


def next_round() -> None:
    """After a save (the edits are stored) or a cancel (the user dropped them): a fresh editor next run."""
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
