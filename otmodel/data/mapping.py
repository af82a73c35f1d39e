"""Mappings: how the columns and values of a foreign file (Tourinsoft export, form, CRM) fill a template.

A mapping names, for template columns, the source column that fills it (`columns`), a constant for the
whole file (`constants`, e.g. statut = non_partenaire) and value translations (`values`, e.g.
filiere: "Hôtellerie" → hebergement; source values are matched without case or accents). Columns not
mentioned are still matched by header name. Mappings are saved by name in the database for next year.

Command-line syntax (see docs/fichiers.md, « Fichiers étrangers : la correspondance »):
    --map id=SyndicObjectID,nom=SyndicObjectName
    --set statut=non_partenaire,club_pro=non
    --values "filiere:Hôtellerie=hebergement;Restauration=restauration"   (repeatable, one per column)
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


@dataclass
class Mapping:
    """Template column → source column, constants and value maps for one template."""

    template: str
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise MappingError(f"modèle inconnu « {self.template} ». Modèles : {', '.join(TEMPLATES)}.")
        known = TEMPLATES[self.template].column_names
        for name in [*self.columns, *self.constants, *self.values]:
            if name not in known:
                raise MappingError(f"« {name} » n'est pas une colonne du modèle {self.template}. "
                                   f"Colonnes : {', '.join(known)}.")

    def is_empty(self) -> bool:
        return not (self.columns or self.constants or self.values)

    def merged(self, other: Mapping) -> Mapping:
        """This mapping completed or overridden by `other` (command-line options over a saved mapping)."""
        values = {k: dict(v) for k, v in self.values.items()}
        for column, pairs in other.values.items():
            values.setdefault(column, {}).update(pairs)
        return Mapping(self.template, {**self.columns, **other.columns}, {**self.constants, **other.constants},
                       values)

    def to_json(self) -> dict:
        return {"template": self.template, "columns": self.columns, "constants": self.constants,
                "values": self.values}

    @classmethod
    def from_json(cls, data: dict) -> Mapping:
        try:
            return cls(str(data["template"]), dict(data.get("columns", {})), dict(data.get("constants", {})),
                       {k: dict(v) for k, v in data.get("values", {}).items()})
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
