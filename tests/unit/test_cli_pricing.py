"""`python -m otmodel psm` and `gabor-granger`: JSON results on hand-computed files, refusals in French."""

from __future__ import annotations

import json

import duckdb
import pytest

from otmodel import db
from otmodel import format as fmt
from otmodel.cli import main
from otmodel.data import importer
from otmodel.listening import pricing

# The four respondents of test_pricing (OPP 3, IDP 10/3, PMC 2, PME 5.5) on offer X, one inconsistent on Y.
PSM = """partenaire_id;offre_id;trop_bon_marche;bon_marche;cher;trop_cher
H1;X;1;2;4;6
H2;X;2;3;5;7
R1;X;1;3;4;8
R2;X;3;4;6;8
H1;Y;10;30;20;40
"""
# Acceptance 4/4, 3/4, 1/4 at 10, 20, 30 € (see test_pricing).
GG = "partenaire_id;offre_id;prix;accepte\n" + "".join(
    f"{p};PHOTO;{price};{'oui' if ok else 'non'}\n"
    for p, oks in {"H1": (1, 1, 1), "H2": (1, 1, 0), "R1": (1, 1, 0), "R2": (1, 0, 0)}.items()
    for price, ok in zip((10, 20, 30), oks, strict=True))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    (tmp_path / "prix_acceptables.csv").write_text(PSM, encoding="utf-8")
    (tmp_path / "reponses_prix.csv").write_text(GG, encoding="utf-8")
    return tmp_path


def test_psm_json_from_a_file(files, capsys):
    code, out, _ = run(capsys, "psm", str(files / "prix_acceptables.csv"), "--offer", "X", "--json")
    assert code == 0
    assert json.loads(out) == {"n_valid": 4, "n_invalid": 0, "opp": 3.0, "idp": pytest.approx(3.333333),
                               "pmc": 2.0, "pme": 5.5, "definition": "original", "interpolated": True,
                               "nms": False, "weighted": False}


def test_psm_narrower_without_interpolation(files, capsys):
    code, out, _ = run(capsys, "psm", str(files / "prix_acceptables.csv"), "--offer", "X", "--definition",
                       "narrower", "--no-interpolate", "--json")
    assert code == 0
    result = json.loads(out)
    assert (result["opp"], result["idp"], result["pmc"], result["pme"]) == (3, 4, 3, 4)
    assert (result["definition"], result["interpolated"]) == ("narrower", False)


def test_psm_refusals_in_french(files, capsys):
    code, _, err = run(capsys, "psm", str(files / "prix_acceptables.csv"), "--json")
    assert code == 2 and "plusieurs offres (X, Y)" in err and "--offer" in err
    code, _, err = run(capsys, "psm", str(files / "prix_acceptables.csv"), "--offer", "Y")
    assert code == 2 and "toutes incohérentes" in err
    code, _, err = run(capsys, "psm", str(files / "absent.csv"))
    assert code == 2 and "Fichier introuvable" in err
    code, _, err = run(capsys, "psm", str(files / "reponses_prix.csv"))
    assert code == 2 and "refusé" in err and "Traceback" not in err
    code, _, err = run(capsys, "psm", str(files / "prix_acceptables.csv"), "--offer", "X", "--definition", "large")
    assert code == 2 and "Définition inconnue" in err
    code, _, err = run(capsys, "psm")
    assert code == 2 and "--db" in err


def test_gabor_granger_json_from_a_file(files, capsys):
    code, out, _ = run(capsys, "gabor-granger", str(files / "reponses_prix.csv"), "--json")
    assert code == 0
    assert json.loads(out) == {"prices": [10, 20, 30], "acceptance": [1, 0.75, 0.25], "revenue": [10, 15, 7.5],
                               "elasticity": [pytest.approx(-0.428571), -2.5], "best_price": 20,
                               "weighted": False}


def test_gabor_granger_text_is_french(files, capsys):
    code, out, _ = run(capsys, "gabor-granger", str(files / "reponses_prix.csv"))
    assert code == 0
    assert f"20 € : {fmt.percent(0.75, 0)} d'acceptation, indice de recettes 15,0" in out.replace("\xa0", " ")
    assert "Prix qui maximise les recettes : 20 €" in out.replace("\xa0", " ")


def test_both_from_the_database(small_path, files, capsys):
    con = db.connect(small_path)
    importer.import_file(con, "reponses_prix", files / "reponses_prix.csv")
    assert pricing.priced_offers(con) == {"PHOTO": "Photos — 2 × prix acceptables, 4 × oui/non"}
    con.close()
    # petit's prix_acceptables: one offer (PHOTO), so --offer is not needed.
    code, out, _ = run(capsys, "psm", "--db", str(small_path), "--json")
    assert code == 0 and json.loads(out)["opp"] == 50
    code, out, _ = run(capsys, "gabor-granger", "--db", str(small_path), "--offer", "PHOTO", "--json")
    assert code == 0 and json.loads(out)["best_price"] == 20
    code, _, err = run(capsys, "gabor-granger", "--db", str(small_path), "--offer", "WEB")
    assert code == 2 and "Aucune réponse" in err


