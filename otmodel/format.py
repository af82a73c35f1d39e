"""French number formats (fr_FR), shared by the command line, exports and the UI."""

from __future__ import annotations

import re

import pandas as pd
from babel.numbers import format_currency, format_decimal, format_percent

from otmodel.errors import Refused

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
    """A gap or a delta: « +12 000 € » / « −3 500 € »; the sign is the shown figure's (−0,4 € is « +0 € »)."""
    return _signed(amount, 0) + euros(abs(amount))


def _signed(value: float, decimals: int) -> str:
    """The sign of a figure as shown: a value that rounds to zero is « +0 », never « −0 »."""
    return MINUS if round(value, decimals) < 0 else "+"


def signed_number(value: float, unit: str = "", decimals: int = 0) -> str:
    """A change that is not money: « +12 h », « −37 », « +3 pts » (a true minus, a no-break space before the unit)."""
    text = _signed(value, decimals) + number(abs(value), decimals)
    return f"{text}\u00a0{unit}" if unit else text


# --- Numbers typed by a person: one reading for every field where she types an amount, a price, a rate or a count.

_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")  # a space, a no-break space, a narrow one: all group thousands
_UNITS = {"€": {"€", "eur", "euro", "euros", "€ht", "€ttc", "ht", "ttc", "eurosht", "eurosttc"}, "%": {"%"},
          "h": {"h", "heure", "heures"}}
_UNIT_NAMES = {"€": "un montant en euros", "%": "un pourcentage", "h": "un nombre d'heures", "": "un nombre"}
EXAMPLE = "par exemple 95,5 ou 1\u202f234,50"


def read_number(text: str | None, what: str, unit: str = "", decimals: int | None = None,
                low: float | None = None, high: float | None = None) -> float | None:
    """What a person typed, read the French way — « 95,5 », « 95.5 », « 1 234,5 », « 1 234 € », « −3 500 » —
    or `Refused` with a French message naming the field (`what`), what was typed and how to write it.
    Empty → None. `unit`: the unit of the field (« € », « % », « h » or none), which may follow the number;
    `decimals`: the most decimals that make sense (cents: 2); `low`/`high`: the accepted bounds.

    Never a silent reinterpretation: « 12,,5 », « 1,234,5 » or « 1.234 » (a thousand, or one point two?) are
    refused with the reason rather than guessed."""
    typed = _SPACES.sub(" ", (text or "").strip())
    if not typed:
        return None
    body = _without_unit(typed, unit, what)
    sign = -1.0 if body[:1] in ("-", MINUS) else 1.0
    whole, fraction = _parts(body[1:].lstrip() if body[:1] in ("-", MINUS, "+") else body, what, typed)
    if decimals is not None and len(fraction) > decimals:
        allowed = "aucune décimale" if decimals == 0 else f"au plus {decimals} décimale{'s' * (decimals > 1)}"
        raise Refused(f"{what} : « {typed} » — {allowed} pour {_UNIT_NAMES.get(unit, 'ce nombre')}.")
    value = sign * float(f"{whole or 0}.{fraction or 0}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise Refused(f"{what} : « {typed} » est hors des limites : {_bounds(low, high, unit)}.")
    return value


def typed_number(value: float | None, unit: str = "", decimals: int = 2) -> str:
    """A number as a field shows it back once read: 95.5 → « 95,50 € » (money keeps its cents), 0.3 → « 0,3 »,
    12.5 with « % » → « 12,5 % » (no useless trailing zero but for money); None → empty."""
    if value is None or pd.isna(value):
        return ""
    if unit == "€":
        return euros(value, decimals)
    text = number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    text = text.replace("-", MINUS)
    return f"{text}\u202f{unit}" if unit else text


def _without_unit(typed: str, unit: str, what: str) -> str:
    """The number without the unit typed after it (« 95 € », « 12,5 % », « 90 € HT »), when it is the field's."""
    last_digit = max((i for i, c in enumerate(typed) if c.isdigit()), default=-1)
    body, suffix = typed[: last_digit + 1], typed[last_digit + 1 :].strip()
    if suffix[:1] in (",", "."):  # « 95, » or « 95,- »: the mark belongs to the number
        body, suffix = body + suffix[0], suffix[1:].strip(" -")
    spelled = suffix.replace(" ", "").lower()
    if not spelled or spelled in _UNITS.get(unit, set()):
        return body
    field = f"{_UNIT_NAMES[unit]} ({unit})" if unit else _UNIT_NAMES[""]
    if any(spelled in spellings for spellings in _UNITS.values()):
        raise Refused(f"{what} : « {typed} » — ce champ attend {field}, sans « {suffix} ».")
    raise Refused(f"{what} : « {typed} » n'est pas un nombre ({EXAMPLE}).")


def _parts(body: str, what: str, typed: str) -> tuple[str, str]:
    """« 1 234,5 » → ("1234", "5"). One mark is the decimal mark (« 95,5 », « 95.5 »); with both, the last one is
    the decimal mark and the other groups thousands (« 1.234,5 », « 1,234.5 »), as spaces do (« 1 234,5 »)."""
    if not re.fullmatch(r"[\d .,]*\d[\d .,]*|[\d .,]*[.,]\d+", body):
        raise Refused(f"{what} : « {typed} » n'est pas un nombre ({EXAMPLE}).")
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
    elif commas > 1:
        raise Refused(f"{what} : « {typed} » — une seule virgule, celle des décimales ({EXAMPLE}).")
    else:
        decimal = "," if commas else ("." if dots == 1 else "")
    whole, _, fraction = body.rpartition(decimal) if decimal else (body, "", "")
    group = {",": ".", ".": ",", "": "."}[decimal]  # the other mark can only group thousands
    if group in whole or " " in whole:
        if not re.fullmatch(rf"\d{{1,3}}(?:[{re.escape(group)} ]\d{{3}})*", whole.strip()):
            raise Refused(f"{what} : « {typed} » — un séparateur ne peut grouper que des milliers ({EXAMPLE}).")
        whole = re.sub(rf"[{re.escape(group)} ]", "", whole)
    if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", fraction):
        raise Refused(f"{what} : « {typed} » n'est pas un nombre ({EXAMPLE}).")
    if decimal == "." and not commas and len(fraction) == 3 and re.fullmatch(r"[1-9]\d{0,2}", whole):
        raise Refused(f"{what} : « {typed} » peut se lire {whole}\u202f{fraction} ou {whole},{fraction} : "
                      f"tapez « {whole}{fraction} » ou « {whole},{fraction} ».")
    return whole, fraction


def _bounds(low: float | None, high: float | None, unit: str) -> str:
    def shown(value: float) -> str:
        return typed_number(value, unit, 0 if float(value).is_integer() else 2)

    if low is not None and high is not None:
        return f"entre {shown(low)} et {shown(high)}"
    return f"au moins {shown(low)}" if low is not None else f"au plus {shown(high)}"
