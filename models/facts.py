"""The flat facts view: one row per (counterparty, kind, period) amount, as GOLD.md defines it.

This module knows nothing of records: ``relparty.models.records.facts_of`` (``NoteExtraction.facts()``)
builds facts from a note's records, so the models import one way, records -> facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, PlainSerializer


def _number(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


JsonNumber = Annotated[Decimal | None, PlainSerializer(_number, when_used="json")]


class Fact(BaseModel):
    note: str | None = None
    counterparty: str
    aliases: list[str] = []
    kind: Literal["revenue", "cost", "receivable", "payable", "other"]
    period_end: date
    period_months: int | None = None
    amount: JsonNumber = None
    blank: bool = False
    currency: str | None = None
    scale: int | None = None  # the amount's unit (1, 1000, 1000000) from the note's unit statement; None if unstated
    service: str | None = None
    detail: str | None = None
    evidence: str
    start: int
    end: int
    amount_start: int | None = None
    amount_end: int | None = None
    warnings: list[str] = []
    party_mention: str | None = None  # the text of the mention that gave the party
    party_rule: str | None = None
    kind_rule: str | None = None
    # provenance (GOLD.md has none of these; set from the extraction, None when unknown)
    source: str | None = None
    filer: str | None = None
    cik: str | None = None
    form: str | None = None
    period_of_report: date | None = None
    fiscal_year_end: str | None = None
    section: str | None = None  # the filing section the fact was read from, and where it is in the document
    section_start: int | None = None
    section_end: int | None = None
