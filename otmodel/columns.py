"""Every column the pages show, defined once: its French label, its kind (how its values read) and its help.

A page names which column of its frame is which — `widgets.table(frame, {"recettes": columns.REVENUE, …})` —
and the table widget (otmodel.ui.widgets) and the export of what is shown (otmodel.data.exports) take the label
and the way values read from here. So a column reads the same on every page and in every file: money rounded to
the euro with a true minus (« 31 234 € », « −628 € »), shares in French (« 10,4 % »), survey scores with a
decimal comma (« 3,8 »), hours and days with their unit — and one idea keeps one label everywhere.

To show a new column: find its idea below (or add it, with the label the director reads), and map the frame's
column to it in the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from otmodel import format as fmt

Kind = Literal["text", "money", "count", "percent", "score", "hours", "days", "year", "date", "datetime", "flag"]
# Kinds of numbers, and those the table widget writes itself (as text over the numbers, which keep sorting
# right): the browser's own number formats follow its locale and write a hyphen-minus. A year is four digits
# in any browser: the browser writes it (printf "%d"), which spares a long list of businesses the cost of
# writing its figures (about 0,1 ms a cell).
NUMBERS: frozenset[str] = frozenset({"money", "count", "percent", "score", "hours", "days", "year"})
FORMATTED: frozenset[str] = NUMBERS - {"year"}
# How a spreadsheet shows each kind while keeping the number: the same text as the page (a French Excel puts its
# own separators in « #,##0 »; the minus is written, typographic).
EXCEL_FORMATS: dict[str, str] = {
    "money": '#,##0\\ "€";"−"#,##0\\ "€";0\\ "€"',
    "count": '#,##0;"−"#,##0;0',
    "percent": '0\\ %;"−"0\\ %;0\\ %',
    "score": '0.0;"−"0.0;0.0',
    "hours": '#,##0\\ "h"',
    "days": '#,##0\\ "j"',
    "year": "0",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


@dataclass(frozen=True)
class Column:
    """One idea shown in tables. `decimals`: digits after the comma (count, percent, score); `cents`: a price
    shows its cents when it has some (« 49,90 € », « 180 € »); `signed`: a change (« +1 200 € », « −3 % »)."""

    label: str
    kind: Kind = "text"
    help: str | None = None
    width: Literal["small", "medium", "large"] | int | None = None
    decimals: int = 0
    cents: bool = False
    signed: bool = False

    def text(self, value: object) -> str:
        """How a value reads on screen and in a CSV of what is shown; « — » where there is none."""
        if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
            return "—"
        if self.kind == "date":
            return f"{value:%d/%m/%Y}"
        if self.kind == "datetime":
            return f"{value:%d/%m/%Y %H:%M}"
        if self.kind == "flag":
            return "oui" if value else "non"
        if self.kind not in NUMBERS:
            return str(value)
        number = float(value)
        if not self.signed:
            return self._number(number)
        written = self._number(abs(number))
        return written if written == self._number(0) else ("+" if number > 0 else fmt.MINUS) + written

    def _number(self, number: float) -> str:
        if self.kind == "money":
            return fmt.euros(number, 2 if self.cents and round(number, 2) != round(number) else 0)
        if self.kind == "percent":
            return fmt.percent(number, self.decimals)
        if self.kind == "year":
            return str(int(number))
        text = fmt.number(number, max(self.decimals, 1) if self.kind == "score" else self.decimals)
        return {"hours": f"{text} h", "days": f"{text} j"}.get(self.kind, text)

    @property
    def excel_format(self) -> str | None:
        """The number format of its cells in an Excel file of what is shown."""
        if self.kind == "money" and self.cents:
            return '#,##0.00\\ "€";"−"#,##0.00\\ "€";0\\ "€"'
        if self.kind in ("percent", "score", "count") and self.decimals:
            digits = "0." + "0" * self.decimals
            unit = "\\ %" if self.kind == "percent" else ""
            return f'{digits}{unit};"−"{digits}{unit};0{unit}'
        return EXCEL_FORMATS.get(self.kind)


# --- who and what ------------------------------------------------------------------------------------
IDENTIFIER = Column("Identifiant")
OFFER = Column("Offre")
PACK = Column("Pack")
BUSINESS = Column("Entreprise")
PARTNER = Column("Partenaire")
PERSON = Column("Personne")
SCENARIO = Column("Scénario")
SECTOR = Column("Filière")
COMMUNE = Column("Commune")
GROUP = Column("Groupe")
PARTNER_STATUS = Column("Statut")
SPHERE = Column("Sphère")
FAMILY = Column("Famille")
DELIVERY = Column("Portage")
CYCLE = Column("Cycle")
MODE = Column("Mode")
EMAIL = Column("E-mail")
CLUB_PRO = Column("Club pro", "flag")
SINCE_YEAR = Column("Depuis", "year")
CONTENT = Column("Contenu", width="large")
DESCRIPTION = Column("Description (guide des partenaires)", width="large")

# --- money -------------------------------------------------------------------------------------------
PRICE = Column("Prix", "money", cents=True)
REFERENCE_PRICE = Column("Prix de référence", "money", cents=True)
PRICE_VS_REFERENCE = Column("Prix / référence", "percent")
BREAK_EVEN = Column("Prix d'équilibre", "money", cents=True)
REVENUE = Column("Recettes", "money")
COSTS = Column("Coûts", "money", help="Coûts directs + coût des heures d'équipe")
DIRECT_COSTS = Column("Coûts directs", "money")
HOURS_COST = Column("Coût des heures", "money")
RESULT = Column("Résultat", "money", help="Recettes − coûts directs − coût des heures d'équipe")
RESULT_CHANGE = Column("Écart au résultat actuel", "money", signed=True)
COST_PER_SUBSCRIBER = Column("Coût par souscripteur", "money")

# --- counts and shares -------------------------------------------------------------------------------
SUBSCRIBERS = Column("Souscripteurs", "count")
SUBSCRIBERS_EXPECTED = Column("Souscripteurs attendus", "count", decimals=1,
                              help="Des espérances : non arrondies dans les calculs.")
SUBSCRIBERS_VIA_PACKS = Column("Par les packs", "count")
UPTAKE = Column("Souscription", "percent", decimals=1, help="Parmi les entreprises éligibles")
OFFERS = Column("Offres", "count")
BUSINESSES = Column("Entreprises du territoire", "count", help="Toutes les entreprises connues sauf les anciens "
                    "partenaires, comptés à part : le compte de chaque page.")
KNOWN_BUSINESSES = Column("Entreprises connues", "count", help="Anciens partenaires compris : toutes celles que "
                          "l'enquête pouvait toucher.")
PARTNERS = Column("Partenaires", "count")
FORMER_PARTNERS = Column("Anciens partenaires", "count", help="Hors des entreprises du territoire : à reconquérir.")
PROSPECTS = Column("Prospects", "count")
COVERAGE = Column("Couverture", "percent")
TO_WIN = Column("À conquérir", "count")
ACTIVE = Column("Actifs", "count")
NEWCOMERS = Column("Nouveaux", "count")
RENEWED = Column("Renouvelés", "count")
LOST = Column("Perdus", "count")
RENEWAL = Column("Renouvellement", "percent")
MEMBERS = Column("Membres", "count")
PARTICIPATION = Column("Participation", "percent")
CHANGE = Column("Évolution", "percent", signed=True)

# --- listening ---------------------------------------------------------------------------------------
THEME = Column("Thème")
THEMES = Column("Thèmes")
DECLARED_THEME = Column("Thème déclaré (absent de l'enquête)")
RESPONDENTS = Column("Répondants", "count")
RESPONSE_RATE = Column("Taux de réponse", "percent")
REPRESENTATION = Column("Représentation")
IMPORTANCE = Column("Importance", "score", help="Enquête, sur 5")
SATISFACTION = Column("Satisfaction", "score", help="Enquête, sur 5")
IMPORTANCE_GIVEN = Column("Importance", "count", help="Sa réponse, sur 5")
SATISFACTION_GIVEN = Column("Satisfaction", "count", help="Sa réponse, sur 5")
MENTIONS = Column("Rencontres", "count", help="Rencontres du carnet d'écoute qui citent le besoin")
BUSINESSES_MET = Column("Entreprises rencontrées", "count")
CLUB_MEETINGS = Column("Rencontres en club pro (carnet)", "count")
COMMENT = Column("Commentaire", width="large")
MEETING = Column("N°")
DATE = Column("Date", "date")
MEETING_FORMAT = Column("Format")
NEED_HEARD = Column("Besoin exprimé", width="medium")
NEED_HEARD_IN_LOG = Column("Besoin exprimé (carnet)", width="medium")
NEEDS_IN_SURVEY = Column("Besoins importants (enquête)", width="medium")
NEEDS_EXPRESSED = Column("Ce qu'elles expriment", width="large")
VERBATIM = Column("Verbatim", width="medium")
FOLLOW_UP = Column("Suite à donner")
FOLLOW_UP_STATUS = Column("Statut")
AGE = Column("Âge", "days")
LAST_MET = Column("Dernière rencontre", "date")
SINCE_DAYS = Column("Depuis", "days")

# --- team and review ---------------------------------------------------------------------------------
HOURS = Column("Heures", "hours")
HOURS_AVAILABLE = Column("Disponibles", "hours")
HOURS_CARRIED = Column("Portées", "hours")
LOAD = Column("Charge", "percent")
OVERLOADED = Column("Au-delà", "flag", help="Porte plus que ses heures disponibles")
SKILLS = Column("Compétences")
SKILLS_NEEDED = Column("Compétences demandées")
SKILLS_MISSING = Column("Compétences absentes")
CARRIERS = Column("Porteurs")
OFFERS_CARRIED = Column("Offres portées")
ALERTS = Column("À surveiller", width="large")
SUGGESTION = Column("Suggestion")
REASONS = Column("Raisons", width="large")
ALIGNMENT = Column("Alignement", "count", help="Projet de territoire, sur 3")
DECISION = Column("Décision")
REASON = Column("Motif", width="large")
WHO = Column("Qui")
WHEN = Column("Quand", "datetime")
NOTE = Column("Commentaire")

# --- following the year of the applied scenario --------------------------------------------------------
PLANNED_SUBSCRIBERS = Column("Souscripteurs prévus", "count", help="Le plan du scénario appliqué")
EXPECTED_TO_DATE = Column("Attendus à date", "count",
                          help="Le plan × la part de l'année attendue à cette date (rythme de l'an passé, ou "
                               "prorata de l'année écoulée)")
ACTUAL_SUBSCRIBERS = Column("Souscripteurs à date", "count")
PROJECTED_SUBSCRIBERS = Column("Souscripteurs projetés", "count", help="Fin d'année, au rythme observé")
PLANNED_REVENUE = Column("Recettes prévues", "money", help="Le plan du scénario appliqué")
ACTUAL_REVENUE = Column("Recettes à date", "money")
PROJECTED_REVENUE = Column("Recettes projetées", "money", help="Fin d'année, au rythme observé")
BEHIND = Column("En retard", "flag", help="Plus de 10 % et au moins une souscription sous ce que le plan attend "
                                          "à cette date")
WHY_BEHIND = Column("Pourquoi", width="large")

# --- the room's vote ---------------------------------------------------------------------------------
RATINGS = Column("Notes", "count")
MEAN_RATING = Column("Note moyenne (sur 5)", "score")
FAVOURITE = Column("Préféré", "count")

# --- imports -----------------------------------------------------------------------------------------
IMPORTED_AT = Column("Date", "datetime")
TEMPLATE = Column("Modèle")
FILE = Column("Fichier")
MAPPING = Column("Correspondance")
ROWS_READ = Column("Lignes lues", "count")
ADDED = Column("Ajoutées", "count")
UPDATED = Column("Modifiées", "count")
UNCHANGED = Column("Inchangées", "count")
REPLACED = Column("Remplacées", "count")
REJECTED = Column("Rejetées", "count")
ROW = Column("Ligne", "count")
FILE_COLUMN = Column("Colonne")
VALUE = Column("Valeur")
TO_DO = Column("À faire", width="large")
