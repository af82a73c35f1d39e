"""The command line: python -m otmodel COMMAND …

Exit status: 0 done, 2 refused (bad file, bad scenario, locked or missing database), with a French
message on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from otmodel import db, vocab
from otmodel import format as fmt
from otmodel.cli.data import add_commands as add_data_commands
from otmodel.cli.network import add_commands as add_network_commands
from otmodel.cli.serve import add_command as add_serve_command
from otmodel.data.summary import describe
from otmodel.data.validation import read_template
from otmodel.demo import loading, territories
from otmodel.errors import Refused
from otmodel.followup import progress
from otmodel.listening import pricing
from otmodel.model import engine, risk, trajectory
from otmodel.portfolio import review
from otmodel.presentation import guide_document, report
from otmodel.scenarios import store

REFUSED = 2


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if args.force and path.exists():
        db.check_not_held(path)
    if args.demo == "none":
        if path.exists() and not args.force:
            raise Refused(f"La base « {path} » existe déjà. Ajoutez --force pour la remplacer.")
        path.unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)
        db.connect(path).close()
    else:
        installed = loading.create(path, args.demo, replace=args.force)
        for summary in installed.summaries:
            print(summary)
        print(f"scénarios enregistrés : {len(installed.scenarios)} ({' ; '.join(installed.scenarios)})")
    print(f"Base créée : {path} (démo : {args.demo}).")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with db.connect(args.db, read_only=True) as con:
        print(describe(con))
    return 0


def _positive(text: str) -> int:
    """An argument that must be a whole number ≥ 1 (draws, years)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"un entier supérieur ou égal à 1 est attendu (reçu : {text!r})")
    return value


