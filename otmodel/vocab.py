"""The domain vocabulary, defined once: codes used in files and the database, with their French labels.

Every module, page and test takes its codes and labels from here.
"""

from __future__ import annotations

import unicodedata

STATUTS_JURIDIQUES: dict[str, str] = {
    "association": "Association",
    "epic": "EPIC",
    "spl": "SPL",
    "regie": "Régie",
    "autre": "Autre",
}

# What the structure's target is compared with: one idea under two sets of codes, translated once, here. Files say
# it in French (structure.csv, base_objectif: the template's contract); the engine and scenario files in English
# (target.basis). Every label of it comes from TARGET_BASES.
TARGET_BASES: dict[str, str] = {"margin": "Résultat", "revenue": "Recettes"}
BASIS_OF_STRUCTURE: dict[str, str] = {"resultat": "margin", "recettes": "revenue"}
BASES_OBJECTIF: dict[str, str] = {  # the template column's codes, labelled (the result says what it is)
    code: TARGET_BASES[basis] + (" (recettes − coûts)" if basis == "margin" else "")
    for code, basis in BASIS_OF_STRUCTURE.items()}

FILIERES: dict[str, str] = {
    "hebergement": "Hébergement",
    "restauration": "Restauration",
    "loisirs": "Loisirs",
    "commerce": "Commerce",
    "artisanat": "Artisanat",
    "culture": "Culture",
    "sport": "Sport",
    "association": "Association",
    "ess": "ESS",
    "mobilite": "Mobilité",
    "entreprise": "Entreprise",
    "terroir": "Terroir",
    "autre": "Autre",
}

# The businesses of the territory: every known business but former partners (statut « ancien ») — counted apart,
# as businesses to win back. One definition for the model's universe, the coverage, the survey's base and every
# page's count of « entreprises du territoire »; SQL reads it as IN_TERRITORY (a fixed fragment, no user text).
FORMER_PARTNER = "ancien"
IN_TERRITORY = "statut <> 'ancien'"

STATUTS_PARTENAIRE: dict[str, str] = {
    "partenaire": "Partenaire",
    "ancien": "Ancien partenaire",
    "prospect": "Prospect",
    "non_partenaire": "Non partenaire",
}

FAMILLES: dict[str, str] = {
    "visibilite": "Visibilité",
    "commercialisation": "Commercialisation",
    "accompagnement": "Accompagnement",
    "animation_reseau": "Animation réseau",
    "observation": "Observation",
    "accueil": "Accueil",
    "autre": "Autre",
}

TYPES_OFFRE: dict[str, str] = {"service": "Service", "pack": "Pack"}

SPHERES: dict[str, str] = {
    "service_public": "Service public",
    "socle": "Socle partenaire",
    "a_la_carte": "À la carte",
    "premium": "Premium",
}

PORTAGES: dict[str, str] = {
    "interne": "Interne",
    "sous_traite": "Sous-traité",
    "relais": "Relais",
}

CYCLES: dict[str, str] = {
    "existant": "Existant",
    "a_creer": "À créer",
    "a_adapter": "À adapter",
    "a_arreter": "À arrêter",
}

TABLES: dict[str, str] = {
    "structure": "Structure",
    "partenaires": "Entreprises (partenaires ou non)",
    "offres": "Offres",
    "composition_packs": "Composition des packs",
    "souscriptions": "Souscriptions",
    "besoins": "Réponses sur les besoins",
    "prix_acceptables": "Réponses sur les prix acceptables",
    "reponses_prix": "Réponses « achèteriez-vous à ce prix ? »",
    "rencontres": "Carnet d'écoute (rencontres)",
    "equipe": "Équipe et compétences",
    "import_history": "Historique des imports",
}

# The field-listening log: how a partner was met, and where the follow-up stands.
FORMATS_RENCONTRE: dict[str, str] = {
    "visite": "Visite",
    "club_pro": "Club pro",
    "telephone": "Téléphone",
    "atelier": "Atelier",
    "salon": "Salon",
    "accueil": "Passage à l'office",
    "courriel": "Courriel",
    "autre": "Autre",
}

STATUTS_SUITE: dict[str, str] = {"a_faire": "À faire", "en_cours": "En cours", "fait": "Fait"}

# The yearly review: what to do with each offer.
DECISIONS: dict[str, str] = {
    "maintenir": "Maintenir",
    "adapter": "Adapter",
    "arreter": "Arrêter",
    "creer": "Créer",
    "sous_traiter": "Sous-traiter",
    "relayer": "Relayer",
}

OUI_NON: dict[str, str] = {"oui": "Oui", "non": "Non"}

STATUTS_SCENARIO: dict[str, str] = {"brouillon": "Brouillon", "retenu": "Retenu"}

# Following the applied scenario's year: how the year-end is projected from the figures to date.
PROJECTION_RULES: dict[str, str] = {
    "profil_an_passe": "selon le rythme de l'an passé",
    "prorata": "au prorata de l'année écoulée",
}

# Short sphere labels for narrow table columns (Scénarios page).
SPHERES_COURTES: dict[str, str] = {"service_public": "Public", "socle": "Socle", "a_la_carte": "À la carte",
                                   "premium": "Premium"}


def normalise(text: str) -> str:
    """Fold a header or a code for matching: no accents, lower case, single underscores.

    "Filière" → "filiere", "Non partenaire" → "non_partenaire", "À la carte" → "a_la_carte".
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in ascii_only.lower()).split()
    return "_".join(words)


def code_lookup(vocabulary: dict[str, str]) -> dict[str, str]:
    """Map every accepted spelling (code or French label, normalised) to its code."""
    lookup = {normalise(code): code for code in vocabulary}
    lookup.update({normalise(label): code for code, label in vocabulary.items()})
    return lookup


def label(vocabulary: dict[str, str], code: str | None) -> str:
    """French label of a code; the code itself when unknown (never raises in a display path)."""
    if code is None:
        return ""
    return vocabulary.get(code, code)
