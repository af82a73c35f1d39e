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
    assert pricing.priced_offers(con) == {"PHOTO": "Photos (PHOTO) — 2 × prix acceptables, 4 × oui/non"}
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
