"""Import template files into the database: validate everything first, then write all or nothing.

What an import does to rows already there:
- structure: replaced (one row);
- partenaires, offres: upserted by id (added / updated / unchanged);
- composition_packs: the composition of each pack named in the file is replaced;
- souscriptions: the years contained in the file are replaced;
- besoins, prix_acceptables, reponses_prix: the whole survey is replaced;
- rencontres (the field-listening log), equipe (the team): replaced whole, like a survey.

Columns a file does not have (a Tourinsoft export has no e-mail) keep their values in existing rows, and so does
the statut of a known business when the mapping gives it as a constant: the office's relationship with a business
(partenaire, ancien…) is its own, a list never knows it — the constant only fills the businesses the file adds.
A list followed from year to year (otmodel.data.lists) also reports the businesses it no longer holds.
Every import that writes is recorded in `import_history`.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from otmodel.data import lists
from otmodel.data.mapping import Mapping
from otmodel.data.schema import LIST_SEPARATOR, TEMPLATES
from otmodel.data.validation import Checked, Problem, TemplateError, check_template
from otmodel.db import transaction
from otmodel.format import number


@dataclass
class ImportSummary:
    """What an import wrote (or, in a dry run, would write)."""

    template: str
    rows: int
    added: int
    updated: int
    unchanged: int
    replaced: int = 0
    rejected: int = 0
    dry_run: bool = False
    description: str = ""  # how the file was read (encoding, separator, sheet…)
    ignored: list[str] = field(default_factory=list)  # source columns left aside
    problems: list[Problem] = field(default_factory=list, repr=False)  # why rows were rejected
    rejected_cells: pd.DataFrame | None = field(default=None, repr=False)  # rows to correct, with reasons
    keep: dict[str, list[str]] = field(default_factory=dict)  # the filter applied to the file
    left_out: int = 0  # rows the filter left out
    id_from: list[str] = field(default_factory=list)  # source columns the identifier was built from
    duplicates: int = 0  # rows set aside: their built identifier collides with an earlier row's
    changes: lists.ListChanges | None = None  # businesses the list no longer holds

    def __str__(self) -> str:
        text = f"{self.template} : {number(self.rows)} ligne(s) lue(s)"
        if self.keep:
            text += (f", {number(self.rows - self.left_out)} gardée(s) et {number(self.left_out)} écartée(s) "
                     f"par le filtre « {lists.describe_keep(self.keep)} »")
        text += (f" — {number(self.added)} ajoutée(s), {number(self.updated)} modifiée(s), "
                 f"{number(self.unchanged)} inchangée(s)")
        if self.replaced:
            text += f", {number(self.replaced)} ancienne(s) ligne(s) remplacée(s)"
        if self.rejected:
            text += f", {number(self.rejected)} ligne(s) rejetée(s) à corriger"
        if self.id_from:
            text += f", {number(self.duplicates)} doublon(s) probable(s) mis de côté"
        if self.changes is not None and not self.changes.absent.empty:
            text += f", {self.changes}"
        text += "."
        if self.dry_run:
            text += " Vérification terminée, rien n'a été importé."
        return text


Progress = Callable[[float, str], None]


def _rehearse(con: duckdb.DuckDBPyConnection, writer: Callable, frame: pd.DataFrame) -> ImportSummary:
    """A dry run: the import written on a cursor of its own, in a transaction always rolled back — it never joins
    (nor commits) a write around it, and sees the data as committed."""
    with con.cursor() as scratch:
        scratch.execute("BEGIN TRANSACTION")
        try:
            summary = writer(scratch, frame)
        finally:
            scratch.execute("ROLLBACK")
    summary.dry_run = True
    return summary


def import_file(con: duckdb.DuckDBPyConnection, template_name: str, source: str | Path | bytes, *,
                mapping: Mapping | None = None, sheet: str | None = None, dry_run: bool = False,
                valid_rows_only: bool = False, file_name: str | None = None, author: str | None = None,
                mapping_name: str | None = None, mark_absent: bool = False,
                progress: Progress | None = None) -> ImportSummary:
    """Read, validate and write a file in one transaction. Raises TemplateError, and then writes nothing.

    All or nothing by default; with `valid_rows_only` the valid rows are written and the others come
    back in `ImportSummary.rejected_cells`. Probable duplicates of a built identifier never refuse the file:
    they come back there too. `dry_run` computes the summary and writes nothing. A list of businesses followed
    under `mapping_name` (or its identifier's columns) reports those it no longer holds, marked « ancien » with
    `mark_absent`.
    """
    if template_name not in TEMPLATES:
        raise TemplateError(template_name, [Problem(None, None, template_name,
                                                    f"modèle inconnu. Modèles : {', '.join(TEMPLATES)}.")])
    report = progress or (lambda fraction, message: None)
    report(0.1, "Lecture du fichier…")
    checked = check_template(template_name, source, mapping=mapping, sheet=sheet)
    report(0.5, "Vérification des références entre tables…")
    checked = checked.without(_reference_problems(con, template_name, checked.frame))
    if checked.problems and (not valid_rows_only or checked.frame.empty):
        problems = list(checked.problems)
        if valid_rows_only:
            problems.insert(0, Problem(None, None, None, "aucune ligne valide : rien à importer."))
        raise TemplateError(template_name, problems)
    writer = _WRITERS[template_name]
    followed = lists.list_name(mapping_name, checked.id_from) if template_name == "partenaires" else None
    if followed:
        writer = _following(writer, followed, checked.listed, mark_absent)
    if checked.frame.empty and template_name in REPLACED_WHOLE:
        existing = con.execute(f"SELECT count(*) FROM {template_name}").fetchall()[0][0]
        if existing:
            raise TemplateError(template_name, [Problem(None, None, None, (
                f"aucune ligne de données : importer ce fichier effacerait les {existing} lignes existantes. "
                "Vérifiez que c'est le bon fichier."))])
    report(0.7, "Écriture dans la base…")
    frame = _keep_known_values(con, template_name, checked.frame, _kept_columns(template_name, checked, mapping))
    try:
        if dry_run:
            summary = _rehearse(con, writer, frame)
            _describe(summary, checked)
        else:
            with transaction(con):
                summary = writer(con, frame)
                _describe(summary, checked)
                _record(con, summary, file_name or (None if isinstance(source, bytes) else Path(source).name),
                        author, mapping_name)
    except duckdb.Error as exc:  # rolled back by transaction(); say so instead of a traceback
        raise TemplateError(template_name, [Problem(None, None, None, (
            f"la base a refusé l'écriture ({type(exc).__name__}) : rien n'a été importé. Vérifiez que la base "
            "n'est pas ouverte par un autre programme, puis recommencez."))]) from exc
    report(1.0, "Vérification terminée, rien n'a été importé." if dry_run else "Import terminé.")
    return summary


def _describe(summary: ImportSummary, checked: Checked) -> None:
    """What the summary tells beside the counts: rows read, kept and rejected, probable duplicates, how the file
    was read, what to correct."""
    summary.rows, summary.left_out, summary.keep = checked.read, checked.left_out, checked.keep
    summary.id_from, summary.duplicates = checked.id_from, len(checked.duplicates)
    summary.rejected = len(checked.rejected_rows)
    summary.description, summary.ignored = checked.description, checked.ignored
    if checked.problems or checked.duplicates:
        summary.problems = checked.problems + checked.duplicates
        summary.rejected_cells = checked.rejected_cells()


def _following(writer: Callable, name: str, listed: list[str], mark: bool) -> Callable:
    """The writer, then what the newer list changes: the businesses it no longer holds (see lists.follow)."""
    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        summary = writer(con, frame)
        summary.changes = lists.follow(con, name, listed, list(frame["id"]), mark)
        return summary

    return write


def _kept_columns(template_name: str, checked: Checked, mapping: Mapping | None) -> list[str]:
    """The columns known rows keep: those the file does not have, and a statut given as a constant."""
    kept = [c for c in TEMPLATES[template_name].column_names if c not in checked.provided]
    if mapping is not None and "statut" in mapping.constants:
        kept.append("statut")
    return kept


def _keep_known_values(con: duckdb.DuckDBPyConnection, template_name: str, frame: pd.DataFrame,
                       absent: list[str]) -> pd.DataFrame:
    """Rows already in the table keep their values for the columns `absent` (see `_kept_columns`).

    A Tourinsoft export has no e-mail column: refreshing from it must not erase the e-mails.
    """
    if not absent or template_name not in ("partenaires", "offres") or frame.empty:
        return frame
    # Column and table names come from the template definitions, never from the file.
    existing = con.execute(f"SELECT id, {', '.join(absent)} FROM {template_name} WHERE id IN (SELECT unnest(?))",
                           [list(frame["id"])]).df().set_index("id")
    if existing.empty:
        return frame
    frame = frame.copy()
    found = frame["id"].isin(existing.index)
    for column in absent:
        kept = frame.loc[found, "id"].map(existing[column])
        if column == "filieres_cibles":
            kept = kept.map(lambda v: LIST_SEPARATOR.join(v) if v is not None else "")
        frame[column] = frame[column].astype(object)
        frame.loc[found, column] = kept.astype(object).where(kept.notna(), None)
    return frame


def _record(con: duckdb.DuckDBPyConnection, summary: ImportSummary, file_name: str | None, author: str | None,
            mapping_name: str | None) -> None:
    con.execute(
        "INSERT INTO import_history (id, author, template, file_name, mapping, rows_read, added, updated, "
        "unchanged, replaced, rejected) SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
        "FROM import_history",
        [author or _user(), summary.template, file_name, mapping_name, summary.rows, summary.added,
         summary.updated, summary.unchanged, summary.replaced, summary.rejected])


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def history(con: duckdb.DuckDBPyConnection, limit: int = 100) -> pd.DataFrame:
    """The latest imports, newest first: who, when, which file and mapping, what they did."""
    return con.execute("SELECT * FROM import_history ORDER BY id DESC LIMIT ?", [limit]).df()


# --- references between tables -------------------------------------------------------------------

def _ids(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    return {row[0] for row in con.execute(sql).fetchall()}


def _missing(frame: pd.DataFrame, column: str, known: set[str], message: str) -> list[Problem]:
    unknown = ~frame[column].isin(known)
    return [Problem(int(line), column, str(value), message) for line, value in frame.loc[unknown, column].items()]


def _reference_problems(con: duckdb.DuckDBPyConnection, template_name: str, frame: pd.DataFrame) -> list[Problem]:
    partner_msg = "partenaire inconnu : importez d'abord partenaires.csv ou corrigez l'identifiant."
    offer_msg = "offre inconnue : importez d'abord offres.csv ou corrigez l'identifiant."
    if template_name in ("souscriptions", *SURVEYS):
        problems = _missing(frame, "partenaire_id", _ids(con, "SELECT id FROM partenaires"), partner_msg)
        if "offre_id" in frame:
            problems += _missing(frame, "offre_id", _ids(con, "SELECT id FROM offres"), offer_msg)
        return problems + (_dates_outside_their_year(frame) if template_name == "souscriptions" else [])
    if template_name == "rencontres":
        anonymous = frame["partenaire_id"].isna() & frame["nom"].isna()
        known = frame[frame["partenaire_id"].notna()]
        return ([Problem(int(line), "partenaire_id", None, "donnez l'identifiant de l'entreprise ou, si elle n'est "
                         "pas dans partenaires.csv, son nom (colonne nom).") for line in frame.index[anonymous]]
                + _missing(known, "partenaire_id", _ids(con, "SELECT id FROM partenaires"), partner_msg
                           + " Pour une entreprise non répertoriée, videz l'identifiant et donnez son nom."))
    if template_name == "composition_packs":
        packs = _ids(con, "SELECT id FROM offres WHERE type = 'pack'")
        services = _ids(con, "SELECT id FROM offres WHERE type = 'service'")
        return (_missing(frame, "pack_id", packs, "ce n'est pas une offre de type pack dans offres.csv.")
                + _missing(frame, "offre_id", services,
                           "ce n'est pas une offre de type service dans offres.csv (un pack ne contient "
                           "que des services)."))
    return []


def _dates_outside_their_year(frame: pd.DataFrame) -> list[Problem]:
    """A subscription dated in another year than its own: one of the two is wrong, and the year decides which
    year's figures it counts in — refused rather than guessed."""
    dated = frame[frame["date"].notna()]
    wrong = dated[dated["date"].dt.year != dated["annee"]]
    return [Problem(int(line), "date", f"{row.date:%d/%m/%Y}",
                    f"date hors de l'année {row.annee} de la ligne : corrigez la date ou l'année.")
            for line, row in wrong.iterrows()]


# --- writers --------------------------------------------------------------------------------------

def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, verb: str = "INSERT") -> None:
    """Insert a frame whose columns are the table's; lists travel as |-joined text."""
    columns = list(frame.columns)
    staged = frame.astype(object).where(frame.notna(), None)
    con.register("incoming", staged)
    try:
        select = ", ".join(
            f"CASE WHEN coalesce({c}, '') = '' THEN []::VARCHAR[] ELSE string_split({c}, '{LIST_SEPARATOR}') END"
            if c == "filieres_cibles" else c
            for c in columns
        )
        con.execute(f"{verb} INTO {table} ({', '.join(columns)}) SELECT {select} FROM incoming")
    finally:
        con.unregister("incoming")


