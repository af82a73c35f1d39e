"""A demo territory put into a database: a new file built whole or not at all, an empty database only, the
shipped files read (never written), and the empty templates to download."""

from __future__ import annotations

import io
import zipfile

import pytest

from otmodel import db, paths
from otmodel.data import exports
from otmodel.data.schema import TEMPLATES
from otmodel.demo import loading, territories
from otmodel.errors import Refused
from otmodel.model.scenario import Scenario
from otmodel.scenarios import store


def _rows(path) -> dict[str, int]:
    with db.connect(path, read_only=True) as con:
        return {**db.row_counts(con), "scenarios": len(store.names(con))}


def test_the_demo_files_are_read_from_the_copy_of_otmodel_that_runs():
    assert loading.folder("rural") == paths.DEMO / "rural" == territories.DEMO_ROOT / "rural"
    assert (loading.folder("destination") / "structure.csv").is_file()
    with pytest.raises(Refused, match="Démonstration inconnue : « lune »"):
        loading.folder("lune")


def test_loading_the_rural_demo_into_an_empty_database(empty_con):
    assert loading.is_empty(empty_con) and loading.needed(empty_con) == ["structure", "offres"]
    installed = loading.load(empty_con, "rural")
    # data/demo/rural: 180 businesses, 8 offers; otmodel.demo.scenarios: 4 rural scenarios.
    assert installed.message() == ("Démonstration « rural » installée : 180 entreprises, 8 offres et 4 scénarios "
                                   "enregistrés.")
    counts = db.row_counts(empty_con)
    assert (counts["structure"], counts["partenaires"], counts["offres"]) == (1, 180, 8)
    assert len(store.names(empty_con)) == 4
    assert not loading.is_empty(empty_con) and loading.needed(empty_con) == []


def test_a_database_holding_anything_is_refused_and_left_as_it_was(small_path):
    before = _rows(small_path)
    with db.connect(small_path) as con, pytest.raises(loading.NotEmpty, match="ne s'installe que dans une base vide"):
        loading.load(con, "rural")
    assert _rows(small_path) == before


def test_a_saved_scenario_alone_makes_a_database_not_empty(empty_con):
    store.save(empty_con, store.SavedScenario(Scenario(name="Seul")))
    assert not loading.is_empty(empty_con)


def test_a_demo_that_fails_halfway_leaves_the_database_empty(empty_con, monkeypatch):
    def broken(con, name):
        raise Refused("panne simulée après l'import des fichiers")

    monkeypatch.setattr(loading.demo_scenarios, "install", broken)
    with pytest.raises(Refused, match="panne simulée"):
        loading.load(empty_con, "rural")
    assert loading.is_empty(empty_con)  # the files imported before the failure were rolled back with it


def test_create_builds_a_new_file_and_never_replaces_one_unasked(tmp_path):
    path = tmp_path / "sous-dossier" / "base.duckdb"
    loading.create(path, "rural")
    assert _rows(path)["partenaires"] == 180
    content = path.read_bytes()
    with pytest.raises(Refused, match=r"existe déjà\. Ajoutez --force"):
        loading.create(path, "destination")
    assert path.read_bytes() == content
    loading.create(path, "destination", replace=True)
    assert _rows(path)["partenaires"] == 1500
    assert sorted(p.name for p in path.parent.iterdir()) == ["base.duckdb"]  # nothing left beside it


def test_an_interrupted_creation_leaves_no_database_behind(tmp_path, monkeypatch):
    """A window closed during the first start: the next start must find no half-made database."""
    def interrupted(con, folder):
        raise KeyboardInterrupt

    monkeypatch.setattr(loading.importer, "import_folder", interrupted)
    with pytest.raises(KeyboardInterrupt):
        loading.create(tmp_path / "base.duckdb", "destination")
    assert list(tmp_path.iterdir()) == []


def test_the_empty_templates_archive_holds_every_template_under_its_import_name():
    archive = zipfile.ZipFile(io.BytesIO(exports.templates_zip()))
    assert sorted(archive.namelist()) == sorted(t.filename for t in TEMPLATES.values())
    header = archive.read("structure.csv").decode("utf-8-sig").strip()
    assert header == ";".join(TEMPLATES["structure"].column_names)
