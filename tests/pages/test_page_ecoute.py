"""The Écoute page (AppTest): runs, shows the hand-checked figures of the small territory, and its two
actions write to the database (a price in a scenario, an offer draft in a scenario)."""

from __future__ import annotations

import duckdb

from otmodel import db
from otmodel import format as fmt
from otmodel.data import importer
from otmodel.listening import actions as listening_actions
from otmodel.listening import pricing
from otmodel.scenarios import store as scenario_store
from tests.pages.pagetest import figures, metric, run_page, shown

PAGE = "views/ecoute/page.py"


def _read(path) -> duckdb.DuckDBPyConnection:
    # Same process as the app: DuckDB shares the open database instance with a second connection.
    return db.connect(path)


def test_small_territory_figures(small_path, monkeypatch):
    at = run_page(small_path, PAGE, monkeypatch)
    assert not at.exception, at.exception
    # besoins: H1, R1, H2 answered, out of 7 businesses.
    assert metric(at, "Répondants") == "3"
    assert metric(at, "Taux de réponse") == "42,9\u202f%"
    # prix_acceptables, offer PHOTO (hand-computed in test_cli_pricing: OPP 50, IDP 100, PMC 50, PME 200).
    assert metric(at, "Prix plancher") == fmt.euros(50)
    assert metric(at, "Prix optimal") == fmt.euros(50)
    assert metric(at, "Prix d'indifférence") == fmt.euros(100)
    assert metric(at, "Prix plafond") == fmt.euros(200)
    assert metric(at, "Réponses retenues") == "2 / 2"
    assert any("Chaque besoin important a une offre" in s.value for s in at.success)
    assert not any("Aucune réponse « achèteriez-vous à ce prix ? »" in i.value for i in at.info)  # a closed tab
    at.session_state["ecoute_prix"] = "Acceptation par prix (Gabor–Granger)"
    at.run()
    assert any("Aucune réponse « achèteriez-vous à ce prix ? »" in i.value for i in at.info)
    assert "Prix optimal" not in [m.label for m in at.metric]


def test_charts_are_drawn(small_path, monkeypatch):
    at = run_page(small_path, PAGE, monkeypatch)
    assert len(figures(at)) == 2  # the open tabs: who answered, acceptable prices
    at.session_state["ecoute_vue"] = "Importance et satisfaction"
    at.run()
    by_name = {f["layout"]["meta"]["nom"]: f for f in figures(at)}
    psm = by_name["Prix acceptables (Van Westendorp)"]
    names = [t["name"] for t in psm["data"]]
    assert names[:4] == ["Trop bon marché", "Pas bon marché", "Pas cher", "Trop cher"]  # as R draws them
    assert f"Prix optimal : {fmt.euros(50)}" in names
    assert psm["layout"]["annotations"][0]["text"] == f"Plage acceptable : {fmt.euros(50)} à {fmt.euros(200)}"
    assert psm["layout"]["template"]["layout"]["separators"] == ",\u202f"
    matrix = by_name["Importance et satisfaction"]
    themes = [theme for trace in matrix["data"] for theme in trace["text"]]
    assert "Visibilité" in themes and "Photos" in themes


def test_use_price_saves_a_scenario(small_path, monkeypatch):
    at = run_page(small_path, PAGE, monkeypatch)
    next(b for b in at.button if b.label == "Utiliser ce prix dans le scénario").click().run()
    assert not at.exception, at.exception
    assert any(f"Prix de PHOTO fixé à {fmt.euros(50)}" in s.value for s in at.success)
    con = _read(small_path)
    saved = scenario_store.load(con, "Écoute — prix PHOTO")
    assert saved.offers["PHOTO"].mode == "paid" and saved.offers["PHOTO"].price == 50


