"""Matching a file's headers to template columns: exactly, without accents, units or case, or by alias."""

from __future__ import annotations

import re

from otmodel import vocab
from otmodel.data.schema import Template

# Headers seen in offices' files for a template column (normalised). Used only when the column
# belongs to the template, so "partenaire" means partenaire_id in souscriptions, nothing in offres.
HEADER_ALIASES: dict[str, str] = {
    "identifiant": "id", "code": "id", "reference": "id", "ref": "id",
    "raison_sociale": "nom", "nom_de_l_entreprise": "nom", "nom_commercial": "nom", "etablissement": "nom",
    "enseigne": "nom",
    "ville": "commune", "secteur": "filiere", "filiere_d_activite": "filiere",
    "e_mail": "email", "mail": "email", "courriel": "email", "adresse_mail": "email", "adresse_e_mail": "email",
    "partenaire": "partenaire_id", "id_partenaire": "partenaire_id", "identifiant_partenaire": "partenaire_id",
    "code_partenaire": "partenaire_id", "offre": "offre_id", "id_offre": "offre_id",
    "identifiant_offre": "offre_id", "code_offre": "offre_id", "service": "offre_id", "pack": "pack_id",
    "exercice": "annee", "montant_ht": "montant", "montant_paye": "montant", "prix_ht": "prix",
    "prix_de_reference": "prix_reference", "theme_du_besoin": "theme_besoin", "theme_de_besoin": "theme_besoin",
    "capacite_d_accueil": "capacite", "membre_du_club_pro": "club_pro", "partenaire_depuis": "depuis",
    "annee_d_adhesion": "depuis",
}
# The column this app adds to a file of rejected rows; ignored when the corrected file comes back.
REJECT_COLUMN = "problemes"


def header_key(text: str) -> str:
    """A header folded for matching, without its parenthesised part or unit: "Montant (€)" → "montant"."""
    return vocab.normalise(re.sub(r"\(.*?\)|\[.*?\]|[€%]", " ", str(text)))


def match_headers(header: list[str], template: Template) -> dict[str, int]:
    """Template column → position of the header naming it (exactly, without accents/units, or by alias)."""
    names = set(template.column_names)
    found: dict[str, int] = {}
    for position, text in enumerate(header):
        for key in (vocab.normalise(text), header_key(text)):
            name = key if key in names else HEADER_ALIASES.get(key)
            if name in names and name not in found:
                found[name] = position
                break
    return found



def find_source(header: list[str], name: str) -> int | None:
    """The position of a source column named by the user: as written, else without case, accents or spaces."""
    if name in header:
        return header.index(name)
    wanted = vocab.normalise(name)
    return next((i for i, h in enumerate(header) if vocab.normalise(h) == wanted), None)
