"""Review exports: the workbook, the facts CSV and the HTML review, on real notes and hostile ones."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from relparty.api import extract
from relparty.exports.cells import safe_cell
from relparty.exports.html import KINDS, render_review, write_review
from relparty.exports.rows import FACT_COLUMNS, NOTE_COLUMNS, RECORD_COLUMNS, WARNING_COLUMNS, write_facts_csv
from relparty.exports.xlsx import BLANK_FILL, write_workbook
from relparty.models import (
    Amount,
    Balance,
    Counterparty,
    ExtractionWarning,
    Fact,
    NoteExtraction,
    Period,
    PeriodAmount,
    TextSpan,
    Transaction,
)
from relparty.results import FileResult

NOTES = Path(__file__).resolve().parent.parent / "corpus" / "notes"
FORMULA_START = ("=", "+", "-", "@")

HOSTILE_TEXT = (
    "Note 9 - Related party transactions <script>alert(1)</script>\n"
    'The Company sold goods to =HYPERLINK("http://x","y") Co., Ltd. Revenues of RMB5 and RMB6 were recorded for the '
    "years ended December 31, 2022 and 2023, respectively. <script>alert(1)</script>\n"
    '=HYPERLINK("http://x","y") Co., Ltd purchased goods from the Company of RMB7 and RMB8 for the years ended '
    "December 31, 2022 and 2023, respectively.\n"
    'The Company sold goods to Hyperlink Co., Ltd ("=HYPERLINK") of RMB9 and RMB10 for the years ended '
    'December 31, 2022 and 2023, respectively. <img src=x onerror="alert(2)"> & "quotes" \x07bell\n'
)


# --- fixtures ----------------------------------------------------------------------------------


def _result(path: Path) -> FileResult:
    text = path.read_text(encoding="utf-8")
    return FileResult(path=str(path), extraction=extract(text, source=str(path)), text=text)


@pytest.fixture(scope="module")
def corpus() -> list[FileResult]:
    """Every real note of the corpus, plus a file that could not be read and one with a file warning."""
    results = [_result(p) for p in sorted(NOTES.glob("*.txt"))]
    assert len(results) >= 30
    results[1].warnings.append("not valid UTF-8; read as cp1252")
    results.append(FileResult(path="missing/gone.txt", error="cannot read missing/gone.txt: No such file or directory"))
    return results


def _crafted_hostile() -> FileResult:
    """A hand-built extraction whose every text field is hostile (independent of the extractor)."""
    name = '=HYPERLINK("http://x","y") Co., Ltd'
    sentence = f"{name} bought <b>goods</b>\x0b for $5 and paid -3 in 2023. <script>alert(1)</script>"
    text = "Intro. " + sentence + " tail"
    s0 = text.index(sentence)
    amt = text.index("$5")
    per = text.index("in 2023")
    party = Counterparty(name=name, aliases=["@SUM(A1)", "+cmd|' /C calc'!A0"],
                         span=TextSpan(start=s0, end=s0 + len(name), text=name))
    rec = Transaction(
        kind="revenue", counterparty=party, service="-2+3 goods", detail="=1+1",
        amounts=[
            PeriodAmount(period=Period(end=date(2023, 12, 31), months=12,
                                       span=TextSpan(start=per, end=per + 7, text="in 2023")),
                         amount=Amount(value=Decimal(5), currency="USD", text="$5",
                                       span=TextSpan(start=amt, end=amt + 2, text="$5"))),
            PeriodAmount(period=Period(end=date(2022, 12, 31), months=12),
                         amount=Amount(blank=True, currency="USD", span=TextSpan(start=amt + 2, end=amt + 2))),
        ],
        evidence=TextSpan(start=s0, end=s0 + len(sentence), text=sentence),
    )
    ex = NoteExtraction(source="crafted.txt", note="=crafted", length=len(text), records=[rec],
                        warnings=[ExtractionWarning(message="=HYPERLINK(\"http://x\") <script>alert(1)</script>",
                                                    span=TextSpan(start=s0, end=s0 + len(sentence), text=sentence))])
    return FileResult(path="@crafted.txt", extraction=ex, text=text, warnings=["-read as cp1252"])


@pytest.fixture(scope="module")
def hostile() -> list[FileResult]:
    real = FileResult(path="hostile.txt", extraction=extract(HOSTILE_TEXT, source="hostile.txt"), text=HOSTILE_TEXT)
    return [real, _crafted_hostile()]


# --- helpers -----------------------------------------------------------------------------------


def _overlapping_warnings(f: Fact, ex: NoteExtraction) -> list[str]:
    out = list(f.warnings)
    for w in ex.warnings:
        s = w.span
        if s is None:
            continue
        hit = (f.start <= s.start < f.end and s.start > 0) if s.start == s.end else (s.start < f.end and f.start < s.end)
        if hit and w.message not in out:
            out.append(w.message)
    return out


def _expected_fact_cells(r: FileResult, f: Fact) -> dict[str, object]:
    """What a Facts row must say, built from the Fact alone (not from the code under test)."""
    assert r.extraction is not None
    warns = _overlapping_warnings(f, r.extraction)
    return {
        "note": f.note, "counterparty": f.counterparty, "aliases": "; ".join(f.aliases) or None, "kind": f.kind,
        "service": f.service, "detail": f.detail, "period_end": f.period_end, "period_months": f.period_months,
        "amount": f.amount, "blank": f.blank, "currency": f.currency, "scale": f.scale, "evidence": f.evidence, "start": f.start,
        "end": f.end, "amount_start": f.amount_start, "amount_end": f.amount_end,
        "warnings": " | ".join(warns) or None,
        "party_mention": f.party_mention, "party_rule": f.party_rule, "kind_rule": f.kind_rule,
        "source": f.source, "filer": f.filer, "cik": f.cik, "form": f.form, "period_of_report": f.period_of_report,
        "fiscal_year_end": f.fiscal_year_end, "section": f.section, "section_start": f.section_start,
        "section_end": f.section_end,
    }


def _all_facts(results: list[FileResult]) -> list[tuple[FileResult, Fact]]:
    return [(r, f) for r in results if r.extraction is not None for f in r.extraction.facts()]


def _sheet_dicts(ws: Worksheet) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


from htmldom import Node, parse_html  # noqa: E402  (shared with test_exports_reconcile)
from sheetcheck import OWN_LINK, assert_no_formulas  # noqa: E402

LABELS = frozenset({"lbl", "blank", "anchor-link", "fold-label"})  # what the review adds to the note's text


def _offsets_of_ids(div: Node, starts: list[tuple[int, Node]] | None = None) -> tuple[str, dict[str, int]]:
    """The note text recovered from a ``div.text`` and, for each id inside it, its character offset
    (and, if ``starts`` is given, every element with the offset where it begins)."""
    parts: list[str] = []
    where: dict[str, int] = {}
    pos = 0

    def walk(n: Node) -> None:
        nonlocal pos
        if "id" in n.attrs:
            where[n.attrs["id"]] = pos
        if starts is not None:
            starts.append((pos, n))
        for c in n.children:
            if isinstance(c, str):
                parts.append(c)
                pos += len(c)
            elif c.classes & LABELS:
                if "id" in c.attrs:
                    where[c.attrs["id"]] = pos
            else:
                walk(c)

    walk(div)
    return "".join(parts), where


def _cells(ws: Worksheet) -> list[Cell]:
    return [c for row in ws.iter_rows() for c in row]


# --- workbook ----------------------------------------------------------------------------------


def test_workbook_facts_match_row_for_row(corpus: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(corpus, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Facts", "Records", "Warnings", "Notes"]
    ws = wb["Facts"]
    header = [c.value for c in ws[1]]
    assert tuple(header) == (*FACT_COLUMNS, "file", "note_row", "review")  # the facts view, then the file and links
    got = _sheet_dicts(ws)
    expected = _all_facts(corpus)
    assert len(got) == len(expected) > 100
    for row, (r, f) in zip(got, expected):
        exp = _expected_fact_cells(r, f)
        for col in FACT_COLUMNS:
            value, want = row[col], exp[col]
            if col == "period_end":
                assert isinstance(value, datetime) and value.date() == want, (col, value, want)
            elif col == "amount":
                assert (value is None and want is None) or (isinstance(value, (int, float)) and Decimal(str(value)) == want)
            elif isinstance(want, str):
                assert value == safe_cell(want), (col, value, want)
            else:
                assert value == want, (col, value, want)
    # the warnings column says which facts came from a sentence the extractor was unsure about
    assert any(row["warnings"] for row in got)


def test_workbook_layout_and_formats(corpus: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(corpus, out)
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws[1][0].font.bold
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{max(ws.max_row, 2)}"
        widths = {ws.cell(row=1, column=c).value: ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width
                  for c in range(1, ws.max_column + 1)}
        assert all(8 <= w <= 90 for w in widths.values()), widths
        if ws.title == "Facts":
            assert widths["evidence"] > 60 > widths["kind"]
    ws = wb["Facts"]
    col = {c.value: c.column for c in ws[1]}
    blanks = 0
    for r in range(2, ws.max_row + 1):
        amount = ws.cell(row=r, column=col["amount"])
        assert ws.cell(row=r, column=col["period_end"]).number_format == "yyyy-mm-dd"
        assert ws.cell(row=r, column=col["start"]).data_type == "n"
        if ws.cell(row=r, column=col["blank"]).value is True:
            blanks += 1
            assert amount.value is None
            assert amount.fill.fgColor.rgb.endswith(BLANK_FILL.fgColor.rgb[-6:])  # the row is highlighted
            assert ws.cell(row=r, column=col["evidence"]).fill.fgColor.rgb.endswith("FFCDD2")
        else:
            assert amount.data_type == "n" and amount.number_format in ("#,##0", "#,##0.00##")
            assert ws.cell(row=r, column=col["evidence"]).fill.fgColor.rgb != BLANK_FILL.fgColor.rgb
    assert blanks == sum(f.blank for _, f in _all_facts(corpus)) >= 1


def test_workbook_records_warnings_and_notes(corpus: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(corpus, out)
    wb = openpyxl.load_workbook(out)

    records = _sheet_dicts(wb["Records"])
    assert tuple(c.value for c in wb["Records"][1]) == RECORD_COLUMNS
    expected_records = [(r, rec) for r in corpus if r.extraction for rec in r.extraction.records]
    assert len(records) == len(expected_records)
    for row, (_r, rec) in zip(records, expected_records):
        assert (row["record"], row["kind"], row["start"], row["end"]) == (rec.record, rec.kind, rec.evidence.start,
                                                                          rec.evidence.end)
        assert row["counterparty"] == safe_cell(rec.counterparty.name)
        assert row["slots"] == len(rec.amounts)
        assert row["blanks"] == sum(pa.amount.blank for pa in rec.amounts)
        assert row["amounts"].count("; ") == len(rec.amounts) - 1

    warnings = _sheet_dicts(wb["Warnings"])
    assert tuple(c.value for c in wb["Warnings"][1]) == WARNING_COLUMNS
    n_expected = sum(bool(r.error) + len(r.warnings) + (len(r.extraction.warnings) if r.extraction else 0) for r in corpus)
    assert len(warnings) == n_expected
    assert [w["level"] for w in warnings].count("error") == 1
    assert any(w["level"] == "file" and w["message"] == "not valid UTF-8; read as cp1252" for w in warnings)
    for w in warnings:
        if w["level"] == "extraction" and w["evidence"]:
            r = next(r for r in corpus if r.extraction and r.extraction.note == w["note"])
            assert r.text is not None and r.text[w["start"]: w["end"]] == w["evidence"]

    notes = _sheet_dicts(wb["Notes"])
    assert tuple(c.value for c in wb["Notes"][1]) == NOTE_COLUMNS
    assert len(notes) == len(corpus)
    for row, r in zip(notes, corpus):
        facts = r.extraction.facts() if r.extraction else []
        assert row["file"] == r.path
        assert row["facts"] == len(facts) and row["blanks"] == sum(f.blank for f in facts)
        assert row["records"] == (len(r.extraction.records) if r.extraction else 0)
        assert row["warnings"] == sum(1 for w in warnings if w["note"] == row["note"])
        assert row["error"] == r.error
    assert notes[-1]["note"] == "gone" and notes[-1]["facts"] == 0


def test_workbook_of_nothing(tmp_path: Path) -> None:
    write_workbook([], tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert [ws.max_row for ws in wb.worksheets] == [1, 1, 1, 1]


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_parses_back(corpus: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    write_facts_csv(corpus, out)
    raw = out.read_bytes()
    assert "’".encode() in raw  # UTF-8, not a legacy code page
    with open(out, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == FACT_COLUMNS
        rows = list(reader)
    expected = _all_facts(corpus)
    assert len(rows) == len(expected)
    for row, (r, f) in zip(rows, expected):
        exp = _expected_fact_cells(r, f)
        assert row["period_end"] == f.period_end.isoformat()
        assert row["blank"] == ("true" if f.blank else "false")
        assert (Decimal(row["amount"]) if row["amount"] else None) == f.amount
        assert row["period_months"] == ("" if f.period_months is None else str(f.period_months))
        for col in ("counterparty", "kind", "evidence", "note", "aliases", "warnings", "currency"):
            assert row[col] == (safe_cell(exp[col]) if exp[col] is not None else ""), col
        assert (int(row["start"]), int(row["end"])) == (f.start, f.end)
        # the span is the evidence (made inert by safe_cell when it starts like a formula, e.g. a "-Others" row)
        assert r.text is not None and safe_cell(r.text[f.start: f.end]) == row["evidence"]


# --- HTML --------------------------------------------------------------------------------------


def test_html_review_structure_links_and_spans(corpus: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    write_review(corpus, out, paged=False)  # one page, whatever the corpus size (paging: test_exports_stream.py)
    doc = out.read_text(encoding="utf-8")
    b = parse_html(doc)
    nodes = list(b.root.iter())
    ids = [n.attrs["id"] for n in nodes if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}

    # self-contained: no script, nothing fetched, every link stays in the page
    assert not any(t in ("script", "link", "iframe", "object", "embed", "img") for t, _ in b.tags)
    for tag, attrs in b.tags:
        assert not any(k.startswith("on") for k in attrs), tag
        assert "src" not in attrs
        if "href" in attrs:
            assert attrs["href"].startswith("#") and attrs["href"][1:] in by_id, attrs["href"]
    csp = [a["content"] for t, a in b.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]

    # the summary counts and links to each note
    facts = _all_facts(corpus)
    assert by_id["total-notes"].text().startswith(str(len(corpus)))
    assert by_id["total-facts"].text().startswith(str(len(facts)))
    assert by_id["total-blanks"].text().startswith(str(sum(f.blank for _, f in facts)))
    n_warn = sum(bool(r.error) + len(r.warnings) + (len(r.extraction.warnings) if r.extraction else 0) for r in corpus)
    assert by_id["total-warnings"].text().startswith(str(n_warn))
    index = by_id["top"].find_all("table", "index")[0]
    assert [n.attrs["href"] for n in index.iter() if n.tag == "a"] == [f"#note-{k}" for k in range(1, len(corpus) + 1)]
    # the totals link to the lists of every blank and every warning, whose items link to their places
    assert [n.attrs["href"] for n in by_id["total-blanks"].iter() if n.tag == "a"] == ["#all-blanks"]
    assert [n.attrs["href"] for n in by_id["total-warnings"].iter() if n.tag == "a"] == ["#all-warnings"]
    blank_links = [n.attrs["href"] for n in by_id["all-blanks"].iter() if n.tag == "a"]
    assert blank_links == [f"#ev-{i}" for i, (_, f) in enumerate(facts, start=1) if f.blank]
    assert len([n for n in by_id["all-warnings"].iter() if n.tag == "li"]) == n_warn
    assert all(by_id[n.attrs["href"][1:]] for n in by_id["all-warnings"].iter() if n.tag == "a")
    legend = {c for n in by_id["top"].iter() if n.tag == "mark" for c in n.classes}
    assert {f"k-{k}" for k in KINDS} | {"party", "period"} <= legend

    # per note: the text is the file's text exactly, and every fact's mark sits at its span
    n = shared = 0
    for k, r in enumerate(corpus, start=1):
        section = by_id[f"note-{k}"]
        if r.extraction is None:
            assert "Error" in section.text()
            continue
        div = next(x for x in section.iter() if x.tag == "div" and "text" in x.classes)
        starts: list[tuple[int, Node]] = []
        text, where = _offsets_of_ids(div, starts)
        assert text == r.text
        begins = {(pos, c) for pos, node in starts if node.tag == "mark" and "cont" not in node.classes
                  for c in node.classes}
        for rec in r.extraction.records:  # every party and period is highlighted where the note names it
            ps = rec.counterparty.span
            if ps is not None and ps.start < ps.end:
                assert (ps.start, "party") in begins, (r.path, ps)
            for pa in rec.amounts:
                if pa.period.span is not None and pa.period.span.start < pa.period.span.end:
                    assert (pa.period.span.start, "period") in begins, (r.path, pa.period.span)
        rows = [x for x in section.iter() if x.tag == "tr" and x.attrs.get("id", "").startswith("fact-")]
        assert len(rows) == len(r.extraction.facts())
        for f, row in zip(r.extraction.facts(), rows):
            n += 1
            assert row.attrs["id"] == f"fact-{n}"
            link = next(x for x in row.iter() if x.tag == "a")
            assert link.attrs["href"] == f"#ev-{n}"
            mark = by_id[f"ev-{n}"]
            if "anchor" in mark.classes:  # one amount standing for several facts ("for each of the years")
                assert mark.parent is not None and mark.parent.tag == "mark"
                mark = mark.parent
                shared += 1
            assert f"k-{f.kind}" in mark.classes
            backs = [x.attrs["href"] for x in mark.iter() if x.tag == "a"] + [mark.attrs.get("href")]
            assert f"#fact-{n}" in backs
            assert f.amount_start is not None
            assert where[f"ev-{n}"] == f.amount_start  # the highlight is at the amount's characters
            if f.blank:
                assert mark.tag == "a" and "blank" in mark.classes and "\u2205 blank" in mark.text()
                assert "blank-row" in row.classes
            else:
                assert mark.tag == "mark" and mark.text(LABELS) == r.text[f.amount_start: f.amount_end]
                assert "blank-row" not in row.classes
    assert n == len(facts)
    assert shared >= 1


def test_html_blank_slot_shows_where_the_dash_was_dropped(corpus: list[FileResult]) -> None:
    r = next(r for r in corpus if r.extraction and r.extraction.note == "euroseas-2015-r16")
    doc = render_review([r])
    b = parse_html(doc)
    assert r.extraction is not None
    blank = next((i, f) for i, f in enumerate(r.extraction.facts(), start=1) if f.blank)
    i, f = blank
    badge = next(n for n in b.root.iter() if n.attrs.get("id") == f"ev-{i}")
    assert badge.tag == "a" and badge.attrs["href"] == f"#fact-{i}" and "k-cost" in badge.classes
    div = next(x for x in b.root.iter() if x.tag == "div" and "text" in x.classes)
    text, where = _offsets_of_ids(div)
    assert where[f"ev-{i}"] == f.amount_start == f.amount_end
    # "...amounted to, $1,900,000": the badge sits in the gap the page left
    assert text[: where[f"ev-{i}"]].endswith("amounted to")


def test_html_overlapping_spans_nest_or_split() -> None:
    text = "Alpha Beta Gamma paid $100 to Delta Corp in 2023."
    s = text.index
    party = Counterparty(name="Beta Gamma", span=TextSpan(start=s("Beta"), end=s(" paid"), text="Beta Gamma"))
    amount_text = "Gamma paid $100"  # crosses the party's end: must be split, not mis-nested
    rec = Transaction(kind="cost", counterparty=party, amounts=[PeriodAmount(
        period=Period(end=date(2023, 12, 31), months=12,
                      span=TextSpan(start=s("in 2023"), end=s("in 2023") + 7, text="in 2023")),
        amount=Amount(value=Decimal(100), currency="USD", text=amount_text,
                      span=TextSpan(start=s("Gamma"), end=s("Gamma") + len(amount_text), text=amount_text)))],
        evidence=TextSpan(start=0, end=len(text), text=text))
    ex = NoteExtraction(note="x", length=len(text), records=[rec],
                        warnings=[ExtractionWarning(message="w", span=TextSpan(start=s("Delta"), end=len(text)))])
    b = parse_html(render_review([FileResult(path="x.txt", extraction=ex, text=text)]))
    div = next(x for x in b.root.iter() if x.tag == "div" and "text" in x.classes)
    got, where = _offsets_of_ids(div)
    assert got == text
    assert where["ev-1"] == s("Gamma")
    pieces = [m for m in div.iter() if m.tag == "mark" and "amt" in m.classes]
    assert len(pieces) == 2 and "cont" in pieces[1].classes  # one mark, in two pieces
    assert "".join(p.text(LABELS) for p in pieces) == amount_text
    assert sum("party" in m.classes for m in div.iter() if m.tag == "mark") == 1


_span_text = st.text(alphabet=st.sampled_from(list("ab <>&\"'=\n\u2019")), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), text=_span_text)
def test_html_any_spans_keep_text_and_nesting(data: st.DataObject, text: str) -> None:
    """Whatever spans the extractor returns, the markup nests and the note's text comes through intact."""
    n = len(text)

    def span() -> TextSpan:
        a = data.draw(st.integers(0, n))
        b = data.draw(st.integers(a, n))
        return TextSpan(start=a, end=b, text=text[a:b])

    records = []
    for _ in range(data.draw(st.integers(1, 4))):
        ev = span()
        pas = []
        for _ in range(data.draw(st.integers(1, 3))):
            blank = data.draw(st.booleans())
            a = span()
            if blank:
                a = TextSpan(start=a.start, end=a.start)
            pas.append(PeriodAmount(
                period=Period(end=date(2020 + data.draw(st.integers(0, 5)), 12, 31), months=12, span=span()),
                amount=Amount(value=None if blank else Decimal(data.draw(st.integers(0, 99))), blank=blank, span=a)))
        kind = data.draw(st.sampled_from(["revenue", "cost", "other", "receivable", "payable"]))
        party = Counterparty(name=data.draw(st.sampled_from(["A", "<B>", "=C"])), span=span())
        if kind in ("receivable", "payable"):
            records.append(Balance(kind=kind, counterparty=party, amounts=pas, evidence=ev))
        else:
            records.append(Transaction(kind=kind, counterparty=party, amounts=pas, evidence=ev))
    ex = NoteExtraction(note="p", length=n, records=records, warnings=[ExtractionWarning(message="m", span=span())])
    b = parse_html(render_review([FileResult(path="p.txt", extraction=ex, text=text)]))
    div = next(x for x in b.root.iter() if x.tag == "div" and "text" in x.classes)
    got, where = _offsets_of_ids(div)
    assert got == text
    for i, f in enumerate(ex.facts(), start=1):
        assert where[f"ev-{i}"] == f.amount_start