def test_destination_offer_draft(demo_copy, monkeypatch):
    path = demo_copy("destination")
    at = run_page(path, PAGE, monkeypatch)
    assert not at.exception, at.exception
    needs = next(s for s in at.selectbox if s.label == "Besoin")
    assert "Mobilité des visiteurs" in needs.options and "Recrutement saisonnier" in needs.options
    needs.set_value("Mobilité des visiteurs")
    next(b for b in at.button if b.label == "Créer le brouillon d'offre dans le scénario").click().run()
    assert not at.exception, at.exception
    assert any("A-CREER-MOBILITE_DES_VISITEURS" in s.value.replace("\\", "") for s in at.success)
    con = _read(path)
    assert con.execute("SELECT cycle, theme_besoin FROM offres WHERE id = 'A-CREER-MOBILITE_DES_VISITEURS'"
                       ).fetchone() == ("a_creer", "Mobilité des visiteurs")
    choice = scenario_store.load(con, "Écoute — services à créer").offers["A-CREER-MOBILITE_DES_VISITEURS"]
    assert (choice.mode, choice.price, choice.expected_subscribers) == ("paid", 50, 20)
    # The need is answered now: it left the list.
    assert "Mobilité des visiteurs" not in next(s for s in at.selectbox if s.label == "Besoin").options


def test_price_of_a_new_offer_brings_expected_subscribers(demo_copy, monkeypatch):
    # O-CLUBCOM is « à créer »: no subscriber in 2025, so the reach of the purchase intent gives its subscribers.
    path = demo_copy("destination")
    at = run_page(path, PAGE, monkeypatch)
    next(s for s in at.selectbox if s.label == "Offre").set_value("O-CLUBCOM").run()
    assert next(r for r in at.radio if r.label == "Souscripteurs attendus").value == "reach"
    weighted = next(t for t in at.toggle if t.label == "Pondérer par filière").value
    next(b for b in at.button if b.label == "Utiliser ce prix dans le scénario").click().run()
    assert not at.exception, at.exception
    con = _read(path)
    choice = scenario_store.load(con, "Écoute — prix O-CLUBCOM").offers["O-CLUBCOM"]
    shown = pricing.van_westendorp(pricing.price_answers(con, "O-CLUBCOM"),
                                   territory=pricing.territory_by_sector(con) if weighted else None)
    assert choice.price == round(shown.opp, 2)  # the optimal price (OPP) the page showed
    expected = listening_actions.expected_from_share(con, "O-CLUBCOM", shown.intent.reach_at(shown.opp))
    assert expected > 0 and choice.expected_subscribers == expected


# The four respondents of test_pricing_intent on PHOTO, in petit's territory (3 hébergements, 2 restaurants):
# reach highest at 3 € (.425), revenue at 4 € (reach .4); weighted (hébergement × 1,2, restauration × 0,8), the
# price curves cross at PME 5,40 € instead of 5,50 €. Hébergement answers .5 of the time for .6 of the
# territory (ratio .83), restauration .5 for .4 (1.25): within the page's thresholds, so not weighted by default.
INTENT = """partenaire_id;offre_id;trop_bon_marche;bon_marche;cher;trop_cher;intention_bon_marche;intention_cher
H1;PHOTO;1;2;4;6;5;3
H2;PHOTO;2;3;5;7;4;2
R1;PHOTO;1;3;4;8;5;5
R2;PHOTO;3;4;6;8;3;1
"""


def _with_intent(path, tmp_path):
    source = tmp_path / "prix_acceptables.csv"
    source.write_text(INTENT, encoding="utf-8")
    with db.connect(path) as con:
        importer.import_file(con, "prix_acceptables", source)


