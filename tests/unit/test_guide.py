"""The partners' guide on the small hand-checked territory (tests/data/petit): its chapters and price lines after a
scenario's decisions, the texts around them, and nothing internal in its HTML nor in its PDF.

The scenario « Guide 2026 »: WEB (the only public service) stopped; PHOTO (for hébergement and restauration,
150 € in the catalogue) priced per sector, 280 € and 190 €; the pack PACK (contains CLUB) at 250 €; CLUB kept
(free); NEW (à créer) launched at 80 €, for restauration and commerce.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from otmodel import cli
from otmodel.data import importer
from otmodel.errors import Conflict, Refused
from otmodel.followup import applied
from otmodel.model.scenario import OfferChoice, parse_scenario
from otmodel.portfolio import offers
from otmodel.presentation import guide, guide_document, settings
from otmodel.scenarios import store
from tests.fixtures import DATA

NBSP = "\u00a0"
SCENARIO = {"name": "Guide 2026", "offers": {
    "WEB": {"mode": "stopped"},
    "PHOTO": {"mode": "paid", "price": {"hebergement": 280, "restauration": 190}},
    "PACK": {"mode": "paid", "price": 250},
    "NEW": {"mode": "paid", "price": 80, "expected_subscribers": 37}}}
MADE_ON = dt.date(2026, 1, 5)


@pytest.fixture
def con(small_con):
    store.save(small_con, store.SavedScenario(parse_scenario(SCENARIO), status="retenu"))
    return small_con


def built(con, **changes) -> guide.Guide:
    return guide.build(con, store.load(con, "Guide 2026"), made_on=MADE_ON, **changes)


def test_chapters_in_reading_order_with_the_prices_after_the_decisions(con):
    found = built(con)
    assert [c.sphere for c in found.chapters] == ["socle", "a_la_carte"]  # WEB stopped: no public service left
    socle, a_la_carte = found.chapters
    assert [(s.offer, s.price) for s in socle.services] == [("PACK", "250 €"), ("CLUB", "gratuit")]
    assert socle.services[0].contents == ("Club pro",) and socle.services[0].includes == "Comprend : Club pro"
    assert [(s.offer, s.price) for s in a_la_carte.services] == [
        ("NEW", "80 €"), ("PHOTO", "Hébergement 280 € · Restauration 190 €")]
    assert a_la_carte.services[0].for_whom == "Pour : Restauration, Commerce"
    assert (found.office, found.year, found.scenario) == ("OT du Petit Territoire", 2026, "Guide 2026")
    assert "WEB" not in {s.offer for s in found.services()}


def test_an_offer_not_launched_is_absent(con):
    kept = parse_scenario({**SCENARIO, "name": "Sans le club", "offers": {"PHOTO": {"mode": "keep"}}})
    offers = {s.offer: s.price for s in guide.build(con, kept, made_on=MADE_ON).services()}
    assert offers == {"WEB": "gratuit", "PACK": "200 €", "CLUB": "gratuit", "PHOTO": "150 €"}


@pytest.mark.parametrize(("price", "targets", "line"), [
    ({"default": 490, "hebergement": 590}, [], "Hébergement 590 € · Autres filières 490 €"),
    ({"hebergement": 590}, [], "Hébergement 590 € · Autres filières 150 €"),  # the others keep the catalogue's
    ({"hebergement": 0, "restauration": 190}, ["hebergement", "restauration"], "Hébergement gratuit · "
                                                                               "Restauration 190 €"),
    ({"default": 200, "loisirs": 200}, [], "200 €"),
    (49.9, [], "49,90 €"),
    (1234, ["restauration"], "1\u202f234 €"),
])
def test_price_lines(price, targets, line):
    assert guide.price_text(150, OfferChoice("paid", price), targets) == line


def test_free_and_kept_prices():
    assert guide.price_text(150, OfferChoice("free"), ["hebergement"]) == "gratuit"
    assert guide.price_text(0, OfferChoice(), []) == "gratuit"
    assert guide.price_text(1234, OfferChoice(), []) == "1\u202f234 €"


def test_the_year_is_the_year_the_scenario_is_applied_from(con):
    assert built(con).year == 2026  # not applied: the year after the data's
    applied.apply(con, "Guide 2026", 2027)
    assert built(con).year == 2027
    assert built(con, year=2030).year == 2030


def test_the_directors_texts_are_saved_and_checked(con):
    assert built(con).introduction.startswith("OT du Petit Territoire accompagne les entreprises du territoire.")
    assert built(con).contact == ""
    guide.save_texts(con, guide.Texts("  Bienvenue.  ", "Accueil — 05 00 00 00 00"))
    assert (built(con).introduction, built(con).contact) == ("Bienvenue.", "Accueil — 05 00 00 00 00")
    with pytest.raises(guide.GuideError, match=r"L'introduction du guide est trop longue \(1201 caractères"):
        guide.save_texts(con, guide.Texts("x" * 1201))
    with pytest.raises(guide.GuideError, match=r"Le bloc contact du guide est trop long \(501 caractères"):
        guide.save_texts(con, guide.Texts("", "x" * 501))
    assert guide.load_texts(con).introduction == "Bienvenue."  # nothing written by a refusal


def test_texts_another_session_saved_since_are_never_overwritten(con):
    shown = guide.save_texts(con, guide.Texts("Bienvenue.", "Accueil"))
    guide.save_texts(con, guide.Texts("Bienvenue à tous.", "Accueil"), shown)  # as shown: saved
    with pytest.raises(Conflict, match="Les textes du guide ont été modifiés depuis une autre session : rien"):
        guide.save_texts(con, guide.Texts("Autre chose.", "Accueil"), shown)  # shown before the save above
    assert guide.load_texts(con) == guide.Texts("Bienvenue à tous.", "Accueil")


def test_the_default_scenario_is_the_applied_one_else_the_recommended_else_the_retained(con):
    assert guide.default_scenario(con) == "Guide 2026"  # the only « retenu »
    store.save(con, store.SavedScenario(parse_scenario({"name": "Autre"})))
    settings.save(con, settings.Settings(("Autre",), "Autre"))
    assert guide.default_scenario(con) == "Autre"
    store.save(con, store.SavedScenario(parse_scenario({"name": "Appliqué"})))
    applied.apply(con, "Appliqué", 2026)
    assert guide.default_scenario(con) == "Appliqué"


def test_no_retained_scenario_is_refused_with_what_to_do(small_con):
    with pytest.raises(guide.GuideError, match="Aucun scénario retenu : marquez-en un « Retenu »"):
        guide.default_scenario(small_con)


# --- what the documents hold ---------------------------------------------------------------------

HOSTILE_NAME = '<script>alert("x")</script> & Cie'
HOSTILE_DESCRIPTION = "![image](http://evil.example/x.png) <b>gras</b> <img src=x onerror=alert(1)>"
HOSTILE_CONTACT = '<a href="http://evil.example">clic</a>\n05 00 00 00 00'


class _Text(HTMLParser):
    """The text a reader sees in an HTML document (tags and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._style = tag == "style"
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def read_html(html: str) -> _Text:
    reader = _Text()
    reader.feed(html)
    return reader


def html_text(html: str) -> str:
    return " ".join(read_html(html).parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def readable(text: str) -> str:
    """The text with ordinary spaces for the no-break ones of French numbers."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


@pytest.fixture
def internal(con):
    """Costs, hours and expected subscribers no price can be mistaken for."""
    con.execute("UPDATE offres SET cout_fixe = 98765, cout_unitaire = 4321, heures_fixes = 77, heures_unitaires = 13")
    con.execute("UPDATE offres SET nom = ?, description = ? WHERE id = 'PHOTO'", [HOSTILE_NAME, HOSTILE_DESCRIPTION])
    guide.save_texts(con, guide.Texts("Bienvenue.", HOSTILE_CONTACT))
    return built(con)


INTERNAL_WORDS = ("coût", "heure", "marge", "résultat", "souscri", "attendu", "objectif", "élasticité")
INTERNAL_FIGURES = ("98765", "98 765", "98\u202f765", "4321", "4 321", "4\u202f321", "77", "13", "37")


@pytest.mark.parametrize("kind", [".html", ".pdf"])
def test_no_internal_figure_in_the_documents(internal, kind):
    data = guide_document.render(internal, kind)
    text = html_text(data.decode("utf-8")) if kind == ".html" else pdf_text(data)
    seen = readable(text)
    assert "Pack hébergement" in seen and "250 €" in seen  # the text is really there
    assert "Hébergement 280 € · Restauration 190 €" in seen
    assert [word for word in INTERNAL_WORDS if word in seen.lower()] == []
    assert [figure for figure in INTERNAL_FIGURES if figure in text or figure in seen] == []


def test_hostile_text_stays_text_in_the_html(internal):
    html = guide_document.render(internal, ".html").decode("utf-8")
    assert "<script" not in html and "<img" not in html and "<b>gras" not in html and "<a href" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie" in html
    assert HOSTILE_NAME in html_text(html) and HOSTILE_DESCRIPTION in html_text(html)
    # Self-contained: nothing to fetch, nothing to run (the hostile addresses are only escaped text).
    read = read_html(html)
    assert read.tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
                         "section", "article", "div", "footer"}
    assert read.attributes <= {"lang", "charset", "name", "content", "class", "id"}
    assert "@import" not in html and "url(" not in html


def test_hostile_text_stays_text_in_the_pdf(internal):
    text = pdf_text(guide_document.render(internal, ".pdf"))
    assert HOSTILE_NAME in text and "<b>gras</b>" in text and '<a href="http://evil.example">clic</a>' in text


def test_the_pdf_is_a4_portrait_with_the_chapters_in_order(con):
    con.execute("UPDATE offres SET sphere = 'premium' WHERE id = 'NEW'")
    data = guide_document.render(built(con), ".pdf")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = pdf_text(data)
    order = [text.index(title) for title in ("Guide des partenaires 2026", "Le socle partenaire", "Pack hébergement",
                                             "Club pro", "À la carte", "Photos", "Premium", "Club commerces")]
    assert order == sorted(order)


# --- the command line ----------------------------------------------------------------------------


def test_the_guide_command(con, small_path, tmp_path, capsys):
    con.close()
    out = tmp_path / "guide.html"
    assert cli.main(["guide", "--db", str(small_path), "--out", str(out)]) == 0
    assert "Guide des partenaires écrit" in capsys.readouterr().out
    assert "Pack hébergement" in out.read_text(encoding="utf-8")
    assert cli.main(["guide", "--db", str(small_path), "--scenario", "Inconnu", "--out", str(tmp_path / "g.pdf")]) == 2
    err = capsys.readouterr().err
    assert "« Inconnu » n'est ni un fichier de scénario (.json) ni un scénario enregistré" in err
    assert not (tmp_path / "g.pdf").exists()
    # --scenario takes a scenario file too (as report does); a .pdf is the A4 guide.
    scenario_file = tmp_path / "guide.json"
    scenario_file.write_text(json.dumps({**SCENARIO, "name": "Du fichier"}), encoding="utf-8")
    pdf = tmp_path / "guide.pdf"
    assert cli.main(["guide", "--db", str(small_path), "--scenario", str(scenario_file), "--out", str(pdf)]) == 0
    assert "Guide des partenaires écrit" in capsys.readouterr().out
    assert "Hébergement 280 € · Restauration 190 €" in readable(pdf_text(pdf.read_bytes()))
    assert cli.main(["guide", "--db", str(small_path), "--out", str(tmp_path / "guide.docx")]) == 2
    assert "Extension « .docx » non prise en charge" in capsys.readouterr().err


# --- descriptions --------------------------------------------------------------------------------


def test_descriptions_are_saved_all_or_nothing(small_con):
    assert offers.save_descriptions(small_con, {"PHOTO": ("", "  Dix photos retouchées. "), "WEB": ("", "")}) == \
        "2 description(s) enregistrée(s)."
    assert offers.descriptions(small_con).set_index("id")["description"].to_dict()["PHOTO"] == "Dix photos retouchées."
    with pytest.raises(Conflict, match="La description de « PHOTO » a été modifiée depuis une autre session"):
        offers.save_descriptions(small_con, {"WEB": ("", "Votre fiche."), "PHOTO": ("", "Autre chose.")})
    with pytest.raises(Refused, match=r"La description de « WEB » est trop longue \(501 caractères, 500 au plus\)"):
        offers.save_descriptions(small_con, {"WEB": ("", "x" * 501)})
    with pytest.raises(Refused, match="L'offre « GONE » n'existe plus"):
        offers.save_descriptions(small_con, {"GONE": ("", "x")})
    assert small_con.execute("SELECT count(description) FROM offres").fetchone()[0] == 1  # nothing else written


def test_an_offers_file_without_descriptions_keeps_them(small_con):
    offers.save_descriptions(small_con, {"PHOTO": ("", "Dix photos retouchées.")})
    importer.import_file(small_con, "offres", DATA / "petit" / "offres.csv")  # no description column
    assert guide_text(small_con, "PHOTO") == "Dix photos retouchées."
    text = (DATA / "petit" / "offres.csv").read_text(encoding="utf-8").splitlines()
    with_column = "\n".join([text[0] + ";description"] + [line + (";Un service <b>utile</b>." if line.startswith(
        "PHOTO;") else ";") for line in text[1:]]) + "\n"
    importer.import_file(small_con, "offres", with_column.encode())
    assert guide_text(small_con, "PHOTO") == "Un service <b>utile</b>."


def guide_text(con, offer_id: str) -> str:
    return next(s.description for s in guide.build(con, parse_scenario({}), made_on=MADE_ON).services()
                if s.offer == offer_id)


def test_no_service_is_cut_by_a_page_break():
    """Forty services of long descriptions of several lengths: each one's name and its last line are on the same
    page (without the measure before each block, some are cut)."""
    services = tuple(guide.Service(f"S{i}", f"Service numéro {i}", "120 €",
                                   f"Description {i} " + "longue " * (25 + 9 * (i % 5)) + f"fin{i}.", ("Hébergement",))
                     for i in range(40))
    built = guide.Guide("OT", 2026, "Plan", "Bienvenue.", "Accueil", (guide.Chapter("socle", "Le socle", "Lead",
                                                                                      services),), MADE_ON)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(guide_document.render(built, ".pdf"))).pages]
    assert len(pages) > 3
    for i in range(40):
        named = [n for n, text in enumerate(pages) if re.search(rf"Service numéro {i}(?!\d)", text)]
        assert len(named) == 1 and named == [n for n, text in enumerate(pages) if f"fin{i}." in text]
