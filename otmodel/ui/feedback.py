"""The one place where the pages turn a refusal (otmodel.errors.Refused) into a French message on screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from otmodel.errors import Refused

_FLASH = "_otmodel_flash"
# Links and images (no link without "["), emphasis, code, HTML, tables, $ maths, ~ strike-through (and
# :colour[…] directives, which need a "["). Parentheses stay as typed: « ligne(s) » reads as written.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|$~])")


def plain(text: str) -> str:
    """User text (a scenario's name, an author) escaped so that Markdown shows it as typed: a name like
    `![](http://…)` must not make every viewer's browser fetch an image."""
    return _MARKDOWN.sub(r"\\\1", text)


@contextmanager
def refusals(lead: str = "") -> Iterator[None]:
    """Run the block; a refusal inside it is shown with st.error (after `lead`) and the page goes on.

    What follows the refused line in the block is skipped, so the block reads like try … else.
    """
    try:
        yield
    except Refused as exc:
        st.error(f"{lead}{plain(str(exc))}")


def attempt(action: Callable[[], str], place: str) -> bool:
    """For on_click callbacks: run a write action and keep its message (success, or the refusal) for `flash`.

    Callbacks run before the page, so their message is shown where the page calls `flash(place)`.
    An action that returns an empty message leaves nothing to show.
    """
    try:
        message = action()
    except Refused as exc:
        st.session_state[_FLASH] = (place, "error", str(exc))
        return False
    if message:
        st.session_state[_FLASH] = (place, "success", message)
    else:
        st.session_state.pop(_FLASH, None)
    return True


def flash(place: str) -> None:
    """Show (once) the message an `attempt` left for this place."""
    held = st.session_state.get(_FLASH)
    if held and held[0] == place:
        del st.session_state[_FLASH]
        (st.error if held[1] == "error" else st.success)(plain(held[2]))  # messages quote user text
