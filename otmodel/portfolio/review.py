"""The yearly review: per offer, the indicators that matter and a suggested decision with its reasons.

The rule (documented in docs/methodes.md, « La revue annuelle ») takes the first case that applies:
1. a planned offer (cycle « à créer ») → **créer** when its need is expressed, else **arrêter** (not launched);
2. a little-used offer (uptake below `min_uptake`) whose need is not expressed, or an offer already marked
   « à arrêter » that is little used or whose need is not expressed → **relayer** when it is strongly aligned
   with the territory project (alignment ≥ `strong_alignment`: the mission matters, another body can carry
   it), else **arrêter**;
3. an in-house offer needing a skill nobody in the team has → **sous-traiter** when it is sold (à la carte,
   premium), else **relayer**;
4. an expressed need with a low satisfaction (below `min_satisfaction`) → **adapter**;
5. a paid offer whose result is negative → **adapter** (price or content to review);
6. an in-house offer sold à la carte or premium whose carriers are over capacity → **sous-traiter**;
7. otherwise → **maintenir** (an overloaded carrier is then named among the reasons).
A need is expressed when the survey's mean importance of the offer's theme reaches `need_importance`, or when
at least `min_mentions` meetings of the log name it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import duckdb
import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.listening import log
from otmodel.model import engine
from otmodel.portfolio import offers as catalogue
from otmodel.portfolio import team

SOLD_SPHERES = ("a_la_carte", "premium")


@dataclass(frozen=True)
class Thresholds:
    """The review's thresholds, adjustable on the Revue page."""

    min_uptake: float = 0.05
    need_importance: float = 3.5
    min_mentions: int = log.MIN_MENTIONS
    min_satisfaction: float = 3.0
    strong_alignment: int = 3
    overload: float = team.OVERLOAD


@dataclass(frozen=True)
class Suggestion:
    """One offer of the review: its indicators, the suggested decision (a vocab.DECISIONS code), the reasons."""

    offer: str
    name: str
    indicators: dict
    suggestion: str
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"offer": self.offer, "name": self.name, "indicators": self.indicators, "suggestion": self.suggestion,
                "reasons": self.reasons}


def indicators(con: duckdb.DuckDBPyConnection, thresholds: Thresholds = Thresholds()) -> pd.DataFrame:
    """One row per offer: the catalogue's economics, the need (survey, log), the team's flags."""
    facts = engine.load_facts(con)
    economics = catalogue.offer_economics(con, facts)
    needs = log.needs_with_log(con)
    needs.index = needs["theme"].map(vocab.normalise)
    capacity = team.capacity(con, economics, thresholds.overload).offers.set_index("id")
    available = float(facts.structure["heures_disponibles"])
    rows = []
    for offer in economics.to_dict("records"):
        key = vocab.normalise(offer["theme_besoin"]) if isinstance(offer["theme_besoin"], str) else None
        need = needs.loc[key] if key in needs.index else None
        flags = capacity.loc[offer["id"]]
        rows.append({**offer, "importance": None if need is None else _number(need["importance"]),
                     "repondants": 0 if need is None else int(need["respondents"]),
                     "satisfaction": None if need is None else _number(need["satisfaction"]),
                     "mentions": 0 if need is None else int(need["mentions"]),
                     "part_heures": offer["heures"] / available if available else None,
                     "competences": flags["competences"], "competences_manquantes": flags["manquantes"],
                     "porteurs": flags["porteurs"], "porteurs_surcharges": flags["surcharges"]})
    return pd.DataFrame(rows)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 4)


