"""The scenario being edited on the Scénarios page (otmodel.scenarios.working) and the name rules it obeys
(otmodel.scenarios.store): what each action stores, says, or refuses."""

from __future__ import annotations

import math

import pytest

from otmodel.model import engine
from otmodel.model.scenario import ScenarioError
from otmodel.scenarios import store, tables
from otmodel.scenarios.working import WorkingScenario, assumption_values, with_assumptions

PHOTO_AT_180 = {"offers": {"PHOTO": {"mode": "paid", "price": 180.0}}}


def draft(name: str = "Photos payantes", **record) -> WorkingScenario:
    return WorkingScenario(spec={"offers": {k: dict(v) for k, v in PHOTO_AT_180["offers"].items()}}, name=name,
                           **record)


def test_save_a_new_scenario_then_update_it(small_con):
    working = draft(author="Anne", notes="à discuter")
    assert working.save(small_con) == "Scénario « Photos payantes » enregistré."
    assert working.loaded == "Photos payantes"
    working.spec["offers"]["PHOTO"]["price"] = 200.0
    working.status, working.decision = "retenu", "Validé en bureau"
    working.save(small_con)
    saved = store.get(small_con, "Photos payantes")
    assert saved.scenario.offers["PHOTO"].price == 200
    assert (saved.author, saved.notes, saved.status, saved.decision) == ("Anne", "à discuter", "retenu",
                                                                          "Validé en bureau")


@pytest.mark.parametrize(("name", "message"), [
    ("", "Donnez un nom au scénario"),
    ("   ", "Donnez un nom au scénario"),
    ("x" * (store.MAX_NAME + 1), "trop long"),
    ("Situation actuelle", "« Situation actuelle » désigne l'année de référence"),
])
def test_names_refused_on_save(small_con, name, message):
    with pytest.raises(ScenarioError, match=message):
        draft(name).save(small_con)
    assert store.names(small_con) == []


def test_a_new_scenario_may_not_take_a_saved_name(small_con):
    draft().save(small_con)
    other = draft(author="Bruno")
    other.spec["offers"]["PHOTO"]["price"] = 999.0
    with pytest.raises(ScenarioError, match="Un scénario s'appelle déjà « Photos payantes »"):
        other.save(small_con)
    assert store.load(small_con, "Photos payantes").offers["PHOTO"].price == 180


def test_saving_under_a_changed_name_asks_for_rename_or_duplicate(small_con):
    working = draft()
    working.save(small_con)
    working.name = "Photos à 200 €"
    with pytest.raises(ScenarioError, match="Le nom a changé : utilisez « Renommer »"):
        working.save(small_con)
    assert store.names(small_con) == ["Photos payantes"]


def test_save_edited_rules_in_the_store(small_con):
    record = store.SavedScenario(WorkingScenario(name="A", spec=PHOTO_AT_180).scenario())
    store.save_edited(small_con, record, None)
    with pytest.raises(ScenarioError, match="déjà"):
        store.save_edited(small_con, record, None)
    with pytest.raises(ScenarioError, match="Le nom a changé"):
        store.save_edited(small_con, record, "B")
    assert store.save_edited(small_con, record, "A").name == "A"


def test_copy_name():
    assert store.copy_name("Pack", "Pack") == "Pack (copie)"
    assert store.copy_name("Pack", "  ") == "Pack (copie)"
    assert store.copy_name("Pack", " Pack bis ") == "Pack bis"


def test_duplicate_goes_on_with_the_copy(small_con):
    working = draft(status="retenu", decision="oui")
    with pytest.raises(ScenarioError, match="Enregistrez d'abord"):
        working.duplicate(small_con)
    working.save(small_con)
    assert working.duplicate(small_con) == "Copie « Photos payantes (copie) » créée (brouillon)."
    assert (working.loaded, working.name, working.status, working.decision) == (
        "Photos payantes (copie)", "Photos payantes (copie)", "brouillon", "")
    working.name = "Photos payantes"
    with pytest.raises(ScenarioError, match="déjà"):
        working.duplicate(small_con)


def test_rename(small_con):
    working = draft()
    with pytest.raises(ScenarioError, match="pas encore enregistré"):
        working.rename(small_con)
    working.save(small_con)
    working.name = "  Photos à 180 €  "
    assert working.rename(small_con) == "« Photos payantes » renommé en « Photos à 180 € »."
    assert (working.loaded, working.name) == ("Photos à 180 €", "Photos à 180 €")
    assert store.names(small_con) == ["Photos à 180 €"]


