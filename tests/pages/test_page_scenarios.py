"""Pages Scénarios and Comparer on the destination demo (AppTest: full runs, no browser)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from otmodel import db
from otmodel import format as fmt
from otmodel.demo import scenarios as demo_scenarios
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario
from otmodel.scenarios import store
from tests.chartspec import named, target, written
from tests.pages.pagetest import figures, metric, run_page

PACK = "Pack partenaire revalorisé"


def widget(at: AppTest, kind: str, label: str):
    """The widget of that kind and label."""
    return next(w for w in getattr(at, kind) if w.label == label)


@pytest.fixture
def destination(demo_copy):
    """A private destination demo with its three saved scenarios, and the figures expected on the pages."""
    path = demo_copy("destination")
    con = db.connect(path)
    demo_scenarios.install(con, "destination")
    facts = engine.load_facts(con)
    expected = {name: engine.apply(facts, store.load(con, name)).totals for name in store.names(con)}
    expected["current"] = engine.apply(facts, engine.Scenario()).totals
    con.close()
    return path, expected


def test_scenarios_page_starts_from_the_current_situation(destination, monkeypatch):
    path, expected = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Scénarios"
    current = expected["current"]
    assert metric(at, "Recettes") == fmt.euros(current.revenue)
    assert metric(at, "Résultat") == fmt.euros(current.margin)
    assert metric(at, "Écart à l'objectif") == fmt.signed_euros(current.gap)
    assert widget(at, "selectbox", "Scénario").options[1:] == [name for name in expected if name != "current"]
    bullet = figures(at)[0]  # the default view: result (row 0) and revenue (row 1) against the target
    assert named(bullet, "Scénario")["x"] == [pytest.approx(current.margin), pytest.approx(current.revenue)]
    assert named(bullet, "Situation actuelle")["x"][1] == pytest.approx(current.revenue)
    # Every bar says what it is: no legend to match with colours.
    assert written(named(bullet, "textes scénario"))[0] == f"<b>Scénario : {fmt.euros(current.margin)}</b>"
    assert written(named(bullet, "textes situation actuelle"))[1] == f"Actuel : {fmt.euros(current.revenue)}"
    assert target(bullet) == (current.target_amount, f"Objectif {fmt.euros(current.target_amount)} (résultat)")
    # Its title says whether the target is reached.
    assert bullet["layout"]["title"]["text"] == "<b>✗ Objectif non atteint</b>" and current.gap < 0
    at.button_group(key="sc_view").set_value("Effet de chaque offre").run()
    (waterfall,) = figures(at)
    steps = named(waterfall, "étapes")
    assert [row[0] for row in steps["customdata"]] == ["Situation actuelle", "Scénario"]  # nothing changed yet
    assert steps["x"][-1] == pytest.approx(current.margin)


def test_a_quick_price_changes_the_bullet(destination, monkeypatch):
    """The « what-if » path: a price typed in « Prix rapide » draws the bullet with the engine's figures."""
    path, expected = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    at.selectbox(key="sc_quick_offer").set_value("P-HEB").run()
    at.text_input(key="sc_quick_price").set_value("300").run()
    assert not at.exception
    after = figures(at)[0]
    con = db.connect(path)  # the app's own configuration: DuckDB refuses another one in the same process
    facts = engine.load_facts(con)
    con.close()
    priced = engine.apply(facts, parse_scenario({"offers": {"P-HEB": {"mode": "paid", "price": 300}}})).totals
    assert named(after, "Scénario")["x"] == [pytest.approx(priced.margin), pytest.approx(priced.revenue)]
    assert named(after, "Situation actuelle")["x"][0] == pytest.approx(expected["current"].margin)
    assert written(named(after, "textes scénario"))[0] == f"<b>Scénario : {fmt.euros(priced.margin)}</b>"
    assert metric(at, "Résultat") == fmt.euros(priced.margin)


def test_loading_a_saved_scenario_shows_its_figures(destination, monkeypatch):
    path, expected = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    assert not at.exception
    totals = expected[PACK]
    assert metric(at, "Résultat") == fmt.euros(totals.margin)
    assert metric(at, "Écart à l'objectif") == fmt.signed_euros(totals.gap)
    assert widget(at, "text_input", "Nom du scénario").value == PACK
    assert widget(at, "selectbox", "Statut").value == "retenu"
    assert "Retenu comme base de travail" in widget(at, "text_area", "Décision").value


