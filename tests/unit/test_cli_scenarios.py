"""`python -m otmodel evaluate` and `bench`: the JSON printed, and French refusals of bad scenario files."""

from __future__ import annotations

import json

import pytest

from otmodel import cli
from otmodel.model.scenario import parse_scenario
from otmodel.scenarios import store as scenario_store
from otmodel.scenarios.store import SavedScenario

TOTALS = {"revenue", "costs", "margin", "target_amount", "target_basis", "gap", "subscriptions", "staff_hours",
          "staff_hours_available", "public_coverage"}


def evaluate(capsys, db_path, reference) -> tuple[int, dict | None, str]:
    code = cli.main(["evaluate", "--db", str(db_path), "--scenario", str(reference)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def write(tmp_path, content: str):
    path = tmp_path / "scenario.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_evaluate_prints_the_issue_shape(small_path, tmp_path, capsys):
    path = write(tmp_path, json.dumps({"name": "Photos à 200 €", "offers": {"PHOTO": {"mode": "paid", "price": 200},
                                                                            "WEB": {"mode": "stopped"}}}))
    code, result, err = evaluate(capsys, small_path, path)
    assert code == 0 and err == ""
    assert result["scenario"] == "Photos à 200 €" and result["base_year"] == 2025
    assert set(result["totals"]) >= TOTALS
    assert {"id", "mode", "subscribers", "revenue", "costs", "margin", "staff_hours"} == set(result["offers"][0])
    offers = {o["id"]: o for o in result["offers"]}
    assert offers["WEB"] == {"id": "WEB", "mode": "stopped", "subscribers": 0, "revenue": 0, "costs": 0,
                             "margin": 0, "staff_hours": 0}
    assert offers["PHOTO"]["revenue"] == pytest.approx(200 * ((150 / 200) ** 0.5 + (120 / 200) ** 0.5))
    assert result["totals"]["revenue"] == pytest.approx(380 + offers["PHOTO"]["revenue"])
    baseline = result["baseline"]["totals"]
    assert (baseline["revenue"], baseline["costs"], baseline["gap"]) == (650, 700, -1050)
    assert baseline["public_coverage"] == pytest.approx(5 / 6)


def test_baseline_uses_the_scenario_target(small_path, tmp_path, capsys):
    path = write(tmp_path, json.dumps({"target": {"amount": 500, "basis": "revenue"}}))
    _, result, _ = evaluate(capsys, small_path, path)
    assert result["totals"]["gap"] == result["baseline"]["totals"]["gap"] == 150


def test_evaluate_a_saved_scenario_by_name(small_path, small_con, capsys):
    scenario = parse_scenario({"name": "Pack à 250", "offers": {"PACK": {"mode": "paid", "price": 250}}})
    scenario_store.save(small_con, SavedScenario(scenario, author="Anne"))
    small_con.close()
    code, result, _ = evaluate(capsys, small_path, "Pack à 250")
    assert code == 0
    assert result["scenario"] == "Pack à 250"
    pack = next(o for o in result["offers"] if o["id"] == "PACK")
    assert pack["subscribers"] == pytest.approx(2 * (250 / 190) ** -0.5)


@pytest.mark.parametrize(("content", "field"), [
    ('{"offers": {"NOPE": {"mode": "free"}}}', "offers.NOPE"),
    ('{"offers": {"PHOTO": {"mode": "paid", "price": {"plage": 10}}}}', "offers.PHOTO.price.plage"),
    ('{"assumptions": {"elasticity": {"volcans": 1}}}', "assumptions.elasticity.volcans"),
    ('{"offers": {"PHOTO": {"mode": "gratuit"}}}', "offers.PHOTO.mode"),
    ('{"offers": {"PHOTO": {"mode": "paid", "price": -5}}}', "offers.PHOTO.price"),
    ('{"offers": {"PHOTO": {"mode": "paid", "price": "cent"}}}', "offers.PHOTO.price"),
    ('{"offers": {"PHOTO": {"mode": "paid"}}}', "offers.PHOTO.price"),
    ('{"target": {"amount": 10, "basis": "benefice"}}', "target.basis"),
    ('{"offers": {"PHOTO": {"mode": "paid", "price": 10}', "JSON mal formé"),
])
def test_bad_scenario_files_are_refused_in_french(small_path, tmp_path, capsys, content, field):
    code, _, err = evaluate(capsys, small_path, write(tmp_path, content))
    assert code == cli.REFUSED
    assert field in err
    assert "Traceback" not in err


def test_unknown_reference_lists_saved_scenarios(small_path, capsys):
    code, _, err = evaluate(capsys, small_path, "Inexistant")
    assert code == cli.REFUSED
    assert "ni un fichier de scénario" in err and "aucun" in err
    code, _, err = evaluate(capsys, small_path, "absent.json")
    assert code == cli.REFUSED and "introuvable" in err


def test_init_demo_saves_four_scenarios(tmp_path, capsys):
    path = tmp_path / "rural.duckdb"
    assert cli.main(["init", "--db", str(path), "--demo", "rural"]) == 0
    assert "scénarios enregistrés : 4" in capsys.readouterr().out
    code, result, _ = evaluate(capsys, path, "Adhésion à 50 € et photos à 70 €")
    assert code == 0
    assert result["totals"]["target_basis"] == "revenue" and result["totals"]["target_amount"] == 3000
    # 68 members at 40 € become 68·√(40/50) at 50 €: revenue up from 2 720 € to 3 041 €
    adhesion = next(o for o in result["offers"] if o["id"] == "O-ADHESION")
    assert adhesion["revenue"] == pytest.approx(50 * 68 * (40 / 50) ** 0.5)
    all_free = evaluate(capsys, path, "Tout l'essentiel en service public")[1]
    assert result["totals"]["gap"] > 0 > all_free["totals"]["gap"]


def test_bench_prints_one_json_object(capsys):
    assert cli.main(["bench", "--runs", "1", "--only", "evaluate"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["evaluate_ms_median"] > 0 and figures["apply_ms_median"] > 0
    assert figures["offers"] == 26


def test_bench_refuses_an_unknown_measure(capsys):
    assert cli.main(["bench", "--only", "rien"]) == cli.REFUSED
    assert "Mesure inconnue" in capsys.readouterr().err


def test_evaluate_adds_simulation_trajectory_and_tornado(small_path, tmp_path, capsys):
    path = write(tmp_path, json.dumps({"assumptions": {"hourly_cost": {"low": 30, "likely": 40, "high": 50},
                                                       "cost_indexation": 0.1},
                                       "target": {"amount": 0, "basis": "margin"}}))
    code = cli.main(["evaluate", "--db", str(small_path), "--scenario", str(path), "--simulate", "2000", "--seed",
                     "4", "--years", "2", "--tornado"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    simulation = result["simulation"]
    assert set(simulation) == {"draws", "p10", "p50", "p90", "mean", "probability_target"}
    assert simulation["draws"] == 2000 and simulation["probability_target"] == pytest.approx(0.125, abs=0.03)
    assert [y["year"] for y in result["trajectory"]] == [2026, 2027]
    assert result["trajectory"][1]["costs"] == pytest.approx(700 * 1.1)
    assert result["tornado"][0] == {"name": "Coût horaire", "low": 30, "high": 50, "metric_low": pytest.approx(50),
                                    "metric_high": pytest.approx(-150)}
    assert result["totals"]["partners_reached"] == 4 and result["totals"]["free_beneficiaries"] == 4
    cli.main(["evaluate", "--db", str(small_path), "--scenario", str(path)])
    assert {"simulation", "trajectory", "tornado"}.isdisjoint(json.loads(capsys.readouterr().out))


def test_evaluate_refuses_zero_draws(small_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["evaluate", "--db", str(small_path), "--scenario", str(write(tmp_path, "{}")), "--simulate", "0"])
    assert stopped.value.code == cli.REFUSED
    assert "entier supérieur ou égal à 1" in capsys.readouterr().err


def test_bench_measures_the_monte_carlo(capsys):
    assert cli.main(["bench", "--runs", "1", "--only", "monte_carlo"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["monte_carlo_ms_median"] > 0 and figures["tornado_ms_median"] > 0
