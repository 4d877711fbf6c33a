"""JSON schema export of the records and facts."""

from __future__ import annotations

from typing import Any

from relparty.models.facts import Fact
from relparty.models.records import NoteExtraction


def json_schema() -> dict[str, Any]:
    """One JSON schema document describing a note extraction and a fact row."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "relparty",
        "NoteExtraction": NoteExtraction.model_json_schema(),
        "Fact": Fact.model_json_schema(),
    }
