"""Read a table file as French offices produce it — CSV or XLSX — into rows of text cells.

Tolerant by design: the file type is recognised from its content (not its extension); for CSV the
encoding (UTF-8 with or without BOM, UTF-16 « texte Unicode » from Excel, cp1252/latin-1) and the
separator (`;`, tab or `,`) are detected; for XLSX the values of formulas are read, the sheet can be
chosen and the header row need not be the first one. Cells come out as text (numbers written with a
decimal point, dates as dd/mm/yyyy) so that one validation path serves every format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from otmodel import vocab
from otmodel.errors import Refused

DEFAULT_MAX_MB = 50
HEADER_SEARCH_ROWS = 20  # title lines above the header in spreadsheets are rarely more than a few
SEPARATORS = (";", "\t", ",")
SEPARATOR_NAMES = {";": "point-virgule", "\t": "tabulation", ",": "virgule"}

csv.field_size_limit(10_000_000)  # long cells are refused later with a clear message, not by csv


class UnreadableFile(Refused):
    """The file cannot be read as a table at all; the message (French) says why and what to do."""


@dataclass
class RawTable:
    """The cells of one table: header as written, data rows padded to the header's width."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # row number of each data row as a spreadsheet shows it (header row included)
    header_line: int = 1
    file_type: str = "csv"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    overflow: list[int] = field(default_factory=list)  # rows with more filled cells than headers

    def describe(self) -> str:
        """One French line: how the file was understood."""
        if self.file_type == "xlsx":
            return f"Classeur Excel, feuille « {self.sheet} », en-têtes ligne {self.header_line}."
        return (f"CSV, encodage {self.encoding}, séparateur {SEPARATOR_NAMES.get(self.separator or '', '?')}, "
                f"en-têtes ligne {self.header_line}.")


