"""What the tests build on: the files they read (all inside tests/data) and how to build real databases.

Every file a test reads is inside the repository: the small hand-checked territory (`data/petit`) and
copies of the reference samples shaped like offices' real exports (`data/samples`, with their README
saying what each must give once imported).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from otmodel import db
from otmodel.data import importer, mapping

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "petit"
SAMPLES = DATA / "samples"

# The mapping of samples/export_base_regionale.csv (a Tourinsoft-style export), as its README gives it.
TOURINSOFT = mapping.Mapping(
    "partenaires",
    columns={"id": "SyndicObjectID", "nom": "SyndicObjectName", "commune": "COMMUNE", "filiere": "ObjectTypeName"},
    constants={"statut": "non_partenaire"},
    values={"filiere": {"Hôtellerie": "hebergement", "Hôtellerie de plein air": "hebergement",
                        "Hébergement locatif": "hebergement", "Chambre d'hôtes": "hebergement",
                        "Restauration": "restauration", "Dégustation": "restauration",
                        "Activités sportives et de loisirs": "loisirs", "Patrimoine culturel": "culture",
                        "Commerce et service": "commerce"}},
)
# The mapping of samples/besoins_formulaire.csv (an online form's export).
FORM = mapping.Mapping("besoins", columns={"partenaire_id": "Identifiant partenaire"})


def build_database(path: Path, folder: Path) -> Path:
    """A database file holding a territory's template files, imported the way users import them."""
    with db.connect(path) as con:
        importer.import_folder(con, folder)
    return path


def copy_database(source: Path, target: Path) -> Path:
    """A private copy of a built database (a test may write to it without touching the others)."""
    shutil.copyfile(source, target)
    return target


def copy_checkout(target: Path) -> Path | None:
    """A copy of the repository's files as git knows them (tracked, or new and not ignored), with what is being
    changed: what a fresh clone holds — no .venv, no database, no build. None without git."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is still listed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target
