"""Numbers typed by a person (otmodel.format.read_number): read as a French director means them, or refused with
the reason — never silently reinterpreted (« 95,5 » was once read 955 €)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otmodel import format as fmt
from otmodel.errors import Refused


@pytest.mark.parametrize(("typed", "unit", "value"), [
    ("95,5", "€", 95.5), ("95.5", "€", 95.5), ("1 234,5", "€", 1234.5), ("1 234 €", "€", 1234.0),
    ("1\u202f234,50\u00a0€", "€", 1234.5), ("1.234,5", "€", 1234.5), ("1,234.5", "€", 1234.5),
    ("1.234.567", "€", 1234567.0), ("90 € HT", "€", 90.0), ("90 euros", "€", 90.0), ("95,", "€", 95.0),
    (",5", "", 0.5), ("0.125", "", 0.125), ("−3 500", "", -3500.0), ("-3500", "", -3500.0), ("+5", "", 5.0),
    ("12,5 %", "%", 12.5), ("12,5", "%", 12.5), ("1234.567", "", 1234.567), ("  7  ", "", 7.0),
])
def test_french_numbers_are_read_as_meant(typed, unit, value):
    assert fmt.read_number(typed, "Prix", unit) == value


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_field_is_none(typed):
    assert fmt.read_number(typed, "Prix", "€") is None


@pytest.mark.parametrize(("typed", "unit", "reason"), [
    ("12,,5", "€", "une seule virgule"),
    ("1,234,5", "€", "une seule virgule"),
    ("1.234", "€", "peut se lire 1\u202f234 ou 1,234"),  # a thousand, or one point two three four?
    ("12 34", "€", "que des milliers"),
    ("1.2,3", "€", "que des milliers"),
    ("abc", "€", "n'est pas un nombre"),
    ("1e3", "€", "n'est pas un nombre"),
    ("--3", "", "n'est pas un nombre"),
    ("12 %", "€", "ce champ attend un montant en euros (€), sans « % »"),
    ("95 €", "%", "ce champ attend un pourcentage (%), sans « € »"),
    ("95,555", "€", "au plus 2 décimales"),
])
def test_what_cannot_be_read_for_sure_is_refused_with_the_reason(typed, unit, reason):
    with pytest.raises(Refused, match="Prix : « ") as refused:
        fmt.read_number(typed, "Prix", unit, decimals=2)
    assert reason in str(refused.value)


def test_bounds_are_named_in_french():
    with pytest.raises(Refused, match="« 7 » est hors des limites : entre 0 et 5"):
        fmt.read_number("7", "Élasticité-prix ε", low=0, high=5)
    with pytest.raises(Refused, match="entre 0 € et 100\u202f000 €"):
        fmt.read_number("-1", "Prix rapide", "€", low=0, high=100_000)
    assert fmt.read_number("5", "Élasticité-prix ε", low=0, high=5) == 5.0


def test_a_count_has_no_decimals():
    with pytest.raises(Refused, match="aucune décimale"):
        fmt.read_number("12,5", "Rencontres", decimals=0)
    assert fmt.read_number("1 200", "Rencontres", decimals=0) == 1200


@pytest.mark.parametrize(("value", "unit", "decimals", "shown"), [
    (95.5, "€", 2, "95,50 €"), (1234.5, "€", 2, "1\u202f234,50 €"), (0.3, "", 2, "0,3"),
    (12.5, "%", 1, "12,5\u202f%"), (-3500.0, "", 0, "−3\u202f500"), (85.0, "%", 1, "85\u202f%"), (None, "€", 2, ""),
])
def test_a_value_is_shown_back_in_french(value, unit, decimals, shown):
    assert fmt.typed_number(value, unit, decimals) == shown


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_what_is_shown_back_reads_back_the_same(value):
    """A field shows back what it accepted; reading that text again gives the same value (no drift)."""
    for unit in ("€", ""):
        shown = fmt.typed_number(float(value), unit, 2)
        assert fmt.read_number(shown, "Prix", unit, decimals=2) == pytest.approx(float(value), abs=1e-9)
