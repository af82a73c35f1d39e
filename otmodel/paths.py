"""Where the app's own files are: app.py and its pages, the server's settings, the demo territories, the manual.

In a checkout they sit at the top of the repository, beside the package (app.py, views/, .streamlit/, data/demo/,
docs/). `pip install .` copies the same files, in the same layout, into the package's `bundle` folder
(pyproject.toml maps the repository's top folder there), so the installed `otmodel` command finds them wherever
it is run from. The installed copy wins when it exists: a checkout never has one.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLE = PACKAGE / "bundle"
ROOT = BUNDLE if (BUNDLE / "app.py").is_file() else PACKAGE.parent
APP = ROOT / "app.py"
DEMO = ROOT / "data" / "demo"
DOCS = ROOT / "docs"