def test_delete_needs_confirmation_and_keeps_the_author(small_con):
    working = draft(author="Anne")
    with pytest.raises(ScenarioError, match="rien à supprimer"):
        working.delete(small_con, confirmed=True)
    working.save(small_con)
    with pytest.raises(ScenarioError, match="Confirmer la suppression"):
        working.delete(small_con, confirmed=False)
    assert working.delete(small_con, confirmed=True) == "Scénario « Photos payantes » supprimé."
    assert store.names(small_con) == []
    assert working == WorkingScenario(author="Anne")


def test_open_and_import(small_con):
    draft(author="Anne", notes="n").save(small_con)
    working = WorkingScenario()
    working.open(small_con, "Photos payantes")
    assert (working.loaded, working.author, working.notes) == ("Photos payantes", "Anne", "n")
    assert working.spec["offers"] == {"PHOTO": {"mode": "paid", "price": 180}}
    text = store.export_json(small_con, "Photos payantes").replace("Photos payantes", "Importé")
    working.author = "Bruno"
    assert working.import_file(small_con, text.encode()) == "Scénario « Importé » importé."
    assert (working.loaded, working.author) == ("Importé", "Bruno")
    with pytest.raises(ScenarioError, match="déjà"):
        working.import_file(small_con, text.encode())


def test_take_prices_keeps_the_record():
    working = draft(author="Anne")
    working.loaded = "Photos payantes"
    working.take_prices({"name": "autre", "offers": {"PHOTO": {"mode": "paid", "price": 250.0}}})
    assert (working.name, working.loaded, working.spec) == (
        "Photos payantes", "Photos payantes", {"offers": {"PHOTO": {"mode": "paid", "price": 250.0}}})


def test_problem_names_the_field():
    assert draft().problem() is None
    assert "price" in WorkingScenario(spec={"offers": {"PHOTO": {"mode": "paid", "price": -1}}}).problem()


def test_assumptions_round_trip():
    values = assumption_values({}, 40.0)
    assert values == {"elasticity": 0.5, "conversion": 0.35, "uplift": 1.5, "hourly": 40.0, "per_sector": False}
    spec = with_assumptions({}, {**values, "hourly": 45.0}, 40.0, {"default": 0.1, "hebergement": 0.2})
    assert spec["assumptions"] == {"elasticity": {"default": 0.5, "hebergement": 0.2},
                                   "free_to_paid_conversion": 0.35, "paid_to_free_uplift": 1.5, "hourly_cost": 45.0}
    assert assumption_values(spec, 40.0)["per_sector"] is True
    assert "hourly_cost" not in with_assumptions({}, values, 40.0)["assumptions"]


def test_pending_editor_edits_fold_into_the_spec(small_con):
    """What st.data_editor keeps in the session for a price typed in a row (positions, column names)."""
    facts = engine.load_facts(small_con)
    frame = tables.editor_frame(facts, {"offers": {}})
    row = list(frame.index).index("PHOTO")
    edited = tables.with_edits(frame, {"edited_rows": {str(row): {"prix": 260}}, "added_rows": [],
                                       "deleted_rows": []})
    spec = tables.apply_editor(facts, {"offers": {}}, edited)[0]
    assert spec["offers"]["PHOTO"] == {"mode": "paid", "price": 260.0}
    cleared = tables.with_edits(frame, {"edited_rows": {row: {"prix": None}}})
    assert math.isnan(cleared.loc["PHOTO", "prix"])
    assert tables.with_edits(frame, None).equals(frame)


def test_a_quick_price_is_what_typing_it_in_the_table_gives(small_con):
    """« Prix rapide » and the table's Prix column give the same spec: paid at that price, a range keeps its
    bounds, per-sector prices keep their sectors; the other offers are untouched."""
    facts = engine.load_facts(small_con)
    frame = tables.editor_frame(facts, PHOTO_AT_180)
    row = list(frame.index).index("PHOTO")
    typed = tables.apply_editor(facts, PHOTO_AT_180,
                                tables.with_edits(frame, {"edited_rows": {row: {"prix": 210}}}))[0]
    assert tables.with_price(PHOTO_AT_180, "PHOTO", 210) == typed
    assert PHOTO_AT_180["offers"]["PHOTO"]["price"] == 180.0  # the spec given is not changed
    ranged = {"offers": {"PHOTO": {"mode": "paid", "price": {"low": 150, "likely": 180, "high": 220}}}}
    assert tables.with_price(ranged, "PHOTO", 200)["offers"]["PHOTO"]["price"] == {"low": 150, "likely": 200.0,
                                                                                  "high": 220}
    sectors = {"offers": {"PHOTO": {"mode": "paid", "price": {"default": 180, "hebergement": 250}}}}
    assert tables.with_price(sectors, "PHOTO", 190)["offers"]["PHOTO"] == {
        "mode": "paid", "price": {"default": 190.0, "hebergement": 250}}
    assert tables.with_price({"offers": {}}, "PHOTO", 90.5) == {"offers": {"PHOTO": {"mode": "paid", "price": 90.5}}}