def _write_structure(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
    replaced = con.execute("SELECT count(*) FROM structure").fetchone()[0]
    con.execute("DELETE FROM structure")
    _insert(con, "structure", frame)
    return ImportSummary("structure", 1, added=1 - replaced, updated=replaced, unchanged=0)


def _upsert_by_id(table: str):
    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        con.execute(f"CREATE TEMP TABLE before AS SELECT * FROM {table}")
        try:
            _insert(con, table, frame, verb="INSERT OR REPLACE")
            added, unchanged = con.execute(
                f"""SELECT count(*) FILTER (WHERE b.id IS NULL),
                           count(*) FILTER (WHERE b.id IS NOT NULL AND b = t)
                    FROM {table} t LEFT JOIN before b USING (id)
                    WHERE t.id IN (SELECT unnest(?))""",
                [list(frame["id"])],
            ).fetchone()
        finally:
            con.execute("DROP TABLE before")
        return ImportSummary(table, len(frame), added, len(frame) - added - unchanged, unchanged)

    return write


def _replace_where(table: str, column: str):
    """Delete the rows whose `column` value appears in the file, then insert the file."""

    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        values = sorted({v.item() if hasattr(v, "item") else v for v in frame[column]})
        replaced = con.execute(f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT unnest(?))",
                               [values]).fetchone()[0]
        con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [values])
        _insert(con, table, frame)
        return ImportSummary(table, len(frame), len(frame), 0, 0, replaced=replaced)

    return write


