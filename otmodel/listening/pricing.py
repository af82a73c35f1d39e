"""Willingness to pay: Van Westendorp price sensitivity meter and Gabor–Granger acceptance curve.

Van Westendorp follows the conventions of the R package `pricesensitivitymeter` (psm_analysis):
- a respondent is kept only if too cheap < cheap < expensive < too expensive (strictly); the others are
  counted in `n_invalid`;
- the curves are evaluated on the sorted set of all prices given by the kept respondents, from the
  empirical cumulative distribution F of each question: « trop bon marché » = 1 − F_tbm(p),
  « bon marché » = 1 − F_bm(p), « cher » = F_cher(p), « trop cher » = F_tc(p); « pas bon marché » = 1 − bon
  marché and « pas cher » = 1 − cher;
- an intersection of two curves is where their difference changes sign between two successive grid prices
  (a zero on a grid price counts); with several, the lowest price is kept (intersection_method = "min").
  By default the crossing is interpolated linearly between the two grid prices (the exact crossing of the
  curves drawn as straight segments); with `interpolate=False` it is the first grid price where the sign
  has changed (the step convention of the package without interpolation);
- OPP = trop cher × trop bon marché; IDP = cher × bon marché; the acceptable range runs from the point of
  marginal cheapness (PMC) to the point of marginal expensiveness (PME):
  "original": PMC = trop bon marché × pas bon marché, PME = trop cher × pas cher;
  "narrower": PMC = trop bon marché × cher, PME = trop cher × bon marché.

Gabor–Granger: each respondent says whether they would buy at each price asked; acceptance(p) is the
share of « oui » at p, the revenue index is p × acceptance(p), the best price maximises it (the lowest
price wins a tie: same revenue, more subscribers), and the arc elasticity between two successive prices is
(Δq / moyenne des q) / (Δp / moyenne des p).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from otmodel.errors import Refused
from otmodel.format import euros

QUESTIONS = ("trop_bon_marche", "bon_marche", "cher", "trop_cher")
DEFINITIONS: dict[str, str] = {
    "original": "originale (trop bon marché × pas bon marché ; trop cher × pas cher)",
    "narrower": "resserrée (trop bon marché × cher ; trop cher × bon marché)",
}
CURVE_LABELS: dict[str, str] = {
    "too_cheap": "Trop bon marché",
    "cheap": "Bon marché",
    "expensive": "Cher",
    "too_expensive": "Trop cher",
    "not_cheap": "Pas bon marché",
    "not_expensive": "Pas cher",
}
POINT_LABELS: dict[str, str] = {
    "pmc": "Prix plancher (PMC)",
    "opp": "Prix optimal (OPP)",
    "idp": "Prix d'indifférence (IDP)",
    "pme": "Prix plafond (PME)",
}
# Below this many valid answers a sector gets no curve of its own: a handful of answers gives jumps, not curves.
MIN_SECTOR_ANSWERS = 20

# (curve 1, curve 2) crossed for each point, by definition of the acceptable range.
_CROSSINGS: dict[str, dict[str, tuple[str, str]]] = {
    "original": {"opp": ("too_expensive", "too_cheap"), "idp": ("expensive", "cheap"),
                 "pmc": ("not_cheap", "too_cheap"), "pme": ("too_expensive", "not_expensive")},
    "narrower": {"opp": ("too_expensive", "too_cheap"), "idp": ("expensive", "cheap"),
                 "pmc": ("expensive", "too_cheap"), "pme": ("too_expensive", "cheap")},
}


class PricingError(Refused):
    """Answers that cannot be analysed; the French message says why and what to do."""


@dataclass(frozen=True)
class PsmResult:
    """A Van Westendorp analysis: counts, curves on the price grid, the four points (None: no crossing)."""

    n_valid: int
    n_invalid: int
    definition: str
    interpolated: bool
    curves: pd.DataFrame  # price, too_cheap, cheap, expensive, too_expensive, not_cheap, not_expensive
    opp: float | None
    idp: float | None
    pmc: float | None
    pme: float | None
    notes: list[str] = field(default_factory=list)  # French: points without a crossing, dropped answers

    def point(self, name: str) -> float | None:
        return getattr(self, name)

    def to_json(self) -> dict:
        return {"n_valid": self.n_valid, "n_invalid": self.n_invalid, "opp": self.opp, "idp": self.idp,
                "pmc": self.pmc, "pme": self.pme, "definition": self.definition,
                "interpolated": self.interpolated}


def _as_float(value: float) -> float:
    return float(round(value, 6))


def valid_mask(answers: pd.DataFrame) -> pd.Series:
    """Respondents whose answers are ordered too cheap < cheap < expensive < too expensive (missing = invalid)."""
    a = answers[list(QUESTIONS)].astype(float)
    ordered = (a["trop_bon_marche"] < a["bon_marche"]) & (a["bon_marche"] < a["cher"]) & (a["cher"] < a["trop_cher"])
    return ordered & a.notna().all(axis=1)


def psm_curves(valid: pd.DataFrame) -> pd.DataFrame:
    """The six curves on the sorted set of all prices given (share of respondents, 0 to 1)."""
    values = {q: np.sort(valid[q].astype(float).to_numpy()) for q in QUESTIONS}
    grid = np.unique(np.concatenate(list(values.values())))
    n = len(valid)

    def ecdf(question: str) -> np.ndarray:  # share of answers ≤ p, as R's ecdf()
        return np.searchsorted(values[question], grid, side="right") / n

    curves = pd.DataFrame({"price": grid, "too_cheap": 1 - ecdf("trop_bon_marche"), "cheap": 1 - ecdf("bon_marche"),
                           "expensive": ecdf("cher"), "too_expensive": ecdf("trop_cher")})
    curves["not_cheap"] = 1 - curves["cheap"]
    curves["not_expensive"] = 1 - curves["expensive"]
    return curves


def intersection(prices: np.ndarray, first: np.ndarray, second: np.ndarray, *,
                 interpolate: bool = True) -> float | None:
    """Lowest price where first − second changes sign (a zero counts); None when the curves never cross."""
    diff = np.asarray(first, dtype=float) - np.asarray(second, dtype=float)
    signs = np.sign(diff)
    changes = np.flatnonzero(np.diff(signs) != 0)
    if len(changes) == 0:
        return None
    i = int(changes[0])
    x1, x2, y1, y2 = prices[i], prices[i + 1], diff[i], diff[i + 1]
    if y1 == 0:
        return _as_float(x1)
    if not interpolate:
        return _as_float(x2)
    return _as_float(x1 - y1 * (x2 - x1) / (y2 - y1))


def _no_crossing_note(point: str, pair: tuple[str, str]) -> str:
    first, second = (CURVE_LABELS[c].lower() for c in pair)
    return (f"{POINT_LABELS[point]} introuvable : les courbes « {first} » et « {second} » ne se croisent pas "
            "dans les prix donnés. Il faut plus de réponses, ou des réponses plus variées.")


def price_points(curves: pd.DataFrame, *, definition: str = "original",
                 interpolate: bool = True) -> tuple[dict[str, float | None], list[str]]:
    """OPP, IDP, PMC, PME from the curves, and a French note for each point whose curves do not cross."""
    points, notes = {}, []
    prices = curves["price"].to_numpy()
    for point, pair in _CROSSINGS[definition].items():
        points[point] = intersection(prices, curves[pair[0]].to_numpy(), curves[pair[1]].to_numpy(),
                                     interpolate=interpolate)
        if points[point] is None:
            notes.append(_no_crossing_note(point, pair))
    return points, notes


def van_westendorp(answers: pd.DataFrame, *, definition: str = "original", interpolate: bool = True) -> PsmResult:
    """Analyse Van Westendorp answers (columns trop_bon_marche, bon_marche, cher, trop_cher)."""
    if definition not in DEFINITIONS:
        raise PricingError(f"Définition inconnue « {definition} ». Définitions possibles : original, narrower.")
    if answers.empty:
        raise PricingError("Aucune réponse sur les prix acceptables pour cette offre : importez "
                           "prix_acceptables.csv ou choisissez une autre offre.")
    valid_rows = valid_mask(answers)
    n_valid, n_invalid = int(valid_rows.sum()), int((~valid_rows).sum())
    if n_valid == 0:
        raise PricingError(f"Les {n_invalid} réponse(s) sont toutes incohérentes : chaque répondant doit donner "
                           "trop bon marché < bon marché < cher < trop cher. Vérifiez l'ordre des colonnes du "
                           "fichier prix_acceptables.csv.")
    curves = psm_curves(answers[valid_rows])
    points, notes = price_points(curves, definition=definition, interpolate=interpolate)
    if n_invalid:
        notes.insert(0, f"{n_invalid} réponse(s) écartée(s) : prix non rangés dans l'ordre trop bon marché < "
                        "bon marché < cher < trop cher.")
    return PsmResult(n_valid=n_valid, n_invalid=n_invalid, definition=definition, interpolated=interpolate,
                     curves=curves, notes=notes, **points)


def van_westendorp_by(answers: pd.DataFrame, column: str = "filiere", *, min_answers: int = MIN_SECTOR_ANSWERS,
                      definition: str = "original", interpolate: bool = True) -> dict[str, PsmResult]:
    """One analysis per group (sector by default) having at least `min_answers` valid answers."""
    results = {}
    for group, part in answers.groupby(column, sort=True):
        if int(valid_mask(part).sum()) >= min_answers:
            results[str(group)] = van_westendorp(part, definition=definition, interpolate=interpolate)
    return results


# --- Gabor–Granger ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GaborGranger:
    """Acceptance per price asked; `table` has price, n, accepted, acceptance, revenue."""

    table: pd.DataFrame
    elasticity: list[float | None]  # arc elasticity between price i and i+1 (None: no buyer at either)
    best_price: float

    def acceptance_at(self, price: float) -> float:
        """Acceptance at any price, linear between the prices asked, flat beyond them."""
        return float(np.interp(price, self.table["price"], self.table["acceptance"]))

    def to_json(self) -> dict:
        return {"prices": [float(p) for p in self.table["price"]],
                "acceptance": [_as_float(a) for a in self.table["acceptance"]],
                "revenue": [_as_float(r) for r in self.table["revenue"]],
                "elasticity": self.elasticity, "best_price": float(self.best_price)}


def arc_elasticity(p1: float, q1: float, p2: float, q2: float) -> float | None:
    """(Δq / mean q) / (Δp / mean p); None when nobody buys at either price."""
    if q1 + q2 == 0 or p1 + p2 == 0 or p1 == p2:
        return None
    return _as_float(((q2 - q1) / ((q1 + q2) / 2)) / ((p2 - p1) / ((p1 + p2) / 2)))


def gabor_granger(answers: pd.DataFrame) -> GaborGranger:
    """Analyse Gabor–Granger answers (columns prix, accepte as booleans)."""
    if answers.empty:
        raise PricingError("Aucune réponse « achèteriez-vous à ce prix ? » pour cette offre : importez "
                           "reponses_prix.csv ou choisissez une autre offre.")
    accepted = answers["accepte"].map(lambda v: bool(v) if v is not None and not pd.isna(v) else None)
    frame = pd.DataFrame({"price": answers["prix"].astype(float), "accepte": accepted}).dropna()
    table = (frame.groupby("price", sort=True)["accepte"].agg(n="count", accepted="sum").reset_index())
    table["accepted"] = table["accepted"].astype(int)
    table["acceptance"] = table["accepted"] / table["n"]
    table["revenue"] = table["price"] * table["acceptance"]
    if len(table) < 2:
        raise PricingError("Un seul prix a été proposé : il faut au moins deux prix pour une courbe "
                           "d'acceptation (méthode Gabor–Granger).")
    rows = table.to_dict("records")
    elasticity = [arc_elasticity(a["price"], a["acceptance"], b["price"], b["acceptance"])
                  for a, b in itertools.pairwise(rows)]
    best = float(table.loc[table["revenue"].idxmax(), "price"])  # idxmax: first (lowest) price on a tie
    return GaborGranger(table=table, elasticity=elasticity, best_price=best)


# --- reading the database --------------------------------------------------------------------------

def offers_with_answers(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, int]]:
    """(offer id, name, respondents) of the offers having answers in prix_acceptables or reponses_prix."""
    sql = {
        "prix_acceptables": "SELECT a.offre_id, any_value(o.nom), count(*) FROM prix_acceptables a "
                            "LEFT JOIN offres o ON o.id = a.offre_id GROUP BY a.offre_id ORDER BY a.offre_id",
        "reponses_prix": "SELECT a.offre_id, any_value(o.nom), count(DISTINCT a.partenaire_id) FROM reponses_prix a "
                         "LEFT JOIN offres o ON o.id = a.offre_id GROUP BY a.offre_id ORDER BY a.offre_id",
    }[table]
    return [(row[0], row[1] or row[0], int(row[2])) for row in con.execute(sql).fetchall()]


def priced_offers(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Offers with Van Westendorp or Gabor–Granger answers → a French label with their answer counts."""
    counts: dict[str, dict] = {}
    for table, key in (("prix_acceptables", "vw"), ("reponses_prix", "gg")):
        for offer_id, name, n in offers_with_answers(con, table):
            counts.setdefault(offer_id, {"name": name})[key] = n
    labels = {}
    for offer_id, c in sorted(counts.items()):
        parts = [f"{c['vw']} × prix acceptables" if "vw" in c else "",
                 f"{c['gg']} × oui/non" if "gg" in c else ""]
        labels[offer_id] = f"{c['name']} ({offer_id}) — " + ", ".join(p for p in parts if p)
    return labels


