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

Newton–Miller–Smith (purchase intent), as psm_analysis(pi_cheap, pi_expensive): two more questions ask how likely
the respondent is to buy at her « bon marché » and at her « cher » price (1 = certainement pas … 5 =
certainement). The calibration turns each answer into a purchase probability (5 → 0,7, 4 → 0,5, 3 → 0,3,
2 → 0,1, 1 → 0) and gives 0 at her « trop bon marché » and « trop cher » prices. Her probability at any grid
price is linear between her four prices and constant outside them (R's approx(rule = 2)); reach(p) is the
mean over respondents (weighted mean when weighted), revenue(p) = p × reach(p). The reach-optimal and
revenue-optimal prices are the first grid prices where each is highest; with interpolation, the revenue is
also maximised inside each segment (reach is linear there, so p × reach is a parabola): R gets the same
within its 0,01 grid step. A respondent who left one of the two intent questions empty is left out of the
reach (R would count her as never buying), and the page says how many.

Weights by sector (psm_analysis_weighted, with weights instead of a survey design): a respondent weighs
(share of her filière in the territory) / (share of her filière among the respondents analysed), the
territory's shares taken over the filières that have respondents. The four curves are weighted empirical
distributions (share of the weight of the answers ≤ p); the reach is a weighted mean; Gabor–Granger's
acceptance at a price is the weighted share of « oui ». Equal weights give exactly the unweighted figures.

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

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused
from otmodel.format import euros
from otmodel.listening.survey import OVER, UNDER

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
# On screen, in words: a French director reads « PME » as « petites et moyennes entreprises ». The method's
# acronyms go in the help (POINT_HELP), for those who know the literature.
POINT_LABELS: dict[str, str] = {
    "pmc": "Prix plancher",
    "opp": "Prix optimal",
    "idp": "Prix d'indifférence",
    "pme": "Prix plafond",
}
POINT_HELP: dict[str, str] = {
    "pmc": "PMC (point of marginal cheapness) : en dessous, trop de partenaires trouvent le service trop bon marché "
           "pour être sérieux.",
    "opp": "OPP (optimal price point) : autant de partenaires le trouvent trop cher que trop bon marché.",
    "idp": "IDP (indifference price point) : autant de partenaires le trouvent cher que bon marché.",
    "pme": "PME (point of marginal expensiveness) : au-dessus, trop de partenaires le trouvent trop cher.",
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


# The four curves the chart draws, so that each point sits where two drawn curves cross. Original definition:
# R's psm_plot (« pas bon marché » × « pas cher » crosses where « bon marché » × « cher » does: the IDP).
# Narrower: its two bounds need « bon marché » and « cher » themselves.
DRAWN_CURVES: dict[str, tuple[str, ...]] = {
    "original": ("too_cheap", "not_cheap", "not_expensive", "too_expensive"),
    "narrower": ("too_cheap", "cheap", "expensive", "too_expensive"),
}
DRAWN_CROSSINGS: dict[str, dict[str, tuple[str, str]]] = {
    "original": {**_CROSSINGS["original"], "idp": ("not_cheap", "not_expensive")},
    "narrower": _CROSSINGS["narrower"],
}


@dataclass(frozen=True)
class Marker:
    """A price point as drawn: at `price`, `height` up, where the drawn curves `curves` cross."""

    point: str
    price: float
    height: float
    curves: tuple[str, str]


def markers(result: PsmResult) -> list[Marker]:
    """The points found, each at the crossing of two of the drawn curves (DRAWN_CURVES[definition]).

    Interpolated, the curves are drawn as straight segments and cross at (price, either curve there). Without
    interpolation they are drawn as steps (each value held until the next price) and the point is the first
    grid price past the crossing, where both curves jump: they meet on that vertical, in the middle of the
    overlap of their two jumps.
    """
    curves, found = result.curves, []
    prices = curves["price"].to_numpy()
    for point in POINT_LABELS:  # left to right: plancher, optimal, indifférence, plafond
        pair = DRAWN_CROSSINGS[result.definition][point]
        price = result.point(point)
        if price is None:
            continue
        first, second = (curves[c].to_numpy() for c in pair)
        if result.interpolated:
            height = float(np.interp(price, prices, first))
        else:
            i = int(np.searchsorted(prices, price))
            before = max(i - 1, 0)
            low = max(min(first[before], first[i]), min(second[before], second[i]))
            high = min(max(first[before], first[i]), max(second[before], second[i]))
            height = float((low + high) / 2)
        found.append(Marker(point, float(price), height, pair))
    return found


class PricingError(Refused):
    """Answers that cannot be analysed; the French message says why and what to do."""


INTENT_COLUMNS = ("intention_bon_marche", "intention_cher")
INTENT_SCALE: dict[int, str] = {5: "Certainement", 4: "Probablement", 3: "Peut-être", 2: "Probablement pas",
                                1: "Certainement pas"}


@dataclass(frozen=True)
class Calibration:
    """The purchase probability of each intent answer (`by_answer[k - 1]` for answer k, 1 to 5) and at the
    respondent's « trop bon marché » and « trop cher » prices. The default is R's (Newton, Miller, Smith)."""

    by_answer: tuple[float, float, float, float, float] = (0.0, 0.1, 0.3, 0.5, 0.7)
    too_cheap: float = 0.0
    too_expensive: float = 0.0

    def __post_init__(self) -> None:
        if len(self.by_answer) != len(INTENT_SCALE):
            raise PricingError(f"L'étalonnage donne une probabilité par réponse, de 1 à 5 : {len(INTENT_SCALE)} "
                               f"valeurs attendues, {len(self.by_answer)} reçues.")
        named = {f"« {INTENT_SCALE[k]} » ({k})": v for k, v in zip(range(1, 6), self.by_answer, strict=True)}
        named |= {"« trop bon marché »": self.too_cheap, "« trop cher »": self.too_expensive}
        for name, value in named.items():
            if pd.isna(value) or not 0 <= value <= 1:
                raise PricingError(f"Étalonnage : la probabilité d'achat pour {name} doit être entre 0 et 1 "
                                   f"(reçu : {value}).")

    def probability(self, answers: pd.Series) -> np.ndarray:
        """Probabilities of intent answers 1 to 5 (NaN for an empty answer)."""
        table = np.array(self.by_answer, dtype=float)
        values = pd.to_numeric(answers, errors="coerce").to_numpy(dtype=float)
        known = ~np.isnan(values)
        out = np.full(len(values), np.nan)
        out[known] = table[values[known].astype(int) - 1]
        return out

    def to_json(self) -> dict[str, float]:
        return {**{str(k): float(self.by_answer[k - 1]) for k in INTENT_SCALE},
                "trop_bon_marche": float(self.too_cheap), "trop_cher": float(self.too_expensive)}

    def describe(self) -> str:
        """« 5 → 0,7 ; 4 → 0,5 ; 3 → 0,3 ; 2 → 0,1 ; 1 → 0 ; trop bon marché → 0 ; trop cher → 0 »."""
        parts = [f"{k} → {fmt.number(self.by_answer[k - 1], 2).rstrip('0').rstrip(',')}" for k in INTENT_SCALE]
        parts += [f"{name} → {fmt.number(value, 2).rstrip('0').rstrip(',')}"
                  for name, value in (("trop bon marché", self.too_cheap), ("trop cher", self.too_expensive))]
        return " ; ".join(parts)


DEFAULT_CALIBRATION = Calibration()


@dataclass(frozen=True)
class SectorWeights:
    """Weight of each filière: its share of the territory over its share of the respondents.

    `table`: code, territory (businesses), respondents, share_territory (over the filières having
    respondents), share_respondents, weight. `unrepresented`: filières of the territory without a respondent,
    which no weight can bring back.
    """

    table: pd.DataFrame
    unrepresented: tuple[str, ...] = ()

    def of(self, sectors: pd.Series) -> np.ndarray:
        """Each respondent's weight from her filière (1 when it is unknown)."""
        weights = dict(zip(self.table["code"], self.table["weight"], strict=True))
        return np.array([weights.get(s, 1.0) for s in sectors], dtype=float)

    @property
    def unbalanced(self) -> bool:
        """True when a filière is over- or under-represented (the thresholds of the Écoute page)."""
        ratio = self.table["share_respondents"] / self.table["share_territory"]
        return bool(((ratio > OVER) | (ratio < UNDER)).any())

    def to_json(self) -> dict[str, float]:
        return {str(c): _as_float(w) for c, w in zip(self.table["code"], self.table["weight"], strict=True)}

    def describe(self) -> str:
        """« Hébergement × 0,62 ; Restauration × 1,85 » (most weighed first)."""
        rows = self.table.sort_values("weight", ascending=False)
        return " ; ".join(f"{vocab.label(vocab.FILIERES, c)} × {fmt.number(w, 2)}"
                          for c, w in zip(rows["code"], rows["weight"], strict=True))


def sector_weights(sectors: pd.Series, territory: pd.Series) -> SectorWeights:
    """Weights of respondents whose filières are `sectors`, from the territory's businesses per filière
    (`territory`: filière code → count). A respondent's filière absent from the territory is refused."""
    respondents = sectors.dropna().value_counts()
    if respondents.empty:
        raise PricingError("Pondérer par filière : aucun répondant n'a de filière connue (partenaires.csv).")
    counts = territory.reindex(respondents.index).fillna(0)
    missing = [str(c) for c in counts.index[counts <= 0]]
    if missing:
        raise PricingError(f"Pondérer par filière : la filière {', '.join(missing)} a des répondants mais aucune "
                           "entreprise dans la base (partenaires.csv). Importez les entreprises du territoire.")
    table = pd.DataFrame({"code": respondents.index.astype(str), "territory": counts.to_numpy(dtype=int),
                          "respondents": respondents.to_numpy(dtype=int)})
    table["share_territory"] = table["territory"] / table["territory"].sum()
    table["share_respondents"] = table["respondents"] / table["respondents"].sum()
    table["weight"] = table["share_territory"] / table["share_respondents"]
    table = table.sort_values("code").reset_index(drop=True)
    unrepresented = tuple(sorted(str(c) for c, n in territory.items() if n > 0 and c not in set(table["code"])))
    return SectorWeights(table, unrepresented)


@dataclass(frozen=True)
class PurchaseIntent:
    """Newton–Miller–Smith: `table` has price, reach (share who would buy), revenue (price × reach)."""

    table: pd.DataFrame
    price_optimal_reach: float
    price_optimal_revenue: float
    n: int  # respondents who answered both intent questions
    n_without: int  # valid respondents left out: an intent question left empty
    calibration: Calibration

    def reach_at(self, price: float) -> float:
        """Reach at any price: linear between the prices of the table (as each respondent's), flat beyond."""
        return float(np.interp(price, self.table["price"], self.table["reach"]))

    def to_json(self) -> dict:
        return {"price_optimal_reach": _as_float(self.price_optimal_reach),
                "price_optimal_revenue": _as_float(self.price_optimal_revenue),
                "reach_optimal_reach": _as_float(self.reach_at(self.price_optimal_reach)),
                "reach_optimal_revenue": _as_float(self.reach_at(self.price_optimal_revenue)),
                "n_intent": self.n, "calibration": self.calibration.to_json()}


@dataclass(frozen=True)
class PsmResult:
    """A Van Westendorp analysis: counts, curves on the price grid, the four points (None: no crossing),
    the purchase intent (None without the two intent questions) and the weights (None: unweighted)."""

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
    intent: PurchaseIntent | None = None
    weights: SectorWeights | None = None

    @property
    def weighted(self) -> bool:
        return self.weights is not None

    def point(self, name: str) -> float | None:
        return getattr(self, name)

    def figures(self) -> dict[str, float | None]:
        """The prices a director decides between: the four points and, with purchase intent, the two optima."""
        found: dict[str, float | None] = {p: self.point(p) for p in ("pmc", "opp", "idp", "pme")}
        if self.intent is not None:
            found |= {"price_optimal_reach": self.intent.price_optimal_reach,
                      "price_optimal_revenue": self.intent.price_optimal_revenue}
        return found

    def to_json(self) -> dict:
        out = {"n_valid": self.n_valid, "n_invalid": self.n_invalid, "opp": self.opp, "idp": self.idp,
               "pmc": self.pmc, "pme": self.pme, "definition": self.definition,
               "interpolated": self.interpolated, "nms": self.intent is not None, "weighted": self.weighted}
        if self.intent is not None:
            out |= self.intent.to_json()
        if self.weights is not None:
            out["weights"] = self.weights.to_json()
        return out


def _as_float(value: float) -> float:
    return float(round(value, 6))


def valid_mask(answers: pd.DataFrame) -> pd.Series:
    """Respondents whose answers are ordered too cheap < cheap < expensive < too expensive (missing = invalid)."""
    a = answers[list(QUESTIONS)].astype(float)
    ordered = (a["trop_bon_marche"] < a["bon_marche"]) & (a["bon_marche"] < a["cher"]) & (a["cher"] < a["trop_cher"])
    return ordered & a.notna().all(axis=1)


def psm_curves(valid: pd.DataFrame, weights: np.ndarray | None = None) -> pd.DataFrame:
    """The six curves on the sorted set of all prices given (share of respondents, or of their weight, 0 to 1)."""
    weights = np.ones(len(valid)) if weights is None else np.asarray(weights, dtype=float)
    answers = {q: valid[q].astype(float).to_numpy() for q in QUESTIONS}
    grid = np.unique(np.concatenate(list(answers.values())))
    total = weights.sum()

    def ecdf(question: str) -> np.ndarray:  # weight of the answers ≤ p over the total, as R's ecdf() / svycdf()
        order = np.argsort(answers[question], kind="stable")
        below = np.concatenate([[0.0], np.cumsum(weights[order])])
        return below[np.searchsorted(answers[question][order], grid, side="right")] / total

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


def has_intent(answers: pd.DataFrame) -> bool:
    """True when the answers carry the two purchase-intent questions, at least one respondent answering both."""
    return all(c in answers for c in INTENT_COLUMNS) and bool(answers[list(INTENT_COLUMNS)].notna().all(axis=1).any())


def purchase_intent(valid: pd.DataFrame, grid: np.ndarray, weights: np.ndarray | None = None, *,
                    calibration: Calibration = DEFAULT_CALIBRATION, interpolate: bool = True) -> PurchaseIntent:
    """Reach and revenue on the price grid from consistent respondents who answered both intent questions."""
    weights = np.ones(len(valid)) if weights is None else np.asarray(weights, dtype=float)
    answered = valid[list(INTENT_COLUMNS)].notna().all(axis=1).to_numpy()
    rows, weights = valid[answered], weights[answered]
    known = np.column_stack([
        np.full(len(rows), calibration.too_cheap),
        calibration.probability(rows["intention_bon_marche"]),
        calibration.probability(rows["intention_cher"]),
        np.full(len(rows), calibration.too_expensive)])
    prices = rows[list(QUESTIONS)].astype(float).to_numpy()
    # np.interp is R's approx(rule = 2): linear between her four prices, her nearest value outside them.
    matrix = np.vstack([np.interp(grid, x, y) for x, y in zip(prices, known, strict=True)])
    reach = weights @ matrix / weights.sum()
    table = pd.DataFrame({"price": np.asarray(grid, dtype=float), "reach": reach})
    if interpolate:
        table = _with_revenue_peaks(table)
    table["revenue"] = table["price"] * table["reach"]
    # idxmax: the first (lowest) price on a tie, as R's which.max.
    return PurchaseIntent(
        table=table, price_optimal_reach=float(table.loc[table["reach"].idxmax(), "price"]),
        price_optimal_revenue=float(table.loc[table["revenue"].idxmax(), "price"]), n=int(answered.sum()),
        n_without=int((~answered).sum()), calibration=calibration)


def _with_revenue_peaks(table: pd.DataFrame) -> pd.DataFrame:
    """Add the top of p × reach(p) inside each segment where it has one: reach falls linearly there,
    reach = r1 + s (p − p1) with s < 0, and p × reach is highest at p = p1 / 2 − r1 / (2 s)."""
    p1, p2 = table["price"].to_numpy()[:-1], table["price"].to_numpy()[1:]
    r1, r2 = table["reach"].to_numpy()[:-1], table["reach"].to_numpy()[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (r2 - r1) / (p2 - p1)
        peak = p1 / 2 - r1 / (2 * slope)
    inside = (slope < 0) & (peak > p1) & (peak < p2)
    if not inside.any():
        return table
    added = pd.DataFrame({"price": peak[inside], "reach": r1[inside] + slope[inside] * (peak[inside] - p1[inside])})
    return pd.concat([table, added]).sort_values("price", kind="stable").reset_index(drop=True)


def van_westendorp(answers: pd.DataFrame, *, definition: str = "original", interpolate: bool = True,
                   territory: pd.Series | None = None,
                   calibration: Calibration = DEFAULT_CALIBRATION) -> PsmResult:
    """Analyse Van Westendorp answers (columns trop_bon_marche, bon_marche, cher, trop_cher; with
    intention_bon_marche and intention_cher, the purchase intent too).

    `territory` (filière → businesses of the territory) weighs each respondent by her filière: the answers
    then need a `filiere` column.
    """
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
    valid = answers[valid_rows]
    weights = None if territory is None else sector_weights(valid["filiere"], territory)
    each = None if weights is None else weights.of(valid["filiere"])
    curves = psm_curves(valid, each)
    points, notes = price_points(curves, definition=definition, interpolate=interpolate)
    if n_invalid:
        notes.insert(0, f"{n_invalid} réponse(s) écartée(s) : prix non rangés dans l'ordre trop bon marché < "
                        "bon marché < cher < trop cher.")
    intent = None
    if has_intent(valid):
        intent = purchase_intent(valid, curves["price"].to_numpy(), each, calibration=calibration,
                                 interpolate=interpolate)
        if intent.n_without:
            notes.append(f"{intent.n_without} réponse(s) sans les deux intentions d'achat : comptées dans les "
                         "courbes de prix, pas dans la portée.")
    return PsmResult(n_valid=n_valid, n_invalid=n_invalid, definition=definition, interpolated=interpolate,
                     curves=curves, notes=notes, intent=intent, weights=weights, **points)


def van_westendorp_by(answers: pd.DataFrame, column: str = "filiere", *, min_answers: int = MIN_SECTOR_ANSWERS,
                      definition: str = "original", interpolate: bool = True,
                      calibration: Calibration = DEFAULT_CALIBRATION) -> dict[str, PsmResult]:
    """One analysis per group (sector by default) having at least `min_answers` valid answers (unweighted:
    inside one filière, every respondent weighs the same)."""
    results = {}
    for group, part in answers.groupby(column, sort=True):
        if int(valid_mask(part).sum()) >= min_answers:
            results[str(group)] = van_westendorp(part, definition=definition, interpolate=interpolate,
                                                 calibration=calibration)
    return results


FIGURE_LABELS: dict[str, str] = {**POINT_LABELS, "price_optimal_reach": "Prix qui touche le plus de partenaires",
                                 "price_optimal_revenue": "Prix qui rapporte le plus"}


def weighting_shifts(weighted: PsmResult, unweighted: PsmResult) -> list[tuple[str, float, float]]:
    """(label, unweighted, weighted) of each figure that both analyses found, in the order of FIGURE_LABELS."""
    before, after = unweighted.figures(), weighted.figures()
    return [(label, float(before[name]), float(after[name])) for name, label in FIGURE_LABELS.items()
            if before.get(name) is not None and after.get(name) is not None]


# --- Gabor–Granger ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GaborGranger:
    """Acceptance per price asked; `table` has price, n, accepted, acceptance, revenue."""

    table: pd.DataFrame
    elasticity: list[float | None]  # arc elasticity between price i and i+1 (None: no buyer at either)
    best_price: float
    weights: SectorWeights | None = None  # None: every respondent weighs the same

    def acceptance_at(self, price: float) -> float:
        """Acceptance at any price, linear between the prices asked, flat beyond them."""
        return float(np.interp(price, self.table["price"], self.table["acceptance"]))

    def to_json(self) -> dict:
        return {"prices": [float(p) for p in self.table["price"]],
                "acceptance": [_as_float(a) for a in self.table["acceptance"]],
                "revenue": [_as_float(r) for r in self.table["revenue"]],
                "elasticity": self.elasticity, "best_price": float(self.best_price),
                "weighted": self.weights is not None,
                **({"weights": self.weights.to_json()} if self.weights is not None else {})}


def arc_elasticity(p1: float, q1: float, p2: float, q2: float) -> float | None:
    """(Δq / mean q) / (Δp / mean p); None when nobody buys at either price."""
    if q1 + q2 == 0 or p1 + p2 == 0 or p1 == p2:
        return None
    return _as_float(((q2 - q1) / ((q1 + q2) / 2)) / ((p2 - p1) / ((p1 + p2) / 2)))


def gabor_granger(answers: pd.DataFrame, *, territory: pd.Series | None = None) -> GaborGranger:
    """Analyse Gabor–Granger answers (columns partenaire_id, prix, accepte as booleans).

    `territory` (filière → businesses) weighs each respondent by her filière (answers with a `filiere`
    column): acceptance is then the weighted share of « oui »; `accepted` stays the count of « oui ».
    """
    if answers.empty:
        raise PricingError("Aucune réponse « achèteriez-vous à ce prix ? » pour cette offre : importez "
                           "reponses_prix.csv ou choisissez une autre offre.")
    accepted = answers["accepte"].map(lambda v: bool(v) if v is not None and not pd.isna(v) else None)
    frame = pd.DataFrame({"price": answers["prix"].astype(float), "accepte": accepted}).dropna()
    weights = None
    frame["weight"] = 1.0
    if territory is not None:
        respondents = answers.drop_duplicates("partenaire_id")
        weights = sector_weights(respondents["filiere"], territory)
        frame["weight"] = weights.of(answers.loc[frame.index, "filiere"])
    frame["yes"] = frame["accepte"].astype(bool) * frame["weight"]
    table = frame.groupby("price", sort=True).agg(n=("accepte", "count"), accepted=("accepte", "sum"),
                                                  yes=("yes", "sum"), weight=("weight", "sum")).reset_index()
    table["accepted"] = table["accepted"].astype(int)
    table["acceptance"] = table["yes"] / table["weight"]
    table["revenue"] = table["price"] * table["acceptance"]
    table = table.drop(columns=["yes", "weight"])
    if len(table) < 2:
        raise PricingError("Un seul prix a été proposé : il faut au moins deux prix pour une courbe "
                           "d'acceptation (méthode Gabor–Granger).")
    rows = table.to_dict("records")
    elasticity = [arc_elasticity(a["price"], a["acceptance"], b["price"], b["acceptance"])
                  for a, b in itertools.pairwise(rows)]
    best = float(table.loc[table["revenue"].idxmax(), "price"])  # idxmax: first (lowest) price on a tie
    return GaborGranger(table=table, elasticity=elasticity, best_price=best, weights=weights)


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
        labels[offer_id] = f"{c['name']} — " + ", ".join(p for p in parts if p)  # a name, never an internal code
    return labels


def price_answers(con: duckdb.DuckDBPyConnection, offer_id: str) -> pd.DataFrame:
    """Van Westendorp answers for one offer (with the intent questions when the base has them), with the
    respondent's sector (filiere)."""
    # a.*: a base not yet migrated (opened read-only by the command line) has no intent columns.
    return con.execute(
        "SELECT a.*, p.filiere FROM prix_acceptables a LEFT JOIN partenaires p ON p.id = a.partenaire_id "
        "WHERE a.offre_id = ? ORDER BY a.partenaire_id", [offer_id]).df()


def acceptable_ranges(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, float]]:
    """Per offer with Van Westendorp answers: the range its partners find acceptable (prix plancher, prix
    plafond), when the survey gives both points — what a price proposed by the goal seek is checked against.
    Weighted by filière when a filière is over- or under-represented, as the Écoute page shows it by default;
    an offer whose answers cannot be analysed (all inconsistent) has no range."""
    territory = territory_by_sector(con)
    ranges = {}
    for offer_id, _, _ in offers_with_answers(con, "prix_acceptables"):
        answers = price_answers(con, offer_id)
        try:
            psm = van_westendorp(answers, territory=territory)
            if not psm.weights.unbalanced:
                psm = van_westendorp(answers)
        except PricingError:
            continue
        if psm.pmc is not None and psm.pme is not None:
            ranges[offer_id] = (psm.pmc, psm.pme)
    return ranges


def acceptance_answers(con: duckdb.DuckDBPyConnection, offer_id: str) -> pd.DataFrame:
    """Gabor–Granger answers for one offer, with the respondent's sector (filiere)."""
    return con.execute(
        "SELECT a.partenaire_id, a.offre_id, a.prix, a.accepte, p.filiere FROM reponses_prix a "
        "LEFT JOIN partenaires p ON p.id = a.partenaire_id WHERE a.offre_id = ? "
        "ORDER BY a.partenaire_id, a.prix", [offer_id]).df()


def territory_by_sector(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """Businesses of the territory per filière (the whole partenaires table: partners or not)."""
    rows = con.execute("SELECT filiere, count(*) FROM partenaires GROUP BY filiere ORDER BY filiere").fetchall()
    return pd.Series({code: int(n) for code, n in rows}, dtype=int)


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

