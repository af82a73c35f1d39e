"""The data templates — the public contract for all data in and out — and their reading and validation.

A template file is CSV with `;`, UTF-8 (a BOM is accepted), a header row; numbers with a decimal point
or a decimal comma; lists inside a cell separated by `|`. Headers and codes are matched without regard
to case, accents and spaces ("Filière" = filiere, "Non partenaire" = non_partenaire).

`read_template` returns a clean DataFrame with the database's column names and types, or raises
`TemplateError` listing every problem with its row, column and value, in French.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from otmodel import vocab

LIST_SEPARATOR = "|"
MAX_PROBLEMS_LISTED = 30


@dataclass(frozen=True)
class Column:
    """One column of a template: its type, whether it must be filled, and what it accepts."""

    name: str
    kind: str  # text | integer | number | code | codes | boolean
    description: str
    required: bool = True
    vocabulary: dict[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200


@dataclass(frozen=True)
class Template:
    """A template file: its name (also the import KIND), its columns, and the columns that identify a row."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _money(name: str, description: str, required: bool = True) -> Column:
    return Column(name, "number", description, required=required, minimum=0)


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "structure",
            "La structure (office de tourisme) : une seule ligne.",
            (
                Column("nom", "text", "Nom de la structure"),
                Column("statut_juridique", "code", "Forme juridique", vocabulary=vocab.STATUTS_JURIDIQUES),
                Column("annee", "integer", "Année de référence des données", minimum=1990, maximum=2100),
                _money("objectif", "Objectif budgétaire annuel (€)"),
                Column("base_objectif", "code", "L'objectif porte sur le résultat ou les recettes",
                       vocabulary=vocab.BASES_OBJECTIF),
                _money("cout_horaire", "Coût d'une heure de travail de l'équipe (€)"),
                Column("heures_disponibles", "number", "Heures d'équipe disponibles par an pour les services",
                       minimum=0),
            ),
        ),
        Template(
            "partenaires",
            "Toutes les entreprises connues du territoire, partenaires ou non.",
            (
                Column("id", "text", "Identifiant unique", max_length=64),
                Column("nom", "text", "Nom de l'entreprise"),
                Column("filiere", "code", "Filière", vocabulary=vocab.FILIERES),
                Column("commune", "text", "Commune", required=False),
                Column("capacite", "integer", "Capacité (lits, couverts, places…)", required=False, minimum=0),
                Column("statut", "code", "Statut vis-à-vis de l'office", vocabulary=vocab.STATUTS_PARTENAIRE),
                Column("depuis", "integer", "Partenaire depuis (année)", required=False, minimum=1900,
                       maximum=2100),
                Column("club_pro", "boolean", "Membre du club pro (oui/non)"),
                Column("email", "text", "E-mail (donnée personnelle)", required=False),
            ),
            key=("id",),
        ),
        Template(
            "offres",
            "Les services et packs proposés aux partenaires.",
            (
                Column("id", "text", "Identifiant unique", max_length=64),
                Column("nom", "text", "Nom de l'offre"),
                Column("famille", "code", "Famille", vocabulary=vocab.FAMILLES),
                Column("type", "code", "Service ou pack", vocabulary=vocab.TYPES_OFFRE),
                Column("sphere", "code", "Sphère", vocabulary=vocab.SPHERES),
                _money("prix", "Prix HT par an (€), 0 = gratuit"),
                Column("filieres_cibles", "codes", "Filières visées, séparées par | (vide = toutes)",
                       required=False, vocabulary=vocab.FILIERES),
                _money("cout_fixe", "Coût fixe annuel (€)"),
                _money("cout_unitaire", "Coût direct par souscripteur (€)"),
                Column("heures_fixes", "number", "Heures d'équipe fixes par an", minimum=0),
                Column("heures_unitaires", "number", "Heures d'équipe par souscripteur", minimum=0),
                Column("portage", "code", "Faire, faire faire ou relayer", vocabulary=vocab.PORTAGES),
                Column("alignement", "integer", "Adéquation au projet de territoire (0 à 3)", minimum=0,
                       maximum=3),
                Column("cycle", "code", "Cycle de vie", vocabulary=vocab.CYCLES),
                _money("prix_reference", "Prix de référence (€), facultatif", required=False),
                Column("theme_besoin", "text", "Thème de besoin auquel l'offre répond", required=False),
            ),
            key=("id",),
        ),
        Template(
            "composition_packs",
            "Le contenu de chaque pack.",
            (
                Column("pack_id", "text", "Identifiant du pack (offre de type pack)", max_length=64),
                Column("offre_id", "text", "Identifiant d'une offre contenue", max_length=64),
            ),
            key=("pack_id", "offre_id"),
        ),
        Template(
            "souscriptions",
            "Ce que chaque partenaire a souscrit, par année.",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("offre_id", "text", "Identifiant de l'offre", max_length=64),
                Column("annee", "integer", "Année", minimum=1990, maximum=2100),
                _money("montant", "Montant HT réellement payé (€), 0 si gratuit"),
            ),
            key=("partenaire_id", "offre_id", "annee"),
        ),
        Template(
            "besoins",
            "Réponses à l'enquête sur les besoins des partenaires.",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("theme", "text", "Thème du besoin"),
                Column("importance", "integer", "Importance (1 à 5)", minimum=1, maximum=5),
                Column("satisfaction", "integer", "Satisfaction (1 à 5), facultative", required=False,
                       minimum=1, maximum=5),
                Column("commentaire", "text", "Commentaire libre", required=False, max_length=4000),
            ),
        ),
        Template(
            "prix_acceptables",
            "Réponses sur les prix acceptables (Van Westendorp).",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("offre_id", "text", "Identifiant de l'offre", max_length=64),
                _money("trop_bon_marche", "Prix trop bas pour être crédible (€)"),
                _money("bon_marche", "Prix avantageux (€)"),
                _money("cher", "Prix cher mais envisageable (€)"),
                _money("trop_cher", "Prix trop cher (€)"),
            ),
            key=("partenaire_id", "offre_id"),
        ),
    )
}


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: where (row as numbered in a spreadsheet, column), what, and how to fix."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            where.append(f"valeur « {shown} »")
        prefix = ", ".join(where)
        return f"{prefix} : {self.message}" if prefix else self.message


