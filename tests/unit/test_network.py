"""The network of offices: the indicators of the small territory by hand, the export, a hand-checked network of
seven offices (medians, quartiles, ranks, peer groups, the rule under five), hostile files, the demo network.

Quartiles here are those of otmodel.network.compare: linear interpolation between sorted values, the value at
position p × (n − 1) (Excel's QUARTILE.INC, numpy's default). With 10, 20, 30, 40, 50: Q1 at position 1 = 20,
median at 2 = 30, Q3 at 3 = 40. An office's quartile counts from the lowest values (1: ≤ Q1 … 4: > Q3); its
rank counts from the best (1), ties sharing the better rank.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from otmodel import db
from otmodel.cli.commands import main
from otmodel.network import charts, compare, demo, export, folder, indicators, schema, settings
from otmodel.network.compare import CompareError
from otmodel.network.indicators import INDICATORS, Profile
from otmodel.presentation import report, report_html
from otmodel.presentation import settings as story_settings
from tests.chartspec import assert_drawable, named, shapes, written
from tests.fixtures import ROOT

YEAR = 2025
# name, legal form, businesses, population, beds, recettes pour 1 000 entreprises, attrition, satisfaction
SEVEN = [
    ("A", "association", 200, 1000, 500, 10_000.0, 0.10, 3.0),
    ("B", "association", 250, 1000, 1000, 20_000.0, 0.20, None),
    ("C", "association", 150, 1000, 2000, 30_000.0, 0.10, 3.5),
    ("D", "association", 280, 1000, 3000, 40_000.0, 0.30, 4.0),
    ("E", "association", 120, None, None, 50_000.0, 0.40, 4.5),
    ("F", "epic", 200, 1000, 100, 60_000.0, 0.15, 2.0),
    ("G", "epic", 1500, 2000, 8000, 70_000.0, 0.25, 3.2),
]


def office_rows(name: str, form: str, businesses: int, population: int | None, beds: int | None, revenue: float,
                attrition: float, satisfaction: float | None, *, year: int = YEAR,
                exported: datetime = datetime(2026, 3, 1, 9, 0)) -> pd.DataFrame:
    values = {indicator.key: 1.0 for indicator in INDICATORS}
    values.update(recettes_pour_1000_entreprises=revenue, taux_attrition=attrition,
                  satisfaction_moyenne=satisfaction, taux_renouvellement=1 - attrition)
    return schema.rows(Profile(name, form, year, businesses, 3, population, beds), values, exported)


@pytest.fixture
def seven(tmp_path) -> Path:
    """Seven offices, one file each."""
    root = tmp_path / "sept"
    root.mkdir()
    for office in SEVEN:
        export.write([office_rows(*office)], root / f"{office[0]}.parquet")
    return root


def test_quartiles_and_ranks_by_hand():
    assert compare.quartiles([10, 20, 30, 40, 50]) == (20, 30, 40)
    assert compare.quartiles([10, 20, 30, 40, 50, 60]) == (22.5, 35, 47.5)  # positions 1,25 / 2,5 / 3,75
    assert compare.quartiles([10, 20, 30, 40, 50, 60, 70]) == (25, 40, 55)  # positions 1,5 / 3 / 4,5
    assert [compare.quartile_of(v, 20, 30, 40) for v in (10, 20, 25, 30, 35, 40, 41)] == [1, 1, 2, 2, 3, 3, 4]
    assert compare.rank_of(30, [10, 20, 30, 30, 50], better=True) == 2
    assert compare.rank_of(30, [10, 20, 30, 30, 50], better=None) == 2  # neither: from the highest
    assert compare.rank_of(20, [10, 20, 30, 30, 50], better=False) == 2  # lower is better


def test_size_classes():
    assert [compare.size_class(n) for n in (1, 299, 300, 999, 1000, 2999, 3000, 50_000)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert compare.size_label(2) == "1\u202f000 à 2\u202f999 entreprises"


def test_same_size_and_legal_form(seven):
    result = compare.compare(folder.read_folder(seven), "A")
    assert result.offices == 7 and result.refused == ()
    assert result.group.by == "taille_statut" and set(result.group.members) == set("ABCDE")
    assert result.group.label == "Offices de moins de 300 entreprises, Association" and result.group.note == ""
    revenue = result.standing("recettes_pour_1000_entreprises")
    assert (revenue.value, revenue.q1, revenue.median, revenue.q3) == (10_000, 20_000, 30_000, 40_000)
    assert (revenue.quartile, revenue.rank, revenue.peers) == (1, 5, 5)
    by_office = {name: compare.compare(folder.read_folder(seven), name).standing("recettes_pour_1000_entreprises")
                 for name in "CDE"}
    assert [(s.quartile, s.rank) for s in by_office.values()] == [(2, 3), (3, 2), (4, 1)]
    # Lower is better for churn: A and C tie for the best (0,10), B comes third; Q1 = 0,10 so A is in quartile 1.
    churn = result.standing("taux_attrition")
    assert (churn.rank, churn.quartile, churn.q1, churn.median) == (1, 1, 0.1, 0.2)
    assert compare.compare(folder.read_folder(seven), "B").standing("taux_attrition").rank == 3


def test_other_groups(seven):
    network = folder.read_folder(seven)
    size = compare.compare(network, "A", by="taille")
    assert set(size.group.members) == set("ABCDEF") and size.group.label == "Offices de moins de 300 entreprises"
    revenue = size.standing("recettes_pour_1000_entreprises")
    assert (revenue.q1, revenue.median, revenue.q3, revenue.quartile, revenue.rank) == (22_500, 35_000, 47_500, 1, 6)
    everyone = compare.compare(network, "D", by="tous").standing("recettes_pour_1000_entreprises")
    assert (everyone.q1, everyone.median, everyone.q3, everyone.quartile, everyone.rank) == (25_000, 40_000, 55_000,
                                                                                           2, 4)


def test_a_group_under_five_shows_no_quartiles(seven):
    result = compare.compare(folder.read_folder(seven), "F", by="statut")
    assert result.group.members == ("F", "G") and result.group.too_small
    assert "moins de 5" in result.group.note
    revenue = result.standing("recettes_pour_1000_entreprises")
    assert (revenue.median, revenue.q1, revenue.q3, revenue.quartile, revenue.rank) == (65_000, None, None, None, 2)
    as_json = result.to_json()
    assert as_json["group"] == {"by": "statut", "label": "Offices EPIC", "size": 2, "note": result.group.note}
    # Under five for one indicator only: B has no survey, so four offices of A's group have a satisfaction.
    satisfaction = compare.compare(folder.read_folder(seven), "A").standing("satisfaction_moyenne")
    assert (satisfaction.peers, satisfaction.median, satisfaction.quartile, satisfaction.rank) == (4, 3.75, None, 4)


def test_touristicity_quartile(seven):
    # Beds per 100 inhabitants: F 10, A 50, B 100, C 200, D 300, G 400 (E unknown): Q1 at position 1,25 = 62,5,
    # median at 2,5 = 150, Q3 at 3,75 = 200 + 0,75 × 100 = 275.
    network = folder.read_folder(seven)
    low = compare.compare(network, "A", by="touristicite")
    assert set(low.group.members) == {"A", "F"} and low.group.too_small
    assert low.group.label.startswith("Offices du 1er quartile de touristicité (jusqu'à 62,5")
    third = compare.compare(network, "C", by="touristicite")
    assert set(third.group.members) == {"C"} and "3e quartile de touristicité (150 à 275" in third.group.label
    assert set(compare.compare(network, "D", by="touristicite").group.members) == {"D", "G"}
    with pytest.raises(CompareError, match="touristicité de « E » n'est pas connue"):
        compare.compare(network, "E", by="touristicite")


def test_the_office_is_found_without_case_nor_accents_and_a_year_can_be_chosen(tmp_path):
    for year in (2024, 2025):
        export.write([office_rows("Office de Côte", "epic", 500, None, None, 1.0, 0.1, 3, year=year)],
                     tmp_path / f"c{year}.parquet")
    network = folder.read_folder(tmp_path)
    assert compare.compare(network, "office de cote").year == 2025
    assert compare.compare(network, "Office de Côte", year=2024).year == 2024
    with pytest.raises(CompareError, match="n'a pas de chiffres pour 2020"):
        compare.compare(network, "Office de Côte", year=2020)
    with pytest.raises(CompareError, match="« Autre » n'est pas dans le réseau lu"):
        compare.compare(network, "Autre")


# --- hostile files -----------------------------------------------------------------------------------------

def test_bad_files_are_refused_one_by_one_and_the_rest_compared(seven):
    (seven / "renomme.parquet").write_text("office;annee\nX;2025\n", encoding="utf-8")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 1 AS a, 'x' AS b) TO '{seven / 'autre_schema.parquet'}' (FORMAT parquet)")
    export.write([office_rows(*SEVEN[2], exported=datetime(2026, 1, 1))], seven / "C_ancien.parquet")
    negative = office_rows("H", "regie", 90, None, None, 5_000.0, 0.1, 3.0)
    negative.loc[negative["indicateur"] == "partenaires", "valeur"] = -3
    export.write([negative], seven / "H_negatif.parquet")
    version = office_rows("I", "regie", 90, None, None, 5_000.0, 0.1, 3.0).assign(version=2)
    export.write([version], seven / "I_v2.parquet")
    missing = office_rows("J", "regie", 90, None, None, 5_000.0, 0.1, 3.0)
    export.write([missing[missing["indicateur"] != "taux_renouvellement"]], seven / "J_manque.parquet")
    (seven / "notes.txt").write_text("à lire", encoding="utf-8")

    network = folder.read_folder(seven)
    reasons = {r.file: r.reason for r in network.refused}
    assert set(reasons) == {"renomme.parquet", "autre_schema.parquet", "C_ancien.parquet", "H_negatif.parquet",
                            "I_v2.parquet", "J_manque.parquet"}
    assert "CSV renommé" in reasons["renomme.parquet"]
    assert "pas un fichier réseau otmodel" in reasons["autre_schema.parquet"]
    assert "figure aussi dans « C.parquet », exporté plus récemment (le 01/03/2026" in reasons["C_ancien.parquet"]
    assert "« Partenaires » vaut −3,00, hors des valeurs possibles (0 ou plus)" in reasons["H_negatif.parquet"]
    assert "version du schéma 2" in reasons["I_v2.parquet"] and "mettez otmodel à jour" in reasons["I_v2.parquet"]
    assert "1 indicateur manquant (taux_renouvellement)" in reasons["J_manque.parquet"]
    assert network.ignored == ("notes.txt",)
    assert sorted(network.names()) == list("ABCDEFG")
    result = compare.compare(network, "C")
    assert result.offices == 7 and len(result.refused) == 6


def test_the_newest_of_two_files_is_kept_whatever_their_names(tmp_path):
    export.write([office_rows(*SEVEN[0], exported=datetime(2026, 5, 1))], tmp_path / "a_recent.parquet")
    old = office_rows(*SEVEN[0], exported=datetime(2026, 2, 1))
    old.loc[old["indicateur"] == "recettes_pour_1000_entreprises", "valeur"] = 1.0
    export.write([old], tmp_path / "z_ancien.parquet")
    network = folder.read_folder(tmp_path)
    assert [r.file for r in network.refused] == ["z_ancien.parquet"]
    assert network.values["recettes_pour_1000_entreprises"].tolist() == [10_000.0]


def test_a_folder_that_cannot_be_compared(tmp_path):
    with pytest.raises(folder.FolderError, match="introuvable"):
        folder.read_folder(tmp_path / "absent")
    with pytest.raises(folder.FolderError, match=r"Aucun fichier \.parquet"):
        folder.read_folder(tmp_path)
    (tmp_path / "x.parquet").write_bytes(b"")
    only_bad = folder.read_folder(tmp_path)
    assert only_bad.offices.empty and [r.file for r in only_bad.refused] == ["x.parquet"]
    with pytest.raises(CompareError, match="Aucun fichier du réseau n'a pu être lu"):
        compare.compare(only_bad, "A")


# --- the office's own figures -------------------------------------------------------------------------------

def test_indicators_of_the_small_territory_by_hand(small_con):
    """Revenue 650 €, costs 700 €, result −50 €, target 1 000 € (gap −1 050 €), 6 businesses (C1 is a former
    partner), 3 partners (H1 H2 R1); active in 2024: H1, in 2025: H1 H2 R1 (public services do not count)."""
    values = indicators.measure(small_con)
    expected = {
        "recettes_pour_1000_entreprises": 650_000 / 6, "couts_pour_1000_entreprises": 700_000 / 6,
        "resultat_pour_1000_entreprises": -50_000 / 6, "objectif_pour_1000_entreprises": 1_000_000 / 6,
        "ecart_objectif_part": -1.05, "partenaires": 3, "partenaires_pour_1000_entreprises": 500,
        "taux_renouvellement": 1.0, "taux_attrition": 0.0,
        "part_recettes_top10": 350 / 650,  # the top 10 % of 3 payers is one: H1, 350 €
        "services_service_public": 1, "services_socle": 2, "services_a_la_carte": 1, "services_premium": 0,
        "part_services_gratuits": 0.5,  # WEB and CLUB among WEB, PHOTO, CLUB, PACK (NEW is not launched)
        "couverture_service_public": 5 / 6, "taux_reponse_enquete": 3 / 7,
        "satisfaction_moyenne": 3.0,  # Visibilité 4 (one answer without satisfaction), Photos 2
        "rencontres_pour_100_partenaires": 0.0, "heures_utilisees_part": 10 / 100, "heures_par_partenaire": 10 / 3,
        "prix_socle_hebergement": 200.0, "prix_socle_restauration": None,
    }
    for key, value in expected.items():
        assert values[key] == (None if value is None else pytest.approx(value)), key
    assert set(values) == {i.key for i in INDICATORS}


def test_the_export_holds_the_profile_and_every_indicator(small_path, tmp_path):
    with db.connect(small_path) as con:
        settings.save(con, settings.NetworkSettings(1200, 600))
        path = export.export(con, tmp_path / "petit.parquet")
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{path}')").df()
    assert list(rows.columns) == list(schema.COLUMNS)
    first = rows.iloc[0]
    assert (first["format"], first["version"], first["office"], first["statut_juridique"], first["annee"],
            first["entreprises"], first["communes"], first["population"], first["lits_touristiques"]) == (
        "otmodel-reseau", 1, "OT du Petit Territoire", "association", 2025, 6, 2, 1200, 600)
    assert rows["indicateur"].tolist() == [i.key for i in INDICATORS]
    with pytest.raises(export.ExportError, match=r"s'écrit en \.parquet"):
        export.check_output(tmp_path / "petit.csv")
    with pytest.raises(export.ExportError, match="n'existe pas"):
        export.check_output(tmp_path / "absent" / "petit.parquet")


def test_an_export_of_the_destination_holds_no_partner(demo_copy, tmp_path):
    """Every cell of the file, against every partner name and e-mail, every comment and verbatim of the demo."""
    with db.connect(demo_copy("destination")) as con:
        path = export.export(con, tmp_path / "destination.parquet")
        secrets = {row[0] for row in con.execute("""
            SELECT nom FROM partenaires UNION SELECT email FROM partenaires UNION SELECT commentaire FROM besoins
            UNION SELECT verbatim FROM rencontres UNION SELECT nom FROM rencontres UNION SELECT besoin FROM rencontres
            UNION SELECT suite FROM rencontres UNION SELECT id FROM partenaires""").fetchall() if row[0]}
    assert len(secrets) > 1500  # names, e-mails, comments and verbatims of the demo
    cells = [str(cell) for row in duckdb.sql(f"SELECT * FROM read_parquet('{path}')").fetchall() for cell in row]
    assert len(cells) == len(INDICATORS) * len(schema.COLUMNS)
    leaks = sorted(secret for secret in secrets if len(secret) > 3 and any(secret in cell for cell in cells))
    assert leaks == []


def test_settings_are_checked_and_saved(empty_con):
    assert settings.load(empty_con) == settings.NetworkSettings()
    saved = settings.save(empty_con, settings.NetworkSettings(25_000, 60_000, " /partage/reseau ", "tous"))
    assert saved == settings.NetworkSettings(25_000, 60_000, "/partage/reseau", "tous")
    assert saved.touristicity == 240
    for bad, message in ((settings.NetworkSettings(-1, None), "Population"),
                         (settings.NetworkSettings(None, 2.5), "Lits touristiques"),
                         (settings.NetworkSettings(0, 10), "0 habitant"),
                         (settings.NetworkSettings(peer_group="voisins"), "Groupe de pairs inconnu")):
        with pytest.raises(settings.ProfileError, match=message):
            settings.save(empty_con, bad)
    assert settings.load(empty_con) == saved  # a refusal changed nothing


# --- the demo network and the command line -------------------------------------------------------------

def test_the_demo_network(demo_paths, tmp_path):
    written = demo.write_demo(tmp_path / "reseau", demo_paths)
    assert len(written) == demo.OFFICES * demo.YEARS + 2
    assert "SYNTHÉTIQUES" in (tmp_path / "reseau" / demo.README).read_text(encoding="utf-8")
    network = folder.read_folder(tmp_path / "reseau")
    assert network.refused == () and network.ignored == (demo.README,)
    latest = network.offices[network.offices["annee"] == 2025]
    assert len(latest) == demo.OFFICES + 2
    assert set(latest["statut_juridique"]) == {"association", "epic", "regie", "spl"}
    targets = demo.demo_rows().query("indicateur == 'objectif_pour_1000_entreprises' and annee == 2025")
    amounts = targets["valeur"] * targets["entreprises"] / 1000
    assert (round(amounts.min()), round(amounts.max())) == (3_000, 250_000)
    destination = compare.compare(network, "Office de tourisme Côte des Pins (fictif)")
    assert destination.group.size >= compare.MIN_GROUP
    again = demo.demo_rows()
    pd.testing.assert_frame_equal(again, demo.demo_rows())  # deterministic


def test_cli_export_and_compare_keep_the_contract(seven, small_path, tmp_path, capsys):
    out = seven / "petit.parquet"
    assert main(["reseau", "export", "--db", str(small_path), "--out", str(out)]) == 0
    assert out.is_file() and "Fichier réseau écrit" in capsys.readouterr().out
    (seven / "faux.parquet").write_text("a;b\n", encoding="utf-8")
    assert main(["reseau", "compare", "--dir", str(seven), "--office", "A", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"offices", "refused", "group", "indicators"}
    assert result["offices"] == 8 and result["refused"][0]["file"] == "faux.parquet"
    assert set(result["refused"][0]) == {"file", "reason"}
    # The small territory (an association of 6 businesses) joins A's group: A, B, C, D, E and it.
    assert set(result["group"]) >= {"by", "size"} and result["group"]["size"] == 6
    first = result["indicators"][0]
    assert set(first) == {"key", "label", "value", "median", "q1", "q3", "quartile", "rank", "peers"}
    assert (first["key"], first["value"], first["quartile"], first["rank"], first["peers"]) == (
        "recettes_pour_1000_entreprises", 10_000, 1, 6, 6)
    assert main(["reseau", "compare", "--dir", str(seven), "--office", "A"]) == 0
    assert "Recettes partenaires pour 1 000 entreprises : 10 000 €" in capsys.readouterr().out.replace("\u202f", " ")


def test_cli_refusals(tmp_path, capsys):
    assert main(["reseau", "compare", "--dir", str(tmp_path / "absent"), "--json"]) == 2
    assert "introuvable" in capsys.readouterr().err
    (tmp_path / "x.parquet").write_text("a;b\n", encoding="utf-8")
    assert main(["reseau", "compare", "--dir", str(tmp_path), "--json"]) == 2
    assert "x.parquet : ce n'est pas un fichier Parquet" in capsys.readouterr().err
    assert main(["reseau", "export", "--db", str(tmp_path / "base.duckdb"), "--out", str(tmp_path / "a.csv")]) == 2
    assert ".parquet" in capsys.readouterr().err
    assert not (tmp_path / "base.duckdb").exists()


# --- into the story -----------------------------------------------------------------------------------------

def test_the_story_tells_our_place_only_once_a_folder_is_chosen(seven, small_path, tmp_path):
    """The small territory (an association of 6 businesses, 650 € of revenue: 108 333 € per 1 000 businesses)
    among A to E: six offices, median (30 000 + 40 000) / 2 = 35 000 €, first of six, in the top quarter."""
    with db.connect(small_path) as con:
        assert [s.key for s in report.story_for(con, []).sections] == [
            "territoire", "partenaires", "modele", "scenarios", "recommandation"]
        settings.save(con, settings.NetworkSettings(folder=str(seven)))
        told = report.story_for(con, [])
        assert [s.key for s in told.sections] == ["territoire", "partenaires", "modele", "reseau", "scenarios",
                                                  "recommandation"]
        assert [s.number for s in told.sections] == [1, 2, 3, 4, 5, 6]
        section = told.section("reseau")
        assert section.title == story_settings.SECTIONS["reseau"]
        assert section.lead.replace("\u202f", " ") == (
            "Recettes partenaires pour 1 000 entreprises : 108 333 €, dans le quart le plus haut du groupe "
            "(6 offices comparables, médiane 35 000 €).")
        assert [(f.label, f.value) for f in section.figures][:2] == [("Offices du groupe", "6"),
                                                                     ("Offices du réseau", "8")]
        assert [s.indicator.key for s in section.strips] == list(indicators.HEADLINE)
        html = report_html.render(told)
        assert '<section id="reseau"><h2>4. Notre place dans le réseau</h2>' in html
        assert "<title>Notre place dans le réseau</title>" in html and "http" not in html.split("<body>")[1]
        # The same strips in the HTML report (SVG) and the PDF: each indicator with our figure and standing.
        ours = "108 333 € · 4e quartile · rang 1 sur 6"
        assert f'font-weight="bold">{ours}</text>' in html.replace("\u202f", " ")
        pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.render(told, ".pdf"))).pages)
        pdf = " ".join(pdf.replace("\u202f", " ").split())
        assert "4. Notre place dans le réseau" in pdf and ours in pdf
        assert "Recettes partenaires pour 1 000 entreprises (plus haut = mieux)" in pdf
        settings.save(con, settings.NetworkSettings(folder=str(tmp_path / "disparu")))
        assert "reseau" not in [s.key for s in report.story_for(con, []).sections]  # a folder gone: no section



# --- the strips, as data --------------------------------------------------------------------------------------

def test_strips_as_data(seven):
    """A's revenue among A–E: 10 000 to 50 000 € on a 0-to-1 scale of its own, the band from Q1 (20 000 €: 0,25)
    to Q3 (40 000 €: 0,75), the median at 0,5, A at 0; its churn: 0,10 to 0,40, Q1 0,10 (0), median 0,20 (1/3),
    Q3 0,30 (2/3); F among the two EPIC offices: no band."""
    network = folder.read_folder(seven)
    revenue = compare.compare(network, "A").standing("recettes_pour_1000_entreprises")
    churn = compare.compare(network, "A").standing("taux_attrition")
    fig = assert_drawable(charts.strips_chart((revenue, churn), "<b>Office</b> & co"))
    peers = named(fig, "pairs")
    assert peers["x"][:5] == [0.0, 0.25, 0.5, 0.75, 1.0] and peers["y"][:5] == [0] * 5
    assert [(s["x0"], s["x1"]) for s in shapes(fig, "quartiles")] == [(0.25, 0.75), (0.0, pytest.approx(2 / 3))]
    assert named(fig, "médiane")["x"] == [0.5, pytest.approx(1 / 3)]
    office = named(fig, "notre office")
    assert office["x"] == [0.0, 0.0] and office["marker"]["color"] == charts.OFFICE
    assert office["customdata"][0] == ["Recettes partenaires pour 1 000 entreprises", "&lt;b&gt;Office&lt;/b&gt; "
                                       "&amp; co", "10\u202f000 € · 1er quartile · rang 5 sur 5"]
    assert written(named(fig, "textes")) == ["<b>10\u202f000 € · 1er quartile · rang 5 sur 5</b>",
                                             "<b>10\u202f% · 1er quartile · rang 1 sur 5</b>"]
    assert written(named(fig, "extrêmes")) == ["10\u202f000 €", "10\u202f%", "50\u202f000 €", "40\u202f%",
                                               "plus haut = mieux", "plus bas = mieux"]
    assert fig["layout"]["meta"]["nom"] == "Notre place dans le réseau"
    epic = compare.compare(network, "F", by="statut").standing("recettes_pour_1000_entreprises")
    assert shapes(assert_drawable(charts.strips_chart((epic,))), "quartiles") == []  # two offices: no quartiles


def test_every_indicator_and_file_column_is_documented():
    methods = (ROOT / "docs" / "methodes.md").read_text(encoding="utf-8").split("## Le réseau", 1)[1]
    for indicator in INDICATORS:
        key = "prix_socle_<filière>" if indicator.key.startswith(indicators.SOCLE_PRICE) else indicator.key
        assert f"`{key}`" in methods, indicator.key
    files = (ROOT / "docs" / "fichiers.md").read_text(encoding="utf-8").split("## Le fichier réseau", 1)[1]
    assert [column for column in schema.COLUMNS if f"| `{column}` |" not in files] == []
