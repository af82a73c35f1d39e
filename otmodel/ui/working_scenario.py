"""The scenario being edited, kept in the session for the Scénarios page, and the page's callbacks.

The WorkingScenario lives under a plain session key (not a widget key): it survives a visit to another page
and reruns of any kind. Widgets have STABLE keys; callbacks that open another scenario write the new values
into those keys. A widget whose key changes is a new widget, whose on_change can fire on the next rerun with
its default value (GUIDE §3): that once reloaded an empty scenario over a price just typed. Only the data
editors get versioned keys, from a counter bumped when they must show another scenario (open, import,
goal seek applied) or, for the offers table alone, a price set with « Prix rapide » (its pending edits
folded into the scenario first); they have no on_change, so a new key can fire nothing. The « Prix rapide »
input keeps its key: each run writes the table's price into it before it is drawn (`sync_quick_price`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from otmodel.model import engine
from otmodel.model.engine import Evaluation, Facts
from otmodel.model.scenario import ScenarioError
from otmodel.scenarios import store, tables
from otmodel.scenarios.working import WorkingScenario, assumption_values
from otmodel.ui import data, feedback, numbers, widgets

NEW = "Nouveau scénario (à partir de la situation actuelle)"
DRAFT, TABLES, SEEK = "sc_draft", "sc_tables", "sc_seek"
PICK, CONFIRM_DELETE, IMPORT = "sc_pick", "sc_confirm_delete", "sc_import"
CONFLICT, CONFLICT_NAME = "sc_conflict", "sc_conflict_name"  # a save refused because someone saved meanwhile
RECORD_KEYS = {"name": "sc_name", "author": "sc_author", "status": "sc_status", "notes": "sc_notes",
               "decision": "sc_decision"}
ASSUMPTION_KEYS = {"elasticity": "sc_eps", "conversion": "sc_kappa", "uplift": "sc_lambda", "hourly": "sc_hourly",
                   "per_sector": "sc_eps_toggle"}
ASSUMPTION_READINGS = {  # the assumptions typed on the page: their label, unit and bounds
    "elasticity": numbers.Reading("Élasticité-prix ε", low=0.0, high=5.0),
    "conversion": numbers.Reading("Conversion gratuit → payant κ", low=0.0, high=1.0),
    "uplift": numbers.Reading("Effet gratuité λ", low=0.0, high=5.0),
    "hourly": numbers.Reading("Coût horaire (€/h)", unit="€", low=0.0, high=500.0),
}
QUICK_OFFER, QUICK_PRICE = "sc_quick_offer", "sc_quick_price"  # the « Prix rapide » row: stable keys
QUICK_READING = numbers.Reading("Prix rapide", unit="€", low=0.0, high=100_000.0)
QUICK_STEP = 1.0  # euros added or taken by the « + » and « − » buttons
QUICK_ROUND = "sc_quick_round"  # moved by a quick price: the offers table (only it) restarts from the spec
PLACE = "scenario_record"  # where the record's actions say what they did
# Widgets of the ranges and of the trajectory: keys made of a prefix and the input's place in the scenario
# (stable: never a counter), filled in from the working scenario whenever they are missing.
RANGE_PREFIX, TRAJECTORY_PREFIX = "sc_range_", "sc_traj_"
Action = Callable[[WorkingScenario], str]


def working() -> WorkingScenario:
    """This session's working scenario (a new one on the first visit)."""
    return st.session_state.setdefault(DRAFT, WorkingScenario())


def start(saved_names: list[str]) -> WorkingScenario:
    """At each run of the page: the working scenario, and every widget key the session lost (first visit,
    back from another page) filled in from it, so the widgets show what was typed."""
    draft = working()
    if draft.loaded is not None and draft.loaded not in saved_names:  # deleted from another session
        draft.loaded = None
    if st.session_state.get(PICK) not in [NEW, *saved_names]:
        st.session_state[PICK] = draft.loaded or NEW
    _seed(draft, overwrite=False)
    return draft


def table_key(name: str) -> str:
    """The key of a data editor: a new one only after opening, importing or applying a goal seek (and, for
    the offers table, after a quick price)."""
    if name == "sc_offers":  # a quick price restarts this table alone: the others keep their pending edits
        return f"{name}_{st.session_state.get(TABLES, 0)}_{st.session_state.get(QUICK_ROUND, 0)}"
    return f"{name}_{st.session_state.get(TABLES, 0)}"