@dataclass
class TemplateError(Exception):
    """A file that does not fit its template; nothing from it may be written."""

    template: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        shown = self.problems[:MAX_PROBLEMS_LISTED]
        lines = [f"Fichier « {self.template} » refusé, rien n'a été importé ({len(self.problems)} problème(s)) :"]
        lines += [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … et {len(self.problems) - len(shown)} autre(s) problème(s).")
        return "\n".join(lines)


def _decode(raw: bytes, template: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise TemplateError(template, [Problem(None, None, None,
                                           "le fichier n'est pas un texte CSV lisible (fichier binaire ?). "
                                           "Enregistrez-le au format CSV UTF-8 avec « ; » comme séparateur.")])


def _read_cells(source: str | Path | bytes, template: Template) -> pd.DataFrame:
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    text = _decode(raw, template.name)
    if not text.strip():
        raise TemplateError(template.name, [Problem(None, None, None, "le fichier est vide.")])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error as exc:
        raise TemplateError(template.name, [Problem(None, None, None, f"CSV illisible : {exc}.")]) from exc
    header, body = rows[0], rows[1:]
    # Spreadsheets append empty lines; they are not rows.
    numbered = [(i + 2, r) for i, r in enumerate(body) if any(cell.strip() for cell in r)]
    names = [vocab.normalise(h) for h in header]
    problems = _header_problems(names, header, template)
    width = len(header)
    for line, r in numbered:
        if len(r) != width:
            problems.append(Problem(line, None, None,
                                    f"{len(r)} cellules au lieu de {width} : vérifiez le séparateur « ; » "
                                    "et les guillemets."))
    if problems:
        raise TemplateError(template.name, problems)
    frame = pd.DataFrame([r for _, r in numbered], columns=names, dtype=object)
    frame.index = [line for line, _ in numbered]
    return frame


def _header_problems(names: list[str], header: list[str], template: Template) -> list[Problem]:
    problems = []
    expected = set(template.column_names)
    for column in template.columns:
        if column.name not in names:
            problems.append(Problem(1, column.name, None,
                                    f"colonne manquante. En-têtes attendus : {' ; '.join(template.column_names)}."))
    for original, name in zip(header, names, strict=False):
        if name and name not in expected:
            problems.append(Problem(1, original, None, "colonne inconnue de ce modèle : retirez-la ou renommez-la."))
        if names.count(name) > 1 and name in expected:
            problems.append(Problem(1, original, None, "colonne présente deux fois."))
    return problems


def read_template(template_name: str, source: str | Path | bytes) -> pd.DataFrame:
    """Read and validate one template file; returns typed columns in template order, index = file row."""
    template = TEMPLATES[template_name]
    cells = _read_cells(source, template)
    problems: list[Problem] = []
    clean = pd.DataFrame(index=cells.index)
    for column in template.columns:
        values = cells[column.name].fillna("").astype(str).str.strip()
        clean[column.name] = _convert(column, values, problems)
    problems += _duplicate_problems(clean, template)
    if template.name == "structure" and len(clean) != 1:
        problems.append(Problem(None, None, None, f"le fichier structure doit avoir exactement une ligne "
                                                  f"de données ({len(clean)} trouvée(s))."))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, template.column_names.index(p.column)
                                     if p.column in template.column_names else -1))
        raise TemplateError(template.name, problems)
    return clean


