"""From listening to deciding: put a price from the price analysis into a saved scenario, and turn a need
without an offer (« service à créer ») into an offer draft (cycle a_creer) chosen in a scenario.

How the acceptance curve (Gabor–Granger) feeds a scenario: for an offer that has no subscriber in the
base year (a new offer), the model cannot use an elasticity — it takes the « souscripteurs attendus »
of the scenario. `expected_from_share` estimates them as acceptance(price) — or the reach of the purchase
intent — × the current partners the offer targets; the page offers it as a choice. For an offer that
already has subscribers, the model keeps applying its price elasticity to the base-year subscribers.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb

from otmodel import db, vocab
from otmodel.listening import pricing
from otmodel.model.scenario import OfferChoice, Scenario, ScenarioError
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario

DRAFT_PREFIX = "A-CREER-"


def _saved_or_new(con: duckdb.DuckDBPyConnection, name: str, author: str) -> SavedScenario:
    name = store.check_name(name)
    if store.exists(con, name):
        return store.get(con, name)
    return SavedScenario(Scenario(name=name), author=author)


def _with_note(saved: SavedScenario, note: str) -> str:
    return f"{saved.notes}\n{note}".strip()


def use_price(con: duckdb.DuckDBPyConnection, scenario_name: str, offer_id: str, price: float, *,
              source: str = "", expected_subscribers: float | None = None, author: str = "") -> SavedScenario:
    """Set an offer's price in a saved scenario, creating the scenario when the name is new.

    A price of 0 makes the offer free. The expected subscribers already in the scenario are kept unless
    new ones are given. `source` (e.g. « prix optimal Van Westendorp ») is written in the scenario's notes.
    """
    if price < 0:
        raise ScenarioError(f"Le prix doit être positif ou nul (reçu : {price:g}).")
    if offer_id not in store.offer_ids(con):
        raise ScenarioError(f"Offre inconnue « {offer_id} » : vérifiez l'identifiant.")
    saved = _saved_or_new(con, scenario_name, author)
    previous = saved.scenario.choice(offer_id)
    price = round(float(price), 2)
    choice = OfferChoice(mode="paid" if price > 0 else "free", price=price if price > 0 else None,
                         expected_subscribers=expected_subscribers if expected_subscribers is not None
                         else previous.expected_subscribers)
    offers = {**saved.scenario.offers, offer_id: choice}
    note = f"Prix de {offer_id} : {pricing.format_point(price)}" + (f" ({source})" if source else "") + "."
    return store.save(con, replace(saved, scenario=replace(saved.scenario, offers=offers),
                                            notes=_with_note(saved, note)))


def draft_id(con: duckdb.DuckDBPyConnection, theme: str) -> str:
    """A new offer id from the theme: A-CREER-MOBILITE_DES_VISITEURS, then …-2, …-3 if taken."""
    base = (DRAFT_PREFIX + vocab.normalise(theme).upper())[:60]
    taken = store.offer_ids(con)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_offer_draft(con: duckdb.DuckDBPyConnection, theme: str, scenario_name: str, *, nom: str | None = None,
                    mode: str = "paid", price: float = 0.0, expected_subscribers: float = 0.0,
                    famille: str = "autre", author: str = "") -> tuple[str, SavedScenario]:
    """Insert an offer draft (cycle a_creer, theme_besoin = theme) and choose it in a saved scenario.

    The draft has no cost yet (to be estimated in the offers); mode « paid » needs a price above 0.
    Returns the new offer id and the saved scenario. Nothing is kept if the scenario cannot be saved.
    """
    if mode not in ("paid", "free"):
        raise ScenarioError(f"Mode « {mode} » impossible pour un nouveau service : payant (paid) ou gratuit (free).")
    if mode == "paid" and price <= 0:
        raise ScenarioError("Un service payant a besoin d'un prix supérieur à 0 €.")
    if expected_subscribers < 0:
        raise ScenarioError("Le nombre de souscripteurs attendus doit être positif ou nul.")
    if famille not in vocab.FAMILLES:
        raise ScenarioError(f"Famille inconnue « {famille} ». Familles : {', '.join(vocab.FAMILLES)}.")
    store.check_name(scenario_name)
    offer_id = draft_id(con, theme)
    sphere = "a_la_carte" if mode == "paid" else "socle"
    with db.transaction(con):  # the offer and the scenario that chooses it: both or neither
        con.execute(
            "INSERT INTO offres (id, nom, famille, type, sphere, prix, filieres_cibles, cout_fixe, cout_unitaire, "
            "heures_fixes, heures_unitaires, portage, alignement, cycle, prix_reference, theme_besoin) "
            "VALUES (?, ?, ?, 'service', ?, ?, []::VARCHAR[], 0, 0, 0, 0, 'interne', 2, 'a_creer', NULL, ?)",
            [offer_id, (nom or f"Nouveau service : {theme}").strip()[:200], famille, sphere,
             float(price) if mode == "paid" else 0.0, theme])
        saved = _saved_or_new(con, scenario_name, author)
        choice = OfferChoice(mode=mode, price=round(float(price), 2) if mode == "paid" else None,
                             expected_subscribers=float(expected_subscribers))
        offers = {**saved.scenario.offers, offer_id: choice}
        note = f"Service à créer « {theme} » ajouté ({offer_id}), coûts à chiffrer."
        saved = store.save(con, replace(saved, scenario=replace(saved.scenario, offers=offers),
                                        notes=_with_note(saved, note)))
    return offer_id, saved


def is_new_offer(con: duckdb.DuckDBPyConnection, offer_id: str) -> bool:
    """True when nobody subscribed to the offer in the base year: the model then needs expected subscribers."""
    return con.execute(
        "SELECT count(*) = 0 FROM souscriptions WHERE offre_id = ? AND annee = (SELECT max(annee) FROM structure)",
        [offer_id]).fetchone()[0]


def target_partners(con: duckdb.DuckDBPyConnection, offer_id: str) -> int:
    """Current partners (statut partenaire) in the sectors an offer targets (all sectors when none)."""
    return con.execute(
        "SELECT count(*) FROM partenaires p, offres o WHERE o.id = ? AND p.statut = 'partenaire' "
        "AND (len(o.filieres_cibles) = 0 OR list_contains(o.filieres_cibles, p.filiere))", [offer_id]).fetchone()[0]


def expected_from_share(con: duckdb.DuckDBPyConnection, offer_id: str, share: float) -> float:
    """Expected subscribers: the share who would buy at the chosen price (Gabor–Granger acceptance, or the
    reach of the purchase intent) × the partners the offer targets."""
    return round(share * target_partners(con, offer_id), 1)


def expected_from_acceptance(con: duckdb.DuckDBPyConnection, offer_id: str, price: float) -> float | None:
    """Acceptance(price) × targeted partners, from the Gabor–Granger answers; None without answers."""
    answers = pricing.acceptance_answers(con, offer_id)
    if answers.empty or answers["prix"].nunique() < 2:
        return None
    return expected_from_share(con, offer_id, pricing.gabor_granger(answers).acceptance_at(price))
