"""Saved scenarios in the database: one row per scenario name, its JSON spec and its decision record.

The spec is the scenario's JSON (the same format as scenario files, export and import); the name is
kept both as the row's key and inside the spec. Every refusal is a ScenarioError with a French message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb

from otmodel import db, vocab
from otmodel.errors import Conflict
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, Scenario, ScenarioError, loads, parse_scenario

MAX_NAME = 120


@dataclass(frozen=True)
class SavedScenario:
    """A saved scenario and its decision record."""

    scenario: Scenario
    author: str = ""
    notes: str = ""
    status: str = "brouillon"  # a code of vocab.STATUTS_SCENARIO
    decision: str = ""  # why it was chosen or dropped
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 0  # grows by one at each save: what a session opened is compared with what is stored
    updated_by: str = ""  # the author typed by whoever saved it last

    @property
    def name(self) -> str:
        return self.scenario.name


# What to do after a conflict, by action: a save offers its two ways out; a rename or a delete writes nothing
# and asks to look at the other person's version first (their work would otherwise vanish unseen).
SAVE_ADVICE = "Enregistrez vos modifications sous un autre nom, ou écrasez sa version."
RENAME_ADVICE = "Il n'est pas renommé : rouvrez sa version pour la voir, puis recommencez."
DELETE_ADVICE = "Rien n'est supprimé : rouvrez sa version pour la voir, puis recommencez."


class ScenarioConflict(ScenarioError, Conflict):
    """Saving over a scenario that another session saved since this one opened it: the choice is the user's
    (save under another name, or overwrite), never a silent overwrite."""

    def __init__(self, name: str, by: str, at: datetime | None, advice: str = SAVE_ADVICE) -> None:
        self.name, self.by, self.at = name, by, at
        when = f" le {at:%d/%m/%Y à %H:%M}" if at else ""
        who = f"« {by} »" if by else "une autre personne"
        super().__init__(f"« {name} » a été modifié par {who}{when} depuis que vous l'avez ouvert. {advice}")


def offer_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM offres").fetchall()}


def names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Saved scenario names, oldest first."""
    return [row[0] for row in con.execute("SELECT name FROM scenarios ORDER BY created_at, name").fetchall()]


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM scenarios WHERE name = ?", [name]).fetchone()[0] > 0


def get(con: duckdb.DuckDBPyConnection, name: str, *, check_offers: bool = True) -> SavedScenario:
    """A saved scenario with its record; ScenarioError when there is none of that name, or (unless not
    `check_offers`) when it names offers the data no longer has."""
    row = con.execute("SELECT spec, author, notes, status, decision, created_at, updated_at, version, updated_by "
                      "FROM scenarios WHERE name = ?", [name]).fetchone()
    if row is None:
        raise ScenarioError(f"Aucun scénario enregistré ne s'appelle « {name} ».")
    spec, author, notes, status, decision, created, updated, version, updated_by = row
    scenario = parse_scenario({**json.loads(spec), "name": name}, offer_ids(con) if check_offers else None)
    return SavedScenario(scenario, author or "", notes or "", status, decision or "", created, updated, version,
                         updated_by or "")


def stamp(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, str, datetime] | None:
    """(version, updated_by, updated_at) of a saved scenario, None when there is none of that name. Reads no
    spec: it works when the scenario no longer fits the data."""
    row = con.execute("SELECT version, updated_by, updated_at FROM scenarios WHERE name = ?", [name]).fetchone()
    return None if row is None else (row[0], row[1] or "", row[2])


def load(con: duckdb.DuckDBPyConnection, name: str) -> Scenario:
    return get(con, name).scenario


def list_saved(con: duckdb.DuckDBPyConnection) -> list[SavedScenario]:
    """Every saved scenario with its record, oldest first."""
    return [get(con, name) for name in names(con)]


def list_usable(con: duckdb.DuckDBPyConnection) -> tuple[list[SavedScenario], dict[str, str]]:
    """The saved scenarios that fit the data, and why each other one does not (after a restore or an import
    that removed offers): a page lists the usable ones and says which are set aside, instead of failing."""
    usable, unusable = [], {}
    for name in names(con):
        try:
            usable.append(get(con, name))
        except ScenarioError as exc:
            unusable[name] = str(exc)
    return usable, unusable


