"""Peer to peer, as PILOT compares offices: an office's indicators against those of offices like it — the same
size class (businesses of the territory) and legal form, the same touristicité quartile, or all offices.

Definitions (docs/methodes.md, « Le réseau ») :
- quartiles and median: linear interpolation between the sorted values (Excel's QUARTILE.INC, numpy's and
  DuckDB's `quantile_cont` default): the value at position p × (n − 1), p = 0,25 / 0,5 / 0,75;
- an office's quartile counts from the lowest values: 1 when its value ≤ Q1, 2 when ≤ the median, 3 when ≤ Q3,
  4 above — whatever « better » means for the indicator, which its rank says;
- rank: 1 for the best value of the group (the highest, or the lowest when a lower value is better; the highest
  when neither is), ties sharing the better rank (1, 2, 2, 4);
- a group of fewer than MIN_GROUP offices with a value shows no quartiles (nor Q1, Q3): it says so;
- touristicité: tourist beds per 100 inhabitants, cut in quartiles over the offices that know it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.errors import Refused
from otmodel.network import settings
from otmodel.network.folder import Network, Refusal
from otmodel.network.indicators import INDICATORS, Indicator

MIN_GROUP = 5
# Size classes by businesses of the territory: (from, up to excluded); None: no upper bound.
SIZE_CLASSES: tuple[tuple[int, int | None], ...] = ((0, 300), (300, 1_000), (1_000, 3_000), (3_000, None))


class CompareError(Refused):
    """A comparison that cannot be made (French message)."""


def size_class(businesses: float) -> int:
    """The index of the size class of an office with `businesses` businesses."""
    return next(i for i, (low, high) in enumerate(SIZE_CLASSES) if businesses >= low and (high is None
                                                                                          or businesses < high))


def size_label(index: int) -> str:
    low, high = SIZE_CLASSES[index]
    if high is None:
        return f"{fmt.number(low)} entreprises et plus"
    if low == 0:
        return f"moins de {fmt.number(high)} entreprises"
    return f"{fmt.number(low)} à {fmt.number(high - 1)} entreprises"


def quartiles(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """(Q1, median, Q3) by linear interpolation (numpy's default, Excel's QUARTILE.INC)."""
    q1, median, q3 = np.quantile(np.asarray(values, dtype=float), [0.25, 0.5, 0.75])
    return float(q1), float(median), float(q3)


def quartile_of(value: float, q1: float, median: float, q3: float) -> int:
    """1 to 4, from the lowest values: 1 when value ≤ Q1, 2 when ≤ median, 3 when ≤ Q3, else 4."""
    return 1 if value <= q1 else 2 if value <= median else 3 if value <= q3 else 4


def rank_of(value: float, values: pd.Series | np.ndarray, better: bool | None) -> int:
    """1 for the best; ties share the better rank. Lower is better only when `better` is False."""
    values = np.asarray(values, dtype=float)
    ahead = values < value if better is False else values > value
    return int(ahead.sum()) + 1


@dataclass(frozen=True)
class Group:
    """The peer group: how it was chosen, its label, its members (office names)."""

    by: str
    label: str
    members: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def too_small(self) -> bool:
        return self.size < MIN_GROUP

    @property
    def note(self) -> str:
        if not self.too_small:
            return ""
        return (f"Groupe de {self.size} office{'s' if self.size > 1 else ''} : moins de {MIN_GROUP}, les quartiles "
                "ne sont pas montrés (trop peu d'offices pour qu'ils aient un sens).")

    def to_json(self) -> dict:
        return {"by": self.by, "label": self.label, "size": self.size, "note": self.note}


@dataclass(frozen=True)
class Standing:
    """One indicator: the office's value among its peers'."""

    indicator: Indicator
    value: float | None
    median: float | None
    q1: float | None
    q3: float | None
    quartile: int | None
    rank: int | None
    peers: int  # offices of the group with a value
    peer_values: tuple[float, ...] = ()  # the group's values (the office's included), for the strips

    def to_json(self) -> dict:
        return {"key": self.indicator.key, "label": self.indicator.label, "value": self.value,
                "median": self.median, "q1": self.q1, "q3": self.q3, "quartile": self.quartile, "rank": self.rank,
                "peers": self.peers}


@dataclass(frozen=True)
class Comparison:
    office: str | None
    year: int
    offices: int  # offices compared: those of the network with figures for the year
    refused: tuple[Refusal, ...]
    group: Group | None
    standings: tuple[Standing, ...]

    def standing(self, key: str) -> Standing:
        return next(s for s in self.standings if s.indicator.key == key)

    def to_json(self) -> dict:
        return {"office": self.office, "year": self.year, "offices": self.offices,
                "refused": [r.to_json() for r in self.refused],
                "group": self.group.to_json() if self.group else None,
                "indicators": [s.to_json() for s in self.standings]}


def find_office(network: Network, name: str) -> str:
    """The office's name as the network writes it: exactly, else without case, accents nor punctuation."""
    present = set(network.offices["office"])
    if name in present:
        return name
    folded = {vocab.normalise(n): n for n in present}
    if vocab.normalise(name) in folded:
        return folded[vocab.normalise(name)]
    names = network.names()
    shown = " ; ".join(names[:8]) + (" …" if len(names) > 8 else "")
    raise CompareError(f"« {name} » n'est pas dans le réseau lu ({len(names)} offices : {shown}). Écrivez le nom "
                       "tel que dans la structure de l'office.")