def test_html_without_the_text_shows_evidence_sentences(corpus: list[FileResult]) -> None:
    r = next(r for r in corpus if r.extraction and r.extraction.note == "euroseas-2015-r16")
    for text in (None, "something else entirely"):
        b = parse_html(render_review([FileResult(path=r.path, extraction=r.extraction, text=text)]))
        ids = {n.attrs.get("id") for n in b.root.iter()}
        assert r.extraction is not None
        assert {f"ev-{i}" for i in range(1, len(r.extraction.facts()) + 1)} <= ids
        sentences = [x for x in b.root.iter() if x.tag == "p" and "sentence" in x.classes]
        assert len(sentences) == len({(x.evidence.start, x.evidence.end) for x in r.extraction.records})


def test_html_without_the_text_overlapping_sentences_show_once() -> None:
    text = "Intro. Sales to A were $1 in 2022 and purchases from A were $2 in 2022. End."
    s = text.index

    def ts(a: int, b: int) -> TextSpan:
        return TextSpan(start=a, end=b, text=text[a:b])

    def rec(kind: str, amount: str, ev: TextSpan) -> Transaction:
        return Transaction(kind=kind, counterparty=Counterparty(name="A", span=ts(s("A"), s("A") + 1)), evidence=ev,
                           amounts=[PeriodAmount(period=Period(end=date(2022, 12, 31), months=12),
                                                 amount=Amount(value=Decimal(amount[1:]), text=amount,
                                                               span=ts(s(amount), s(amount) + 2)))])
    ex = NoteExtraction(note="o", length=len(text), records=[
        rec("revenue", "$1", ts(s("Sales"), s(" and purchases"))),
        rec("cost", "$2", ts(s("Sales"), s(" End."))),  # the whole sentence, overlapping the clause
    ])
    b = parse_html(render_review([FileResult(path="o.txt", extraction=ex, text=None)]))
    ids = [n.attrs["id"] for n in b.root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)) and {"ev-1", "ev-2", "fact-1", "fact-2"} <= set(ids)
    sentences = [x for x in b.root.iter() if x.tag == "p" and "sentence" in x.classes]
    assert len(sentences) == 1
    assert sentences[0].text(LABELS | {"offset"}).strip() == text[s("Sales"): s(" End.")]


