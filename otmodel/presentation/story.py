"""The story told to elected officials, in five sections, built once and shown three ways (the Présentation
page, the HTML report, the PDF report) so that the figures are the same everywhere.

The sections follow the network's advice for convincing elected officials: the structure's role in the
territory project, tangible data built with method, and the support of the partners.
Every figure is already formatted the French way; every text that comes from users (scenario names,
decisions, comments, the director's texts) is kept as plain text, for the renderers to escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from otmodel import format as fmt
from otmodel import vocab
from otmodel.listening import pricing, survey
from otmodel.model import engine, risk
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import DEFAULT_SCENARIO_NAME, TARGET_BASES, Scenario
from otmodel.overview import figures as overview
from otmodel.presentation.bars import Bar, BarChart
from otmodel.presentation.settings import SECTIONS, Settings
from otmodel.presentation.vote import Results
from otmodel.scenarios import tables
from otmodel.scenarios.store import SavedScenario

GLOSSARY: dict[str, str] = {
    "Sphère": "la place d'un service dans l'offre : service public (gratuit pour toutes les entreprises), socle "
              "partenaire (ce que tout partenaire reçoit), à la carte, ou premium.",
    "Socle": "le pack de base qu'une entreprise partenaire achète pour être visible et accompagnée.",
    "Élasticité": "de combien les souscriptions baissent quand le prix monte : avec 0,5, une hausse de 10 % du prix "
                  "fait perdre environ 5 % des souscripteurs.",
}
TOP_NEEDS = 5
PRICE_OFFERS = 3
COMMENTS = 2
ALIGNED = 2  # alignement (0 to 3) from which a service serves the territory project


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""  # what the figure counts, when a reader could take it for another page's figure


@dataclass(frozen=True)
class Table:
    """A small table (at most four scenario columns): a header and rows of formatted cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    key: str  # a key of settings.SECTIONS
    number: int
    title: str
    lead: str  # the one sentence to remember
    figures: tuple[KeyFigure, ...] = ()
    charts: tuple[BarChart, ...] = ()
    table: Table | None = None
    points: tuple[str, ...] = ()  # plain sentences (may quote user text)
    quote: str = ""  # user text shown as such: the retained scenario's decision
    text: str = ""  # the director's text for this section


@dataclass(frozen=True)
class Shown:
    """A scenario of the story: its evaluation, its saved record (None for a scenario file) and its chance
    of reaching the target (None until the risk analysis gives one)."""

    name: str
    evaluation: Evaluation
    record: SavedScenario | None = None
    probability: float | None = None


@dataclass(frozen=True)
class Story:
    structure: str
    year: int
    made_on: date
    sections: tuple[Section, ...]
    retained: str | None
    glossary: dict[str, str] = field(default_factory=lambda: dict(GLOSSARY))

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def probability_of_target(facts: Facts, scenario: Scenario) -> float | None:
    """The share of the risk analysis' simulations that reach the target; None when the scenario has no range
    (its result does not vary: a « 100 % » would only restate the gap)."""
    simulation = risk.simulate(facts, scenario)
    return simulation.probability() if simulation.inputs else None


def compared(totals: engine.Totals) -> float:
    """The figure the target applies to: the result or the revenue."""
    return totals.margin if totals.target_basis == "margin" else totals.revenue


def gap_sentence(totals: engine.Totals) -> str:
    """« objectif atteint (+1 076 €) » / « il manque 23 771 € »."""
    if totals.gap >= 0:
        return f"objectif atteint ({fmt.signed_euros(totals.gap)})"
    return f"il manque {fmt.euros(-totals.gap)}"


def target_chart(title: str, rows: list[tuple[str, engine.Totals]]) -> BarChart:
    """The compared figure of each row against the target; the current situation dotted."""
    first = rows[0][1]
    bars = tuple(Bar(name, compared(t), f"{fmt.euros(compared(t))} · {gap_sentence(t)}",
                     "current" if name == DEFAULT_SCENARIO_NAME else ("reached" if t.gap >= 0 else "missed"))
                 for name, t in rows)
    return BarChart(title, bars, first.target_amount, f"Objectif {fmt.euros(first.target_amount)}")


# --- the five sections -------------------------------------------------------------------------------


