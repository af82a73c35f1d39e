"""Reading any CSV or XLSX against a template, through an optional mapping, and checking every row.

Reading is tolerant (see otmodel.data.reading): `;` `,` or tab, UTF-8/cp1252, XLSX with a title above the
header, "1 250,50 €", "oui"/"x"/"1", dates dd/mm/yyyy where a year is expected. Headers and codes are
matched without regard to case, accents and spaces ("Filière" = filiere, "Non partenaire" = non_partenaire).
A foreign file (a Tourinsoft export, a form) goes through a `Mapping` (otmodel.data.mapping): columns,
constants, value maps.

`read_template` returns a clean DataFrame with the database's column names and types, or raises
`TemplateError` listing every problem with its row, column and value, in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from otmodel import vocab
from otmodel.data import lists, reading
from otmodel.data.headers import REJECT_COLUMN, find_source, match_headers
from otmodel.data.mapping import AUTO, Mapping
from otmodel.data.schema import LIST_SEPARATOR, TEMPLATES, Column, Template
from otmodel.errors import Refused

MAX_PROBLEMS_LISTED = 30
MISSING = "valeur obligatoire manquante."
_NEUTRALISED = r"^'(?='*[=+\-@\t\r])"  # the apostrophe our exports put before formula-like text


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
class TemplateError(Refused):
    """A file that does not fit its template; nothing from it may be written."""

    template: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Fichier « {self.template} » refusé, rien n'a été importé ({len(self.problems)} problème(s)) :"]
        return "\n".join(lines + [f"  - {line}" for line in grouped(self.problems)])


def grouped(problems: list[Problem], limit: int = MAX_PROBLEMS_LISTED) -> list[str]:
    """Problems as French lines, the same problem on many rows said once ("lignes 2, 11, 20…")."""
    groups: dict[tuple, list[int | None]] = {}
    for p in problems:
        groups.setdefault((p.column, p.value, p.message), []).append(p.row)
    lines = []
    for (column, value, message), rows in groups.items():
        if len(rows) == 1:
            lines.append(str(Problem(rows[0], column, value, message)))
            continue
        listed = ", ".join(str(r) for r in rows[:8]) + ("…" if len(rows) > 8 else "")
        tail = str(Problem(None, column, value, message))
        lines.append(f"lignes {listed} ({len(rows)} lignes), {tail}")
    if len(lines) > limit:
        lines = [*lines[:limit], f"… et {len(lines) - limit} autre(s) problème(s)."]
    return lines



@dataclass
class Checked:
    """A file read against a template: the valid rows (typed) and every row-level problem."""

    template: str
    frame: pd.DataFrame  # valid rows only, template columns, index = file row
    problems: list[Problem]
    cells: pd.DataFrame  # every data row kept by the filter, as read, original headers, index = file row
    description: str = ""
    ignored: list[str] = field(default_factory=list)  # source columns not used
    provided: list[str] = field(default_factory=list)  # template columns the file (or mapping) fills
    duplicates: list[Problem] = field(default_factory=list)  # rows whose built identifier collides: set aside
    read: int = 0  # data rows in the file, before the filter
    id_from: list[str] = field(default_factory=list)  # source columns the identifier was built from
    keep: dict[str, list[str]] = field(default_factory=dict)  # the filter applied
    listed: list[str] = field(default_factory=list)  # every identifier of the kept rows, rows set aside included

    @property
    def left_out(self) -> int:
        """Rows the filter left out."""
        return self.read - len(self.cells)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    def rejected_cells(self) -> pd.DataFrame:
        """The rejected rows (and probable duplicates) as they were read, with a column saying what to fix."""
        reasons = self.problems + self.duplicates
        rows = sorted({p.row for p in reasons if p.row is not None})
        out = self.cells.loc[rows].copy()
        messages: dict[int, list[str]] = {}
        for p in reasons:
            if p.row is not None:
                messages.setdefault(p.row, []).append(f"{p.column or ''} : {p.message}".strip(" :"))
        out[REJECT_COLUMN] = [" / ".join(messages[r]) for r in rows]
        return out

    def without(self, problems: list[Problem]) -> Checked:
        """The same check with more row problems (e.g. broken references): their rows leave the frame."""
        rows = {p.row for p in problems}
        return replace(self, frame=self.frame.drop(index=[r for r in rows if r in self.frame.index]),
                       problems=self.problems + problems)


def _fail(template: str, message: str, row: int | None = None, column: str | None = None) -> TemplateError:
    return TemplateError(template, [Problem(row, column, None, message)])


def read_raw(template_name: str, source: str | Path | bytes, *, sheet: str | None = None) -> reading.RawTable:
    """The file's cells, the header row (and sheet) being the one that names most template columns.

    Raises reading.UnreadableFile. This is what a preview shows, and what `check_template` validates.
    """
    template = TEMPLATES[template_name]
    return reading.read_table(source, sheet=sheet,
                              header_score=lambda cells: len(match_headers(cells, template)) * 100
                              + sum(1 for c in cells if c.strip()))


def check_template(template_name: str, source: str | Path | bytes, *, mapping: Mapping | None = None,
                   sheet: str | None = None) -> Checked:
    """Read any CSV/XLSX against a template, through an optional mapping, and check every row.

    The mapping's filter first keeps the territory's rows (the others are neither checked nor imported), then
    its identifier is built from source columns where it says so. Raises TemplateError for what makes the whole
    file unusable (unreadable, missing column, wrong structure, no row kept); row problems are returned in
    `Checked.problems`, probable duplicates of a built identifier in `Checked.duplicates`, and their rows left
    out of the frame.
    """
    template = TEMPLATES[template_name]
    try:
        table = read_raw(template_name, source, sheet=sheet)
    except reading.UnreadableFile as exc:
        raise _fail(template.name, str(exc)) from exc
    selected = select_rows(table, template_name, mapping)
    cells, id_from, keep, built = selected.cells, selected.id_from, selected.keep, selected.identifiers
    staged, ignored, provided = _stage(table, cells, template, mapping, built, [*id_from, *keep])
    clean, problems = _validate(staged, template)
    duplicates = _duplicate_problems(clean, template, built=built is not None)
    if built is None:
        problems, duplicates = problems + duplicates, []
    else:
        problems = [_unbuildable(p, id_from) for p in problems]
    problems += [Problem(line, None, None, "plus de cellules remplies que d'en-têtes : vérifiez le séparateur "
                         "et les guillemets.") for line in table.overflow if line in cells.index]
    if template.name == "structure" and len(staged) != 1:
        raise _fail(template.name, f"le fichier structure doit avoir exactement une ligne de données "
                                   f"({len(staged)} trouvée(s)).")
    order = template.column_names
    problems.sort(key=lambda p: (p.row or 0, order.index(p.column) if p.column in order else -1))
    cells.columns = _unique_headers(table.header)
    bad = {p.row for p in problems + duplicates}
    listed = sorted(set(staged["id"].str.strip()) - {""}) if "id" in staged else []
    return Checked(template.name, clean.drop(index=[r for r in bad if r in clean.index]), problems, cells,
                   table.describe(), ignored, provided, duplicates, len(table.rows), id_from, keep, listed)


@dataclass
class Selection:
    """The rows of a file an import reads: those the mapping's filter keeps, with their built identifiers."""

    cells: pd.DataFrame  # kept rows, columns = header positions, index = file row
    read: int  # data rows in the file
    id_from: list[str]  # source columns of the identifier (« auto » resolved); none: the file's own
    keep: dict[str, list[str]]
    identifiers: pd.Series | None  # the built identifier of each kept row

    @property
    def duplicates(self) -> int:
        """Rows whose built identifier an earlier row already has (probable duplicates)."""
        if self.identifiers is None:
            return 0
        return int(self.identifiers[self.identifiers != ""].duplicated().sum())


