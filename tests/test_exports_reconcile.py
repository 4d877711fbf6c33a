"""The review exports show each note's reconciliation with the "(Details)" pages beside it.

Real pairs from ``corpus/details`` (``NAME.txt`` beside ``NAME.details.txt``) through the live extractor,
a curated pair perturbed so that every status occurs, and hostile notes and pages: the workbook's
Reconciliation sheet and the HTML review's reconciliation sections are checked against
``relparty.reconcile`` item for item.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from relparty.api import extract
from relparty.exports.cells import safe_cell
from relparty.exports.html import render_review, write_review
from relparty.exports.rows import NO_DETAILS_MESSAGE, RECONCILIATION_COLUMNS, reconciliation_rows
from relparty.exports.xlsx import STATUS_FILLS, write_workbook
from relparty.models import Reconciliation
from relparty.models.details import STATUSES
from relparty.reconcile import (
    extraction_from_facts,
    reconcile_beside,
)
from relparty.results import FileResult

ROOT = Path(__file__).resolve().parent.parent
DETAILS = ROOT / "corpus" / "details"
NOTES = ROOT / "corpus" / "notes"
FORMULA_START = ("=", "+", "-", "@")
HYPERLINK = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"
EXPECTED_FILL = {"agree": "C8E6C9", "differ": "FFCDD2", "blank-in-text": "FFE082", "text-only": "E0E0E0",
                 "tagged-only": "E0E0E0"}


def _result(path: Path) -> FileResult:
    text = path.read_text(encoding="utf-8")
    return FileResult(path=str(path), extraction=extract(text, source=str(path)), text=text)


def _paired_notes() -> list[Path]:
    return sorted(p for p in DETAILS.glob("*.txt") if ".details" not in p.name
                  and p.with_name(p.stem + ".details.txt").is_file())


@pytest.fixture(scope="module")
def paired() -> list[FileResult]:
    notes = _paired_notes()
    assert len(notes) == 6
    return [_result(p) for p in notes]


def _expected(results: list[FileResult]) -> list[tuple[FileResult, Reconciliation]]:
    """The reconciliations the exports must show, straight from relparty.reconcile."""
    out = []
    for r in results:
        assert r.extraction is not None
        rec = reconcile_beside(Path(r.path), r.extraction)
        if rec is not None:
            out.append((r, rec))
    return out


def _perturbed_facts(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """liauto's curated facts with one amount off by one (differ), one blank (blank-in-text) and one
    missing (its tagged value is then tagged-only)."""
    out = []
    for f in json.loads(json.dumps(facts)):
        party, end, amount = f["counterparty"], f["period_end"], f.get("amount")
        if party.startswith("Hanhai") and f["kind"] == "cost" and end == "2022-12-31":
            continue
        if party.startswith("Beijing Sankuai") and f["kind"] == "cost" and end == "2022-12-31":
            f["amount"] = amount + 1
        if party.startswith("Beijing Yihang") and f["kind"] == "cost" and amount == 58361:
            f["amount"], f["blank"] = None, True
        out.append(f)
    return out


@pytest.fixture(scope="module")
def every_status(tmp_path_factory: pytest.TempPathFactory) -> FileResult:
    """liauto's note and page, its curated facts perturbed so that all five statuses occur."""
    d = tmp_path_factory.mktemp("every-status")
    name = "liauto-2022-rpt"
    for suffix in (".txt", ".details.txt"):
        (d / (name + suffix)).write_text((DETAILS / (name + suffix)).read_text(encoding="utf-8"), encoding="utf-8")
    text = (d / f"{name}.txt").read_text(encoding="utf-8")
    facts = _perturbed_facts(json.loads((DETAILS / f"{name}.gold.json").read_text(encoding="utf-8"))["facts"])
    ex = extraction_from_facts(facts, note=name, source=str(d / f"{name}.txt"), text=text)
    return FileResult(path=str(d / f"{name}.txt"), extraction=ex, text=text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> list[FileResult]:
    """liauto's note and details page with a formula and a script written into the note's table, the
    page's title and every row label: through the live extractor, and through curated facts under a
    hostile note name (every status occurs there)."""
    d = tmp_path_factory.mktemp("hostile")
    label = "Purchase service from Beijing Sankuai"
    hostile_label = f"{HYPERLINK} {label} {SCRIPT}"
    text = (DETAILS / "liauto-2022-rpt.txt").read_text(encoding="utf-8").replace(label, hostile_label)
    page = (DETAILS / "liauto-2022-rpt.details.txt").read_text(encoding="utf-8")
    page = page.replace("|Purchases from related party", f"|{HYPERLINK} Purchases from related party {SCRIPT}")
    page = page.replace("transactions (Details)", f"transactions {SCRIPT} <img src=x onerror=alert(2)> (Details)")
    note = d / "hostile-rpt.txt"
    note.write_text(text, encoding="utf-8")
    note.with_name("hostile-rpt.details.txt").write_text(page, encoding="utf-8")
    facts = json.loads((DETAILS / "liauto-2022-rpt.gold.json").read_text(encoding="utf-8"))["facts"]
    for f in facts:
        f["evidence"] = f["evidence"].replace(label, hostile_label)
    crafted = extraction_from_facts(_perturbed_facts(facts), note=f"{HYPERLINK} {SCRIPT}", source=str(note), text=text)
    return [_result(note), FileResult(path=str(note), extraction=crafted, text=text)]


# --- helpers -----------------------------------------------------------------------------------


def _sheet_dicts(ws: Worksheet) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def _assert_cell(value: object, want: object, col: str) -> None:
    if want is None or want == "":
        assert value is None, (col, value)  # an empty string is an empty cell
    elif isinstance(want, bool):
        assert value is want, (col, value, want)
    elif isinstance(want, date):
        assert isinstance(value, datetime) and value.date() == want, (col, value, want)
    elif isinstance(want, Decimal):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (col, value)
        assert Decimal(str(value)) == want, (col, value, want)
    elif isinstance(want, str):
        assert value == safe_cell(want), (col, value, want)
    else:
        assert value == want, (col, value, want)


def _reconciliation_sheet(path: Path) -> Worksheet:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Facts", "Records", "Warnings", "Notes", "Reconciliation"]
    return wb["Reconciliation"]


from htmldom import DomBuilder as _Dom  # noqa: E402
from htmldom import Node  # noqa: E402
from htmldom import parse_html as _parse  # noqa: E402
from sheetcheck import assert_no_formulas  # noqa: E402


def _page_checks(dom: _Dom) -> dict[str, Node]:
    """Self-contained, no script, unique ids, every link resolves; returns the elements by id."""
    nodes = list(dom.root.iter())
    ids = [n.attrs["id"] for n in nodes if "id" in n.attrs]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}
    for tag, attrs in dom.tags:
        assert tag not in ("script", "link", "iframe", "object", "embed", "img"), tag
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs
        if "href" in attrs:
            assert attrs["href"].startswith("#") and attrs["href"][1:] in by_id, attrs["href"]
    return by_id


