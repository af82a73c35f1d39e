"""Money on the pages (AppTest): every money column reads rounded to the euro with a true minus — « 31 234 € »,
« −628 € » — whatever the browser's language, over figures that still sort as numbers; the same column keeps its
label from page to page. Hand-checked on the destination demo: the guide's advertising space (O-ENCART) earns
39 520 € for a result of 31 234,40 €; helping furnished lets get classified (O-CLASSEMENT) earns 2 640 € and
loses 628 €."""

from __future__ import annotations

import json

from tests.pages.pagetest import run_page, shown

NNBSP = "\u202f"


ENCART, CLASSEMENT = "Encart publicitaire dans le guide", "Aide au classement des meublés"


def _table(at, column: str):
    return next(t for t in at.dataframe if column in t.value.columns)


def _offers_table(path, page: str, monkeypatch, column: str):
    """The page's table of offers (the one with `column`): what it shows, by offer name, and its values."""
    at = run_page(path, page, monkeypatch)
    assert not at.exception
    table = _table(at, column)
    return shown(table).set_index(table.value["nom"]), table.value.set_index("nom")


def test_offres_writes_money_to_the_euro_with_a_true_minus(demo_copy, monkeypatch):
    text, values = _offers_table(demo_copy("destination"), "views/offres.py", monkeypatch, "cout_par_souscripteur")
    assert text.loc[ENCART, "resultat"] == f"31{NNBSP}234 €"
    assert text.loc[ENCART, "recettes"] == f"39{NNBSP}520 €"
    assert text.loc[CLASSEMENT, "resultat"] == "−628 €"
    assert text.loc[CLASSEMENT, "prix"] == "80 €"
    assert text.loc[CLASSEMENT, "adoption"] == f"9,2{NNBSP}%"
    assert values.loc[CLASSEMENT, "resultat"] == -628.0  # a number underneath: it sorts
    assert not [t for t in text["resultat"] if "-" in t]  # never a hyphen-minus


def test_revue_writes_the_same_money_as_offres(demo_copy, monkeypatch):
    text, _ = _offers_table(demo_copy("destination"), "views/revue/page.py", monkeypatch, "raisons")
    assert (text.loc[ENCART, "resultat"], text.loc[CLASSEMENT, "resultat"]) == (f"31{NNBSP}234 €", "−628 €")
    assert text.loc[CLASSEMENT, "adoption"] == f"9,2{NNBSP}%"


def test_one_column_keeps_one_label_from_page_to_page(demo_copy, monkeypatch):
    path = demo_copy("destination")
    offres = _table(run_page(path, "views/offres.py", monkeypatch), "cout_par_souscripteur")
    revue = _table(run_page(path, "views/revue/page.py", monkeypatch), "raisons")
    labels = [{c.get("label") for c in _configs(t).values()} for t in (offres, revue)]
    assert {"Offre", "Résultat", "Souscription", "Heures", "Sphère", "Portage"} <= labels[0] & labels[1]


def _configs(table) -> dict:
    """The table's column setup as the browser receives it."""
    return json.loads(table.proto.columns)
