"""Présentation page (AppTest) on the destination demo with its saved scenarios."""

from __future__ import annotations

import pytest

from otmodel import db
from otmodel import format as fmt
from otmodel.charts import SAFE_COLORS
from otmodel.demo import scenarios as demo_scenarios
from otmodel.model import engine
from otmodel.presentation import settings
from otmodel.scenarios import store
from tests.chartspec import named, shapes, written

from .pagetest import figures, run_page

GOAL = "Objectif atteint : packs revalorisés et prix ajustés"


@pytest.fixture
def destination(demo_copy):
    path = demo_copy("destination")
    with db.connect(path) as con:
        demo_scenarios.install(con, "destination")
        facts = engine.load_facts(con)
        gap = engine.apply(facts, store.load(con, GOAL)).totals.gap
    return path, gap


def test_the_story_shows_every_section_and_the_scenarios_figures(destination, monkeypatch):
    path, gap = destination
    at = run_page(path, "views/presentation/page.py", monkeypatch)
    assert not at.exception
    headers = [h.value for h in at.header]
    told = [title for key, title in settings.SECTIONS.items() if key not in settings.OPTIONAL_SECTIONS]
    assert headers == [f"{i}. {title}" for i, title in enumerate(told, start=1)] + ["Quelques mots"]
    table = at.table[0].value
    assert GOAL in table.columns and table.at["Écart à l'objectif", GOAL] == fmt.signed_euros(gap)
    assert any(f"Nous recommandons « {GOAL} »" in m.value for m in at.markdown)
    # Four bar charts (spheres, needs, current model, scenarios), drawn by Plotly with their bars.
    charts = figures(at)
    assert len(charts) == 4 and all(named(chart, "barres")["x"] for chart in charts)
    scenarios = named(charts[3], "barres")
    names = [row[0] for row in scenarios["customdata"]]
    colours = dict(zip(names, scenarios["marker"]["color"], strict=True))
    assert colours["Situation actuelle"] == SAFE_COLORS["current"] and colours[GOAL] == SAFE_COLORS["reached"]
    assert [s["line"]["dash"] for s in shapes(charts[3], "actuel")] == ["dot"]  # the current situation, dotted
    texts = dict(zip(names, written(named(charts[3], "textes")), strict=True))
    assert texts[GOAL].endswith(f"<br>objectif atteint ({fmt.signed_euros(gap)})")


def test_the_director_saves_the_choices_and_texts(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/presentation/page.py", monkeypatch)
    at.multiselect[0].set_value(["Pack partenaire revalorisé", GOAL])
    at.selectbox[0].set_value(GOAL)
    at.text_area(key="pr_text_modele").input("Ce que coûte vraiment un service.")
    at.button[0].click().run()  # the form's « Enregistrer les choix »
    assert not at.exception and not at.error
    with db.connect(path) as con:
        saved = settings.load(con)
    assert saved.scenarios == ("Pack partenaire revalorisé", GOAL) and saved.retained == GOAL
    assert saved.texts == {"modele": "Ce que coûte vraiment un service."}
    assert at.table[0].value.columns.tolist()[1:] == ["Pack partenaire revalorisé", GOAL]


def test_workshop_mode_comes_from_the_address(destination, monkeypatch):
    path, gap = destination
    at = run_page(path, "views/presentation/page.py", monkeypatch)
    at.query_params["atelier"] = "1"
    at.run()
    assert not at.exception
    assert at.toggle(key="pr_workshop").value is True
    assert at.subheader[0].value.startswith("Atelier —")
    assert len(at.slider) >= 3 and any(m.label == "Écart à l'objectif" for m in at.metric)
    workshop = figures(at)[-1]
    assert [row[0] for row in named(workshop, "barres")["customdata"]] == ["Situation actuelle", "Atelier"]
    # No lever moved yet: the workshop starts from the recommended scenario, which reaches the target.
    texts = written(named(workshop, "textes"))
    assert texts[1].endswith(f"<br>objectif atteint ({fmt.signed_euros(gap)})")
    assert texts[0].split("<br>")[1].startswith("il manque ")

