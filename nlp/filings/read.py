"""``read_filing``: a whole filing (a primary document, or an EDGAR folder) read into a FilingExtraction.

Flow: bytes -> text (``relparty.batch.decode_note``) -> visible text and inline XBRL index
(:mod:`relparty.filings.visible`) -> sections (:mod:`relparty.filings.locate`) -> each top-level section's
text, mapped to the document as given, through the extractor -> the section's own tags
(:mod:`relparty.filings.ixfacts`) reconciled with the narrative facts -> Item 404 fields of proxy sections.

No note, no guess: a filing with no related-party section gives one warning and no facts.
"""

from __future__ import annotations

import os
import re
from array import array
from pathlib import Path

import numpy
from relparty.assemble import assemble
from relparty.components.amounts import AmountList
from relparty.components.periods import PeriodGroup
from relparty.files import decode_note
from relparty.filings.item404 import item404
from relparty.filings.ixfacts import reconcile_in_place, tagged_page
from relparty.filings.locate import locate
from relparty.filings.provenance import fiscal_calendar, provenance
from relparty.filings.visible import Visible, visible_text
from relparty.fiscal import FiscalCalendar
from relparty.models import ExtractionWarning, NoteExtraction, Provenance, TextSpan
from relparty.models.filings import FilingExtraction, FilingSection
from relparty.readers import OFFSET_DTYPE, SourceText, offset_array, read_plain

__all__ = ["read_document", "read_file", "section_source", "looks_like_filing", "MAX_FILING_BYTES", "NO_NOTE"]

MAX_FILING_BYTES = 100_000_000  # a primary document larger than this is refused, with a message naming it
NO_NOTE = "no related-party note or section found"


_COVER = re.compile(r"(?is)securities\W+(?:<[^>]*>\W*)*and\W+(?:<[^>]*>\W*)*exchange\W+(?:<[^>]*>\W*)*commission")
_FORM = re.compile(r"(?i)\bform\W+(?:<[^>]*>\W*)*(?:10-K|10-Q|20-F|40-F|8-K|S-1|F-1)\b|schedule\s+14A|\bprospectus\b")


def looks_like_filing(text: str) -> bool:
    """A whole filing rather than one note: inline XBRL, an SGML submission, a cover page (the Commission's
    name and a form), or a long HTML document."""
    head = text[:30_000]
    return ("<ix:header" in text[:3_000_000] or "<SEC-DOCUMENT>" in head or "<DOCUMENT>" in head
            or bool(_COVER.search(head) and _FORM.search(head))
            or (len(text) > 300_000 and "<html" in head.lower()))


def section_source(vis: Visible, section: FilingSection, fiscal: FiscalCalendar | None = None,
                   annual: bool = False) -> SourceText:
    """The text the extractor reads for ``section`` (its parts joined by line breaks), every character
    mapped to the document as given; with the filer's fiscal calendar (a bare "2023" is its fiscal 2023) and,
    for an annual report, its fiscal year as the section's own period ("during the year")."""
    pieces: list[str] = []
    offsets = array("q")
    for k, part in enumerate(section.parts or []):
        if k:
            pieces.append("\n")
            offsets.append(offsets[-1] if offsets else vis.to_document(part.start))
        pieces.append(vis.text[part.start:part.end])
        offsets.extend(vis.offsets(part.start, part.end)[:-1])
    mid_text = "".join(pieces)
    end_at = vis.to_document(section.parts[-1].end) if section.parts else len(vis.document)
    offsets.append(end_at)
    inner = read_plain(mid_text)  # the R-page line cleaning, as for any HTML note
    composed = offset_array(numpy.frombuffer(offsets, dtype=numpy.int64)[numpy.frombuffer(inner.offsets, dtype=OFFSET_DTYPE)])
    period = (fiscal.anchor, 12) if fiscal is not None and annual else None
    return SourceText(inner.text, vis.document, composed, period=period, broken_runs=inner.broken_runs, fiscal=fiscal)


