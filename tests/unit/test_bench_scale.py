"""`bench --partners N --offers M --years Y`: a synthetic region through the users' import path, at a reduced
scale so that it keeps working (the full-scale figures are in docs/performances.md; no time is asserted)."""

import json

import pytest

from otmodel import cli, db
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.demo import region
from otmodel.demo import scenarios as demo_scenarios
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario
from otmodel.scenarios import store as scenario_store
from otmodel.scenarios import tables as scenario_tables
from tools import bench


def test_region_tables_follow_the_sizes_asked():
    tables = region.frames(partners=50, offers=6, years=2)
    assert len(tables["partenaires"]) == 50 and len(tables["offres"]) == 6
    partners = tables["partenaires"]
    members = set(partners.loc[partners["statut"] == "partenaire", "id"])
    subscriptions = tables["souscriptions"]
    assert set(subscriptions["partenaire_id"]) <= members  # only partners subscribe
    # every partner keeps the same offers each year: as many rows per year, the base year last
    per_year = subscriptions.groupby("annee").size()
    assert per_year.index.tolist() == [region.BASE_YEAR - 1, region.BASE_YEAR] and per_year.nunique() == 1
    # one to three distinct offers a partner (three draws, duplicates dropped)
    assert subscriptions[subscriptions["annee"] == region.BASE_YEAR].groupby("partenaire_id").size().between(1, 3).all()


def test_region_imports_and_reproduces_its_revenue(tmp_path):
    files = region.generate(tmp_path / "files", partners=200, offers=9, years=2)
    con = db.connect(tmp_path / "r.duckdb")
    importer.import_folder(con, files)
    paid = con.execute("SELECT sum(montant) FROM souscriptions WHERE annee = ?", [region.BASE_YEAR]).fetchone()[0]
    assert engine.evaluate(con).totals.revenue == paid  # the current situation is the base year, exactly
    con.close()


def test_bench_at_a_reduced_scale_prints_one_json_object(capsys):
    assert cli.main(["bench", "--partners", "300", "--offers", "6", "--years", "2", "--runs", "2"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["partners"], figures["offers"], figures["years"]) == (300, 6, 2)
    assert figures["subscriptions"] > 0
    for name in ("import_s", "evaluate_ms_median", "monte_carlo_ms_median", "page_synthese_s", "page_scenarios_s"):
        assert figures[name] > 0, name
    assert figures["peak_rss_mb"] is None or figures["peak_rss_mb"] > 0


def test_bench_scale_needs_its_three_numbers(capsys):
    assert cli.main(["bench", "--partners", "300"]) == cli.REFUSED
    assert "--partners, --offers et --years vont ensemble" in capsys.readouterr().err


def test_bench_vote_needs_a_room(capsys):
    assert cli.main(["bench", "--vote", "0"]) == cli.REFUSED
    assert "--vote : donnez le nombre de téléphones qui votent, au moins 1" in capsys.readouterr().err


def test_the_browser_bench_types_prices_whose_results_are_the_engines(tmp_path):
    """`bench --browser --partners …`: on a region, a scenario is saved for the measure (the first paid offer
    10 % dearer, so that opening it changes « Résultat »); each price to type comes with the engine's result."""
    path, import_s = bench.region_db(tmp_path, partners=200, offers=9, years=2)
    assert import_s > 0
    plan = bench.price_plan(path, runs=3)
    con = db.connect(path, read_only=True)
    facts = engine.load_facts(con)
    saved = scenario_store.load(con, bench.MEASURE_SCENARIO)
    con.close()
    (offer_id, choice), = saved.offers.items()
    base_price = facts.column("prix")[facts.index_of(offer_id)]
    assert choice.mode == "paid" and choice.price == pytest.approx(base_price * 1.1)
    frame = scenario_tables.editor_frame(facts, {"offers": {}})
    assert plan.scenario == bench.MEASURE_SCENARIO and plan.offer == frame.loc[offer_id, "nom"]
    assert frame.index[plan.cell[0]] == offer_id and scenario_tables.EDITOR_COLUMNS[plan.cell[1]] == "prix"
    assert [typed for typed, _ in plan.prices] == ["250", "261", "272", "283"]  # runs + 1: the first warms up
    for typed, shown in plan.prices:
        spec = parse_scenario({"offers": {offer_id: {"mode": "paid", "price": float(typed)}}})
        assert shown == fmt.euros(engine.apply(facts, spec).totals.margin).replace("\u202f", " ")
    assert len({shown for _, shown in plan.prices}) == 4  # each price moves the result


def test_on_the_destination_demo_the_browser_bench_changes_the_pack_already_paid(demo_copy):
    path = demo_copy("destination")
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")  # as the bench's workspace and `make run` do
    plan = bench.price_plan(path, runs=1)
    con = db.connect(path, read_only=True)
    pack = con.execute("SELECT nom FROM offres WHERE id = ?", [bench.BROWSER_OFFER]).fetchone()[0]
    assert scenario_store.load(con, bench.BROWSER_SCENARIO).offers[bench.BROWSER_OFFER].mode == "paid"
    con.close()
    assert (plan.scenario, plan.offer) == (bench.BROWSER_SCENARIO, pack)


def test_the_network_bench_at_a_reduced_scale(capsys):
    """`bench --only reseau --offices N`: N synthetic offices × 5 years, read and compared in both layouts."""
    assert cli.main(["bench", "--only", "reseau", "--offices", "30", "--runs", "3"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["reseau_offices"], figures["reseau_years"]) == (30, 5)
    assert figures["reseau_files"] == 13 and figures["reseau_per_file_files"] == 150  # regions; office-years
    for name in ("reseau_compare_ms", "reseau_compare_cpu_ms", "reseau_regroup_ms", "reseau_compare_per_file_ms"):
        assert figures[name] > 0, name
