"""The Synthèse figures on the small hand-checked territory (tests/data/petit).

Hand computation, hourly cost 40 €:
- WEB (free, heb+resto): 4 subscribers; costs 100 + 1·40 + 4·(0 + 0,5·40) = 220 €; 3 h.
- PHOTO (à la carte): H1 150 € + R1 120 € = 270 €; costs 2·(50 + 1·40) = 180 €; 2 h.
- PACK (heb, contains CLUB): H1 200 € + H2 180 € = 380 €; unit 10 + 40 + (5 + 0,5·40) = 75 €;
  costs 50 + 2·75 = 200 €; 2·(1 + 0,5) = 3 h.
- CLUB (socle, no direct subscriber): 20 + 2·40 = 100 €; 2 h.   NEW (à créer): inactive.
Revenue 650, costs 700 (direct 300 + staff 10 h · 40 = 400), result −50, target 1 000 → gap −1 050.
Universe: 6 businesses (C1 is an ancien partner); WEB/CLUB free cover hébergement + restauration = 5/6.
"""

import pytest

from otmodel import format as fmt
from otmodel.model import engine
from otmodel.overview import figures as synthese
from otmodel.scenarios import tables


def test_baseline_totals_by_hand(small_con):
    totals = engine.evaluate(small_con).totals
    assert totals.revenue == 650
    assert totals.costs == pytest.approx(700)
    assert totals.direct_costs == pytest.approx(300)
    assert totals.staff_cost == pytest.approx(400)
    assert totals.margin == pytest.approx(-50)
    assert totals.gap == pytest.approx(-1050)
    assert totals.staff_hours == pytest.approx(10)
    assert totals.staff_hours_available == 100
    assert totals.public_coverage == pytest.approx(5 / 6)
    assert totals.subscriptions == 8


def test_offer_economics_by_hand(small_con):
    offers = engine.evaluate(small_con).offers.set_index("id")
    assert offers.loc["WEB", ["subscribers", "revenue", "costs", "staff_hours"]].tolist() == [4, 0, 220, 3]
    assert offers.loc["PHOTO", ["subscribers", "revenue", "costs", "staff_hours"]].tolist() == [2, 270, 180, 2]
    assert offers.loc["PACK", ["subscribers", "revenue", "costs", "staff_hours"]].tolist() == [2, 380, 200, 3]
    assert offers.loc["CLUB", ["subscribers", "revenue", "costs", "staff_hours"]].tolist() == [0, 0, 100, 2]
    assert offers.loc["NEW", ["subscribers", "revenue", "costs", "staff_hours"]].tolist() == [0, 0, 0, 0]


def test_revenue_by_family_and_sector(small_con):
    current = engine.evaluate(small_con)
    assert current.revenue_by("famille").to_dict() == {"animation_reseau": 0, "visibilite": 650}
    by_sector = current.revenue_by("filiere")
    assert by_sector["hebergement"] == 150 + 380 and by_sector["restauration"] == 120


def test_businesses_by_sector_and_status(small_con):
    table = synthese.businesses_by_sector_and_status(small_con)
    counts = {(r.filiere, r.statut): r.entreprises for r in table.itertuples()}
    assert counts == {("commerce", "ancien"): 1, ("hebergement", "non_partenaire"): 1,
                      ("hebergement", "partenaire"): 2, ("loisirs", "non_partenaire"): 1,
                      ("restauration", "partenaire"): 1, ("restauration", "prospect"): 1}


def test_free_service_beneficiaries(small_con):
    assert synthese.free_service_beneficiaries(small_con, 2025) == 4
    assert synthese.free_service_beneficiaries(small_con, 2024) == 0


@pytest.mark.parametrize(("value", "text"), [(1234567, "1\u202f234\u202f567 €"), (0, "0 €"), (-3500, "−3\u202f500 €")])
def test_euros_in_french(value, text):
    assert fmt.euros(value) == text


def test_percent_number_and_signed_amounts_in_french():
    assert fmt.percent(0.125) == "12,5\u202f%"
    assert fmt.number(1234.5, 1) == "1\u202f234,5"
    assert fmt.signed_euros(1200) == "+1\u202f200 €"
    assert fmt.signed_euros(-50) == "−50 €"
    assert fmt.signed_euros(-0.4) == "+0 €" and fmt.signed_number(-0.3) == "+0"  # the sign of the shown figure
    assert fmt.signed_number(-0.04, "pts", 1) == "+0,0\u00a0pts" and fmt.signed_number(-0.06, "", 1) == "−0,1"


def test_comparer_totals_and_their_changes():
    assert tables.format_total("Couverture service public", 0.95) == "95\u202f%"
    assert tables.format_total("Couverture service public", -0.05, signed=True) == "−5\u00a0pts"  # a rate's change
    assert tables.format_total("Heures d'équipe", 4035.2) == "4\u202f035 h"
    assert tables.format_total("Heures d'équipe", -85, signed=True) == "−85\u00a0h"
    assert tables.format_total("Partenaires touchés", -0.3, signed=True) == "+0"
    assert tables.format_total("Écart à l'objectif", -36493) == "−36\u202f493 €"
    assert fmt.euros(None) == "—"
