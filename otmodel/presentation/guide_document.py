"""The partners' guide as a file — self-contained HTML or A4 portrait PDF — for the Guide page's downloads and
`python -m otmodel guide`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from otmodel.presentation import guide_html, guide_pdf, report
from otmodel.presentation.guide import Guide, build, scenario_for


def render(built: Guide, kind: str) -> bytes:
    """The guide's bytes: kind is « .html » or « .pdf »."""
    if kind == ".html":
        return guide_html.render(built).encode("utf-8")
    return guide_pdf.render(built)


def write(con: duckdb.DuckDBPyConnection, reference: str | None, out: str | Path, *,
          year: int | None = None) -> Path:
    """Build and write the guide of a scenario (a saved name or a JSON file; None: the default scenario); every
    refusal comes before anything is written."""
    path = report.check_output(out)
    return report.save(path, render(build(con, scenario_for(con, reference), year=year), path.suffix.lower()))