def select_rows(table: reading.RawTable, template_name: str, mapping: Mapping | None) -> Selection:
    """The mapping's filter and identifier applied to a file: what the preview shows before anything is written,
    and what `check_template` then checks. Raises TemplateError (a column missing, no row kept)."""
    template = TEMPLATES[template_name]
    cells = pd.DataFrame(table.rows, columns=range(len(table.header)), dtype=object, index=table.lines)
    id_from, keep = _list_options(table, template, mapping)
    if keep:
        cells = cells[lists.kept(cells, table.header, keep)]
        if cells.empty and table.rows:
            raise _fail(template.name, _nothing_kept(table, keep))
    built = lists.identifiers(cells, table.header, id_from) if id_from else None
    return Selection(cells, len(table.rows), id_from, keep, built)


def filter_choices(table: reading.RawTable, column: str) -> list[str]:
    """What the territory filter can keep in a column of the file (see lists.choices)."""
    cells = pd.DataFrame(table.rows, columns=range(len(table.header)), dtype=object)
    return lists.choices(lists.filter_values(cells, table.header, column), column)


def _list_options(table: reading.RawTable, template: Template,
                  mapping: Mapping | None) -> tuple[list[str], dict[str, list[str]]]:
    """The source columns of the identifier (those proposed, for « auto ») and the filter, checked on the file."""
    if mapping is None:
        return [], {}
    id_from = mapping.id_from
    if id_from == [AUTO]:
        id_from = lists.suggest_identifier(table.header, template.name, mapping.columns)
        if not id_from:
            raise _fail(template.name, "aucune colonne SIRET, nom, code postal ou commune reconnue pour construire "
                                       "l'identifiant : nommez les colonnes à combiner (--id-from \"COL1,COL2\").")
    missing = [c for c in [*id_from, *mapping.keep] if find_source(table.header, c) is None]
    if missing:
        raise TemplateError(template.name, [Problem(table.header_line, c, None, (
            f"colonne source introuvable (identifiant ou filtre). Colonnes du fichier : "
            f"{' ; '.join(h for h in table.header if h)}.")) for c in missing])
    return id_from, mapping.keep