def territory(con: duckdb.DuckDBPyConnection, facts: Facts, current: Evaluation) -> Section:
    offers = current.offers[current.offers["active"]]  # the offers proposed today (engine.catalogue_counts)
    planned = engine.catalogue_counts(facts.offers)[1]
    universe = int(facts.universe.sum())
    partners = int(con.execute("SELECT count(*) FROM partenaires WHERE statut = 'partenaire'").fetchone()[0])
    aligned = int((offers["alignement"] >= ALIGNED).sum())
    free_reached = overview.free_service_beneficiaries(con, facts.year)
    bars = []
    for code, label in vocab.SPHERES.items():
        part = offers[offers["sphere"] == code]
        if len(part):
            money = "gratuits" if part["revenue"].sum() < 0.5 else fmt.euros(part["revenue"].sum())
            bars.append(Bar(label, float(len(part)), f"{len(part)} services · {money}", "neutral"))
    return Section(
        "territoire", 1, SECTIONS["territoire"],
        f"{facts.structure['nom']} propose {len(offers)} services aux {fmt.number(universe)} entreprises du "
        f"territoire ; {fmt.number(partners)} en sont partenaires.",
        figures=(KeyFigure("Entreprises du territoire", fmt.number(universe)),
                 KeyFigure("Partenaires", fmt.number(partners)),
                 KeyFigure("Couverture service public", fmt.percent(current.totals.public_coverage, 0)),
                 KeyFigure("Services alignés sur le projet", f"{aligned} sur {len(offers)}",
                           f"Les services proposés aujourd'hui ; {planned} autre(s) à créer." if planned else "")),
        charts=(BarChart("Les services par sphère", tuple(bars)),),
        points=(f"{fmt.number(free_reached)} entreprises ont bénéficié d'au moins un service gratuit en {facts.year}.",
                "Un service est « aligné » quand il sert directement le projet de territoire (note de 2 ou 3 sur 3)."))


def _prices_heard(con: duckdb.DuckDBPyConnection, current: Evaluation) -> list[str]:
    """Willingness to pay: the acceptable price range of the offers with the most answers."""
    names = current.offers.set_index("id")
    found = sorted(pricing.offers_with_answers(con, "prix_acceptables"), key=lambda o: -o[2])[:PRICE_OFFERS]
    sentences = []
    for offer_id, name, answers in found:
        try:
            result = pricing.van_westendorp(pricing.price_answers(con, offer_id))
        except pricing.PricingError:
            continue
        if result.pmc is None or result.pme is None:
            continue
        now = ""
        if offer_id in names.index and names.at[offer_id, "subscribers"] > 0:
            now = f" (prix moyen actuel {fmt.euros(names.at[offer_id, 'revenue'] / names.at[offer_id, 'subscribers'])})"
        sentences.append(f"{name} : prix jugé acceptable de {pricing.format_point(result.pmc)} à "
                         f"{pricing.format_point(result.pme)}{now}, {answers} réponses.")
    return sentences


def partners(con: duckdb.DuckDBPyConnection, current: Evaluation, partner_names: bool) -> Section:
    base = survey.participation(con)
    respondents, known = int(base["respondents"].sum()), int(base["base"].sum())
    matrix = survey.importance_satisfaction(con)
    themes = matrix.themes.head(TOP_NEEDS)
    if respondents == 0 or themes.empty:
        return Section("partenaires", 2, SECTIONS["partenaires"],
                       "Aucune réponse à l'enquête sur les besoins n'est encore enregistrée.",
                       points=("Importez l'enquête (besoins.csv) pour faire entendre les partenaires.",))
    satisfaction = float(matrix.themes["satisfaction"].mean())
    bars = tuple(Bar(str(row.theme), float(row.importance),
                     f"{fmt.number(row.importance, 1)} / 5"
                     + (" · à améliorer" if row.quadrant == "priorite" else ""),
                     "missed" if row.quadrant == "priorite" else "neutral")
                 for row in themes.itertuples())
    points = _prices_heard(con, current)
    priorities = matrix.themes[matrix.themes["quadrant"] == "priorite"]
    if len(priorities):
        heard = survey.comments(con, theme=str(priorities.iloc[0]["theme"]), show_identity=partner_names)
        heard = heard.drop_duplicates("commentaire").head(COMMENTS)
        for row in heard.itertuples():
            who = f"{row.nom}, {row.filiere.lower()}" if partner_names else f"un partenaire, {row.filiere.lower()}"
            points.append(f"« {row.commentaire} » — {who}")
    top = themes.iloc[0]
    return Section(
        "partenaires", 2, SECTIONS["partenaires"],
        f"{fmt.number(respondents)} entreprises ont répondu ; leur premier besoin : {top['theme']} "
        f"({fmt.number(top['importance'], 1)} / 5).",
        figures=(KeyFigure("Ont répondu", fmt.number(respondents)),
                 KeyFigure("Taux de réponse", fmt.percent(respondents / known if known else 0, 0),
                           f"sur {fmt.number(known)} entreprises connues, anciens partenaires compris"),
                 KeyFigure("Satisfaction moyenne", f"{fmt.number(satisfaction, 1)} / 5")),
        charts=(BarChart("Leurs besoins les plus importants (sur 5)", bars),),
        points=tuple(points))


