"""Exports that are safe to open: tables and scenario results to CSV (French Excel) and XLSX.

CSV: `;`, UTF-8 with BOM, decimal comma, CRLF — French Excel opens it right, and `import` reads it
back exactly. XLSX: one sheet per table, formatted header, widths, number formats.
Every text cell starting with = + - @ tab or carriage return gets a leading apostrophe so that no
spreadsheet runs it as a formula (CSV injection); the importer removes that apostrophe again.
Partner e-mails (personal data) are left out unless asked for.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from otmodel import db
from otmodel.columns import Column
from otmodel.data.schema import LIST_SEPARATOR, TEMPLATES
from otmodel.errors import Refused

EXPORTABLE = (*db.DATA_TABLES, "import_history")
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")  # with the apostrophes, so they survive a round trip
_HEADER_FILL = "1F4E79"


class ExportError(Refused):
    """An export that cannot be made (French message)."""


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix formula-like text cells with an apostrophe; numbers are left numeric."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and bool(_FORMULA_START.match(v)))
            if risky.any():
                out[column] = text.mask(risky, "'" + text.astype(str))
    return out


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists as |-joined text and booleans as oui/non: the template format, readable in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == bool or str(values.dtype) == "boolean":
            out[column] = values.map({True: "oui", False: "non"}).astype(object)
        elif values.dtype == object:
            if values.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
                out[column] = values.map(
                    lambda v: LIST_SEPARATOR.join(map(str, list(v))) if v is not None and not isinstance(v, str)
                    else (v or ""))
            elif values.map(lambda v: isinstance(v, bool)).any():
                out[column] = values.map(lambda v: "oui" if v is True else "non" if v is False else v)
    return out


def table_frame(con: duckdb.DuckDBPyConnection, table: str, *, include_emails: bool = False) -> pd.DataFrame:
    """One table as exported (column names of its template)."""
    if table not in EXPORTABLE:
        raise ExportError(f"table inconnue « {table} ». Tables : {', '.join(EXPORTABLE)}.")
    # The table name is one of the constants above, never user text.
    return _as_exported(table, con.execute(f"SELECT * FROM {table}").df(), include_emails)


def _as_exported(table: str, frame: pd.DataFrame, include_emails: bool) -> pd.DataFrame:
    if table in TEMPLATES:  # the template's columns only (the log's row numbers stay inside), so it imports back
        frame = frame[TEMPLATES[table].column_names]
    if table == "partenaires" and not include_emails:
        frame = frame.drop(columns=["email"])
    return plain(frame)


def table_rows(con: duckdb.DuckDBPyConnection, table: str, *, search: str = "", filieres: list[str] | None = None,
               include_emails: bool = False, limit: int | None = None) -> tuple[pd.DataFrame, int]:
    """Rows of partenaires or offres to edit, as exported (see table_frame), in identifier order: those whose
    name or identifier contains `search` (without case nor accents) and, for partenaires, whose sector is one of
    `filieres`; at most `limit` of them. Returns (rows, how many match in all)."""
    if table not in ("partenaires", "offres"):
        raise ExportError(f"table non modifiable ici « {table} ». Tables : partenaires, offres.")
    clauses, params = ["TRUE"], []
    if search and search.strip():
        clauses.append("contains(strip_accents(lower(coalesce(nom, '') || ' ' || id)), strip_accents(lower(?)))")
        params.append(search.strip())
    if filieres and table == "partenaires":
        clauses.append("filiere IN (SELECT unnest(?))")
        params.append(list(filieres))
    where = " AND ".join(clauses)
    # The table name is one of the two constants above; the filters are parameters.
    total = con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]
    frame = con.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id"
                        + ("" if limit is None else " LIMIT ?"), params + ([] if limit is None else [limit])).df()
    return _as_exported(table, frame, include_emails), total


def frames_for(con: duckdb.DuckDBPyConnection, kind: str, *, include_emails: bool = False) -> dict[str, pd.DataFrame]:
    """KIND → sheet name → frame: a table name or `all` (every table)."""
    if kind == "all":
        return {t: table_frame(con, t, include_emails=include_emails) for t in EXPORTABLE}
    return {kind: table_frame(con, kind, include_emails=include_emails)}


def _french_number(value: object) -> str:
    """Shortest exact writing of a float with a decimal comma: 1250.5 → "1250,5", 50.0 → "50"."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return text.replace(".", ",")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for French Excel: `;`, decimal comma, UTF-8 with BOM, CRLF."""
    out = neutralise(frame)
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].map(_french_number).astype(object)
    text = out.to_csv(sep=";", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx_bytes(frames: dict[str, pd.DataFrame], formats: Mapping[str, str | None] | None = None) -> bytes:
    """One formatted sheet per frame; `formats`: a column's number format (by header), else one from its type."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in frames.items():
        sheet = book.create_sheet(sheet_name(name))
        safe = neutralise(frame)
        sheet.append([str(c) for c in safe.columns])
        for row in safe.itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.freeze_panes = "A2"
        if len(safe.columns):
            sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(safe.columns, start=1):
            letter = get_column_letter(index)
            longest = max((len(str(v)) for v in safe[column].head(200) if v is not None), default=0)
            sheet.column_dimensions[letter].width = min(60, max(len(str(column)), longest) + 3)
            fmt = (formats or {}).get(column) or _number_format(safe[column])
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _number_format(values: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_integer_dtype(values):
        return "0"
    if pd.api.types.is_float_dtype(values):
        return "#,##0.00"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "dd/mm/yyyy hh:mm"
    return None


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet (no []:*?/\\, 31 characters at most)."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "feuille"


def write(frames: dict[str, pd.DataFrame], out: str | Path) -> Path:
    """Write frames to FILE.csv (one frame) or FILE.xlsx (a sheet each): the extension decides."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"extension « {out.suffix} » non prise en charge : choisissez un fichier .csv ou .xlsx.")
    if suffix == ".csv":
        if len(frames) > 1:
            raise ExportError("« all » exporte plusieurs tables : choisissez un fichier .xlsx (une feuille par table).")
        data = to_csv_bytes(next(iter(frames.values())))
    else:
        data = to_xlsx_bytes(frames)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def shown(frame: pd.DataFrame, columns: Mapping[str, Column]) -> pd.DataFrame:
    """A table as the user reads it (see otmodel.columns): the columns shown, under their labels, every value
    written as on screen — « 31 234 € », « −628 € », « 10,4 % » — text as typed (lists joined by |)."""
    texts = plain(frame[list(columns)])
    return pd.DataFrame({column.label: texts[name] if column.kind == "text" else frame[name].map(column.text)
                         for name, column in columns.items()}, index=frame.index)


def shown_csv(frame: pd.DataFrame, columns: Mapping[str, Column]) -> bytes:
    """What is shown, as CSV for French Excel: the very text of the page."""
    return to_csv_bytes(shown(frame, columns))


def shown_xlsx(frame: pd.DataFrame, columns: Mapping[str, Column], sheet: str) -> bytes:
    """What is shown, as an Excel sheet: numbers stay numbers (a spreadsheet sums them), each column with the
    number format that writes them as on the page; dates are dates, text as typed."""
    texts = plain(frame[list(columns)])
    values = pd.DataFrame({column.label: texts[name] if column.kind in ("text", "flag") else frame[name]
                           for name, column in columns.items()}, index=frame.index)
    return to_xlsx_bytes({sheet: values}, {column.label: column.excel_format for column in columns.values()})


def template_bytes(template_name: str) -> bytes:
    """An empty template file to download: its header row, in the export format."""
    return to_csv_bytes(pd.DataFrame(columns=TEMPLATES[template_name].column_names))


def templates_zip() -> bytes:
    """Every empty template file in one archive, named as the import expects them (structure.csv, offres.csv…)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, template in TEMPLATES.items():
            archive.writestr(template.filename, template_bytes(name))
    return buffer.getvalue()
