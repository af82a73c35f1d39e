"""The office's place in its network as the Présentation tells it: the folder and the peer group chosen on the
Réseau page, the office's own figures computed from its database — or nothing, when no folder was chosen."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from otmodel.errors import Refused
from otmodel.network import compare, demo, export, folder, settings
from otmodel.network.compare import Comparison
from otmodel.network.folder import Network


@dataclass(frozen=True)
class Place:
    comparison: Comparison
    folder: str
    synthetic: bool  # the demo network: its values are ours, and the story says so


def place_in(network: Network, rows: pd.DataFrame, saved: settings.NetworkSettings) -> Place | None:
    """The office whose network rows are `rows` among its peers of `network`, in the group saved; None when it
    cannot be compared any more (a touristicité no longer known…)."""
    try:
        result = compare.compare(network.with_office(rows), str(rows.at[0, "office"]), by=saved.peer_group)
    except Refused:
        return None
    return Place(result, str(saved.folder), demo.README in network.ignored)


def our_place(con: duckdb.DuckDBPyConnection) -> Place | None:
    """The office among its peers, from the folder saved on the Réseau page; None when no folder was chosen or
    it cannot be read any more."""
    saved = settings.load(con)
    if saved.folder is None:
        return None
    try:
        network = folder.read_folder(saved.folder)
    except Refused:
        return None
    return place_in(network, export.office_rows(con, saved=saved), saved)
