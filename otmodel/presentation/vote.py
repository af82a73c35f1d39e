"""The room's vote: the presenter opens a round on the scenarios shown; each participant rates them (1 to 5),
may pick a favourite and leave one short comment; the presenter closes the round or starts a new one. Every
round is kept with its dates. Participants write nothing but their ballot.

A participant is an anonymous voter token (`new_voter`) that her browser keeps through reloads: one ballot per
voter and round, and voting again replaces her ballot (`replaced` counts how often). A ballot names the round it
was filled for: a closed round, or one that a newer round replaced, refuses it — it is never counted. The app
writes ballots and rounds one at a time (the "votes" and "vote_rounds" scopes of otmodel.db are serialized), so a
ballot is either committed before « Clore le vote » or refused after it.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd
import segno

from otmodel import db
from otmodel.errors import Refused
from otmodel.model import engine
from otmodel.scenarios import store

RATINGS = (1, 2, 3, 4, 5)
RATING_LABELS = {1: "1 — pas du tout", 2: "2", 3: "3", 4: "4", 5: "5 — tout à fait"}
MAX_COMMENT = 280
_VOTER = re.compile(r"[0-9a-f]{32}")


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
class Ballot:
    """A participant's ballot as stored: what she chose, when, and how many earlier ballots it replaced."""

    ratings: dict[str, int]
    favourite: str | None
    comment: str | None
    voted_at: datetime
    replaced: int


@dataclass(frozen=True)
class Results:
    """A round's results: per scenario the number of ratings, the mean rating and the favourite count.
    `voters` participants voted, one ballot each (their last); `replaced` earlier ballots do not count."""

    round: Round
    voters: int
    table: pd.DataFrame  # scenario, ratings, mean, favourite
    comments: list[str]
    replaced: int = 0

    def counted(self) -> str:
        """What the results count, in a French sentence."""
        if not self.voters:
            return "Aucun bulletin reçu pour ce vote."
        who = "1 participant a voté" if self.voters == 1 else f"{self.voters} participants ont voté"
        again = ("" if not self.replaced else
                 " ; 1 bulletin remplacé par un plus récent ne compte pas" if self.replaced == 1 else
                 f" ; {self.replaced} bulletins remplacés par un plus récent ne comptent pas")
        return f"{who} : un bulletin chacun, le dernier envoyé{again}."


def new_voter() -> str:
    """A new anonymous voter token: 128 random bits, nothing about the person."""
    return secrets.token_hex(16)


def is_voter(token: object) -> bool:
    """Whether `token` is a voter token as new_voter makes them (anything else from an address is ignored)."""
    return isinstance(token, str) and _VOTER.fullmatch(token) is not None


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


def _check_round(con: duckdb.DuckDBPyConnection, round_id: int) -> Round:
    """The round a ballot was filled for, if it still takes ballots; VoteError says why not."""
    current = latest(con)
    if current is None or current.id < round_id:
        raise VoteError("Ce vote n'existe pas : rechargez la page.")
    if current.id != round_id:
        raise VoteError("Un nouveau vote a été ouvert depuis : ce bulletin n'a pas été compté. "
                        "Votez à nouveau ci-dessous, sur les scénarios du nouveau vote.")
    if not current.is_open:
        raise VoteError(f"Le vote a été clos à {current.closed_at:%H:%M} : ce bulletin n'a pas été compté.")
    return current


def cast(con: duckdb.DuckDBPyConnection, round_id: int, voter: str, ratings: dict[str, int],
         favourite: str | None = None, comment: str = "") -> Ballot:
    """Record (or replace) this voter's ballot in round `round_id`, which must be the open round; VoteError says
    what is wrong. Returns the ballot as stored."""
    if not is_voter(voter):
        raise VoteError("Ce navigateur n'a pas d'identifiant de participant valable : rouvrez le lien du vote.")
    current = _check_round(con, round_id)
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
    con.execute("INSERT INTO votes (round_id, voter, ratings, favourite, comment, voted_at) "
                "VALUES (?, ?, ?, ?, ?, current_timestamp) ON CONFLICT (round_id, voter) DO UPDATE SET "
                "ratings = excluded.ratings, favourite = excluded.favourite, comment = excluded.comment, "
                "voted_at = excluded.voted_at, replaced = votes.replaced + 1",
                [round_id, voter, json.dumps(ratings, ensure_ascii=False), favourite, comment or None])
    return ballot(con, round_id, voter)


def ballot(con: duckdb.DuckDBPyConnection, round_id: int, voter: str) -> Ballot | None:
    """This voter's ballot in this round, as stored (None before she votes)."""
    row = con.execute("SELECT ratings, favourite, comment, voted_at, replaced FROM votes "
                      "WHERE round_id = ? AND voter = ?", [round_id, voter]).fetchone()
    return None if row is None else Ballot(json.loads(row[0]), row[1], row[2], row[3], int(row[4]))


def has_voted(con: duckdb.DuckDBPyConnection, round_id: int, voter: str) -> bool:
    return ballot(con, round_id, voter) is not None


def scenario_totals(con: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> dict[str, engine.Totals]:
    """What each scenario of a vote does to the target, for its card on the vote page (a name no longer saved,
    or a territory without its data, gets none)."""
    facts = engine.facts_if_any(con)
    if facts is None:
        return {}
    return {name: engine.apply(facts, store.load(con, name)).totals for name in names if store.exists(con, name)}


def results(con: duckdb.DuckDBPyConnection, chosen: Round) -> Results:
    """The round's results, scenarios in the round's order; comments in the order they came."""
    rows = con.execute("SELECT ratings, favourite, comment, replaced FROM votes WHERE round_id = ? "
                       "ORDER BY voted_at, voter", [chosen.id]).fetchall()
    ratings = [json.loads(r[0]) for r in rows]
    table = []
    for name in chosen.scenarios:
        marks = [given[name] for given in ratings if name in given]
        table.append({"scenario": name, "ratings": len(marks),
                      "mean": sum(marks) / len(marks) if marks else float("nan"),
                      "favourite": sum(1 for r in rows if r[1] == name)})
    return Results(chosen, len(rows), pd.DataFrame(table, columns=["scenario", "ratings", "mean", "favourite"]),
                   [r[2] for r in rows if r[2]], sum(int(r[3]) for r in rows))


class Presence:
    """Who has the vote page open: each participant's page reports every HEARTBEAT_S seconds, and counts as
    connected for LIVE_S seconds after its last report (a phone that sleeps or a closed tab drops out).
    Kept in the serving process's memory only: nothing about a participant is written."""

    HEARTBEAT_S = 5
    LIVE_S = 15

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}

    def seen(self, voter: str) -> None:
        with self._lock:
            self._seen[voter] = self._clock()

    def connected(self) -> int:
        """How many participants reported within the last LIVE_S seconds (older reports are forgotten)."""
        with self._lock:
            since = self._clock() - self.LIVE_S
            self._seen = {voter: at for voter, at in self._seen.items() if at >= since}
            return len(self._seen)


def qr_svg(url: str, scale: int = 7) -> str:
    """The QR code of the participants' address as an SVG document, drawn here (no network, no image file)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=3, xmldecl=False, dark="#000000",
                                    light="#ffffff")
    return out.getvalue().decode("utf-8")