def _year_for(network: Network, office: str | None, year: int | None) -> int:
    own = network.offices if office is None else network.offices[network.offices["office"] == office]
    years = sorted(int(y) for y in own["annee"].unique())
    if year is None:
        return years[-1]
    if year not in years:
        who = f"« {office} »" if office else "Le réseau"
        raise CompareError(f"{who} n'a pas de chiffres pour {year} (années : {', '.join(map(str, years))}).")
    return year


def peer_group(offices: pd.DataFrame, office: pd.Series | None, by: str) -> Group:
    """The offices of the year like `office` (one row of `offices`), by size class and legal form (taille_statut),
    size (taille), legal form (statut), touristicité quartile (touristicite) or all (tous)."""
    if by not in settings.GROUPS:
        raise CompareError(f"Groupe de pairs inconnu « {by} ». Groupes : {', '.join(settings.GROUPS)}.")
    if office is None or by == "tous":
        return Group("tous", "Tous les offices", tuple(offices["office"]))
    if by == "touristicite":
        return _touristicity_group(offices, office)
    same = pd.Series(True, index=offices.index)
    parts = []
    if by in ("taille_statut", "taille"):
        mine = size_class(office["entreprises"])
        same &= offices["entreprises"].map(size_class) == mine
        parts.append(size_label(mine))
    if by in ("taille_statut", "statut"):
        same &= offices["statut_juridique"] == office["statut_juridique"]
        parts.append(vocab.label(vocab.STATUTS_JURIDIQUES, office["statut_juridique"]))
    return Group(by, "Offices de " + ", ".join(parts) if by != "statut" else f"Offices {parts[0]}",
                 tuple(offices.loc[same, "office"]))


def touristicities(offices: pd.DataFrame) -> pd.Series:
    """Tourist beds per 100 inhabitants of each office (NaN where not known)."""
    return pd.Series([settings.touristicity(p if pd.notna(p) else None, b if pd.notna(b) else None)
                      for p, b in zip(offices["population"], offices["lits_touristiques"], strict=True)],
                     index=offices.index, dtype=float)