def _check_sections(by_id: dict[str, Node], results: list[FileResult]) -> list[Node]:
    """Each note with details pages has one reconciliation section after its facts, row for row as
    relparty.reconcile says; other notes have none. Returns the sections."""
    expected = {id(r): rec for r, rec in _expected(results)}
    sections = []
    for k, r in enumerate(results, start=1):
        note = by_id[f"note-{k}"]
        found = note.find_all("section", "reconciliation")
        rec = expected.get(id(r))
        if rec is None:
            assert found == [], r.path
            continue
        assert len(found) == 1, r.path
        sec = found[0]
        sections.append(sec)
        assert sec.parent is note
        kids = [c for c in note.children if isinstance(c, Node)]
        facts_table = next(c for c in kids if c.tag == "table" and "facts" in c.classes) if any(
            c.tag == "table" and "facts" in c.classes for c in kids) else next(c for c in kids if "empty" in c.classes)
        assert kids.index(facts_table) < kids.index(sec)  # after the facts
        assert sec.attrs["data-note"] == (rec.note or "")
        counts = next(n for n in sec.iter() if "reconciliation-counts" in n.classes).text()
        assert counts == ", ".join(f"{s}: {n}" for s, n in rec.counts().items())
        rows = [tr for tr in sec.find_all("tr") if any(c.startswith("status-") for c in tr.classes)]
        assert len(rows) == len(rec.items) == len(reconciliation_rows(rec))
        for tr, item in zip(rows, rec.items):
            assert tr.classes == {f"status-{item.status}"}
            cells = [td.text() for td in tr.find_all("td")]
            assert cells[0] == item.status and cells[1] == (item.party or "")
            assert tr.attrs.get("title", "") == item.match
    return sections


def _check_summary(by_id: dict[str, Node], recs: list[Reconciliation], sections: list[Node]) -> None:
    """The summary's counts are the sums over the items, and over the rows shown."""
    shown = Counter(c[len("status-"):] for sec in sections for tr in sec.find_all("tr") for c in tr.classes
                    if c.startswith("status-"))
    for s in STATUSES:
        n = sum(1 for rec in recs for it in rec.items if it.status == s)
        assert shown[s] == n
        li = by_id[f"rec-total-{s}"]
        assert li.text() == f"{n}{s}" and f"status-{s}" in li.classes
    assert by_id["reconciliation-totals"].parent is by_id["top"]