def _report(problems: list[Problem], column: Column, values: pd.Series, bad: pd.Series, message: str) -> None:
    for line, value in values[bad].items():
        problems.append(Problem(int(line), column.name, value, message))


def _convert(column: Column, values: pd.Series, problems: list[Problem]) -> pd.Series:
    empty = values == ""
    if column.required:
        _report(problems, column, values, empty, "valeur obligatoire manquante.")
    if column.kind == "text":
        _report(problems, column, values, values.str.len() > column.max_length,
                f"texte trop long (plus de {column.max_length} caractères) : raccourcissez-le.")
        return values.where(~empty, None)
    if column.kind in ("number", "integer"):
        return _convert_number(column, values, empty, problems)
    if column.kind == "boolean":
        folded = values.map(vocab.normalise)
        truth = folded.map(_BOOLEANS)
        _report(problems, column, values, ~empty & truth.isna(), "attendu : oui ou non.")
        return truth.astype(object).where(~empty, None)
    if column.kind == "code":
        lookup = vocab.code_lookup(column.vocabulary)
        codes = values.map(vocab.normalise).map(lookup)
        _report(problems, column, values, ~empty & codes.isna(),
                f"code inconnu. Valeurs possibles : {', '.join(column.vocabulary)}.")
        return codes.astype(object).where(~empty, None)
    if column.kind == "codes":
        lookup = vocab.code_lookup(column.vocabulary)
        parts = values.map(lambda v: [vocab.normalise(x) for x in v.split(LIST_SEPARATOR) if x.strip()])
        unknown = parts.map(lambda xs: any(x not in lookup for x in xs))
        _report(problems, column, values, unknown,
                f"code inconnu dans la liste. Valeurs possibles, séparées par | : {', '.join(column.vocabulary)}.")
        return parts.map(lambda xs: LIST_SEPARATOR.join(dict.fromkeys(lookup.get(x, x) for x in xs)))
    raise ValueError(f"unknown column kind {column.kind}")


_BOOLEANS = {"oui": True, "non": False, "vrai": True, "faux": False, "x": True, "1": True, "0": False,
             "true": True, "false": False, "yes": True, "no": False, "o": True, "n": False}

_NUMBER_NOISE = str.maketrans({" ": "", "\u00a0": "", "\u202f": "", "€": "", "\t": ""})


def _convert_number(column: Column, values: pd.Series, empty: pd.Series, problems: list[Problem]) -> pd.Series:
    numbers = pd.to_numeric(values.str.translate(_NUMBER_NOISE).str.replace(",", ".", regex=False),
                            errors="coerce")
    unreadable = ~empty & numbers.isna()
    _report(problems, column, values, unreadable, "nombre attendu (ex. 1250,50).")
    readable = ~empty & ~unreadable
    if column.kind == "integer":
        _report(problems, column, values, readable & (numbers % 1 != 0), "nombre entier attendu.")
    if column.minimum is not None:
        _report(problems, column, values, readable & (numbers < column.minimum),
                f"doit être supérieur ou égal à {column.minimum:g}.")
    if column.maximum is not None:
        _report(problems, column, values, readable & (numbers > column.maximum),
                f"doit être inférieur ou égal à {column.maximum:g}.")
    if column.kind == "integer":
        return numbers.round().astype("Int64")
    return numbers.astype("Float64")


def _duplicate_problems(clean: pd.DataFrame, template: Template) -> list[Problem]:
    if not template.key:
        return []
    duplicated = clean.duplicated(subset=list(template.key), keep="first")
    label = " + ".join(template.key)
    return [Problem(int(line), label, " / ".join(str(clean.at[line, k]) for k in template.key),
                    "ligne en double (même identifiant qu'une ligne précédente) : fusionnez ou supprimez-la.")
            for line in clean.index[duplicated]]


def write_template(template_name: str, frame: pd.DataFrame, path: str | Path) -> None:
    """Write rows in the template format (`;`, UTF-8, decimal point, lists joined with |)."""
    template = TEMPLATES[template_name]
    out = frame[template.column_names].copy()
    for column in template.columns:
        if column.kind == "boolean":
            out[column.name] = out[column.name].map({True: "oui", False: "non"})
        if column.kind == "integer":
            out[column.name] = pd.to_numeric(out[column.name]).astype("Int64")
        if column.kind == "codes":
            out[column.name] = out[column.name].map(
                lambda v: LIST_SEPARATOR.join(v) if isinstance(v, (list, tuple)) else (v or ""))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
