"""`pip install .` into a clean venv: the wheel carries the app (app.py, its pages, the server's settings, the demo
territories, the manual, the fonts), and the console command `otmodel` works from any folder (the Contract:
`otmodel init --db X.duckdb --demo rural`, then `otmodel info --db X.duckdb`)."""

from __future__ import annotations

import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.fixtures import ROOT, SMALL

pytestmark = pytest.mark.slow


def test_pyproject_lists_every_package_of_otmodel():
    """setuptools installs the packages listed, no others: a new package folder must be added to the list."""
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "otmodel").rglob("__init__.py")}
    assert set(listed) == found | {"otmodel.bundle"}, "pyproject.toml : [tool.setuptools] packages"


def test_the_wheel_carries_the_app_and_what_it_reads(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    bundle = {name.removeprefix("otmodel/bundle/") for name in names if name.startswith("otmodel/bundle/")}
    for path in ["app.py", ".streamlit/config.toml", "views/synthese.py", "views/aide.py", "views/donnees/page.py",
                 "data/demo/README.md", "docs/methodes.md", "docs/images/scenarios.png"]:
        assert path in bundle, path
    pages = {str(p.relative_to(ROOT)) for p in (ROOT / "views").rglob("*.py")}
    demos = {str(p.relative_to(ROOT)) for p in (ROOT / "data" / "demo").rglob("*.csv")}
    assert pages | demos <= bundle
    assert {"otmodel/presentation/fonts/DejaVuSans.ttf", "otmodel/cli/serve.py", "otmodel/ui/start.py"} <= names
    assert not [n for n in names if n.startswith(("tests/", "tools/")) or "/tests/" in n or n.endswith(".duckdb")]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "otmodel = otmodel.cli:main" in zipfile.ZipFile(installed.wheel).read(entry_points).decode()


def _otmodel(installed, folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed.command), *args], cwd=folder, env=installed.env, capture_output=True,
                          text=True, timeout=300)


def test_the_installed_command_works_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    created = _otmodel(installed, elsewhere, "init", "--db", "X.duckdb", "--demo", "rural")
    assert created.returncode == 0, created.stderr
    assert "Base créée : X.duckdb (démo : rural)." in created.stdout
    info = _otmodel(installed, elsewhere, "info", "--db", "X.duckdb")
    assert info.returncode == 0, info.stderr
    assert "Objectif : 3\u202f000 € (Recettes)" in info.stdout
    assert "Entreprises (partenaires ou non) (partenaires) : 180" in info.stdout
    empty = _otmodel(installed, elsewhere, "init", "--db", "Y.duckdb")
    assert empty.returncode == 0, empty.stderr
    imported = _otmodel(installed, elsewhere, "import", "--db", "Y.duckdb", "structure", str(SMALL / "structure.csv"))
    assert imported.returncode == 0, imported.stderr
    assert "structure : 1 ligne(s) lue(s)" in imported.stdout
    bench = _otmodel(installed, elsewhere, "bench")  # a tool of the repository: not in the package
    assert bench.returncode == 2 and "accompagnent le dépôt" in bench.stderr and "Traceback" not in bench.stderr