def test_review_of_nothing(tmp_path: Path) -> None:
    write_review([], tmp_path / "empty.html")
    b = parse_html((tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert any(n.attrs.get("id") == "total-notes" and n.text().startswith("0") for n in b.root.iter())


# --- hostile notes -----------------------------------------------------------------------------


def test_hostile_note_what_the_extractor_yields(hostile: list[FileResult]) -> None:
    ex = hostile[0].extraction
    assert ex is not None
    facts = ex.facts()
    amounts = sorted(f.amount for f in facts if f.amount is not None)
    assert amounts == [5, 6, 7, 8, 9, 10]
    # a fact whose evidence starts like a formula, one whose alias does, one whose evidence holds the script
    assert any(f.evidence.startswith('=HYPERLINK("http://x","y")') for f in facts)
    assert any("=HYPERLINK" in f.aliases for f in facts)
    assert any("<script>alert(1)</script>" in f.evidence for f in facts)


def test_hostile_note_inert_in_workbook(hostile: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "hostile.xlsx"
    write_workbook(hostile, out)
    assert_no_formulas(out)
    wb = openpyxl.load_workbook(out)
    seen_hyperlink = 0
    own_links = 0
    for ws in wb.worksheets:
        links = {c.column for c in ws[1] if c.value in ("note_row", "review")} if ws.title == "Facts" else set()
        for cell in _cells(ws):
            if cell.row > 1 and cell.column in links and cell.value is not None:  # relparty's own link cells
                assert cell.data_type == "f" and OWN_LINK.fullmatch(cell.value[1:]), cell.value
                own_links += 1
                continue
            assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(FORMULA_START), (ws.title, cell.coordinate, cell.value)
                seen_hyperlink += "HYPERLINK" in cell.value
    assert seen_hyperlink >= 10
    assert own_links == sum(len(r.extraction.facts()) for r in hostile if r.extraction)  # one note link per fact
    facts = _sheet_dicts(wb["Facts"])
    crafted = [row for row in facts if row["note"] == "'=crafted"]
    assert crafted and all(row["counterparty"] == "'=HYPERLINK(\"http://x\",\"y\") Co., Ltd" for row in crafted)
    assert crafted[0]["aliases"] == "'@SUM(A1); +cmd|' /C calc'!A0"
    assert crafted[0]["detail"] == "'=1+1" and crafted[0]["service"] == "'-2+3 goods"
    real = [row for row in facts if row["note"] == "hostile"]
    assert any(row["evidence"].startswith("'=HYPERLINK") for row in real)
    assert any(row["aliases"] == "'=HYPERLINK" for row in real)
    warnings = _sheet_dicts(wb["Warnings"])
    assert "'-read as cp1252" in [w["message"] for w in warnings]
    # a control character the XML cannot hold is replaced, not a broken file
    assert "goods</b>\ufffd for $5" in crafted[0]["evidence"]


def test_hostile_note_inert_in_csv(hostile: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "hostile.csv"
    write_facts_csv(hostile, out)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == FACT_COLUMNS
    body = rows[1:]
    assert len(body) == sum(len(r.extraction.facts()) for r in hostile if r.extraction)
    for row in body:
        for value in row:
            assert not value.startswith(FORMULA_START), value
    col = {c: i for i, c in enumerate(FACT_COLUMNS)}
    assert any(row[col["evidence"]].startswith("'=HYPERLINK(\"http://x\",\"y\")") for row in body)
    assert any(row[col["counterparty"]] == "'=HYPERLINK(\"http://x\",\"y\") Co., Ltd" for row in body)
    assert any("<script>alert(1)</script>" in row[col["evidence"]] for row in body)  # text, for a text format


def test_hostile_note_inert_in_html(hostile: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    write_review(hostile, out)
    doc = out.read_text(encoding="utf-8")
    assert not re.search(r"<\s*script", doc, re.I)
    assert not re.search(r"<\s*img", doc, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "<b>goods</b>" not in doc and "&lt;b&gt;goods&lt;/b&gt;" in doc
    b = parse_html(doc)
    for tag, attrs in b.tags:
        assert tag not in ("script", "img")
        assert not any(k.startswith("on") for k in attrs)
        assert not any("http://x" in v for k, v in attrs.items() if k in ("href", "src", "action"))
    texts = [n for n in b.root.iter() if n.tag == "div" and "text" in n.classes]
    got, _ = _offsets_of_ids(texts[0])
    assert got == HOSTILE_TEXT.replace("\x07", "\ufffd")  # shown as text, character for character
    crafted_text, _ = _offsets_of_ids(texts[1])
    assert "<script>alert(1)</script>" in crafted_text and '=HYPERLINK("http://x","y")' in crafted_text
    parties = [n for n in b.root.iter() if n.tag == "mark" and "party" in n.classes]
    assert any(n.text(LABELS) == '=HYPERLINK("http://x","y") Co., Ltd' for n in parties)
