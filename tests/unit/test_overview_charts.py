"""The Synthèse charts as data: valid Vega-Lite, the figures and labels the director reads."""

from __future__ import annotations

import pandas as pd

from otmodel import charts, vocab
from otmodel.overview import charts as overview
from tests.chartspec import assert_valid


def test_target_chart_bars_labels_and_target_line():
    spec = overview.target_chart(1200.0, 1500.0, -300.0, 500.0, "margin")
    assert_valid(spec)
    bars = charts.values(spec)
    assert [(b["poste"], b["montant"], b["texte"]) for b in bars] == [
        ("Recettes", 1200.0, "1\u202f200 €"), ("Coûts", 1500.0, "1\u202f500 €"), ("Résultat", -300.0, "−300 €")]
    assert bars[2]["couleur"] == charts.COLORS["margin_ko"]  # a deficit is red
    (line,) = spec["layer"][2]["data"]["values"]
    assert line == {"poste": "Résultat", "objectif": 500.0, "legende": "Objectif 500 € (résultat)"}
    # A revenue target is drawn across the revenue bar.
    (line,) = overview.target_chart(1200.0, 1500.0, -300.0, 3000.0, "revenue")["layer"][2]["data"]["values"]
    assert (line["poste"], line["legende"]) == ("Recettes", "Objectif 3\u202f000 € (recettes)")


def test_businesses_by_sector_labels_sectors_and_statuts_in_order():
    frame = pd.DataFrame({"filiere": ["hebergement", "hebergement", "restauration", "sport"],
                          "statut": ["prospect", "partenaire", "partenaire", "ancien"],
                          "entreprises": [2, 5, 3, 0]})
    spec = overview.businesses_by_sector(frame)
    assert_valid(spec)
    assert charts.values(spec) == [
        {"filiere": "Hébergement", "statut": "Prospect", "rang": 2, "entreprises": 2},
        {"filiere": "Hébergement", "statut": "Partenaire", "rang": 0, "entreprises": 5},
        {"filiere": "Restauration", "statut": "Partenaire", "rang": 0, "entreprises": 3}]
    assert spec["encoding"]["color"]["scale"]["domain"] == list(vocab.STATUTS_PARTENAIRE.values())


def test_revenue_bars_largest_first_in_euros():
    spec = overview.revenue_bars(pd.Series({"restauration": 50.0, "hebergement": 1234.0, "sport": 0.0}),
                                 vocab.FILIERES)
    assert_valid(spec)
    assert [(b["categorie"], b["texte"]) for b in charts.values(spec)] == [
        ("Hébergement", "1\u202f234 €"), ("Restauration", "50 €")]  # nothing drawn for a sector at 0 €
    assert spec["encoding"]["x"]["axis"]["format"] == charts.EUROS