def _touristicity_group(offices: pd.DataFrame, office: pd.Series) -> Group:
    ratios = touristicities(offices)
    mine = ratios.get(office.name)
    if mine is None or math.isnan(mine):
        raise CompareError(f"La touristicité de « {office['office']} » n'est pas connue : renseignez sa population et "
                           "ses lits touristiques (page Réseau), puis exportez à nouveau.")
    known = ratios.dropna()
    q1, median, q3 = quartiles(known)
    quarter = quartile_of(mine, q1, median, q3)
    members = known[[quartile_of(r, q1, median, q3) == quarter for r in known]].index
    low, high = [0.0, q1, median, q3, None][quarter - 1:quarter + 1]
    span = (f"plus de {_ratio(low)}" if high is None else f"jusqu'à {_ratio(high)}" if quarter == 1 else
            f"{_ratio(low)} à {_ratio(high)}")
    return Group("touristicite", f"Offices du {quarter}{'er' if quarter == 1 else 'e'} quartile de touristicité "
                                 f"({span} lits touristiques pour 100 habitants)",
                 tuple(offices.loc[members, "office"]))


def _ratio(value: float) -> str:
    """« 62,5 », « 150 »: a decimal only when there is one."""
    return fmt.number(value, 0 if round(value, 1) == round(value) else 1)


def standing(indicator: Indicator, values: pd.Series, own: float | None) -> Standing:
    """The office's value `own` among the group's `values` (NaN excluded)."""
    peers = values.dropna()
    count = len(peers)
    if not count:
        return Standing(indicator, own, None, None, None, None, None, 0)
    q1, median, q3 = quartiles(peers)
    enough = count >= MIN_GROUP
    known = own is not None and not math.isnan(own)
    return Standing(indicator, own if known else None, median, q1 if enough else None, q3 if enough else None,
                    quartile_of(own, q1, median, q3) if known and enough else None,
                    rank_of(own, peers, indicator.better) if known else None, count,
                    tuple(float(v) for v in peers))


def compare(network: Network, office: str | None = None, year: int | None = None,
            by: str = settings.DEFAULT_GROUP) -> Comparison:
    """Every indicator of `office` (or of the network alone) against its peer group for `year` (default: the
    office's latest year, or the network's)."""
    if network.offices.empty:
        raise CompareError("Aucun fichier du réseau n'a pu être lu : voyez les raisons données pour chacun.")
    name = find_office(network, office) if office else None
    year = _year_for(network, name, year)
    in_year = (network.offices["annee"] == year).to_numpy()
    offices, values = network.offices[in_year], network.values[in_year]
    row = offices[offices["office"] == name].iloc[0] if name else None
    group = peer_group(offices, row, by)
    peers = values[offices["office"].isin(group.members).to_numpy()]
    standings = tuple(standing(indicator, peers[indicator.key],
                               None if row is None else _known(values.at[row.name, indicator.key]))
                      for indicator in INDICATORS)
    return Comparison(name, year, len(offices), network.refused, group, standings)


def _known(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def quartile_text(quartile: int | None) -> str:
    """« 4e quartile (le quart le plus haut) »; « — » when none is shown."""
    if quartile is None:
        return "—"
    where = {1: " (le quart le plus bas)", 4: " (le quart le plus haut)"}.get(quartile, "")
    return f"{quartile}{'er' if quartile == 1 else 'e'} quartile{where}"


def standings_frame(result: Comparison) -> pd.DataFrame:
    """One row per indicator with a value in the group, written in its unit: indicateur, valeur, mediane, q1, q3,
    quartile, rang, offices, sens, cle."""
    rows = []
    for s in result.standings:
        if not s.peers:
            continue
        text = s.indicator.text
        rows.append({"cle": s.indicator.key, "indicateur": s.indicator.label, "valeur": text(s.value),
                     "mediane": text(s.median), "q1": text(s.q1), "q3": text(s.q3),
                     "quartile": quartile_text(s.quartile),
                     "rang": f"{s.rank} sur {s.peers}" if s.rank else "—", "offices": s.peers,
                     "sens": s.indicator.direction})
    return pd.DataFrame(rows, columns=["cle", "indicateur", "valeur", "mediane", "q1", "q3", "quartile", "rang",
                                       "offices", "sens"])