def test_purchase_intent_and_weights(small_path, tmp_path, monkeypatch):
    _with_intent(small_path, tmp_path)
    at = run_page(small_path, PAGE, monkeypatch)
    assert not at.exception, at.exception
    toggle = next(t for t in at.toggle if t.label == "Pondérer par filière")
    assert toggle.value is False
    assert metric(at, "Prix plafond") == pricing.format_point(5.5)
    at.session_state["ecoute_prix"] = "Portée et recettes (intention d'achat)"
    at.run()
    assert metric(at, "Prix qui touche le plus de partenaires") == pricing.format_point(3)
    assert metric(at, "Prix qui rapporte le plus") == pricing.format_point(4)
    assert metric(at, "Intentions d'achat") == "4 / 4"
    intent = next(f for f in figures(at) if f["layout"]["meta"]["nom"] == "Portée et recettes (intention d'achat)")
    assert [t["name"] for t in intent["data"]][2:] == [
        f"Prix qui touche le plus de partenaires : {pricing.format_point(3)}",
        f"Prix qui rapporte le plus : {pricing.format_point(4)}"]
    assert any("Étalonnage : 5 → 0,7 ; 4 → 0,5" in c.value for c in at.caption)
    # « Certainement » worth 1 instead of 0,7: shown at once, the reach follows.
    at.text_input(key="ecoute_calibration_5").input("1").run()
    assert not at.exception, at.exception
    assert any("Étalonnage : 5 → 1 ; 4 → 0,5" in c.value for c in at.caption)
    assert next(m for m in at.metric if m.label == "Prix qui touche le plus de partenaires").help.startswith(
        f"À ce prix, {fmt.percent(0.5375, 0)}")
    at.text_input(key="ecoute_calibration_5").input("1,5").run()  # refused, said under the field, 1 stays
    assert any("hors des limites" in e.value for e in at.error)
    assert any("Étalonnage : 5 → 1 ;" in c.value for c in at.caption)
    # Weighted: the weights and what they moved are said.
    toggle.set_value(True).run()
    at.session_state["ecoute_prix"] = "Prix acceptables (Van Westendorp)"
    at.run()
    assert metric(at, "Prix plafond") == pricing.format_point(5.4)
    said = " ".join(c.value for c in at.caption)
    assert "Pondéré par filière (part dans le territoire ÷ part des répondants) : Hébergement × 1,20 ; " \
           "Restauration × 0,80" in said
    assert f"Prix plafond {pricing.format_point(5.5)} → {pricing.format_point(5.4)}" in said
    assert "Loisirs" in said and "Commerce" in said  # sectors of the territory without a respondent


def test_use_the_revenue_optimal_price_with_subscribers_from_the_reach(small_path, tmp_path, monkeypatch):
    _with_intent(small_path, tmp_path)
    at = run_page(small_path, PAGE, monkeypatch)
    next(r for r in at.radio if r.label == "Prix").set_value("price_optimal_revenue")
    subscribers = next(r for r in at.radio if r.label == "Souscripteurs attendus")
    assert subscribers.value == "keep"  # PHOTO has subscribers: its elasticity stays
    subscribers.set_value("reach")
    next(b for b in at.button if b.label == "Utiliser ce prix dans le scénario").click().run()
    assert not at.exception, at.exception
    choice = scenario_store.load(_read(small_path), "Écoute — prix PHOTO").offers["PHOTO"]
    # Reach .4 at 4 € × the 3 current partners PHOTO targets (H1, H2, R1).
    assert (choice.price, choice.expected_subscribers) == (4, 1.2)


def test_a_need_heard_only_in_meetings_reads_a_dash_not_none(demo_copy, monkeypatch):
    at = run_page(demo_copy("destination"), PAGE, monkeypatch)
    needs = next(shown(d) for d in at.dataframe if "mentions" in d.value.columns and "importance" in d.value.columns)
    rows = needs.set_index("theme")
    # Accessibility: 7 mentions in the carnet, no survey answer; recruitment: 117 answers averaging 4,17.
    assert rows.loc["Accessibilité et handicap", ["importance", "satisfaction", "respondents"]].tolist() == ["—"] * 3
    assert rows.loc["Recrutement saisonnier", "importance"] == "4,2"
    assert rows.loc["Recrutement saisonnier", "respondents"] == "117"
