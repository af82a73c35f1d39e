"""Fixtures that build real databases: the small hand-checked territory and the demo territories.

Each territory is imported once per test session through the user's import path; a test gets a private
copy of the file (copying is ~100 times faster than importing again). Tests under tests/browser/ are
marked `browser` here, so that `pytest -m "not browser"` leaves all of them out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from otmodel import db
from otmodel.demo import territories
from tests.fixtures import SMALL, build_database, copy_database

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
