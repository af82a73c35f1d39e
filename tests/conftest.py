"""Fixtures that build real databases: the small hand-checked territory and the demo territories.

Each territory is imported once per test session through the user's import path; a test gets a private
copy of the file (copying is ~100 times faster than importing again). Tests under tests/browser/ are
marked `browser` here, so that `pytest -m "not browser"` leaves all of them out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from otmodel import db
from otmodel.demo import territories
from tests.fixtures import SMALL, build_database, copy_checkout, copy_database

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of tests/browser/ as a browser test (a conftest's pytestmark does not apply)."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def empty_con(tmp_path):
    """A freshly migrated, empty database."""
    with db.connect(tmp_path / "empty.duckdb") as con:
        yield con


@pytest.fixture(scope="session")
def small_original(tmp_path_factory) -> Path:
    """The small territory of tests/data/petit, imported once (see its figures in test_engine.py)."""
    return build_database(tmp_path_factory.mktemp("petit") / "petit.duckdb", SMALL)


@pytest.fixture
def small_path(small_original, tmp_path) -> Path:
    """A private copy of the small hand-checked territory."""
    return copy_database(small_original, tmp_path / "petit.duckdb")


@pytest.fixture
def small_con(small_path):
    with db.connect(small_path) as con:
        yield con


@pytest.fixture(scope="session")
def demo_paths(tmp_path_factory) -> dict[str, Path]:
    """Both demo territories, built once per test session through the user's import path."""
    root = tmp_path_factory.mktemp("demo")
    return {name: build_database(root / f"{name}.duckdb", territories.generate(name, root / name))
            for name in territories.DEMOS}


@pytest.fixture
def demo_copy(demo_paths, tmp_path):
    """Factory: a private copy of a demo database file (pages and tests may write to it)."""

    def copy(name: str) -> Path:
        return copy_database(demo_paths[name], tmp_path / f"{name}.duckdb")

    return copy


@pytest.fixture
def destination_con(demo_copy):
    """A private copy of the destination demo database (tests may write to it)."""
    with db.connect(demo_copy("destination")) as con:
        yield con


@pytest.fixture
def lock_database():
    """Factory: hold a database file open read-write in another process, as the running app does."""
    holders = []

    def hold(path: Path) -> None:
        holder = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
             "sys.stdin.read()", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        holders.append(holder)
        assert holder.stdout.readline().strip() == "ok"

    yield hold
    for holder in holders:
        holder.stdin.close()  # the holder exits at the end of its standard input
        holder.wait(timeout=20)


@dataclass(frozen=True)
class Installed:
    """otmodel as `pip install .` leaves it in a clean venv: its wheel and its console command."""

    wheel: Path
    command: Path  # the venv's `otmodel`
    env: dict[str, str]  # no OTMODEL_* from the test run, a home of its own


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    """A wheel built from a copy of the repository (the build writes beside its sources), installed into a clean
    venv with its pinned requirements — from pip's cache when it holds them, else from the registry. Once per
    test session: about a minute."""
    root = tmp_path_factory.mktemp("installation")
    source = copy_checkout(root / "source")
    if source is None:
        pytest.skip("git absent ou pas de dépôt : la copie à installer ne peut pas être faite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTMODEL_")}
    env["HOME"] = str(root / "home")
    env["PIP_CACHE_DIR"] = str(Path.home() / ".cache" / "pip")  # the wheels already downloaded, reused
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", str(root / "wheels"), str(source)], env=env,
                   check=True, capture_output=True)
    (wheel,) = (root / "wheels").glob("otmodel-*.whl")
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", "install", str(wheel)],
                   env=env, check=True, capture_output=True)
    return Installed(wheel, python.parent / "otmodel", env)
