"""The network of offices on screen: a folder or dropped files read once (kept while the files on disk are the
same), with the office's own figures computed from its database — never written anywhere."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from otmodel.errors import Refused
from otmodel.network import export, folder, place, settings
from otmodel.network.folder import Network
from otmodel.ui import data


def default_folder() -> Path:
    """Where `make demo` writes the demo network: the folder « reseau » beside the database."""
    return Path(data.database_path()).parent / "reseau"


def _signature(path: str) -> tuple:
    """What the folder holds now: each file's name, size and modification time (a file copied in, replaced or
    removed reads the folder again)."""
    files, ignored = folder.files_of(path)
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files) + tuple(ignored)


@st.cache_resource(max_entries=4, show_spinner="Lecture des fichiers du réseau…")
def _folder(path: str, signature: tuple) -> Network:
    return folder.read_folder(path)


def read_folder(path: str) -> Network:
    """The network of a folder (FolderError when it cannot be read at all). Shared by every session: nothing in
    it belongs to one office."""
    return _folder(path, _signature(path))


@st.cache_resource(max_entries=4, show_spinner="Lecture des fichiers déposés…")
def _dropped(signature: tuple, _files: list[UploadedFile]) -> Network:
    with tempfile.TemporaryDirectory(prefix="otmodel-reseau-") as work:
        paths = []
        for number, upload in enumerate(_files):
            path = Path(work) / f"{number}.parquet"  # the dropped name is user text: only shown, never a path
            path.write_bytes(upload.getvalue())
            paths.append(path)
        return folder.read_files(paths, [upload.name for upload in _files])


def read_dropped(files: list[UploadedFile]) -> Network:
    """The network of files dropped on the page, read once per set of files."""
    return _dropped(tuple((f.file_id, f.name, f.size) for f in files), files)


def with_our_office(network: Network, saved: settings.NetworkSettings) -> Network:
    """The network with this office's figures computed from its database (cached until its data changes), in
    place of any file of the same office and year."""
    return network.with_office(data.cached(export.office_rows, None, saved))


def export_file() -> bytes:
    """The office's network file, for the download button."""
    return data.read(export.to_bytes)[1]


def our_place(saved: settings.NetworkSettings) -> place.Place | None:
    """The office among its peers for the Présentation: the folder and group saved on the Réseau page (None when
    none was chosen, or it cannot be read any more)."""
    if saved.folder is None:
        return None
    try:
        network = read_folder(saved.folder)
    except Refused:
        return None
    return place.place_in(network, data.cached(export.office_rows, None, saved), saved)
