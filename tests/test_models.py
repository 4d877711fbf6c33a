"""Models: JSON round trips, blank is first-class, spans point into the original text."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError
from relparty import extract
from relparty.models import Amount, Fact, NoteExtraction, json_schema

SEED_PATH = "corpus/notes/cloopen-2024-r29.txt"
SEED = open(SEED_PATH, encoding="utf-8").read()


def test_extraction_round_trips_through_json() -> None:
    ex = extract(SEED, source=SEED_PATH)
    again = NoteExtraction.model_validate_json(ex.model_dump_json())
    assert again == ex
    assert again.facts() == ex.facts()


def test_fact_json_has_numbers_and_iso_dates() -> None:
    row = json.loads(extract(SEED).facts()[0].model_dump_json())
    assert row["amount"] == 34 and isinstance(row["amount"], int)
    assert row["period_end"] == "2022-12-31"
    assert Fact.model_validate(row).amount == Decimal(34)


def test_blank_is_not_zero() -> None:
    with pytest.raises(ValidationError):
        Amount(blank=True, value=Decimal(0))
    with pytest.raises(ValidationError):
        Amount(blank=False, value=None)
    blanks = [f for f in extract(SEED).facts() if f.blank]
    assert len(blanks) == 6 and all(f.amount is None for f in blanks)


def test_every_value_points_into_the_original_text() -> None:
    ex = extract(SEED)
    for rec in ex.records:
        assert SEED[rec.evidence.start : rec.evidence.end] == rec.evidence.text
        for pa in rec.amounts:
            sp = pa.amount.span
            assert sp is not None and SEED[sp.start : sp.end] == sp.text
            if pa.amount.blank:
                assert sp.start == sp.end  # the slot where the dash was dropped
            else:
                assert pa.amount.text in sp.text
            if pa.period.span is not None:
                assert SEED[pa.period.span.start : pa.period.span.end] == pa.period.span.text
    for f in ex.facts():
        assert SEED[f.start : f.end] == f.evidence


def test_schema_exports_both_views() -> None:
    schema = json_schema()
    assert "records" in schema["$defs"]["NoteExtraction"]["properties"]
    assert "blank" in schema["$defs"]["Fact"]["properties"]
    json.dumps(schema)
