"""The flat facts view: one row per (counterparty, kind, period) amount, as GOLD.md defines it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, PlainSerializer

if TYPE_CHECKING:
    from relparty.models.records import NoteExtraction


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


def facts_of(ex: NoteExtraction) -> list[Fact]:
    out: list[Fact] = []
    seen: set[tuple] = set()
    prov = ex.provenance.model_dump() if ex.provenance is not None else {}
    where = {"source": ex.source, "section": ex.section, "section_start": ex.section_start, "section_end": ex.section_end}
    for rec in ex.records:
        party = rec.counterparty
        service = rec.service if rec.record == "transaction" else None
        detail = rec.detail if rec.record == "transaction" else rec.nature
        context = rec.service
        for pa in rec.amounts:
            a, p = pa.amount, pa.period
            key = (rec.kind, party.name, p.end, p.months, a.value, a.blank, detail, context)
            if key in seen:  # GOLD.md: the same amount stated twice is one fact
                continue
            seen.add(key)
            out.append(
                Fact(
                    note=ex.note,
                    counterparty=party.name,
                    aliases=list(party.aliases),
                    kind=rec.kind,
                    period_end=p.end,
                    period_months=p.months,
                    amount=a.value,
                    blank=a.blank,
                    currency=a.currency,
                    scale=a.scale,
                    service=service,
                    detail=detail,
                    evidence=rec.evidence.text,
                    start=rec.evidence.start,
                    end=rec.evidence.end,
                    amount_start=a.span.start if a.span else None,
                    amount_end=a.span.end if a.span else None,
                    party_mention=party.mention.text if party.mention else None,
                    party_rule=party.rule,
                    kind_rule=rec.kind_rule,
                    **prov,
                    **{**where, "section": rec.section or ex.section},
                )
            )
    return out
