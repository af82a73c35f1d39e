"""The year of the applied scenario followed against its plan: offer by offer and sector by sector, the plan (the
scenario's expected subscribers and revenue, from the engine), the actual to date, a year-end projection and the
projected gap to the target; offers behind plan flagged with the reason.

- **As of** (`as_of`): the date the figures are taken at — given, else the date of the latest dated subscription
  of the year (the freshness of the last import), else today, kept within the year. Subscriptions count to date
  when dated on or before it, or when undated (their date is not known).
- **Share of the year expected by then**, per offer: last year's monthly profile when last year has dated
  subscriptions (rule « profil_an_passe »): the share of last year's subscriptions made by the end of each
  month, linear within the month — the offer's own profile when it had at least PROFILE_MINIMUM dated
  subscriptions last year, else the office's; otherwise the share of the year elapsed (rule « prorata »).
- **Projection**: actual to date ÷ that share, cell by cell (offer × sector); when nothing was expected yet
  (share 0), the plan or the actual, whichever is larger. Projected costs: the engine's workload for the
  projected subscribers; the projected gap compares the projected result (or revenue) with the target.
- **Behind plan**: what the plan expects by then (plan × share) exceeds the actual by at least one subscription
  and by more than TOLERANCE of it.
The rules are described for users in docs/methodes.md (« Le suivi de l'année »).
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd
from babel.dates import format_date

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused
from otmodel.followup import applied as applied_scenarios
from otmodel.followup.applied import Applied
from otmodel.model import engine

TOLERANCE = 0.10
PROFILE_MINIMUM = 10
PROFILE, PRO_RATA = "profil_an_passe", "prorata"
RULE_WORDS = {PROFILE: "rythme de l'an passé", PRO_RATA: "au prorata de l'année"}


@dataclass(frozen=True)
class Totals:
    planned_revenue: float
    actual_revenue: float
    projected_revenue: float
    planned_margin: float
    projected_margin: float
    target_amount: float
    target_basis: str  # "margin" | "revenue"
    planned_gap: float
    projected_gap: float


@dataclass(frozen=True)
class Progress:
    """The year followed: `offers` (offer, name, sphere, planned_subscribers, actual_subscribers,
    expected_to_date, projected_subscribers, planned_revenue, actual_revenue, projected_revenue, behind, reason),
    `sectors` (filiere, the same figures but the flags), the totals."""

    scenario: str
    year: int
    base_year: int
    as_of: date
    as_of_source: str  # how the date was chosen, in French
    rule: str  # a code of vocab.PROJECTION_RULES
    offers: pd.DataFrame
    sectors: pd.DataFrame
    totals: Totals

    def to_json(self) -> dict:
        """The contract of `python -m otmodel suivi --json`."""
        offers = [{"offer": row.offer, "planned_subscribers": round(float(row.planned_subscribers), 2),
                   "actual_subscribers": int(row.actual_subscribers),
                   "planned_revenue": round(float(row.planned_revenue), 2),
                   "actual_revenue": round(float(row.actual_revenue), 2),
                   "projected_revenue": round(float(row.projected_revenue), 2), "behind": bool(row.behind),
                   "reason": row.reason} for row in self.offers.itertuples()]
        t = self.totals
        return {"scenario": self.scenario, "year": self.year, "as_of": self.as_of.isoformat(), "rule": self.rule,
                "offers": offers,
                "totals": {key: round(value, 2) for key, value in asdict(t).items()
                           if key in ("planned_revenue", "actual_revenue", "projected_revenue", "projected_gap")}}


# --- when ----------------------------------------------------------------------------------------


def default_as_of(con: duckdb.DuckDBPyConnection, year: int, today: date | None = None) -> tuple[date, str]:
    """(date, how it was chosen): the latest dated subscription of the year, else today within the year."""
    latest = con.execute("SELECT max(date) FROM souscriptions WHERE annee = ?", [year]).fetchone()[0]
    if latest is not None:
        return latest, "date de la dernière souscription datée de l'année"
    today = today or date.today()
    if today.year < year:
        return date(year, 1, 1), "début de l'année (aucune souscription datée)"
    if today.year > year:
        return date(year, 12, 31), "fin de l'année (aucune souscription datée)"
    return today, "aujourd'hui (aucune souscription datée)"


def _checked(as_of: date, year: int) -> date:
    if as_of.year != year:
        raise Refused(f"Date des chiffres « {as_of:%d/%m/%Y} » hors de l'année suivie ({year}) : choisissez une "
                      f"date entre le 01/01/{year} et le 31/12/{year}.")
    return as_of


def year_elapsed(day: date) -> float:
    """Share of the year elapsed at the end of `day` (pro rata)."""
    return day.timetuple().tm_yday / (366 if calendar.isleap(day.year) else 365)


def profile_share(months: np.ndarray, day: date) -> float:
    """Share of a year's subscriptions made by the end of `day`, from the counts per month (January first) of a
    profile: cumulated to the end of the previous month, plus the part of the month elapsed."""
    total = float(months.sum())
    if total <= 0:
        return year_elapsed(day)
    before = float(months[: day.month - 1].sum())
    days = calendar.monthrange(day.year, day.month)[1]
    return (before + float(months[day.month - 1]) * day.day / days) / total


def at(day: date) -> str:
    """« à fin juin » on a month's last day, else « au 12 juin » (« au 1er juin »)."""
    month = format_date(day, "MMMM", locale=fmt.LOCALE)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"à fin {month}"
    return f"au {'1er' if day.day == 1 else day.day} {month}"


