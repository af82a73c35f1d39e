"""The network commands: python -m otmodel reseau export | compare | demo.

Registered by otmodel.cli.commands; every refusal is a French message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from otmodel import db
from otmodel.errors import Refused
from otmodel.network import compare, demo, export, folder, settings
from otmodel.network.compare import Comparison


def cmd_export(args: argparse.Namespace) -> int:
    export.check_output(args.out)  # refused before the database is even opened
    with db.connect(args.db, read_only=True) as con:
        path = export.export(con, args.out)
    print(f"Fichier réseau écrit : {path}")
    return 0


def _describe(result: Comparison) -> list[str]:
    """The comparison as lines of text: the group, then one line per indicator."""
    group = result.group
    lines = [f"{result.offices} offices comparés en {result.year} ; {len(result.refused)} fichier(s) refusé(s)."]
    if result.office and group:
        lines.append(f"{result.office} — groupe : {group.label} ({group.size} offices).")
        if group.note:
            lines.append(group.note)
    for s in result.standings:
        if s.peers == 0:
            continue
        where = f" ; quartile {s.quartile}" if s.quartile else ""
        rank = f" ; rang {s.rank} sur {s.peers}" if s.rank else ""
        spread = f" [Q1 {s.indicator.text(s.q1)} – Q3 {s.indicator.text(s.q3)}]" if s.q1 is not None else ""
        value = f"{s.indicator.text(s.value)} ; " if result.office else ""
        lines.append(f"{s.indicator.label} : {value}médiane {s.indicator.text(s.median)}{spread}{where}{rank}")
    return lines


def cmd_compare(args: argparse.Namespace) -> int:
    network = folder.read_folder(args.dir)
    if network.offices.empty:
        reasons = "\n".join(f"  {r.file} : {r.reason}" for r in network.refused)
        raise Refused(f"Aucun fichier de « {args.dir} » n'a pu être comparé :\n{reasons}")
    result = compare.compare(network, args.office, args.annee, args.groupe)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    for refusal in result.refused:
        print(f"Refusé — {refusal.file} : {refusal.reason}")
    print("\n".join(_describe(result)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    written = demo.write_demo(args.dir)
    print(f"Réseau de démonstration écrit dans « {args.dir} » : {len(written)} fichiers (valeurs synthétiques, "
          f"voir {demo.README}).")
    return 0


def default_folder(database: str | Path) -> Path:
    """Where `make demo` puts the demo network: beside the database, in a folder « reseau »."""
    return Path(database).parent / "reseau"


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The `reseau` command and its actions (export, compare, demo)."""
    parent = command("reseau", None, "Le réseau des offices : exporter ses indicateurs, comparer un dossier de "
                                     "fichiers d'offices (médianes, quartiles, rangs), créer le réseau de "
                                     "démonstration.")
    actions = parent.add_subparsers(dest="action", required=True, metavar="ACTION")

    sub = actions.add_parser("export", help="écrire le fichier réseau de l'office (anonyme : aucun partenaire)",
                             description="Écrire le fichier réseau de l'office : son profil et ses indicateurs de "
                                         "l'année de référence, sans aucun nom, e-mail ni commentaire de partenaire.")
    sub.set_defaults(run=cmd_export)
    sub.add_argument("--db", default=str(db.default_path()), help="la base de l'office")
    sub.add_argument("--out", required=True, help="fichier à écrire (.parquet)")

    sub = actions.add_parser("compare", help="comparer les fichiers d'un dossier, pair à pair",
                             description="Lire un dossier de fichiers réseau (chaque fichier vérifié : les mauvais "
                                         "sont refusés avec leur raison, les autres comparés) et situer un office "
                                         "parmi ses pairs : médiane, quartiles, quartile et rang de chaque indicateur.")
    sub.set_defaults(run=cmd_compare)
    sub.add_argument("--dir", required=True, help="dossier des fichiers .parquet (sous-dossiers compris)")
    sub.add_argument("--office", help="l'office à situer, nommé comme dans sa structure")
    sub.add_argument("--groupe", choices=list(settings.GROUPS), default=settings.DEFAULT_GROUP,
                     help="groupe de pairs : " + " ; ".join(f"{code} = {label.lower()}"
                                                            for code, label in settings.GROUPS.items())
                          + f" (par défaut {settings.DEFAULT_GROUP})")
    sub.add_argument("--annee", type=int, help="année comparée (par défaut la dernière de l'office)")
    sub.add_argument("--json", action="store_true", help="résultat en JSON")

    sub = actions.add_parser("demo", help="écrire le réseau de démonstration (valeurs synthétiques)",
                             description="Écrire le réseau de démonstration : 40 offices fictifs sur cinq ans, aux "
                                         "valeurs synthétiques, et les fichiers des deux territoires de démonstration.")
    sub.set_defaults(run=cmd_demo)
    sub.add_argument("--dir", default=str(default_folder(db.default_path())),
                     help="dossier à écrire (par défaut « reseau » à côté de la base)")