def current_model(current: Evaluation) -> Section:
    t = current.totals
    basis = TARGET_BASES[t.target_basis].lower()
    result_kind = "reached" if t.gap >= 0 else "missed"
    bars = (Bar("Recettes", t.revenue, fmt.euros(t.revenue),
                result_kind if t.target_basis == "revenue" else "neutral"),
            Bar("Coûts", t.costs, fmt.euros(t.costs), "current"),
            Bar("Résultat", t.margin, fmt.euros(t.margin), result_kind if t.target_basis == "margin" else "neutral"))
    lead = (f"Aujourd'hui, le {basis} des services aux partenaires est de {fmt.euros(compared(t))} pour un "
            f"objectif de {fmt.euros(t.target_amount)} : {gap_sentence(t)}.")
    return Section(
        "modele", 3, SECTIONS["modele"], lead,
        figures=(KeyFigure("Recettes", fmt.euros(t.revenue)), KeyFigure("Coûts", fmt.euros(t.costs)),
                 KeyFigure("Résultat", fmt.euros(t.margin)), KeyFigure("Objectif", fmt.euros(t.target_amount)),
                 KeyFigure("Écart à l'objectif", fmt.signed_euros(t.gap))),
        charts=(BarChart(f"Recettes, coûts et résultat {current.year}", bars, t.target_amount,
                         f"Objectif {fmt.euros(t.target_amount)} ({basis})"),),
        points=(f"Les coûts comptent le temps de l'équipe ({fmt.number(t.staff_hours)} h) et les dépenses "
                "directes de chaque service.",))


SCENARIO_ROWS = ("Recettes", "Coûts", "Résultat", "Écart à l'objectif", "Couverture service public",
                 "Heures d'équipe")


def scenario_table(current: Evaluation, shown: list[Shown]) -> Table:
    """The key figures of each scenario next to the current situation, formatted as on the Comparer page."""
    evaluations = {DEFAULT_SCENARIO_NAME: current, **{s.name: s.evaluation for s in shown}}
    numbers = tables.totals_table(evaluations)
    rows = [tuple([row, *[tables.format_total(row, numbers.at[row, name]) for name in evaluations]])
            for row in SCENARIO_ROWS]
    rows.append(("Objectif atteint", *["oui" if ev.totals.gap >= 0 else "non" for ev in evaluations.values()]))
    if any(s.probability is not None for s in shown):
        rows.append(("Chance d'atteindre l'objectif", "—",
                     *[fmt.percent(s.probability, 0) if s.probability is not None else "sans fourchette"
                       for s in shown]))
    return Table(("", *evaluations), tuple(rows))


def scenarios(current: Evaluation, shown: list[Shown]) -> Section:
    if not shown:
        return Section("scenarios", 4, SECTIONS["scenarios"], "Aucun scénario n'est encore enregistré.",
                       points=("Construisez et enregistrez des scénarios dans la page Scénarios.",))
    reaching = [s.name for s in shown if s.evaluation.totals.gap >= 0]
    lead = (f"{len(shown)} scénarios comparés ; " + (f"{len(reaching)} atteint l'objectif." if len(reaching) == 1
                                                    else f"{len(reaching)} atteignent l'objectif." if reaching
                                                    else "aucun n'atteint encore l'objectif."))
    rows = [(DEFAULT_SCENARIO_NAME, current.totals)] + [(s.name, s.evaluation.totals) for s in shown]
    points = tuple(f"{s.name} : {s.record.notes}" for s in shown if s.record is not None and s.record.notes)
    return Section("scenarios", 4, SECTIONS["scenarios"], lead,
                   charts=(target_chart(f"{TARGET_BASES[current.totals.target_basis]} face à l'objectif", rows),),
                   table=scenario_table(current, shown), points=points)


def _aligned_share(evaluation: Evaluation) -> float:
    offers = evaluation.offers
    revenue = offers["revenue"].sum()
    return float(offers.loc[offers["alignement"] >= ALIGNED, "revenue"].sum() / revenue) if revenue else 0.0


