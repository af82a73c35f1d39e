"""`bench --partners N --offers M --years Y`: a synthetic region through the users' import path, at a reduced
scale so that it keeps working (the full-scale figures are in README « Performances »; no time is asserted)."""

import json

from otmodel import cli, db
from otmodel.data import importer
from otmodel.demo import region
from otmodel.model import engine


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
