"""The command-line reference (docs/cli.md), written from the argparse parsers of `python -m otmodel`.

    make docs            # or: python -m tests.cli_reference

Every command's `--help`, verbatim, in a code block. tests/unit/test_docs.py regenerates it in memory and fails
when docs/cli.md differs, so the reference cannot go stale. The width is fixed (not the terminal's) so that the
file is the same on every machine.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from otmodel.cli.commands import build_parser

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"
COMMAND = "make docs"
WIDTH = 100

HEADER = f"""# Référence de la ligne de commande

<!-- Généré à partir de `--help` par tests/cli_reference.py : ne pas modifier à la main, lancer `{COMMAND}`. -->

L'aide de chaque commande, telle que l'affiche `python -m otmodel COMMANDE --help`. Les usages, les exemples et
le JSON que rendent les commandes sont expliqués dans [Ligne de commande](commandes.md).
"""


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    return dict(found.choices) if found else {}


def _help(parser: argparse.ArgumentParser) -> str:
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=WIDTH)
    return parser.format_help().rstrip()


def render() -> str:
    """The whole of docs/cli.md: the main help, then one section per command, in the order of the main help."""
    parser = build_parser()
    parts = [HEADER, "## python -m otmodel", "", "```text", _help(parser), "```"]
    for name, sub in _subcommands(parser).items():
        parts += ["", f"## {name}", "", "```text", _help(sub), "```"]
        for action, nested in _subcommands(sub).items():  # reseau export, reseau compare…
            parts += ["", f"### {name} {action}", "", "```text", _help(nested), "```"]
    return "\n".join(parts) + "\n"


def main() -> None:
    REFERENCE.write_text(render(), encoding="utf-8")
    print(f"Écrit : {REFERENCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
