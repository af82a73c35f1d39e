"""After the decision, on the pages (AppTest): Suivi de l'année, the Guide des partenaires, the descriptions on Offres
and the follow-up beside the Revue's indicators — on the small territory and the files of tests/data/suivi (figures
computed by hand in tests/unit/test_followup.py and test_guide.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from otmodel import access, db
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.followup import applied
from otmodel.model.scenario import parse_scenario
from otmodel.presentation import guide
from otmodel.scenarios import store
from otmodel.ui import roles
from tests.fixtures import DATA

from .pagetest import figures, metric, run_page, shown

SUIVI = DATA / "suivi"
PLAN = json.loads((SUIVI / "plan_2026.json").read_text(encoding="utf-8"))


@pytest.fixture
def saved(small_path):
    """The small territory with « Plan 2026 » saved (retained) and 2026 imported as far as it came, 2025 dated."""
    with db.connect(small_path) as con:
        store.save(con, store.SavedScenario(parse_scenario(PLAN), status="retenu"))
        for name in ("souscriptions_2025_datees.csv", "souscriptions_2026.csv"):
            importer.import_file(con, "souscriptions", SUIVI / name)
    return small_path


@pytest.fixture
def followed(saved):
    with db.connect(saved) as con:
        applied.apply(con, "Plan 2026", 2026, by="Directrice")
    return saved


def test_suivi_without_an_applied_scenario_applies_one(saved, monkeypatch):
    at = run_page(saved, "views/suivi.py", monkeypatch)
    assert not at.exception
    assert "Aucun scénario n'est appliqué" in at.info[0].value
    at.selectbox[0].set_value("Plan 2026")
    at.text_input[0].input("Directrice")
    at.button[0].click().run()  # the form's « Appliquer »
    assert not at.exception and not at.error
    assert at.success[0].value == "« Plan 2026 » est appliqué depuis 2026 : ses souscriptions se suivent ci-dessous."
    with db.connect(saved) as con:
        assert (applied.get(con).name, applied.get(con).applied_by) == ("Plan 2026", "Directrice")
    assert metric(at, "Recettes prévues") == fmt.euros(930)


def test_suivi_shows_plan_actual_projection_and_the_offers_behind(followed, monkeypatch):
    at = run_page(followed, "views/suivi.py", monkeypatch)
    assert not at.exception
    assert at.date_input(key="suivi_as_of_2026").value == dt.date(2026, 4, 12)  # the latest dated subscription
    at.date_input(key="suivi_as_of_2026").set_value(dt.date(2026, 3, 31)).run()
    assert not at.exception
    assert metric(at, "Recettes prévues") == "930 €"
    assert metric(at, "Recettes au 31/03/2026") == "370 €"
    assert metric(at, "Recettes projetées") == fmt.euros(160 + 1000 / 3)  # « 493 € »
    assert metric(at, "Écart projeté à l'objectif") == "−1\u202f260 €"
    assert "Projection selon le rythme de l'an passé." in [c.value for c in at.caption]
    assert at.warning[0].value == (
        "**2 offre(s) en retard sur le plan**\n\n"
        "- **Club commerces** — 2 souscriptions attendues, 0 à fin mars, rythme de l'an passé : 2 à fin mars\n"
        "- **Référencement** — 4 souscriptions attendues, 2 à fin mars, rythme de l'an passé : 3 à fin mars")
    offers = shown(at.dataframe[0]).set_index("name")
    assert offers.loc["Pack hébergement", "recettes_projetees"] == "333 €"
    assert offers.loc["Référencement", "attendus"] == "3"
    assert at.dataframe[0].value.set_index("name")["en_retard"].to_dict() == {
        "Club commerces": True, "Référencement": True, "Pack hébergement": False, "Photos": False}
    sectors = shown(at.dataframe[1]).set_index("filiere")
    assert sectors.loc["Restauration", "recettes_prevues"] == "280 €"
    (chart,) = figures(at)  # the offers that bring revenue, the largest plan first (WEB brings none)
    bars = {trace["name"]: trace["x"] for trace in chart["data"] if trace["type"] == "bar"}
    assert bars["Prévu"] == [500, 270, 160] and bars["À date"] == [250, 120, 0]
    assert bars["Projeté"] == pytest.approx([1000 / 3, 160]) and bars["En retard"] == [0]
    assert chart["layout"]["yaxis"]["ticktext"] == ["Pack hébergement", "Photos", "Club commerces"]


def test_suivi_draws_no_chart_when_no_offer_brings_revenue(small_path, monkeypatch):
    free = {"name": "Tout gratuit", "offers": {"PHOTO": {"mode": "free"}, "PACK": {"mode": "free"}}}
    with db.connect(small_path) as con:
        store.save(con, store.SavedScenario(parse_scenario(free)))
        applied.apply(con, "Tout gratuit", 2026)
    at = run_page(small_path, "views/suivi.py", monkeypatch)
    assert not at.exception and metric(at, "Recettes prévues") == "0 €"
    assert figures(at) == [] and len(at.dataframe) == 2  # the tables still say offer by offer, sector by sector


def test_suivi_says_when_the_scenario_was_edited_since(followed, monkeypatch):
    with db.connect(followed) as con:
        edited = parse_scenario({**PLAN, "offers": {**PLAN["offers"], "PACK": {"mode": "paid", "price": 300}}})
        store.save(con, store.SavedScenario(edited, status="retenu"))
    at = run_page(followed, "views/suivi.py", monkeypatch)
    assert "modifié depuis qu'il a été appliqué" in at.warning[0].value
    assert metric(at, "Recettes prévues") == "930 €"  # the plan as applied


def test_revue_shows_the_year_against_the_plan(followed, monkeypatch):
    at = run_page(followed, "views/revue/page.py", monkeypatch)
    assert not at.exception
    assert any("« Plan 2026 » appliqué depuis 2026 : chiffres au 12/04/2026" in c.value for c in at.caption)
    assert list(at.dataframe[0].value.columns[:6]) == ["nom", "prevus", "attendus", "a_date", "projetes",
                                                       "en_retard"]
    table = at.dataframe[0].value.set_index("nom")
    assert table.loc["Pack hébergement", ["prevus", "a_date"]].tolist() == [2, 1]
    assert table.loc["Club commerces", "a_date"] == 1  # by 12 April


def test_guide_previews_the_scenario_and_saves_its_texts(saved, monkeypatch):
    with db.connect(saved) as con:
        con.execute("UPDATE offres SET nom = '<b>Photos</b> ![x](http://evil.example/x.png)' WHERE id = 'PHOTO'")
    at = run_page(saved, "views/guide.py", monkeypatch)
    assert not at.exception
    assert at.selectbox(key="guide_scenario").value == "Plan 2026"  # the only retained one
    assert at.number_input(key="guide_year_Plan 2026").value == 2026
    chapters = [h.value for h in at.subheader]
    assert chapters == ["Guide des partenaires 2026", "Pour toutes les entreprises du territoire",
                        "Le socle partenaire", "À la carte"]
    texts = [m.value for m in at.markdown]
    socle = next(t for t in texts if t.startswith("- **Pack hébergement**"))
    assert socle == ("- **Pack hébergement** — **250 €**  \n  Comprend : Club pro  \n  Pour : Hébergement\n"
                     "- **Club pro** — **gratuit**  \n  Pour : Hébergement")
    a_la_carte = next(t for t in texts if "- **Club commerces**" in t)
    assert "- **Club commerces** — **80 €**  \n  Pour : Restauration, Commerce" in a_la_carte
    assert r"- **\<b\>Photos\</b\> !\[x\](http://evil.example/x.png)** — **150 €**" in a_la_carte  # as typed
    assert [b.label for b in at.get("download_button")] == ["⬇️ Guide HTML (hors ligne)", "⬇️ Guide PDF (A4 portrait)"]
    at.text_area[0].input("Bienvenue aux partenaires.")
    at.text_area[1].input("Accueil — 05 00 00 00 00")
    at.button[0].click().run()  # the form's « Enregistrer les textes »
    assert not at.exception and not at.error
    assert at.success[0].value == "Textes du guide enregistrés."
    with db.connect(saved) as con:
        assert guide.load_texts(con) == guide.Texts("Bienvenue aux partenaires.", "Accueil — 05 00 00 00 00")
    assert "Bienvenue aux partenaires." in [t.value for t in at.text]


def test_guide_texts_never_overwrite_another_sessions(saved, monkeypatch):
    at = run_page(saved, "views/guide.py", monkeypatch)
    with db.connect(saved) as con:  # another session saves its texts while this one types
        guide.save_texts(con, guide.Texts("Texte de l'autre session.", "Accueil"))
    at.text_area[0].input("Mon introduction.")
    at.button[0].click().run()  # « Enregistrer les textes »
    assert not at.exception
    assert at.warning[0].value.startswith("Les textes du guide ont été modifiés depuis une autre session")
    with db.connect(saved) as con:
        assert guide.load_texts(con) == guide.Texts("Texte de l'autre session.", "Accueil")
    assert at.text_area[0].value == "Texte de l'autre session."  # theirs to read, then to change again
    at.text_area[0].input("Mon introduction.")
    at.button[0].click().run()
    assert at.success[0].value == "Textes du guide enregistrés."
    with db.connect(saved) as con:
        assert guide.load_texts(con) == guide.Texts("Mon introduction.", "Accueil")


def test_offres_lists_the_descriptions_to_edit(small_path, monkeypatch):
    with db.connect(small_path) as con:
        con.execute("UPDATE offres SET description = 'Dix photos retouchées.' WHERE id = 'PHOTO'")
    at = run_page(small_path, "views/offres.py", monkeypatch)
    editor = next(d for d in at.dataframe if d.key and d.key.startswith("offres_descriptions"))
    assert editor.value.set_index("id").loc["PHOTO", "description"] == "Dix photos retouchées."
    assert editor.value.set_index("id").loc["WEB", "description"] == ""


def test_a_visitor_reads_but_applies_nor_saves_nothing(followed, monkeypatch):
    monkeypatch.setenv(access.PASSWORD_ENV, "mot de passe")
    monkeypatch.setattr(roles, "_THROTTLE", access.Throttle())
    at = run_page(followed, "views/suivi.py", monkeypatch)
    assert not at.exception and metric(at, "Recettes prévues") == "930 €"
    assert all(b.disabled for b in at.button if b.label in ("Appliquer", "Ne plus suivre 2026"))
    at.switch_page("views/guide.py").run()
    assert not at.exception and at.button[0].disabled  # « Enregistrer les textes »
    at.switch_page("views/offres.py").run()
    assert not at.exception
    assert not [d for d in at.dataframe if d.key and d.key.startswith("offres_descriptions")]  # a table, no editor
    assert "Enregistrer les descriptions" not in [b.label for b in at.button]
