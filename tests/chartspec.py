"""Checks on chart specs (otmodel.charts): valid against the Vega-Lite schema Streamlit's renderer reads (v6, as
shipped with Altair, a dependency of Streamlit), so a typo in a spec fails here and not as a blank chart."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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


def _fields(node: object) -> Iterator[str]:
    """Every field a spec reads (encodings, sorts, transforms), rows aside."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "values":
                continue
            if key in ("field", "as", "groupby") and isinstance(value, str | list):
                yield from [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
            else:
                yield from _fields(value)
    elif isinstance(node, list):
        for item in node:
            yield from _fields(item)


def assert_valid(spec: dict) -> None:
    """The spec is valid Vega-Lite and serialisable as JSON (what Streamlit sends), and every field it reads is
    one of our own names: Vega-Lite reads dots and brackets in a field name as a path, so user text (an offer's
    or a scenario's name) may only be a value."""
    json.dumps(spec, allow_nan=False)
    strange = [name for name in _fields(spec) if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)]
    assert not strange, strange
    errors = [_deepest(e) for e in _validator().iter_errors(spec)]
    assert not errors, [(list(e.absolute_path), e.message[:300]) for e in errors]
