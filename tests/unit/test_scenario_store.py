"""Saved scenarios: save (insert or update), duplicate, rename, delete, decision record, export/import."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from otmodel import vocab
from otmodel.model.scenario import ScenarioError, parse_scenario
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario


def saved(name="Photos payantes", **record) -> SavedScenario:
    scenario = parse_scenario({"name": name, "offers": {"PHOTO": {"mode": "paid", "price": 180}}})
    return SavedScenario(scenario, **record)


def test_save_inserts_then_updates(small_con):
    first = store.save(small_con, saved(author="Anne", notes="à discuter"))
    assert (first.author, first.notes, first.status, first.decision) == ("Anne", "à discuter", "brouillon", "")
    assert first.created_at is not None and first.updated_at is not None
    changed = saved(author="Anne", status="retenu", decision="Validé en bureau le 3 mars")
    changed.scenario.offers["PHOTO"].price = 200
    second = store.save(small_con, changed)
    assert store.names(small_con) == ["Photos payantes"]
    assert second.created_at == first.created_at and second.updated_at >= first.updated_at
    assert (second.status, second.decision) == ("retenu", "Validé en bureau le 3 mars")
    assert store.load(small_con, "Photos payantes").offers["PHOTO"].price == 200


def test_duplicate_rename_delete(small_con):
    store.save(small_con, saved(author="Anne", status="retenu", decision="oui"))
    copy = store.duplicate(small_con, "Photos payantes", "Photos payantes (copie)")
    assert (copy.status, copy.decision, copy.author) == ("brouillon", "", "Anne")
    assert copy.scenario.offers == store.load(small_con, "Photos payantes").offers
    renamed = store.rename(small_con, "Photos payantes (copie)", "Photos à 180 €")
    assert renamed.name == "Photos à 180 €" and json.loads(store.export_json(small_con, renamed.name))["name"] == \
        "Photos à 180 €"
    assert store.names(small_con) == ["Photos payantes", "Photos à 180 €"]
    with pytest.raises(ScenarioError, match="déjà"):
        store.rename(small_con, "Photos à 180 €", "Photos payantes")
    store.delete(small_con, "Photos payantes")
    assert store.names(small_con) == ["Photos à 180 €"]
    with pytest.raises(ScenarioError, match="Aucun scénario"):
        store.delete(small_con, "Photos payantes")


@pytest.mark.parametrize(("name", "message"), [("  ", "Donnez un nom"), ("x" * 121, "trop long"),
                                               ("Situation actuelle", "année de référence")])
def test_names_are_checked(small_con, name, message):
    with pytest.raises(ScenarioError, match=message):
        store.save(small_con, SavedScenario(replace(saved().scenario, name=name)))
    assert store.names(small_con) == []


def test_status_comes_from_the_vocabulary(small_con):
    assert set(vocab.STATUTS_SCENARIO) == {"brouillon", "retenu"}
    with pytest.raises(ScenarioError, match="Statut inconnu"):
        store.save(small_con, saved(status="abandonné"))


def test_export_import_round_trip(small_con):
    store.save(small_con, saved())
    text = store.export_json(small_con, "Photos payantes")
    assert json.loads(text)["offers"] == {"PHOTO": {"mode": "paid", "price": 180}}
    with pytest.raises(ScenarioError, match="déjà"):
        store.import_json(small_con, text)
    imported = store.import_json(small_con, text.encode("utf-8-sig"), name="Importé", author="Bruno")
    assert imported.scenario.offers == store.load(small_con, "Photos payantes").offers
    assert (imported.author, imported.notes) == ("Bruno", "Importé d'un fichier JSON.")


@pytest.mark.parametrize(("content", "message"), [
    ("{pas du json", "JSON mal formé"),
    ('{"offers": {"INCONNUE": {"mode": "free"}}}', "offre inconnue"),
    ('{"offers": {"PHOTO": {"mode": "paid", "price": -1}}}', "offers.PHOTO.price"),
    (b"\xff\xfe{}", "UTF-8"),
])
def test_import_refuses_bad_files(small_con, content, message):
    with pytest.raises(ScenarioError, match=message):
        store.import_json(small_con, content)
    assert store.names(small_con) == []


def test_per_sector_elasticities_round_trip_through_the_table(small_con):
    from otmodel.model import engine
    from otmodel.model.scenario import parse_scenario
    from otmodel.scenarios import tables as scenario_tables

    facts = engine.load_facts(small_con)
    spec = {"assumptions": {"elasticity": {"default": 0.5, "hebergement": 0.2}}}
    frame = scenario_tables.elasticity_frame(facts, spec)
    assert list(frame.index) == ["hebergement", "loisirs", "restauration"]
    assert frame.loc["hebergement", "entreprises"] == 3 and frame.loc["hebergement", "elasticite"] == 0.2
    frame.loc["restauration", "elasticite"] = 1.0
    frame.loc["hebergement", "elasticite"] = float("nan")  # cleared: back to the default
    elasticity = scenario_tables.apply_elasticities({"default": 0.7}, frame)
    assert elasticity == {"default": 0.7, "restauration": 1.0}
    scenario = parse_scenario({"assumptions": {"elasticity": elasticity}})
    assert scenario.assumptions.elasticity_of("restauration") == 1.0
    assert scenario.assumptions.elasticity_of("hebergement") == 0.7
