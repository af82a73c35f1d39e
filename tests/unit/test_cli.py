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


def test_init_force_leaves_a_database_the_app_holds_alone(tmp_path, capsys, lock_database):
    """`make demo` while `make run` serves the base: refused in French (on Linux the app would go on writing to a
    file no longer there; on Windows the removal would fail with a traceback). A file that is no database is
    nobody's: --force replaces it."""
    path = tmp_path / "Mes documents" / "tenue.duckdb"
    assert main(["init", "--db", str(path), "--demo", "none"]) == 0
    before = path.read_bytes()
    lock_database(path)
    capsys.readouterr()
    for demo in ("rural", "none"):
        assert main(["init", "--db", str(path), "--demo", demo, "--force"]) == 2
        assert capsys.readouterr().err == (f"La base « {path} » est déjà ouverte en écriture par un autre programme "
                                           "(l'application ou un import en cours). Fermez-le, puis recommencez.\n")
    assert path.read_bytes() == before and [p.name for p in path.parent.iterdir()] == ["tenue.duckdb"]
    broken = tmp_path / "pas_une_base.duckdb"
    broken.write_text("ceci n'est pas une base", encoding="utf-8")
    assert main(["init", "--db", str(broken), "--demo", "none", "--force"]) == 0
    with db.connect(broken, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM structure").fetchone() == (0,)


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