def cmd_evaluate(args: argparse.Namespace) -> int:
    with db.connect(args.db, read_only=True) as con:
        chosen = store.resolve(con, args.scenario)
        facts = engine.load_facts(con)
    result = engine.apply(facts, chosen).to_json()
    result["baseline"] = {"totals": engine.apply(facts, chosen.baseline()).totals.to_json()}
    if args.simulate is not None:
        result["simulation"] = risk.simulate(facts, chosen, args.simulate, args.seed).to_json()
    if args.years is not None:
        result["trajectory"] = trajectory.trajectory(facts, chosen, args.years).to_json()
    if args.tornado:
        result["tornado"] = [bar.to_json() for bar in risk.tornado(facts, chosen).bars]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    report.check_output(args.out)  # refused before the database is even opened
    with db.connect(args.db, read_only=True) as con:
        path = report.write(con, args.scenario, args.out, partner_names=args.partner_names)
    print(f"Rapport écrit : {path}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    report.check_output(args.out)  # refused before the database is even opened
    with db.connect(args.db, read_only=True) as con:
        path = guide_document.write(con, args.scenario, args.out, year=args.year)
    print(f"Guide des partenaires écrit : {path}")
    return 0


def _date(text: str) -> dt.date:
    """A date typed the French way (jj/mm/aaaa) or ISO (aaaa-mm-jj)."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"date attendue au format jj/mm/aaaa (reçu : {text!r})")


def cmd_suivi(args: argparse.Namespace) -> int:
    with db.connect(args.db, read_only=True) as con:
        try:
            found = progress.follow(con, args.year, args.as_of)
        except duckdb.CatalogException as exc:  # a base made by an older otmodel, opened read-only (not migrated)
            raise Refused(f"La base « {args.db} » n'a pas encore les tables du suivi : ouvrez-la une fois avec "
                          "l'application (ou importez un fichier) pour la mettre à jour.") from exc
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        return 0
    t = found.totals
    print(f"Suivi de « {found.scenario} » appliqué depuis {found.year}, chiffres au {found.as_of:%d/%m/%Y} "
          f"({found.as_of_source}) ; projection {vocab.PROJECTION_RULES[found.rule]}.")
    print(f"Recettes : prévues {fmt.euros(t.planned_revenue)}, à date {fmt.euros(t.actual_revenue)}, "
          f"projetées {fmt.euros(t.projected_revenue)} ; écart projeté à l'objectif "
          f"{fmt.signed_euros(t.projected_gap)}.")
    for row in found.offers[found.offers["behind"]].itertuples():
        print(f"En retard — {row.offer} {row.name} : {row.reason}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    try:  # the bench is a tool beside the product (tools/): only a checkout of the repository has it
        from tools import bench
    except ImportError as exc:
        raise Refused("Les mesures (tools/bench.py) accompagnent le dépôt : lancez cette commande depuis sa racine "
                      "(make bench).") from exc

    scale = (args.partners, args.offers, args.years)
    if any(v is not None for v in scale) and not all(v is not None and v > 0 for v in scale):
        raise Refused("--partners, --offers et --years vont ensemble, avec des nombres positifs "
                      "(ex. --partners 100000 --offers 60 --years 5).")
    if args.start:
        figures = bench.double_click(runs=args.runs or 3)
    elif args.vote is not None:
        if args.vote < 1:
            raise Refused("--vote : donnez le nombre de téléphones qui votent, au moins 1 (ex. --vote 30).")
        figures = bench.vote_room(args.vote)
    elif args.browser:
        figures = bench.browser(runs=args.runs or 20, sessions=args.sessions,
                                scale=scale if args.partners is not None else None)
    elif args.partners is not None:
        figures = bench.region(args.partners, args.offers, args.years, runs=args.runs or 30)
    else:
        figures = bench.run(only=args.only, runs=args.runs or 30, offices=args.offices)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


def _survey_rows(args: argparse.Namespace, template_name: str):
    """The answers of one offer, from a template file or from the database (--db), and the territory's
    businesses per filière when the analysis is weighted (--weights filiere)."""
    if args.weights and not args.db:
        raise Refused("--weights filiere lit les filières des répondants et celles du territoire dans la base : "
                      "ajoutez --db FICHIER.")
    if args.file:
        source = Path(args.file)
        if not source.is_file():
            raise Refused(f"Fichier introuvable : {source}")
        answers = pricing.choose_offer(read_template(template_name, source), args.offer)
        if not args.weights:
            return answers, None
        with db.connect(args.db, read_only=True) as con:
            sectors = dict(con.execute("SELECT id, filiere FROM partenaires").fetchall())
            return answers.assign(filiere=answers["partenaire_id"].map(sectors)), pricing.territory_by_sector(con)
    if not args.db:
        raise Refused(f"Donnez un fichier {template_name}.csv ou une base avec --db FICHIER.")
    with db.connect(args.db, read_only=True) as con:
        answers = _answers_in_database(con, args, template_name)
        return answers, pricing.territory_by_sector(con) if args.weights else None


def _answers_in_database(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, template_name: str):
    try:
        offers = [row[0] for row in pricing.offers_with_answers(con, template_name)]
        offer = args.offer or (offers[0] if len(offers) == 1 else None)
        if offer is None:
            raise Refused(f"Précisez l'offre avec --offer. Offres ayant des réponses : "
                          f"{', '.join(offers) or 'aucune'}.")
        loader = pricing.price_answers if template_name == "prix_acceptables" else pricing.acceptance_answers
        return pricing.choose_offer(loader(con, offer), offer)
    except duckdb.CatalogException as exc:  # a base created by an older otmodel, opened read-only (not migrated)
        raise Refused(f"La base « {args.db} » n'a pas encore la table {template_name} : ouvrez-la une fois "
                      "avec l'application (ou importez un fichier) pour la mettre à jour.") from exc


def _calibration(values: list[str] | None) -> pricing.Calibration:
    """--calibration P5 P4 P3 P2 P1 [P_TROP_BON_MARCHE P_TROP_CHER], each read the French way (« 0,7 »)."""
    if values is None:
        return pricing.DEFAULT_CALIBRATION
    if len(values) not in (5, 7):
        raise Refused(f"--calibration attend 5 probabilités (réponses 5, 4, 3, 2, 1), ou 7 avec celles des prix "
                      f"trop bon marché et trop cher ; reçu : {len(values)}.")
    read = [fmt.read_number(v, f"--calibration (valeur {i})", low=0, high=1) for i, v in enumerate(values, 1)]
    extremes = {"too_cheap": read[5], "too_expensive": read[6]} if len(read) == 7 else {}
    return pricing.Calibration(by_answer=tuple(reversed(read[:5])), **extremes)


def cmd_psm(args: argparse.Namespace) -> int:
    answers, territory = _survey_rows(args, "prix_acceptables")
    options = {"definition": args.definition, "interpolate": not args.no_interpolate,
               "calibration": _calibration(args.calibration)}
    result = pricing.van_westendorp(answers, territory=territory, **options)
    unweighted = pricing.van_westendorp(answers, **options) if territory is not None else None
    for note in result.notes:
        print(note, file=sys.stderr)
    if args.json:
        out = result.to_json()
        if unweighted is not None:
            out["unweighted"] = unweighted.figures()
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"Réponses retenues : {result.n_valid}, écartées : {result.n_invalid}")
    for name, label in pricing.FIGURE_LABELS.items():
        if name in result.figures():
            print(f"{label} : {pricing.format_point(result.figures()[name])}")
    if result.intent is not None:
        print(f"Intention d'achat : {result.intent.n} répondants ; étalonnage {result.intent.calibration.describe()}")
    if unweighted is not None:
        print(f"Pondéré par filière : {result.weights.describe()}")
        for label, before, after in pricing.weighting_shifts(result, unweighted):
            print(f"  {label} sans pondération : {pricing.format_point(before)} (pondéré : "
                  f"{pricing.format_point(after)})")
    return 0


def cmd_gabor_granger(args: argparse.Namespace) -> int:
    answers, territory = _survey_rows(args, "reponses_prix")
    result = pricing.gabor_granger(answers, territory=territory)
    if args.json:
        out = result.to_json()
        if territory is not None:
            plain = pricing.gabor_granger(answers)
            out["unweighted"] = {"acceptance": plain.to_json()["acceptance"], "best_price": plain.best_price}
        print(json.dumps(out, ensure_ascii=False))
    else:
        for row in result.table.to_dict("records"):
            print(f"{pricing.format_point(row['price'])} : {fmt.percent(row['acceptance'], 0)} d'acceptation, "
                  f"indice de recettes {fmt.number(row['revenue'], 1)}")
        print(f"Prix qui maximise les recettes : {pricing.format_point(result.best_price)}")
        if result.weights is not None:
            print(f"Pondéré par filière : {result.weights.describe()}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with db.connect(args.db, read_only=True) as con:
        try:
            found = review.review(con)
        except duckdb.CatalogException as exc:  # a base made by an older otmodel, opened read-only (not migrated)
            raise Refused(f"La base « {args.db} » n'a pas encore les tables de la revue : ouvrez-la une fois avec "
                          "l'application (ou importez un fichier) pour la mettre à jour.") from exc
    if args.json:
        print(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2))
    else:
        for s in found:
            print(f"{s.offer} — {s.name} : {vocab.DECISIONS[s.suggestion]}")
            for reason in s.reasons:
                print(f"    {reason}")
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
    sub.add_argument("--demo", choices=[*territories.DEMOS, "none"], default="none")
    sub.add_argument("--force", action="store_true", help="remplacer la base si elle existe")

    add_data_commands(command)

    sub = command("info", cmd_info, "Décrire une base : structure, année, objectif, lignes par table.")
    sub.add_argument("--db", default=str(db.default_path()))

    sub = command("evaluate", cmd_evaluate, "Évaluer un scénario (fichier JSON ou nom d'un scénario enregistré).")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--scenario", required=True, help="fichier JSON ou nom d'un scénario enregistré")
    sub.add_argument("--simulate", type=_positive, nargs="?", const=risk.DEFAULT_DRAWS, metavar="N",
                     help=f"simulation de Monte Carlo en N tirages (par défaut {risk.DEFAULT_DRAWS})")
    sub.add_argument("--seed", type=int, default=risk.DEFAULT_SEED,
                     help=f"graine des tirages (par défaut {risk.DEFAULT_SEED}) : mêmes chiffres à chaque fois")
    sub.add_argument("--years", type=_positive, nargs="?", const=trajectory.DEFAULT_YEARS, metavar="K",
                     help=f"trajectoire sur K années (par défaut {trajectory.DEFAULT_YEARS})")
    sub.add_argument("--tornado", action="store_true", help="sensibilité : les 12 entrées qui pèsent le plus")

    sub = command("report", cmd_report, "Écrire la présentation aux élus en un fichier HTML autonome ou PDF.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--scenario", required=True, action="append",
                     help="nom d'un scénario enregistré ou fichier JSON (répétable, 3 au plus)")
    sub.add_argument("--out", required=True, help="fichier à écrire : .html ou .pdf")
    sub.add_argument("--partner-names", action="store_true",
                     help="citer les partenaires par leur nom (anonymes par défaut ; jamais d'e-mail)")

    sub = command("guide", cmd_guide, "Écrire le guide des partenaires (services par sphère, descriptions, prix "
                                       "après les décisions du scénario) en un fichier HTML autonome ou PDF A4.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--scenario", help="nom d'un scénario enregistré ou fichier JSON (par défaut : le scénario "
                                        "appliqué, sinon le scénario retenu)")
    sub.add_argument("--out", required=True, help="fichier à écrire : .html ou .pdf")
    sub.add_argument("--year", type=_positive, help="année du guide (par défaut : l'année d'application du "
                                                    "scénario, sinon l'année qui suit les données)")

    sub = command("suivi", cmd_suivi, "Suivre l'année du scénario appliqué : prévu, réalisé à date, projection de "
                                      "fin d'année, écart projeté à l'objectif, offres en retard.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--json", action="store_true", help="résultat en JSON")
    sub.add_argument("--year", type=_positive, help="année d'application suivie (par défaut : la dernière)")
    sub.add_argument("--as-of", type=_date, metavar="JJ/MM/AAAA",
                     help="date des chiffres (par défaut : la dernière souscription datée de l'année)")

    add_serve_command(command)
    add_network_commands(command)

    sub = command("review", cmd_review, "Revue annuelle des offres : indicateurs, décision suggérée et ses raisons.")
    sub.add_argument("--db", default=str(db.default_path()))
    sub.add_argument("--json", action="store_true", help="résultat en JSON")

    sub = command("bench", cmd_bench, "Mesurer les temps de calcul (démo destination) : un objet JSON de chiffres.")
    sub.add_argument("--runs", type=int, help="répétitions par mesure (médiane) : 30 par défaut, 20 avec --browser")
    sub.add_argument("--only", action="append", metavar="MESURE", help="ne lancer que cette mesure (répétable)")
    sub.add_argument("--partners", type=int, help="région synthétique : nombre d'entreprises (avec --offers, --years)")
    sub.add_argument("--offers", type=int, help="région synthétique : nombre d'offres")
    sub.add_argument("--years", type=int, help="région synthétique : années de souscriptions")
    sub.add_argument("--browser", action="store_true",
                     help="dans Chromium, sur la démo destination (ou la région de --partners …) : changement "
                          "de prix, premier chargement de chaque page, enregistrements simultanés")
    sub.add_argument("--sessions", type=int, default=10, help="--browser : sessions qui enregistrent à la fois")
    sub.add_argument("--start", action="store_true",
                     help="du double-clic sur otmodel.command (bash, .venv prêt) au navigateur puis à la page "
                          "Synthèse affichée : premier démarrage (la base de démonstration créée) et suivants")
    sub.add_argument("--offices", type=_positive, default=2000,
                     help="réseau d'offices comparé par la mesure « reseau » (2 000 par défaut, sur 5 ans)")
    sub.add_argument("--vote", type=int, metavar="N",
                     help="dans Chromium : N téléphones votent à la fois (vote de la salle) ; chaque vote enregistré "
                          "une fois, temps jusqu'à la confirmation et jusqu'aux résultats de l'animateur")

    for name, run, template_name, help_text in (
            ("psm", cmd_psm, "prix_acceptables",
             "Prix acceptables (Van Westendorp) d'une offre : OPP, IDP, PMC, PME ; avec les intentions d'achat "
             "(Newton–Miller–Smith), le prix qui touche le plus de partenaires et celui qui rapporte le plus."),
            ("gabor-granger", cmd_gabor_granger, "reponses_prix",
             "Courbe d'acceptation (Gabor–Granger) d'une offre : acceptation, recettes, élasticité, meilleur prix.")):
        sub = command(name, run, help_text)
        sub.add_argument("file", metavar="FILE", nargs="?", help=f"fichier {template_name}.csv (ou --db)")
        sub.add_argument("--db", help="lire les réponses dans cette base plutôt que dans un fichier")
        sub.add_argument("--offer", help="identifiant de l'offre (obligatoire si plusieurs offres)")
        sub.add_argument("--json", action="store_true", help="résultat en JSON")
        sub.add_argument("--weights", choices=["filiere"],
                         help="pondérer chaque répondant par sa filière : part dans le territoire / part parmi "
                              "les répondants (avec --db)")
        if name == "psm":
            sub.add_argument("--calibration", nargs="+", metavar="P",
                             help="intention d'achat : probabilité des réponses 5, 4, 3, 2, 1 (0,7 0,5 0,3 0,1 0 "
                                  "par défaut), puis facultativement aux prix trop bon marché et trop cher (0 0)")
            sub.add_argument("--definition", default="original",
                             help="plage de prix acceptables : original (par défaut) ou narrower")
            sub.add_argument("--no-interpolate", action="store_true",
                             help="croisements sur les prix de la grille, sans interpolation linéaire")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return REFUSED
