"""The review's layout of a note: the lines the reader hides are folded (and still shown exactly), the
flattened tables the layout stage finds are HTML tables with the facts highlighted in their cells, and
hostile text in a cell stays inert text."""

from __future__ import annotations

from pathlib import Path

import pytest
from htmldom import Node, parse_html
from relparty.api import extract
from relparty.exports.blocks import note_boxes
from relparty.exports.html import render_review, write_review
from relparty.layout import lay_out
from relparty.readers import dropped_lines, read_plain, read_text
from relparty.results import FileResult

NOTES = Path(__file__).resolve().parents[1] / "corpus" / "notes"
LABELS = frozenset({"lbl", "blank", "anchor-link", "fold-label"})  # what the review adds to the note's text

HOSTILE_CELL = '<script>alert(1)</script> "onmouseover=x Ltd'
HOSTILE_ROW = "</td></tr></table><b>Bolt</b> Co., Ltd"
RPAGE = (
    "RELATED PARTY TRANSACTIONS |\n"
    "12 Months Ended | ||||\n"
    "---|---|---|---\n"
    "Dec. 31, 2024 | ||||\n"
    "Related Party Transactions [Abstract] | ||\n"
    "Note 9. Related party transactions\n"
    "The Company sold goods to related parties as follows (in thousands):\n"
    "For the years ended December 31, | 2023 | 2024\n"
    "Sales to Acme Holdings Ltd | 1,200 | 1,300\n"
    f"Sales to {HOSTILE_CELL} | 5 | 6\n"
    f"Purchases from {HOSTILE_ROW} | 7 | 8\n"
    "|\n"
    "The balances were settled in cash.\n"
)


@pytest.fixture(scope="module")
def rpage() -> FileResult:
    return FileResult(path="rpage.txt", extraction=extract(RPAGE, source="rpage.txt"), text=RPAGE)


def _note_div(doc: str) -> Node:
    b = parse_html(doc)
    return next(x for x in b.root.iter() if x.tag == "div" and "text" in x.classes)


def _chars(div: Node) -> list[tuple[str, list[Node]]]:
    """Each character of the note as the page holds it, with the elements it is inside (the review's own
    labels left out)."""
    out: list[tuple[str, list[Node]]] = []

    def walk(n: Node, path: list[Node]) -> None:
        for c in n.children:
            if isinstance(c, str):
                out.extend((ch, path) for ch in c)
            elif not c.classes & LABELS and c.tag != "summary":
                walk(c, [*path, c])

    walk(div, [div])
    return out


def _text_content(n: Node) -> str:
    """``textContent``: every text node under ``n``, in order, whatever it is styled as."""
    return "".join(c if isinstance(c, str) else _text_content(c) for c in n.children)


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def test_the_page_keeps_every_character_of_the_note_in_order(rpage: FileResult) -> None:
    doc = render_review([rpage])
    page = parse_html(doc).root
    assert _is_subsequence(RPAGE, _text_content(page))  # the page's text content holds the note, in order
    div = _note_div(doc)
    assert "".join(ch for ch, _ in _chars(div)) == RPAGE  # and the note's box holds exactly the note


def test_rulers_and_header_rows_are_folded_away(rpage: FileResult) -> None:
    chars = _chars(_note_div(render_review([rpage])))
    hidden = [d for d in dropped_lines(RPAGE) if d.reason in ("ruler", "header row", "date row")]
    assert {d.reason for d in hidden} == {"ruler", "header row", "date row"}
    for d in hidden:
        for i in range(d.start, d.end):
            folds = [n for n in chars[i][1] if n.tag == "details" and "fold" in n.classes]
            assert folds, (d, RPAGE[i])
    # and nothing the reader keeps is folded
    kept = read_plain(RPAGE)
    for i in set(kept.offsets[: len(kept.text)]):
        if RPAGE[i] != "\n":
            assert not any(n.tag == "details" for n in chars[i][1]), (i, RPAGE[i])
    labels = [n for n in parse_html(render_review([rpage])).root.iter() if n.tag == "summary"]
    assert labels and "4 lines hidden" in labels[0].text() and "ruler" in labels[0].text()


def test_a_pipe_table_is_a_table_with_the_facts_in_their_cells(rpage: FileResult) -> None:
    assert rpage.extraction is not None
    facts = rpage.extraction.facts()
    assert len(facts) == 6  # two per row: the control below needs the extractor to have read the table
    doc = render_review([rpage])
    b = parse_html(doc)
    by_id = {n.attrs["id"]: n for n in b.root.iter() if "id" in n.attrs}
    tables = [n for n in b.root.iter() if n.tag == "table" and "flat" in n.classes]
    assert len(tables) == 1
    rows = [n for n in tables[0].iter() if n.tag == "tr"]
    assert len(rows) == 4 and all(len([c for c in r.children if isinstance(c, Node) and c.tag == "td"]) == 3
                                  for r in rows)
    cells = [[c.text(LABELS | {"sep"}).strip() for c in r.children if isinstance(c, Node)] for r in rows]
    assert cells[1] == ["Sales to Acme Holdings Ltd", "1,200", "1,300"]
    assert cells[2] == [f"Sales to {HOSTILE_CELL}", "5", "6"]
    assert cells[3] == [f"Purchases from {HOSTILE_ROW}", "7", "8"]
    for n, f in enumerate(facts, start=1):
        mark = by_id[f"ev-{n}"]
        assert mark.tag == "mark" and mark.text(LABELS) == RPAGE[f.amount_start: f.amount_end]  # the exact characters
        up = mark.parent
        while up is not None and up.tag != "td":
            up = up.parent
        assert up is not None and "num" in up.classes, n  # in its cell
        title = mark.attrs["title"]
        assert f.counterparty in title and f.kind in title and "party" in title and "kind by" in title
        assert f"by {f.party_rule or '?'}" in title and f"kind by {f.kind_rule or '?'}" in title


