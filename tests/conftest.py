"""Fixtures that build real databases: a small hand-checked territory and the demo territories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from otmodel import db
from otmodel.data import importer
from otmodel.demo import territories as demo

HERE = Path(__file__).parent
SMALL = HERE / "data" / "petit"
SAMPLES = HERE.parent.parent / "shared" / "samples"


@pytest.fixture
def empty_con(tmp_path):
    """A freshly migrated, empty database."""
    con = db.connect(tmp_path / "empty.duckdb")
    yield con
    con.close()


@pytest.fixture
def small_path(tmp_path) -> Path:
    """The small hand-checked territory of tests/data/petit (see its figures in test_engine.py)."""
    path = tmp_path / "petit.duckdb"
    con = db.connect(path)
    importer.import_folder(con, SMALL)
    con.close()
    return path


@pytest.fixture
def small_con(small_path):
    con = db.connect(small_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_paths(tmp_path_factory) -> dict[str, Path]:
    """Both demo territories, built once per test session through the user's import path."""
    root = tmp_path_factory.mktemp("demo")
    paths = {}
    for name in demo.DEMOS:
        folder = demo.generate(name, root / name)
        paths[name] = root / f"{name}.duckdb"
        con = db.connect(paths[name])
        importer.import_folder(con, folder)
        con.close()
    return paths


@pytest.fixture
def demo_copy(demo_paths, tmp_path):
    """Factory: a private copy of a demo database file (pages and tests may write to it)."""

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}.duckdb"
        target.write_bytes(demo_paths[name].read_bytes())
        return target

    return copy


@pytest.fixture
def destination_con(demo_paths, tmp_path):
    """A private copy of the destination demo database (tests may write to it)."""
    copy = tmp_path / "destination.duckdb"
    copy.write_bytes(demo_paths["destination"].read_bytes())
    con = db.connect(copy)
    yield con
    con.close()


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
