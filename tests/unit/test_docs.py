"""Docs are tested like code: README documents every template column and every command."""

import argparse

import pytest

from otmodel.cli.commands import build_parser
from otmodel.data.schema import TEMPLATES
from tests.fixtures import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command):
    assert f"python -m otmodel {command}" in README


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_and_column_is_documented(template):
    assert f"`{TEMPLATES[template].filename}`" in README
    section = README.split(f"`{TEMPLATES[template].filename}`", 1)[1].split("### ", 1)[0]
    for column in TEMPLATES[template].columns:
        assert f"`{column.name}`" in section, f"README: colonne {column.name} de {template} non documentée"


def test_readme_gives_the_two_commands():
    assert "`make run`" in README and "`make test`" in README
    assert "OTMODEL_DB" in README


def test_every_path_in_the_architecture_section_exists():
    section = README.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    tree = [line for line in section.splitlines() if line.startswith("    ")]
    folder = ""
    named = []
    for line in tree:
        first = line.split()[0]
        if line.startswith("      ") and not line.startswith("        "):
            named.append(f"{folder}{first}")
        elif not line.startswith("      "):
            folder = first if first.endswith("/") else ""
            named.append(first)
    assert "otmodel/data/" in named and "otmodel/db.py" in named
    missing = [name for name in named if not (ROOT / name).exists()]
    assert missing == []
