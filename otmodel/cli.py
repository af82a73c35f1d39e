"""The command line: python -m otmodel COMMAND …

Exit status: 0 done, 2 refused (bad file, bad scenario, locked or missing database), with a French
message on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from otmodel import db, demo, engine, importer, scenario_store
from otmodel.engine import MissingDataError
from otmodel.report import describe
from otmodel.scenario import Scenario, ScenarioError
from otmodel.templates import TEMPLATES, TemplateError

REFUSED = 2


class CommandError(Exception):
    """A refusal to explain to the user (French), exit status 2."""


def _open(path: str, read_only: bool = False):
    try:
        return db.connect(path, read_only=read_only)
    except db.DatabaseError as exc:
        raise CommandError(str(exc)) from exc


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists():
        if not args.force:
            raise CommandError(f"La base « {path} » existe déjà. Ajoutez --force pour la remplacer.")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    con = _open(str(path))
    try:
        if args.demo != "none":
            folder = demo.generate(args.demo)
            for summary in importer.import_folder(con, folder):
                print(summary)
    finally:
        con.close()
    print(f"Base créée : {path} (démo : {args.demo}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.kind not in TEMPLATES:
        raise CommandError(f"Modèle inconnu « {args.kind} ». Modèles : {', '.join(TEMPLATES)}.")
    source = Path(args.file)
    if not source.is_file():
        raise CommandError(f"Fichier introuvable : {source}")
    con = _open(args.db)
    try:
        print(importer.import_file(con, args.kind, source))
    finally:
        con.close()
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    con = _open(args.db, read_only=True)
    try:
        print(describe(con))
    finally:
        con.close()
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    con = _open(args.db, read_only=True)
    try:
        chosen = scenario_store.resolve(con, args.scenario)
        facts = engine.load_facts(con)
        result = engine.apply(facts, chosen).to_json()
        result["baseline"] = {"totals": engine.apply(facts, Scenario()).totals.to_json()}
    finally:
        con.close()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m otmodel",
        description="otmodel : repenser les services aux partenaires d'un office de tourisme.")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    sub = command("init", cmd_init, "Créer une base, vide ou avec un territoire de démonstration.")
    sub.add_argument("--db", required=True, help="fichier de la base DuckDB à créer")
    sub.add_argument("--demo", choices=[*demo.DEMOS, "none"], default="none")
    sub.add_argument("--force", action="store_true", help="remplacer la base si elle existe")

    sub = command("import", cmd_import, "Importer un fichier modèle (CSV ; séparateur « ; »).")
    sub.add_argument("kind", metavar="KIND", help=f"modèle : {', '.join(TEMPLATES)}")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--db", default=str(db.default_path()))

    sub = command("info", cmd_info, "Décrire une base : structure, année, objectif, lignes par table.")
    sub.add_argument("--db", default=str(db.default_path()))

    sub = command("evaluate", cmd_evaluate, "Évaluer un scénario (fichier JSON ou nom d'un scénario enregistré).")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--scenario", required=True, help="fichier JSON ou nom d'un scénario enregistré")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CommandError, TemplateError, ScenarioError, MissingDataError, db.DatabaseError) as exc:
        print(str(exc), file=sys.stderr)
        return REFUSED