def _room(results: Results | None, name: str) -> str:
    """The room's vote for the retained scenario, in a sentence (empty without votes)."""
    if results is None or results.voters == 0 or name not in set(results.table["scenario"]):
        return ""
    row = results.table.set_index("scenario").loc[name]
    mean = "pas encore noté" if pd.isna(row["mean"]) else f"noté {fmt.number(row['mean'], 1)} / 5 en moyenne"
    return (f"En séance du {results.round.opened_at:%d/%m/%Y}, {results.voters} participants ont voté : ce scénario "
            f"est {mean} et préféré par {int(row['favourite'])} d'entre eux.")


def recommendation(con: duckdb.DuckDBPyConnection, facts: Facts, shown: list[Shown], retained: str | None,
                   results: Results | None) -> Section:
    chosen = next((s for s in shown if s.name == retained), None)
    if chosen is None:
        return Section("recommandation", 5, SECTIONS["recommandation"], "Aucun scénario n'est encore recommandé.",
                       points=("Choisissez le scénario recommandé en préparant la présentation.",))
    t = chosen.evaluation.totals
    counts = con.execute("SELECT (SELECT count(*) FROM souscriptions WHERE annee = ?), "
                         "(SELECT count(DISTINCT partenaire_id) FROM besoins)", [facts.year]).fetchone()
    argument = [
        f"Le rôle de l'office dans le projet de territoire : {fmt.percent(t.public_coverage, 0)} des entreprises "
        f"gardent un service public gratuit, et {fmt.percent(_aligned_share(chosen.evaluation), 0)} des recettes "
        "viennent de services alignés sur le projet de territoire.",
        f"Des données concrètes, construites avec méthode : {fmt.number(int(facts.universe.sum()))} entreprises, "
        f"{fmt.number(counts[0])} souscriptions {facts.year}, {fmt.number(counts[1])} réponses à l'enquête ; "
        "chaque chiffre vient d'un modèle documenté et vérifiable.",
        f"Le soutien des partenaires : {fmt.number(counts[1])} entreprises ont dit leurs besoins et leurs prix "
        "acceptables avant que les prix ne soient proposés.",
    ]
    room = _room(results, chosen.name)
    if room:
        argument.append(room)
    figures = [KeyFigure(TARGET_BASES[t.target_basis], fmt.euros(compared(t))),
               KeyFigure("Écart à l'objectif", fmt.signed_euros(t.gap)),
               KeyFigure("Couverture service public", fmt.percent(t.public_coverage, 0))]
    if chosen.probability is not None:
        figures.append(KeyFigure("Chance d'atteindre l'objectif", fmt.percent(chosen.probability, 0)))
    return Section("recommandation", 5, SECTIONS["recommandation"],
                   f"Nous recommandons « {chosen.name} » : {gap_sentence(t)}.",
                   figures=tuple(figures), points=tuple(argument),
                   quote=chosen.record.decision if chosen.record is not None else "")


def default_retained(shown: list[Shown], chosen: str | None) -> str | None:
    """The director's choice; else the retained scenario that reaches the target, else the best gap."""
    names = [s.name for s in shown]
    if chosen in names:
        return chosen
    if not shown:
        return None
    return max(shown, key=lambda s: (s.record is not None and s.record.status == "retenu" and
                                     s.evaluation.totals.gap >= 0, s.evaluation.totals.gap)).name


def build(con: duckdb.DuckDBPyConnection, facts: Facts, shown: list[Shown], settings: Settings,
          results: Results | None = None, made_on: date | None = None) -> Story:
    """The five sections for these scenarios, with the director's texts."""
    current = engine.apply(facts, Scenario())
    retained = default_retained(shown, settings.retained)
    sections = [territory(con, facts, current), partners(con, current, settings.partner_names),
                current_model(current), scenarios(current, shown),
                recommendation(con, facts, shown, retained, results)]
    sections = tuple(Section(**{**s.__dict__, "text": settings.texts.get(s.key, "")}) for s in sections)
    return Story(str(facts.structure["nom"]), facts.year, made_on or date.today(), sections, retained)


def shown_from(facts: Facts, named: list[tuple[Scenario, SavedScenario | None]]) -> list[Shown]:
    """Evaluate the scenarios of the story (and their chance of reaching the target, when known)."""
    return [Shown(scenario.name, engine.apply(facts, scenario), record, probability_of_target(facts, scenario))
            for scenario, record in named]
