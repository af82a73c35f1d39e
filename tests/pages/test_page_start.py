"""An empty database is a starting point (AppTest): the pages that need the territory offer the demo and the
import instead; the demo goes only into an empty database, only by someone who may write; what the page then
says is what is stored."""

from __future__ import annotations

import re

import pytest

from otmodel import access, db
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.demo import loading
from otmodel.scenarios import store
from otmodel.ui import roles
from tests.fixtures import SMALL
from tests.pages.pagetest import APP, metric, run_page

PAGES = sorted(set(re.findall(r'"(views/[a-z_/]+\.py)"', APP.read_text(encoding="utf-8"))))
# The pages that draw the territory's figures: on an empty database they show the way in instead.
NEED_THE_TERRITORY = ["views/synthese.py", "views/partenaires.py", "views/offres.py", "views/equipe.py",
                      "views/revue/page.py", "views/scenarios/page.py", "views/comparer.py", "views/reseau/page.py",
                      "views/presentation/page.py", "views/guide.py", "views/suivi.py"]
GO = "start_demo_go"
PASSWORD = "mot de passe du séminaire"


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "vide.duckdb"
    db.connect(path).close()
    return path


def _counts(path) -> dict[str, int]:
    with db.connect(path) as con:  # the app's connection is cached in this process: same configuration
        return {**db.row_counts(con), "scenarios": len(store.names(con))}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_database(page, empty_path, monkeypatch):
    at = run_page(empty_path, page, monkeypatch)
    assert not at.exception, at.exception
    offers_the_demo = [b for b in at.button if b.key == GO]
    assert bool(offers_the_demo) == (page in NEED_THE_TERRITORY)
    if offers_the_demo:
        assert not offers_the_demo[0].disabled
        assert "La base est vide" in at.info[0].value
        assert [link.label for link in at.get("page_link")] == ["Importer mes fichiers"]
        assert at.get("page_link")[0].proto.page == "donnees"  # Données' address


def test_synthese_on_an_empty_database_offers_both_ways_in(empty_path, monkeypatch):
    at = run_page(empty_path, "views/synthese.py", monkeypatch)
    assert [t.value for t in at.title] == ["Synthèse"]
    assert [s.value for s in at.subheader] == ["🧭 Essayer avec la démonstration", "📥 Importer mes fichiers"]
    assert at.radio(key="start_demo").options == [loading.LABELS["destination"], loading.LABELS["rural"]]
    (templates,) = at.get("download_button")
    assert templates.proto.label == "Modèles de fichiers vides (ZIP)"
    assert "python -m otmodel" not in str([w.value for w in at.warning])  # no command line to type any more
    assert "colonne par colonne dans [l'aide](aide#les-modeles)." in at.markdown[-1].value  # Aide › Les modèles


def test_trying_the_rural_demo_fills_this_database_and_synthese_shows_it(empty_path, monkeypatch):
    at = run_page(empty_path, "views/synthese.py", monkeypatch)
    at.radio(key="start_demo").set_value("rural")
    at.button(key=GO).click().run()
    assert not at.exception
    counts = _counts(empty_path)
    # data/demo/rural: 1 structure, 180 businesses, 8 offers; otmodel.demo.scenarios: 4 scenarios.
    assert (counts["structure"], counts["partenaires"], counts["offres"], counts["scenarios"]) == (1, 180, 8, 4)
    assert [s.value for s in at.success] == [
        "Démonstration « rural » installée : 180 entreprises, 8 offres et 4 scénarios enregistrés."]
    assert "Office de tourisme du Pays des Collines (fictif)" in at.markdown[0].value
    assert f"objectif **{fmt.euros(3000)}**" in at.markdown[0].value
    assert metric(at, "Partenaire") and not [b for b in at.button if b.key == GO]


def test_a_database_with_some_files_says_what_is_missing_and_keeps_the_demo_out(empty_path, monkeypatch):
    with db.connect(empty_path) as con:
        importer.import_file(con, "partenaires", SMALL / "partenaires.csv")
    before = _counts(empty_path)
    at = run_page(empty_path, "views/offres.py", monkeypatch)
    assert not at.exception
    (warning,) = at.warning
    assert warning.value.startswith("Cette page a besoin de la structure de l'office (structure.csv) et ses offres "
                                    "(offres.csv)")
    assert at.button(key=GO).disabled  # and loading.load refuses a database holding anything (test_loading.py)
    assert _counts(empty_path) == before


def test_a_database_filled_meanwhile_by_another_session_is_not_filled_twice(empty_path, monkeypatch):
    first, second = (run_page(empty_path, "views/synthese.py", monkeypatch) for _ in range(2))
    first.radio(key="start_demo").set_value("rural")
    first.button(key=GO).click().run()
    second.button(key=GO).click().run()  # drawn before the first one's click
    assert not second.exception and not second.success
    assert [t.value for t in second.toast] == ["🔄 Les données ont changé depuis une autre session : chiffres "
                                               "rechargés."]
    assert _counts(empty_path)["partenaires"] == 180  # the rural demo only, not the destination on top of it
    assert "Office de tourisme du Pays des Collines (fictif)" in second.markdown[0].value


def test_with_an_editor_password_a_reader_cannot_install_the_demo(empty_path, monkeypatch):
    monkeypatch.setenv(access.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(roles, "_THROTTLE", access.Throttle())
    at = run_page(empty_path, "views/synthese.py", monkeypatch)
    assert at.button(key=GO).disabled
    assert any("Lecture seule" in i.value for i in at.info)
    at.text_input(key="roles_password").input(PASSWORD)
    at.button[[b.label for b in at.button].index("Se connecter comme éditeur")].click().run()
    assert not at.button(key=GO).disabled  # an editor may
    # The role is gone before the click reaches the server (signed out meanwhile, a crafted message): the button
    # is disabled on that run, and Streamlit 1.67 drops a disabled widget's value; data.write's guard stands behind.
    at.session_state["_otmodel_editor"] = False
    at.button(key=GO).click().run()
    assert not at.exception and at.button(key=GO).disabled
    assert not any(_counts(empty_path).values())

