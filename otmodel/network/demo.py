"""A demo network of offices, generated deterministically: 40 fictional offices of every size and model over five
years, beside the network files of the two demo territories (exported from their databases). Its values are
synthetic — no public list gives partner counts or partner revenue per office — and the folder says so.

`national` makes a network of any size, for the bench (2 000 offices × 5 years: a national network), either
in one file per region, as a federation collects them, or in one file per office and year.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from otmodel import db, vocab
from otmodel.data import importer
from otmodel.demo import territories
from otmodel.network import export, schema
from otmodel.network.indicators import INDICATORS, SOCLE_PRICE
from otmodel.network.schema import COLUMNS

OFFICES = 40
LAST_YEAR = 2025
YEARS = 5
SEED = 2013  # the year the network's « club indicateurs » began
README = "LISEZMOI.txt"
NOTICE = (
    "Réseau de démonstration d'otmodel.\n\n"
    "Les 40 offices « (fictif) » de ce dossier et toutes leurs valeurs sont SYNTHÉTIQUES : générés par otmodel "
    "(otmodel/network/demo.py), ils ne décrivent aucun office réel. Aucune liste publique ne donne le nombre de "
    "partenaires ni les recettes partenaires de chaque office : ces chiffres sont les nôtres.\n"
    "Les deux autres fichiers sont les exports des territoires de démonstration (Côte des Pins, Pays des "
    "Collines), eux aussi fictifs.\n"
)
# (legal form, size class) → how many of the 40 offices: a few groups of 5 or more, as in a real region, and
# small ones that show the « fewer than 5 » rule.
LAYOUT: dict[tuple[str, int], int] = {
    ("association", 0): 7, ("association", 1): 5, ("association", 2): 3, ("association", 3): 1,
    ("epic", 0): 2, ("epic", 1): 3, ("epic", 2): 6, ("epic", 3): 1,
    ("regie", 0): 3, ("regie", 1): 2, ("regie", 2): 1,
    ("spl", 1): 1, ("spl", 2): 3, ("spl", 3): 2,
}
SIZE_RANGES = ((80, 299), (300, 999), (1_000, 2_999), (3_000, 6_500))
TARGETS = (3_000.0, 250_000.0)  # the smallest and the largest target of the network
PLACES = ("Val d'Argent", "Pays des Trois Rivières", "Côte Vermeille", "Monts du Levant", "Lacs et Forêts",
          "Vallée de l'Ours", "Plateau des Genêts", "Marais Blanc", "Causses et Gorges", "Rives de l'Estuaire",
          "Pays des Bastides", "Haute-Lande", "Coteaux du Soleil", "Baie des Phares", "Pays des Sources",
          "Terres de Granit", "Vignoble des Cèdres", "Grand Pic", "Pays des Moulins", "Île aux Oiseaux",
          "Canal des Deux Mers", "Forêt de Lune", "Combes et Volcans", "Pays des Châtaigniers", "Dunes d'Or",
          "Gorges du Tarnet", "Pays des Lavandes", "Val des Abbayes", "Hautes Chaumes", "Estuaire des Pêcheurs",
          "Pays de la Meije", "Bocage Vert", "Presqu'île des Sables", "Montagne Noire du Nord", "Pays des Falaises",
          "Causse aux Loups", "Val de Sorgues", "Pays des Étangs", "Cap des Tempêtes", "Vallée des Forges")


def _profiles(layout: list[tuple[str, int]], rng: np.random.Generator, names: list[str]) -> pd.DataFrame:
    """One row per office: name, legal form, businesses, communes, population and beds (unknown for some)."""
    n = len(layout)
    forms = np.array([form for form, _ in layout])
    sizes = np.array([size for _, size in layout])
    low = np.array([SIZE_RANGES[s][0] for s in sizes])
    high = np.array([SIZE_RANGES[s][1] for s in sizes])
    businesses = np.round(low + (high - low) * rng.random(n)).astype(int)
    population = np.round(businesses * rng.uniform(6, 18, n) / 10) * 10
    beds = np.round(population * rng.uniform(0.2, 3.0, n) / 10) * 10
    known = rng.random(n) < 0.7  # population and beds entered by about 70 % of the offices
    return pd.DataFrame({
        "office": names, "statut_juridique": forms, "entreprises": businesses,
        "communes": np.clip(np.round(businesses / rng.uniform(25, 60, n)), 1, None).astype(int),
        "population": np.where(known, population, np.nan), "lits_touristiques": np.where(known, beds, np.nan)})


def _targets(businesses: np.ndarray, forms: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Targets from 3 000 € to 250 000 €, larger for larger territories and for EPIC and SPL (commercial
    models); the smallest and the largest of the network are exactly the bounds."""
    weight = np.log(businesses) + np.where(np.isin(forms, ["epic", "spl"]), 1.0, 0.0) + rng.normal(0, 0.4,
                                                                                                 len(forms))
    share = (weight - weight.min()) / (weight.max() - weight.min()) if len(forms) > 1 else np.zeros(1)
    low, high = TARGETS
    return np.round(low * (high / low) ** share, -2)


