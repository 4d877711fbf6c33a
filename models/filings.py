"""Whole filings: where the related-party sections are, who filed, and what was read out of each section."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from relparty.models.details import Reconciliation
from relparty.models.records import Amount, ExtractionWarning, NoteExtraction, Period, Provenance, TextSpan

FoundBy = Literal["text-block", "heading"]


class SectionPart(BaseModel):
    """One piece of a section: visible-text offsets (``start``/``end``) and the document's (``span``)."""

    start: int
    end: int
    span: TextSpan  # into the primary document as given (its text is left empty: it is the raw markup)


class FilingSection(BaseModel):
    """A related-party section of a filing: a tagged text block (with its ``continuedAt`` parts) or a heading."""

    n: int = Field(ge=1)
    heading: str
    found_by: FoundBy
    concept: str | None = None  # the text block's concept
    kind: Literal["note", "item", "section"] = "note"  # a financial-statement note, an Item (13, 7.B), another section
    start: int  # visible-text offsets (SOURCES.md's definition), first part to last
    end: int
    span: TextSpan  # document offsets of the same range
    parts: list[SectionPart] = Field(default_factory=list)
    inside: int | None = None  # ``n`` of the section that contains this one
    tagged_values: int = 0  # ix:nonFraction elements inside
    text: str | None = None  # the section's visible text as read (set for the sections that were read)
    warnings: list[str] = Field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start


class Item404Amount(BaseModel):
    """One amount of an Item 404 record: its value as written (span into the document) and the period the
    sentence gives it ("$150,000 and $45,000 in 2023": both 2023; "$310,000, $295,000 and $280,000 in 2024, 2023
    and 2022, respectively": one each), None when the sentence gives it none."""

    amount: Amount
    period: Period | None = None


class Item404(BaseModel):
    """What Item 404 of Regulation S-K asks of one related-person transaction (or that there were none)."""

    related_person: str | None = None
    relationship: str | None = None  # the basis of the relationship ("the brother of our CEO")
    interest: str | None = None  # the person's interest in the transaction
    amount: str | None = None  # the first amount involved as written ("approximately $310,000")
    amounts: list[Item404Amount] = Field(default_factory=list)  # every amount of the person's clause, in order
    no_transactions: bool = False  # the section says no transaction was reported
    section: int | None = None
    evidence: TextSpan


class FilingExtraction(BaseModel):
    """Everything read out of one filing: its sections, the extraction of each, and the tag reconciliation."""

    source: str | None = None
    provenance: Provenance = Field(default_factory=Provenance)
    length: int = 0
    inline_xbrl: bool = False
    sections: list[FilingSection] = Field(default_factory=list)
    notes: list[NoteExtraction] = Field(default_factory=list)  # one per section read (top-level sections)
    reconciliations: list[Reconciliation] = Field(default_factory=list)
    item404: list[Item404] = Field(default_factory=list)
    no_transactions: bool = False  # a section says there were no related-party transactions
    warnings: list[ExtractionWarning] = Field(default_factory=list)
