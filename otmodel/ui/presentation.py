"""The Présentation page's screen side: large type, the workshop switch kept in the URL, the participant
sessions of the room's vote, and a story section drawn with Streamlit elements.

A participant sees the vote page only: app.py sends her there whatever page she asks for. A session is one when
it comes from another device (the room: roles.room_only), or when it started on the vote page (decided at its
first run, then kept) — it writes nothing but its ballot either way.

Her voter token (otmodel.presentation.vote) is carried in the page's address (`?votant=…`) from her first run,
so a reload — or a phone that brings back a tab it discarded — keeps it; it is also kept in a cookie of her
browser, so the QR code scanned again finds her too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from otmodel.access import is_loopback
from otmodel.network import charts as network_charts
from otmodel.presentation import vote
from otmodel.presentation.bars import to_plotly
from otmodel.presentation.settings import SECTIONS
from otmodel.presentation.story import Section
from otmodel.ui import roles, widgets
from otmodel.ui.feedback import plain

WORKSHOP_PARAM = "atelier"
VOTE_PATH = "vote"
VOTE_PAGE = "views/vote.py"
VOTER_PARAM = "votant"  # the voter token in the vote page's address
VOTER_COOKIE = "otmodel_votant"  # the same token, kept by the browser for a day
VOTER_COOKIE_DAYS = 1
FIGURES_PER_ROW = 3
_PARTICIPANT, _STARTED, _VOTER = "_otmodel_participant", "_otmodel_started", "_otmodel_voter"
_COOKIE_SET = "_otmodel_voter_cookie"

# Large type and high contrast for a room: every section fills the screen, text in black on white.
# Exact class names (st-key-<key>): a prefix match would also catch the charts' own keys.
_SECTIONS = ":is(" + ", ".join(f".st-key-sec-{key}" for key in [*SECTIONS, "glossaire"]) + ")"
STORY_CSS = """<style>
S { min-height: 92vh; border-top: 6px solid #000; padding-top: 1rem; }
S h2 { font-size: 2.6rem !important; color: #000; }
S p, S li { font-size: 1.45rem; color: #000; line-height: 1.45; }
S [class*="st-key-lead-"] p { font-size: 1.9rem !important; font-weight: 700; }
S [data-testid="stMetricValue"], S [data-testid="stMetricValue"] * { font-size: 2.8rem; color: #000; }
S [data-testid="stMetricLabel"] p { font-size: 1.25rem; }
S table { font-size: 1.25rem; color: #000; }
</style>""".replace("S ", _SECTIONS + " ")
# The workshop: no sidebar, everything larger, big keyboard-usable controls.
WORKSHOP_CSS = """<style>
html { font-size: 20px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"] { display: none !important; }
.st-key-gap [data-testid="stMetricValue"] { font-size: 4.2rem; }
.st-key-levers [data-testid="stSlider"] label p { font-size: 1.35rem; font-weight: 700; }
.st-key-levers [data-testid="stSliderThumbValue"] { font-size: 1.3rem; }
.st-key-levers [data-testid="stSlider"] label { margin-bottom: 1.4rem; }
.st-key-levers [data-testid="stSlider"] [data-rac][style*="translate"] { width: 1.6rem; height: 1.6rem; }
.st-key-levers [data-testid="stSlider"]:focus-within { outline: 4px solid #D55E00; outline-offset: 6px; }
</style>"""
PARTICIPANT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]
{ display: none !important; }
</style>"""


def workshop_on() -> bool:
    """Workshop mode is a query parameter: a reload or a shared link keeps it."""
    return st.query_params.get(WORKSHOP_PARAM) == "1"


def frameless() -> bool:
    """No sidebar navigation: in workshop mode, and for the room's participants."""
    return workshop_on() or is_participant()


def _toggle_workshop() -> None:
    if st.session_state.get("pr_workshop"):
        st.query_params[WORKSHOP_PARAM] = "1"
    else:
        st.query_params.pop(WORKSHOP_PARAM, None)


def workshop_switch() -> bool:
    """The switch, always in step with the URL; returns whether workshop mode is on."""
    st.session_state["pr_workshop"] = workshop_on()
    st.toggle("Mode atelier (projecteur)", key="pr_workshop", on_change=_toggle_workshop,
              help="Pour projeter en séminaire : grands caractères, sans barre latérale, quelques leviers et le "
                   "vote de la salle. Gardé dans l'adresse : un rechargement ou un lien partagé le conserve.")
    return workshop_on()


def style(workshop: bool) -> None:
    st.html(STORY_CSS + (WORKSHOP_CSS if workshop else ""))


def participant_needs_vote_page(page_path: str) -> bool:
    """True when this session is a participant that must be sent (again) to the vote page: whenever she asks
    for another page, and at the first run of a session that started on the vote page, so that the navigation
    is drawn without any other page. Decided here, on the server: a page she asks for never runs."""
    if _STARTED not in st.session_state:
        st.session_state[_STARTED] = True
        st.session_state[_PARTICIPANT] = page_path == VOTE_PATH
        if st.session_state[_PARTICIPANT] and not roles.room_only():
            return True
    return is_participant() and page_path != VOTE_PATH


def go_to_vote_page() -> None:
    """Send this session to the vote page, keeping the voter token of its address (switch_page drops the
    address's parameters unless it is given them)."""
    token = st.query_params.get(VOTER_PARAM)
    st.switch_page(VOTE_PAGE, query_params={VOTER_PARAM: token} if vote.is_voter(token) else None)


def is_participant() -> bool:
    """A session of the room (another device, which only votes), or one that started on the vote page."""
    return bool(st.session_state.get(_PARTICIPANT)) or roles.room_only()


def hide_frame() -> None:
    """The participant's page: no sidebar, nothing else to open."""
    st.html(PARTICIPANT_CSS)


def voter_id() -> str:
    """This participant's anonymous voter token: the one in the page's address, else the one her browser kept,
    else a new one — chosen at the session's first call, then kept for the session."""
    if _VOTER not in st.session_state:
        carried = (st.query_params.get(VOTER_PARAM), st.context.cookies.get(VOTER_COOKIE))
        st.session_state[_VOTER] = next((t for t in carried if vote.is_voter(t)), None) or vote.new_voter()
    return st.session_state[_VOTER]


def keep_voter() -> str:
    """Put the voter token in the page's address and in a cookie of the browser (once per session: the script
    only sets it), so that a reload, a discarded tab or the QR code scanned again comes back as the same voter."""
    token = voter_id()
    if st.query_params.get(VOTER_PARAM) != token:
        st.query_params[VOTER_PARAM] = token
    if st.session_state.get(_COOKIE_SET) != token and st.context.cookies.get(VOTER_COOKIE) != token:
        st.session_state[_COOKIE_SET] = token
        # The token is 32 hexadecimal digits made here (vote.is_voter): nothing typed by anyone reaches the script.
        st.html(f"<script>document.cookie = '{VOTER_COOKIE}={token}; path=/; "
                f"max-age={VOTER_COOKIE_DAYS * 86400}; SameSite=Strict';</script>", unsafe_allow_javascript=True)
    return token


@st.cache_resource(show_spinner=False)
def presence(path: str) -> vote.Presence:
    """Who has the vote page open, per database file, for this server process."""
    return vote.Presence()


def participant_url(override: str = "") -> str:
    """The address participants open: the one typed by the presenter, else this server's on the local network
    (when it serves there: `serve --host 0.0.0.0` names it), else this server's as this browser sees it."""
    shown = st.get_option("browser.serverAddress") or ""
    scheme = "https" if roles.over_tls() else "http"
    network = f"{scheme}://{shown}:{st.get_option('server.port')}" if shown and not is_loopback(shown) else ""
    base = override.strip() or network or st.context.url or ""
    parts = urlsplit(base if "://" in base else f"{scheme}://{base}")
    return f"{parts.scheme}://{parts.netloc}/{VOTE_PATH}"


def section(section: Section) -> None:
    """One section of the story, as a screen of its own. User text is escaped (never Markdown)."""
    with st.container(key=f"sec-{section.key}"):
        st.header(f"{section.number}. {section.title}", anchor=section.key)
        with st.container(key=f"lead-{section.key}"):
            st.markdown(plain(section.lead))
        # Three figures a row at most: a figure is never cut, even at 1280 px with the sidebar open.
        for start in range(0, len(section.figures), FIGURES_PER_ROW):
            row = section.figures[start:start + FIGURES_PER_ROW]
            for column, figure in zip(st.columns(FIGURES_PER_ROW), row, strict=False):
                column.metric(plain(figure.label), figure.value, border=True, help=figure.note or None)
        if section.table is not None:
            frame = pd.DataFrame([row[1:] for row in section.table.rows], columns=list(section.table.header[1:]),
                                 index=[row[0] for row in section.table.rows])
            st.table(frame)
        if section.strips:
            widgets.chart(network_charts.strips_chart(section.strips), key=f"chart-{section.key}-strips")
        for i, chart in enumerate(section.charts):
            st.subheader(plain(chart.title))
            widgets.chart(to_plotly(chart), key=f"chart-{section.key}-{i}")
        if section.quote:
            st.subheader("La décision")
            st.info(plain(section.quote))
        if section.points:
            st.markdown("\n".join(f"- {plain(point)}" for point in section.points))
        if section.text:
            with st.container(border=True):
                st.markdown(plain(section.text))