def test_reponses_prix_import_checks_references(small_con, tmp_path):
    bad = tmp_path / "reponses_prix.csv"
    bad.write_text("partenaire_id;offre_id;prix;accepte\nZZ;PHOTO;10;oui\nH1;PHOTO;10;peut-être\n", encoding="utf-8")
    with pytest.raises(importer.TemplateError, match="attendu : oui ou non"):
        importer.import_file(small_con, "reponses_prix", bad)
    bad.write_text("partenaire_id;offre_id;prix;accepte\nZZ;PHOTO;10;oui\n", encoding="utf-8")
    with pytest.raises(importer.TemplateError, match="partenaire inconnu"):
        importer.import_file(small_con, "reponses_prix", bad)
    assert small_con.execute("SELECT count(*) FROM reponses_prix").fetchone()[0] == 0


def test_an_old_base_opened_read_only_is_explained(tmp_path, capsys):
    # A base left at migration 1 (before reponses_prix existed): the command reads it without migrating it.
    path = tmp_path / "ancienne.duckdb"
    con = duckdb.connect(str(path))
    con.execute(db.MIGRATIONS[1])
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.close()
    code, _, err = run(capsys, "gabor-granger", "--db", str(path), "--offer", "X")
    assert code == 2 and "n'a pas encore la table reponses_prix" in err


# The same four respondents with their purchase intents (see test_pricing_intent: reach highest at 3, revenue
# at 4), and the inconsistent one on Y without intents.
PSM_INTENT = """partenaire_id;offre_id;trop_bon_marche;bon_marche;cher;trop_cher;intention_bon_marche;intention_cher
H1;X;1;2;4;6;5;3
H2;X;2;3;5;7;4;2
R1;X;1;3;4;8;5;5
R2;X;3;4;6;8;3;1
H1;Y;10;30;20;40;;
"""


def test_psm_contract_with_purchase_intent(tmp_path, capsys):
    path = tmp_path / "prix_acceptables.csv"
    path.write_text(PSM_INTENT, encoding="utf-8")
    code, out, _ = run(capsys, "psm", str(path), "--offer", "X", "--no-interpolate", "--json")
    assert code == 0
    result = json.loads(out)
    assert {k: result[k] for k in ("opp", "idp", "pmc", "pme", "n_valid", "n_invalid")} == {
        "opp": 3, "idp": 4, "pmc": 2, "pme": 6, "n_valid": 4, "n_invalid": 0}
    assert (result["nms"], result["price_optimal_reach"], result["price_optimal_revenue"]) == (True, 3, 4)
    assert result["weighted"] is False
    # A calibration typed the French way: « certainement » = 1 moves the reach (2: .375, 3: .5375).
    code, out, _ = run(capsys, "psm", str(path), "--offer", "X", "--no-interpolate", "--json",
                       "--calibration", "1", "0,5", "0,3", "0,1", "0")
    assert code == 0 and json.loads(out)["calibration"]["5"] == 1 and json.loads(out)["reach_optimal_reach"] == 0.5375
    code, out, _ = run(capsys, "psm", str(path), "--offer", "X")
    assert code == 0 and "Prix qui touche le plus de partenaires : 3" in out and "Prix qui rapporte le plus : 4" in out
    code, _, err = run(capsys, "psm", str(path), "--offer", "X", "--calibration", "0,7", "0,5")
    assert code == 2 and "5 probabilités" in err
    code, _, err = run(capsys, "psm", str(path), "--offer", "X", "--calibration", "2", "0,5", "0,3", "0,1", "0")
    assert code == 2 and "hors des limites" in err