def max_bytes() -> int:
    """Upload/import size cap in bytes: $OTMODEL_MAX_IMPORT_MB (default 50 MB)."""
    try:
        return int(float(os.environ.get("OTMODEL_MAX_IMPORT_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def load_bytes(source: str | Path | bytes) -> bytes:
    """The file's bytes, refusing files over the size cap before reading them."""
    limit = max_bytes()
    if isinstance(source, bytes):
        size = len(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise UnreadableFile(f"fichier introuvable : {path}.")
        size = path.stat().st_size
    if size > limit:
        raise UnreadableFile(f"le fichier pèse {size / 1024 / 1024:.1f} Mo, au-delà de la limite de "
                             f"{limit / 1024 / 1024:.0f} Mo. Découpez-le (par année, par filière) ou demandez "
                             "à relever la limite (variable OTMODEL_MAX_IMPORT_MB).")
    if isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"fichier illisible ({exc.strerror}) : vérifiez qu'il n'est pas ouvert ailleurs "
                             "et que vous avez le droit de le lire.") from exc


def read_table(source: str | Path | bytes, *, sheet: str | None = None,
               header_score: Callable[[list[str]], int] | None = None) -> RawTable:
    """Read CSV or XLSX into a RawTable. `header_score` rates a candidate header row (default: filled cells)."""
    raw = load_bytes(source)
    score = header_score or _filled
    kind = _file_type(raw)
    if kind == "xlsx":
        return _read_xlsx(raw, sheet, score)
    text, encoding = decode(raw)
    if not text.strip():
        raise UnreadableFile("le fichier est vide.")
    separator = sniff_separator(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV illisible ({exc}) : vérifiez les guillemets.") from exc
    table = _table(records, score)
    table.encoding, table.separator = encoding, separator
    return table


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _file_type(raw: bytes) -> str:
    if raw.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableFile("fichier binaire (archive ZIP abîmée) : ce n'est ni un CSV ni un classeur Excel "
                                 "lisible. Enregistrez-le à nouveau en CSV ou en .xlsx.") from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise UnreadableFile("classeur OpenDocument (.ods) : enregistrez-le au format Excel (.xlsx) ou CSV.")
        raise UnreadableFile("archive ZIP : ce n'est ni un CSV ni un classeur Excel (.xlsx).")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("ancien format Excel (.xls) : ouvrez-le dans Excel et enregistrez-le en .xlsx ou CSV.")
    if raw.startswith(b"%PDF"):
        raise UnreadableFile("c'est un PDF : exportez les données en CSV ou en Excel (.xlsx).")
    return "csv"


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding name. UTF-8 (BOM or not) first, then UTF-16 with BOM, then cp1252, then latin-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(raw.decode("utf-16", errors="strict")), "UTF-16"
    for encoding, label in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            return _checked(raw.decode(encoding)), label
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("encodage inconnu.")  # latin-1 decodes anything: kept for completeness


def _checked(text: str) -> str:
    """Refuse binary content: NUL bytes or many control characters are not a CSV."""
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n")
    if "\x00" in sample or controls > max(3, len(sample) // 100):
        raise UnreadableFile("le fichier n'est pas un texte CSV lisible (fichier binaire ?). Enregistrez-le "
                             "au format CSV (séparateur « ; ») ou Excel (.xlsx).")
    return text


def sniff_separator(text: str) -> str:
    """The separator giving the most consistent, widest rows over the first lines (`;` wins ties)."""
    sample = text[:65536]
    best, best_score = ";", (False, 0.0, 0)
    for separator in SEPARATORS:
        try:
            rows = [r for r in islice(csv.reader(io.StringIO(sample, newline=""), delimiter=separator), 30)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = max(len(r) for r in rows[:HEADER_SEARCH_ROWS])
        steady = sum(1 for r in rows if len(r) == width) / len(rows)
        score = (width > 1, round(steady, 1), width)
        if score > best_score:
            best, best_score = separator, score
    return best


def _table(records: list[list[str]], score: Callable[[list[str]], int]) -> RawTable:
    """Find the header among the first rows, then keep the data rows below it (blank rows dropped)."""
    candidates = [(i, r) for i, r in enumerate(records[:HEADER_SEARCH_ROWS]) if _filled(r)]
    if not candidates:
        raise UnreadableFile("le fichier est vide.")
    header_index, header = max(candidates, key=lambda c: (score(c[1]), -c[0]))
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    rows, lines, overflow = [], [], []
    for i in range(header_index + 1, len(records)):
        record = records[i]
        if not any(c.strip() for c in record):
            continue
        if len(record) > width:
            if any(c.strip() for c in record[width:]):
                overflow.append(i + 1)
            record = record[:width]
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append(record)
        lines.append(i + 1)
    return RawTable(header=header, rows=rows, lines=lines, header_line=header_index + 1, overflow=overflow)


def _read_xlsx(raw: bytes, sheet: str | None, score: Callable[[list[str]], int]) -> RawTable:
    # calamine (Rust) reads a 100 000-row sheet several times faster than openpyxl; openpyxl still writes
    # the exports and looks for formulas saved without their value.
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as exc:  # calamine raises several kinds for damaged files
        raise UnreadableFile(f"classeur Excel illisible ({type(exc).__name__}) : ouvrez-le dans Excel et "
                             "enregistrez-le à nouveau en .xlsx.") from exc
    try:
        names = list(book.sheet_names)
        if sheet is not None:
            wanted = {vocab.normalise(n): n for n in names}.get(vocab.normalise(sheet))
            if wanted is None:
                raise UnreadableFile(f"feuille « {sheet} » introuvable. Feuilles du classeur : "
                                     f"{', '.join(names)}.")
            chosen = [wanted]
        else:
            chosen = names
        # Without a sheet named, take the sheet whose header fits best (a "Notes" sheet never wins),
        # judged on its first rows. skip_empty_area=False: rows and columns count from A1, as Excel shows them.
        heads, sheets = {}, {name: book.get_sheet_by_name(name) for name in chosen}
        for name in chosen:
            top = [[_cell_text(v) for v in row]
                   for row in sheets[name].to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)]
            if any(_filled(r) for r in top):
                heads[name] = max(score(r) for r in top if _filled(r))
        if not heads:
            raise UnreadableFile("le classeur ne contient aucune donnée.")
        name = max(heads, key=lambda n: (heads[n], -chosen.index(n)))
        records = [[_cell_text(v) for v in row] for row in sheets[name].to_python(skip_empty_area=False)]
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"classeur Excel illisible ({type(exc).__name__}) : ouvrez-le dans Excel et "
                             "enregistrez-le à nouveau en .xlsx.") from exc
    finally:
        book.close()
    best = _table(records, score)
    best.sheet, best.file_type, best.sheets = name, "xlsx", names
    _refuse_uncomputed_formulas(raw, best)
    return best


def _refuse_uncomputed_formulas(raw: bytes, table: RawTable) -> None:
    """A formula saved without its value (files written by scripts) would silently read as empty."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(b"<f>" in xml or b"<f " in xml for xml in map(archive.read, sheets)):
            return
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        lines = []
        for number, row in enumerate(book[table.sheet].iter_rows(min_row=1, values_only=True), start=1):
            formulas = any(isinstance(v, str) and v.startswith("=") for v in row)
            if formulas and number in table.lines:
                cells = table.rows[table.lines.index(number)]
                if any(isinstance(v, str) and v.startswith("=") and not (i < len(cells) and cells[i].strip())
                       for i, v in enumerate(row)):
                    lines.append(number)
    finally:
        book.close()
    if lines:
        shown = ", ".join(map(str, lines[:10])) + ("…" if len(lines) > 10 else "")
        raise UnreadableFile(f"formules sans valeur calculée (lignes {shown}) : ouvrez le classeur dans Excel ou "
                             "LibreOffice, enregistrez-le, puis importez-le à nouveau.")


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a user would have typed in a CSV."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
