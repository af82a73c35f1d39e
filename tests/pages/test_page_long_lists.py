"""Lists that grow with the territory (AppTest): at most ROWS_SHOWN rows go to the browser, the counts the pages
give stay those of the whole list, and the full list is offered for download. ROWS_SHOWN is set to 3 here so
that the small hand-checked territory and the destination demo have lists longer than the cap."""

from __future__ import annotations

import pytest

from otmodel.ui import widgets
from tests.pages.pagetest import run_page

NNBSP = "\u202f"  # babel's thousands separator in fr_FR
CUT = "premières lignes sur"


@pytest.fixture
def three_rows(monkeypatch):
    monkeypatch.setattr(widgets, "ROWS_SHOWN", 3)


def table(at, column: str):
    """The frame sent to the browser by the page's table that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def downloads(at) -> dict[str, str]:
    """Download buttons: the name of the file → the button's label."""
    return {b.proto.id.rsplit("download_", 1)[-1]: b.proto.label for b in at.get("download_button")}


def partenaires(path, monkeypatch, section: str):
    """The Partenaires page with one of its tabs open (only the open tab runs)."""
    at = run_page(path, "views/partenaires.py", monkeypatch)
    at.session_state["partenaires_vue"] = section
    return at.run()


def test_partenaires_search_is_cut_but_counted_whole(small_path, monkeypatch, three_rows):
    at = partenaires(small_path, monkeypatch, "Cibles et prospects")
    assert list(table(at, "besoin_exprime")["id"]) == ["R2"]  # the only prospect: shown whole
    at = partenaires(small_path, monkeypatch, "Rechercher une entreprise")
    assert not at.exception
    assert "7 entreprise(s) — e-mails masqués." in captions(at)
    assert list(table(at, "club_pro")["id"]) == ["R1", "H3", "L1"]  # by name: Bistrot, Camping, Canoë
    assert "3 premières lignes sur 7 — filtrez pour affiner, ou téléchargez la liste complète." in captions(at)
    assert "⬇️ Télécharger la liste complète (CSV)" in downloads(at).values()
    at.multiselect(key="search_sectors").set_value(["hebergement"]).run()
    assert "3 entreprise(s) — e-mails masqués." in captions(at)
    assert list(table(at, "club_pro")["id"]) == ["H3", "H2", "H1"]
    assert not [c for c in captions(at) if CUT in c]


def test_partenaires_on_the_destination_demo_shows_1000_of_1500(demo_copy, monkeypatch):
    path = demo_copy("destination")
    at = partenaires(path, monkeypatch, "Rechercher une entreprise")
    assert not at.exception
    assert f"1{NNBSP}500 entreprise(s) — e-mails masqués." in captions(at)
    assert len(table(at, "club_pro")) == 1_000
    assert (f"1{NNBSP}000 premières lignes sur 1{NNBSP}500 — filtrez pour affiner, ou téléchargez la liste "
            "complète.") in captions(at)
    at = partenaires(path, monkeypatch, "Cibles et prospects")
    assert len(table(at, "besoin_exprime")) == 86  # the prospects fit: shown whole, no caption of a cut list
    assert not [c for c in captions(at) if CUT in c]


def test_carnet_lists_are_cut_and_counted_whole(demo_copy, monkeypatch, three_rows):
    at = run_page(demo_copy("destination"), "views/carnet.py", monkeypatch)
    assert not at.exception
    assert "48 rencontre(s)" in captions(at)
    assert list(table(at, "verbatim")["id"]) == [48, 47, 46]  # the most recent first
    assert "3 premières lignes sur 48 — filtrez pour affiner, ou téléchargez la liste complète." in captions(at)
    assert "15 suite(s) pas encore faite(s), la plus ancienne d'abord." in captions(at)
    assert list(table(at, "age_days")["id"]) == [6, 8, 13]
    assert "3 premières lignes sur 15 — la liste complète est à télécharger ci-dessous." in captions(at)  # no filter
    assert len(next(s for s in at.selectbox if s.label == "Rencontre").options) == 15  # the form has them all
    assert "605 partenaire(s) sans rencontre depuis 365 jours ou jamais rencontrés." in captions(at)
    assert len(table(at, "days_since")) == 3
    assert "3 premières lignes sur 605 — la liste complète est à télécharger ci-dessous." in captions(at)
    assert set(downloads(at)) >= {"carnet", "suites_a_donner", "partenaires_pas_rencontres"}


def test_ecoute_comments_are_cut_and_counted_whole(demo_copy, monkeypatch, three_rows):
    at = run_page(demo_copy("destination"), "views/ecoute/page.py", monkeypatch)
    at.session_state["ecoute_vue"] = "Commentaires"
    at.run()
    assert not at.exception
    assert "331 commentaire(s) — identités masquées." in captions(at)
    assert len(table(at, "commentaire")) == 3
    assert "3 premières lignes sur 331 — filtrez pour affiner, ou téléchargez la liste complète." in captions(at)


def test_carnet_on_a_large_territory_asks_for_part_of_the_name_first(small_path, monkeypatch):
    monkeypatch.setattr(widgets, "PICKER_OPTIONS", 5)  # the small territory has 7 businesses
    at = run_page(small_path, "views/carnet.py", monkeypatch)
    assert not at.exception
    assert at.selectbox(key="meet_partner").options == ["— Entreprise non répertoriée (donner son nom) —"]
    at.text_input(key="meet_lookup").input("camping").run()
    assert at.selectbox(key="meet_partner").options[1:] == ["Camping Trois (H3)"]
    at.selectbox(key="meet_partner").set_value("H3")
    at.text_input(key="meet_need").input("Un parking vélos")
    at.button[[b.label for b in at.button].index("Enregistrer la rencontre")].click().run()
    assert not at.exception
    assert "Rencontre n° 1 enregistrée." in [s.value for s in at.success]
    assert list(table(at, "verbatim")["entreprise"]) == ["Camping Trois"]


def test_carnet_lists_every_business_on_the_destination_demo(demo_copy, monkeypatch):
    at = run_page(demo_copy("destination"), "views/carnet.py", monkeypatch)
    assert len(at.selectbox(key="meet_partner").options) == 1 + 1_500
    assert "meet_lookup" not in [t.key for t in at.text_input]  # as before: no search step
