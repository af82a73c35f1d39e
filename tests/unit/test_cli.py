"""The command line: init, import and info, with exit status 2 and a French message for refusals."""

import subprocess
import sys

from otmodel import db
from otmodel.cli import main
from tests.fixtures import ROOT, SMALL


def run(*args: str) -> subprocess.CompletedProcess:
    """The real command, as a user types it (python -m otmodel …)."""
    return subprocess.run([sys.executable, "-m", "otmodel", *args], capture_output=True, text=True, cwd=ROOT)


def test_init_rural_then_info_shows_the_3000_target(tmp_path):
    path = tmp_path / "t.duckdb"
    created = run("init", "--db", str(path), "--demo", "rural")
    assert created.returncode == 0, created.stderr
    info = run("info", "--db", str(path))
    assert info.returncode == 0, info.stderr
    assert "Objectif : 3\u202f000 € (Recettes)" in info.stdout
    assert "Année de référence : 2025" in info.stdout
    assert "Entreprises (partenaires ou non) (partenaires) : 180" in info.stdout


def test_init_destination_shows_the_200000_target(tmp_path, capsys):
    path = tmp_path / "d.duckdb"
    assert main(["init", "--db", str(path), "--demo", "destination"]) == 0
    capsys.readouterr()
    assert main(["info", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Objectif : 200\u202f000 € (Résultat (recettes − coûts))" in out
    assert "(partenaires) : 1\u202f500" in out


def test_init_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "x.duckdb"
    assert main(["init", "--db", str(path), "--demo", "none"]) == 0
    assert main(["init", "--db", str(path), "--demo", "none"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["init", "--db", str(path), "--demo", "rural", "--force"]) == 0


def test_import_of_a_malformed_file_exits_2_in_french_and_changes_nothing(tmp_path):
    path = tmp_path / "p.duckdb"
    con = db.connect(path)
    for name in ("structure", "partenaires"):
        (tmp_path / f"{name}.csv").write_bytes((SMALL / f"{name}.csv").read_bytes())
    con.close()
    assert run("import", "structure", str(SMALL / "structure.csv"), "--db", str(path)).returncode == 0
    bad = tmp_path / "offres.csv"
    bad.write_text("id;nom\nX;Y\n", encoding="utf-8")
    refused = run("import", "offres", str(bad), "--db", str(path))
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "colonne « famille » : colonne manquante" in refused.stderr
    con = db.connect(path, read_only=True)
    assert con.execute("SELECT count(*) FROM offres").fetchone()[0] == 0
    con.close()


def test_import_names_unknown_kinds_and_missing_files(tmp_path, capsys):
    path = str(tmp_path / "e.duckdb")
    assert main(["import", "clients", str(SMALL / "structure.csv"), "--db", path]) == 2
    assert "Modèle inconnu « clients »" in capsys.readouterr().err
    assert main(["import", "structure", str(tmp_path / "absent.csv"), "--db", path]) == 2
    assert "Fichier introuvable" in capsys.readouterr().err


def test_import_into_a_locked_database_is_refused_clearly(tmp_path, lock_database):
    path = tmp_path / "locked.duckdb"
    db.connect(path).close()
    lock_database(path)
    refused = run("import", "structure", str(SMALL / "structure.csv"), "--db", str(path))
    assert refused.returncode == 2
    assert "déjà ouverte en écriture" in refused.stderr
