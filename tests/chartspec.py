"""Checks on chart specs (otmodel.charts): valid against the Vega-Lite schema Streamlit's renderer reads (v6, as
shipped with Altair, a dependency of Streamlit), so a typo in a spec fails here and not as a blank chart."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import jsonschema


@cache
def _validator() -> jsonschema.Draft7Validator:
    schema = resources.files("altair.vegalite.v6.schema").joinpath("vega-lite-schema.json").read_text("utf-8")
    return jsonschema.Draft7Validator(json.loads(schema))


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    # The schema is a tree of anyOf: the branch that went deepest names the real mistake.
    while error.context:
        error = max(error.context, key=lambda e: len(list(e.absolute_path)))
    return error


def assert_valid(spec: dict) -> None:
    """The spec is valid Vega-Lite and serialisable as JSON (what Streamlit sends)."""
    json.dumps(spec, allow_nan=False)
    errors = [_deepest(e) for e in _validator().iter_errors(spec)]
    assert not errors, [(list(e.absolute_path), e.message[:300]) for e in errors]
