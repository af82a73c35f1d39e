"""The room's vote: the presenter opens a round on the scenarios shown; each participant's browser session
rates them (1 to 5), may pick a favourite and leave one short comment; the presenter closes the round or
starts a new one. Every round is kept with its dates. A session votes once per round: voting again replaces
its vote (one session, one vote). Participants write nothing but their vote.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd
import segno

from otmodel import db
from otmodel.errors import Refused

RATINGS = (1, 2, 3, 4, 5)
RATING_LABELS = {1: "1 — pas du tout", 2: "2", 3: "3", 4: "4", 5: "5 — tout à fait"}
MAX_COMMENT = 280


class VoteError(Refused):
    """A vote that cannot be recorded (French message)."""


@dataclass(frozen=True)
class Round:
    id: int
    scenarios: tuple[str, ...]
    opened_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Results:
    """A round's results: per scenario the number of ratings, the mean rating and the favourite count."""

    round: Round
    voters: int
    table: pd.DataFrame  # scenario, ratings, mean, favourite
    comments: list[str]


def _round(row: tuple) -> Round:
    return Round(int(row[0]), tuple(json.loads(row[1])), row[2], row[3])


def latest(con: duckdb.DuckDBPyConnection) -> Round | None:
    """The last round opened (open or closed), None before any vote."""
    row = con.execute("SELECT id, scenarios, opened_at, closed_at FROM vote_rounds ORDER BY id DESC LIMIT 1"
                      ).fetchone()
    return _round(row) if row else None


def rounds(con: duckdb.DuckDBPyConnection) -> list[Round]:
    """Every round, newest first (kept with their dates)."""
    return [_round(r) for r in con.execute("SELECT id, scenarios, opened_at, closed_at FROM vote_rounds "
                                           "ORDER BY id DESC").fetchall()]


def open_round(con: duckdb.DuckDBPyConnection, scenarios: list[str]) -> Round:
    """Close any open round and open a new, empty one on these scenarios (« remettre à zéro »)."""
    if not scenarios:
        raise VoteError("Choisissez d'abord les scénarios de la présentation : le vote porte sur eux.")
    # Not a change of the territory's data: the other sessions need not reload their facts (record=False).
    with db.transaction(con, record=False):
        con.execute("UPDATE vote_rounds SET closed_at = current_timestamp WHERE closed_at IS NULL")
        next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM vote_rounds").fetchone()[0]
        con.execute("INSERT INTO vote_rounds (id, scenarios) VALUES (?, ?)",
                    [next_id, json.dumps(list(scenarios), ensure_ascii=False)])
    return latest(con)


def close_round(con: duckdb.DuckDBPyConnection) -> Round | None:
    """Close the open round (its results are kept); nothing happens when none is open."""
    con.execute("UPDATE vote_rounds SET closed_at = current_timestamp WHERE closed_at IS NULL")
    return latest(con)


def cast(con: duckdb.DuckDBPyConnection, voter: str, ratings: dict[str, int], favourite: str | None = None,
         comment: str = "") -> None:
    """Record (or replace) this session's vote in the open round; VoteError says what is wrong."""
    current = latest(con)
    if current is None or not current.is_open:
        raise VoteError("Le vote est clos : il n'est plus possible de voter.")
    unknown = [name for name in [*ratings, *([favourite] if favourite else [])] if name not in current.scenarios]
    if unknown:
        raise VoteError(f"« {unknown[0]} » ne fait pas partie de ce vote : rechargez la page.")
    if any(value not in RATINGS for value in ratings.values()):
        raise VoteError("Chaque note va de 1 à 5.")
    if not ratings and not favourite:
        raise VoteError("Notez au moins un scénario ou choisissez votre préféré avant de voter.")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise VoteError(f"Le commentaire est trop long ({len(comment)} caractères, {MAX_COMMENT} au plus).")
    con.execute("INSERT OR REPLACE INTO votes (round_id, voter, ratings, favourite, comment, voted_at) "
                "VALUES (?, ?, ?, ?, ?, current_timestamp)",
                [current.id, voter, json.dumps(ratings, ensure_ascii=False), favourite, comment or None])


def has_voted(con: duckdb.DuckDBPyConnection, round_id: int, voter: str) -> bool:
    return con.execute("SELECT count(*) FROM votes WHERE round_id = ? AND voter = ?",
                       [round_id, voter]).fetchone()[0] > 0


def results(con: duckdb.DuckDBPyConnection, chosen: Round) -> Results:
    """The round's results, scenarios in the round's order; comments in the order they came."""
    rows = con.execute("SELECT ratings, favourite, comment FROM votes WHERE round_id = ? ORDER BY voted_at, voter",
                       [chosen.id]).fetchall()
    table = []
    for name in chosen.scenarios:
        marks = [json.loads(r[0])[name] for r in rows if name in json.loads(r[0])]
        table.append({"scenario": name, "ratings": len(marks),
                      "mean": sum(marks) / len(marks) if marks else float("nan"),
                      "favourite": sum(1 for r in rows if r[1] == name)})
    return Results(chosen, len(rows), pd.DataFrame(table, columns=["scenario", "ratings", "mean", "favourite"]),
                   [r[2] for r in rows if r[2]])


def qr_svg(url: str, scale: int = 7) -> str:
    """The QR code of the participants' address as an SVG document, drawn here (no network, no image file)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=3, xmldecl=False, dark="#000000",
                                    light="#ffffff")
    return out.getvalue().decode("utf-8")