def _seed(draft: WorkingScenario, overwrite: bool) -> None:
    values = {PICK: draft.loaded or NEW, **{key: getattr(draft, name) for name, key in RECORD_KEYS.items()}}
    hourly = float(data.require_facts().structure["cout_horaire"])
    assumptions = assumption_values(draft.spec, hourly)
    values[ASSUMPTION_KEYS["per_sector"]] = assumptions["per_sector"]
    for key, value in values.items():
        if overwrite or key not in st.session_state:
            st.session_state[key] = value
    for name, reading in ASSUMPTION_READINGS.items():
        key = ASSUMPTION_KEYS[name]
        if overwrite or numbers.accepted(key) is None:
            numbers.set_number(key, assumptions[name], reading)


def _show(draft: WorkingScenario, new_tables: bool) -> None:
    """After an action: the widgets show the working scenario; the editors restart from it if asked."""
    _seed(draft, overwrite=True)
    forget_inputs()
    st.session_state[CONFIRM_DELETE] = False
    if new_tables:
        st.session_state[TABLES] = st.session_state.get(TABLES, 0) + 1
        st.session_state.pop(SEEK, None)


def forget_inputs() -> None:
    """Drop the range and trajectory widgets' values: they are drawn again from the working scenario."""
    for key in [k for k in st.session_state if str(k).startswith((RANGE_PREFIX, TRAJECTORY_PREFIX))]:
        del st.session_state[key]


def remember() -> None:
    """on_change of the record's inputs: copy them into the working scenario."""
    draft = working()
    for name, key in RECORD_KEYS.items():
        if key in st.session_state:
            setattr(draft, name, st.session_state[key])


def with_pending_edits(spec: dict) -> dict:
    """The spec with the offers table's edits folded in, read from the session before the table is drawn:
    what st.data_editor will return at this run (its data and the same edits)."""
    edits = st.session_state.get(table_key("sc_offers"))
    if not (edits and edits.get("edited_rows")):
        return spec
    facts = data.require_facts()
    frame = tables.with_edits(tables.editor_frame(facts, spec), edits)
    return tables.apply_editor(facts, spec, frame)[0]


def quick_price_shown(facts: Facts, spec: dict, offer_id: str) -> float:
    """The price the « Prix rapide » input shows for an offer: the table's price when the scenario sets one
    (a range's likely value), else the offer's current price."""
    price = tables.price_shown(spec.get("offers", {}).get(offer_id, {}).get("price"))
    return round(float(engine.current_prices(facts)[offer_id] if math.isnan(price) else price), 2)


def sync_quick_price(facts: Facts, spec: dict) -> None:
    """Before the « Prix rapide » input is drawn: it shows the chosen offer's price in `spec` (the table's
    edits folded in), so a price typed in the table is what the input shows, and the other way round."""
    offer_id = st.session_state.get(QUICK_OFFER)
    if offer_id in facts.offer_ids:
        shown = quick_price_shown(facts, spec, offer_id)
        # A price refused stays in the field with its reason, until the price changes elsewhere (the table).
        if numbers.accepted(QUICK_PRICE) != shown or QUICK_PRICE not in st.session_state:
            numbers.set_number(QUICK_PRICE, shown, QUICK_READING)


def quick_price() -> None:
    """After a price typed in « Prix rapide » is accepted (Enter), or a step: the chosen offer becomes paid at
    that price. The table's pending edits are folded in first (none is lost), then the table restarts from the
    spec under a new key — it has no on_change, so a new key can fire nothing — and shows the price just set."""
    draft = working()
    offer_id, price = st.session_state.get(QUICK_OFFER), numbers.accepted(QUICK_PRICE)
    if offer_id is None or price is None:
        return
    _catch_up(draft)
    draft.spec = tables.with_price(draft.spec, offer_id, price)
    st.session_state[QUICK_ROUND] = st.session_state.get(QUICK_ROUND, 0) + 1


def step_quick_price(step: float) -> None:
    """on_click of « + » / « − » beside « Prix rapide »: the price shown, moved by `step` euros (never below 0)."""
    price = numbers.accepted(QUICK_PRICE)
    if price is not None:
        numbers.set_number(QUICK_PRICE, max(0.0, round(price + step, 2)), QUICK_READING)
        quick_price()


