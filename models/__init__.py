"""Pydantic v2 models of relparty: what a related-party note says, as auditable records.

Every value carries a :class:`TextSpan` into the ORIGINAL source text, so it can be traced back
to its characters. A blank amount (a slot whose number the page dropped) is first-class:
``Amount(blank=True, value=None)`` and never 0.
"""

from relparty.models.details import Column, DetailsPage, Reconciliation, ReconciliationItem, TaggedFact
from relparty.models.facts import Fact
from relparty.models.records import (
    Amount,
    Balance,
    Counterparty,
    ExtractionWarning,
    NoteExtraction,
    Period,
    PeriodAmount,
    Provenance,
    Record,
    TextSpan,
    Transaction,
)
from relparty.models.schema import json_schema

__all__ = [
    "Amount",
    "Balance",
    "Column",
    "Counterparty",
    "DetailsPage",
    "ExtractionWarning",
    "Fact",
    "NoteExtraction",
    "Period",
    "PeriodAmount",
    "Provenance",
    "Reconciliation",
    "ReconciliationItem",
    "Record",
    "TaggedFact",
    "TextSpan",
    "Transaction",
    "json_schema",
]