def check_name(name: str) -> str:
    """The name trimmed, or a ScenarioError saying what to change."""
    name = (name or "").strip()
    if not name:
        raise ScenarioError("Donnez un nom au scénario.")
    if len(name) > MAX_NAME:
        raise ScenarioError(f"Le nom du scénario est trop long ({len(name)} caractères, {MAX_NAME} au plus).")
    if name == DEFAULT_SCENARIO_NAME:
        raise ScenarioError(f"« {DEFAULT_SCENARIO_NAME} » désigne l'année de référence : choisissez un autre nom.")
    return name


def save(con: duckdb.DuckDBPyConnection, saved: SavedScenario, *, expected_version: int | None = None,
         by: str | None = None, new: bool = False) -> SavedScenario:
    """Insert the scenario, or update it when its name is already saved (created_at is kept).

    With `expected_version`, an update happens only if the stored version is still that one: otherwise
    ScenarioConflict (who saved it, when). `new`: only insert — a name another session has just taken is
    refused, never overwritten. `by` is recorded as updated_by (default: the author)."""
    name = check_name(saved.name)
    if saved.status not in vocab.STATUTS_SCENARIO:
        raise ScenarioError(f"Statut inconnu « {saved.status} ». Statuts : {', '.join(vocab.STATUTS_SCENARIO)}.")
    scenario = replace(saved.scenario, name=name)
    # Re-parse: what is stored must load again (known offers, valid numbers).
    parse_scenario(scenario.to_json(), offer_ids(con))
    by = (saved.author if by is None else by).strip()
    values = [scenario.dumps(), saved.author.strip(), saved.notes.strip(), saved.status, saved.decision.strip(), by]
    try:
        with db.transaction(con):
            if not new and exists(con, name):
                # The version test is in the UPDATE itself: a save between our read and our write cannot slip by.
                changed = con.execute(
                    "UPDATE scenarios SET spec = ?, author = ?, notes = ?, status = ?, decision = ?, "
                    "updated_by = ?, version = version + 1, updated_at = current_timestamp "
                    "WHERE name = ? AND (? IS NULL OR version = ?)",
                    [*values, name, expected_version, expected_version]).fetchone()[0]
                if not changed:
                    raise _conflict(con, name)
            else:
                con.execute("INSERT INTO scenarios (spec, author, notes, status, decision, updated_by, name) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", [*values, name])
    except duckdb.TransactionException as exc:  # another session wrote the same row at the same moment
        raise _conflict(con, name) from exc
    except duckdb.ConstraintException as exc:  # another session created that name at the same moment
        raise ScenarioError(f"Un scénario s'appelle déjà « {name} » : choisissez un autre nom.") from exc
    return get(con, name)


def _conflict(con: duckdb.DuckDBPyConnection, name: str, advice: str = SAVE_ADVICE) -> ScenarioError:
    # Read on a cursor of its own: the refused write's transaction may be aborted (a conflict inside a larger
    # write), and what counts is what the other session committed.
    with con.cursor() as fresh:
        found = stamp(fresh, name)
    if found is None:
        way_out = " : enregistrez vos modifications sous un autre nom" if advice == SAVE_ADVICE else ""
        return ScenarioError(f"« {name} » vient d'être supprimé ou renommé par une autre personne{way_out}.")
    return ScenarioConflict(name, found[1], found[2], advice)


