"""EDGAR filing folders on the real files of ``../shared/filings`` (SOURCES.md): Apple's 10-Q folder (its real
FilingSummary.xml and all 42 R pages, no related-party report) read end to end, a real R page rendered and read as
tagged facts, and Enphase's real FilingSummary.xml with its real primary document (the R pages of that filing are
not stored: the summary's picks are checked by name, the missing note page is a warning, and the primary
document's note is located and reconciled with its own inline tags). The note-page + Details-page reconciliation
of a folder holding both is tested on invented pages in ``tests/test_filings_read.py``: no real folder with a
related-party R page is available."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from relparty import read_filing
from relparty.details.reader import read_details
from relparty.filings.folder import pick, rpage_text, summary_reports

FILINGS = Path("/work/shared/filings")
APPLE = FILINGS / "0000320193-25-000057"
ENPH = FILINGS / "0001463101-26-000013"
pytestmark = pytest.mark.skipif(not (FILINGS / "SOURCES.md").is_file(),
                                reason=f"needs the shared filings ({FILINGS / 'SOURCES.md'} is absent)")


def test_apple_folder_summary_lists_its_reports_and_no_related_party_note() -> None:
    reports, instances = summary_reports((APPLE / "FilingSummary.xml").read_text(encoding="utf-8"))
    files = [r.file for r in reports if r.file]
    assert instances == ["aapl-20250329.htm"]
    assert files == [f"R{i}.htm" for i in range(1, 43)]  # SOURCES.md: R1-R42, one per report
    assert all((APPLE / f).is_file() for f in files)
    assert pick(reports) == (None, [])


def test_apple_folder_read_whole_gives_one_warning_and_no_facts() -> None:
    fx = read_filing(APPLE)
    assert fx.notes == [] and fx.item404 == [] and fx.sections == []
    assert [w.message for w in fx.warnings] == [
        "0000320193-25-000057: no related-party note in FilingSummary.xml (43 reports) nor in a primary document; "
        "no facts are given"]


def test_a_real_r_page_is_read_as_tagged_facts() -> None:
    page = read_details(rpage_text((APPLE / "R2.htm").read_text(encoding="utf-8")), source="R2.htm")
    got = {(f.row, f.period_end, f.period_months, f.value) for f in page.facts if f.row == "Net sales" and not f.members}
    assert got == {("Net sales", date(2025, 3, 29), 3, Decimal("95359000000")),
                   ("Net sales", date(2024, 3, 30), 3, Decimal("90753000000")),
                   ("Net sales", date(2025, 3, 29), 6, Decimal("219659000000")),
                   ("Net sales", date(2024, 3, 30), 6, Decimal("210328000000"))}


def test_enphase_summary_picks_the_note_and_its_details_by_menu_and_parent_role() -> None:
    reports, instances = summary_reports((ENPH / "FilingSummary.xml").read_text(encoding="utf-8"))
    note, details = pick(reports)
    assert instances == ["enph-20251231.htm"]
    assert note is not None and (note.file, note.short, note.role) == ("R29.htm", "RELATED PARTY", "http://enphase.com/role/RELATEDPARTY")
    assert [(d.file, d.short, d.parent) for d in details] == [("R112.htm", "RELATED PARTY (Details)", note.role)]


def test_enphase_folder_end_to_end_with_its_primary_document(tmp_path: Path) -> None:
    folder = tmp_path / ENPH.name
    folder.mkdir()
    (folder / "FilingSummary.xml").symlink_to(ENPH / "FilingSummary.xml")
    (folder / "enph-20251231.htm").symlink_to(FILINGS / "enph-20251231.htm")
    fx = read_filing(folder)
    assert [w.message for w in fx.warnings] == [
        f"{ENPH.name}: FilingSummary.xml lists the note 'RELATED PARTY' as R29.htm, which is not in the folder"]
    note = fx.notes[0]
    assert (note.section, note.section_start) == ("20. RELATED PARTY", 2769382)  # corpus/filings/enph-10k-2025
    assert [(f.kind, f.counterparty, f.period_end, f.amount) for f in note.facts()] == [
        ("other", "SunPower", date(2025, 9, 30), Decimal("6300000"))]
    assert fx.provenance.cik == "0001463101" and fx.provenance.form == "10-K"
    assert [r.counts() for r in fx.reconciliations] == [
        {"agree": 1, "differ": 0, "blank-in-text": 0, "text-only": 0, "tagged-only": 1}]
