"""Every page reads French, as Chromium shows it: no word of Streamlit's English left in view (the file uploader,
the table toolbar's CSV download), no number written the English way (« 12.5 », « -3 500 » with a hyphen) nor a
« −0 », on both demos (the destination's 200 000 € and the rural office's 3 000 €), every expander and tab opened."""

from __future__ import annotations

import re

import pytest

from tests.fixtures import copy_database
from tools.browser import PAGES, open_page, open_tab

# Streamlit's English a page must not show (the words it writes itself: our labels are French).
ENGLISH = re.compile(r"\b(Upload|Browse files|Select all|Download as CSV|Drag and drop|per file|None|nan|NaN)\b")
# A decimal point between digits (« 12.5 »), a hyphen for a minus (« -3 500 »), thousands without their space
# (« 12500 € »); years (« 2026 ») and codes are neither.
# « −0 » (a change too small to show) is no number either.
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.])|(?<![\w\-–])-\d|\b\d{5,}\s?(?:€|h|%)|−0(?![,\d])")


def english_lines(text: str) -> list[str]:
    return sorted({line.strip() for line in text.splitlines() if ENGLISH.search(line) or ENGLISH_NUMBER.search(line)})


def test_the_checks_see_english():
    """The two patterns catch what they are for, and leave French alone."""
    assert english_lines("Upload\n12.5 %\nÉcart -3 500 €\n12500 €\n1 357  (−0)") == [
        "1 357  (−0)", "12.5 %", "12500 €", "Upload", "Écart -3 500 €"]
    assert english_lines("Résultat 1 234 567 €\nTaux 12,5 %\nÉcart −3 500 €\nEn 2026\nP-HEB\n2024-2026") == []


def shown_text(page) -> str:
    """What the main area shows, every expander in view opened first."""
    closed = page.locator("[data-testid='stMain'] details:not([open]) > summary >> visible=true")
    for _ in range(closed.count()):  # each click opens one: the first closed one is another each time
        closed.first.click()
    return page.locator("[data-testid='stMain']").inner_text()


@pytest.mark.parametrize("demo", ["destination", "rural"])
def test_every_page_reads_french(demo, demo_paths, app_server, page, tmp_path):
    url = app_server(copy_database(demo_paths[demo], tmp_path / f"{demo}.duckdb"))
    found = {}
    for name, path in PAGES.items():
        open_page(page, url, path)
        found[name] = english_lines(shown_text(page))
        for tab in page.get_by_role("tab").all_inner_texts()[1:]:  # the first tab is the one already read
            open_tab(page, tab)
            found[f"{name} / {tab}"] = english_lines(shown_text(page))
    assert {where: lines for where, lines in found.items() if lines} == {}


def test_the_file_field_speaks_french(demo_url, page):
    open_page(page, demo_url, "donnees")
    field = page.locator("[data-testid='stFileUploader']").first
    button = field.locator("[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer']")
    assert button.evaluate("e => getComputedStyle(e, '::after').content") == '"Choisir un fichier"'
    assert button.inner_text() == ""  # « Upload » hidden
    assert field.locator("[data-testid='stFileUploaderDropzoneInstructions']").is_hidden()  # « 50MB per file »
    caption = page.locator("[data-testid='stCaptionContainer']").filter(has_text="Choisir un fichier").first
    assert "Format : CSV, TXT ou XLSX, 50 Mo au plus." in caption.inner_text()
    # A file given: its name shows, not its size in English (« 3.6KB »).
    field.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files("tests/data/samples/partenaires_excel_fr.csv")
    chip = page.locator("[data-testid='stFileChip']")
    chip.wait_for()
    assert chip.inner_text().strip().startswith("partena")  # a long name is shortened by Streamlit
    assert not re.search(r"\d\s?[KM]?B\b", chip.inner_text())


def test_tables_offer_the_french_downloads_only(demo_url, page):
    """The toolbar's « Download as CSV » (commas, decimal points) is gone; the French CSV and Excel stay."""
    open_page(page, demo_url, "offres")
    table = page.locator("[data-testid='stDataFrame']").first
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    toolbar.locator("button[aria-label='Search']").wait_for()
    assert toolbar.locator("button[aria-label='Download as CSV']").is_hidden()
    assert page.get_by_role("button", name="Excel (.xlsx)").first.is_visible()


def test_a_list_offers_to_select_all_in_french(demo_url, page):
    open_page(page, demo_url, "offres")
    page.get_by_role("combobox", name="Sphères").click()
    select_all = page.locator("[data-testid='stMultiSelectDropdown'] [data-key='__select_all__'] > div")
    select_all.wait_for()
    assert select_all.evaluate("e => getComputedStyle(e, '::after').content") == '"Tout sélectionner"'
    assert select_all.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # « Select all » not drawn
