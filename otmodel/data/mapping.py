"""Mappings: how the columns and values of a foreign file (Tourinsoft export, form, CRM) fill a template.

A mapping names, for template columns, the source column that fills it (`columns`), a constant for the
whole file (`constants`, e.g. statut = non_partenaire) and value translations (`values`, e.g.
filiere: "Hôtellerie" → hebergement; source values are matched without case or accents). Columns not
mentioned are still matched by header name. A list without identifiers gets them built from source columns
(`id_from`), and a national list is cut down to the territory (`keep`: source column → patterns, see
otmodel.data.lists). Mappings are saved by name in the database for next year.

Command-line syntax (see docs/fichiers.md, « Fichiers étrangers : la correspondance »):
    --map id=SyndicObjectID,nom=SyndicObjectName
    --set statut=non_partenaire,club_pro=non
    --values "filiere:Hôtellerie=hebergement;Restauration=restauration"   (repeatable, one per column)
    --id-from "NOM COMMERCIAL,CODE POSTAL"     (or --map id=auto: the columns proposed by lists.suggest_identifier)
    --keep "CODE POSTAL=40*"                   (repeatable: the same column again = or, another column = and)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from otmodel import db, vocab
from otmodel.data.schema import TEMPLATES
from otmodel.data.headers import match_headers
from otmodel.errors import Refused


class MappingError(Refused):
    """A mapping that cannot be used (French message)."""


AUTO = "auto"  # --map id=auto / --id-from auto: the identifier built from the columns otmodel proposes


@dataclass
class Mapping:
    """Template column → source column, constants and value maps for one template."""

    template: str
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    id_from: list[str] = field(default_factory=list)  # source columns the identifier is built from ([AUTO]: proposed)
    keep: dict[str, list[str]] = field(default_factory=dict)  # source column → patterns of the rows to keep

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise MappingError(f"modèle inconnu « {self.template} ». Modèles : {', '.join(TEMPLATES)}.")
        known = TEMPLATES[self.template].column_names
        for name in [*self.columns, *self.constants, *self.values]:
            if name not in known:
                raise MappingError(f"« {name} » n'est pas une colonne du modèle {self.template}. "
                                   f"Colonnes : {', '.join(known)}.")
        if self.columns.get("id") == AUTO:  # --map id=auto: the identifier is built from the proposed columns
            self.columns = {k: v for k, v in self.columns.items() if k != "id"}
            self.id_from = [AUTO]
        if self.id_from:
            if "id" not in known:
                raise MappingError(f"le modèle {self.template} n'a pas de colonne id : il n'y a pas d'identifiant "
                                   "à construire.")
            if "id" in self.columns or "id" in self.constants:
                raise MappingError("l'identifiant vient soit d'une colonne du fichier (--map id=…), soit de "
                                   "colonnes combinées (--id-from), pas des deux.")

    def is_empty(self) -> bool:
        return not (self.columns or self.constants or self.values or self.id_from or self.keep)

    def merged(self, other: Mapping) -> Mapping:
        """This mapping completed or overridden by `other` (command-line options over a saved mapping)."""
        values = {k: dict(v) for k, v in self.values.items()}
        for column, pairs in other.values.items():
            values.setdefault(column, {}).update(pairs)
        columns = {**self.columns, **other.columns}
        id_from = other.id_from or ([] if "id" in other.columns else self.id_from)
        if id_from:
            columns.pop("id", None)
        return Mapping(self.template, columns, {**self.constants, **other.constants}, values, list(id_from),
                       {**self.keep, **other.keep})

    def to_json(self) -> dict:
        return {"template": self.template, "columns": self.columns, "constants": self.constants,
                "values": self.values, "id_from": self.id_from, "keep": self.keep}

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        try:
            return cls(str(data["template"]), dict(data.get("columns", {})), dict(data.get("constants", {})),
                       {k: dict(v) for k, v in data.get("values", {}).items()},
                       [str(c) for c in data.get("id_from", [])],
                       {str(k): [str(p) for p in v] for k, v in data.get("keep", {}).items()})
        except (KeyError, TypeError, AttributeError) as exc:
            raise MappingError("correspondance enregistrée illisible : recréez-la.") from exc


def parse_pairs(text: str | None, option: str) -> dict[str, str]:
    """"a=b,c=d" → {"a": "b", "c": "d"} (the command line's --map and --set)."""
    pairs: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise MappingError(f"{option} : « {part} » n'est pas de la forme colonne_modèle=valeur.")
        pairs[key.strip()] = value.strip()
    return pairs


def parse_values(specs: list[str] | None) -> dict[str, dict[str, str]]:
    """["filiere:Hôtellerie=hebergement;Restauration=restauration"] → {"filiere": {...}}."""
    values: dict[str, dict[str, str]] = {}
    for spec in specs or []:
        column, sep, rest = spec.partition(":")
        if not sep or not column.strip():
            raise MappingError(f"--values : « {spec} » doit être de la forme "
                               "colonne:valeur source=code;autre valeur=code.")
        pairs = values.setdefault(column.strip(), {})
        for part in rest.split(";"):
            if part.strip():
                source, eq, target = part.rpartition("=")
                if not eq or not source.strip():
                    raise MappingError(f"--values : « {part} » n'est pas de la forme valeur source=code.")
                pairs[source.strip()] = target.strip()
    return values


def parse_columns(text: str | None) -> list[str]:
    """"NOM COMMERCIAL, CODE POSTAL" → ["NOM COMMERCIAL", "CODE POSTAL"] (the command line's --id-from)."""
    columns = [part.strip() for part in (text or "").split(",") if part.strip()]
    return [AUTO] if [vocab.normalise(c) for c in columns] == [AUTO] else columns


def parse_keep(specs: list[str] | None) -> dict[str, list[str]]:
    """["CODE POSTAL=40*", "CODE POSTAL=64*"] → {"CODE POSTAL": ["40*", "64*"]} (the command line's --keep)."""
    keep: dict[str, list[str]] = {}
    for spec in specs or []:
        column, sep, pattern = spec.partition("=")
        if not sep or not column.strip() or not pattern.strip():
            raise MappingError(f"--keep : « {spec} » doit être de la forme COLONNE=MOTIF (ex. « CODE POSTAL=40* », "
                               "* remplace n'importe quelle suite de caractères).")
        keep.setdefault(column.strip(), []).append(pattern.strip())
    return keep


def suggest(header: list[str], template_name: str) -> dict[str, str]:
    """Template column → source header recognised by name (what a mapping screen starts from)."""
    found = match_headers(header, TEMPLATES[template_name])
    return {name: header[position] for name, position in found.items()}


def suggest_values(source_values: list[str], template_name: str, column: str) -> dict[str, str]:
    """For a code column, the source values already recognised as codes or labels (the rest needs the user)."""
    vocabulary = next(c.vocabulary for c in TEMPLATES[template_name].columns if c.name == column)
    lookup = vocab.code_lookup(vocabulary or {})
    return {v: lookup[vocab.normalise(v)] for v in source_values if vocab.normalise(v) in lookup}


# --- saved mappings -------------------------------------------------------------------------------

def save(con: duckdb.DuckDBPyConnection, name: str, mapping: Mapping) -> None:
    """Save (or replace) a mapping under a name."""
    name = name.strip()
    if not name or len(name) > 100:
        raise MappingError("nom de correspondance vide ou trop long (100 caractères au plus).")
    with db.transaction(con):
        con.execute("INSERT OR REPLACE INTO import_mappings (name, template, spec, updated_at) "
                    "VALUES (?, ?, ?, current_timestamp)",
                    [name, mapping.template, json.dumps(mapping.to_json(), ensure_ascii=False)])


def load(con: duckdb.DuckDBPyConnection, name: str) -> Mapping:
    row = con.execute("SELECT spec FROM import_mappings WHERE name = ?", [name]).fetchone()
    if row is None:
        known = names(con)
        raise MappingError(f"aucune correspondance enregistrée ne s'appelle « {name} »"
                           + (f" (enregistrées : {', '.join(known)})." if known else "."))
    return Mapping.from_json(json.loads(row[0]))


def names(con: duckdb.DuckDBPyConnection, template: str | None = None) -> list[str]:
    """Saved mapping names, for one template or all."""
    rows = con.execute("SELECT name FROM import_mappings WHERE ? IS NULL OR template = ? ORDER BY name",
                       [template, template]).fetchall()
    return [r[0] for r in rows]


def delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with db.transaction(con):
        con.execute("DELETE FROM import_mappings WHERE name = ?", [name])
