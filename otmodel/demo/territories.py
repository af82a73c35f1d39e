"""Two fictional demo territories, generated deterministically and written as template files.

- destination: a large coastal destination (~1 500 businesses, ~600 partners, 26 offers, 3 years);
- rural: a small inland office (~180 businesses, ~70 partners, 8 mostly free offers).

The files land in data/demo/<name>/ and are loaded through the same import path users use.
The assumptions behind the figures are documented in data/demo/README.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from otmodel.data import exports
from otmodel.data.reading import decode
from otmodel.data.schema import LIST_SEPARATOR, write_template

DEMOS = ("destination", "rural")
DEMO_ROOT = Path(__file__).resolve().parents[2] / "data" / "demo"


@dataclass(frozen=True)
class Offer:
    id: str
    nom: str
    famille: str
    sphere: str
    prix: float
    cibles: tuple[str, ...]
    cout_fixe: float
    cout_unitaire: float
    heures_fixes: float
    heures_unitaires: float
    take_up: float  # share of the eligible partners (or businesses, for public services) who take it
    portage: str = "interne"
    alignement: int = 2
    cycle: str = "existant"
    theme: str = ""
    type: str = "service"
    contents: tuple[str, ...] = ()
    prix_reference: float | None = None
    public: bool = False  # reaches non-partners too (a public-service mission)


@dataclass(frozen=True)
class Territory:
    name: str
    structure: dict
    communes: tuple[str, ...]
    sectors: dict[str, tuple[int, float]]  # filiere -> (businesses, share that are partners in the base year)
    offers: tuple[Offer, ...]
    respondents: int
    themes: dict[str, tuple[float, float]]  # theme -> (mean importance, mean satisfaction)
    priced_offers: tuple[str, ...]
    seed: int
    team: tuple[tuple[str, float, tuple[str, ...]], ...] = ()  # (nom, heures disponibles, compétences)
    carried: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None  # offer -> (skills, carriers)
    meetings: int = 0  # meetings in the field-listening log, over the base year
    descriptions: dict[str, str] | None = None  # offer -> what it brings, for the partners' guide
    followed: FollowedYear | None = None  # the year after the base year, as far as it has come


@dataclass(frozen=True)
class FollowedYear:
    """The year a demo scenario is applied from, half gone: its subscriptions as imported so far. Each partner of
    the base year takes the same offer again (`renewal`, less for the offers partners take less than planned —
    `slow` — and, for a price raised, as the model's elasticity 0,5 says), dated by the offer's season."""

    scenario: str  # the demo scenario applied (otmodel.demo.scenarios)
    year: int
    until: dt.date  # the latest subscription imported
    prices: dict[str, float]  # the scenario's new prices
    stopped: tuple[str, ...] = ()
    slow: dict[str, float] | None = None
    renewal: float = 1.0


HEB, REST, LOIS, COM, ART, CULT = "hebergement", "restauration", "loisirs", "commerce", "artisanat", "culture"
TOURISM = (HEB, REST, LOIS, CULT, "sport", "terroir")

DESTINATION = Territory(
    name="destination",
    structure=dict(nom="Office de tourisme Côte des Pins (fictif)", statut_juridique="epic", annee=2025,
                   objectif=200000, base_objectif="resultat", cout_horaire=38, heures_disponibles=5200),
    communes=("Lacanau-Plage", "Pinède-sur-Mer", "Étang-Blanc", "Sainte-Dune", "Port-des-Pins", "Cap-Sable",
              "Les Bruyères", "Moulin-Neuf"),
    sectors={HEB: (390, 0.62), REST: (300, 0.45), LOIS: (170, 0.55), COM: (250, 0.16), ART: (70, 0.2),
             CULT: (60, 0.5), "sport": (50, 0.36), "association": (60, 0.12), "ess": (25, 0.2),
             "mobilite": (20, 0.3), "entreprise": (30, 0.1), "terroir": (50, 0.4), "autre": (25, 0.08)},
    offers=(
        Offer("O-WEB", "Référencement site web et guide", "visibilite", "service_public", 0, (), 2500, 0, 120,
              0.3, 0.8, alignement=3, theme="Visibilité en ligne", public=True),
        Offer("O-SIRTAQUI", "Saisie dans la base régionale (SIRTAQUI)", "visibilite", "service_public", 0, (), 0,
              0, 60, 0.25, 0.75, alignement=3, theme="Visibilité en ligne", public=True),
        Offer("O-NEWS", "Lettre d'information pro", "animation_reseau", "service_public", 0, (), 400, 0, 60, 0,
              0.65, alignement=2, theme="Information", public=True),
        Offer("O-OBS", "Chiffres de fréquentation du territoire", "observation", "service_public", 0, (), 1500,
              0, 80, 0, 0.3, alignement=3, theme="Données de fréquentation", public=True),
        Offer("O-DOC", "Documentation en présentoir", "accueil", "socle", 0, (HEB, LOIS, CULT, "sport", "terroir"),
              1800, 2, 60, 0.2, 0.0, alignement=2, theme="Diffusion de documentation"),
        Offer("O-CLUB", "Club pro et rencontres partenaires", "animation_reseau", "socle", 0, (), 1200, 4, 80,
              0.5, 0.0, alignement=3, theme="Réseau et rencontres"),
        Offer("O-EDUC", "Éductours", "animation_reseau", "socle", 0, TOURISM, 2500, 0, 60, 0.4, 0.0,
              alignement=2, theme="Connaissance du territoire"),
        Offer("O-PHOTO", "Reportage photo professionnel", "visibilite", "a_la_carte", 150, (), 0, 95, 5, 0.5,
              0.12, portage="sous_traite", theme="Photos et contenus"),
        Offer("O-ENCART", "Encart publicitaire dans le guide", "visibilite", "a_la_carte", 380, (), 3500, 20, 40,
              0.3, 0.16, alignement=1, theme="Publicité"),
        Offer("O-MISEAVANT", "Mise en avant premium sur le site", "visibilite", "premium", 490,
              (HEB, REST, LOIS), 600, 0, 30, 1.5, 0.07, alignement=1, theme="Visibilité en ligne"),
        Offer("O-BILLET", "Billetterie et revente (commission annuelle)", "commercialisation", "a_la_carte", 1400,
              (LOIS, CULT, "sport"), 2500, 10, 150, 6.0, 0.42, alignement=2, theme="Vente en ligne"),
        Offer("O-PLACE", "Place de marché en ligne", "commercialisation", "a_la_carte", 240, (HEB, LOIS), 5500,
              0, 40, 2.0, 0.22, alignement=2, theme="Vente en ligne"),
        Offer("O-GROUPES", "Vente groupes et séminaires (commission)", "commercialisation", "premium", 1800,
              (HEB, REST, LOIS),
              1500, 30, 80, 5.0, 0.12, alignement=2, theme="Clientèle groupes et affaires"),
        Offer("O-ATELIER", "Ateliers numériques (ANT)", "accompagnement", "a_la_carte", 90, (), 800, 5, 120, 1.0,
              0.22, alignement=3, theme="Compétences numériques"),
        Offer("O-DIAG", "Diagnostic numérique individuel", "accompagnement", "premium", 280, (), 0, 10, 10, 4.0,
              0.05, alignement=2, theme="Compétences numériques"),
        Offer("O-QUALITE", "Accompagnement labels et qualité", "accompagnement", "a_la_carte", 130, (HEB, REST),
              500, 0, 30, 3.0, 0.1, alignement=3, theme="Qualité et labels"),
        Offer("O-CLASSEMENT", "Aide au classement des meublés", "accompagnement", "a_la_carte", 80, (HEB,), 0, 0,
              20, 2.0, 0.15, alignement=2, theme="Qualité et labels"),
        Offer("O-FORMATION", "Formations accueil et langues (relais CCI)", "accompagnement", "service_public", 0,
              (), 0, 0, 20, 0.2, 0.05, portage="relais", alignement=2, theme="Formation"),
        Offer("O-BAROMETRE", "Baromètre de conjoncture détaillé", "observation", "premium", 150, (HEB, REST, LOIS),
              1200, 0, 40, 0.5, 0.04, alignement=1, theme="Conjoncture"),
        Offer("O-SAISON", "Mini-site de saison des commerçants", "visibilite", "a_la_carte", 60, (COM, ART),
              300, 0, 20, 0.5, 0.0, alignement=2, cycle="a_arreter", theme="Visibilité en ligne"),
        Offer("O-CLUBCOM", "Club des commerces et artisans", "animation_reseau", "a_la_carte", 50, (COM, ART),
              1500, 5, 80, 0.5, 0.0, alignement=3, cycle="a_creer", theme="Dynamisation du centre-bourg",
              prix_reference=60),
        Offer("P-HEB", "Pack partenaire hébergement", "visibilite", "socle", 220, (HEB,), 2000, 15, 60, 0.8, 0.8,
              alignement=3, theme="Visibilité en ligne", type="pack", contents=("O-DOC", "O-CLUB", "O-EDUC")),
        Offer("P-RESTO", "Pack partenaire restauration", "visibilite", "socle", 160, (REST, "terroir"), 1200, 10,
              40, 0.6, 0.75, alignement=3, theme="Visibilité en ligne", type="pack", contents=("O-CLUB", "O-EDUC")),
        Offer("P-LOISIRS", "Pack loisirs, culture et sport", "visibilite", "socle", 190, (LOIS, CULT, "sport"),
              1200, 12, 40, 0.7, 0.8, alignement=3, theme="Visibilité en ligne", type="pack",
              contents=("O-DOC", "O-CLUB", "O-EDUC")),
        Offer("P-COMMERCE", "Pack commerce et services", "visibilite", "socle", 70,
              (COM, ART, "association", "ess", "mobilite", "entreprise", "autre"), 500, 5, 30, 0.4, 0.85,
              alignement=2, theme="Visibilité en ligne", type="pack", contents=("O-CLUB",)),
        Offer("P-PREMIUM", "Pack premium grands hébergements", "commercialisation", "premium", 900, (HEB,), 1500,
              40, 40, 4.0, 0.1, alignement=2, theme="Clientèle groupes et affaires", type="pack",
              contents=("O-DOC", "O-CLUB", "O-EDUC", "O-PHOTO")),
    ),
    respondents=250,
    themes={"Visibilité en ligne": (4.4, 3.6), "Vente en ligne": (3.9, 2.6), "Compétences numériques": (3.8, 3.4),
            "Réseau et rencontres": (3.2, 3.9), "Données de fréquentation": (3.5, 2.4),
            "Photos et contenus": (3.6, 3.1), "Qualité et labels": (2.9, 3.5), "Formation": (2.8, 2.9),
            "Clientèle groupes et affaires": (3.1, 2.8), "Recrutement saisonnier": (4.2, 1.9),
            "Mobilité des visiteurs": (3.7, 2.0), "Connaissance du territoire": (2.6, 3.8),
            "Publicité": (2.4, 3.0)},
    priced_offers=("O-PHOTO", "O-ATELIER", "P-HEB", "O-PLACE", "O-BILLET", "O-CLUBCOM"),
    seed=2025,
    team=(("Directrice", 500, ("Pilotage", "Relation aux élus", "Animation de réseau")),
          ("Chargée de partenariats", 1300, ("Relation partenaires", "Animation de réseau", "Vente",
                                             "Qualité et labels")),
          ("Animateur numérique (ANT)", 900, ("Numérique", "Formation", "Réseaux sociaux")),
          ("Chargée de promotion web", 1000, ("Web", "Rédaction", "Saisie base régionale", "Édition")),
          ("Conseillère groupes et séminaires", 900, ("Vente", "Vente groupes", "Billetterie")),
          ("Conseiller en séjour", 600, ("Accueil", "Documentation", "Langues"))),
    carried={
        "O-WEB": (("Web", "Rédaction"), ("Chargée de promotion web",)),
        "O-SIRTAQUI": (("Saisie base régionale",), ("Chargée de promotion web",)),
        "O-NEWS": (("Rédaction",), ("Chargée de promotion web",)),
        "O-OBS": (("Statistiques",), ("Directrice",)),
        "O-DOC": (("Documentation",), ("Conseiller en séjour",)),
        "O-CLUB": (("Animation de réseau",), ("Directrice", "Chargée de partenariats")),
        "O-EDUC": (("Animation de réseau", "Accueil"), ("Chargée de partenariats", "Conseiller en séjour")),
        "O-PHOTO": (("Photographie",), ()),
        "O-ENCART": (("Vente", "Édition"), ("Chargée de partenariats",)),
        "O-MISEAVANT": (("Web",), ("Chargée de promotion web",)),
        "O-BILLET": (("Billetterie",), ("Conseillère groupes et séminaires",)),
        "O-PLACE": (("Numérique", "Vente"), ("Animateur numérique (ANT)",)),
        "O-GROUPES": (("Vente groupes",), ("Conseillère groupes et séminaires",)),
        "O-ATELIER": (("Numérique", "Formation"), ("Animateur numérique (ANT)",)),
        "O-DIAG": (("Numérique",), ("Animateur numérique (ANT)",)),
        "O-QUALITE": (("Qualité et labels",), ("Chargée de partenariats",)),
        "O-CLASSEMENT": (("Qualité et labels",), ("Chargée de partenariats",)),
        "O-FORMATION": (("Formation",), ()),
        "O-BAROMETRE": (("Statistiques",), ("Directrice",)),
        "O-SAISON": (("Web",), ("Chargée de promotion web",)),
        "O-CLUBCOM": (("Animation de réseau", "Commerce de centre-bourg"), ("Chargée de partenariats",)),
        "P-HEB": (("Relation partenaires",), ("Chargée de partenariats",)),
        "P-RESTO": (("Relation partenaires",), ("Chargée de partenariats",)),
        "P-LOISIRS": (("Relation partenaires",), ("Chargée de partenariats",)),
        "P-COMMERCE": (("Relation partenaires",), ("Chargée de partenariats",)),
        "P-PREMIUM": (("Relation partenaires", "Vente"), ("Chargée de partenariats",)),
    },
    meetings=48,
    descriptions={
        "O-WEB": "Votre fiche sur le site de destination et dans le guide touristique : coordonnées, photos, "
                 "horaires, mise à jour à votre demande.",
        "O-SIRTAQUI": "Votre établissement saisi et tenu à jour dans la base régionale, qui alimente les sites "
                      "et applications de la région.",
        "O-NEWS": "Chaque mois, l'actualité du territoire, les événements à venir et les chiffres utiles.",
        "O-OBS": "La fréquentation du territoire par saison et par commune, pour préparer votre saison.",
        "O-FORMATION": "Les formations à l'accueil et aux langues de la CCI, que l'office vous relaie.",
        "O-DOC": "Vos dépliants en présentoir dans nos bureaux d'accueil, toute l'année.",
        "O-CLUB": "Les rencontres entre professionnels du territoire, hors saison, et le club pro.",
        "O-EDUC": "Une journée de découverte des sites et des prestataires, pour mieux conseiller vos clients.",
        "O-PHOTO": "Un reportage par un photographe professionnel : dix photos retouchées, libres de droits.",
        "O-ENCART": "Un encart publicitaire dans le guide touristique imprimé.",
        "O-MISEAVANT": "Votre offre en tête des listes du site pendant un an.",
        "O-BILLET": "Vos billets et activités vendus par l'office, à l'accueil et en ligne, contre une commission.",
        "O-PLACE": "Vos disponibilités réservables en ligne sur le site de destination.",
        "O-GROUPES": "Les demandes de groupes et de séminaires transmises à votre établissement.",
        "O-ATELIER": "Des ateliers en petit groupe : avis clients, réseaux sociaux, fiche Google.",
        "O-DIAG": "Une demi-journée avec notre animateur numérique pour faire le point sur votre présence en "
                  "ligne.",
        "O-QUALITE": "Un accompagnement pas à pas vers un label (Qualité Tourisme, Accueil Vélo…).",
        "O-CLASSEMENT": "Une aide pour préparer la visite de classement de votre meublé.",
        "O-BAROMETRE": "Le baromètre de conjoncture détaillé de votre filière, chaque mois de la saison.",
        "O-CLUBCOM": "Un club pour les commerces et artisans du centre-bourg : animations communes, vitrine "
                     "partagée.",
        "P-HEB": "Le partenariat des hébergeurs : documentation, club pro et éductours.",
        "P-RESTO": "Le partenariat des restaurateurs et producteurs : club pro et éductours.",
        "P-LOISIRS": "Le partenariat des sites de loisirs, de culture et de sport.",
        "P-COMMERCE": "Le partenariat des commerces, artisans, associations et entreprises.",
        "P-PREMIUM": "Pour les grands hébergements : tout le socle, plus un reportage photo professionnel.",
    },
    followed=FollowedYear("Pack partenaire revalorisé", 2026, dt.date(2026, 6, 30),
                          prices={"P-HEB": 280, "P-RESTO": 190, "P-LOISIRS": 230, "P-PREMIUM": 1100},
                          stopped=("O-SAISON",), slow={"O-ATELIER": 0.45, "O-PLACE": 0.5}),
)

RURAL = Territory(
    name="rural",
    structure=dict(nom="Office de tourisme du Pays des Collines (fictif)", statut_juridique="association",
                   annee=2025, objectif=3000, base_objectif="recettes", cout_horaire=32, heures_disponibles=420),
    communes=("Saint-Aubin-les-Collines", "Montval", "La Ferrière", "Brousse-le-Château", "Lavaur-d'en-Haut"),
    sectors={HEB: (55, 0.55), REST: (30, 0.45), LOIS: (20, 0.45), COM: (30, 0.15), ART: (15, 0.2),
             CULT: (10, 0.4), "terroir": (12, 0.5), "association": (8, 0.25)},
    offers=(
        Offer("O-WEB", "Référencement site et brochure", "visibilite", "service_public", 0, (), 300, 0, 30, 0.2, 0.8,
              alignement=3, theme="Visibilité en ligne", public=True),
        Offer("O-SIRTAQUI", "Saisie dans la base régionale", "visibilite", "service_public", 0, (), 0, 0, 10, 0.2,
              0.75, alignement=3, theme="Visibilité en ligne", public=True),
        Offer("O-DOC", "Documentation à l'accueil", "accueil", "service_public", 0, (), 200, 1, 10, 0.1, 0.6,
              alignement=2, theme="Diffusion de documentation", public=True),
        Offer("O-ATELIER", "Ateliers numériques", "accompagnement", "service_public", 0, (), 100, 0, 20, 1.0, 0.3,
              alignement=3, theme="Compétences numériques"),
        Offer("O-EDUC", "Éductour de printemps", "animation_reseau", "socle", 0, (), 500, 0, 16, 0.3, 0.4,
              alignement=2, theme="Connaissance du territoire"),
        Offer("O-ADHESION", "Adhésion partenaire", "animation_reseau", "socle", 40, (), 150, 0, 10, 0.3, 0.86,
              alignement=3, theme="Réseau et rencontres"),
        Offer("O-PHOTO", "Photos professionnelles", "visibilite", "a_la_carte", 60, (HEB, REST, LOIS), 0, 45, 0, 0.3,
              0.12, portage="sous_traite", theme="Photos et contenus"),
        Offer("O-MARCHE", "Stand au marché de producteurs", "commercialisation", "a_la_carte", 25, ("terroir", ART),
              150, 0, 12, 0.2, 0.6, alignement=2, theme="Vente en ligne"),
    ),
    respondents=40,
    themes={"Visibilité en ligne": (4.3, 3.8), "Compétences numériques": (3.9, 3.1),
            "Réseau et rencontres": (3.4, 3.6), "Photos et contenus": (3.2, 2.8), "Vente en ligne": (3.5, 2.2),
            "Mobilité des visiteurs": (3.8, 1.8), "Connaissance du territoire": (2.8, 3.7),
            "Diffusion de documentation": (2.7, 4.1)},
    priced_offers=("O-ADHESION", "O-PHOTO"),
    seed=1977,
    team=(("Directrice", 160, ("Pilotage", "Animation de réseau", "Relation partenaires")),
          ("Conseillère en séjour", 140, ("Accueil", "Saisie base régionale", "Documentation")),
          ("Animatrice numérique (mi-temps)", 80, ("Numérique", "Formation", "Web")),
          ("Bénévole du marché", 40, ("Vente", "Terroir"))),
    carried={
        "O-WEB": (("Web",), ("Animatrice numérique (mi-temps)",)),
        "O-SIRTAQUI": (("Saisie base régionale",), ("Conseillère en séjour",)),
        "O-DOC": (("Documentation",), ("Conseillère en séjour",)),
        "O-ATELIER": (("Numérique", "Formation"), ("Animatrice numérique (mi-temps)",)),
        "O-EDUC": (("Animation de réseau",), ("Directrice",)),
        "O-ADHESION": (("Relation partenaires",), ("Directrice",)),
        "O-PHOTO": (("Photographie",), ()),
        "O-MARCHE": (("Vente", "Terroir"), ("Bénévole du marché",)),
    },
    meetings=18,
    descriptions={
        "O-WEB": "Votre fiche sur le site de l'office et dans la brochure.",
        "O-SIRTAQUI": "Votre établissement dans la base régionale, tenu à jour.",
        "O-DOC": "Vos dépliants à l'accueil de l'office.",
        "O-ATELIER": "Des ateliers numériques en petit groupe, à l'office.",
        "O-EDUC": "Une journée de découverte du territoire au printemps.",
        "O-ADHESION": "L'adhésion à l'office : le réseau des professionnels du pays et ses rencontres.",
        "O-PHOTO": "Des photos professionnelles de votre établissement.",
        "O-MARCHE": "Un stand au marché de producteurs de l'été.",
    },
)

TERRITORIES = {t.name: t for t in (DESTINATION, RURAL)}

NAME_PARTS = {
    HEB: (("Hôtel", "Camping", "Gîte", "Chambres d'hôtes", "Résidence", "Villa"),
          ("des Pins", "de la Plage", "du Lac", "les Mimosas", "Océan", "la Dune", "du Port", "les Arbousiers")),
    REST: (("Restaurant", "Bistrot", "Crêperie", "Brasserie", "Cabane", "Table"),
           ("du Marché", "de l'Étang", "la Vague", "Chez Marie", "le Phare", "les Huîtres", "du Bourg")),
    LOIS: (("Surf school", "Parc", "Golf", "Location vélos", "Canoë", "Escape game"),
           ("Atlantique", "des Landes", "de la Forêt", "du Courant", "Horizon", "des Sables")),
    COM: (("Boulangerie", "Librairie", "Épicerie", "Boutique", "Pharmacie", "Caviste"),
          ("du Centre", "de la Place", "Marine", "des Halles", "Saint-Jean", "du Front de mer")),
}
DEFAULT_PARTS = (("Atelier", "Maison", "Association", "Compagnie", "Ferme", "Société"),
                 ("des Arts", "du Pays", "Solidaire", "des Pins", "Voyageuse", "du Littoral", "Nature"))

COMMENTS = {
    "Visibilité en ligne": ["Plus de visibilité sur le site, svp", "Mes photos sur le site datent de 2019",
                            "Être mieux référencé, même pour les petites structures"],
    "Vente en ligne": ["La place de marché est compliquée à utiliser", "Je vends surtout via les plateformes, "
                       "à quoi sert la vôtre ?", "Un module de réservation simple, ce serait top"],
    "Compétences numériques": ["Les ateliers sont utiles mais trop en saison", "Besoin d'aide sur Google, "
                               "les avis, Instagram"],
    "Réseau et rencontres": ["Le \"club pro\" est utile, mais trop rare", "Rencontrer les autres pros hors saison"],
    "Données de fréquentation": ["Des chiffres par commune et par mois, svp", "On ne reçoit jamais les chiffres"],
    "Recrutement saisonnier": ["Impossible de loger mes saisonniers", "Une bourse à l'emploi commune ?"],
    "Mobilité des visiteurs": ["Pas de navette entre la plage et le bourg", "Les vélos manquent l'été"],
    "Photos et contenus": ["Des photos pro à un prix raisonnable", "Vidéos courtes pour les réseaux"],
}


# More ways of saying the same need, so that comments read like real answers (not one sentence repeated).
SAYINGS = {
    "Visibilité en ligne": ["Notre fiche sur le site n'est pas à jour", "On aimerait apparaître plus haut dans les "
                            "listes", "La fiche ne montre pas nos horaires d'hiver", "Les petites structures sont "
                            "noyées parmi les grosses", "Je ne sais pas comment modifier ma fiche"],
    "Vente en ligne": ["Les commissions des plateformes nous étranglent", "Le module de réservation plante sur "
                       "mobile", "Je voudrais vendre mes bons cadeaux en ligne", "Trop de clics pour réserver"],
    "Compétences numériques": ["Les ateliers tombent toujours en juillet", "Comment répondre aux avis négatifs ?",
                               "Un tuto vidéo serait plus simple pour moi", "Besoin d'aide pour Google Business"],
    "Réseau et rencontres": ["Le club pro, oui, mais hors saison", "Rencontrer les nouveaux installés",
                             "Les rencontres se ressemblent un peu toutes"],
    "Données de fréquentation": ["Savoir d'où viennent les visiteurs en mai-juin", "Les chiffres arrivent trop "
                                 "tard pour nous servir", "Un tableau simple par commune suffirait"],
    "Recrutement saisonnier": ["Je n'ai trouvé personne pour la plonge cet été", "Mes saisonniers dorment dans "
                               "leur voiture", "Une bourse à l'emploi partagée avec la mairie ?"],
    "Mobilité des visiteurs": ["Mes clients sans voiture sont bloqués", "Il faudrait des vélos en libre-service",
                               "La navette s'arrête à 19 h, trop tôt"],
    "Photos et contenus": ["Mes photos ont dix ans", "Des vidéos verticales pour Instagram", "Un shooting "
                           "groupé coûterait moins cher"],
    "Qualité et labels": ["Le dossier Qualité Tourisme est décourageant", "Aide pour le label Accueil Vélo ?"],
    "Formation": ["Une formation en anglais pour l'accueil", "Former mes saisonniers à l'accueil"],
    "Clientèle groupes et affaires": ["Les séminaires d'entreprise nous intéressent", "Peu de demandes de groupes "
                                      "nous parviennent"],
    "Connaissance du territoire": ["Je connais mal l'arrière-pays pour conseiller", "Un éductour au printemps "
                                   "serait idéal"],
    "Publicité": ["Le guide papier, je ne suis pas sûr que ça rapporte", "Plutôt de la pub sur le site que dans "
                  "le guide"],
    "Diffusion de documentation": ["Je manque toujours de cartes du territoire", "Les dépliants arrivent tard"],
    "Dynamisation du centre-bourg": ["Le bourg est vide dès septembre", "Les visiteurs ne montent pas jusqu'au "
                                     "bourg", "Une animation commune des commerçants le samedi ?"],
    "Accessibilité et handicap": ["Ma boutique a une marche, je ne sais pas quoi faire", "On m'a demandé un "
                                  "fauteuil de plage"],
}
OPENINGS = ("", "", "", "Franchement, ", "Pour nous, ", "Honnêtement : ", "Comme l'an dernier, ", "Surtout : ")
ENDINGS = ("", "", "", ".", " !", "…", " — merci", ", surtout hors saison", " (c'est urgent)", ", à voir")


def _vary(theme: str, rng: random.Random) -> str:
    """A comment on a theme, in one of many wordings (its own generator: the other demo files stay the same)."""
    core = rng.choice(SAYINGS.get(theme, []) + COMMENTS.get(theme, []))
    opening = rng.choice(OPENINGS)
    text = opening + (core[0].lower() + core[1:] if opening else core)
    ending = rng.choice(ENDINGS)
    return text if text[-1] in "?!…" else text + ending


def _business_name(rng: random.Random, sector: str, number: int) -> str:
    first, second = NAME_PARTS.get(sector, DEFAULT_PARTS)
    return f"{rng.choice(first)} {rng.choice(second)} {number}"


def _partners(territory: Territory, rng: random.Random) -> pd.DataFrame:
    """Businesses with their partnership history over the three years (renewal ~86 %)."""
    base = territory.structure["annee"]
    rows = []
    number = 0
    for sector, (count, share) in territory.sectors.items():
        for _ in range(count):
            number += 1
            active = {base: rng.random() < share}
            # Work backwards: a partner this year had ~86 % chance to be one last year; a few churned away.
            for year in (base - 1, base - 2):
                later = active[year + 1]
                active[year] = rng.random() < (0.88 if later else share * 0.2)
            history = [y for y in sorted(active) if active[y]]
            if active[base]:
                statut = "partenaire"
            elif history:
                statut = "ancien"
            else:
                statut = "prospect" if rng.random() < 0.12 else "non_partenaire"
            capacity = None
            if sector == HEB:
                capacity = int(rng.choice((6, 12, 20, 35, 60, 90, 150, 300, 600)) * rng.uniform(0.8, 1.2))
            elif sector == REST:
                capacity = int(rng.uniform(20, 160))
            since = None
            if history:
                since = history[0] if history[0] > base - 2 else rng.randint(base - 15, base - 2)
            rows.append(dict(id=f"E{number:05d}", nom=_business_name(rng, sector, number), filiere=sector,
                             commune=rng.choice(territory.communes), capacite=capacity, statut=statut,
                             depuis=since, club_pro=bool(active[base] and rng.random() < 0.3),
                             email=f"contact{number}@exemple.fr" if rng.random() < 0.8 else None,
                             history=history))
    return pd.DataFrame(rows)


def _offers_frame(territory: Territory) -> pd.DataFrame:
    carried = territory.carried or {}
    return pd.DataFrame([dict(id=o.id, nom=o.nom, famille=o.famille, type=o.type, sphere=o.sphere, prix=o.prix,
                              filieres_cibles=list(o.cibles), cout_fixe=o.cout_fixe, cout_unitaire=o.cout_unitaire,
                              heures_fixes=o.heures_fixes, heures_unitaires=o.heures_unitaires, portage=o.portage,
                              alignement=o.alignement, cycle=o.cycle, prix_reference=o.prix_reference,
                              theme_besoin=o.theme or None,
                              competences=LIST_SEPARATOR.join(carried.get(o.id, ((), ()))[0]) or None,
                              porteurs=LIST_SEPARATOR.join(carried.get(o.id, ((), ()))[1]) or None,
                              description=(territory.descriptions or {}).get(o.id))
                         for o in territory.offers])


def _price_paid(offer: Offer, partner: dict, year: int, base: int) -> float:
    """What a partner paid: prices rose ~3 % a year; packs for hébergements are tiered by capacity."""
    price = offer.prix
    if offer.id == "P-HEB" and partner["capacite"]:
        price = 160 if partner["capacite"] < 30 else (220 if partner["capacite"] < 100 else 320)
    return round(price / (1.03 ** (base - year)))


def _subscriptions(territory: Territory, partners: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    base = territory.structure["annee"]
    rows = []
    for partner in partners.to_dict("records"):
        for offer in territory.offers:
            if offer.cycle == "a_creer" or offer.take_up == 0:
                continue
            if offer.cibles and partner["filiere"] not in offer.cibles:
                continue
            if offer.id == "P-PREMIUM" and (partner["capacite"] or 0) < 100:
                continue
            # One draw per business and offer, so a partner keeps the same bundle from year to year.
            takes = rng.random() < offer.take_up
            if offer.public:  # public services reach every business, partner or not, every year
                years = list(range(base - 2, base + 1)) if takes and partner["statut"] != "ancien" else []
            else:
                years = partner["history"] if takes else []
            for year in years:
                rows.append(dict(partenaire_id=partner["id"], offre_id=offer.id, annee=year,
                                 montant=_price_paid(offer, partner, year, base)))
    return pd.DataFrame(rows)


# When partners subscribe, by month (January first): packs and the socle are renewed early in the year, sales
# services before the season, à la carte services through spring; public services follow the yearly update.
SEASONS = {
    "renouvellement": (30, 25, 20, 10, 5, 3, 2, 1, 1, 1, 1, 1),
    "mise_a_jour": (20, 15, 10, 8, 8, 7, 6, 6, 6, 5, 5, 4),
    "avant_saison": (10, 14, 16, 16, 12, 8, 6, 4, 4, 4, 3, 3),
    "a_la_carte": (4, 8, 12, 14, 14, 10, 8, 6, 8, 6, 5, 5),
}


def _season(offer: Offer) -> tuple[int, ...]:
    if offer.type == "pack" or offer.sphere == "socle":
        return SEASONS["renouvellement"]
    if offer.sphere == "service_public":
        return SEASONS["mise_a_jour"]
    return SEASONS["avant_saison" if offer.famille == "commercialisation" else "a_la_carte"]


def _day(offer: Offer, year: int, rng: random.Random) -> dt.date:
    month = rng.choices(range(1, 13), weights=_season(offer))[0]
    return dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _dated(territory: Territory, subscriptions: pd.DataFrame) -> pd.DataFrame:
    """The base year's subscriptions dated by their offer's season (earlier years stay undated, as in offices'
    older files), then the followed year as far as it has come. Its own random generator: the other files
    stay the same."""
    rng = random.Random(territory.seed + 4)
    offers = {o.id: o for o in territory.offers}
    base = territory.structure["annee"]
    dates = [_day(offers[row.offre_id], base, rng).strftime("%d/%m/%Y") if row.annee == base else ""
             for row in subscriptions.itertuples()]
    dated = subscriptions.assign(date=dates)
    if territory.followed is None:
        return dated
    return pd.concat([dated, _followed_year(territory.followed, dated[dated["annee"] == base], offers, rng)],
                     ignore_index=True)


def _followed_year(followed: FollowedYear, base_year: pd.DataFrame, offers: dict[str, Offer],
                   rng: random.Random) -> pd.DataFrame:
    """The base year's partners taking their offers again, at the applied scenario's prices, up to `until`."""
    rows = []
    for row in base_year.itertuples():
        if row.offre_id in followed.stopped:
            continue
        chance = (followed.slow or {}).get(row.offre_id, followed.renewal)
        price = followed.prices.get(row.offre_id, row.montant)
        if row.montant > 0 and price > row.montant:
            chance *= (price / row.montant) ** -0.5  # the model's default elasticity
        day = _day(offers[row.offre_id], followed.year, rng)
        if rng.random() < chance and day <= followed.until:
            rows.append(dict(partenaire_id=row.partenaire_id, offre_id=row.offre_id, annee=followed.year,
                             montant=price, date=day.strftime("%d/%m/%Y")))
    return pd.DataFrame(rows)


def _needs(territory: Territory, partners: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    pool = partners[partners["statut"].isin(["partenaire", "ancien", "prospect"])]
    respondents = pool.sample(n=min(territory.respondents, len(pool)), random_state=territory.seed)
    themes = list(territory.themes)
    wording = random.Random(territory.seed + 2)
    rows = []
    for partner in respondents.to_dict("records"):
        for theme in rng.sample(themes, k=rng.randint(4, min(8, len(themes)))):
            importance_mean, satisfaction_mean = territory.themes[theme]
            importance = min(5, max(1, round(rng.gauss(importance_mean, 0.9))))
            satisfaction = min(5, max(1, round(rng.gauss(satisfaction_mean, 0.9))))
            # The main generator draws as it always did, so the rest of the demo keeps its figures.
            comment = rng.choice(COMMENTS[theme]) if theme in COMMENTS and rng.random() < 0.25 else None
            if comment is None and theme not in COMMENTS and wording.random() < 0.15:
                comment = ""
            if comment is not None:
                comment = _vary(theme, wording)
            rows.append(dict(partenaire_id=partner["id"], theme=theme, importance=importance,
                             satisfaction=None if rng.random() < 0.08 else satisfaction, commentaire=comment))
    return pd.DataFrame(rows)


def _price_answers(territory: Territory, partners: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    offers = {o.id: o for o in territory.offers}
    rows = []
    for offer_id in territory.priced_offers:
        offer = offers[offer_id]
        pool = _target_partners(offer, partners)
        centre = offer.prix or offer.prix_reference or 50
        answering = pool.sample(n=min(len(pool), 60 if len(pool) > 100 else 25), random_state=len(rows))
        for partner_id in answering["id"]:
            level = centre * rng.lognormvariate(0, 0.25)
            answers = [level * 0.45, level * 0.75, level * 1.2, level * 1.7]
            if rng.random() < 0.06:  # a few respondents mix up the questions, as in real surveys
                answers[1], answers[2] = answers[2], answers[1]
            rows.append(dict(partenaire_id=partner_id, offre_id=offer_id,
                             **dict(zip(("trop_bon_marche", "bon_marche", "cher", "trop_cher"),
                                        (round(a / 5) * 5 for a in answers), strict=False))))
    return _with_purchase_intent(pd.DataFrame(rows), random.Random(territory.seed + 4))


def _with_purchase_intent(answers: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """« At your bon marché / cher price, would you buy it? » (1 to 5): mostly yes at the first, hesitant at the
    second; a few respondents skip the two questions. Its own random generator: the price answers, and the
    other demo files, keep their figures."""
    def answer(mean: float) -> int:
        return min(5, max(1, round(rng.gauss(mean, 0.9))))

    intents = [(None, None) if rng.random() < 0.05 else (answer(4.2), answer(2.6)) for _ in range(len(answers))]
    return answers.assign(intention_bon_marche=pd.array([i[0] for i in intents], dtype="Int64"),
                          intention_cher=pd.array([i[1] for i in intents], dtype="Int64"))


def _target_partners(offer: Offer, partners: pd.DataFrame) -> pd.DataFrame:
    """The current partners an offer is meant for: only they are asked about its price."""
    pool = partners[partners["statut"] == "partenaire"]
    return pool[pool["filiere"].isin(offer.cibles)] if offer.cibles else pool


# Gabor–Granger: prices asked, as multiples of the current (or reference) price.
GG_PRICE_STEPS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0)


def _acceptance_answers(territory: Territory, partners: pd.DataFrame) -> pd.DataFrame:
    """« Would you buy it at this price? » for the priced offers: each respondent has a hidden maximum price
    (log-normal around the current price) and says oui up to it, as in a sequential questionnaire.
    Its own random generator, so adding these answers leaves the other demo files unchanged."""
    rng = random.Random(territory.seed + 1)
    rows = []
    for offer in (o for o in territory.offers if o.id in territory.priced_offers):
        centre = offer.prix or offer.prix_reference or 50
        step = 5 if centre >= 40 else 1
        prices = sorted({max(step, round(centre * k / step) * step) for k in GG_PRICE_STEPS})
        pool = _target_partners(offer, partners)
        answering = pool.sample(n=min(len(pool), 80 if len(pool) > 100 else 25), random_state=territory.seed)
        for partner_id in answering["id"]:
            ceiling = centre * rng.lognormvariate(0.05, 0.35)
            rows += [dict(partenaire_id=partner_id, offre_id=offer.id, prix=float(price), accepte=price <= ceiling)
                     for price in prices]
    return pd.DataFrame(rows, columns=["partenaire_id", "offre_id", "prix", "accepte"])


# The field-listening log: what a meeting is about, the need heard, and the follow-up the office notes.
NEEDS_HEARD = {
    "Visibilité en ligne": ("Mettre à jour sa fiche et ses photos", "Envoyer le lien de modification de la fiche"),
    "Vente en ligne": ("Vendre en direct sans commission", "Présenter la place de marché"),
    "Compétences numériques": ("Être aidé sur les avis et Google", "Inscrire à l'atelier numérique d'octobre"),
    "Réseau et rencontres": ("Rencontrer les autres professionnels", "Inviter au prochain club pro"),
    "Données de fréquentation": ("Connaître la clientèle de sa commune", "Transmettre les chiffres du trimestre"),
    "Recrutement saisonnier": ("Loger et recruter ses saisonniers", "Mettre en relation avec la mission locale"),
    "Mobilité des visiteurs": ("Des navettes et des vélos pour ses clients", "Faire remonter à l'intercommunalité"),
    "Photos et contenus": ("Des photos professionnelles abordables", "Proposer le reportage photo groupé"),
    "Qualité et labels": ("Préparer un label", "Envoyer le dossier Accueil Vélo"),
    "Formation": ("Former l'équipe d'accueil", "Transmettre le calendrier de la CCI"),
    "Clientèle groupes et affaires": ("Accueillir des séminaires", "Présenter le service groupes"),
    "Connaissance du territoire": ("Mieux connaître l'offre voisine", "Inviter à l'éductour"),
    "Publicité": ("Savoir si l'encart rapporte", "Envoyer les statistiques de l'encart"),
    "Diffusion de documentation": ("Recevoir plus de documentation", "Livrer un carton de cartes"),
    "Dynamisation du centre-bourg": ("Faire venir les visiteurs dans le bourg", "Inviter à la réunion du "
                                                                                "club des commerces"),
    "Accessibilité et handicap": ("Accueillir des visiteurs handicapés", "Orienter vers le référent Tourisme & "
                                                                          "Handicap"),
}
CENTRE = "Dynamisation du centre-bourg"
UNLISTED = (("Food-truck La Vague", "restauration"), ("Recyclerie du Pays", "ess"),
            ("Coworking des Pins", "entreprise"), ("Vélos Électriques du Lac", "mobilite"),
            ("Compagnie du Théâtre Vert", "culture"), ("Ferme du Moulin", "terroir"))
FORMAT_WEIGHTS = {"visite": 35, "telephone": 20, "club_pro": 15, "atelier": 10, "salon": 10, "accueil": 5,
                  "courriel": 5}


def _meetings(territory: Territory, partners: pd.DataFrame) -> pd.DataFrame:
    """A year of meetings (its own generator): mostly partners, some prospects and businesses not listed; themes
    drawn by importance, plus a need the survey did not ask about (accessibility)."""
    rng = random.Random(territory.seed + 3)
    base = territory.structure["annee"]
    start = dt.date(base, 1, 8)
    listed = partners[partners["statut"].isin(["partenaire", "prospect", "non_partenaire"])]
    current = listed[listed["statut"] == "partenaire"]
    others = listed[listed["statut"] != "partenaire"]
    themes = [t for t in territory.themes if t in NEEDS_HEARD]
    weights = [territory.themes[t][0] ** 2 for t in themes]
    rows = []
    for number in range(territory.meetings):
        day = start + dt.timedelta(days=int(number * 320 / max(1, territory.meetings)) + rng.randint(0, 5))
        draw = rng.random()
        if draw < 0.12:
            name, sector = rng.choice(UNLISTED)
            who = dict(partenaire_id="", nom=name, filiere=sector)
        else:
            pool = others if draw < 0.3 else current
            partner = pool.iloc[rng.randrange(len(pool))]
            sector = partner["filiere"]
            who = dict(partenaire_id=partner["id"], nom="", filiere="")
        chosen = list(dict.fromkeys(rng.choices(themes, weights=weights, k=rng.randint(1, 3))))
        if rng.random() < 0.08:
            chosen.append("Accessibilité et handicap")
        if sector in (COM, ART) and any(o.theme == CENTRE for o in territory.offers):
            chosen.insert(0, CENTRE)  # the shopkeepers' own concern, which the planned club answers
        need, follow_up = NEEDS_HEARD[chosen[0]]
        has_follow_up = rng.random() < 0.75
        age = territory.meetings - number
        status = ("fait" if age > territory.meetings * 0.4 and rng.random() < 0.8 else
                  rng.choice(("a_faire", "en_cours", "fait"))) if has_follow_up else ""
        rows.append(dict(date=day.strftime("%d/%m/%Y"), **who,
                         format=rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0],
                         themes=LIST_SEPARATOR.join(chosen), besoin=need,
                         verbatim=_vary(chosen[0], rng) if rng.random() < 0.7 else "",
                         suite=follow_up if has_follow_up else "", statut_suite=status))
    return pd.DataFrame(rows)


def _team(territory: Territory) -> pd.DataFrame:
    return pd.DataFrame([dict(nom=name, heures_disponibles=hours, competences=LIST_SEPARATOR.join(skills))
                         for name, hours, skills in territory.team])


def generate(name: str, folder: str | Path | None = None) -> Path:
    """Write the demo territory's template files into folder (default data/demo/<name>) and return it."""
    territory = TERRITORIES[name]
    folder = Path(folder) if folder else DEMO_ROOT / name
    rng = random.Random(territory.seed)
    partners = _partners(territory, rng)
    offers = _offers_frame(territory)
    packs = pd.DataFrame([dict(pack_id=o.id, offre_id=c) for o in territory.offers for c in o.contents],
                         columns=["pack_id", "offre_id"])
    frames = {
        "structure": pd.DataFrame([territory.structure]),
        "partenaires": partners,
        "offres": offers,
        "composition_packs": packs,
        "souscriptions": _dated(territory, _subscriptions(territory, partners, rng)),
        "besoins": _needs(territory, partners, rng),
        "prix_acceptables": _price_answers(territory, partners, rng),
        "reponses_prix": _acceptance_answers(territory, partners),
        "rencontres": _meetings(territory, partners),
        "equipe": _team(territory),
    }
    for template_name, frame in frames.items():
        write_template(template_name, frame, folder / f"{template_name}.csv")
    return folder


@functools.cache
def filled_template(template_name: str) -> bytes:
    """A template file filled with the destination demo's rows, in the export format (BOM, decimal comma)
    so that French Excel opens it right. Generated once per process (the generator is deterministic)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = generate("destination", Path(tmp) / "destination") / f"{template_name}.csv"
        raw = path.read_bytes() if path.exists() else b""
    if not raw:
        return b""
    text, _ = decode(raw)
    return exports.to_csv_bytes(pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False))
