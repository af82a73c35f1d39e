"""The director's decisions of the yearly review (who, when, what, why), kept in `review_decisions`, and the
scenario they make in one click.

From decision to scenario (documented in docs/methodes.md, « La revue annuelle ») :
- maintenir, adapter, sous-traiter → the offer is kept as it is (adapting and subcontracting change its content
  or its costs, to be estimated: the scenario's notes say so);
- arrêter → stopped;
- relayer → stopped (another body delivers it: the office no longer bears its costs nor bills it);
- créer → paid at the offer's price (free when its price is 0), with as expected subscribers the businesses
  that expressed its need (survey answers rated 4 or 5, and businesses met about it in the log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from otmodel import vocab
from otmodel.data.schema import split_list
from otmodel.db import transaction
from otmodel.errors import Refused
from otmodel.model.scenario import OfferChoice, Scenario
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario

MODES_OF_DECISIONS = {"maintenir": "keep", "adapter": "keep", "sous_traiter": "keep", "arreter": "stopped",
                      "relayer": "stopped", "creer": "new"}
MAX_REASON = 2000


class DecisionError(Refused):
    """A decision that cannot be recorded (French message)."""


@dataclass(frozen=True)
class Decision:
    """What the director decided for one offer, and why."""

    offer: str
    decision: str
    reason: str = ""
    suggestion: str | None = None


def record(con: duckdb.DuckDBPyConnection, decisions: list[Decision], author: str) -> int:
    """Record a set of decisions (all or nothing); returns how many. The latest decision of an offer counts."""
    author = (author or "").strip()
    if not author:
        raise DecisionError("Indiquez qui décide (votre nom) avant d'enregistrer les décisions.")
    if len(author) > 120:
        raise DecisionError("Le nom de la personne qui décide est trop long (120 caractères au plus).")
    known = store.offer_ids(con)
    problems = []
    for d in decisions:
        if d.offer not in known:
            problems.append(f"offre inconnue « {d.offer} »")
        if d.decision not in vocab.DECISIONS:
            problems.append(f"décision inconnue « {d.decision} » pour {d.offer} "
                            f"(possibles : {', '.join(vocab.DECISIONS.values())})")
        if len(d.reason or "") > MAX_REASON:
            problems.append(f"motif trop long pour {d.offer} ({MAX_REASON} caractères au plus)")
    if problems:
        raise DecisionError("Décisions non enregistrées : " + " ; ".join(problems) + ".")
    if not decisions:
        raise DecisionError("Aucune décision à enregistrer.")
    with transaction(con):
        start = con.execute("SELECT coalesce(max(id), 0) FROM review_decisions").fetchone()[0]
        for number, d in enumerate(decisions, start=start + 1):
            con.execute("INSERT INTO review_decisions (id, author, offer_id, decision, suggestion, reason) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [number, author, d.offer, d.decision, d.suggestion, (d.reason or "").strip() or None])
    return len(decisions)


def latest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The decision in force for each offer (its latest): offer_id, decision, suggestion, reason, author, decided_at."""
    return con.execute("""
        SELECT offer_id, decision, suggestion, reason, author, decided_at FROM (
            SELECT *, row_number() OVER (PARTITION BY offer_id ORDER BY decided_at DESC, id DESC) AS k
            FROM review_decisions WHERE offer_id IN (SELECT id FROM offres))
        WHERE k = 1 ORDER BY offer_id
    """).df()


def history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """Every decision recorded, newest first."""
    return con.execute("SELECT decided_at, author, offer_id, decision, suggestion, reason FROM review_decisions "
                       "ORDER BY decided_at DESC, id DESC LIMIT ?", [limit]).df()


def expected_subscribers(con: duckdb.DuckDBPyConnection, theme: str | None) -> float:
    """Businesses that expressed a need: survey answers rated 4 or 5 on the theme, and businesses met about it
    (compared without case nor accents); 0 without a theme."""
    if not theme:
        return 0.0
    key = vocab.normalise(theme)
    answers = con.execute("SELECT partenaire_id, theme FROM besoins WHERE importance >= 4").fetchall()
    surveyed = {pid for pid, t in answers if vocab.normalise(t) == key}
    met = {who for who, themes in con.execute(
        "SELECT coalesce(partenaire_id, 'nom:' || lower(nom)), themes FROM rencontres").fetchall()
        if any(vocab.normalise(t) == key for t in split_list(themes))}
    return float(len(surveyed | met))


def to_scenario(con: duckdb.DuckDBPyConnection, name: str, author: str) -> SavedScenario:
    """Save the decisions in force as a scenario (a draft); a name already taken gets « (2) », « (3) »…"""
    current = latest(con)
    if current.empty:
        raise DecisionError("Aucune décision enregistrée : enregistrez d'abord les décisions de la revue.")
    name = store.check_name(name)
    base, number = name, 1
    while store.exists(con, name):
        number += 1
        name = store.check_name(f"{base} ({number})")
    offers = con.execute("SELECT id, prix, theme_besoin FROM offres").df().set_index("id")
    choices: dict[str, OfferChoice] = {}
    notes = [f"Issu de la revue des offres du {dt.date.today():%d/%m/%Y} ({author or 'auteur inconnu'})."]
    for row in current.itertuples():
        mode = MODES_OF_DECISIONS[row.decision]
        if mode == "stopped":
            choices[row.offer_id] = OfferChoice(mode="stopped")
        elif mode == "new":
            price = float(offers.at[row.offer_id, "prix"])
            choices[row.offer_id] = OfferChoice(
                mode="paid" if price > 0 else "free", price=price if price > 0 else None,
                expected_subscribers=expected_subscribers(con, offers.at[row.offer_id, "theme_besoin"]))
        line = f"{row.offer_id} : {vocab.DECISIONS[row.decision]}"
        if row.decision in ("adapter", "sous_traiter"):
            line += " (contenu ou coûts à revoir dans les offres)"
        if isinstance(row.reason, str) and row.reason:
            line += f" — {row.reason}"
        notes.append(line)
    saved = SavedScenario(Scenario(name=name, offers=choices), author=author or "", notes="\n".join(notes),
                          decision="Décisions de la revue annuelle des offres.")
    return store.save(con, saved)