def _wide(profiles: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Every indicator of every office for one year: plausible orders of magnitude, synthetic."""
    n = len(profiles)
    businesses = profiles["entreprises"].to_numpy(dtype=float)
    per_k = 1000 / businesses
    target = profiles["objectif"].to_numpy()
    commercial = profiles["statut_juridique"].isin(["epic", "spl"]).to_numpy()
    drift = (1 + profiles["tendance"].to_numpy()) ** (year - LAST_YEAR)
    # A result target (EPIC, SPL, some others) needs revenue well above it; a revenue target is met or missed
    # by a quarter, with services that often cost more than they bring (the office's public money pays them).
    basis_margin = commercial | (rng.random(n) < 0.25)
    revenue = target * drift * np.where(basis_margin, rng.uniform(1.6, 3.2, n), rng.uniform(0.75, 1.35, n))
    costs = revenue * np.where(basis_margin, rng.uniform(0.45, 0.75, n), rng.uniform(0.8, 2.8, n))
    margin = revenue - costs
    gap = np.where(basis_margin, margin, revenue) - target
    partners = np.round(businesses * profiles["couverture"].to_numpy() * rng.uniform(0.95, 1.05, n))
    renewal = np.clip(profiles["fidelite"].to_numpy() + rng.normal(0, 0.02, n), 0.5, 0.99)
    spheres = {code: rng.integers(low, high + 1, n) for code, (low, high) in
               {"service_public": (2, 8), "socle": (1, 5), "a_la_carte": (0, 10), "premium": (0, 4)}.items()}
    services = sum(spheres.values())
    survey = rng.random(n) < 0.8
    hours = partners * rng.uniform(1.0, 8.0, n)
    socle = profiles["socle"].to_numpy() * drift
    values = {
        "recettes_pour_1000_entreprises": revenue * per_k, "couts_pour_1000_entreprises": costs * per_k,
        "resultat_pour_1000_entreprises": margin * per_k, "objectif_pour_1000_entreprises": target * per_k,
        "ecart_objectif_part": gap / target, "partenaires": partners,
        "partenaires_pour_1000_entreprises": partners * per_k, "taux_renouvellement": renewal,
        "taux_attrition": 1 - renewal, "part_recettes_top10": rng.uniform(0.18, 0.6, n),
        **{f"services_{code}": count.astype(float) for code, count in spheres.items()},
        "part_services_gratuits": (spheres["service_public"] + rng.integers(0, 2, n)) / services,
        "couverture_service_public": rng.uniform(0.55, 1.0, n),
        "taux_reponse_enquete": np.where(survey, rng.uniform(0.05, 0.5, n), np.nan),
        "satisfaction_moyenne": np.where(survey, rng.uniform(2.6, 4.4, n), np.nan),
        "rencontres_pour_100_partenaires": rng.uniform(2, 40, n),
        "heures_utilisees_part": rng.uniform(0.6, 1.2, n), "heures_par_partenaire": hours / partners,
    }
    factors = {"hebergement": 1.3, "restauration": 1.0, "loisirs": 1.1, "commerce": 0.5, "artisanat": 0.5}
    for code in vocab.FILIERES:
        aimed = rng.random(n) < (0.9 if code in factors else 0.5)
        values[f"{SOCLE_PRICE}{code}"] = np.where(aimed, np.round(socle * factors.get(code, 0.6)), np.nan)
    wide = pd.DataFrame(values)
    return wide[[i.key for i in INDICATORS]]


def synthetic_rows(layout: list[tuple[str, int]], names: list[str], years: list[int], seed: int = SEED,
                   exported_at: datetime | None = None) -> pd.DataFrame:
    """The network files' rows of synthetic offices (one per office, year and indicator)."""
    rng = np.random.default_rng(seed)
    profiles = _profiles(layout, rng, names)
    n = len(profiles)
    forms = profiles["statut_juridique"].to_numpy()
    profiles["objectif"] = _targets(profiles["entreprises"].to_numpy(dtype=float), forms, rng)
    profiles["tendance"] = rng.uniform(-0.03, 0.08, n)
    profiles["couverture"] = rng.uniform(0.12, 0.6, n)
    profiles["fidelite"] = rng.uniform(0.7, 0.93, n)
    profiles["socle"] = rng.uniform(30, 320, n) * np.where(np.isin(forms, ["epic", "spl"]), 1.3, 0.8)
    frames = []
    for year in years:
        wide = _wide(profiles, year, rng)
        head = profiles[["office", "statut_juridique", "entreprises", "communes", "population",
                         "lits_touristiques"]].assign(
            format=schema.FORMAT, version=schema.VERSION, annee=year,
            exporte_le=exported_at or datetime(year + 1, 3, 15, 9, 30))
        head["entreprises"] = np.round(head["entreprises"] * (1.01 ** (year - LAST_YEAR))).astype(int)
        long = pd.concat([head, wide], axis=1).melt(id_vars=list(head.columns), var_name="indicateur",
                                                    value_name="valeur")
        frames.append(long)
    rows = pd.concat(frames, ignore_index=True)
    return rows[list(COLUMNS)]


def _layout() -> list[tuple[str, int]]:
    return [cell for cell, count in LAYOUT.items() for _ in range(count)]


def demo_rows() -> pd.DataFrame:
    """The 40 synthetic offices of the demo network, five years each."""
    names = [f"Office de tourisme {place} (fictif)" for place in PLACES]
    return synthetic_rows(_layout(), names, list(range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1)))


