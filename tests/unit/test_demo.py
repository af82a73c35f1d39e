"""The demo territories: deterministic, realistic, loaded through the users' import path."""

import datetime as dt
import filecmp

import pytest

from otmodel import db
from otmodel.demo import scenarios as demo_scenarios
from otmodel.demo import territories as demo
from otmodel.model import engine


def test_generation_is_deterministic_and_matches_the_committed_files(tmp_path):
    for name in demo.DEMOS:
        generated = demo.generate(name, tmp_path / name)
        committed = demo.DEMO_ROOT / name
        files = sorted(p.name for p in generated.glob("*.csv"))
        assert files, name
        _, mismatch, errors = filecmp.cmpfiles(generated, committed, files, shallow=False)
        assert (mismatch, errors) == ([], []), f"regenerate data/demo/{name}: python -m otmodel init --demo {name}"


@pytest.fixture(scope="module")
def destination(demo_paths):
    con = db.connect(demo_paths["destination"], read_only=True)
    yield con
    con.close()


def test_destination_has_the_scale_the_issue_asks_for(destination):
    counts = db.row_counts(destination)
    assert 1400 <= counts["partenaires"] <= 1600
    partners = destination.execute("SELECT count(*) FROM partenaires WHERE statut = 'partenaire'").fetchone()[0]
    assert 550 <= partners <= 650
    assert 20 <= counts["offres"] <= 30
    spheres, families, packs = destination.execute(
        "SELECT count(DISTINCT sphere), count(DISTINCT famille), count(*) FILTER (type = 'pack') FROM offres"
    ).fetchone()
    assert spheres == 4 and families >= 6 and packs >= 3
    years = [r[0] for r in destination.execute("SELECT DISTINCT annee FROM souscriptions ORDER BY 1").fetchall()]
    assert years == [2023, 2024, 2025, 2026]  # 2026: the year followed, half gone
    respondents, themes = destination.execute(
        "SELECT count(DISTINCT partenaire_id), count(DISTINCT theme) FROM besoins").fetchone()
    assert 240 <= respondents <= 260 and 10 <= themes <= 15
    assert destination.execute("SELECT count(DISTINCT offre_id) FROM prix_acceptables").fetchone()[0] >= 5
    assert destination.execute("SELECT objectif, base_objectif FROM structure").fetchone() == (200000, "resultat")


def test_destination_renewal_is_realistic(destination):
    renewed, paying_last_year = destination.execute("""
        WITH paid AS (SELECT DISTINCT partenaire_id, annee FROM souscriptions WHERE montant > 0)
        SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM paid n WHERE n.partenaire_id = p.partenaire_id
                                              AND n.annee = 2025)),
               count(*)
        FROM paid p WHERE annee = 2024""").fetchone()
    assert 0.80 <= renewed / paying_last_year <= 0.90
    newcomers = destination.execute(
        "SELECT count(*) FROM partenaires WHERE statut = 'partenaire' AND depuis = 2025").fetchone()[0]
    assert newcomers > 0


def test_rural_is_small_and_mostly_free(demo_paths):
    con = db.connect(demo_paths["rural"], read_only=True)
    counts = db.row_counts(con)
    assert 170 <= counts["partenaires"] <= 190 and 6 <= counts["offres"] <= 10
    partners = con.execute("SELECT count(*) FROM partenaires WHERE statut = 'partenaire'").fetchone()[0]
    assert 60 <= partners <= 80
    free = con.execute("SELECT count(*) FROM offres WHERE prix = 0").fetchone()[0]
    assert free > counts["offres"] / 2
    totals = engine.evaluate(con).totals
    assert (totals.target_amount, totals.target_basis) == (3000, "revenue")
    con.close()


def test_destination_baseline_is_within_reach_of_its_target(demo_paths):
    con = db.connect(demo_paths["destination"], read_only=True)
    totals = engine.evaluate(con).totals
    con.close()
    # A demo worth debating: a gap, but one that scenarios can close; staff within capacity.
    assert -80_000 < totals.gap < 0
    assert totals.staff_hours < totals.staff_hours_available


@pytest.mark.parametrize("territory", demo.DEMOS)
def test_each_demo_has_a_saved_scenario_that_reaches_its_target_found_by_goal_seek(demo_copy, territory):
    from otmodel.demo import scenarios as demo_scenarios
    from otmodel.model import goalseek
    from otmodel.model.scenario import parse_scenario
    from otmodel.scenarios import store

    with db.connect(demo_copy(territory)) as con:
        demo_scenarios.install(con, territory)
        facts = engine.load_facts(con)
        entry = next(e for e in demo_scenarios.DEMO_SCENARIOS[territory] if "seek" in e)
        saved = store.get(con, entry["spec"]["name"])
        totals = engine.apply(facts, saved.scenario).totals
        assert totals.gap >= 0 and saved.status == "retenu"
        # What the goal seek finds on the starting point, rounded up to the step, is what was saved.
        start = parse_scenario(entry["spec"])
        seek = entry["seek"]
        found = (goalseek.price_for_target(facts, start, seek["offer"]) if "offer" in seek
                 else goalseek.uniform_change_for_target(facts, start))
        assert found.reached
        for offer_id, choice in found.scenario.offers.items():
            if choice.mode == "paid" and not isinstance(choice.price, dict):
                kept = saved.scenario.offers[offer_id].price
                assert choice.price <= kept < choice.price + seek["step"]
        # Credible: no paid price rises more than 25 % above the price the starting point asked or paid.
        current = engine.apply(facts, engine.Scenario()).offers.set_index("id")
        for offer_id, choice in saved.scenario.offers.items():
            if choice.mode == "paid" and not isinstance(choice.price, dict):
                before = start.offers[offer_id].price if offer_id in start.offers else (
                    current.at[offer_id, "revenue"] / max(current.at[offer_id, "subscribers"], 1))
                assert choice.price <= 1.25 * before + seek["step"], offer_id


def test_destination_follows_half_a_year_of_its_applied_scenario(destination):
    """The base year is dated (its monthly profile projects 2026), older years are not; 2026 runs to 30 June at
    the prices of the scenario applied, without the offer it stops."""
    dated = dict(destination.execute("SELECT annee, count(date) FROM souscriptions GROUP BY ALL").fetchall())
    assert dated[2023] == dated[2024] == 0 and dated[2025] > 4000
    first, last, saison = destination.execute(
        "SELECT min(date), max(date), count(*) FILTER (offre_id = 'O-SAISON') FROM souscriptions "
        "WHERE annee = 2026").fetchone()
    assert (first.year, last, saison) == (2026, dt.date(2026, 6, 30), 0)
    followed = demo.DESTINATION.followed
    spec = next(e["spec"] for e in demo_scenarios.DEMO_SCENARIOS["destination"] if e["spec"]["name"] ==
                followed.scenario)
    assert {o: c["price"] for o, c in spec["offers"].items() if c["mode"] == "paid"} == followed.prices
    assert tuple(o for o, c in spec["offers"].items() if c["mode"] == "stopped") == followed.stopped
    prices = dict(destination.execute("SELECT offre_id, max(montant) FROM souscriptions WHERE annee = 2026 AND "
                                      "offre_id LIKE 'P-%' GROUP BY ALL").fetchall())
    assert prices["P-HEB"] == 280 and prices["P-PREMIUM"] == 1100
