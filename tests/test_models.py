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


def test_models_given_the_same_fields_share_one_set_of_their_names() -> None:
    # a note's records hold a dozen small models each: one set of given names per distinct set, not per model
    ex = extract(SEED, source=SEED_PATH)
    amounts = [pa.amount for rec in ex.records for pa in rec.amounts]
    spans = [a.span for a in amounts if a.span is not None]
    assert len(amounts) >= 20 and len(spans) >= 20
    assert len({id(a.__pydantic_fields_set__) for a in amounts}) <= 3
    assert len({id(s.__pydantic_fields_set__) for s in spans}) <= 2


def test_the_names_of_given_fields_read_as_pydantic_keeps_them() -> None:
    from relparty.models import TextSpan

    a, b = Amount(value=Decimal(1), text="$1"), Amount(value=Decimal(2), text="$2")
    assert a.model_fields_set == b.model_fields_set == {"value", "text"}
    a.scale = 1000  # an assignment adds the name to this amount's set only
    assert a.model_fields_set == {"value", "text", "scale"} and b.model_fields_set == {"value", "text"}
    assert a.model_dump(exclude_unset=True) == {"value": Decimal(1), "text": "$1", "scale": 1000}
    assert b.model_dump(exclude_unset=True) == {"value": Decimal(2), "text": "$2"}
    c = b.model_copy(update={"currency": "USD"})
    assert b.model_fields_set == {"value", "text"} and c.currency == "USD"
    s = TextSpan(start=1, end=3, text="ab")
    with pytest.raises(ValidationError):
        s.start = 2  # still frozen
    assert s.model_fields_set == {"start", "end", "text"} and TextSpan(start=1, end=1).model_fields_set == {"start", "end"}