def price_answers(con: duckdb.DuckDBPyConnection, offer_id: str) -> pd.DataFrame:
    """Van Westendorp answers for one offer, with the respondent's sector (filiere)."""
    return con.execute(
        "SELECT a.partenaire_id, a.offre_id, a.trop_bon_marche, a.bon_marche, a.cher, a.trop_cher, p.filiere "
        "FROM prix_acceptables a LEFT JOIN partenaires p ON p.id = a.partenaire_id "
        "WHERE a.offre_id = ? ORDER BY a.partenaire_id", [offer_id]).df()


def acceptable_ranges(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, float]]:
    """Per offer with Van Westendorp answers: the range its partners find acceptable (prix plancher, prix
    plafond), when the survey gives both points — what a price proposed by the goal seek is checked against."""
    ranges = {}
    for offer_id, _, _ in offers_with_answers(con, "prix_acceptables"):
        psm = van_westendorp(price_answers(con, offer_id))
        if psm.pmc is not None and psm.pme is not None:
            ranges[offer_id] = (psm.pmc, psm.pme)
    return ranges


def acceptance_answers(con: duckdb.DuckDBPyConnection, offer_id: str) -> pd.DataFrame:
    """Gabor–Granger answers for one offer."""
    return con.execute(
        "SELECT partenaire_id, offre_id, prix, accepte FROM reponses_prix WHERE offre_id = ? "
        "ORDER BY partenaire_id, prix", [offer_id]).df()


def choose_offer(frame: pd.DataFrame, offer_id: str | None) -> pd.DataFrame:
    """The rows of one offer: the one asked for, or the only one present; PricingError otherwise."""
    present = sorted(frame["offre_id"].dropna().unique())
    if offer_id is None:
        if len(present) > 1:
            raise PricingError(f"Les réponses portent sur plusieurs offres ({', '.join(present)}) : "
                               "précisez laquelle avec --offer.")
        return frame
    rows = frame[frame["offre_id"] == offer_id]
    if rows.empty:
        known = ", ".join(present) if present else "aucune"
        raise PricingError(f"Aucune réponse pour l'offre « {offer_id} ». Offres présentes : {known}.")
    return rows


def format_point(value: float | None) -> str:
    """A price point for display, « — » when missing."""
    if pd.isna(value):
        return "—"
    # Cents are false precision on an annual price read from a survey, except for small prices.
    return euros(value, decimals=0 if float(value).is_integer() or abs(value) >= 20 else 2)

