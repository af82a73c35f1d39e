"""Streamlit's own words in French, where Streamlit 1.67 only speaks English: the file uploader's button, its
instructions and a file's size (« 3.6KB »), a multiselect's « Select all », the table toolbar's CSV download
(comma-separated, decimal points: read wrong by a French Excel — each table has its French CSV and Excel downloads
below it). Done with CSS, the only way Streamlit offers: the English text hidden, the French drawn in its place.
What CSS cannot reach (tooltips of the table toolbar, a file's upload error) is listed in docs/pages.md."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from otmodel.data import reading

_CSS = """<style>
[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p { display: none; }
[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']::after {
  content: "Choisir un fichier"; }
[data-testid='stFileUploaderDropzoneInstructions'] { display: none; }
[data-testid='stFileChipName'] + * { display: none; }
[data-testid='stFileChip'] [role='alert'] { font-size: 0; }
[data-testid='stFileChip'] [role='alert']::after {
  content: "Fichier refusé : vérifiez son format et sa taille, indiqués sous le champ."; font-size: 0.875rem; }
[data-testid='stMultiSelectDropdown'] [data-key^='__select_'] > div { font-size: 0; }
[data-testid='stMultiSelectDropdown'] [data-key^='__select_'] > div::after { font-size: 0.875rem; }
[data-testid='stMultiSelectDropdown'] [data-key='__select_all__'] > div::after { content: "Tout sélectionner"; }
[data-testid='stMultiSelectDropdown'] [data-key='__select_matches__'] > div::after {
  content: "Sélectionner ces résultats"; }
[data-testid='stElementToolbarButton']:has(button[aria-label='Download as CSV']) { display: none; }
</style>"""


def cover_english() -> None:
    """On every run of every page: the CSS that puts French in place of Streamlit's English."""
    st.html(_CSS)


def file_input(label: str, types: list[str], key: str, **file_uploader: Any) -> UploadedFile | None:
    """A file field with its accepted formats and size said in French under it (Streamlit's English instructions
    are hidden by cover_english)."""
    limit_mb = max(1, reading.max_bytes() // (1024 * 1024))
    upload = st.file_uploader(label, type=types, key=key, max_upload_size=limit_mb, **file_uploader)
    formats = [kind.upper() for kind in types]
    said = formats[0] if len(formats) == 1 else ", ".join(formats[:-1]) + " ou " + formats[-1]
    if file_uploader.get("accept_multiple_files"):
        st.caption(f"Glissez les fichiers sur le champ, ou cliquez sur « Choisir un fichier » et choisissez-en "
                   f"plusieurs. Format : {said}, {limit_mb} Mo au plus par fichier.")
    else:
        st.caption(f"Glissez le fichier sur le champ ou cliquez sur « Choisir un fichier ». Format : {said}, "
                   f"{limit_mb} Mo au plus.")
    return upload