def refuse_taken(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """ScenarioError when a saved scenario already has that name."""
    if exists(con, name):
        raise ScenarioError(f"Un scénario s'appelle déjà « {name} » : choisissez un autre nom.")


def save_edited(con: duckdb.DuckDBPyConnection, saved: SavedScenario, original: str | None,
                expected_version: int | None = None) -> SavedScenario:
    """Save a scenario edited on the page, opened as `original` (None: a new one) at `expected_version`.

    Saving never renames nor overwrites another scenario: a changed name must go through rename or
    duplicate, a new scenario may not take a saved one's name, and a scenario saved by someone else since it
    was opened raises ScenarioConflict (pass expected_version=None to overwrite knowingly)."""
    name = check_name(saved.name)
    if original and name != original:
        raise ScenarioError(f"Le nom a changé : utilisez « Renommer » pour renommer « {original} », ou "
                            "« Dupliquer » pour en faire une copie.")
    if not original:
        refuse_taken(con, name)
    return save(con, saved, expected_version=expected_version if original else None, new=not original)


def copy_name(original: str, typed: str) -> str:
    """The name of a copy: the name typed when it differs from the original's, else « <original> (copie) »."""
    typed = (typed or "").strip()
    return typed if typed and typed != original else f"{original} (copie)"


def duplicate(con: duckdb.DuckDBPyConnection, name: str, new_name: str) -> SavedScenario:
    """A copy under a new name, as a draft (brouillon) with the same notes and no decision."""
    new_name = check_name(new_name)
    refuse_taken(con, new_name)
    original = get(con, name)
    copy = replace(original, scenario=replace(original.scenario, name=new_name), status="brouillon", decision="",
                   notes=original.notes)
    return save(con, copy, new=True)


def rename(con: duckdb.DuckDBPyConnection, name: str, new_name: str, *,
           expected_version: int | None = None) -> SavedScenario:
    """Change a saved scenario's name (its record and created time are kept).

    With `expected_version` (the version a session opened), ScenarioConflict when another session saved it
    since: nothing is renamed. Without, the version read here is still checked at the write, so a save that
    slips in between is never overwritten by the old spec."""
    new_name = check_name(new_name)
    original = get(con, name)
    if expected_version is not None and original.version != expected_version:
        raise _conflict(con, name, RENAME_ADVICE)
    if new_name == name:
        return original
    refuse_taken(con, new_name)
    spec = replace(original.scenario, name=new_name).dumps()
    try:
        with db.transaction(con):
            changed = con.execute("UPDATE scenarios SET name = ?, spec = ?, version = version + 1, "
                                  "updated_at = current_timestamp WHERE name = ? AND version = ?",
                                  [new_name, spec, name, original.version]).fetchone()[0]
            if not changed:
                raise _conflict(con, name, RENAME_ADVICE)
    except duckdb.TransactionException as exc:  # another session wrote the same row at the same moment
        raise _conflict(con, name, RENAME_ADVICE) from exc
    except duckdb.ConstraintException as exc:  # another session took the new name at the same moment
        raise ScenarioError(f"Un scénario s'appelle déjà « {new_name} » : choisissez un autre nom.") from exc
    return get(con, new_name)


def delete(con: duckdb.DuckDBPyConnection, name: str, *, expected_version: int | None = None) -> None:
    """Delete a saved scenario. With `expected_version` (the version a session opened), ScenarioConflict when
    another session saved it since: nothing is deleted."""
    if not exists(con, name):
        raise ScenarioError(f"Aucun scénario enregistré ne s'appelle « {name} ».")
    try:
        with db.transaction(con):
            # The version test is in the DELETE itself: a save between our read and our write cannot slip by.
            deleted = con.execute("DELETE FROM scenarios WHERE name = ? AND (? IS NULL OR version = ?)",
                                  [name, expected_version, expected_version]).fetchone()[0]
            if not deleted:
                raise _conflict(con, name, DELETE_ADVICE)
    except duckdb.TransactionException as exc:
        raise _conflict(con, name, DELETE_ADVICE) from exc


def export_json(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The saved scenario as a scenario file (JSON, UTF-8)."""
    return load(con, name).dumps()


def import_json(con: duckdb.DuckDBPyConnection, text: str | bytes, *, author: str = "", name: str | None = None,
                replace_existing: bool = False) -> SavedScenario:
    """Save a scenario file's content. Refuses malformed JSON, unknown offers or sectors (French message)
    and, unless `replace_existing`, a name already used."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError("Le fichier n'est pas un texte UTF-8 : exportez-le de nouveau depuis otmodel.") from exc
    scenario = loads(text, offer_ids(con))
    if name:
        scenario = replace(scenario, name=name)
    check_name(scenario.name)
    if not replace_existing:
        refuse_taken(con, scenario.name)
    notes = "Importé d'un fichier JSON."
    return save(con, SavedScenario(scenario, author=author, notes=notes), new=not replace_existing)


def resolve(con: duckdb.DuckDBPyConnection, reference: str) -> Scenario:
    """A scenario from a JSON file path, or else from a saved scenario's name."""
    path = Path(reference)
    if path.suffix.lower() == ".json" or path.is_file():
        if not path.is_file():
            raise ScenarioError(f"Fichier de scénario introuvable : {path}")
        return loads(path.read_bytes().decode("utf-8-sig", errors="replace"), offer_ids(con))
    if not exists(con, reference):
        saved = ", ".join(f"« {n} »" for n in names(con)) or "aucun"
        raise ScenarioError(f"« {reference} » n'est ni un fichier de scénario (.json) ni un scénario enregistré. "
                            f"Scénarios enregistrés : {saved}.")
    return load(con, reference)