def _extract(st: SourceText, source: str | None, note: str, extractor: object | None,
             filer: str | None = None) -> tuple[NoteExtraction, list[AmountList], list[PeriodGroup]]:
    """The section's extraction, and its amount lists and period phrases (for the Item 404 records)."""
    from relparty.api import default_extractor

    ex = extractor or default_extractor()
    nlp = ex.nlp  # type: ignore[attr-defined]
    try:
        with nlp.memory_zone():
            doc = nlp.make_doc(st.text)
            if filer:  # the cover's registrant name: the filer is never the counterparty
                doc.user_data["rp_filer"] = filer
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            records, warns = assemble(doc, st)
            lists, groups = list(doc._.rp_amount_lists or []), list(doc._.rp_period_groups or [])
    except Exception as e:  # one odd section never loses the filing
        return NoteExtraction(source=source, note=note, length=len(st.text), warnings=[
            ExtractionWarning(message=f"internal error while extracting: {type(e).__name__}: {e}")]), [], []
    if not records and st.text.strip():
        warns.append(ExtractionWarning(message="no related-party amounts found"))
    return NoteExtraction(source=source, note=note, length=len(st.text), records=records, warnings=warns), lists, groups


def read_document(text: str, source: str | None = None, extractor: object | None = None,
                  warnings: list[str] | None = None) -> FilingExtraction:
    """A primary document's text (HTML, inline XBRL, SGML submission or plain text) read as a filing."""
    vis = visible_text(text)
    prov = provenance(vis)
    cal = fiscal_calendar(vis, prov)
    annual = cal is not None and cal.anchor == prov.period_of_report
    out = FilingExtraction(source=source, provenance=prov, length=len(text),
                           inline_xbrl=any(e.kind == "nonnumeric" for e in vis.ix))
    name = Path(source).name if source else "<text>"
    out.warnings += [ExtractionWarning(message=f"{name}: {w}") for w in (warnings or []) + vis.warnings]
    sections = locate(vis)
    out.sections = sections
    for sec in sections:
        out.warnings += [ExtractionWarning(message=f"{name}: section {sec.n} ({sec.heading}): {w}",
                                           span=TextSpan(start=sec.span.start, end=sec.span.start))
                         for w in sec.warnings]
    if not sections:
        out.warnings.append(ExtractionWarning(message=f"{name}: {NO_NOTE}; no facts are given"))
        return out
    stem = Path(source).stem if source else "filing"
    for sec in sections:
        if sec.inside is not None:
            continue  # a subsection: read as part of the section that holds it
        st = section_source(vis, sec, cal, annual)
        sec.text = st.text
        note, lists, groups = _extract(st, source, f"{stem}#{sec.n}", extractor,
                                       prov.filer or getattr(extractor, "filer", None))
        _stamp(note, prov, sec)
        out.notes.append(note)
        if sec.tagged_values:
            page = tagged_page(vis, sec, f"{name}#{sec.n} ix:nonFraction")
            out.reconciliations.append(reconcile_in_place(note, page))
        found = item404(st, sec, lists, groups)
        out.item404 += found
    out.no_transactions = any(i.no_transactions for i in out.item404)
    return out


def _stamp(note: NoteExtraction, prov: Provenance, sec: FilingSection) -> None:
    note.provenance = prov
    note.section = sec.heading
    note.section_start = sec.span.start
    note.section_end = sec.span.end


def read_file(path: str, max_bytes: int = MAX_FILING_BYTES) -> tuple[str | None, str | None, list[str]]:
    """A file's text: ``(text, error, warnings)``; a file over ``max_bytes`` is refused before it is read."""
    try:
        size = os.path.getsize(path)
    except OSError as e:
        return None, (e.strerror or str(e)).lower(), []
    if size > max_bytes:
        return None, f"too large: {size:,} bytes, over the {max_bytes:,}-byte limit for a filing", []
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        return None, f"cannot read: {(e.strerror or str(e)).lower()}", []
    return decode_note(data)
