"""The manual as the Aide page reads it: documents found by themselves, anchors unique and plain, links between
documents kept inside the page, nothing that fetches, and a search that finds what a director types."""

from __future__ import annotations

import re

import pytest

from otmodel import manual
from tests.fixtures import ROOT

DOCS = ROOT / "docs"
PAGE_TITLES = re.findall(r'st\.Page\([^)]*title="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def found() -> manual.Manual:
    return manual.Manual(DOCS)


def _write(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return manual.Manual(folder)


def test_the_documents_follow_the_index_and_leave_the_contributors_notes_out(found):
    names = [path.name for path in manual.documents(DOCS)]
    assert names[:4] == ["README.md", "demarrer.md", "pages.md", "fichiers.md"]
    assert "architecture.md" not in names and "cli.md" in names
    assert sorted(names) == sorted(p.name for p in DOCS.glob("*.md") if p.name != "architecture.md")
    assert list(found.titles().values())[:2] == ["Manuel d'otmodel", "Démarrer"]


def test_a_new_document_is_in_the_manual_without_a_list_to_edit(tmp_path):
    found = _write(tmp_path, {"README.md": "# Index\n\n[B](b.md)\n", "b.md": "# B\n", "a.md": "# A\n"})
    assert list(found.titles()) == ["README.md", "b.md", "a.md"]  # linked first, then the others by name


def test_anchors_are_unique_plain_and_every_page_has_its_own(found):
    anchors = [section.anchor for section in found.sections]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z0-9-]+", anchor) for anchor in anchors)  # a URL sends them as written
    assert "Aide" in PAGE_TITLES and "Synthèse" in PAGE_TITLES
    assert {title: found.page_anchor(title) for title in ("Synthèse", "Carnet d'écoute", "Écoute", "Aide")} == {
        "Synthèse": "synthese", "Carnet d'écoute": "carnet-decoute", "Écoute": "ecoute", "Aide": "aide"}
    assert all(found.page_anchor(title) in anchors for title in PAGE_TITLES)
    with pytest.raises(KeyError, match="aucune section « ## Lune »"):
        found.page_anchor("Lune")


def test_every_link_of_the_manual_lands_on_a_section_of_the_page(found):
    anchors = {section.anchor for section in found.sections}
    targets = [target for section in found.sections for block in section.blocks
               for target in re.findall(r"\]\(#([^)]+)\)", block.markdown)]
    assert len(targets) > 80  # the docs link a lot between themselves: pages ↔ methods ↔ files ↔ command line
    assert sorted(set(targets) - anchors) == []
    scenarios = next(s for s in found.sections if s.anchor == "scenarios")  # « ## Scénarios » of pages.md
    assert "[Méthodes](#le-modele)" in scenarios.blocks[0].markdown  # was (methodes.md#le-modèle)


def test_links_and_images_are_made_safe_for_the_page(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "vue.png").write_bytes(b"\x89PNG")
    found = _write(tmp_path, {
        "README.md": "# Manuel\n\nVoir [les réglages](guide.md#réglages-avancés) et [le guide](guide.md).\n",
        "guide.md": (
            "# Guide\n\n<!-- une note cachée -->\n## Réglages avancés\n\n"
            "Un [lien interne](#guide), une [adresse](https://exemple.fr/page), un [fichier](../data/x.csv), "
            "une image distante ![espion](http://exemple.invalid/a.png) et du code `[pas](un-lien.md)`.\n\n"
            "![La vue](images/vue.png)\n\n```sh\n# pas un titre\n[pas](non.md)\n```\n"),
    })
    readme, guide, settings = found.sections
    assert readme.blocks[0].markdown == "Voir [les réglages](#reglages-avances) et [le guide](#guide)."
    text, image, code = settings.blocks
    assert text.markdown == ("Un [lien interne](#guide), une [adresse](https://exemple.fr/page), un fichier, "
                             "une image distante espion et du code `[pas](un-lien.md)`.")
    assert (image.markdown, image.image) == ("La vue", tmp_path / "images" / "vue.png")
    assert code.markdown == "```sh\n# pas un titre\n[pas](non.md)\n```"  # code stays as written, no heading in it
    assert guide.blocks == ()  # the HTML comment is gone
    assert [s.level for s in found.sections] == [1, 1, 2]


def test_a_heading_taken_by_an_earlier_document_gets_the_documents_name(tmp_path):
    found = _write(tmp_path, {"README.md": "# Manuel\n## Limites\n", "b.md": "# B\n## Limites\n## Limites\n"})
    assert [s.anchor for s in found.sections] == ["manuel", "limites", "b", "b-limites", "b-limites-3"]
    assert found.anchor("b.md", "limites-1") == "b-limites-3"  # GitHub's second « Limites » is limites-1


def test_the_search_finds_what_a_director_types(found):
    first = found.search("Van Westendorp")[0]
    assert first.section.anchor == "van-westendorp-prix-acceptables"
    assert first.where == "Méthodes : comment otmodel calcule › Van Westendorp (prix acceptables)"
    assert first.snippet.startswith("Van Westendorp (prix acceptables) Quatre questions")
    assert found.search("ecoute")[0].section.title == "Écoute"  # accents and case ignored
    password = found.search("mot de passe éditeur")
    assert password and all("mot de passe" in manual.fold(hit.section.text) for hit in password)
    assert found.search("prix_acceptables.csv")[0].section.anchor == "prixacceptablescsv"
    assert found.search("zzz introuvable") == [] and found.search("   ") == []


def test_a_snippet_keeps_its_place_when_folding_changes_the_length():
    text = "…" * 300 + " puis l'Équipe arrive" + " et encore du texte" * 20  # « … » folds to three dots
    snippet = manual._snippet(text, "equipe")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "puis l'Équipe arrive et encore" in snippet