def show_figures(place: DeltaGenerator, spec: dict, current: Evaluation) -> Evaluation | None:
    """The key figures of `spec` against the current situation in `place` (an st.empty, drawn again when the
    spec changes during the run), or what is wrong with it; the evaluation, None when it has a problem."""
    facts = data.require_facts()
    try:
        scenario = working().scenario(set(facts.offer_ids), spec)
    except ScenarioError as exc:
        place.error(str(exc))
        return None
    evaluation = data.evaluate(scenario)
    with place.container():
        widgets.scenario_figures(evaluation, current)
    return evaluation


def _catch_up(draft: WorkingScenario) -> None:
    """Fold the offers table's edits into the spec: a price typed just before a click may not have been
    read by a run yet (a run interrupted by the click), and what the page confirms must be what is stored."""
    draft.spec = with_pending_edits(draft.spec)


def _act(action: Action, new_tables: bool) -> None:
    """Run an action on the working scenario (it reads or writes through otmodel.ui.data) and say what it did.
    A refused action leaves the working scenario as it was: a save whose commit lost a race with another
    session must not leave it believing it is saved."""
    draft = working()
    remember()
    _catch_up(draft)
    st.session_state.pop(CONFLICT, None)
    before = dict(draft.__dict__)
    if feedback.attempt(PLACE, lambda: action(draft)):
        _show(draft, new_tables)
    else:
        draft.__dict__.update(before)


def pick() -> None:
    """on_change of the « Scénario » selectbox: open the scenario chosen (or a new one)."""
    choice = st.session_state[PICK]
    if choice != (working().loaded or NEW):
        _act(lambda draft: data.read(draft.open, None if choice == NEW else choice) or "", new_tables=True)


def reopen() -> None:
    """on_click of « Rouvrir sa version »: someone saved the scenario since this session opened it; open the
    stored version (the session's unsaved edits go: the user asked to see the other person's)."""
    name = working().loaded
    _act(lambda draft: data.read(draft.open, name) or "", new_tables=True)


def _write(action: Callable[..., str], *args: object, **kwargs: object) -> str:
    """A write of the working scenario's action: saved scenarios only, the territory's cached facts stay valid."""
    return data.write(action, *args, scope="scenarios", **kwargs)


def _save_or_conflict(draft: WorkingScenario) -> str:
    """Save; when someone saved this scenario since it was opened, leave the choice to the page (CONFLICT)."""
    try:
        return _write(draft.save)
    except store.ScenarioConflict as exc:
        st.session_state[CONFLICT] = str(exc)
        st.session_state[CONFLICT_NAME] = store.copy_name(draft.loaded or draft.name, "")
        return ""


def save() -> None:
    _act(_save_or_conflict, new_tables=False)


def overwrite() -> None:
    """After a conflict, the user chose « Écraser » : their version replaces the other one."""
    _act(lambda draft: _write(draft.save, overwrite=True), new_tables=False)


def save_as() -> None:
    """After a conflict, the user chose « Enregistrer sous un autre nom »."""
    new_name = st.session_state.get(CONFLICT_NAME, "")
    _act(lambda draft: _write(draft.save_as, new_name), new_tables=False)


def cancel_conflict() -> None:
    st.session_state.pop(CONFLICT, None)


def drop_missing_offers() -> None:
    """on_click: the working scenario forgets the offers the data no longer has (nothing is written)."""
    remember()
    draft = working()
    draft.drop_missing_offers(set(data.require_facts().offer_ids))
    _show(draft, new_tables=True)


def duplicate() -> None:
    _act(lambda draft: _write(draft.duplicate), new_tables=True)


def rename() -> None:
    _act(lambda draft: _write(draft.rename), new_tables=False)


def delete() -> None:
    _act(lambda draft: _write(draft.delete, bool(st.session_state.get(CONFIRM_DELETE))), new_tables=True)


def import_file() -> None:
    """on_change of the file uploader: save the scenario file and open it."""
    upload = st.session_state.get(IMPORT)
    if upload is not None:
        _act(lambda draft: _write(draft.import_file, upload.getvalue()), new_tables=True)


def apply_seek() -> None:
    """on_click: the goal seek's scenario becomes the working scenario's prices."""
    remember()
    draft = working()
    draft.take_prices(st.session_state[SEEK]["spec"])
    _show(draft, new_tables=True)


def open_saved(name: str) -> None:
    """Make a saved scenario the working one from another page (the Revue page's « create and open »): the
    Scénarios page then shows it, its widgets and data editors filled in from it."""
    draft = working()
    data.read(draft.open, name)
    _show(draft, new_tables=True)
