"""From the Écoute page to a saved scenario, on the small territory (tests/data/petit)."""

from __future__ import annotations

import pytest

from otmodel.data import importer
from otmodel.listening import actions as listening_actions
from otmodel.listening import survey as listening
from otmodel.model import engine
from otmodel.model.scenario import ScenarioError
from otmodel.scenarios import store as scenario_store


def test_use_price_creates_then_updates_a_scenario(small_con):
    saved = listening_actions.use_price(small_con, "Écoute", "PHOTO", 120, source="prix optimal")
    assert saved.scenario.offers["PHOTO"].mode == "paid" and saved.scenario.offers["PHOTO"].price == 120
    assert "Prix de PHOTO : 120 € (prix optimal)." in saved.notes
    listening_actions.use_price(small_con, "Écoute", "CLUB", 0)
    reloaded = scenario_store.load(small_con, "Écoute")
    assert reloaded.offers["PHOTO"].price == 120  # kept
    assert reloaded.offers["CLUB"].mode == "free"
    assert engine.evaluate(small_con, reloaded).totals is not None


def test_use_price_refusals(small_con):
    with pytest.raises(ScenarioError, match="Offre inconnue"):
        listening_actions.use_price(small_con, "Écoute", "NOPE", 10)
    with pytest.raises(ScenarioError, match="positif"):
        listening_actions.use_price(small_con, "Écoute", "PHOTO", -1)
    with pytest.raises(ScenarioError, match="année de référence"):
        listening_actions.use_price(small_con, "Situation actuelle", "PHOTO", 10)


def test_add_offer_draft_inserts_the_offer_and_chooses_it(small_con):
    importer.import_file(small_con, "besoins",
                         "partenaire_id;theme;importance;satisfaction;commentaire\nH1;Mobilité des visiteurs;5;1;\n"
                         "H2;Visibilité;2;4;\n".encode())
    assert listening.uncovered_needs(small_con)["theme"].tolist() == ["Mobilité des visiteurs"]
    offer_id, saved = listening_actions.add_offer_draft(small_con, "Mobilité des visiteurs", "Écoute", price=40,
                                                        expected_subscribers=3)
    assert offer_id == "A-CREER-MOBILITE_DES_VISITEURS"
    row = small_con.execute("SELECT cycle, theme_besoin, prix, sphere FROM offres WHERE id = ?", [offer_id]).fetchone()
    assert row == ("a_creer", "Mobilité des visiteurs", 40.0, "a_la_carte")
    assert saved.scenario.offers[offer_id].expected_subscribers == 3
    # 3 expected subscribers × 40 € = 120 € of revenue for the new offer, no cost yet.
    offers = engine.evaluate(small_con, saved.scenario).offers.set_index("id")
    assert offers.loc[offer_id, "revenue"] == pytest.approx(120)
    assert listening.uncovered_needs(small_con).empty  # the draft now answers the need
    second, _ = listening_actions.add_offer_draft(small_con, "Mobilité des visiteurs", "Autre", mode="free")
    assert second == "A-CREER-MOBILITE_DES_VISITEURS-2"


def test_add_offer_draft_refused_leaves_nothing(small_con):
    before = small_con.execute("SELECT count(*) FROM offres").fetchone()[0]
    with pytest.raises(ScenarioError, match="prix supérieur à 0"):
        listening_actions.add_offer_draft(small_con, "Navette", "Écoute", mode="paid", price=0)
    with pytest.raises(ScenarioError, match="année de référence"):
        listening_actions.add_offer_draft(small_con, "Navette", "Situation actuelle", mode="free")
    assert small_con.execute("SELECT count(*) FROM offres").fetchone()[0] == before
    assert scenario_store.names(small_con) == []


def test_add_offer_draft_is_one_transaction(small_con, monkeypatch):
    """The offer is inserted before the scenario is saved: a refused save must take the offer away too."""
    before = small_con.execute("SELECT count(*) FROM offres").fetchone()[0]

    def refuse(con, saved):
        raise ScenarioError("refusé pour le test")

    monkeypatch.setattr(scenario_store, "save", refuse)
    with pytest.raises(ScenarioError, match="refusé pour le test"):
        listening_actions.add_offer_draft(small_con, "Navette", "Écoute", mode="free")
    assert small_con.execute("SELECT count(*) FROM offres").fetchone()[0] == before


def test_expected_subscribers_from_the_acceptance_curve(small_con):
    importer.import_file(small_con, "reponses_prix",
                         b"partenaire_id;offre_id;prix;accepte\nH1;PHOTO;10;oui\nH2;PHOTO;10;oui\n"
                         b"H1;PHOTO;30;oui\nH2;PHOTO;30;non\n")
    # PHOTO targets hébergement and restauration: partners H1, H2, R1 = 3.
    # Acceptance at 20 € = (1 + 0.5) / 2 = 0.75 → 2.25 (rounded to one decimal).
    assert listening_actions.target_partners(small_con, "PHOTO") == 3
    assert listening_actions.expected_from_acceptance(small_con, "PHOTO", 20) == pytest.approx(2.25, abs=0.06)
    assert listening_actions.expected_from_acceptance(small_con, "WEB", 20) is None
    # NEW (à créer) has no subscriber in 2025; WEB has four.
    assert listening_actions.is_new_offer(small_con, "NEW") and not listening_actions.is_new_offer(small_con, "WEB")
