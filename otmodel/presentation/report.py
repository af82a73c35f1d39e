"""The report (HTML or PDF) of the story, for the page's downloads and `python -m otmodel report`."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb

from otmodel.errors import Refused
from otmodel.model import engine
from otmodel.model.scenario import Scenario
from otmodel.presentation import report_html, report_pdf, settings, story, vote
from otmodel.presentation.story import Story
from otmodel.scenarios import store

FORMATS = {".html": "HTML", ".pdf": "PDF"}


class ReportError(Refused):
    """A report that cannot be written (French message)."""


def render(built: Story, kind: str) -> bytes:
    """The report's bytes: kind is « .html » or « .pdf »."""
    if kind == ".html":
        return report_html.render(built).encode("utf-8")
    return report_pdf.render(built)


def check_output(path: str | Path) -> Path:
    """The output path of a document (the report, the partners' guide), or ReportError when its extension is
    not .html/.pdf or it cannot be written."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ReportError(f"Extension « {path.suffix or '(aucune)'} » non prise en charge pour « {path} » : "
                          "écrivez un fichier .html ou .pdf.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez un autre chemin.")
    if path.is_dir() or not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportError(f"Impossible d'écrire « {path} » : choisissez un dossier où vous avez le droit d'écrire.")
    return path


def story_for(con: duckdb.DuckDBPyConnection, references: list[str], *, partner_names: bool = False,
              made_on: date | None = None) -> Story:
    """The story of these scenarios (saved names or JSON files), with the director's saved texts and choice."""
    facts = engine.load_facts(con)
    named: list[tuple[Scenario, store.SavedScenario | None]] = []
    for reference in references:
        scenario = store.resolve(con, reference)
        record = store.get(con, reference) if store.exists(con, reference) else None
        named.append((scenario, record))
    chosen = settings.load(con)
    chosen = settings.Settings(chosen.scenarios, chosen.retained, chosen.texts, partner_names)
    last = vote.latest(con)
    results = vote.results(con, last) if last else None
    return story.build(con, facts, story.shown_from(facts, named), chosen, results, made_on)


def save(path: Path, data: bytes) -> Path:
    """Write a document checked by `check_output`; a system error becomes a ReportError."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ReportError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc
    return path


def write(con: duckdb.DuckDBPyConnection, references: list[str], out: str | Path, *,
          partner_names: bool = False) -> Path:
    """Build and write the report; every refusal comes before anything is written."""
    path = check_output(out)
    return save(path, render(story_for(con, references, partner_names=partner_names), path.suffix.lower()))
