"""The Aide page (AppTest): the whole manual with an anchor on every heading, its table of contents, a search that
finds « Van Westendorp »; and every page's caption links to its section of it."""

from __future__ import annotations

import re

import pytest

from otmodel import manual
from otmodel.ui import widgets
from tests.pages.pagetest import APP, run_page

AIDE = "views/aide.py"
# Every page of app.py and its title. The participants' vote page is left out: a participant can open no other page.
TITLES = dict(re.findall(r'st\.Page\("(views/[a-z_/]+\.py)", title="([^"]+)"', APP.read_text(encoding="utf-8")))
CAPTIONED = {page: title for page, title in TITLES.items() if page not in (AIDE, "views/vote.py")}


@pytest.fixture(scope="module")
def found() -> manual.Manual:
    return manual.manual()


def test_the_aide_page_shows_every_section_with_its_anchor(demo_copy, monkeypatch, found):
    at = run_page(demo_copy("rural"), AIDE, monkeypatch)
    assert not at.exception
    headings = [*at.title, *at.header, *at.subheader]
    assert len(headings) == len(found.sections) + 1  # the page's own title « Aide »
    anchors = {h.proto.anchor for h in headings}
    assert {s.anchor for s in found.sections} <= anchors and "synthese" in anchors
    contents = "\n".join(m.value for m in at.sidebar.markdown)
    assert "- [Les pages](#les-pages)" in contents and "    - [Synthèse](#synthese)" in contents
    assert "[Van Westendorp (prix acceptables)]" not in contents  # only documents and their « ## » sections


def test_the_search_finds_van_westendorp(demo_copy, monkeypatch):
    at = run_page(demo_copy("rural"), AIDE, monkeypatch)
    at.text_input(key="aide_search").input("Van Westendorp").run()
    assert not at.exception
    results = next(m.value for m in at.markdown if m.value.startswith("- ["))
    first = results.splitlines()[0]
    assert first.startswith("- [Méthodes : comment otmodel calcule › Van Westendorp (prix acceptables)]"
                            "(#van-westendorp-prix-acceptables) — Van Westendorp (prix acceptables) Quatre")
    assert any("section(s) contiennent « Van Westendorp »" in c.value for c in at.caption)


def test_a_query_is_shown_as_typed_and_fetches_nothing(demo_copy, monkeypatch):
    at = run_page(demo_copy("rural"), AIDE, monkeypatch)
    at.text_input(key="aide_search").input("![x](http://exemple.invalid/a.png)").run()
    (info,) = at.info
    assert info.value == ("Rien dans l'aide ne contient « !\\[x\\](http://exemple.invalid/a.png) ». Essayez un "
                          "autre mot.")


@pytest.mark.parametrize("page", sorted(CAPTIONED))
def test_every_page_caption_links_to_its_section_of_the_aide_page(page, demo_copy, monkeypatch, found):
    at = run_page(demo_copy("destination"), page, monkeypatch)
    assert not at.exception
    link = f"[📖 Aide sur cette page]({widgets.HELP_PATH}#{found.page_anchor(CAPTIONED[page])})"
    assert [c.value for c in at.caption if link in c.value], f"{page} : la légende sous le titre doit finir par {link}"
