"""One run of a page of the app, timed as its first visitor finds it (caches cold), for `bench --partners …`.

Run in its own process by the bench (`python -m tools.pagerun DB PAGE` prints the seconds): the
command line may not import Streamlit, and a process of its own measures the page's memory apart.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from otmodel.ui import data

APP = Path(__file__).resolve().parents[1] / "app.py"
DEFAULT_PAGE = "views/synthese.py"


def page_run_s(db_path: str, page: str) -> float:
    """Seconds of one AppTest run of `page` (a path such as views/scenarios/page.py) on the database."""
    os.environ["OTMODEL_DB"] = db_path
    app = AppTest.from_file(str(APP), default_timeout=600)
    if page == DEFAULT_PAGE:
        start = time.perf_counter()
        app.run()
    else:
        app.run()  # AppTest opens app.py's default page first; then its caches are made stale
        data.database().invalidate()
        start = time.perf_counter()
        app.switch_page(page).run()
    elapsed = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].message}")
    return round(elapsed, 2)


if __name__ == "__main__":
    print(page_run_s(sys.argv[1], sys.argv[2]))
