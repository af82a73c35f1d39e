"""The offer catalogue and each offer's economics in the base year, its trend over the years, the packs.

The base-year figures are the model's current situation (otmodel.model.engine): subscribers, revenue, direct
costs, staff hours and their cost, result. Uptake = (subscribers + subscribers of the packs that contain the
offer) / eligible businesses (the businesses of the sectors the offer targets, former partners excepted: the
model's universe E), at most 100 %. Cost per subscriber = costs /
subscribers. Price vs reference = price / reference price.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from otmodel import db
from otmodel.data.schema import DESCRIPTION_LENGTH
from otmodel.errors import Conflict, Refused
from otmodel.model import engine
from otmodel.model.engine import Facts


def offer_economics(con: duckdb.DuckDBPyConnection, facts: Facts | None = None) -> pd.DataFrame:
    """One row per offer: id, nom, type, famille, sphere, portage, cycle, prix, prix_reference, souscripteurs,
    souscripteurs_packs, eligibles, adoption, recettes, couts_directs, heures, cout_heures, couts, resultat,
    cout_par_souscripteur, prix_vs_reference, theme_besoin, alignement."""
    facts = facts or engine.load_facts(con)
    current = engine.apply(facts, engine.Scenario())
    offers = current.offers
    eligible = facts.E.sum(axis=1)
    subscribers = offers["subscribers"].to_numpy(dtype=float)
    packs = con.execute("SELECT pack_id, offre_id FROM composition_packs").df()
    via_packs = _subscribers_through_packs(packs, offers)
    with np.errstate(divide="ignore", invalid="ignore"):
        uptake = np.where(eligible > 0, np.minimum(subscribers + via_packs, eligible) / eligible, np.nan)
        per_subscriber = np.where(subscribers > 0, offers["costs"].to_numpy(dtype=float) / subscribers, np.nan)
    reference = pd.to_numeric(offers["prix_reference"], errors="coerce")
    return pd.DataFrame({
        "id": offers["id"], "nom": offers["nom"], "type": offers["type"], "famille": offers["famille"],
        "sphere": offers["sphere"], "portage": offers["portage"], "cycle": offers["cycle"], "prix": offers["prix"],
        "prix_reference": reference, "souscripteurs": subscribers, "souscripteurs_packs": via_packs,
        "eligibles": eligible, "adoption": uptake,
        "recettes": offers["revenue"], "couts_directs": offers["direct_costs"], "heures": offers["staff_hours"],
        "cout_heures": offers["staff_cost"], "couts": offers["costs"], "resultat": offers["margin"],
        "cout_par_souscripteur": per_subscriber,
        "prix_vs_reference": np.where(reference > 0, offers["prix"] / reference, np.nan),
        "theme_besoin": offers["theme_besoin"], "alignement": offers["alignement"],
    }).reset_index(drop=True)


def _subscribers_through_packs(packs: pd.DataFrame, offers: pd.DataFrame) -> np.ndarray:
    """Per offer, the subscribers of the packs that contain it (a service delivered inside packs)."""
    by_pack = dict(zip(offers["id"], offers["subscribers"], strict=True))
    reached = packs.assign(n=packs["pack_id"].map(by_pack).fillna(0.0)).groupby("offre_id")["n"].sum()
    return offers["id"].map(reached).fillna(0.0).to_numpy(dtype=float)


def totals_by(economics: pd.DataFrame, column: str) -> pd.DataFrame:
    """Economics summed by sphere or portage: code, offres, souscripteurs, recettes, couts, heures, resultat."""
    grouped = economics.groupby(column).agg(offres=("id", "count"), souscripteurs=("souscripteurs", "sum"),
                                            recettes=("recettes", "sum"), couts=("couts", "sum"),
                                            heures=("heures", "sum"), resultat=("resultat", "sum"))
    return grouped.reset_index().rename(columns={column: "code"})


def trends(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per offer and year up to the base year: offre_id, annee, souscripteurs (distinct businesses), recettes
    (amounts paid). A later year is the one in progress, followed against its plan (otmodel.followup): half a
    year would read as a fall."""
    return con.execute("""
        SELECT offre_id, annee, count(DISTINCT partenaire_id) AS souscripteurs, sum(montant) AS recettes
        FROM souscriptions WHERE annee <= (SELECT max(annee) FROM structure) GROUP BY ALL ORDER BY offre_id, annee
    """).df()


def trend_table(con: duckdb.DuckDBPyConnection, value: str = "souscripteurs") -> pd.DataFrame:
    """Offers × years of one trend value, with the change from the first to the last year (evolution, a share)."""
    long = trends(con)
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot(index="offre_id", columns="annee", values=value).fillna(0)
    first, last = wide.columns.min(), wide.columns.max()
    wide["evolution"] = np.where(wide[first] > 0, wide[last] / wide[first].where(wide[first] > 0) - 1, np.nan)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def packs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each pack with its price and contents: id, nom, prix, contenu (names joined with ' + ')."""
    return con.execute("""
        SELECT p.id, p.nom, p.prix, string_agg(c.nom, ' + ' ORDER BY c.nom) AS contenu
        FROM offres p LEFT JOIN composition_packs k ON k.pack_id = p.id LEFT JOIN offres c ON c.id = k.offre_id
        WHERE p.type = 'pack' GROUP BY ALL ORDER BY p.id
    """).df()


def descriptions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every offer's description for the partners' guide: id, nom, description ("" when none)."""
    return con.execute("SELECT id, nom, coalesce(description, '') AS description FROM offres ORDER BY id").df()


def save_descriptions(con: duckdb.DuckDBPyConnection, changes: dict[str, tuple[str, str]]) -> str:
    """Save the descriptions changed on the page: offer id → (as the page showed it, as typed). All or nothing;
    a description another session changed since the page showed it is never overwritten (Conflict), one too long
    is refused (Refused), both naming the offer. Returns what was done, in French."""
    with db.transaction(con):  # read and written in one transaction: no other save slips in between
        stored = dict(con.execute("SELECT id, coalesce(description, '') FROM offres WHERE id IN (SELECT unnest(?))",
                                  [list(changes)]).fetchall())
        for offer_id, (before, after) in changes.items():
            if offer_id not in stored:
                raise Refused(f"L'offre « {offer_id} » n'existe plus : rien n'a été enregistré.")
            if stored[offer_id] != before:
                raise Conflict(f"La description de « {offer_id} » a été modifiée depuis une autre session : rien "
                               "n'a été enregistré. Relisez-la, puis recommencez.")
            if len(after.strip()) > DESCRIPTION_LENGTH:
                raise Refused(f"La description de « {offer_id} » est trop longue ({len(after.strip())} caractères, "
                              f"{DESCRIPTION_LENGTH} au plus) : raccourcissez-la. Rien n'a été enregistré.")
            con.execute("UPDATE offres SET description = ? WHERE id = ?", [after.strip() or None, offer_id])
    return f"{len(changes)} description(s) enregistrée(s)." if changes else "Aucune description modifiée."