def test_hostile_cell_text_stays_text(rpage: FileResult) -> None:
    doc = render_review([rpage])
    b = parse_html(doc)
    assert not [t for t, _ in b.tags if t in ("script", "img")]
    assert not [n for n in _note_div(doc).iter() if n.tag == "b"]  # the note's "<b>Bolt</b>" is text
    assert not [k for _, a in b.tags for k in a if k.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=x" in doc
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;Bolt&lt;/b&gt;" in doc
    assert '"onmouseover' not in doc.replace("&quot;onmouseover", "")


def test_a_cell_per_line_table_is_a_table_with_its_facts_in_cells() -> None:
    path = NOTES / "globalnetlease-2017-r31.txt"
    text = path.read_text(encoding="utf-8")
    ex = extract(text, source=str(path))
    laid = lay_out(read_text(text))
    assert any(blk.kind == "cells" for blk in laid.blocks)
    doc = render_review([FileResult(path=str(path), extraction=ex, text=text)])
    b = parse_html(doc)
    div = _note_div(doc)
    assert "".join(ch for ch, _ in _chars(div)) == text
    tables = [n for n in div.iter() if n.tag == "table" and "flat" in n.classes]
    assert tables
    boxes = [bx for bx in note_boxes(text, str(path)) if bx.kind == "table"]
    assert len(tables) == len(boxes)
    by_id = {n.attrs["id"]: n for n in b.root.iter() if "id" in n.attrs}
    in_cells = 0
    for n, f in enumerate(ex.facts(), start=1):
        if f.blank or f.amount_start is None or not any(bx.start <= f.amount_start < bx.end for bx in boxes):
            continue
        mark = by_id[f"ev-{n}"]
        up = mark.parent
        while up is not None and up.tag != "td":
            up = up.parent
        assert up is not None, n
        assert mark.text(LABELS) == text[f.amount_start: f.amount_end]
        in_cells += 1
    assert in_cells >= 2
    row = next(r for t in tables for r in t.iter() if r.tag == "tr" and "Asset management fees" in r.text())
    values = [c.text(LABELS | {"sep"}).strip() for c in row.children if isinstance(c, Node) and "num" in c.classes]
    assert values[:3] == ["5,190", "\u2014", "4,500"]


def test_every_corpus_note_keeps_its_text_with_folds_and_tables() -> None:
    """Each real note laid out (folds, tables) still gives back its text exactly, and the boxes nest."""
    tables = folds = 0
    for path in sorted(NOTES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        boxes = note_boxes(text, str(path))
        pos = 0
        for bx in boxes:
            assert pos <= bx.start < bx.end <= len(text), path
            pos = bx.end
        tables += sum(bx.kind == "table" for bx in boxes)
        folds += sum(bx.kind == "fold" for bx in boxes)
        doc = render_review([FileResult(path=str(path), text=text)])  # a note with no extraction: text only
        assert "".join(ch for ch, _ in _chars(_note_div(doc))) == text, path
    assert tables >= 30 and folds >= 20


def test_html_input_and_odd_text_are_shown_flat() -> None:
    assert note_boxes("<p>Sales to A | 1 | 2</p>\n---|---\n", "a.htm") == []
    assert note_boxes("x\x00y\n---|---\n", "a.txt") == []


def test_the_totals_link_to_every_blank_and_warning_also_across_pages(tmp_path: Path) -> None:
    """One page and the paged layout: each total links to its list, and each item to a place that exists."""
    text = (NOTES / "cloopen-2024-r29.txt").read_text(encoding="utf-8")
    results = [FileResult(path=f"n{k}.txt", extraction=extract(text, source=f"n{k}.txt"), text=text) for k in range(3)]
    results.append(FileResult(path="bad.txt", error="cannot read"))
    for paged in (False, True):
        out = tmp_path / f"review-{paged}.html"
        write_review(results, out, paged=paged)
        index = parse_html(out.read_text(encoding="utf-8")).root
        by_id = {n.attrs["id"]: n for n in index.iter() if "id" in n.attrs}
        for key, listing in (("blanks", "all-blanks"), ("warnings", "all-warnings")):
            assert [a.attrs["href"] for a in by_id[f"total-{key}"].iter() if a.tag == "a"] == [f"#{listing}"]
            items = [a.attrs["href"] for a in by_id[listing].iter() if a.tag == "a"]
            n = int(by_id[f"total-{key}"].find_all("b")[0].text())
            assert len(items) == n > 0
            for href in items:
                page, _, anchor = href.partition("#")
                target = index if not page else parse_html((tmp_path / page).read_text(encoding="utf-8")).root
                assert anchor in {x.attrs.get("id") for x in target.iter()}, href
