"""The data templates: the public contract for all data in and out of otmodel.

A template file is CSV with `;`, UTF-8 (a BOM is accepted), a header row; numbers with a decimal point
or a decimal comma; lists inside a cell separated by `|`. Each template names its columns, their type,
whether they must be filled and the codes they accept. Reading and checking a file against a template
is otmodel.data.validation; matching a file's headers to template columns is otmodel.data.headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from otmodel import vocab

LIST_SEPARATOR = "|"
DESCRIPTION_LENGTH = 500  # an offer's description: what a guide's reader takes in at a glance

@dataclass(frozen=True)
class Column:
    """One column of a template: its type, whether it must be filled, and what it accepts."""

    name: str
    kind: str  # text | integer | number | code | codes | boolean
    description: str
    required: bool = True
    vocabulary: dict[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200
    default: str | None = None  # value used when the cell is empty or the column absent


@dataclass(frozen=True)
class Template:
    """A template file: its name (also the import KIND), its columns, and the columns that identify a row."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _money(name: str, description: str, required: bool = True) -> Column:
    return Column(name, "number", description, required=required, minimum=0)


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "structure",
            "La structure (office de tourisme) : une seule ligne.",
            (
                Column("nom", "text", "Nom de la structure"),
                Column("statut_juridique", "code", "Forme juridique", vocabulary=vocab.STATUTS_JURIDIQUES),
                Column("annee", "integer", "Année de référence des données", minimum=1990, maximum=2100),
                _money("objectif", "Objectif budgétaire annuel (€)"),
                Column("base_objectif", "code", "L'objectif porte sur le résultat ou les recettes",
                       vocabulary=vocab.BASES_OBJECTIF),
                _money("cout_horaire", "Coût d'une heure de travail de l'équipe (€)"),
                Column("heures_disponibles", "number", "Heures d'équipe disponibles par an pour les services",
                       minimum=0),
            ),
        ),
        Template(
            "partenaires",
            "Toutes les entreprises connues du territoire, partenaires ou non.",
            (
                Column("id", "text", "Identifiant unique", max_length=64),
                Column("nom", "text", "Nom de l'entreprise"),
                Column("filiere", "code", "Filière", vocabulary=vocab.FILIERES),
                Column("commune", "text", "Commune", required=False),
                Column("capacite", "integer", "Capacité (lits, couverts, places…)", required=False, minimum=0),
                Column("statut", "code", "Statut vis-à-vis de l'office", vocabulary=vocab.STATUTS_PARTENAIRE),
                Column("depuis", "integer", "Partenaire depuis (année)", required=False, minimum=1900,
                       maximum=2100),
                Column("club_pro", "boolean", "Membre du club pro (oui/non ; vide = non)", default="non"),
                Column("email", "text", "E-mail (donnée personnelle)", required=False),
            ),
            key=("id",),
        ),
        Template(
            "offres",
            "Les services et packs proposés aux partenaires.",
            (
                Column("id", "text", "Identifiant unique", max_length=64),
                Column("nom", "text", "Nom de l'offre"),
                Column("famille", "code", "Famille", vocabulary=vocab.FAMILLES),
                Column("type", "code", "Service ou pack", vocabulary=vocab.TYPES_OFFRE),
                Column("sphere", "code", "Sphère", vocabulary=vocab.SPHERES),
                _money("prix", "Prix HT par an (€), 0 = gratuit"),
                Column("filieres_cibles", "codes", "Filières visées, séparées par | (vide = toutes)",
                       required=False, vocabulary=vocab.FILIERES),
                _money("cout_fixe", "Coût fixe annuel (€)"),
                _money("cout_unitaire", "Coût direct par souscripteur (€)"),
                Column("heures_fixes", "number", "Heures d'équipe fixes par an", minimum=0),
                Column("heures_unitaires", "number", "Heures d'équipe par souscripteur", minimum=0),
                Column("portage", "code", "Faire, faire faire ou relayer", vocabulary=vocab.PORTAGES),
                Column("alignement", "integer", "Adéquation au projet de territoire (0 à 3)", minimum=0,
                       maximum=3),
                Column("cycle", "code", "Cycle de vie", vocabulary=vocab.CYCLES),
                _money("prix_reference", "Prix de référence (€), facultatif", required=False),
                Column("theme_besoin", "text", "Thème de besoin auquel l'offre répond", required=False),
                Column("competences", "text", "Compétences qu'elle demande, séparées par | (facultatif)",
                       required=False, max_length=1000),
                Column("porteurs", "text", "Qui la porte dans l'équipe : noms (ou rôles) du modèle equipe, "
                       "séparés par | (facultatif)", required=False, max_length=1000),
                Column("description", "text", "Ce que l'offre apporte, en une ou deux phrases, pour le guide des "
                       "partenaires (facultatif)", required=False, max_length=DESCRIPTION_LENGTH),
            ),
            key=("id",),
        ),
        Template(
            "composition_packs",
            "Le contenu de chaque pack.",
            (
                Column("pack_id", "text", "Identifiant du pack (offre de type pack)", max_length=64),
                Column("offre_id", "text", "Identifiant d'une offre contenue", max_length=64),
            ),
            key=("pack_id", "offre_id"),
        ),
        Template(
            "souscriptions",
            "Ce que chaque partenaire a souscrit, par année.",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("offre_id", "text", "Identifiant de l'offre", max_length=64),
                Column("annee", "integer", "Année", minimum=1990, maximum=2100),
                _money("montant", "Montant HT réellement payé (€), 0 si gratuit"),
                Column("date", "date", "Date de la souscription (jj/mm/aaaa, facultative) : l'année se suit au "
                       "fil des souscriptions", required=False),
            ),
            key=("partenaire_id", "offre_id", "annee"),
        ),
        Template(
            "besoins",
            "Réponses à l'enquête sur les besoins des partenaires.",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("theme", "text", "Thème du besoin"),
                Column("importance", "integer", "Importance (1 à 5)", minimum=1, maximum=5),
                Column("satisfaction", "integer", "Satisfaction (1 à 5), facultative", required=False,
                       minimum=1, maximum=5),
                Column("commentaire", "text", "Commentaire libre", required=False, max_length=4000),
            ),
        ),
        Template(
            "prix_acceptables",
            "Réponses sur les prix acceptables (Van Westendorp).",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("offre_id", "text", "Identifiant de l'offre", max_length=64),
                _money("trop_bon_marche", "Prix trop bas pour être crédible (€)"),
                _money("bon_marche", "Prix avantageux (€)"),
                _money("cher", "Prix cher mais envisageable (€)"),
                _money("trop_cher", "Prix trop cher (€)"),
                Column("intention_bon_marche", "integer", "Au prix bon marché, l'achèteriez-vous ? 1 = certainement "
                       "pas … 5 = certainement (facultatif)", required=False, minimum=1, maximum=5),
                Column("intention_cher", "integer", "Au prix cher, l'achèteriez-vous ? 1 = certainement pas … "
                       "5 = certainement (facultatif)", required=False, minimum=1, maximum=5),
            ),
            key=("partenaire_id", "offre_id"),
        ),
        Template(
            "reponses_prix",
            "Réponses « achèteriez-vous cette offre à ce prix ? » (Gabor–Granger) : une ligne par prix proposé.",
            (
                Column("partenaire_id", "text", "Identifiant du partenaire", max_length=64),
                Column("offre_id", "text", "Identifiant de l'offre", max_length=64),
                _money("prix", "Prix proposé HT par an (€)"),
                Column("accepte", "boolean", "Achèterait à ce prix (oui/non)"),
            ),
            key=("partenaire_id", "offre_id", "prix"),
        ),
        Template(
            "rencontres",
            "Le carnet d'écoute : une ligne par rencontre avec une entreprise, partenaire ou non.",
            (
                Column("date", "date", "Date de la rencontre (jj/mm/aaaa)"),
                Column("partenaire_id", "text", "Identifiant de l'entreprise (vide si elle n'est pas dans "
                       "partenaires.csv : donnez alors son nom)", required=False, max_length=64),
                Column("nom", "text", "Nom de l'entreprise quand elle n'a pas d'identifiant", required=False),
                Column("filiere", "code", "Filière (vide = celle de l'entreprise)", required=False,
                       vocabulary=vocab.FILIERES),
                Column("format", "code", "Forme de la rencontre", vocabulary=vocab.FORMATS_RENCONTRE),
                Column("themes", "text", "Thèmes abordés, séparés par | (les mêmes que dans besoins.csv)",
                       required=False, max_length=1000),
                Column("besoin", "text", "Besoin exprimé, en une phrase", required=False, max_length=1000),
                Column("verbatim", "text", "Ce que la personne a dit, mot pour mot", required=False,
                       max_length=4000),
                Column("suite", "text", "Suite à donner", required=False, max_length=1000),
                Column("statut_suite", "code", "Où en est la suite (vide = à faire quand une suite est notée)",
                       required=False, vocabulary=vocab.STATUTS_SUITE),
            ),
        ),
        Template(
            "equipe",
            "L'équipe : une ligne par personne (ou rôle), ses heures pour les services et ses compétences.",
            (
                Column("nom", "text", "Nom ou rôle (unique)", max_length=120),
                Column("heures_disponibles", "number", "Heures disponibles par an pour les services aux "
                       "partenaires", minimum=0, maximum=3000),
                Column("competences", "text", "Compétences, séparées par |", required=False, max_length=1000),
            ),
            key=("nom",),
        ),
    )
}



def split_list(text: str | None) -> list[str]:
    """A free-text list cell, « Vente en ligne | Photos » → ["Vente en ligne", "Photos"]: blanks dropped, one
    entry per spelling folded without case nor accents (the first spelling is kept)."""
    seen: dict[str, str] = {}
    for part in (text or "").split(LIST_SEPARATOR) if isinstance(text, str) else ():
        if part.strip():
            seen.setdefault(vocab.normalise(part), part.strip())
    return list(seen.values())


def write_template(template_name: str, frame: pd.DataFrame, path: str | Path) -> None:
    """Write rows in the template format (`;`, UTF-8, decimal point, lists joined with |)."""
    template = TEMPLATES[template_name]
    out = frame[template.column_names].copy()
    for column in template.columns:
        if column.kind == "boolean":
            out[column.name] = out[column.name].map({True: "oui", False: "non"})
        if column.kind == "integer":
            out[column.name] = pd.to_numeric(out[column.name]).astype("Int64")
        if column.kind == "codes":
            out[column.name] = out[column.name].map(
                lambda v: LIST_SEPARATOR.join(v) if isinstance(v, (list, tuple)) else (v or ""))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
