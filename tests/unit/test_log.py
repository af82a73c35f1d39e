"""The field-listening log on the small territory (tests/data/petit + tests/data/portefeuille), by hand.

Meetings: 1 H1 10/01/2025 « Visibilité|Photos » (suite fait) ; 2 R2 15/03/2025 « Centre-bourg » (suite without
status → à faire) ; 3 « Épicerie Nouvelle » (not listed, commerce) 20/03/2025 « Centre-bourg|Mobilité » ;
4 R1 02/06/2024 « visibilite|MOBILITÉ » (en cours). Reference day 30/06/2025.
"""

from __future__ import annotations

import datetime as dt

import pytest

from otmodel.data import exports, importer
from otmodel.data.validation import TemplateError
from otmodel.listening import log
from otmodel.listening import survey as listening
from tests.fixtures import DATA

TODAY = dt.date(2025, 6, 30)


@pytest.fixture
def con(small_con):
    importer.import_folder(small_con, DATA / "portefeuille")
    return small_con


def test_import_numbers_meetings_fills_sector_and_follow_up_status(con):
    rows = con.execute("SELECT id, partenaire_id, nom, filiere, statut_suite FROM rencontres ORDER BY id").fetchall()
    assert rows == [(1, "H1", None, "hebergement", "fait"), (2, "R2", None, "restauration", "a_faire"),
                    (3, None, "Épicerie Nouvelle", "commerce", None), (4, "R1", None, "restauration", "en_cours")]


def test_theme_mentions_fold_case_and_accents(con):
    heard = log.theme_mentions(con).set_index("key")
    assert heard.loc["visibilite", ["mentions", "businesses"]].tolist() == [2, 2]
    assert heard.loc["mobilite", ["mentions", "businesses"]].tolist() == [2, 2]
    assert heard.loc["centre_bourg", "mentions"] == 2
    assert heard.loc["photos", "mentions"] == 1
    assert log.theme_mentions(con, ["commerce"])["theme"].tolist() == ["Centre-bourg", "Mobilité"]


def test_needs_counted_next_to_the_survey(con):
    both = log.needs_with_log(con).set_index("theme")
    # petit's survey: Visibilité 5 and 4 → 4.5 (2 respondents), Photos 3.
    assert both.loc["Visibilité", ["respondents", "importance", "mentions"]].tolist() == [2, 4.5, 2]
    assert both.loc["Photos", ["respondents", "mentions"]].tolist() == [1, 1]
    assert both.loc["Centre-bourg", "respondents"] == 0 and both.loc["Centre-bourg", "mentions"] == 2


def test_a_need_heard_in_two_meetings_is_a_service_to_create(con):
    # Mobilité: no survey answer, 2 meetings, no offer → to create; Centre-bourg is answered by NEW (à créer).
    needs = listening.uncovered_needs(con)
    assert needs["theme"].tolist() == ["MOBILITÉ"]
    assert needs.loc[0, "mentions"] == 2
    assert listening.uncovered_needs(con, min_mentions=3).empty


def test_partners_not_met_for_a_year_and_open_follow_ups(con):
    unmet = log.not_met(con, today=TODAY)
    assert unmet["id"].tolist() == ["H2", "R1"]  # H2 never met; R1 last met 02/06/2024 (393 days)
    assert unmet["days_since"].tolist()[1] == 393
    pending = log.open_follow_ups(con, today=TODAY)
    assert pending["id"].tolist() == [4, 2]
    assert pending["age_days"].tolist() == [393, 107]


def test_add_meeting_then_counted(con):
    new = log.add_meeting(con, date=dt.date(2025, 6, 1), format="visite", partenaire_id="H3",
                          themes=["mobilité", "Recrutement"], besoin="Navette", suite="Appeler la mairie")
    assert new == 5
    row = con.execute("SELECT filiere, statut_suite, themes FROM rencontres WHERE id = 5").fetchone()
    assert row == ("hebergement", "a_faire", "mobilité|Recrutement")
    assert log.theme_mentions(con).set_index("key").loc["mobilite", "mentions"] == 3
    log.set_follow_up(con, 5, "fait")
    assert 5 not in log.open_follow_ups(con, today=TODAY)["id"].tolist()


@pytest.mark.parametrize(("fields", "message"), [
    ({"partenaire_id": None, "nom": ""}, "donnez le nom"),
    ({"partenaire_id": "ZZ"}, "entreprise inconnue « ZZ »"),
    ({"format": "pigeon"}, "format : code inconnu"),
    ({"filiere": "banque"}, "filiere : code inconnu"),
])
def test_add_meeting_refuses_in_french_and_writes_nothing(con, fields, message):
    given = {"date": dt.date(2025, 6, 1), "format": "visite", "partenaire_id": "H1", **fields}
    with pytest.raises(log.MeetingError, match=message):
        log.add_meeting(con, **given)
    assert con.execute("SELECT count(*) FROM rencontres").fetchone()[0] == 4


def test_hostile_text_is_stored_as_text_and_exported_neutralised(con):
    log.add_meeting(con, date=dt.date(2025, 6, 2), format="salon", nom="=HYPERLINK(\"http://x\")", besoin="@SUM(A1)")
    assert con.execute("SELECT nom, besoin FROM rencontres WHERE id = 5").fetchone() == ('=HYPERLINK("http://x")',
                                                                                           "@SUM(A1)")
    exported = exports.to_csv_bytes(exports.table_frame(con, "rencontres")).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported and "'@SUM(A1)" in exported


def test_log_round_trip_through_export(con):
    before = con.execute("SELECT * EXCLUDE (id) FROM rencontres ORDER BY id").fetchall()
    data = exports.to_csv_bytes(exports.table_frame(con, "rencontres"))
    importer.import_file(con, "rencontres", data)
    assert con.execute("SELECT * EXCLUDE (id) FROM rencontres ORDER BY id").fetchall() == before


def test_log_import_is_all_or_nothing_with_french_errors(con):
    bad = (b"date;partenaire_id;nom;filiere;format;themes;besoin;verbatim;suite;statut_suite\n"
           b"31/02/2025;H1;;;visite;;;;;\n01/03/2025;;;;visite;;;;;\n01/03/2025;ZZ;;;visite;;;;;\n"
           b"01/03/2025;H1;;;visite;;;;;fini\n")
    with pytest.raises(TemplateError) as refused:
        importer.import_file(con, "rencontres", bad)
    text = str(refused.value)
    assert "date attendue au format jj/mm/aaaa" in text
    assert "donnez l'identifiant de l'entreprise" in text
    assert "partenaire inconnu" in text and "statut_suite" in text
    assert con.execute("SELECT count(*) FROM rencontres").fetchone()[0] == 4