def _territory_exports(folder: Path, databases: dict[str, Path] | None) -> list[Path]:
    """The network files of the demo territories, exported from their databases (built here when not given)."""
    written = []
    with tempfile.TemporaryDirectory(prefix="otmodel-demo-") as work:
        for name in territories.DEMOS:
            path = (databases or {}).get(name)
            if path is None:
                path = Path(work) / f"{name}.duckdb"
                with db.connect(path) as con:
                    importer.import_folder(con, territories.generate(name, Path(work) / name))
            with db.connect(path, read_only=True) as con:
                rows = export.office_rows(con, datetime(LAST_YEAR + 1, 3, 20, 10, 0))
            target = folder / export.file_name(str(rows.at[0, "office"]), int(rows.at[0, "annee"]))
            written.append(export.write([rows], target))
    return written


def write_demo(folder: str | Path, databases: dict[str, Path] | None = None) -> list[Path]:
    """Write the demo network into `folder`: one file per synthetic office and year, the two demo territories'
    own files, and a note saying that the values are synthetic. Returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / README).write_text(NOTICE, encoding="utf-8")
    rows = demo_rows()
    written = []
    with duckdb.connect() as con:
        for (office, year), frame in rows.groupby(["office", "annee"], sort=True):
            path = folder / export.file_name(office, year)
            con.register("network_rows", frame)
            con.sql(schema.typed_select("network_rows")).write_parquet(str(path))
            written.append(path)
    return written + _territory_exports(folder, databases)


REGIONS = 13  # a national network: one file per regional federation


def national(folder: str | Path, offices: int, years: int = YEARS, *, per_office_year: bool = False,
             seed: int = SEED) -> int:
    """A synthetic national network of `offices` offices × `years` years in `folder`: one file per region
    (REGIONS), or one file per office and year. Returns the number of files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    layout = [cell for cell in LAYOUT for _ in range(LAYOUT[cell])]
    cells = [layout[i % len(layout)] for i in range(offices)]
    rows = synthetic_rows(cells, [f"Office n°{i + 1} (fictif)" for i in range(offices)],
                          list(range(LAST_YEAR - years + 1, LAST_YEAR + 1)), seed)
    number = rows.groupby(["office", "annee"], sort=False).ngroup()
    rows = rows.assign(part=number if per_office_year else rows["office"].str.extract(r"(\d+)")[0].astype(int)
                       % REGIONS)
    with duckdb.connect() as con:
        con.register("network_rows", rows)
        columns = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in COLUMNS.items())
        con.execute(f"COPY (SELECT {columns}, part FROM network_rows) TO '{_quoted(folder)}' "
                    "(FORMAT parquet, PARTITION_BY (part), OVERWRITE_OR_IGNORE true)")
    return sum(1 for _ in folder.rglob("*.parquet"))


def _quoted(path: Path) -> str:
    """A path inside an SQL string literal (COPY takes no parameter for its target)."""
    return str(path).replace("'", "''")
