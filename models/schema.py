"""JSON schema of what ``relparty extract`` writes: a fact (``--view facts``) or a note extraction
(``--view records``), one JSON Schema 2020-12 document.

The document validates either kind of object (``oneOf`` the two); ``#/$defs/Fact`` and
``#/$defs/NoteExtraction`` validate one kind. It describes the JSON as written (pydantic's
serialization schema: record amounts are decimal strings, fact amounts numbers) and is strict where
the models are: no unknown keys, and an amount is null exactly when it is blank.
"""

from __future__ import annotations

from typing import Any

from relparty.models.facts import Fact
from relparty.models.records import NoteExtraction

DECIMAL = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"  # how pydantic writes a Decimal


def _strict(node: Any) -> None:
    """Every object schema closed to unknown keys (recursively)."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)


def _blank_rule(field: str, present: dict[str, Any]) -> dict[str, Any]:
    """``field`` is null exactly when ``blank`` is true."""
    return {"if": {"properties": {"blank": {"const": True}}, "required": ["blank"]},
            "then": {"properties": {field: {"type": "null"}}},
            "else": {"properties": {field: present}}}


def json_schema() -> dict[str, Any]:
    """One JSON schema document describing a note extraction and a fact row."""
    defs: dict[str, Any] = {}
    for model in (NoteExtraction, Fact):
        schema = model.model_json_schema(mode="serialization", ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    _strict(defs)
    amount = defs["Amount"]
    amount["properties"]["value"] = {"anyOf": [{"type": "string", "pattern": DECIMAL}, {"type": "null"}],
                                     "default": None, "title": "Value"}
    amount["allOf"] = [_blank_rule("value", {"type": "string"})]
    defs["Fact"]["allOf"] = [_blank_rule("amount", {"type": "number"})]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "relparty",
        "description": "One object written by relparty extract: a Fact (--view facts) or a NoteExtraction (--view records).",
        "oneOf": [{"$ref": "#/$defs/Fact"}, {"$ref": "#/$defs/NoteExtraction"}],
        "$defs": defs,
    }
