"""The presentation's story, its saved choices, the workshop's levers and the report (HTML, PDF,
command line), on the small hand-checked territory (tests/data/petit, figures in test_engine.py).

Two scenarios with an elasticity of 0 (demand unchanged), from the baseline revenue 650 €, costs 700 €,
result −50 €, target 1 000 € of result:
  « Photos à 200 € »: PHOTO 2 × 200 € instead of 150 € + 120 € → revenue 780 €, result 80 €, gap −920 €;
  « Pack à 800 € »: PACK 2 × 800 € instead of 200 € + 180 € → revenue 1 870 €, result 1 170 €, gap +170 €.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from otmodel import format as fmt
from otmodel.cli import commands as cli
from otmodel.model import engine
from otmodel.model.scenario import parse_scenario
from otmodel.presentation import bars, levers, report, report_html, settings, story
from otmodel.scenarios import store
from otmodel.scenarios.store import SavedScenario

PHOTO, PACK = "Photos à 200 €", "Pack à 800 €"
RIGID = {"elasticity": {"default": 0}}


@pytest.fixture
def con(small_con):
    for name, offers, status in ((PHOTO, {"PHOTO": {"mode": "paid", "price": 200}}, "brouillon"),
                                 (PACK, {"PACK": {"mode": "paid", "price": 800}}, "retenu")):
        scenario = parse_scenario({"name": name, "assumptions": RIGID, "offers": offers})
        store.save(small_con, SavedScenario(scenario, author="Anne", notes=f"Notes de {name}", status=status,
                                            decision=f"Décision pour {name}"))
    return small_con


def built(con, names=(PHOTO, PACK), chosen=None, results=None) -> story.Story:
    facts = engine.load_facts(con)
    return story.build(con, facts, story.shown_from(facts, [(store.load(con, n), store.get(con, n)) for n in names]),
                       chosen or settings.Settings(), results)


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# --- the story ------------------------------------------------------------------------------------------


def test_the_story_has_five_sections_with_the_hand_checked_figures(con):
    told = built(con)
    shown = [key for key in settings.SECTIONS if key not in settings.OPTIONAL_SECTIONS]  # no network folder chosen
    assert [s.key for s in told.sections] == shown
    model = told.section("modele")
    assert {f.label: plain(f.value) for f in model.figures} == {
        "Recettes": "650 €", "Coûts": "700 €", "Résultat": "−50 €", "Objectif": "1 000 €",
        "Écart à l'objectif": "−1 050 €"}
    assert plain(model.lead).endswith("il manque 1 050 €.")
    table = told.section("scenarios").table
    assert table.header == ("", "Situation actuelle", PHOTO, PACK)
    rows = {row[0]: row[1:] for row in table.rows}
    assert [plain(v) for v in rows["Recettes"]] == ["650 €", "780 €", "1 870 €"]
    assert [plain(v) for v in rows["Résultat"]] == ["−50 €", "80 €", "1 170 €"]
    assert [plain(v) for v in rows["Écart à l'objectif"]] == ["−1 050 €", "−920 €", "+170 €"]
    assert rows["Objectif atteint"] == ("non", "non", "oui")
    chart = told.section("scenarios").charts[0]
    assert [(b.label, b.kind) for b in chart.bars] == [("Situation actuelle", "current"), (PHOTO, "missed"),
                                                       (PACK, "reached")]
    assert chart.target == 1000


def test_the_recommendation_is_the_retained_scenario_that_reaches_the_target_unless_the_director_chose(con):
    told = built(con)
    assert told.retained == PACK
    last = told.section("recommandation")
    assert plain(last.lead) == f"Nous recommandons « {PACK} » : objectif atteint (+170 €)."
    assert last.quote == f"Décision pour {PACK}"
    assert len(last.points) == 3  # the three-part argument
    assert last.points[0].startswith("Le rôle de l'office dans le projet de territoire")
    assert built(con, chosen=settings.Settings((PHOTO, PACK), PHOTO)).retained == PHOTO


def test_partners_are_anonymous_unless_chosen_and_never_show_emails(con):
    heard = built(con).section("partenaires")
    names = [row[0] for row in con.execute("SELECT nom FROM partenaires").fetchall()]
    emails = [row[0] for row in con.execute("SELECT email FROM partenaires WHERE email IS NOT NULL").fetchall()]
    text = " ".join([heard.lead, *heard.points])
    assert not any(name in text for name in names) and not any(email in text for email in emails)


def test_director_texts_are_kept_as_typed(con):
    texts = {"territoire": "Notre rôle : **fédérer** <b>les</b> acteurs.", "recommandation": "À voter."}
    told = built(con, chosen=settings.Settings((PHOTO,), None, texts))
    assert told.section("territoire").text == texts["territoire"]
    assert told.section("partenaires").text == ""


# --- saved choices ---------------------------------------------------------------------------------------


def test_choices_are_saved_with_the_database(con):
    assert settings.load(con) == settings.Settings()
    assert settings.shown_scenarios(con, settings.load(con)) == [PACK, PHOTO]  # retained first
    saved = settings.save(con, settings.Settings((PHOTO, PACK), PACK, {"modele": " Où en est-on ? "}, True))
    assert saved == settings.Settings((PHOTO, PACK), PACK, {"modele": "Où en est-on ?"}, True)
    assert settings.load(con) == saved
    store.delete(con, PHOTO)  # a deleted scenario is left out, the others stay
    assert settings.shown_scenarios(con, saved) == [PACK]


@pytest.mark.parametrize(("chosen", "message"), [
    (settings.Settings((PHOTO, PACK, "a", "b")), "au plus 3"),
    (settings.Settings(("Inconnu",)), "Scénario introuvable : « Inconnu »"),
    (settings.Settings((PHOTO,), PACK), "doit faire partie des scénarios présentés"),
    (settings.Settings((PHOTO,), None, {"modele": "x" * 601}), "trop long"),
])
def test_choices_refused_with_a_french_message(con, chosen, message):
    with pytest.raises(settings.SettingsError, match=re.escape(message)):
        settings.save(con, chosen)
    assert settings.load(con) == settings.Settings()


# --- levers ----------------------------------------------------------------------------------------------


def test_levers_are_the_prices_that_move_the_gap_most(con):
    facts = engine.load_facts(con)
    scenario = store.load(con, PACK)
    found = levers.levers(facts, scenario)
    # Paid offers with subscribers: PHOTO (2 × 135 € on average) and PACK (2 × 800 €); + 10 %, ε 0:
    # PACK +160 €, PHOTO +27 €.
    assert [lever.offer_id for lever in found] == ["PACK", "PHOTO"]
    assert [round(lever.effect, 6) for lever in found] == [160, 27]
    assert (found[0].price, found[0].step, found[0].high) == (800, 5, 2000)
    moved = levers.with_prices(scenario, {"PACK": 900})
    assert engine.apply(facts, moved).totals.gap == pytest.approx(170 + 200)


# --- charts ----------------------------------------------------------------------------------------------


def test_charts_label_every_bar_and_need_no_legend():
    chart = bars.BarChart("t", (bars.Bar("A", 10, "10 €", "current"), bars.Bar("B", -5, "−5 €", "missed")),
                          target=8, target_label="Objectif 8 €")
    fig = bars.to_plotly(chart).to_dict()
    assert [text.strip() for text in fig["data"][1]["text"]] == ["10 €", "−5 €"]
    assert fig["data"][0]["marker"]["pattern"]["shape"] == ["", "/"]  # hatched on the page, dotted outline:
    assert [s["line"]["dash"] for s in fig["layout"]["shapes"] if s["name"] == "actuel"] == ["dot"]
    assert [bars.SAFE_PATTERNS[bar.kind] for bar in chart.bars] == ["dots", "hatches"]  # and once printed in grey
    svg = bars.to_svg(chart)
    assert "http" not in svg and "10 €" in svg and "url(#p-missed)" in svg


# --- the report ------------------------------------------------------------------------------------------


def test_html_report_is_self_contained_and_holds_the_figures(con):
    html = report_html.render(built(con))
    outside = [m for m in re.findall(r"https?://[^\s\"'<>)]+", html)]
    data_uris = re.findall(r"data:[^\"')\s]+", html)
    assert outside == [] or all(any(u in d for d in data_uris) for u in outside)
    assert "<script" not in html and "src=" not in html
    for text in (PHOTO, PACK, "1 870 €", "+170 €", "−920 €", "Décision pour Pack à 800 €"):
        assert text.replace("'", "&#x27;") in plain(html)


def test_pdf_report_opens_has_a_page_per_section_and_holds_the_figures(con):
    told = built(con)
    reader = PdfReader(io.BytesIO(report.render(told, ".pdf")))
    assert len(reader.pages) >= 1 + len(told.sections)  # a cover, then one page per section at least
    pages = [plain(page.extract_text()) for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    for figure in (PHOTO, PACK, "1 870 €", "+170 €", "−920 €", "OT du Petit Territoire", "Page 2 / "):
        assert figure in text
    for section in told.sections:
        assert any(f"{section.number}. {section.title}" in page for page in pages[1:])


def run_cli(capsys, *args):
    code = cli.main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_both_reports(small_path, tmp_path, capsys):
    from otmodel import db

    with db.connect(small_path) as setup:
        store.save(setup, SavedScenario(parse_scenario({"name": PACK, "assumptions": RIGID,
                                                        "offers": {"PACK": {"mode": "paid", "price": 800}}})))
    scenario_file = tmp_path / "photos.json"
    scenario_file.write_text(parse_scenario({"name": PHOTO, "assumptions": RIGID,
                                             "offers": {"PHOTO": {"mode": "paid", "price": 200}}}).dumps())
    for name in ("rapport.html", "rapport.pdf"):
        code, out, _ = run_cli(capsys, "--db", str(small_path), "--scenario", PACK, "--scenario",
                               str(scenario_file), "--out", str(tmp_path / name))
        assert code == 0 and "Rapport écrit" in out
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert PHOTO in html and "+170" in plain(html)
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")


def test_cli_refusals_exit_2_in_french(small_path, tmp_path, capsys):
    code, _, err = run_cli(capsys, "--db", str(small_path), "--scenario", "Inconnu", "--out", str(tmp_path / "r.pdf"))
    assert code == cli.REFUSED and "ni un fichier de scénario" in err and not (tmp_path / "r.pdf").exists()
    code, _, err = run_cli(capsys, "--db", str(small_path), "--scenario", "x", "--out", str(tmp_path / "r.docx"))
    assert code == cli.REFUSED and "Extension « .docx » non prise en charge" in err
    code, _, err = run_cli(capsys, "--db", str(small_path), "--scenario", "x", "--out",
                           str(tmp_path / "absent" / "r.html"))
    assert code == cli.REFUSED and "n'existe pas" in err
    taken = tmp_path / "dossier.pdf"  # a folder where the file should go: unwritable, even for root
    taken.mkdir()
    code, _, err = run_cli(capsys, "--db", str(small_path), "--scenario", "x", "--out", str(taken))
    assert code == cli.REFUSED and "Impossible d'écrire" in err


def test_the_chance_of_reaching_the_target_comes_from_the_risk_analysis_when_there_are_ranges(con):
    from otmodel.model import risk

    ranged = parse_scenario({"name": "Pack incertain", "assumptions": {
        "elasticity": {"default": {"low": 0, "likely": 0.05, "high": 0.1}}},
        "offers": {"PACK": {"mode": "paid", "price": 800}}})
    store.save(con, SavedScenario(ranged))
    facts = engine.load_facts(con)
    chance = risk.simulate(facts, ranged).probability()
    assert 0 < chance < 1  # at 800 € instead of 190 €, an elasticity of 0.1 loses the +170 € margin
    assert story.probability_of_target(facts, store.load(con, PACK)) is None  # no range: no chance to show
    rows = {row[0]: row[1:] for row in built(con, names=(PACK, "Pack incertain")).section("scenarios").table.rows}
    assert rows["Chance d'atteindre l'objectif"] == ("—", "sans fourchette", fmt.percent(chance, 0))
