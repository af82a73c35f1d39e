"""The revenue model, rule by rule, on the small hand-checked territory (tests/data/petit).

The territory, base year 2025, ε = 0.5, κ = 0.35, λ = 1.5, h = 40 €/h unless a test says otherwise:
  universe (statut ≠ ancien): hebergement 3 (H1 H2 H3), restauration 2 (R1 R2), loisirs 1 (L1) = 6
  WEB   free, targets heb|rest: n0 heb 3, rest 1, p0 0 — fixed 100 € + 1 h, unit 0,5 h
  PHOTO paid, heb|rest: heb n0 1 at 150 €, rest n0 1 at 120 € — unit 50 € + 1 h (90 €)
  CLUB  free, heb, no subscriber — fixed 20 € + 2 h, unit 5 € + 0,5 h
  PACK  pack (contains CLUB), heb: n0 2 at 190 € (200 and 180) — fixed 50 €, unit 10 € + 1 h
        + CLUB's 5 € + 0,5 h → 75 € per subscriber
  NEW   à créer, targets commerce|restauration (commerce universe 0: C1 is ancien), prix 80, ref 60
Baseline: revenue 650, costs 700 (direct 300, staff 10 h = 400), margin −50, gap −1 050, coverage 5/6.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otmodel import db, vocab
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario


def run(con, spec: dict) -> engine.Evaluation:
    return engine.evaluate(con, parse_scenario(spec))


def offer(evaluation: engine.Evaluation, offer_id: str) -> dict:
    return evaluation.offers.set_index("id").loc[offer_id].to_dict()


def test_baseline_reproduces_the_base_year(small_con):
    ev = run(small_con, {})
    t = ev.totals
    assert (t.revenue, t.costs, t.direct_costs, t.staff_cost) == (650, 700, 300, 400)
    assert (t.margin, t.target_amount, t.target_basis, t.gap) == (-50, 1000, "margin", -1050)
    assert (t.subscriptions, t.staff_hours, t.staff_hours_available) == (8, 10, 100)
    assert t.public_coverage == pytest.approx(5 / 6)
    assert offer(ev, "WEB")["costs"] == 220  # 100 + 1 h·40 + 4·0,5 h·40
    assert offer(ev, "NEW")["costs"] == 0  # à créer: inactive under keep


def test_paid_to_paid_follows_elasticity_per_sector(small_con):
    ev = run(small_con, {"assumptions": {"elasticity": {"hebergement": 0, "restauration": 1}},
                         "offers": {"PHOTO": {"mode": "paid", "price": 200}}})
    cells = ev.cells.set_index(["offre_id", "filiere"])
    assert cells.loc[("PHOTO", "hebergement"), "n"] == pytest.approx(1.0)  # ε 0: demand unchanged
    assert cells.loc[("PHOTO", "restauration"), "n"] == pytest.approx(0.6)  # 1 · (200/120)^−1
    photo = offer(ev, "PHOTO")
    assert photo["revenue"] == pytest.approx(200 + 120)
    assert photo["costs"] == pytest.approx(1.6 * 90)
    assert photo["staff_hours"] == pytest.approx(1.6)


def test_paid_to_paid_default_elasticity(small_con):
    photo = offer(run(small_con, {"offers": {"PHOTO": {"mode": "paid", "price": 200}}}), "PHOTO")
    heb, rest = math.sqrt(150 / 200), math.sqrt(120 / 200)
    assert photo["subscribers"] == pytest.approx(heb + rest)
    assert photo["revenue"] == pytest.approx(200 * (heb + rest))


def test_free_to_paid_without_reference_price(small_con):
    ev = run(small_con, {"offers": {"WEB": {"mode": "paid", "price": 10}}})
    web = offer(ev, "WEB")
    assert web["subscribers"] == pytest.approx(4 * 0.35)  # κ only: (p/p)^−ε = 1
    assert web["revenue"] == pytest.approx(14)
    assert web["costs"] == pytest.approx(100 + 40 + 1.4 * 20)
    assert web["staff_hours"] == pytest.approx(1 + 1.4 * 0.5)


def test_free_to_paid_with_reference_price(small_con):
    small_con.execute("UPDATE offres SET prix_reference = 20 WHERE id = 'WEB'")
    web = offer(run(small_con, {"offers": {"WEB": {"mode": "paid", "price": 80}}}), "WEB")
    assert web["subscribers"] == pytest.approx(4 * 0.35 * 0.5)  # (80/20)^−0,5 = 0,5
    assert web["revenue"] == pytest.approx(80 * 0.7)


def test_paid_to_free_uplift(small_con):
    ev = run(small_con, {"offers": {"PHOTO": {"mode": "free"}}})
    photo = offer(ev, "PHOTO")
    assert photo["subscribers"] == pytest.approx(3)  # (1 + 1) · 1,5
    assert (photo["revenue"], photo["costs"]) == (0, pytest.approx(270))
    assert ev.totals.revenue == pytest.approx(380)


def test_free_stays_free(small_con):
    web = offer(run(small_con, {"offers": {"WEB": {"mode": "free"}}}), "WEB")
    assert web["subscribers"] == 4


def test_cap_at_the_reachable_universe(small_con):
    ev = run(small_con, {"assumptions": {"paid_to_free_uplift": 2},
                         "offers": {"PACK": {"mode": "free"}, "NEW": {"mode": "free", "expected_subscribers": 10}}})
    pack = offer(ev, "PACK")
    assert pack["subscribers"] == 3  # 2 · 2 = 4, but only 3 businesses in hébergement
    assert pack["costs"] == pytest.approx(50 + 3 * 75)
    # NEW: commerce has no business of the universe, so all 10 go to restauration, capped at 2.
    assert offer(ev, "NEW")["subscribers"] == 2


def test_stopped_offer_costs_nothing(small_con):
    ev = run(small_con, {"offers": {"PHOTO": {"mode": "stopped"}}})
    photo = offer(ev, "PHOTO")
    assert (photo["subscribers"], photo["revenue"], photo["costs"], photo["staff_hours"]) == (0, 0, 0, 0)
    assert (ev.totals.revenue, ev.totals.costs) == (380, 520)


def test_pack_subscribers_consume_its_contents(small_con):
    pack = offer(run(small_con, {"offers": {"PACK": {"mode": "paid", "price": 190}}}), "PACK")
    assert pack["subscribers"] == pytest.approx(2)
    assert pack["direct_costs"] == pytest.approx(50 + 2 * (10 + 5))  # CLUB's 5 € per subscriber
    assert pack["staff_hours"] == pytest.approx(2 * (1 + 0.5))  # and its 0,5 h


def test_new_offer_spread_by_universe(small_con):
    small_con.execute("UPDATE offres SET filieres_cibles = ['hebergement', 'restauration'] WHERE id = 'NEW'")
    ev = run(small_con, {"offers": {"NEW": {"mode": "paid", "price": 80, "expected_subscribers": 2}}})
    cells = ev.cells.set_index(["offre_id", "filiere"])
    assert cells.loc[("NEW", "hebergement"), "n"] == pytest.approx(1.2)  # 2 · 3/5
    assert cells.loc[("NEW", "restauration"), "n"] == pytest.approx(0.8)  # 2 · 2/5
    new = offer(ev, "NEW")
    assert new["revenue"] == pytest.approx(160)
    assert new["costs"] == pytest.approx(30 + 4 * 40)
    # the price does not change the expected subscribers of a new offer
    dearer = offer(run(small_con, {"offers": {"NEW": {"mode": "paid", "price": 500, "expected_subscribers": 2}}}),
                   "NEW")
    assert dearer["subscribers"] == pytest.approx(2)


def test_new_offer_without_expected_subscribers_only_costs(small_con):
    new = offer(run(small_con, {"offers": {"NEW": {"mode": "paid", "price": 80}}}), "NEW")
    assert (new["subscribers"], new["costs"]) == (0, 30 + 4 * 40)


def test_per_sector_price_and_sector_keeping_p0(small_con):
    photo = offer(run(small_con, {"offers": {"PHOTO": {"mode": "paid", "price": {"hebergement": 300}}}}), "PHOTO")
    # hébergement at 300: 1 · (300/150)^−0,5; restauration keeps p0 = 120 and its subscriber.
    assert photo["subscribers"] == pytest.approx(math.sqrt(0.5) + 1)
    assert photo["revenue"] == pytest.approx(300 * math.sqrt(0.5) + 120)
    photo = offer(run(small_con, {"offers": {"PHOTO": {"mode": "paid", "price": {"default": 100,
                                                                                   "restauration": 240}}}}), "PHOTO")
    assert photo["revenue"] == pytest.approx(100 * math.sqrt(1.5) + 240 * math.sqrt(0.5))


def test_revenue_by_sector(small_con):
    by_sector = run(small_con, {}).revenue_by("filiere")
    assert by_sector["hebergement"] == pytest.approx(150 + 380)
    assert by_sector["restauration"] == pytest.approx(120)


def test_target_on_revenue_and_on_margin(small_con):
    assert run(small_con, {"target": {"amount": 500, "basis": "revenue"}}).totals.gap == pytest.approx(150)
    assert run(small_con, {"target": {"amount": 100, "basis": "margin"}}).totals.gap == pytest.approx(-150)
    small_con.execute("UPDATE structure SET base_objectif = 'recettes'")
    totals = run(small_con, {}).totals
    assert (totals.target_basis, totals.gap) == ("revenue", -350)


def test_hourly_cost_assumption(small_con):
    totals = run(small_con, {"assumptions": {"hourly_cost": 50}}).totals
    assert (totals.staff_cost, totals.costs) == (500, 800)


def test_public_coverage(small_con):
    # WEB paid: hébergement is still covered by CLUB (free, heb) → 3 of 6
    ev = run(small_con, {"offers": {"WEB": {"mode": "paid", "price": 10}}})
    assert ev.totals.public_coverage == pytest.approx(3 / 6)
    ev = run(small_con, {"offers": {"WEB": {"mode": "paid", "price": 10}, "CLUB": {"mode": "stopped"}}})
    assert ev.totals.public_coverage == 0
    # a free sector price counts for that sector only; a new free offer counts once active
    ev = run(small_con, {"offers": {"WEB": {"mode": "paid", "price": {"default": 10, "restauration": 0}},
                                    "CLUB": {"mode": "stopped"}, "NEW": {"mode": "free"}}})
    assert ev.totals.public_coverage == pytest.approx(2 / 6)


def test_missing_structure_is_explained(empty_con):
    with pytest.raises(engine.MissingDataError, match="structure"):
        engine.load_facts(empty_con)


# --- invariants on random territories ----------------------------------------------------------------

SECTORS = list(vocab.FILIERES)[:4]


@st.composite
def territories(draw):
    partners = draw(st.lists(st.tuples(st.sampled_from(SECTORS), st.sampled_from(list(vocab.STATUTS_PARTENAIRE))),
                             min_size=1, max_size=12))
    offers = []
    for i in range(draw(st.integers(1, 4))):
        offers.append(dict(
            id=f"O{i}", prix=draw(st.sampled_from([0.0, 40.0, 150.0])),
            cibles=draw(st.lists(st.sampled_from(SECTORS), unique=True, max_size=3)),
            cout_fixe=draw(st.sampled_from([0.0, 100.0])), cout_unitaire=draw(st.sampled_from([0.0, 7.5])),
            heures_fixes=draw(st.sampled_from([0.0, 3.0])), heures_unitaires=draw(st.sampled_from([0.0, 0.5])),
            cycle=draw(st.sampled_from(["existant", "existant", "a_arreter"]))))
    subscriptions = {}
    for p in range(len(partners)):
        for o in offers:
            if draw(st.booleans()):
                subscriptions[(f"P{p}", o["id"])] = draw(st.sampled_from([0.0, 35.0, 120.0, 199.99]))
    return partners, offers, subscriptions


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("inv") / "scratch.duckdb")
    yield con
    con.close()


SUBSCRIPTION = "INSERT INTO souscriptions (partenaire_id, offre_id, annee, montant) VALUES"


def load_territory(con, territory) -> float:
    """Replace the scratch database's content; returns Σ montant of the base year."""
    partners, offers, subscriptions = territory
    for table in db.DATA_TABLES:
        con.execute(f"DELETE FROM {table}")  # table names from the constant, not from input
    con.execute("INSERT INTO structure VALUES ('OT', 'association', 2025, 1000, 'resultat', 40, 100)")
    for i, (sector, statut) in enumerate(partners):
        con.execute("INSERT INTO partenaires (id, nom, filiere, statut, club_pro) VALUES (?, ?, ?, ?, false)",
                    [f"P{i}", f"P{i}", sector, statut])
    for o in offers:
        con.execute("INSERT INTO offres (id, nom, famille, type, sphere, prix, filieres_cibles, cout_fixe, "
                    "cout_unitaire, heures_fixes, heures_unitaires, portage, alignement, cycle) "
                    "VALUES (?, ?, 'autre', 'service', 'socle', ?, ?, ?, ?, ?, ?, 'interne', 2, ?)",
                    [o["id"], o["id"], o["prix"], o["cibles"], o["cout_fixe"], o["cout_unitaire"],
                     o["heures_fixes"], o["heures_unitaires"], o["cycle"]])
    for (partner, offer_id), amount in subscriptions.items():
        con.execute(f"{SUBSCRIPTION} (?, ?, 2025, ?)", [partner, offer_id, amount])
        con.execute(f"{SUBSCRIPTION} (?, ?, 2024, 999)", [partner, offer_id])  # other year
    return sum(subscriptions.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(territory=territories())
def test_all_keep_reproduces_the_base_year(scratch, territory):
    total_paid = load_territory(scratch, territory)
    _, offers, subscriptions = territory
    ev = engine.evaluate(scratch)
    assert ev.totals.revenue == pytest.approx(total_paid)
    assert ev.totals.subscriptions == len(subscriptions)
    expected_hours = sum(o["heures_fixes"] + o["heures_unitaires"] * sum(1 for k in subscriptions if k[1] == o["id"])
                         for o in offers)
    assert ev.totals.staff_hours == pytest.approx(expected_hours)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(territory=territories())
def test_stopping_everything_gives_nothing(scratch, territory):
    load_territory(scratch, territory)
    spec = {"offers": {o["id"]: {"mode": "stopped"} for o in territory[1]}}
    totals = run(scratch, spec).totals
    assert (totals.revenue, totals.costs, totals.staff_hours, totals.subscriptions) == (0, 0, 0, 0)
    assert totals.public_coverage == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(territory=territories(), low=st.floats(0.01, 1000), rise=st.floats(0, 1000),
       elasticity=st.floats(0, 3), conversion=st.floats(0, 1))
def test_raising_a_paid_price_never_raises_its_subscribers(scratch, territory, low, rise, elasticity, conversion):
    load_territory(scratch, territory)
    facts = engine.load_facts(scratch)
    assumptions = {"elasticity": {"default": elasticity}, "free_to_paid_conversion": conversion}
    for o in territory[1]:
        cheaper = engine.apply(facts, parse_scenario({"assumptions": assumptions,
                                                      "offers": {o["id"]: {"mode": "paid", "price": low}}}))
        dearer = engine.apply(facts, parse_scenario({"assumptions": assumptions,
                                                     "offers": {o["id"]: {"mode": "paid", "price": low + rise}}}))
        assert offer(dearer, o["id"])["subscribers"] <= offer(cheaper, o["id"])["subscribers"] + 1e-9
