"""Widgets of the Données page for real territory lists: the columns an identifier is built from, the territory
kept out of a national list, and what a newer list changed (the businesses it no longer holds)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel import format as fmt
from otmodel.data import lists, mapping, validation
from otmodel.data.importer import ImportSummary
from otmodel.data.reading import RawTable
from otmodel.ui.feedback import plain

ALL_ROWS = "— toutes les lignes —"


def identifier_columns(where: DeltaGenerator, table: RawTable, kind: str, base: mapping.Mapping, key: str) -> list[str]:
    """The file's columns the identifier is built from, in order: the saved ones, else those proposed (a SIRET
    column first, else the name with the postcode or the commune)."""
    headers = [h for h in table.header if h]
    proposed = [c for c in base.id_from if c in headers] or lists.suggest_identifier(table.header, kind, base.columns)
    chosen = where.multiselect(
        "Colonnes qui font l'identifiant", headers, default=[c for c in proposed if c in headers],
        key=f"{key}_id_from", placeholder="Choisissez une ou plusieurs colonnes",
        help="Pour un fichier sans identifiant : chaque ligne reçoit un identifiant fait de ces colonnes, sans "
             "majuscules, accents ni espaces (code postal sur 5 chiffres). La même ligne donne le même identifiant "
             "l'année suivante : réimporter met à jour au lieu de doubler. Un SIRET, quand il y en a un, est le "
             "plus sûr ; sinon le nom et le code postal (ajoutez l'adresse s'il reste des doublons probables).")
    if not chosen:
        where.warning("Choisissez au moins une colonne pour construire l'identifiant.")
    return chosen


def territory(table: RawTable, base: mapping.Mapping, key: str) -> dict[str, list[str]]:
    """The filter that keeps only the territory's rows: a column, and the values (or patterns with *) to keep."""
    headers = [h for h in table.header if h]
    saved_column, saved = next(iter(base.keep.items()), (None, []))
    options = [ALL_ROWS, *headers]
    left, right = st.columns([2, 3])
    column = left.selectbox(
        "Garder seulement les lignes où", options, index=options.index(saved_column) if saved_column in options else 0,
        key=f"{key}_keep_column",
        help="Pour une liste départementale ou nationale : gardez votre territoire par code postal (un département : "
             "« 40* »), par commune… Les autres lignes ne sont ni contrôlées ni importées.")
    if column == ALL_ROWS:
        return {}
    choices = validation.filter_choices(table, column)
    patterns = right.multiselect(
        f"{plain(column)} vaut", list(dict.fromkeys([*saved, *choices])),  # a header of the user's file
        default=saved if column == saved_column else [], key=f"{key}_keep_{column}", accept_new_options=True,
        placeholder="Choisissez ou tapez : 40*, BISCARROSSE…",
        help="Une ou plusieurs valeurs ; * remplace n'importe quelle suite de caractères (« 40* » : tout le "
             "département). Majuscules, accents et tirets ne comptent pas ; un code postal est complété à 5 chiffres "
             "(« 9000 » écrit par Excel est 09000).")
    return {column: patterns} if patterns else {}


def mark_absent_choice(kind: str) -> bool:
    """Whether the businesses a newer list no longer holds are marked « ancien » (never deleted)."""
    return kind == "partenaires" and st.checkbox(
        f"Marquer « {lists.FORMER} » les entreprises que cette liste ne contient plus (aucune n'est supprimée)",
        key="import_mark_absent",
        help="Une liste importée chaque année sous le même nom (sa correspondance enregistrée) signale les "
             "entreprises qu'elle apportait et qu'elle ne contient plus. Cochée, la case les passe au statut "
             "« ancien », qui les sort de l'univers du territoire. « Vérifier » dit lesquelles, sans rien écrire.")


def has_changes(summary: ImportSummary) -> bool:
    return summary.changes is not None and not summary.changes.absent.empty


def changes(summary: ImportSummary) -> None:
    """The businesses the list no longer holds, and what became of them."""
    if not has_changes(summary):
        return
    found = summary.changes
    name, count = plain(found.name), fmt.number(len(found.absent))
    if found.marked:
        st.info(f"{count} entreprise(s) que la liste « {name} » ne contient plus : marquée(s) « {lists.FORMER} », "
                "aucune supprimée.")
    else:
        verb = "seront" if summary.dry_run else "sont"
        st.warning(f"{count} entreprise(s) de la liste « {name} » n'y figurent plus. Elles {verb} gardées telles "
                   f"quelles ; pour les marquer « {lists.FORMER} », cochez la case « Marquer « {lists.FORMER} » … » "
                   "et importez à nouveau.")
    st.dataframe(found.absent.rename(columns={"id": "identifiant", "statut": "statut avant"}), hide_index=True,
                 width="stretch")