def suggest(row: dict, thresholds: Thresholds = Thresholds()) -> tuple[str, list[str]]:
    """The suggested decision for one offer's indicators, and its reasons in plain French."""
    t = thresholds
    importance, satisfaction = _known(row.get("importance")), _known(row.get("satisfaction"))
    mentions = row.get("mentions") or 0
    need_by_survey = importance is not None and importance >= t.need_importance
    need_by_log = mentions >= t.min_mentions
    need = need_by_survey or need_by_log
    need_text = _need_text(row, t)
    uptake = row.get("adoption")
    through_packs = row.get("souscripteurs_packs") or 0
    uptake_text = ("aucune entreprise éligible" if uptake is None or _nan(uptake) else
                   f"taux de souscription {fmt.percent(uptake)} ("
                   f"{fmt.number(min(row['souscripteurs'] + through_packs, row['eligibles']))} sur "
                   f"{fmt.number(row['eligibles'])} entreprises éligibles"
                   + (f", dont {fmt.number(through_packs)} par les packs" if through_packs else "") + ")")
    if row["cycle"] == "a_creer":
        if need:
            return "creer", ["Offre prévue (cycle « à créer »).", f"Besoin exprimé : {need_text}."]
        return "arreter", ["Offre prévue (cycle « à créer ») mais aucun besoin exprimé : ne pas la lancer.",
                           f"{_sentence(need_text)}."]
    little_used = uptake is not None and not _nan(uptake) and uptake < t.min_uptake
    marked = row["cycle"] == "a_arreter"
    if (little_used and not need) or (marked and (little_used or not need)):
        reasons = (["Déjà marquée « à arrêter » dans les offres."] if marked else []) + (
            [f"Peu souscrite : {uptake_text} (seuil {fmt.percent(t.min_uptake, 0)})."] if little_used else []) + (
            [f"Besoin : {need_text}."] if need else [f"Besoin peu exprimé : {need_text}."])
        if row["alignement"] >= t.strong_alignment:
            return "relayer", [*reasons, f"Alignement fort sur le projet de territoire ({row['alignement']}/3) : "
                                         "la confier à un partenaire plutôt que l'abandonner."]
        return "arreter", [*reasons, f"Alignement sur le projet de territoire : {row['alignement']}/3."]
    missing = row.get("competences_manquantes") or []
    if missing and row["portage"] == "interne":
        reason = f"Compétence absente de l'équipe : {', '.join(missing)}."
        if row["sphere"] in SOLD_SPHERES:
            return "sous_traiter", [reason, "Service vendu : le faire faire par un prestataire."]
        return "relayer", [reason, "Mission gratuite ou de socle : la relayer vers un organisme qui sait la faire."]
    if need and satisfaction is not None and satisfaction < t.min_satisfaction:
        return "adapter", [f"Besoin exprimé ({need_text}) mais satisfaction faible : "
                           f"{fmt.number(satisfaction, 1)}/5 (seuil {fmt.number(t.min_satisfaction, 1)}).",
                           "Revoir le contenu ou la manière de rendre le service."]
    if row["prix"] > 0 and row["resultat"] < 0:
        reasons = [f"Service payant dont le résultat est négatif : {fmt.euros(row['resultat'])} "
                   f"(coût par souscripteur {fmt.euros(row['cout_par_souscripteur'])} pour un prix de "
                   f"{fmt.euros(row['prix'])})."]
        ratio = row.get("prix_vs_reference")
        if ratio is not None and not _nan(ratio) and ratio < 1:
            reasons.append(f"Prix inférieur au prix de référence ({fmt.euros(row['prix_reference'])}).")
        return "adapter", [*reasons, "Revoir le prix ou le contenu."]
    overloaded = row.get("porteurs_surcharges") or []
    overload_text = (f"Porteur au-delà de ses heures disponibles : {', '.join(overloaded)} "
                     f"({fmt.number(row['heures'])} h d'équipe par an pour cette offre).")
    if overloaded and row["portage"] == "interne" and row["sphere"] in SOLD_SPHERES:
        return "sous_traiter", [overload_text, "Service vendu : un prestataire peut le rendre à sa place."]
    reasons = [f"{_sentence(uptake_text)}.", f"Besoin : {need_text}.",
               f"Résultat : {fmt.euros(row['resultat'])}."]
    if overloaded:
        reasons.append(f"À surveiller — {overload_text[0].lower()}{overload_text[1:]}")
    return "maintenir", reasons


def _sentence(text: str) -> str:
    """Upper-case first letter, the rest untouched (str.capitalize would lower « O-WEB » and names)."""
    return text[:1].upper() + text[1:]


def _known(value: object) -> float | None:
    """A survey mean, or None when the theme has no answer (NaN after a trip through pandas)."""
    return None if value is None or _nan(value) else float(value)


def _nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _need_text(row: dict, t: Thresholds) -> str:
    theme = row.get("theme_besoin")
    if not isinstance(theme, str) or not theme:
        return "aucun thème de besoin renseigné pour l'offre"
    parts = []
    if _known(row.get("importance")) is not None:
        parts.append(f"importance {fmt.number(row['importance'], 1)}/5 dans l'enquête "
                     f"({fmt.number(row['repondants'])} répondant(s), seuil {fmt.number(t.need_importance, 1)})")
    else:
        parts.append("thème absent de l'enquête")
    parts.append(f"{fmt.number(row.get('mentions', 0))} rencontre(s) du carnet (seuil {t.min_mentions})")
    return f"« {theme} » : " + ", ".join(parts)


INDICATOR_KEYS = ("souscripteurs", "souscripteurs_packs", "eligibles", "adoption", "recettes", "couts", "resultat",
                  "importance", "repondants", "satisfaction", "mentions", "alignement", "heures", "part_heures",
                  "competences", "competences_manquantes", "porteurs", "porteurs_surcharges", "sphere", "portage",
                  "cycle", "prix", "prix_reference", "theme_besoin")


def review(con: duckdb.DuckDBPyConnection, thresholds: Thresholds = Thresholds()) -> list[Suggestion]:
    """Every offer with its indicators, suggested decision and reasons, in the catalogue's order (by id)."""
    out = []
    for row in indicators(con, thresholds).to_dict("records"):
        decision, reasons = suggest(row, thresholds)
        out.append(Suggestion(row["id"], row["nom"], {k: _plain(row[k]) for k in INDICATOR_KEYS}, decision, reasons))
    return out


def _plain(value: object) -> object:
    """JSON-friendly: numpy numbers → float/int, NaN → None."""
    if isinstance(value, list):
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return round(value, 4) if isinstance(value, float) else value


def as_frame(suggestions: list[Suggestion]) -> pd.DataFrame:
    """The review as a table for the page: offer, name, suggestion, reasons and the main indicators."""
    return pd.DataFrame([{"offre": s.offer, "nom": s.name, "suggestion": s.suggestion, "raisons": " ".join(s.reasons),
                          **s.indicators} for s in suggestions])


def thresholds_json(thresholds: Thresholds) -> dict:
    return asdict(thresholds)