# --- workbook ----------------------------------------------------------------------------------


def test_workbook_reconciliation_sheet_row_per_item(paired: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(paired, out)
    ws = _reconciliation_sheet(out)
    assert tuple(c.value for c in ws[1]) == RECONCILIATION_COLUMNS and RECONCILIATION_COLUMNS[0] == "note"
    got = _sheet_dicts(ws)
    expected = [(r, row) for r, rec in _expected(paired) for row in reconciliation_rows(rec)]
    assert {r.path for r, _ in expected} == {r.path for r in paired}  # every paired note has a reconciliation
    assert len(got) == len(expected) > 100
    for row, (_r, want) in zip(got, expected):
        assert row["status"] in STATUSES
        for col in RECONCILIATION_COLUMNS:
            _assert_cell(row[col], want[col], col)
    per_note = Counter(row["note"] for row in got)
    assert per_note == Counter({rec.note: len(rec.items) for _, rec in _expected(paired)})
    assert {row["status"] for row in got} >= {"agree", "text-only", "tagged-only"}


def test_workbook_reconciliation_layout_formats_and_colours(every_status: FileResult, paired: list[FileResult],
                                                             tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook([*paired[:2], every_status], out)
    ws = _reconciliation_sheet(out)
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    assert ws[1][0].fill.fgColor.rgb.endswith("37474F")  # the header style of the other sheets
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}"
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    assert all(8 <= w <= 90 for w in widths.values()), widths
    assert widths["text_evidence"] > 40 > widths["status"] >= len("status")
    col = {c.value: c.column for c in ws[1]}
    statuses = Counter()
    for r in range(2, ws.max_row + 1):
        status = ws.cell(row=r, column=col["status"])
        statuses[status.value] += 1
        assert status.fill.fgColor.rgb.endswith(EXPECTED_FILL[status.value])
        assert STATUS_FILLS[status.value].fgColor.rgb.endswith(EXPECTED_FILL[status.value])
        end = ws.cell(row=r, column=col["period_end"])
        assert end.value is None or (isinstance(end.value, datetime) and end.number_format == "yyyy-mm-dd")
        for name in ("text_amount", "text_value", "tagged_value"):
            cell = ws.cell(row=r, column=col[name])
            if cell.value is not None:
                assert cell.data_type == "n" and cell.number_format in ("#,##0", "#,##0.00##"), (name, cell.value)
        for name in ("text_start", "text_end", "tagged_start", "tagged_end", "period_months"):
            cell = ws.cell(row=r, column=col[name])
            if cell.value is not None:
                assert cell.data_type == "n" and cell.number_format == "0", name
        blank = ws.cell(row=r, column=col["text_blank"]).value
        assert blank is None or isinstance(blank, bool)
    assert set(statuses) == set(STATUSES)  # the perturbed pair shows every status
    assert statuses["differ"] == statuses["blank-in-text"] == 1
    # the message an auditor reads says what differs
    rows = _sheet_dicts(ws)
    differ = next(row for row in rows if row["status"] == "differ")
    assert "5,522" in differ["message"] and "5,521" in differ["message"]
    blank_row = next(row for row in rows if row["status"] == "blank-in-text")
    assert blank_row["text_blank"] is True and blank_row["text_amount"] is None and blank_row["tagged_value"] == 58361000


def test_workbook_reconciliation_only_for_notes_with_details(paired: list[FileResult], tmp_path: Path) -> None:
    plain = _result(sorted(NOTES.glob("*.txt"))[0])
    failed = FileResult(path=str(DETAILS / "ambow-2021-rpt.txt"), error="cannot read it")  # no extraction: skipped
    out = tmp_path / "mixed.xlsx"
    write_workbook([plain, paired[0], failed], out)
    got = _sheet_dicts(_reconciliation_sheet(out))
    rec = _expected([paired[0]])[0][1]
    assert len(got) == len(rec.items) and {row["note"] for row in got} == {rec.note}


def test_workbook_without_details_pages(tmp_path: Path) -> None:
    plain = [_result(p) for p in sorted(NOTES.glob("*.txt"))[:2]]
    # asked for: the sheet is there, its header and one row saying why it is empty
    for results in (plain, []):
        out = tmp_path / "forced.xlsx"
        write_workbook(results, out, reconciliation=True)
        ws = _reconciliation_sheet(out)
        assert tuple(c.value for c in ws[1]) == RECONCILIATION_COLUMNS
        rows = _sheet_dicts(ws)
        assert len(rows) == 1 and rows[0]["message"] == NO_DETAILS_MESSAGE
        assert all(v is None for k, v in rows[0].items() if k != "message")
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}2"
    # by default the sheet is added when some note has details pages (the four-sheet workbook otherwise)
    write_workbook(plain, tmp_path / "plain.xlsx")
    assert openpyxl.load_workbook(tmp_path / "plain.xlsx").sheetnames == ["Facts", "Records", "Warnings", "Notes"]