def _replace_all(table: str):
    def write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
        replaced = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.execute(f"DELETE FROM {table}")
        _insert(con, table, frame)
        return ImportSummary(table, len(frame), len(frame), 0, 0, replaced=replaced)

    return write


def _write_log(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> ImportSummary:
    """The field-listening log, replaced whole: rows numbered in file order, the sector taken from the
    partner when the file leaves it empty, a follow-up without status counted as « à faire »."""
    frame = frame.assign(statut_suite=frame["statut_suite"].where(
        frame["statut_suite"].notna() | frame["suite"].isna(), "a_faire"))
    summary = _replace_all("rencontres")(con, frame.assign(id=range(1, len(frame) + 1)))
    con.execute("UPDATE rencontres SET filiere = p.filiere FROM partenaires p "
                "WHERE p.id = rencontres.partenaire_id AND rencontres.filiere IS NULL")
    return summary


# Replaced whole by each import: an empty file would erase them, so import_file refuses one.
SURVEYS = ("besoins", "prix_acceptables", "reponses_prix")
REPLACED_WHOLE = (*SURVEYS, "rencontres", "equipe")

_WRITERS = {
    "structure": _write_structure,
    "partenaires": _upsert_by_id("partenaires"),
    "offres": _upsert_by_id("offres"),
    "composition_packs": _replace_where("composition_packs", "pack_id"),
    "souscriptions": _replace_where("souscriptions", "annee"),
    **{survey: _replace_all(survey) for survey in SURVEYS},
    "rencontres": _write_log,
    "equipe": _replace_all("equipe"),
}


def import_folder(con: duckdb.DuckDBPyConnection, folder: str | Path) -> list[ImportSummary]:
    """Import every template file present in a folder, in loading order (used for the demo territories)."""
    folder = Path(folder)
    return [import_file(con, name, folder / TEMPLATES[name].filename)
            for name in TEMPLATES if (folder / TEMPLATES[name].filename).exists()]

