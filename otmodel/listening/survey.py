"""Listening to partners: who answered the survey, what matters to them and satisfies them, which needs no
offer answers (« services à créer ») and which offers answer no expressed need (« services placés »).

Thresholds (documented in docs/methodes.md, « Écoute et prix ») :
- a group with fewer than SMALL_GROUP answers is flagged: its means move a lot with one answer;
- a sector is over-represented when its share of respondents is above OVER × its share of the base,
  under-represented below UNDER × (the base is the partenaires table, filtered like the respondents);
- quadrants split the themes at the mean of the theme means (importance and satisfaction): the lines
  cross at the centre of the cloud, so every survey shows its relative priorities;
- a need is « à créer » when its mean importance is at least the importance threshold (the same mean)
  and no offer still running or planned (cycle other than a_arreter) has a theme_besoin matching the theme,
  compared without case nor accents (vocab.normalise); a theme named in at least log.MIN_MENTIONS meetings of
  the field-listening log counts as a need too.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.listening import log

SMALL_GROUP = 30
OVER, UNDER = 1.25, 0.8

QUADRANTS: dict[str, str] = {
    "priorite": "Priorités à traiter",  # important, not satisfied
    "point_fort": "Points forts",  # important, satisfied
    "reorienter": "Effort à réorienter",  # less important, satisfied: effort maybe better spent elsewhere
    "secondaire": "Secondaire",  # less important, not satisfied
}
REPRESENTATION: dict[str, str] = {
    "sur": "Sur-représentée",
    "sous": "Sous-représentée",
    "conforme": "Conforme",
}
GROUPINGS = {"filiere": vocab.FILIERES, "statut": vocab.STATUTS_PARTENAIRE}


def _filters(filieres: list[str] | None, statuts: list[str] | None, alias: str = "p") -> tuple[str, list]:
    """A WHERE fragment on the partner's sector and status, with its parameters (never user text in SQL)."""
    clauses, params = [], []
    if filieres:
        clauses.append(f"{alias}.filiere IN (SELECT unnest(?))")
        params.append(list(filieres))
    if statuts:
        clauses.append(f"{alias}.statut IN (SELECT unnest(?))")
        params.append(list(statuts))
    return (" AND ".join(clauses) or "TRUE"), params