# --- the figures ---------------------------------------------------------------------------------

_ACTUAL_SQL = """
SELECT s.offre_id, p.filiere, count(DISTINCT s.partenaire_id) AS actual_subscribers,
       sum(s.montant) AS actual_revenue
FROM souscriptions s JOIN partenaires p ON p.id = s.partenaire_id
WHERE s.annee = ? AND (s.date IS NULL OR s.date <= ?)
GROUP BY ALL
"""

_PROFILE_SQL = """
SELECT offre_id, month(date) AS month, count(*) AS subscriptions
FROM souscriptions WHERE annee = ? AND date IS NOT NULL
GROUP BY ALL
"""


def shares(con: duckdb.DuckDBPyConnection, offer_ids: list[str], year: int, as_of: date) -> tuple[pd.Series, str]:
    """(share of each offer's year expected by `as_of`, the rule): last year's monthly profile when last year has
    dated subscriptions, else the year elapsed."""
    profile = con.execute(_PROFILE_SQL, [year - 1]).df()
    if profile.empty:
        return pd.Series(year_elapsed(as_of), index=offer_ids), PRO_RATA
    by_month = profile.pivot_table(index="offre_id", columns="month", values="subscriptions", aggfunc="sum")
    by_month = by_month.reindex(columns=range(1, 13)).fillna(0.0)
    office = by_month.sum(axis=0).to_numpy()

    def share(offer_id: str) -> float:
        own = by_month.loc[offer_id].to_numpy() if offer_id in by_month.index else np.zeros(12)
        return profile_share(own if own.sum() >= PROFILE_MINIMUM else office, as_of)

    return pd.Series([share(o) for o in offer_ids], index=offer_ids, dtype=float), PROFILE


def _cells(evaluation: engine.Evaluation, actual: pd.DataFrame, share: pd.Series) -> pd.DataFrame:
    """Offer × sector: planned, actual to date and projected subscribers and revenue."""
    planned = evaluation.cells[evaluation.cells["active"]][["offre_id", "filiere", "n", "revenue"]].rename(
        columns={"n": "planned_subscribers", "revenue": "planned_revenue"})
    cells = planned.merge(actual, on=["offre_id", "filiere"], how="outer").fillna(
        {"planned_subscribers": 0.0, "planned_revenue": 0.0, "actual_subscribers": 0, "actual_revenue": 0.0})
    cells = cells[(cells["planned_subscribers"] > 0) | (cells["planned_revenue"] > 0)
                  | (cells["actual_subscribers"] > 0)].reset_index(drop=True)
    cells["share"] = cells["offre_id"].map(share).fillna(0.0)
    seen = cells["share"] > 0
    divisor = cells["share"].where(seen, 1.0)
    for what in ("subscribers", "revenue"):
        actual_, planned_ = cells[f"actual_{what}"].astype(float), cells[f"planned_{what}"]
        cells[f"projected_{what}"] = np.where(seen, actual_ / divisor, np.maximum(actual_, planned_))
    cells["expected_to_date"] = cells["planned_subscribers"] * cells["share"]
    return cells


FIGURES = ["planned_subscribers", "actual_subscribers", "expected_to_date", "projected_subscribers",
           "planned_revenue", "actual_revenue", "projected_revenue"]


def reason_if_behind(planned: float, actual: float, expected: float, rule: str, as_of: date) -> str:
    """« 42 souscriptions attendues, 12 à fin juin, rythme de l'an passé : 29 à fin juin » when the offer is
    behind plan (see the module's rule), else ""."""
    if planned <= 0 or expected - actual < 1 or actual >= (1 - TOLERANCE) * expected:
        return ""
    expected_words = "souscriptions attendues" if round(planned) >= 2 else "souscription attendue"
    when = at(as_of)
    return (f"{fmt.number(planned)} {expected_words}, {fmt.number(actual)} {when}, {RULE_WORDS[rule]} : "
            f"{fmt.number(expected)} {when}")


def _offers(evaluation: engine.Evaluation, cells: pd.DataFrame, rule: str, as_of: date) -> pd.DataFrame:
    summed = cells.groupby("offre_id")[FIGURES].sum()
    catalogue = evaluation.offers.set_index("id")
    shown = [o for o in catalogue.index if o in summed.index]
    table = summed.loc[shown].reset_index().rename(columns={"offre_id": "offer"})
    table.insert(1, "name", table["offer"].map(catalogue["nom"]))
    table.insert(2, "sphere", table["offer"].map(catalogue["sphere"]))
    table["reason"] = [reason_if_behind(row.planned_subscribers, row.actual_subscribers, row.expected_to_date,
                                        rule, as_of) for row in table.itertuples()]
    table["behind"] = table["reason"] != ""
    return table