def _nothing_kept(table: reading.RawTable, keep: dict[str, list[str]]) -> str:
    cells = pd.DataFrame(table.rows, columns=range(len(table.header)), dtype=object)
    column = next(iter(keep))
    values = lists.filter_values(cells, table.header, column)
    examples = ", ".join(list(dict.fromkeys(v for v in values if v))[:6])
    return (f"aucune des {len(table.rows)} lignes ne correspond au filtre « {lists.describe_keep(keep)} » : "
            f"vérifiez la colonne et le motif (* remplace n'importe quelle suite de caractères). "
            f"Valeurs de « {column} » dans le fichier : {examples}…")


def _unbuildable(problem: Problem, id_from: list[str]) -> Problem:
    """An empty built identifier: say which columns were empty, rather than « id missing »."""
    if problem.column != "id" or problem.message != MISSING:
        return problem
    return Problem(problem.row, "id", None, f"identifiant impossible à construire : les colonnes "
                                            f"{' + '.join(id_from)} sont vides sur cette ligne.")


def _unique_headers(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def _stage(table: reading.RawTable, cells: pd.DataFrame, template: Template, mapping: Mapping | None,
           built: pd.Series | None = None, also_used: list[str] = ()) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Text cells under the template's column names: built (the identifier), mapped, constant or matched by
    header. `also_used`: source columns read for the identifier or the filter (not « ignored »)."""
    header = table.header
    line = table.header_line
    mapped: dict[str, int] = {}
    problems: list[Problem] = []
    constants = dict(mapping.constants) if mapping else {}
    for name, source in (mapping.columns.items() if mapping else ()):
        position = find_source(header, source)
        if position is None:
            problems.append(Problem(line, source, None, f"colonne source introuvable pour « {name} ». Colonnes "
                                    f"du fichier : {' ; '.join(h for h in header if h)}."))
        else:
            mapped[name] = position
    automatic = match_headers(header, template)
    for name, position in automatic.items():
        if name not in mapped and name not in constants and not (name == "id" and built is not None):
            mapped[name] = position
    used = set(mapped.values()) | {find_source(header, c) for c in also_used}
    ignored = [h for i, h in enumerate(header) if i not in used and h and vocab.normalise(h) != REJECT_COLUMN]
    if mapping is None:
        problems += [Problem(line, h, None, "colonne inconnue de ce modèle : retirez-la, renommez-la, ou "
                             "associez-la à une colonne du modèle (correspondance).") for h in ignored]
        for h in set(header):
            if h and header.count(h) > 1 and header.index(h) in used:
                problems.append(Problem(line, h, None, "colonne présente deux fois."))
    staged = pd.DataFrame(index=cells.index)
    for column in template.columns:
        if column.name == "id" and built is not None:
            staged["id"] = built
        elif column.name in constants:
            staged[column.name] = str(constants[column.name])
        elif column.name in mapped:
            values = cells[mapped[column.name]].fillna("").astype(str)
            value_map = mapping.values.get(column.name) if mapping else None
            staged[column.name] = _map_values(values, value_map) if value_map else values
        elif column.required and column.default is None:
            problems.append(Problem(line, column.name, None,
                                    f"colonne manquante ({column.description}). En-têtes attendus : "
                                    f"{' ; '.join(template.column_names)}."))
    if problems:
        raise TemplateError(template.name, problems)
    provided = [c for c in template.column_names if c in staged.columns]
    for column in template.columns:  # absent optional columns: empty (or default), not "provided"
        if column.name not in staged:
            staged[column.name] = column.default or ""
    return staged[template.column_names], ignored, provided


def _map_values(values: pd.Series, value_map: dict[str, str]) -> pd.Series:
    """Replace source values (matched without case/accents) by template values; others pass unchanged."""
    folded = {vocab.normalise(k): v for k, v in value_map.items()}
    uniques = {u: folded.get(vocab.normalise(u), u) for u in values.unique()}
    return values.map(uniques)


def read_template(template_name: str, source: str | Path | bytes, *, mapping: Mapping | None = None,
                  sheet: str | None = None) -> pd.DataFrame:
    """Read and validate one file; returns typed columns in template order, index = file row.

    All or nothing: any problem raises TemplateError listing every problem.
    """
    checked = check_template(template_name, source, mapping=mapping, sheet=sheet)
    if checked.problems:
        raise TemplateError(template_name, checked.problems)
    return checked.frame


def _validate(staged: pd.DataFrame, template: Template) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    clean = pd.DataFrame(index=staged.index)
    for column in template.columns:
        values = staged[column.name].fillna("").astype(str).str.strip()
        if values.str.startswith("'").any():
            values = values.str.replace(_NEUTRALISED, "", regex=True)
        if column.default is not None:
            values = values.where(values != "", column.default)
        clean[column.name] = _convert(column, values, problems)
    return clean, problems


def _report(problems: list[Problem], column: Column, values: pd.Series, bad: pd.Series, message: str) -> None:
    for line, value in values[bad].items():
        problems.append(Problem(int(line), column.name, value, message))


def _fold(values: pd.Series) -> pd.Series:
    """vocab.normalise over each distinct value only (files repeat the same few codes)."""
    return values.map({u: vocab.normalise(u) for u in values.unique()})


def _convert(column: Column, values: pd.Series, problems: list[Problem]) -> pd.Series:
    empty = values == ""
    if column.kind in ("number", "integer"):
        empty |= _not_given(values)
    if column.required:
        _report(problems, column, values, empty, MISSING)
    if column.kind == "text":
        _report(problems, column, values, values.str.len() > column.max_length,
                f"texte trop long (plus de {column.max_length} caractères) : raccourcissez-le.")
        return values.astype(object).where(~empty, None)
    if column.kind in ("number", "integer"):
        return _convert_number(column, values, empty, problems)
    if column.kind == "date":
        return _convert_date(column, values, empty, problems)
    if column.kind == "boolean":
        truth = _fold(values).map(_BOOLEANS)
        _report(problems, column, values, ~empty & truth.isna(), "attendu : oui ou non (ou vrai/faux, x, 1/0).")
        return truth.astype(object).where(~empty, None)
    if column.kind == "code":
        lookup = vocab.code_lookup(column.vocabulary)
        codes = _fold(values).map(lookup)
        _report(problems, column, values, ~empty & codes.isna(),
                f"code inconnu : corrigez-le ou traduisez-le (correspondance de valeurs). Valeurs possibles : "
                f"{', '.join(column.vocabulary)} (ou leurs libellés).")
        return codes.astype(object).where(~empty, None)
    if column.kind == "codes":
        lookup = vocab.code_lookup(column.vocabulary)
        split = {u: [vocab.normalise(x) for x in re.split(r"[|;,]", u) if x.strip()] for u in values.unique()}
        parts = values.map(split)
        unknown = parts.map(lambda xs: any(x not in lookup for x in xs))
        _report(problems, column, values, unknown,
                f"code inconnu dans la liste. Valeurs possibles, séparées par | : {', '.join(column.vocabulary)}.")
        return parts.map(lambda xs: LIST_SEPARATOR.join(dict.fromkeys(lookup.get(x, x) for x in xs)))
    raise ValueError(f"unknown column kind {column.kind}")


_BOOLEANS = {"oui": True, "non": False, "vrai": True, "faux": False, "x": True, "1": True, "0": False,
             "true": True, "false": False, "yes": True, "no": False, "o": True, "n": False}

_NUMBER_NOISE = str.maketrans({" ": "", "\u00a0": "", "\u202f": "", "€": "", "%": "", "\t": ""})
_DATE = r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
_ISO_DATE = r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$"


# Where a number is expected, a cell saying « no figure »: a dash or other sign alone, « NC » (non communiqué),
# « ND », « NR », « N/C », or those words in full. Public lists write them in empty capacities.
_NOT_GIVEN = r"(?i)[\W_]+|n\.?\s?[cdr]\.?|n/[cdr]|non\s+(?:communiqu[ée]e?s?|renseign[ée]e?s?|disponibles?)"


def _not_given(values: pd.Series) -> pd.Series:
    """Cells to read as empty where a number is expected (« - », « NC »…): not a number, but not an error."""
    return values.str.fullmatch(_NOT_GIVEN)


def _numbers(values: pd.Series) -> pd.Series:
    """French-written numbers: "1 250,50 €", "12,5 %", "1.250,50", "180 € HT" → floats (NaN if unreadable)."""
    text = values.str.translate(_NUMBER_NOISE).str.replace(r"(?i)(eur(os?)?)?(ht|ttc)?$", "", regex=True)
    comma, point = text.str.rfind(","), text.str.rfind(".")
    both = (comma >= 0) & (point >= 0)
    # With both marks the last one is the decimal mark: "1.250,50" (French) or "1,250.50" (English).
    text = text.mask(both & (comma > point), text.str.replace(".", "", regex=False))
    text = text.mask(both & (point > comma), text.str.replace(",", "", regex=False))
    return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")


def _convert_number(column: Column, values: pd.Series, empty: pd.Series, problems: list[Problem]) -> pd.Series:
    if column.kind == "integer" and (column.minimum or 0) >= 1900 and values.str.contains("/|-", regex=True).any():
        # A year column also accepts a date (dd/mm/yyyy or yyyy-mm-dd): its year is kept.
        year = values.str.extract(_DATE)[2].fillna(values.str.extract(_ISO_DATE)[0])
        values = year.fillna(values)
    numbers = _numbers(values)
    huge = numbers.abs().ge(1e15)  # also inf: "1e400" or "inf" must not become a price
    unreadable = ~empty & (numbers.isna() | huge)
    _report(problems, column, values, ~empty & numbers.isna(), "nombre attendu (ex. 1250,50).")
    _report(problems, column, values, huge, "nombre démesuré : vérifiez la valeur.")
    readable = ~empty & ~unreadable
    if column.kind == "integer":
        _report(problems, column, values, readable & (numbers % 1 != 0), "nombre entier attendu.")
    if column.minimum is not None:
        _report(problems, column, values, readable & (numbers < column.minimum),
                f"doit être supérieur ou égal à {column.minimum:g}.")
    if column.maximum is not None:
        _report(problems, column, values, readable & (numbers > column.maximum),
                f"doit être inférieur ou égal à {column.maximum:g}.")
    numbers = numbers.where(~unreadable)
    if column.kind == "integer":
        return numbers.round().astype("Int64")
    return numbers.astype("Float64")


def _convert_date(column: Column, values: pd.Series, empty: pd.Series, problems: list[Problem]) -> pd.Series:
    french = values.str.extract(_DATE)
    iso = values.str.extract(_ISO_DATE)
    text = (french[2] + "-" + french[1].str.zfill(2) + "-" + french[0].str.zfill(2)).fillna(
        iso[0] + "-" + iso[1] + "-" + iso[2])
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    _report(problems, column, values, ~empty & dates.isna(), "date attendue au format jj/mm/aaaa.")
    return dates


def _duplicate_problems(clean: pd.DataFrame, template: Template, *, built: bool = False) -> list[Problem]:
    """Rows repeating the key of an earlier row. With a built identifier they are probable duplicates (the
    same business listed twice, or two businesses the chosen columns do not tell apart): the first is kept."""
    if not template.key or not set(template.key) <= set(clean.columns):
        return []
    if built:
        named = clean[clean["id"].notna()]
        first = named.index.to_series().groupby(named["id"]).transform("first")
        return [Problem(int(line), "id", str(named.at[line, "id"]), (
            f"doublon probable : même identifiant construit que la ligne {first[line]}. Si c'est la même entreprise, "
            "laissez cette ligne de côté ; sinon ajoutez une colonne à l'identifiant (ex. l'adresse) et importez "
            "à nouveau tout le fichier.")) for line in named.index[named.duplicated(subset=["id"], keep="first")]]
    duplicated = clean.duplicated(subset=list(template.key), keep="first")
    label = " + ".join(template.key)
    return [Problem(int(line), label, " / ".join(str(clean.at[line, k]) for k in template.key),
                    "ligne en double (même identifiant qu'une ligne précédente) : fusionnez ou supprimez-la.")
            for line in clean.index[duplicated]]