def participation(con: duckdb.DuckDBPyConnection, by: str = "filiere",
                  statuts: list[str] | None = None) -> pd.DataFrame:
    """Respondents vs the partner base per sector (or statut): rate, shares, representation, small groups.

    Columns: code, libelle, base, respondents, rate, share_base, share_respondents, representation, small.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {list(GROUPINGS)}")
    where, params = _filters(None, statuts)
    # `by` is one of two fixed column names (checked above), never user text.
    frame = con.execute(f"""
        WITH answered AS (SELECT DISTINCT partenaire_id FROM besoins)
        SELECT p.{by} AS code, count(*) AS base, count(a.partenaire_id) AS respondents
        FROM partenaires p LEFT JOIN answered a ON a.partenaire_id = p.id
        WHERE {where}
        GROUP BY p.{by} ORDER BY respondents DESC, base DESC, code
    """, params).df()
    frame["libelle"] = frame["code"].map(lambda c: vocab.label(GROUPINGS[by], c))
    frame["rate"] = frame["respondents"] / frame["base"]
    frame["share_base"] = frame["base"] / frame["base"].sum()
    total = frame["respondents"].sum()
    frame["share_respondents"] = frame["respondents"] / total if total else 0.0
    ratio = frame["share_respondents"] / frame["share_base"]
    frame["representation"] = [("sur" if r > OVER else "sous" if r < UNDER else "conforme") for r in ratio]
    frame["small"] = frame["respondents"] < SMALL_GROUP
    return frame[["code", "libelle", "base", "respondents", "rate", "share_base", "share_respondents",
                  "representation", "small"]]


@dataclass(frozen=True)
class Matrix:
    """Importance × satisfaction per theme, with the thresholds that split the quadrants."""

    themes: pd.DataFrame  # theme, answers, respondents, importance, satisfaction, satisfaction_answers, quadrant
    importance_threshold: float
    satisfaction_threshold: float


def importance_satisfaction(con: duckdb.DuckDBPyConnection, filieres: list[str] | None = None,
                            statuts: list[str] | None = None) -> Matrix:
    """Mean importance and satisfaction (1 to 5) per theme, for the respondents of the chosen sectors/statuts."""
    where, params = _filters(filieres, statuts)
    themes = con.execute(f"""
        SELECT b.theme, count(*) AS answers, count(DISTINCT b.partenaire_id) AS respondents,
               avg(b.importance) AS importance, avg(b.satisfaction) AS satisfaction,
               count(b.satisfaction) AS satisfaction_answers
        FROM besoins b JOIN partenaires p ON p.id = b.partenaire_id
        WHERE {where}
        GROUP BY b.theme ORDER BY importance DESC, b.theme
    """, params).df()
    if themes.empty:
        return Matrix(themes.assign(quadrant=pd.Series(dtype=object), small=pd.Series(dtype=bool)), float("nan"),
                      float("nan"))
    imp = float(themes["importance"].mean())
    sat = float(themes["satisfaction"].mean())
    themes["quadrant"] = [_quadrant(i, s, imp, sat) for i, s in zip(themes["importance"], themes["satisfaction"],
                                                                    strict=True)]
    themes["small"] = themes["respondents"] < SMALL_GROUP
    return Matrix(themes, imp, sat)


def _quadrant(importance: float, satisfaction: float, imp: float, sat: float) -> str:
    important = importance >= imp
    satisfied = not pd.isna(satisfaction) and satisfaction >= sat
    if important:
        return "point_fort" if satisfied else "priorite"
    return "reorienter" if satisfied else "secondaire"


def _offer_themes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    offers = con.execute("SELECT id, nom, cycle, sphere, prix, theme_besoin FROM offres ORDER BY id").df()
    offers["key"] = offers["theme_besoin"].map(lambda t: vocab.normalise(t) if isinstance(t, str) else "")
    return offers


def uncovered_needs(con: duckdb.DuckDBPyConnection, min_importance: float | None = None,
                    filieres: list[str] | None = None, statuts: list[str] | None = None,
                    min_mentions: int = log.MIN_MENTIONS) -> pd.DataFrame:
    """« Services à créer »: needs that no running or planned offer answers — themes important in the survey,
    or named in at least `min_mentions` meetings of the field-listening log.

    `min_importance` defaults to the matrix's importance threshold (mean of the theme means).
    Columns: theme, importance, satisfaction, respondents, answers (survey), mentions (log meetings).
    Survey needs first (most important first), then needs heard only in meetings (most mentioned first).
    """
    matrix = importance_satisfaction(con, filieres, statuts)
    threshold = matrix.importance_threshold if min_importance is None else min_importance
    offers = _offer_themes(con)
    covered = set(offers.loc[offers["cycle"] != "a_arreter", "key"])
    themes = matrix.themes.assign(key=matrix.themes["theme"].map(vocab.normalise))
    heard = log.theme_mentions(con, filieres)
    themes = themes.merge(heard[["key", "mentions"]], on="key", how="left")
    heard_only = heard[~heard["key"].isin(themes["key"])]
    themes = pd.concat([themes, heard_only[["key", "theme", "mentions"]]], ignore_index=True)
    themes["mentions"] = themes["mentions"].fillna(0).astype(int)
    important = (themes["importance"] >= threshold) | (themes["mentions"] >= min_mentions)
    chosen = themes[important & ~themes["key"].isin(covered)]
    return chosen[["theme", "importance", "satisfaction", "respondents", "answers", "mentions"]].reset_index(
        drop=True)


def placed_services(con: duckdb.DuckDBPyConnection, min_mentions: int = log.MIN_MENTIONS) -> pd.DataFrame:
    """« Services placés »: offers whose need theme is empty, or heard neither in the survey answers nor in
    `min_mentions` meetings of the field-listening log — the log counts here as it does in the yearly review.

    Columns: id, nom, cycle, sphere, prix, theme_besoin, raison.
    """
    offers = _offer_themes(con)
    expressed = {vocab.normalise(row[0]) for row in con.execute("SELECT DISTINCT theme FROM besoins").fetchall()}
    heard = log.theme_mentions(con)
    expressed |= set(heard.loc[heard["mentions"] >= min_mentions, "key"])
    placed = offers[~offers["key"].isin(expressed)].copy()
    placed["raison"] = ["Aucun thème de besoin renseigné" if not key
                        else "Thème absent de l'enquête et du carnet d'écoute" for key in placed["key"]]
    return placed.drop(columns="key").reset_index(drop=True)


def themes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The survey's themes, alphabetically."""
    return [row[0] for row in con.execute("SELECT DISTINCT theme FROM besoins ORDER BY theme").fetchall()]


def comments(con: duckdb.DuckDBPyConnection, theme: str | None = None, search: str | None = None,
             show_identity: bool = False) -> pd.DataFrame:
    """Free comments by theme; `search` matches words without case nor accents. No partner identity unless asked.

    Columns: theme, commentaire, importance, satisfaction, filiere (+ partenaire_id, nom with show_identity).
    """
    clauses, params = ["b.commentaire IS NOT NULL", "trim(b.commentaire) <> ''"], []
    if theme:
        clauses.append("b.theme = ?")
        params.append(theme)
    if search and search.strip():
        clauses.append("contains(strip_accents(lower(b.commentaire)), strip_accents(lower(?)))")
        params.append(search.strip())
    identity = ", b.partenaire_id, p.nom" if show_identity else ""
    frame = con.execute(f"""
        SELECT b.theme, b.commentaire, b.importance, b.satisfaction, p.filiere{identity}
        FROM besoins b LEFT JOIN partenaires p ON p.id = b.partenaire_id
        WHERE {" AND ".join(clauses)}
        ORDER BY b.theme, b.importance DESC, b.commentaire
    """, params).df()
    frame["filiere"] = frame["filiere"].map(lambda c: vocab.label(vocab.FILIERES, c))
    return frame