def _totals(facts: engine.Facts, evaluation: engine.Evaluation, offers: pd.DataFrame) -> Totals:
    """The plan's totals and the projected ones: the projected costs are the workload of the projected
    subscribers (fixed costs of every offer the plan keeps, plus those of an offer still taken)."""
    projected = offers.set_index("offer")["projected_subscribers"].reindex(facts.offer_ids).fillna(0.0).to_numpy()
    active = evaluation.offers["active"].to_numpy(dtype=bool) | (projected > 0)
    hours, direct = engine.workload(facts, active, projected)
    costs = float(direct.sum() + hours.sum() * engine.hourly_cost(facts, evaluation.scenario.assumptions))
    planned, t = evaluation.totals, offers[["actual_revenue", "projected_revenue"]].sum()
    projected_margin = float(t["projected_revenue"]) - costs
    compared = projected_margin if planned.target_basis == "margin" else float(t["projected_revenue"])
    return Totals(planned_revenue=planned.revenue, actual_revenue=float(t["actual_revenue"]),
                  projected_revenue=float(t["projected_revenue"]), planned_margin=planned.margin,
                  projected_margin=projected_margin, target_amount=planned.target_amount,
                  target_basis=planned.target_basis, planned_gap=planned.gap,
                  projected_gap=compared - planned.target_amount)


def follow(con: duckdb.DuckDBPyConnection, year: int | None = None, as_of: date | None = None,
           facts: engine.Facts | None = None) -> Progress:
    """The year of the scenario applied from `year` (default: the latest applied) at `as_of` (default: see
    `default_as_of`); NothingApplied (French) when no scenario is applied. `facts`: the engine's facts already
    loaded (the app's cached ones), used when they are of the plan's base year."""
    chosen: Applied = applied_scenarios.get(con, year)
    if as_of is None:
        as_of, source = default_as_of(con, chosen.year)
    else:
        as_of, source = _checked(as_of, chosen.year), "date choisie"
    if facts is None or facts.year != chosen.base_year:
        facts = engine.load_facts(con, chosen.base_year)
    evaluation = engine.apply(facts, chosen.scenario)
    actual = con.execute(_ACTUAL_SQL, [chosen.year, as_of]).df()
    share, rule = shares(con, facts.offer_ids, chosen.year, as_of)
    cells = _cells(evaluation, actual, share)
    offers = _offers(evaluation, cells, rule, as_of)
    sectors = cells.groupby("filiere")[FIGURES].sum().reset_index()
    return Progress(chosen.name, chosen.year, chosen.base_year, as_of, source, rule, offers, sectors,
                    _totals(facts, evaluation, offers))


def follow_if_any(con: duckdb.DuckDBPyConnection, facts: engine.Facts | None = None) -> Progress | None:
    """The latest applied year followed at its default date, None when no scenario is applied (a page then
    leaves the follow-up out)."""
    return None if applied_scenarios.latest(con) is None else follow(con, facts=facts)


def beside(table: pd.DataFrame, found: Progress, key: str = "offre") -> pd.DataFrame:
    """A table of offers (their id in `key`) with the follow-up's columns: prevus, attendus, a_date, projetes
    (subscribers), en_retard."""
    columns = {"planned_subscribers": "prevus", "expected_to_date": "attendus", "actual_subscribers": "a_date",
               "projected_subscribers": "projetes", "behind": "en_retard"}
    figures = found.offers.set_index("offer")[list(columns)].rename(columns=columns)
    return table.join(figures, on=key)


def summary(found: Progress) -> str:
    """Where the year stands, in two sentences: « « Pack … » appliqué depuis 2026 : chiffres au 30/06/2026,
    projection selon le rythme de l'an passé. Recettes : 295 880 € à date sur 378 960 € prévus, 375 392 €
    projetés ; écart projeté à l'objectif −25 042 € ; 2 offres en retard sur le plan. »"""
    t, late = found.totals, int(found.offers["behind"].sum())
    return (f"« {found.scenario} » appliqué depuis {found.year} : chiffres au {found.as_of:%d/%m/%Y}, projection "
            f"{vocab.PROJECTION_RULES[found.rule]}. Recettes : {fmt.euros(t.actual_revenue)} à date sur "
            f"{fmt.euros(t.planned_revenue)} prévus, {fmt.euros(t.projected_revenue)} projetés ; écart projeté à "
            f"l'objectif {fmt.signed_euros(t.projected_gap)} ; "
            + (f"{late} offre{'s' * (late > 1)} en retard sur le plan." if late else "aucune offre en retard."))
