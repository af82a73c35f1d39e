"""Data commands of the command line: import (with mappings), export, backup, restore, mappings.

Registered by otmodel.cli; every refusal is a French message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import duckdb

from otmodel import db
from otmodel.data import backup, exports, importer, lists, mapping
from otmodel.data.schema import TEMPLATES
from otmodel.data.validation import grouped
from otmodel.errors import Refused
from otmodel.scenarios import results

ABSENT_KEEP, ABSENT_FORMER = "garder", lists.FORMER

def _mapping(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> mapping.Mapping | None:
    """The saved (or JSON file) mapping named by --mapping, completed by --map/--set/--values."""
    given = mapping.Mapping(args.kind, mapping.parse_pairs(args.map, "--map"), mapping.parse_pairs(args.set, "--set"),
                            mapping.parse_values(args.values), mapping.parse_columns(args.id_from),
                            mapping.parse_keep(args.keep))
    if not args.mapping:
        return None if given.is_empty() else given
    path = Path(args.mapping)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            saved = mapping.Mapping.from_json(json.loads(path.read_text(encoding="utf-8-sig")))
        except ValueError as exc:
            raise Refused(f"Correspondance « {path} » illisible : {exc}") from exc
    else:
        saved = mapping.load(con, args.mapping)
    if saved.template != args.kind:
        raise Refused(f"La correspondance « {args.mapping} » est faite pour le modèle {saved.template}, "
                               f"pas {args.kind}.")
    return saved.merged(given)


@contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """A file the command writes: a system error (folder missing, no permission) becomes a refusal."""
    try:
        yield
    except OSError as exc:
        raise Refused(f"Impossible d'écrire « {path} » : {exc.strerror}. Vérifiez le dossier et les droits.") from exc


def cmd_import(args: argparse.Namespace) -> int:
    if args.kind not in TEMPLATES:
        raise Refused(f"Modèle inconnu « {args.kind} ». Modèles : {', '.join(TEMPLATES)}.")
    source = Path(args.file)
    if not source.is_file():
        raise Refused(f"Fichier introuvable : {source}")
    with db.connect(args.db) as con:
        chosen = _mapping(con, args)
        summary = importer.import_file(
            con, args.kind, source, mapping=chosen, sheet=args.sheet, dry_run=args.dry_run,
            valid_rows_only=args.valid_rows_only, author=args.author,
            mapping_name=args.save_mapping or args.mapping, mark_absent=args.absent == ABSENT_FORMER)
        if args.save_mapping and chosen and not summary.dry_run:
            # « auto » is saved as the columns it chose, so that next year builds the same identifiers.
            mapping.save(con, args.save_mapping, replace(chosen, id_from=summary.id_from))
            print(f"Correspondance enregistrée sous le nom « {args.save_mapping} ».")
    print(summary.description)
    if summary.id_from:
        print(f"Identifiant construit à partir de : {' + '.join(summary.id_from)}.")
    if summary.ignored:
        print(f"Colonnes ignorées : {', '.join(summary.ignored)}.")
    print(summary)
    if summary.changes is not None and not summary.changes.absent.empty:
        _report_absent(summary.changes)
    if summary.rejected_cells is not None:
        _report_rejects(summary, Path(args.rejects) if args.rejects else Path(f"{source.stem}_a_corriger.csv"),
                        summary.dry_run)
    return 0


def _report_absent(changes: lists.ListChanges, shown: int = 20) -> None:
    """The businesses the list no longer holds, and how to mark them « ancien » if they were not."""
    absent = changes.absent
    names = [f"{row.nom} ({row.commune or 'commune inconnue'}, {row.id})" for row in absent.head(shown).itertuples()]
    more = f" … et {len(absent) - shown} autre(s)" if len(absent) > shown else ""
    print(f"Plus dans la liste « {changes.name} » : {' ; '.join(names)}{more}.")
    if not changes.marked:
        print(f"Rien n'est supprimé. Pour les marquer « {lists.FORMER} », relancez l'import avec "
              f"--absent {ABSENT_FORMER}.")


def _report_rejects(summary: importer.ImportSummary, path: Path, dry_run: bool) -> None:
    if summary.rejected:
        print(f"{summary.rejected} ligne(s) rejetée(s) :", file=sys.stderr)
    if summary.duplicates:
        print(f"{summary.duplicates} doublon(s) probable(s) mis de côté (identifiant construit déjà pris par une "
              "ligne précédente) :", file=sys.stderr)
    for line in grouped(summary.problems):
        print(f"  - {line}", file=sys.stderr)
    if dry_run:
        return
    with writing(path):
        path.write_bytes(exports.to_csv_bytes(summary.rejected_cells))
    print(f"Lignes mises de côté enregistrées dans {path} (colonne « problemes » : pourquoi).", file=sys.stderr)
    if summary.rejected:
        print("Corrigez les lignes rejetées puis importez ce fichier.", file=sys.stderr)
    if summary.duplicates:
        print("Un doublon probable ne se réimporte pas tel quel : si c'est la même entreprise, il n'y a rien à faire ; "
              "sinon ajoutez une colonne à l'identifiant (--id-from) et importez à nouveau tout le fichier.",
              file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    with db.connect(args.db) as con, writing(args.out):
        out = exports.write(results.frames_for(con, args.kind, include_emails=args.emails), args.out)
    print(f"Export écrit : {out}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with db.connect(args.db) as con, writing(args.out):
        manifest = backup.backup(con, args.out)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Sauvegarde écrite : {args.out} ({len(manifest['tables'])} tables, {rows} lignes, "
          f"schéma version {manifest['schema_version']}).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with db.connect(args.db) as con:
        manifest = backup.restore(con, args.file)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"Base restaurée depuis {args.file} ({rows} lignes, sauvegarde du {manifest.get('created_at')}).")
    return 0


def cmd_mappings(args: argparse.Namespace) -> int:
    with db.connect(args.db) as con:
        if args.delete:
            mapping.delete(con, args.delete)
            print(f"Correspondance « {args.delete} » supprimée.")
        elif args.show:
            print(json.dumps(mapping.load(con, args.show).to_json(), ensure_ascii=False, indent=2))
        else:
            for name in mapping.names(con):
                print(f"{name} ({mapping.load(con, name).template})")
    return 0


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the data commands on the main parser (`command(name, run, help)` → subparser)."""
    sub = command("import", cmd_import, "Importer un fichier CSV ou Excel (.xlsx) dans un modèle, avec une "
                  "correspondance de colonnes si c'est un fichier étranger (export Tourinsoft, formulaire…).")
    sub.add_argument("kind", metavar="KIND", help=f"modèle : {', '.join(TEMPLATES)}")
    sub.add_argument("file", metavar="FILE", help="fichier .csv ou .xlsx")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--sheet", help="feuille du classeur Excel (par défaut : celle qui ressemble le plus au modèle)")
    sub.add_argument("--map", help="colonnes : colonne_modèle=colonne_source,… "
                     "(ex. id=SyndicObjectID,nom=SyndicObjectName)")
    sub.add_argument("--set", help="constantes : colonne_modèle=valeur,… (ex. statut=non_partenaire)")
    sub.add_argument("--values", action="append", metavar="COL:SOURCE=CODE;…",
                     help="valeurs : filiere:Hôtellerie=hebergement;Restauration=restauration (répétable)")
    sub.add_argument("--id-from", metavar="COL1,COL2",
                     help="construire l'identifiant à partir de ces colonnes du fichier, quand il n'en a pas "
                          "(ex. \"NOM COMMERCIAL,CODE POSTAL\" ; auto : SIRET, sinon nom + code postal ou commune)")
    sub.add_argument("--keep", action="append", metavar="COL=MOTIF",
                     help="garder seulement les lignes dont la colonne correspond au motif, * = n'importe quelle "
                          "suite (ex. \"CODE POSTAL=40*\" ; code postal complété à 5 chiffres ; répétable : même "
                          "colonne = ou, autre colonne = et)")
    sub.add_argument("--absent", choices=[ABSENT_KEEP, ABSENT_FORMER], default=ABSENT_KEEP,
                     help="entreprises qu'une liste suivie d'une année sur l'autre ne contient plus : les garder "
                          "telles quelles (défaut) ou les marquer « ancien » ; jamais supprimées")
    sub.add_argument("--mapping", help="nom d'une correspondance enregistrée (ou fichier .json)")
    sub.add_argument("--save-mapping", metavar="NOM", help="enregistrer la correspondance sous ce nom après l'import")
    sub.add_argument("--dry-run", action="store_true", help="tout vérifier et résumer, sans rien écrire")
    sub.add_argument("--valid-rows-only", action="store_true",
                     help="importer les lignes valides et écrire les autres dans un fichier à corriger")
    sub.add_argument("--rejects", help="fichier des lignes rejetées (défaut : NOM_a_corriger.csv)")
    sub.add_argument("--author", help="nom inscrit dans l'historique des imports")

    sub = command("export", cmd_export, "Exporter une table, toutes les tables (all, en .xlsx) ou les résultats "
                  "d'un scénario (scenario:NOM) en CSV (Excel français) ou XLSX.")
    sub.add_argument("kind", metavar="KIND", help=f"table ({', '.join(exports.EXPORTABLE)}), all ou scenario:NOM")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--out", required=True, help="fichier .csv ou .xlsx")
    sub.add_argument("--emails", action="store_true", help="inclure les e-mails des partenaires (données personnelles)")

    sub = command("backup", cmd_backup, "Sauvegarder toute la base dans un fichier .zip.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--out", required=True, help="fichier .zip à écrire")

    sub = command("restore", cmd_restore, "Restaurer toute la base depuis une sauvegarde .zip (remplace tout).")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--db", default=str(db.default_path()))

    sub = command("mappings", cmd_mappings, "Lister, montrer ou supprimer les correspondances enregistrées.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--show", metavar="NOM")
    sub.add_argument("--delete", metavar="NOM")