def test_workbook_reconciliation_can_be_left_out(paired: list[FileResult], tmp_path: Path) -> None:
    write_workbook(paired[:1], tmp_path / "no.xlsx", reconciliation=False)
    assert openpyxl.load_workbook(tmp_path / "no.xlsx").sheetnames == ["Facts", "Records", "Warnings", "Notes"]


def test_hostile_reconciliation_inert_in_workbook(hostile: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "hostile.xlsx"
    write_workbook(hostile, out)
    assert_no_formulas(out)
    ws = _reconciliation_sheet(out)
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(FORMULA_START), (cell.coordinate, cell.value)
    got = _sheet_dicts(ws)
    expected = [row for _, rec in _expected(hostile) for row in reconciliation_rows(rec)]
    assert len(got) == len(expected)
    for row, want in zip(got, expected):
        for col in RECONCILIATION_COLUMNS:
            _assert_cell(row[col], want[col], col)
    hostile_note = f"'{HYPERLINK} {SCRIPT}"
    assert {row["note"] for row in got} == {"hostile-rpt", hostile_note}
    assert {row["status"] for row in got if row["note"] == hostile_note} == set(STATUSES)
    # the page's row labels and the note's evidence start like formulas: shown as text
    assert any(row["tagged_row"] == f"'{HYPERLINK} Purchases from related party {SCRIPT}" for row in got)
    assert any((row["text_evidence"] or "").startswith(f"'{HYPERLINK} Purchase service") for row in got)
    assert any(row["status"] == "agree" and row["tagged_row"] and "HYPERLINK" in row["tagged_row"] for row in got)


# --- HTML --------------------------------------------------------------------------------------


def test_html_reconciliation_section_per_paired_note(paired: list[FileResult], tmp_path: Path) -> None:
    plain = _result(sorted(NOTES.glob("*.txt"))[0])
    results = [paired[0], plain, *paired[1:]]
    out = tmp_path / "review.html"
    write_review(results, out)
    dom = _parse(out.read_text(encoding="utf-8"))
    by_id = _page_checks(dom)
    sections = _check_sections(by_id, results)
    assert len(sections) == 6
    _check_summary(by_id, [rec for _, rec in _expected(results)], sections)
    # the index still links to each note, and only to them
    index = by_id["top"].find_all("table", "index")[0]
    assert [n.attrs["href"] for n in index.iter() if n.tag == "a"] == [
        f"#note-{k}" for k in range(1, len(results) + 1)]


def test_html_every_status_and_summary(every_status: FileResult) -> None:
    dom = _parse(render_review([every_status]))
    by_id = _page_checks(dom)
    sections = _check_sections(by_id, [every_status])
    recs = [rec for _, rec in _expected([every_status])]
    _check_summary(by_id, recs, sections)
    assert all(by_id[f"rec-total-{s}"].text() != f"0{s}" for s in STATUSES)
    differ = next(tr for tr in sections[0].find_all("tr") if "status-differ" in tr.classes)
    assert "5,522" in differ.text() and "5,521" in differ.text()


def test_html_without_details_pages_says_so() -> None:
    for results in ([_result(sorted(NOTES.glob("*.txt"))[0])], []):
        dom = _parse(render_review(results))
        by_id = _page_checks(dom)
        assert NO_DETAILS_MESSAGE in by_id["reconciliation-totals"].text()
        assert not any(i.startswith("rec-total-") for i in by_id)
        assert not dom.root.find_all("section", "reconciliation")


def test_hostile_reconciliation_inert_in_html(hostile: list[FileResult]) -> None:
    doc = render_review(hostile)
    assert not re.search(r"<\s*script", doc, re.I)
    assert not re.search(r"<\s*img", doc, re.I)
    dom = _parse(doc)
    by_id = _page_checks(dom)
    for _tag, attrs in dom.tags:
        assert not any("http://x" in v for k, v in attrs.items() if k in ("href", "src", "action"))
    sections = _check_sections(by_id, hostile)
    assert len(sections) == 2
    _check_summary(by_id, [rec for _, rec in _expected(hostile)], sections)
    assert sections[1].attrs["data-note"] == f"{HYPERLINK} {SCRIPT}"  # an attribute, escaped and read back whole
    # the hostile labels come through as text, character for character
    for sec in sections:
        text = sec.text()
        assert f"{HYPERLINK} Purchases from related party {SCRIPT}" in text
    assert f"{HYPERLINK} {SCRIPT}" in [h.text() for h in by_id["note-2"].find_all("h2")]  # the note's heading
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
