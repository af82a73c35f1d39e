"""Docs are tested like code: the manual in docs/ documents every command, template column, page, setting and make
target; the command-line reference is in step with --help; the README stays short; every relative link resolves."""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

import pytest

from otmodel.cli.commands import build_parser
from otmodel.data.schema import TEMPLATES
from tests import cli_reference
from tests.fixtures import ROOT

DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_MAX_LINES = 200
SCREENSHOT_MAX_BYTES = 300_000


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _without_code(markdown: str) -> str:
    """The Markdown outside fenced code blocks and inline code (a `# comment` in a shell block is no heading)."""
    return re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M))


def _section(markdown: str, heading_text: str) -> str:
    """From the heading that contains heading_text to the next heading of any level."""
    start = re.search(rf"^#+ .*{re.escape(heading_text)}.*$", markdown, flags=re.M)
    assert start, f"aucun titre ne contient {heading_text!r}"
    rest = markdown[start.end():]
    following = re.search(r"^#+ ", _blank_code(rest), flags=re.M)
    return rest[:following.start()] if following else rest


def _blank_code(markdown: str) -> str:
    """Fenced code blocks replaced by blank lines of the same length (positions kept)."""
    return re.sub(r"^```.*?^```", lambda m: re.sub(r"[^\n]", " ", m.group()), markdown, flags=re.S | re.M)


def slugs(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to hyphens, -1, -2… for
    repeats."""
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*#*$", _blank_code(markdown), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def _page_titles() -> list[str]:
    return re.findall(r"st\.Page\([^)]*title=\"([^\"]+)\"", _text(ROOT / "app.py"))


def _manual_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


# --- every command, template column, page, setting, make target -------------------------------------------

@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command):
    assert f"python -m otmodel {command}" in _text(DOCS / "commandes.md")
    assert f"\n## {command}\n" in _text(DOCS / "cli.md")


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_and_column_is_documented(template):
    section = _section(_text(DOCS / "fichiers.md"), f"`{TEMPLATES[template].filename}`")
    for column in TEMPLATES[template].columns:
        assert f"`{column.name}`" in section, f"docs/fichiers.md : colonne {column.name} de {template} non documentée"


def test_every_page_of_the_app_has_its_section():
    titles = _page_titles()
    assert "Synthèse" in titles and "Vote de la salle" in titles
    headings = re.findall(r"^## (.+)$", _blank_code(_text(DOCS / "pages.md")), flags=re.M)
    assert [t for t in titles if headings.count(t) != 1] == [], "docs/pages.md : une section « ## Titre » par page"


def test_every_setting_is_documented():
    sources = [*ROOT.glob("otmodel/**/*.py"), ROOT / "app.py", *ROOT.glob("views/*.py"), ROOT / "Makefile"]
    variables = {name for path in sources for name in re.findall(r"\bOTMODEL_[A-Z_]+\b", _text(path))}
    assert {"OTMODEL_DB", "OTMODEL_EDITOR_PASSWORD"} <= variables
    make_settings = set(re.findall(r"^(\w+) \?=", _text(ROOT / "Makefile"), flags=re.M))
    assert {"DB", "HOST"} <= make_settings
    settings = _text(DOCS / "demarrer.md")
    assert sorted(n for n in variables | make_settings if f"`{n}`" not in settings) == []


def test_every_make_target_is_in_the_readme():
    targets = set(re.findall(r"^([a-z]+):", _text(ROOT / "Makefile"), flags=re.M))
    assert {"run", "test", "docs"} <= targets
    readme = _text(README)
    assert sorted(t for t in targets if f"`make {t}" not in readme) == []


# --- the command-line reference is generated -----------------------------------------------------------------

def test_cli_reference_is_current():
    expected, written = cli_reference.render(), _text(cli_reference.REFERENCE)
    diff = "".join(list(difflib.unified_diff(written.splitlines(True), expected.splitlines(True),
                                             "docs/cli.md", "--help"))[:40])
    assert written == expected, f"docs/cli.md n'est plus à jour : lancez `{cli_reference.COMMAND}`.\n{diff}"


def test_cli_reference_follows_a_changed_help(monkeypatch):
    """The reference is the help: an option added to a command shows up in it (so the test above can fail)."""
    def with_new_option() -> argparse.ArgumentParser:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices["review"].add_argument("--format-nouveau", help="une option de plus")
        return parser

    monkeypatch.setattr(cli_reference, "build_parser", with_new_option)
    changed = cli_reference.render()
    review = _section(changed, "review")
    assert "--format-nouveau" in review and "une option de plus" in review
    assert changed != _text(cli_reference.REFERENCE)


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    assert cli_reference.render() == _text(cli_reference.REFERENCE)


# --- README: short, the two commands, the map of the repository ----------------------------------------------

def test_readme_gives_the_two_commands_and_stays_short():
    readme = _text(README)
    assert "`make run`" in readme and "`make test`" in readme and "OTMODEL_DB" in readme
    lines = len(readme.splitlines())
    assert lines <= README_MAX_LINES, f"README.md : {lines} lignes ; le détail va dans docs/"


def test_every_path_in_the_readme_map_exists():
    summary = _text(README).split("## English summary", 1)[1]
    block = re.search(r"```text\n(.*?)```", summary, flags=re.S).group(1)
    named = [line.split()[0] for line in block.splitlines() if line.strip()]
    assert "otmodel/" in named and "views/" in named
    assert [name for name in named if not (ROOT / name).exists()] == []


# --- links and images ----------------------------------------------------------------------------------------

def _links(markdown: str) -> list[str]:
    return re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", _without_code(markdown))


@pytest.mark.parametrize("page", _manual_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for link in _links(_text(page)):
        if re.match(r"[a-z]+:", link):
            continue  # http:, mailto:…: nothing is fetched, nothing to check here
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        if not path.exists():
            broken.append(f"{link} (fichier absent)")
        elif anchor and path.suffix == ".md" and anchor not in slugs(_text(path)):
            broken.append(f"{link} (aucun titre « #{anchor} »)")
    assert broken == [], f"{page.relative_to(ROOT)} : liens cassés {broken}"


def test_slugs_follow_github():
    markdown = ("# Le format d'un scénario (JSON)\n## Validation : tout ou rien\n### `structure.csv`\n"
                "```sh\n# pas un titre\n```\n## Exemple\n## Exemple\n## Exemple\n")
    assert slugs(markdown) == {"le-format-dun-scénario-json", "validation--tout-ou-rien", "structurecsv",
                               "exemple", "exemple-1", "exemple-2"}


def test_the_readme_shows_a_small_screenshot():
    images = [link for link in _links(_text(README)) if link.endswith(".png")]
    assert images, "README.md : une capture d'écran"
    for image in images:
        assert (ROOT / image).stat().st_size < SCREENSHOT_MAX_BYTES, f"{image} : à alléger (palette)"
