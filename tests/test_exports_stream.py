"""Streamed, deterministic review exports: the workbook (write-only, no time stamps, links to the Notes
row and the review), the HTML review as one page or an index beside a page per note, CSV for Excel, and
the compatibility forms of formula characters made inert."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sys as _sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from relparty import extract
from relparty.exports.cells import COMPAT_FORMULA_START, FORMULA_START, safe_cell
from relparty.exports.html import ReviewWriter, pages_dir_name, review_link, write_review
from relparty.exports.xlsx import EPOCH, write_workbook
from relparty.results import FileResult

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import CMD, CORPUS  # noqa: E402
from htmldom import parse_html  # noqa: E402
from sheetcheck import OWN_LINK, assert_no_formulas  # noqa: E402

NOTES = ("abcam-2022-r37", "cloopen-2024-r29", "euroseas-2015-r16", "westpharmaceutical-2023-r14")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *map(str, args)], cwd=cwd, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    out = []
    for stem in NOTES:
        path = CORPUS / f"{stem}.txt"
        text = path.read_text(encoding="utf-8")
        out.append(FileResult(path=str(path), extraction=extract(text, source=str(path)), text=text))
    return out


# --- cells -------------------------------------------------------------------------------------


def test_every_compatibility_form_of_a_formula_character_is_covered() -> None:
    found = {chr(cp) for cp in range(_sys.maxunicode + 1)
             if chr(cp) not in FORMULA_START and unicodedata.normalize("NFKC", chr(cp))[:1] in FORMULA_START}
    assert found == set(COMPAT_FORMULA_START)
    for start in ("＝", "＋", "﹦", "－", "＠", "﹢", "﹣", "﹫", "⁼", "₊"):
        text = f"{start}HYPERLINK(\"http://x\",\"y\")"
        assert safe_cell(text) == "'" + text
    assert safe_cell("Acme ＝ Co") == "Acme ＝ Co"  # only at the start


def test_full_width_formula_starts_are_inert_in_the_workbook(tmp_path: Path) -> None:
    text = (CORPUS / "cloopen-2024-r29.txt").read_text(encoding="utf-8")
    ex = extract(text, source="fw.txt")
    starts = ["＝SUM(A1)", "＋cmd|' /C calc'!A0", "﹦1+1", "－2+3", "＠SUM(A1)", "\tTab", "\rReturn"]
    for rec, start in zip(ex.records, starts):
        rec.counterparty.name = f"{start} Co., Ltd"
        rec.counterparty.aliases = [start]
    r = FileResult(path="fw.txt", extraction=ex, text=text)
    out = tmp_path / "fw.xlsx"
    write_workbook([r], out)
    assert_no_formulas(out)
    ws = openpyxl.load_workbook(out)["Facts"]
    col = {c.value: c.column for c in ws[1]}
    parties = {ws.cell(row=i, column=col["counterparty"]).value for i in range(2, ws.max_row + 1)}
    aliases = {ws.cell(row=i, column=col["aliases"]).value for i in range(2, ws.max_row + 1)}
    xml = [s.replace("\r", "\n") for s in starts]  # XML reads a CR back as a line feed
    assert {f"'{s} Co., Ltd" for s in xml} <= parties
    assert {f"'{s}" for s in xml} <= aliases
    csv_out = tmp_path / "fw.csv"
    from relparty.exports.rows import write_facts_csv

    write_facts_csv([r], csv_out)
    assert all(f"'{s} Co., Ltd" in csv_out.read_text(encoding="utf-8") for s in starts if s[0] not in "\t\r")


# --- the workbook ------------------------------------------------------------------------------


def test_the_workbook_is_byte_identical_on_two_runs(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    for stem in NOTES:
        shutil.copy(CORPUS / f"{stem}.txt", tmp_path / "notes" / f"{stem}.txt")
    a = run("extract", "notes", "-q", "-o", "a.xlsx", cwd=tmp_path)
    first = (tmp_path / "a.xlsx").read_bytes()
    b = run("extract", "notes", "-q", "--jobs", "2", "-o", "a.xlsx", cwd=tmp_path)
    assert a.returncode == b.returncode == 0, (a.stderr, b.stderr)
    assert (tmp_path / "a.xlsx").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(EPOCH.strftime("%Y-%m-%dT%H:%M:%S")) == 2  # created and modified: no clock
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.created == wb.properties.modified == EPOCH


def test_workbook_facts_link_to_their_note_row_and_review(results: list[FileResult], tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(results, out, review_link=review_link(tmp_path / "review.html", paged=False))
    assert_no_formulas(out)
    wb = openpyxl.load_workbook(out)
    facts, notes = wb["Facts"], wb["Notes"]
    col = {c.value: c.column for c in facts[1]}
    ncol = {c.value: c.column for c in notes[1]}
    n = 0
    for row in range(2, facts.max_row + 1):
        n += 1
        link = OWN_LINK.fullmatch(facts.cell(row=row, column=col["note_row"]).value[1:])
        assert link and link.group(2) == "note"
        note_at = int(link.group(1).rsplit("A", 1)[1])
        assert notes.cell(row=note_at, column=ncol["note"]).value == facts.cell(row=row, column=col["note"]).value
        assert facts.cell(row=row, column=col["file"]).value == notes.cell(row=note_at, column=ncol["file"]).value
        review = OWN_LINK.fullmatch(facts.cell(row=row, column=col["review"]).value[1:])
        assert review and review.groups() == (f"review.html#ev-{n}", f"#{n}")
    assert n == sum(len(r.extraction.facts()) for r in results)
    # paged: the link goes to the note's page
    write_workbook(results, out, review_link=review_link(tmp_path / "review.html", paged=True))
    ws = openpyxl.load_workbook(out)["Facts"]
    last = ws.cell(row=ws.max_row, column=col["review"]).value
    assert last == f'=HYPERLINK("review-notes/note-{len(results)}.html#ev-{n}","#{n}")'


# --- the HTML review ---------------------------------------------------------------------------


def _ids(path: Path) -> set[str]:
    return {n.attrs["id"] for n in parse_html(path.read_text(encoding="utf-8")).root.iter() if "id" in n.attrs}


def test_a_large_batch_gets_an_index_and_a_page_per_note(results: list[FileResult], tmp_path: Path) -> None:
    index = tmp_path / "review.html"
    with ReviewWriter(index, single_page_max=2) as writer:
        for r in results:
            writer.add(r)
    pages = tmp_path / pages_dir_name(index)
    assert sorted(p.name for p in pages.iterdir()) == [f"note-{k}.html" for k in range(1, len(results) + 1)]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left
    dom = parse_html(index.read_text(encoding="utf-8"))
    links = [n.attrs["href"] for n in dom.root.iter() if n.tag == "a" and "href" in n.attrs]
    table = [n.attrs["href"] for n in dom.root.find_all("table", "index")[0].iter() if n.tag == "a"]
    assert table == [f"review-notes/note-{k}.html" for k in range(1, len(results) + 1)]
    assert "note-1" not in _ids(index)  # no note sections on the index page
    n = 0
    for k, r in enumerate(results, start=1):
        page = pages / f"note-{k}.html"
        ids = _ids(page)
        assert f"note-{k}" in ids
        text = page.read_text(encoding="utf-8")
        assert 'href="../review.html#top"' in text
        for _ in r.extraction.facts():
            n += 1
            assert {f"ev-{n}", f"fact-{n}"} <= ids  # the fact numbers run on across the pages
    # every link of the index into a page lands on an id there
    for href in links:
        if href.startswith("review-notes/"):
            name, _, anchor = href.partition("#")
            assert not anchor or anchor in _ids(tmp_path / name), href
    assert any("#ev-" in h for h in links) and any("#w-" in h or "#note-" in h for h in links)


def test_the_review_stays_one_page_for_a_small_batch_and_replaces_old_pages(results: list[FileResult], tmp_path: Path) -> None:
    index = tmp_path / "review.html"
    write_review(results, index, paged=True)
    assert (tmp_path / "review-notes").is_dir()
    write_review(results[:2], index, paged=True)  # a second run replaces the pages of the first
    assert sorted(p.name for p in (tmp_path / "review-notes").iterdir()) == ["note-1.html", "note-2.html"]
    single = tmp_path / "one.html"
    write_review(results, single)
    assert not (tmp_path / "one-notes").exists()
    assert {f"note-{k}" for k in range(1, len(results) + 1)} <= _ids(single)


def test_an_interrupted_review_leaves_nothing(results: list[FileResult], tmp_path: Path) -> None:
    index = tmp_path / "review.html"
    with pytest.raises(KeyboardInterrupt), ReviewWriter(index, paged=True) as writer:
        writer.add(results[0])
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


# --- CSV for Excel -----------------------------------------------------------------------------


def test_excel_csv_has_a_byte_order_mark(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "cloopen-2024-r29.txt", tmp_path / "n.txt")
    plain = run("extract", "n.txt", "-q", "-o", "plain.csv", cwd=tmp_path)
    excel = run("extract", "n.txt", "-q", "--excel", "-o", "excel.csv", cwd=tmp_path)
    alone = run("extract", "n.txt", "-q", "--excel", cwd=tmp_path)  # --excel alone: CSV on standard output
    assert plain.returncode == excel.returncode == alone.returncode == 0
    body = (tmp_path / "plain.csv").read_bytes()
    assert not body.startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "excel.csv").read_bytes() == b"\xef\xbb\xbf" + body == alone.stdout
    bad = run("extract", "n.txt", "--excel", "-o", "x.jsonl", cwd=tmp_path)
    assert bad.returncode == 2 and b"--excel is for CSV output" in bad.stderr
