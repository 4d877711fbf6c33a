"""Records: counterparties, amounts, periods, transactions, balances and the note extraction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator
from relparty.models.facts import Fact

FlowKind = Literal["revenue", "cost", "other"]
BalanceKind = Literal["receivable", "payable"]
PartyType = Literal["entity", "person", "group", "aggregate"]


# one set of given field names per distinct set, shared by the models that were given those fields
_GIVEN_FIELDS: dict[frozenset[str], set[str]] = {}


class _Shared(BaseModel):
    """A result model whose instances share the set of the names of the fields they were given.

    pydantic keeps that set on each instance (``model_fields_set``). A note's records hold a dozen
    small models each, and the sets were half of a record's memory: a 10 MB note has 79,000 records
    and took 1 GB. So instances given the same fields share one set. An assignment that adds a name
    to it adds it to the instance's own copy, which is then shared in turn (``model_copy`` copies it
    too), so ``model_fields_set`` reads as before."""

    def model_post_init(self, context: Any, /) -> None:
        self._share_given()

    def _share_given(self) -> None:
        given = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _GIVEN_FIELDS.setdefault(frozenset(given), given))

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__pydantic_fields_set__:  # pydantic's add of the name changes nothing
            super().__setattr__(name, value)
            return
        object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)
        self._share_given()


class _Frozen(_Shared):
    """A frozen result model (its instances cannot be changed)."""

    model_config = ConfigDict(frozen=True)


class TextSpan(_Frozen):
    """Characters ``[start, end)`` of the original source text, and the text they hold."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> TextSpan:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Counterparty(_Shared):
    """A related party as the note names it, with the short names the note defines for it."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    type: PartyType = "entity"
    span: TextSpan | None = None  # the party's first mention in the note
    mention: TextSpan | None = None  # the mention that gave this record its party
    rule: str | None = None  # the ids of the rules that made that mention and chose it ("mention.legal/link.after-trigger")


class Period(_Frozen):
    """A flow period (``months`` set) or a balance date / dated event (``months`` None)."""

    end: date
    months: int | None = None
    span: TextSpan | None = None


class Amount(_Shared):
    """An amount slot. ``blank`` slots have no value; a written nil/zero is 0, not blank."""

    value: Decimal | None = None
    blank: bool = False
    currency: str | None = None
    text: str = ""
    span: TextSpan | None = None
    # the unit the amount is in: 1 when its own words say it ("RMB1.2 million") or the note states units,
    # 1,000 / 1,000,000 from the note's unit statement ("RMB in Thousands"); None when nothing says it
    scale: int | None = None

    @model_validator(mode="after")
    def _blank_xor_value(self) -> Amount:
        if self.blank and self.value is not None:
            raise ValueError("a blank amount has no value")
        if not self.blank and self.value is None:
            raise ValueError("an amount that is not blank needs a value")
        return self


class PeriodAmount(_Shared):
    period: Period
    amount: Amount


class Transaction(_Shared):
    """A flow with a related party over periods: revenue, cost, or another flow (loans, guarantees...)."""

    record: Literal["transaction"] = "transaction"
    kind: FlowKind
    counterparty: Counterparty
    service: str | None = None
    detail: str | None = None
    amounts: list[PeriodAmount] = Field(default_factory=list)
    evidence: TextSpan
    kind_rule: str | None = None  # the ids of the rules that chose the kind ("kind.own/kinds:12")
    section: str | None = None  # in a whole filing: the heading of the section it was read from


class Balance(_Shared):
    """A receivable or payable balance with a related party at one or more dates."""

    record: Literal["balance"] = "balance"
    kind: BalanceKind
    counterparty: Counterparty
    nature: str | None = None
    line_item: str | None = None
    service: str | None = None  # the goods or services the balance arises from, when the note says
    amounts: list[PeriodAmount] = Field(default_factory=list)
    evidence: TextSpan
    kind_rule: str | None = None  # the ids of the rules that chose the kind
    section: str | None = None  # in a whole filing: the heading of the section it was read from


Record = Annotated[Union[Transaction, Balance], Field(discriminator="record")]


class ExtractionWarning(BaseModel):
    """Something the extractor could not settle; ``span`` names the sentence."""

    message: str
    span: TextSpan | None = None


class Provenance(BaseModel):
    """Where a note comes from: what the filing says about itself (each None when it does not say)."""

    filer: str | None = None
    cik: str | None = None
    form: str | None = None
    period_of_report: date | None = None
    fiscal_year_end: str | None = None  # as the filing writes it ("--12-31", "1231")


class NoteExtraction(BaseModel):
    """Everything read out of one note."""

    source: str | None = None
    note: str | None = None
    length: int = 0
    provenance: Provenance | None = None  # set when the note was located in a whole filing
    section: str | None = None  # that note's heading in the filing
    section_start: int | None = None  # where the section is in the filing (characters of the document as given)
    section_end: int | None = None
    records: list[Record] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)

    def facts(self) -> list[Fact]:
        """The flat facts view (GOLD.md): one row per party, kind, period and amount."""
        return facts_of(self)


_FACTS: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])


def _fact_key(rec: Transaction | Balance, pa: PeriodAmount) -> tuple:  # type: ignore[type-arg]
    detail = rec.detail if rec.record == "transaction" else rec.nature
    return (rec.kind, rec.counterparty.name, pa.period.end, pa.period.months, pa.amount.value, pa.amount.blank, detail,
            rec.service)


def facts_of(ex: NoteExtraction) -> list[Fact]:
    """The facts of ``ex`` (GOLD.md): one per party, kind, period and amount; the same amount stated twice is one.

    The facts are gathered as plain dicts and validated in one call (pydantic's loop over a list
    runs in its core, four times faster than a ``Fact(...)`` call per fact; ``warnings`` given, so
    that pydantic does not deep-copy the default list for each): every fact is still validated
    before it leaves the library."""
    rows: list[dict[str, Any]] = []
    seen: dict[tuple, set[str | None]] = {}  # a fact's key -> the table rows (line items) that stated it
    prov = ex.provenance.model_dump() if ex.provenance is not None else {}
    for rec in ex.records:
        party = rec.counterparty
        service = rec.service if rec.record == "transaction" else None
        detail = rec.detail if rec.record == "transaction" else rec.nature
        line = rec.line_item if rec.record == "balance" else None  # a balance row of a table names its line item
        for pa in rec.amounts:
            a, p = pa.amount, pa.period
            key = _fact_key(rec, pa)
            rows_of = seen.setdefault(key, set())
            said = bool(rows_of)
            if line in rows_of or (line is None and said):
                continue  # GOLD.md: the same amount stated twice is one fact
            rows_of.add(line)
            if said and rows_of == {None, line}:
                continue  # a sentence said it before the first table row that states it again
            # (two rows of a table are two facts: two loans of one party, each nil at the date)
            rows.append({
                "note": ex.note, "counterparty": party.name, "aliases": list(party.aliases), "kind": rec.kind,
                "period_end": p.end, "period_months": p.months, "amount": a.value, "blank": a.blank,
                "currency": a.currency, "scale": a.scale, "service": service, "detail": detail,
                "evidence": rec.evidence.text, "start": rec.evidence.start, "end": rec.evidence.end,
                "amount_start": a.span.start if a.span else None, "amount_end": a.span.end if a.span else None,
                "party_mention": party.mention.text if party.mention else None, "party_rule": party.rule,
                "kind_rule": rec.kind_rule, "warnings": [], **prov, "source": ex.source, "section": rec.section or ex.section,
                "section_start": ex.section_start, "section_end": ex.section_end,
            })
    return _FACTS.validate_python(rows)
