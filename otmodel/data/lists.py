"""Real territory lists: files without identifiers, national lists cut down to the territory, yearly refreshes.

- **Identifiers built from columns** (`identifiers`): each part folded (case, accents, spaces, punctuation), a
  postcode padded to 5 digits, a SIRET or SIREN reduced to its digits, the parts joined by « - ». The same row
  gives the same identifier next year, so a newer list updates the businesses it brought instead of doubling
  them. A SIRET (else SIREN) column is proposed first (`suggest_identifier`).
- **The territory kept** (`kept`): a column's values against patterns where `*` stands for any text, compared
  without case, accents or punctuation; a postcode column is padded first, since Excel writes « 9000 » for
  « 09000 ».
- **What a newer list changes** (`ListChanges`): a list is imported each year under the same name (its saved
  mapping); the businesses it brought before and no longer holds are reported — and marked « ancien » only
  when asked, never deleted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.data.headers import find_source, match_headers
from otmodel.data.schema import TEMPLATES

ID_SEPARATOR = "-"
WILDCARD = "*"
FORMER = vocab.FORMER_PARTNER
_POSTCODE_HEADERS = {"code_postal", "codepostal", "cp", "code_postale", "postcode", "postal_code", "zip", "zip_code"}
_COMPANY_NUMBERS = ("siret", "siren")  # SIRET first: it names an establishment, SIREN the whole company
_HASH_LENGTH = 8


def is_postcode(header: str) -> bool:
    """A postcode column: « CODE POSTAL », « CodePostal », « CP »…"""
    return vocab.normalise(header) in _POSTCODE_HEADERS


def company_number_kind(header: str) -> str | None:
    """« siret » or « siren » for a column holding that number (« N° SIRET », « siren_etablissement »), else None."""
    words = vocab.normalise(header).split("_")
    return next((kind for kind in _COMPANY_NUMBERS if kind in words), None)


def padded_postcodes(values: pd.Series) -> pd.Series:
    """« 9000 » → « 09000 »: the leading zero Excel drops from a postcode it took for a number."""
    values = values.str.strip()
    return values.mask(values.str.fullmatch(r"\d{4}"), "0" + values)


def suggest_identifier(header: list[str], template_name: str, columns: dict[str, str] | None = None) -> list[str]:
    """The source columns proposed to build the identifier: a SIRET (else SIREN) column alone; else the name with
    the postcode, else with the commune. `columns`: the mapping's template column → source column, if any."""
    for kind in _COMPANY_NUMBERS:
        numbers = [h for h in header if company_number_kind(h) == kind]
        if numbers:
            return numbers[:1]
    found = {name: header[position] for name, position in match_headers(header, TEMPLATES[template_name]).items()}
    found.update(columns or {})
    name = found.get("nom")
    place = next((h for h in header if is_postcode(h)), None) or found.get("commune")
    return [c for c in (name, place) if c]


def _folded_part(values: pd.Series, header: str) -> pd.Series:
    if company_number_kind(header):
        return values.str.replace(r"\D", "", regex=True)
    if is_postcode(header):
        return padded_postcodes(values)
    return values.map({u: vocab.normalise(u) for u in values.unique()})


def identifiers(cells: pd.DataFrame, header: list[str], id_from: list[str]) -> pd.Series:
    """The identifier of each row built from the source columns `id_from` (positions of `cells` = of `header`).

    « Camping Bellevue » / « 9000 » → « camping_bellevue-09000 ». An identifier longer than the template allows
    keeps its beginning and ends with a short hash of the whole, so it stays unique and the same every year.
    A row whose columns are all empty gets « » (reported by the caller).
    """
    parts = [_folded_part(cells[find_source(header, c)].fillna("").astype(str), c) for c in id_from]
    built = parts[0].str.cat(parts[1:], sep=ID_SEPARATOR) if len(parts) > 1 else parts[0]
    built = built.where(pd.concat(parts, axis=1).ne("").any(axis=1), "")
    limit = next(c.max_length for c in TEMPLATES["partenaires"].columns if c.name == "id")
    long = built.str.len() > limit
    if long.any():
        built = built.mask(long, built[long].map(lambda text: _shortened(text, limit)))
    return built