def test_save_duplicate_and_refusals(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "button", "Enregistrer").click().run()  # no name yet
    assert "Donnez un nom au scénario" in at.error[0].value
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    widget(at, "text_input", "Nom du scénario").set_value("Packs, variante").run()
    widget(at, "button", "Dupliquer").click().run()
    assert not at.exception
    assert "Copie « Packs, variante » créée" in at.success[0].value
    assert widget(at, "selectbox", "Scénario").value == "Packs, variante"
    assert "Packs, variante" in widget(at, "selectbox", "Scénario").options
    assert widget(at, "selectbox", "Statut").value == "brouillon"  # a copy starts as a draft


def test_goal_seek_panel(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    at.button_group(key="sc_view").set_value("Recherche d'objectif").run()
    at.selectbox(key="sc_seek_offer").set_value("P-HEB").run()
    at.button(key="sc_seek_go").click().run()
    assert not at.exception
    # A whole-euro price, and why to think twice about it: the partners' acceptable range is 132 € to 320 €.
    assert "« Pack partenaire hébergement » à 657 € atteint l'objectif" in at.success[0].value
    assert [w.value.split(" : ")[1] for w in at.warning] == [
        "plus du double de son prix actuel (242 €).",
        "hors de la plage que les partenaires jugent acceptable (132 € à 320 €, enquête Van Westendorp)."]
    at.button(key="sc_seek_apply").click().run()
    assert metric(at, "Écart à l'objectif").startswith("+")
    assert not at.success and not at.warning  # applied: the answer went with its question


def test_goal_seek_answer_goes_when_the_question_changes(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    at.button_group(key="sc_view").set_value("Recherche d'objectif").run()
    at.selectbox(key="sc_seek_offer").set_value("P-HEB").run()
    at.button(key="sc_seek_go").click().run()
    assert at.button(key="sc_seek_apply")
    at.radio(key="sc_seek_how").set_value("Une variation de tous les prix payants").run()
    assert not at.success and not [b for b in at.button if b.key == "sc_seek_apply"]
    at.button(key="sc_seek_go").click().run()
    assert "de tous les prix payants atteint l'objectif" in at.success[0].value
    at.selectbox(key="sc_seek_rounding").set_value(10.0).run()  # another rounding: another question
    assert not at.success and not [b for b in at.button if b.key == "sc_seek_apply"]


def test_compare_page(destination, monkeypatch):
    path, expected = destination
    at = run_page(path, "views/comparer.py", monkeypatch)
    assert not at.exception
    bars = named(figures(at)[0], "scénarios")  # current situation on top
    names = [row[0] for row in bars["customdata"]]
    assert names == ["Situation actuelle", *[n for n in expected if n != "current"][:3]]  # the first three by default
    by_name = dict(zip(names, zip(bars["x"], bars["customdata"], strict=True), strict=True))
    assert by_name[PACK][0] == pytest.approx(expected[PACK].margin)
    assert by_name[PACK][1][2] == fmt.signed_euros(expected[PACK].gap)
    assert by_name["Situation actuelle"][0] == pytest.approx(expected["current"].margin)
    table = at.dataframe[0].value
    assert fmt.euros(expected[PACK].margin) in table.loc["Résultat", PACK]
    assert "O-SAISON" not in at.dataframe[1].value.index  # rows are offer names
    assert "Mini-site de saison des commerçants" in at.dataframe[1].value.index  # stopped in two, kept in one
    outlook = at.dataframe[2].value
    assert list(outlook.index) == ["Résultat en 2026", "Objectif atteint en 2026 (part des simulations)",
                                   "Résultat en 2028 (trajectoire)", "Écart à l'objectif en 2028"]  # each with its year
    assert outlook.loc["Résultat en 2026", PACK] == fmt.euros(expected[PACK].margin)  # the scenario's own year
    assert outlook.loc["Objectif atteint en 2026 (part des simulations)", "Situation actuelle"].startswith("0\u202f%")


def test_per_sector_elasticity_table_opens_in_the_assumptions(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    assert len(at.dataframe) == 1  # the offers table only
    at.toggle(key="sc_eps_toggle").set_value(True).run()
    assert not at.exception
    sectors = at.dataframe[0].value  # the elasticity table comes first, inside the assumptions
    assert list(sectors.columns) == ["nom", "entreprises", "elasticite"]
    con = db.connect(path)
    universe = con.execute("SELECT count(*) FROM partenaires WHERE filiere = 'hebergement' AND statut <> 'ancien'"
                           ).fetchone()[0]
    con.close()
    assert sectors.loc["hebergement", "entreprises"] == universe  # the universe leaves former partners out


def test_rename_delete_with_confirmation_and_new_scenario(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    widget(at, "text_input", "Nom du scénario").set_value("Packs revus").run()
    widget(at, "button", "Enregistrer").click().run()
    assert "Le nom a changé" in at.error[0].value
    widget(at, "button", "Renommer").click().run()
    assert f"« {PACK} » renommé en « Packs revus »" in at.success[0].value
    assert widget(at, "selectbox", "Scénario").value == "Packs revus"
    widget(at, "button", "Supprimer").click().run()
    assert "Confirmer la suppression" in at.error[0].value
    widget(at, "checkbox", "Confirmer la suppression").check().run()
    widget(at, "button", "Supprimer").click().run()
    assert not at.exception
    assert "Scénario « Packs revus » supprimé." in at.success[0].value
    assert "Packs revus" not in widget(at, "selectbox", "Scénario").options
    assert widget(at, "selectbox", "Scénario").value.startswith("Nouveau scénario")
    assert widget(at, "text_input", "Nom du scénario").value == ""
    assert not widget(at, "checkbox", "Confirmer la suppression").value


def test_a_scenario_changed_underneath_is_neither_deleted_nor_renamed(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    con = db.connect(path)  # another session saves it meanwhile (same process: DuckDB shares the open database)
    changed = store.save(con, replace(store.get(con, PACK), notes="Revu par Anne."), by="Anne")
    con.close()
    said = (f"« {PACK} » a été modifié par « Anne » le {changed.updated_at:%d/%m/%Y à %H:%M} depuis que vous "
            "l'avez ouvert.")
    widget(at, "checkbox", "Confirmer la suppression").check().run()
    widget(at, "button", "Supprimer").click().run()
    assert not at.exception
    # A conflict with another session is a warning (nothing written, the user decides), not an error of theirs.
    assert f"{said} Rien n'est supprimé : rouvrez sa version pour la voir, puis recommencez." in [
        w.value for w in at.warning]
    assert not at.success and not at.error
    assert widget(at, "selectbox", "Scénario").value == PACK  # still open, with what was typed
    widget(at, "text_input", "Nom du scénario").set_value("Packs revus").run()
    widget(at, "button", "Renommer").click().run()
    assert not at.exception
    assert f"{said} Il n'est pas renommé : rouvrez sa version pour la voir, puis recommencez." in [
        w.value for w in at.warning]
    con = db.connect(path)
    assert store.get(con, PACK) == changed  # Anne's version, as she saved it
    assert "Packs revus" not in store.names(con)
    con.close()
    # The page says so above, and opens her version on request; then the delete goes through.
    assert f"Enregistré depuis par « Anne » le {changed.updated_at:%d/%m/%Y à %H:%M}." in [w.value for w in at.warning]
    widget(at, "button", "Rouvrir sa version").click().run()
    assert widget(at, "text_area", "Notes").value == "Revu par Anne."
    assert widget(at, "text_input", "Nom du scénario").value == PACK
    assert not [w for w in at.warning if "Enregistré depuis" in w.value]
    widget(at, "checkbox", "Confirmer la suppression").check().run()
    widget(at, "button", "Supprimer").click().run()
    assert f"Scénario « {PACK} » supprimé." in at.success[0].value


def test_what_was_typed_survives_another_page(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "text_input", "Nom du scénario").set_value("Brouillon du mardi").run()
    widget(at, "text_input", "Auteur").set_value("Claire").run()
    at.text_input(key="sc_eps").set_value("1,2").run()
    at.switch_page("views/comparer.py").run()
    at.switch_page("views/scenarios/page.py").run()
    assert not at.exception
    assert widget(at, "text_input", "Nom du scénario").value == "Brouillon du mardi"
    assert widget(at, "text_input", "Auteur").value == "Claire"
    assert at.text_input(key="sc_eps").value == "1,2"


def test_user_text_is_not_markdown(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    hostile = "![x](http://example.invalid/a.png)"
    widget(at, "text_input", "Nom du scénario").set_value(hostile).run()
    widget(at, "text_input", "Auteur").set_value(hostile).run()
    widget(at, "button", "Enregistrer").click().run()
    assert not at.exception
    shown = [el.value for el in [*at.success, *at.markdown]]
    assert not any("![x](" in text for text in shown)  # escaped: !\[x\](…
    assert any("!\\[x\\]" in text for text in shown)


def test_import_json_opens_the_scenario_and_edits_show_unsaved(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    content = '{"name": "Importé du bureau", "offers": {"P-HEB": {"mode": "paid", "price": 310}}}'.encode()
    at.file_uploader(key="sc_import").set_value(("bureau.json", content, "application/json")).run()
    assert not at.exception
    assert "Scénario « Importé du bureau » importé." in at.success[0].value
    assert widget(at, "selectbox", "Scénario").value == "Importé du bureau"
    assert widget(at, "text_input", "Nom du scénario").value == "Importé du bureau"
    assert not any("non enregistrées" in c.value for c in at.caption)
    at.toggle(key="sc_sector_toggle").set_value(True).run()
    at.selectbox(key="sc_sector_offer").set_value("P-HEB").run()
    assert not at.exception
    sectors = at.dataframe[1].value  # offers, then the per-sector prices of P-HEB
    assert list(sectors.columns) == ["nom", "entreprises", "abonnes_actuels", "prix_actuel", "prix"]


def test_risks_view_and_a_range_typed_in_french(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    at.button_group(key="sc_view").set_value("Risques").run()
    assert not at.exception
    assert metric(at, "Objectif atteint") == "0\u202f%"  # no range: the gap is −23 771 €
    assert any("Objectif non atteint : aucune hypothèse n'a de fourchette" in m.value for m in at.markdown)
    distribution, tornado = figures(at)
    # No range: every draw is the likely result, one bin, under the target (hatched).
    bins = named(distribution, "simulations")
    assert (bins["y"], bins["marker"]["pattern"]["shape"]) == ([100], ["/"])
    assert target(distribution)[0] == 200000
    assert len(named(tornado, "Valeur basse")["y"]) == 12  # the twelve widest swings
    at.text_input(key="sc_range_text::assumptions|elasticity|default").set_value("0,1 à 0,6").run()
    at.text_input(key="sc_range_text::assumptions|hourly_cost").set_value("25 à 40").run()
    assert not at.exception
    assert at.text_input(key="sc_range_low::assumptions|elasticity|default").value == "0,1"
    assert at.text_input(key="sc_range_high::assumptions|hourly_cost").value == fmt.euros(40, 2)
    probability = metric(at, "Objectif atteint")
    assert probability != "0\u202f%" and probability.endswith("%")
    assert any(f"Objectif atteint dans {probability} des simulations" in m.value for m in at.markdown)
    at.text_input(key="sc_range_text::assumptions|hourly_cost").set_value("39 à 45").run()  # 38 €/h is outside
    assert "fourchette incohérente" in at.error[0].value and "Coût horaire" in at.error[0].value


def test_suggested_ranges_are_offered_then_saved(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    widget(at, "selectbox", "Scénario").set_value(PACK).run()
    at.button(key="sc_ranges_suggest").click().run()
    assert not at.exception
    assert at.text_input(key="sc_range_text::assumptions|elasticity|default").value == "0,3 à 0,7"
    assert at.text_input(key="sc_range_text::offers|P-HEB|price").value == "252 à 308"
    widget(at, "button", "Enregistrer").click().run()
    con = db.connect(path)
    saved = store.load(con, PACK)
    con.close()
    assert saved.ranges[("offers", "P-HEB", "price")].high == 308
    assert saved.offers["P-HEB"].price == 280  # the likely price is the scenario's


def test_trajectory_view(destination, monkeypatch):
    path, expected = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    at.button_group(key="sc_view").set_value("Trajectoire").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table.columns) == ["2026", "2027", "2028"]
    assert table.loc["Résultat", "2026"] == fmt.euros(expected["current"].margin)
    at.text_input(key="sc_traj_cost_indexation").set_value("0").run()
    assert at.dataframe[-1].value.loc["Coûts", "2028"] == fmt.euros(expected["current"].costs)


def test_assumptions_and_prices_typed_the_french_way(destination, monkeypatch):
    """« 0,3 » is an elasticity of 0.3 and « 95,5 » a price of 95,50 € (Streamlit's number input once read them
    3 and 955); what cannot be read is refused under its field and the figures keep the last accepted value."""
    path, _ = destination
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    con = db.connect(path)
    facts = engine.load_facts(con)
    con.close()

    def margin(spec: dict) -> str:
        return fmt.euros(engine.apply(facts, parse_scenario(spec)).totals.margin)

    at.text_input(key="sc_eps").set_value("0,3").run()
    assert at.text_input(key="sc_eps").value == "0,3"
    assert metric(at, "Résultat") == margin({"assumptions": {"elasticity": {"default": 0.3}}})
    at.selectbox(key="sc_quick_offer").set_value("P-HEB").run()
    at.text_input(key="sc_quick_price").set_value("95,5").run()
    assert at.text_input(key="sc_quick_price").value == fmt.euros(95.5, 2)  # shown back in French
    priced = {"assumptions": {"elasticity": {"default": 0.3}}, "offers": {"P-HEB": {"mode": "paid", "price": 95.5}}}
    assert metric(at, "Résultat") == margin(priced)
    at.text_input(key="sc_quick_price").set_value("12,,5").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Prix rapide : « 12,,5 » — une seule virgule, celle des décimales "
                                           f"({fmt.EXAMPLE})."]
    assert at.text_input(key="sc_quick_price").value == "12,,5"  # what she typed stays, to be corrected
    assert metric(at, "Résultat") == margin(priced)
    at.text_input(key="sc_eps").set_value("7").run()
    assert any("« 7 » est hors des limites : entre 0 et 5" in e.value for e in at.error)
    assert metric(at, "Résultat") == margin(priced)


def test_review_thresholds_typed_the_french_way(destination, monkeypatch):
    path, _ = destination
    at = run_page(path, "views/revue/page.py", monkeypatch)
    at.text_input(key="review_need_importance").set_value("3,5").run()
    assert not at.exception and not at.error
    assert at.text_input(key="review_need_importance").value == "3,5"
    at.text_input(key="review_min_mentions").set_value("2,5").run()
    assert "aucune décimale" in at.error[0].value


def test_changes_under_the_figures_have_the_arrow_of_their_sign_and_the_colour_of_the_news(destination, monkeypatch):
    """A falling result shows « −… € » with a down arrow in red (it once showed a green up arrow: Streamlit reads
    the sign from a hyphen only); costs that fall are good news, in green, and costs that rise bad news, in red."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    up, down = MetricProto.MetricDirection.UP, MetricProto.MetricDirection.DOWN
    green, red = MetricProto.MetricColor.GREEN, MetricProto.MetricColor.RED
    path, expected = destination
    current = expected["current"]
    at = run_page(path, "views/scenarios/page.py", monkeypatch)
    con = db.connect(path)
    facts = engine.load_facts(con)
    con.close()
    at.selectbox(key="sc_quick_offer").set_value("P-HEB").run()
    for price, result_arrow, costs_arrow in ((2000, (up, green), (down, green)), (10, (down, red), (up, red))):
        at.text_input(key="sc_quick_price").set_value(str(price)).run()
        priced = engine.apply(facts, parse_scenario({"offers": {"P-HEB": {"mode": "paid", "price": price}}})).totals
        shown = {m.label: m.proto for m in at.metric}
        assert shown["Résultat"].delta == fmt.signed_euros(priced.margin - current.margin)
        assert shown["Coûts"].delta == fmt.signed_euros(priced.costs - current.costs)
        assert (shown["Résultat"].direction, shown["Résultat"].color) == result_arrow, price
        assert (shown["Coûts"].direction, shown["Coûts"].color) == costs_arrow, price
    assert shown["Résultat"].delta.startswith("−")  # at 10 €: a true minus, and a down arrow in red
