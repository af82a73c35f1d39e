"""A synthetic stand-in for Atout France's national list of classified accommodation, to measure an import of a
national list cut down to one département (`python -m otmodel bench --only national_list`).

The real file (~21 000 rows) is published on data.gouv.fr; this machine has no internet, so this generator
writes one shaped like it: `;`-separated, Windows-1252, CRLF, no identifier column, the real file's 16 headers,
establishments of every kind spread over 96 départements by their weight in tourism, many names shared across
communes (« CAMPING BELLEVUE », « HÔTEL DE LA GARE »), communes sharing a postcode (Mimizan and
Sainte-Eulalie-en-Born, 40200), postcodes as Excel writes them (« 9000 » for Foix, 09000), « - » in the figures
that do not apply, and a few establishments listed twice. The Landes (40) and the Ariège (09) have real commune
names and postcodes; the other départements have made-up communes. Deterministic: the same seed gives the same
file, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from otmodel import vocab

HEADER = ("DATE DE CLASSEMENT", "TYPOLOGIE ÉTABLISSEMENT", "CLASSEMENT", "CATÉGORIE", "MENTION", "NOM COMMERCIAL",
          "ADRESSE", "CODE POSTAL", "COMMUNE", "SITE INTERNET", "TYPE DE SÉJOUR", "CAPACITÉ D'ACCUEIL (PERSONNES)",
          "NOMBRE DE CHAMBRES", "NOMBRE D'EMPLACEMENTS", "NOMBRE D'UNITÉS D'HABITATION", "NOMBRE DE LOGEMENTS")
ROWS = 21_000
NOT_APPLICABLE = "-"

# Real communes and postcodes of two départements the tests and the note filter on.
REAL_COMMUNES = {
    "40": [("MIMIZAN", "40200"), ("SAINTE-EULALIE-EN-BORN", "40200"), ("BISCARROSSE", "40600"), ("DAX", "40100"),
           ("MONT-DE-MARSAN", "40000"), ("CAPBRETON", "40130"), ("SOORTS-HOSSEGOR", "40150"),
           ("SEIGNOSSE", "40510"), ("VIEUX-BOUCAU-LES-BAINS", "40480"), ("MOLIETS-ET-MAA", "40660"),
           ("MESSANGES", "40660"), ("LÉON", "40550"), ("VIELLE-SAINT-GIRONS", "40560"),
           ("SAINT-JULIEN-EN-BORN", "40170"), ("LIT-ET-MIXE", "40170"), ("ONDRES", "40440"), ("LABENNE", "40530"),
           ("TARNOS", "40220"), ("SAINT-PAUL-LÈS-DAX", "40990"), ("SANGUINET", "40460"),
           ("PARENTIS-EN-BORN", "40160"), ("GASTES", "40160"), ("AIRE-SUR-L'ADOUR", "40800"),
           ("HAGETMAU", "40700"), ("AZUR", "40140"), ("SOUSTONS", "40140"), ("MAGESCQ", "40140"),
           ("PEYREHORADE", "40300"), ("SAINT-SEVER", "40500"), ("LABOUHEYRE", "40210")],
    "09": [("FOIX", "09000"), ("PAMIERS", "09100"), ("AX-LES-THERMES", "09110"), ("TARASCON-SUR-ARIÈGE", "09400"),
           ("SAINT-GIRONS", "09200"), ("MIREPOIX", "09500"), ("LAVELANET", "09300")],
}
# Share of the national list per département (classified accommodation follows the coast, the mountains and
# Paris); the others share the rest evenly.
HEAVY = {"75": 7.0, "06": 4.5, "83": 4.5, "34": 3.5, "40": 3.3, "33": 3.3, "17": 3.3, "85": 3.3, "64": 3.0,
         "66": 2.8, "74": 2.8, "73": 2.8, "13": 2.6, "29": 2.5, "56": 2.3, "44": 2.0, "30": 2.0, "2A": 1.5,
         "2B": 1.5, "09": 0.6}
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]

# Typology, its share, classifications, and which figure column it fills.
KINDS = [("HÔTEL DE TOURISME", 0.46, "NOMBRE DE CHAMBRES", (8, 80)),
         ("CAMPING", 0.36, "NOMBRE D'EMPLACEMENTS", (25, 400)),
         ("RÉSIDENCE DE TOURISME", 0.09, "NOMBRE DE LOGEMENTS", (20, 200)),
         ("VILLAGE DE VACANCES", 0.05, "NOMBRE D'UNITÉS D'HABITATION", (15, 150)),
         ("PARC RÉSIDENTIEL DE LOISIRS", 0.02, "NOMBRE D'UNITÉS D'HABITATION", (10, 120)),
         ("AUBERGE COLLECTIVE", 0.02, "NOMBRE DE CHAMBRES", (5, 40))]
# Names shared by many establishments across France (the reason the name alone cannot be an identifier).
COMMON_NAMES = {
    "HÔTEL DE TOURISME": ["HÔTEL DE LA GARE", "HÔTEL DU COMMERCE", "HÔTEL DE FRANCE", "HÔTEL DE LA PLAGE",
                          "HÔTEL DU CENTRE", "HÔTEL DE LA POSTE", "HÔTEL DES VOYAGEURS", "LE RELAIS DU LAC"],
    "CAMPING": ["CAMPING BELLEVUE", "CAMPING LES PINS", "CAMPING LE LAC", "CAMPING MUNICIPAL", "CAMPING LA FORÊT",
                "CAMPING LES CHÊNES", "CAMPING DU PORT", "CAMPING LA PLAGE"],
    "RÉSIDENCE DE TOURISME": ["RÉSIDENCE LES PINS", "RÉSIDENCE DU GOLF", "RÉSIDENCE LES JARDINS DE LA MER"],
    "VILLAGE DE VACANCES": ["VILLAGE VACANCES LES ISARDS", "VILLAGE CLUB DU SOLEIL", "VVF VILLAGES"],
    "PARC RÉSIDENTIEL DE LOISIRS": ["PARC RÉSIDENTIEL DES LACS", "DOMAINE DES PINS"],
    "AUBERGE COLLECTIVE": ["AUBERGE DE JEUNESSE", "GÎTE D'ÉTAPE"],
}
WORDS = ["DES PINS", "DU MOULIN", "LES ALOUETTES", "DE L'OCÉAN", "DU CHÂTEAU", "LES GLYCINES", "DES DUNES",
         "LE BEAU SITE", "DU VIEUX PORT", "LES TILLEULS", "DE LA SOURCE", "LES MIMOSAS", "DU GOLFE", "LE PANORAMA",
         "DES ARTS", "DU PARC", "LA BASTIDE", "LES ORMES", "DE LA TOUR", "L'ESCALE", "DES CIGALES", "LE MAS",
         "DU LAC BLEU", "LES PRÉS", "DE LA VALLÉE", "BEAU RIVAGE", "DES ROCHES", "LA PINÈDE", "DU GRAND CERF"]
PREFIXES = {"HÔTEL DE TOURISME": "HÔTEL", "CAMPING": "CAMPING", "RÉSIDENCE DE TOURISME": "RÉSIDENCE",
            "VILLAGE DE VACANCES": "VILLAGE VACANCES", "PARC RÉSIDENTIEL DE LOISIRS": "PRL",
            "AUBERGE COLLECTIVE": "AUBERGE"}
STREETS = ["route du Lac", "avenue de la Gare", "rue du Commerce", "place de l'Église", "boulevard de l'Océan",
           "chemin des Dunes", "allée des Pins", "rue Principale", "avenue de la Plage", "lieu-dit Bellevue"]
MADE_UP = ["SAINT-MARTIN", "SAINT-JEAN", "BEAUMONT", "VILLENEUVE", "MONTFORT", "LA CHAPELLE", "CHÂTEAUNEUF",
           "SAINTE-MARIE", "BELLEVILLE", "FONTAINE", "LES ESSARTS", "MONTAGNAC"]
SUFFIXES = ["", "-SUR-MER", "-LES-BAINS", "-EN-VALLÉE", "-SUR-LOIRE", "-LE-VIEUX"]
COMMON_SHARE = 0.18  # establishments named with one of the common names
LISTED_TWICE = 0.004  # establishments listed twice (a classification renewed, entered again)
NO_CAPACITY = 0.08  # capacities left at « - »


def communes(departement: str) -> list[tuple[str, str]]:
    """(commune, postcode) of a département: the real ones where known, else made-up names."""
    if departement in REAL_COMMUNES:
        return REAL_COMMUNES[departement]
    base = "20" if departement in ("2A", "2B") else departement
    shift = 0 if departement != "2B" else 200
    return [(f"{stem}{suffix}", f"{base}{(100 * (i % 9) + 10 * (i // 9) + shift) % 1000:03d}")
            for i, (stem, suffix) in enumerate((s, x) for x in SUFFIXES for s in MADE_UP)][:36]


def frame(rows: int = ROWS, seed: int = 2025) -> pd.DataFrame:
    """The list as text cells, in the real file's columns."""
    rng = np.random.default_rng(seed)
    weights = np.array([HEAVY.get(d, 0.0) for d in DEPARTEMENTS])
    weights[weights == 0] = (100 - weights.sum()) / (weights == 0).sum()
    departements = rng.choice(DEPARTEMENTS, size=rows, p=weights / weights.sum())
    kinds = rng.choice(len(KINDS), size=rows, p=[k[1] for k in KINDS])
    places_of = {d: communes(d) for d in DEPARTEMENTS}
    records = []
    for departement, kind in zip(departements, kinds, strict=True):
        typology, _, figure, (low, high) = KINDS[kind]
        places = places_of[departement]
        commune, postcode = places[rng.integers(len(places))]
        if rng.random() < COMMON_SHARE:
            name = COMMON_NAMES[typology][rng.integers(len(COMMON_NAMES[typology]))]
        else:
            tail = rng.choice(["", f" {commune}", f" {WORDS[rng.integers(len(WORDS))]}"], p=[.3, .4, .3])
            name = f"{PREFIXES[typology]} {WORDS[rng.integers(len(WORDS))]}{tail}"
        units = int(rng.integers(low, high))
        figures = dict.fromkeys(HEADER[12:], NOT_APPLICABLE)
        figures[figure] = str(units)
        capacity = NOT_APPLICABLE if rng.random() < NO_CAPACITY else str(units * int(rng.integers(2, 4)))
        stars = int(rng.integers(1, 6))
        records.append({
            "DATE DE CLASSEMENT": f"{rng.integers(1, 29):02d}/{rng.integers(1, 13):02d}/{rng.integers(2020, 2026)}",
            "TYPOLOGIE ÉTABLISSEMENT": typology,
            "CLASSEMENT": f"{stars} étoile{'s' if stars > 1 else ''}",
            "CATÉGORIE": "Tourisme" if rng.random() < 0.8 else "Loisirs",
            "MENTION": "Palace" if typology == "HÔTEL DE TOURISME" and stars == 5 and rng.random() < 0.1
            else NOT_APPLICABLE,
            "NOM COMMERCIAL": name,
            "ADRESSE": f"{rng.integers(1, 120)} {STREETS[rng.integers(len(STREETS))]}",
            "CODE POSTAL": postcode.lstrip("0"),  # saved by Excel, which took the postcode for a number
            "COMMUNE": commune,
            "SITE INTERNET": f"www.{vocab.normalise(name).replace('_', '-')}.fr" if rng.random() < 0.4 else "",
            "TYPE DE SÉJOUR": rng.choice(["Loisirs", "Affaires et loisirs", "Affaires"], p=[0.6, 0.3, 0.1]),
            "CAPACITÉ D'ACCUEIL (PERSONNES)": capacity,
            **figures,
        })
    table = pd.DataFrame(records, columns=list(HEADER))
    twice = table.sample(frac=LISTED_TWICE, random_state=seed)
    twice["DATE DE CLASSEMENT"] = "01/03/2025"
    return pd.concat([table, twice]).sort_index(kind="stable").reset_index(drop=True)


def write(path: str | Path, rows: int = ROWS, seed: int = 2025) -> Path:
    """Write the list as the national file is distributed once opened and saved by French Excel."""
    path = Path(path)
    frame(rows, seed).to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return path