def _shortened(text: str, limit: int) -> str:
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    return f"{text[:limit - _HASH_LENGTH - 1]}{ID_SEPARATOR}{digest}"


# --- the territory kept ---------------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Lower case, no accents, every run of other characters than letters and digits as one « _ »."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", "_", plain)


def _regex(pattern: str) -> str:
    """A pattern as a regular expression over folded values: « SAINT-* » → « saint_.* » (not « saintes »)."""
    return ".*".join(re.escape(_fold(piece)) for piece in pattern.strip().split(WILDCARD))


def kept(cells: pd.DataFrame, header: list[str], keep: dict[str, list[str]]) -> pd.Series:
    """Which rows the filter keeps: for every column named, a value matching one of its patterns."""
    mask = pd.Series(True, index=cells.index)
    for column, patterns in keep.items():
        values = filter_values(cells, header, column)
        folded = values.map({u: _fold(u) for u in values.unique()})
        mask &= folded.str.fullmatch("|".join(f"(?:{_regex(p)})" for p in patterns))
    return mask


def filter_values(cells: pd.DataFrame, header: list[str], column: str) -> pd.Series:
    """A column's values as the filter compares them (a postcode padded to 5 digits)."""
    values = cells[find_source(header, column)].fillna("").astype(str).str.strip()
    return padded_postcodes(values) if is_postcode(column) else values


def choices(values: pd.Series, column: str) -> list[str]:
    """What a filter can keep in a column (`values` as `filter_values` gives them): for a postcode, each
    département (« 40* », « 971* » overseas) then each postcode; for any other column, each distinct value."""
    distinct = sorted(set(values) - {""})
    if not is_postcode(column):
        return distinct
    departements = {f"{v[:3] if v[:2] in ('97', '98') else v[:2]}{WILDCARD}" for v in distinct if len(v) == 5}
    return sorted(departements) + distinct


def describe_keep(keep: dict[str, list[str]]) -> str:
    """« CODE POSTAL = 40* ou 64* ; COMMUNE = DAX »."""
    return " ; ".join(f"{column} = {' ou '.join(patterns)}" for column, patterns in keep.items())


# --- what a newer list changes ------------------------------------------------------------------------------

def list_name(mapping_name: str | None, id_from: list[str]) -> str | None:
    """The name a list is followed under from year to year: its saved mapping's, else how its identifier is
    built; None for a file with its own identifiers imported without a saved mapping (nothing to follow)."""
    if mapping_name:
        return mapping_name
    return f"identifiant {' + '.join(id_from)}" if id_from else None


@dataclass
class ListChanges:
    """The businesses a list brought in an earlier import and no longer holds."""

    name: str
    absent: pd.DataFrame  # id, nom, commune, statut (before any marking)
    marked: bool = False  # whether they were marked « ancien »

    def __str__(self) -> str:
        fate = f"marquée(s) « {FORMER} »" if self.marked else "inchangée(s)"
        return f"{len(self.absent)} absente(s) de la liste « {self.name} », {fate}"


def follow(con: duckdb.DuckDBPyConnection, name: str, listed: list[str], written: list[str],
           mark: bool) -> ListChanges:
    """Inside the import's transaction: the businesses the list brought before and that it no longer holds
    (`listed`: every identifier of the file, rows set aside included), optionally marked « ancien »; then the
    list remembers the businesses just `written`. Former businesses are not reported again."""
    absent = con.execute(
        "SELECT p.id, p.nom, p.commune, p.statut FROM list_members m JOIN partenaires p ON p.id = m.partenaire_id "
        "WHERE m.list_name = ? AND p.statut <> ? AND p.id NOT IN (SELECT unnest(?::VARCHAR[])) ORDER BY p.nom, p.id",
        [name, FORMER, listed]).df()
    if mark and not absent.empty:
        con.execute("UPDATE partenaires SET statut = ? WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [FORMER, list(absent["id"])])
    con.execute("INSERT OR IGNORE INTO list_members SELECT ?, unnest(?::VARCHAR[])", [name, written])
    return ListChanges(name, absent, marked=mark and not absent.empty)
