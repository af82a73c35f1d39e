"""Fields where a person types a number: a text field read the French way (otmodel.format.read_number).

Streamlit's st.number_input is an <input type="number">: Chromium drops a comma typed into it, so « 95,5 » became
955 € and every figure followed. A text field keeps what was typed; it is read here, shown back in French once
accepted (« 95,50 € »), and when it cannot be read the field says why in French, under it, while the last
accepted value stays in force — never a silent reinterpretation.

Each field keeps three things in the session: the text (the widget's own key), the accepted value and the
pending refusal (keys derived from it). The accepted value outlives the widget, so a field drawn again after a
visit to another page shows it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from otmodel import format as fmt
from otmodel.errors import Refused


@dataclass(frozen=True)
class Reading:
    """How a field reads what is typed in it: its name in messages, unit, decimals and bounds."""

    what: str
    unit: str = ""
    decimals: int = 2
    low: float | None = None
    high: float | None = None
    optional: bool = False

    def read(self, text: str | None) -> float | None:
        value = fmt.read_number(text, self.what, self.unit, self.decimals, self.low, self.high)
        if value is None and not self.optional:
            raise Refused(f"{self.what} : tapez une valeur ({fmt.EXAMPLE}).")
        return value

    def show(self, value: float | None) -> str:
        return fmt.typed_number(value, self.unit, self.decimals)


def _accepted_key(key: str) -> str:
    return f"{key}::accepted"


def _problem_key(key: str) -> str:
    return f"{key}::problem"


def accepted(key: str) -> float | None:
    """The field's last accepted value (None when empty or never set)."""
    return st.session_state.get(_accepted_key(key))


def problem(key: str) -> str | None:
    """Why what is typed in the field could not be read, while it is still there."""
    return st.session_state.get(_problem_key(key))


def set_number(key: str, value: float | None, reading: Reading) -> None:
    """Show `value` in the field (before it is drawn in this run, or from a callback) and accept it."""
    st.session_state[key] = reading.show(value)
    st.session_state[_accepted_key(key)] = value
    st.session_state.pop(_problem_key(key), None)


def forget(key: str) -> None:
    """Drop the field's text, value and refusal: it is filled in again when next drawn."""
    for name in (key, _accepted_key(key), _problem_key(key)):
        st.session_state.pop(name, None)


def _typed(key: str, reading: Reading, then: Callable[..., Any] | None, args: tuple) -> None:
    """on_change of the text field: read it; accepted → shown back in French, then the caller's callback."""
    try:
        value = reading.read(st.session_state.get(key))
    except Refused as exc:
        st.session_state[_problem_key(key)] = str(exc)
        return
    set_number(key, value, reading)
    if then is not None:
        then(*args)


def number_field(label: str, key: str, reading: Reading, value: float | None = None, where: Any = None,
                 on_change: Callable[..., Any] | None = None, args: tuple = (), in_form: bool = False,
                 refusal_where: Any = None, **text_input: Any) -> float | None:
    """A text field for a number, in `where` (a column; the page by default). Returns the accepted value:
    the one typed once read, or — while what is typed cannot be read, and the refusal shows under the field —
    the last accepted one. `value`: the first value shown. `on_change` runs after a value is accepted.
    In a form (`in_form`: no callback is allowed there), what is typed is read at each run and None is
    returned while it cannot be read: the submit must then do nothing (the refusal shows under the field).
    `refusal_where`: where the refusal shows when not under the field (a narrow column's row).
    Other keyword arguments go to st.text_input (help, placeholder, label_visibility)."""
    where = where or st
    refusal_where = refusal_where or where
    if key not in st.session_state:
        set_number(key, accepted(key) if _accepted_key(key) in st.session_state else value, reading)
    if in_form:
        where.text_input(label, key=key, **text_input)
        try:
            return reading.read(st.session_state.get(key))
        except Refused as exc:
            refusal_where.error(str(exc), icon="✋")
            return None
    where.text_input(label, key=key, on_change=_typed, args=(key, reading, on_change, args), **text_input)
    if problem(key):
        refusal_where.error(problem(key), icon="✋")
    return accepted(key)