def test_psm_contract_weighted_by_sector(small_path, tmp_path, capsys):
    # petit's territory: 3 hébergements, 2 restaurants (+ 2 other sectors, without respondents). Respondents
    # 2 + 2: hébergement weighs .6 / .5 = 1.2, restauration .4 / .5 = .8. By hand, the curves then cross at
    # IDP 3 + .2 / .7, PMC 1 + .5 / .6, PME 5.4 (unweighted 10/3, 2, 5.5); reach highest at 3 (.44), revenue
    # at 4 (.38 × 4).
    path = tmp_path / "prix_acceptables.csv"
    path.write_text(PSM_INTENT.replace(";X;", ";PHOTO;").replace(";Y;", ";WEB;"), encoding="utf-8")
    with db.connect(small_path) as con:
        importer.import_file(con, "prix_acceptables", path)
    code, out, _ = run(capsys, "psm", "--db", str(small_path), "--offer", "PHOTO", "--weights", "filiere", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["weighted"] is True and result["weights"] == {"hebergement": 1.2, "restauration": 0.8}
    assert (result["opp"], result["idp"], result["pmc"], result["pme"]) == pytest.approx(
        (3, 3 + 0.2 / 0.7, 1 + 0.5 / 0.6, 5.4), abs=1e-6)
    assert result["unweighted"] == pytest.approx({"opp": 3, "idp": 10 / 3, "pmc": 2, "pme": 5.5,
                                                  "price_optimal_reach": 3, "price_optimal_revenue": 4})
    assert (result["price_optimal_reach"], result["reach_optimal_reach"]) == (3, 0.44)
    assert (result["price_optimal_revenue"], result["reach_optimal_revenue"]) == (4, 0.38)
    code, out, _ = run(capsys, "psm", "--db", str(small_path), "--offer", "PHOTO", "--json")
    assert code == 0 and json.loads(out)["weighted"] is False and json.loads(out)["idp"] == pytest.approx(10 / 3)
    # A file analysed with the base's sectors gives the same figures.
    code, out, _ = run(capsys, "psm", str(path), "--db", str(small_path), "--offer", "PHOTO", "--weights", "filiere",
                       "--json")
    assert code == 0 and json.loads(out)["pme"] == pytest.approx(5.4)
    code, _, err = run(capsys, "psm", str(path), "--offer", "PHOTO", "--weights", "filiere")
    assert code == 2 and "ajoutez --db" in err


def test_gabor_granger_weighted_by_sector(small_path, files, capsys):
    # H1, H2 (hébergement) and R1, R2 (restauration): weights 1.2 and .8. Acceptance at 10, 20, 30:
    # (1.2 × 2 + .8 × 2) / 4 = 1; (1.2 × 2 + .8 × 1) / 4 = .8; (1.2 × 1) / 4 = .3 — unweighted 1, .75, .25.
    with db.connect(small_path) as con:
        importer.import_file(con, "reponses_prix", files / "reponses_prix.csv")
    code, out, _ = run(capsys, "gabor-granger", "--db", str(small_path), "--weights", "filiere", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["acceptance"] == pytest.approx([1, 0.8, 0.3]) and result["weighted"] is True
    assert result["unweighted"] == {"acceptance": [1, 0.75, 0.25], "best_price": 20}
    assert result["best_price"] == 20  # revenue 10, 16, 9


def test_prix_acceptables_import_takes_the_two_optional_intent_columns(small_con, tmp_path):
    path = tmp_path / "prix_acceptables.csv"
    path.write_text(PSM_INTENT.replace(";X;", ";PHOTO;").replace(";Y;", ";WEB;"), encoding="utf-8")
    importer.import_file(small_con, "prix_acceptables", path)
    rows = small_con.execute("SELECT partenaire_id, offre_id, intention_bon_marche, intention_cher FROM "
                             "prix_acceptables ORDER BY offre_id, partenaire_id").fetchall()
    assert rows[:2] == [("H1", "PHOTO", 5, 3), ("H2", "PHOTO", 4, 2)] and rows[-1] == ("H1", "WEB", None, None)
    bad = tmp_path / "mauvais.csv"
    bad.write_text(PSM_INTENT.replace("H2;X;2;3;5;7;4;2", "H2;X;2;3;5;7;6;2").replace(";X;", ";PHOTO;")
                   .replace(";Y;", ";WEB;"), encoding="utf-8")
    with pytest.raises(importer.TemplateError, match="intention_bon_marche") as refused:
        importer.import_file(small_con, "prix_acceptables", bad)
    assert "5" in str(refused.value)
    kept = small_con.execute("SELECT count(*) FROM prix_acceptables WHERE intention_cher IS NOT NULL").fetchone()[0]
    assert kept == 4  # the refused file changed nothing
    # Without the two columns (the file of an earlier survey), the answers import and carry no intent.
    importer.import_file(small_con, "prix_acceptables", _plain(tmp_path))
    assert small_con.execute("SELECT count(*) FROM prix_acceptables WHERE intention_cher IS NULL").fetchone()[0] == 5


def _plain(tmp_path):
    path = tmp_path / "sans_intention.csv"
    path.write_text(PSM.replace(";X;", ";PHOTO;").replace(";Y;", ";WEB;"), encoding="utf-8")
    return path


def test_goal_seek_ranges_follow_the_pages_weighting(small_path, tmp_path):
    # petit's PHOTO answers of PSM_INTENT are within the page's thresholds: the range is the unweighted one
    # (PMC 2, PME 5.5). An offer whose answers are all inconsistent has no range, and no error.
    path = tmp_path / "prix_acceptables.csv"
    path.write_text(PSM_INTENT.replace(";X;", ";PHOTO;").replace(";Y;", ";WEB;"), encoding="utf-8")
    with db.connect(small_path) as con:
        importer.import_file(con, "prix_acceptables", path)
        assert pricing.acceptable_ranges(con) == {"PHOTO": (2, 5.5)}
        # Without H2, hébergement answers 1 / 3 for .6 of the territory (ratio .56): the range is weighted.
        con.execute("DELETE FROM prix_acceptables WHERE partenaire_id = 'H2' AND offre_id = 'PHOTO'")
        answers = pricing.price_answers(con, "PHOTO")
        weighted = pricing.van_westendorp(answers, territory=pricing.territory_by_sector(con))
        plain = pricing.van_westendorp(answers)
        assert weighted.weights.unbalanced and (weighted.pmc, weighted.pme) != (plain.pmc, plain.pme)
        assert pricing.acceptable_ranges(con) == {"PHOTO": (weighted.pmc, weighted.pme)}
