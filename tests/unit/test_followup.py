"""The year of the applied scenario followed against its plan, on the small hand-checked territory (tests/data/petit,
base year 2025, h = 40 €/h, target 1 000 € of result — see test_engine.py) and the files of tests/data/suivi.

The plan « Plan 2026 » (elasticity 0, so that every figure is round):
  WEB   kept, free:        4 subscribers (heb 3, rest 1), 0 €           costs 100 + (1 + 4·0,5 h)·40 = 220
  PHOTO kept:              2 (heb 1 at 150 €, rest 1 at 120 €), 270 €   costs 2·50 + 2 h·40           = 180
  CLUB  kept, free:        0 subscribers                                costs 20 + 2 h·40             = 100
  PACK  paid 250 €:        2 (heb) → 500 €                              costs 50 + 2·15 + 3 h·40      = 200
  NEW   paid 80 €, 2 expected, all in restauration → 160 €              costs 30 + 4 h·40             = 190
  revenue 930 €, costs 890 €, result 40 €, gap −960 €.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from otmodel import cli
from otmodel.data import importer
from otmodel.data.validation import TemplateError
from otmodel.errors import Refused
from otmodel.followup import applied, progress
from otmodel.model.scenario import parse_scenario
from otmodel.portfolio import offers, partners
from otmodel.scenarios import store
from tests.fixtures import DATA

SUIVI = DATA / "suivi"

PLAN = json.loads((SUIVI / "plan_2026.json").read_text(encoding="utf-8"))
HEADER = "partenaire_id;offre_id;annee;montant;date\n"
YEAR_2026 = (SUIVI / "souscriptions_2026.csv").read_text(encoding="utf-8")  # four by the end of March, one in April
DATED_2025 = (SUIVI / "souscriptions_2025_datees.csv").read_text(encoding="utf-8")  # 6 of 8 by the end of March


def imported(con, text: str) -> None:
    importer.import_file(con, "souscriptions", text.encode())


@pytest.fixture
def planned(small_con):
    store.save(small_con, store.SavedScenario(parse_scenario(PLAN)))
    applied.apply(small_con, "Plan 2026", 2026, by="Directrice")
    imported(small_con, YEAR_2026)
    return small_con


def by_offer(found: progress.Progress) -> dict[str, dict]:
    return found.offers.set_index("offer").to_dict("index")


# --- applying a scenario ------------------------------------------------------------------------


def test_applying_records_the_scenario_its_year_and_the_year_of_its_plan(planned):
    found = applied.get(planned)
    assert (found.name, found.year, found.base_year, found.applied_by) == ("Plan 2026", 2026, 2025, "Directrice")
    assert applied.years(planned) == [2026]
    assert not applied.edited_since(planned, found)


def test_applying_refuses_an_unknown_scenario_and_a_year_that_is_not_after_the_data(small_con):
    with pytest.raises(Refused, match="Aucun scénario enregistré ne s'appelle « Inconnu »"):
        applied.apply(small_con, "Inconnu", 2026)
    store.save(small_con, store.SavedScenario(parse_scenario(PLAN)))
    with pytest.raises(Refused, match=r"doit suivre l'année de référence des données \(2025\).*par exemple 2026"):
        applied.apply(small_con, "Plan 2026", 2025)
    assert applied.latest(small_con) is None


def test_nothing_applied_says_what_to_do(small_con):
    with pytest.raises(applied.NothingApplied, match="Aucun scénario n'est appliqué : marquez le scénario décidé"):
        progress.follow(small_con)


def test_the_plan_is_the_scenario_as_applied_until_applied_again(planned):
    edited = parse_scenario({**PLAN, "offers": {**PLAN["offers"], "PACK": {"mode": "paid", "price": 300}}})
    store.save(planned, store.SavedScenario(edited))
    assert applied.edited_since(planned, applied.get(planned))
    assert progress.follow(planned).totals.planned_revenue == 930  # still 250 € for the pack
    applied.apply(planned, "Plan 2026", 2026)
    assert progress.follow(planned).totals.planned_revenue == 270 + 600 + 160


def test_withdrawing_leaves_the_scenario_saved(planned):
    applied.withdraw(planned, 2026)
    assert applied.latest(planned) is None and store.exists(planned, "Plan 2026")
    with pytest.raises(applied.NothingApplied, match="depuis 2026"):
        applied.withdraw(planned, 2026)


# --- the date of the figures --------------------------------------------------------------------


def test_the_figures_are_taken_at_the_latest_dated_subscription_by_default(planned):
    found = progress.follow(planned)
    assert found.as_of == dt.date(2026, 4, 12)
    assert found.as_of_source == "date de la dernière souscription datée de l'année"


def test_without_dates_the_figures_are_taken_today_within_the_year(small_con):
    assert progress.default_as_of(small_con, 2026, today=dt.date(2026, 5, 3)) == (
        dt.date(2026, 5, 3), "aujourd'hui (aucune souscription datée)")
    assert progress.default_as_of(small_con, 2026, today=dt.date(2027, 2, 1))[0] == dt.date(2026, 12, 31)
    assert progress.default_as_of(small_con, 2026, today=dt.date(2025, 11, 1))[0] == dt.date(2026, 1, 1)


def test_a_date_outside_the_year_followed_is_refused(planned):
    with pytest.raises(Refused, match=r"« 31/12/2025 » hors de l'année suivie \(2026\)"):
        progress.follow(planned, as_of=dt.date(2025, 12, 31))


def test_when_is_said_the_french_way():
    assert progress.at(dt.date(2026, 6, 30)) == "à fin juin"
    assert progress.at(dt.date(2026, 2, 28)) == "à fin février"
    assert progress.at(dt.date(2026, 6, 1)) == "au 1er juin"
    assert progress.at(dt.date(2026, 8, 12)) == "au 12 août"


# --- the two projection rules -------------------------------------------------------------------


def test_pro_rata_of_the_year_elapsed_when_last_year_has_no_dates(planned):
    """2025 is undated: at 31/08/2026 (day 243), 243/365 of the plan is expected."""
    share = 243 / 365
    found = progress.follow(planned, as_of=dt.date(2026, 8, 31))
    assert found.rule == "prorata"
    offers = by_offer(found)
    assert list(offers) == ["NEW", "PACK", "PHOTO", "WEB"]  # CLUB: nothing planned, nothing taken
    assert offers["PACK"]["planned_subscribers"] == 2 and offers["PACK"]["planned_revenue"] == 500
    assert offers["PACK"]["actual_subscribers"] == 1 and offers["PACK"]["actual_revenue"] == 250
    assert offers["PACK"]["projected_revenue"] == pytest.approx(250 / share)
    assert offers["NEW"]["projected_revenue"] == pytest.approx(80 / share)  # the April one counts by August
    assert offers["WEB"]["expected_to_date"] == pytest.approx(4 * share)  # 2,66: 2 taken, less than 1 short
    assert not offers["WEB"]["behind"]
    totals = found.totals
    assert (totals.planned_revenue, totals.actual_revenue) == (930, 450)
    assert totals.projected_revenue == pytest.approx(450 / share)
    assert (totals.planned_margin, totals.planned_gap) == (40, -960)


def test_pro_rata_flags_an_offer_behind_plan_with_its_reason(planned):
    imported(planned, YEAR_2026.replace("H2;WEB;2026;0;10/02/2026\n", ""))
    web = by_offer(progress.follow(planned, as_of=dt.date(2026, 8, 31)))["WEB"]
    assert web["behind"]  # 2,66 expected, 1 taken
    assert web["reason"] == "4 souscriptions attendues, 1 à fin août, au prorata de l'année : 3 à fin août"


def test_last_years_monthly_profile_when_last_year_is_dated(planned):
    """By the end of March 2025, 6 of the 8 dated subscriptions were made: 3/4 of the plan is expected by
    31/03/2026. Taken by then: WEB 2, PACK 1, PHOTO 1 (NEW's comes in April)."""
    imported(planned, DATED_2025)
    found = progress.follow(planned, as_of=dt.date(2026, 3, 31))
    assert found.rule == "profil_an_passe"
    offers = by_offer(found)
    assert offers["WEB"]["expected_to_date"] == pytest.approx(3)
    assert offers["WEB"]["projected_subscribers"] == pytest.approx(2 / 0.75)
    assert offers["WEB"]["reason"] == "4 souscriptions attendues, 2 à fin mars, rythme de l'an passé : 3 à fin mars"
    assert offers["NEW"]["behind"] and offers["NEW"]["actual_subscribers"] == 0
    assert not offers["PACK"]["behind"] and not offers["PHOTO"]["behind"]  # 1,5 expected, 1 taken: 0,5 short
    assert offers["PACK"]["projected_revenue"] == pytest.approx(250 / 0.75)
    assert offers["PHOTO"]["projected_revenue"] == pytest.approx(160)
    totals = found.totals
    assert totals.actual_revenue == 370
    assert totals.projected_revenue == pytest.approx(160 + 1000 / 3)
    # Projected costs, for the projected subscribers (WEB 8/3, PHOTO 4/3, PACK 4/3, NEW 0; CLUB kept, empty):
    # WEB 100 + (1 + 4/3 h)·40, PHOTO 4/3·(50 + 40), CLUB 20 + 80, PACK 50 + 4/3·15 + 2 h·40, NEW 30 + 160.
    costs = (100 + (1 + 4 / 3) * 40) + 4 / 3 * 90 + 100 + (50 + 20 + 80) + 190
    assert costs == pytest.approx(753 + 1 / 3)
    assert totals.projected_margin == pytest.approx(totals.projected_revenue - costs)
    assert totals.projected_margin == pytest.approx(-260)
    assert totals.projected_gap == pytest.approx(-1260)


def test_sector_by_sector(planned):
    imported(planned, DATED_2025)
    sectors = progress.follow(planned, as_of=dt.date(2026, 3, 31)).sectors.set_index("filiere")
    restauration = sectors.loc["restauration"]
    # WEB R1, PHOTO R1 at 120 €, NEW 2 at 80 € planned; taken by March: PHOTO R1 only.
    assert (restauration["planned_subscribers"], restauration["planned_revenue"]) == (4, 280)
    assert (restauration["actual_subscribers"], restauration["actual_revenue"]) == (1, 120)
    assert restauration["projected_revenue"] == pytest.approx(160)
    hebergement = sectors.loc["hebergement"]
    assert (hebergement["planned_revenue"], hebergement["actual_revenue"]) == (150 + 500, 250)


def test_an_offer_with_enough_dates_last_year_follows_its_own_profile(planned, monkeypatch):
    imported(planned, DATED_2025)
    monkeypatch.setattr(progress, "PROFILE_MINIMUM", 2)  # PHOTO's 2 (May, June), PACK's 2 (January, February)
    share, rule = progress.shares(planned, ["PACK", "PHOTO", "NEW"], 2026, dt.date(2026, 3, 31))
    assert rule == "profil_an_passe"
    assert share.to_dict() == {"PACK": 1.0, "PHOTO": 0.0, "NEW": 0.75}  # NEW: no 2025, the office's profile


def test_nothing_expected_yet_keeps_the_plan(planned, monkeypatch):
    imported(planned, DATED_2025)
    monkeypatch.setattr(progress, "PROFILE_MINIMUM", 2)
    photo = by_offer(progress.follow(planned, as_of=dt.date(2026, 3, 31)))["PHOTO"]
    # PHOTO's subscriptions came in May and June last year: none expected by March, R1's came early.
    assert (photo["expected_to_date"], photo["projected_revenue"]) == (0, 270)
    assert not photo["behind"]


def test_the_monthly_profile_is_linear_within_a_month():
    months = np.array([3, 2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype=float)
    assert progress.profile_share(months, dt.date(2026, 3, 31)) == pytest.approx(6 / 8)
    assert progress.profile_share(months, dt.date(2026, 5, 16)) == pytest.approx((6 + 16 / 31) / 8)
    assert progress.year_elapsed(dt.date(2026, 12, 31)) == 1
    assert progress.year_elapsed(dt.date(2028, 1, 1)) == pytest.approx(1 / 366)


def test_the_json_of_the_contract(planned):
    found = json.loads(json.dumps(progress.follow(planned, as_of=dt.date(2026, 8, 31)).to_json()))
    assert set(found) == {"scenario", "year", "as_of", "rule", "offers", "totals"}
    assert (found["scenario"], found["year"], found["as_of"], found["rule"]) == ("Plan 2026", 2026, "2026-08-31",
                                                                                  "prorata")
    assert set(found["offers"][0]) == {"offer", "planned_subscribers", "actual_subscribers", "planned_revenue",
                                       "actual_revenue", "projected_revenue", "behind", "reason"}
    assert set(found["totals"]) == {"planned_revenue", "actual_revenue", "projected_revenue", "projected_gap"}


def test_the_suivi_command_prints_the_json_of_the_contract(planned, small_path, capsys):
    """python -m otmodel suivi --db PATH --json, on last year's profile at 31/03/2026 (figures above)."""
    imported(planned, DATED_2025)
    planned.close()
    assert cli.main(["suivi", "--db", str(small_path), "--json", "--as-of", "31/03/2026"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["scenario"], found["year"], found["as_of"], found["rule"]) == ("Plan 2026", 2026, "2026-03-31",
                                                                                  "profil_an_passe")
    assert found["totals"] == {"planned_revenue": 930, "actual_revenue": 370, "projected_revenue": 493.33,
                               "projected_gap": -1260}
    offers = {row["offer"]: row for row in found["offers"]}
    assert offers["NEW"] == {"offer": "NEW", "planned_subscribers": 2, "actual_subscribers": 0,
                             "planned_revenue": 160, "actual_revenue": 0, "projected_revenue": 0, "behind": True,
                             "reason": "2 souscriptions attendues, 0 à fin mars, rythme de l'an passé : 2 à fin mars"}
    assert (offers["PACK"]["actual_revenue"], offers["PACK"]["projected_revenue"]) == (250, 333.33)
    assert [row["offer"] for row in found["offers"] if row["behind"]] == ["NEW", "WEB"]


def test_the_suivi_command_without_an_applied_scenario_exits_2_in_french(small_path, capsys):
    assert cli.main(["suivi", "--db", str(small_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Aucun scénario n'est appliqué : marquez le scénario décidé comme appliqué")


# --- dated subscriptions in the import ----------------------------------------------------------


def test_a_subscription_dated_outside_its_year_is_refused(small_con):
    with pytest.raises(TemplateError, match=r"ligne 2.*date.*« 15/01/2025 ».*hors de l'année 2026"):
        imported(small_con, HEADER + "H1;WEB;2026;0;15/01/2025\n")
    assert small_con.execute("SELECT count(*) FROM souscriptions WHERE annee = 2026").fetchone()[0] == 0


def test_the_date_is_optional_and_kept(small_con):
    imported(small_con, "partenaire_id;offre_id;annee;montant\nH1;WEB;2026;0\n")
    imported(small_con, YEAR_2026)
    assert small_con.execute("SELECT min(date), count(*) FROM souscriptions WHERE annee = 2026").fetchone() == (
        dt.date(2026, 1, 15), 5)


def test_the_summary_says_where_the_year_stands(planned):
    imported(planned, DATED_2025)
    assert progress.summary(progress.follow(planned, as_of=dt.date(2026, 3, 31))) == (
        "« Plan 2026 » appliqué depuis 2026 : chiffres au 31/03/2026, projection selon le rythme de l'an passé. "
        "Recettes : 370 € à date sur 930 € prévus, 493 € projetés ; écart projeté à l'objectif −1\u202f260 € ; "
        "2 offres en retard sur le plan.")


def test_the_year_in_progress_stays_out_of_the_years_past(planned):
    """Offres' trends and Partenaires' movements stop at the base year: half of 2026 is not a fall."""
    assert offers.trends(planned)["annee"].max() == 2025
    assert partners.movement(planned)["annee"].max() == 2025
