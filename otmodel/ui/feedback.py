"""The one way the pages tell the user what an action did: it worked (success), it was refused and why (error),
or another session changed the same data meanwhile (conflict: a warning — nothing was written, the user
decides). Every click or form that acts goes through `attempt`; the page shows the outcome where `say` is.

    st.button("Enregistrer", on_click=feedback.attempt, args=("decisions", record))   # a callback
    if st.button("Importer"): feedback.attempt("import", run_import, rerun=True)     # in the page's body
    feedback.say("decisions")                                                         # where it is told

Refusals that are not the outcome of an action (a file that can't be read, a page with missing data) are shown
in place with `refusals()`; app.py wraps every page in it, so no refusal ever reaches the user as a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel.errors import Conflict, Refused

_TOLD = "_otmodel_told"  # place → (kind, message), until the page says it
# Links and images (no link without "["), emphasis, code, HTML, tables, $ maths, ~ strike-through (and
# :colour[…] directives, which need a "["). Parentheses stay as typed: « ligne(s) » reads as written.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|$~])")


def plain(text: str) -> str:
    """User text (a scenario's name, an author) escaped so that Markdown shows it as typed: a name like
    `![](http://…)` must not make every viewer's browser fetch an image."""
    return _MARKDOWN.sub(r"\\\1", text)


def _kind(refusal: Refused) -> str:
    return "conflict" if isinstance(refusal, Conflict) else "error"


def _show(kind: str, message: str, where: DeltaGenerator | None = None) -> None:
    place = where if where is not None else st
    # Messages quote user text (names, files): never read as Markdown.
    {"success": place.success, "error": place.error, "conflict": place.warning}[kind](plain(message))


def attempt(place: str, action: Callable[[], object], *, rerun: bool = False, lead: str = "") -> bool:
    """Run an action of the user and keep what happened for `say(place)`: the French message it returns (any
    other result, or "", says nothing), or its refusal (after `lead`). Returns whether it went through.

    A callback (on_click, on_change) runs before the page: the page then draws with the new data. An action
    run in the page's body comes after what is already drawn: `rerun=True` starts the page again, so that
    every figure reads what was just written and the message shows where `say` is.
    """
    told = st.session_state.setdefault(_TOLD, {})
    try:
        message = action()
    except Refused as exc:
        told[place] = (_kind(exc), f"{lead}{exc}")
        went_through = False
    else:
        if isinstance(message, str) and message:
            told[place] = ("success", message)
        else:
            told.pop(place, None)
        went_through = True
    if rerun:
        st.rerun()
    return went_through


def say(place: str, where: DeltaGenerator | None = None) -> None:
    """Show, once, what the last action at `place` did (in `where`, a placeholder, when given)."""
    held = st.session_state.get(_TOLD, {}).pop(place, None)
    if held:
        _show(*held, where)


@contextmanager
def refusals(lead: str = "") -> Iterator[None]:
    """Run the block; a refusal inside it is shown in place (after `lead`) and the page goes on.

    What follows the refused line in the block is skipped, so the block reads like try … else.
    """
    try:
        yield
    except Refused as exc:
        _show(_kind(exc), f"{lead}{exc}")
