"""French number formats (fr_FR), shared by the command line, exports and the UI."""

from __future__ import annotations

import pandas as pd
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "fr_FR"
MINUS = "−"  # typographic minus, as in « −3 500 € », so negatives read the same everywhere


def euros(amount: float | None, decimals: int = 0) -> str:
    """1234567 → « 1 234 567 € » (no-break spaces, as babel writes them)."""
    if pd.isna(amount):
        return "—"
    amount = round(amount, decimals) or 0.0  # −0,4 rounds to 0: « 0 € », never « −0 € »
    pattern = "#,##0 ¤" if decimals == 0 else "#,##0.00 ¤"
    text = format_currency(amount, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
    return text.replace("-", MINUS)


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 → « 1 234,5 »."""
    if pd.isna(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(value, decimals) or 0.0, format=pattern, locale=LOCALE).replace("-", MINUS)


def percent(share: float | None, decimals: int = 1) -> str:
    """0.125 → « 12,5 % »."""
    if pd.isna(share):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u202f%"  # no line break before %
    return format_percent(round(share, decimals + 2) or 0.0, format=pattern, locale=LOCALE).replace("-", MINUS)


def signed_euros(amount: float) -> str:
    """A gap or a delta: « +12 000 € » / « −3 500 € »."""
    text = euros(abs(amount))
    return ("+" if amount >= 0 else MINUS) + text
