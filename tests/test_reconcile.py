"""Reconciliation of a note's extraction with the details pages of the same filing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import relparty
from relparty.details.reader import read_details, read_details_file
from relparty.exports.reconciliation import reconciliation_html
from relparty.exports.rows import RECONCILIATION_COLUMNS, reconciliation_rows
from relparty.models import (
    Amount,
    Counterparty,
    DetailsPage,
    NoteExtraction,
    Period,
    PeriodAmount,
    Reconciliation,
    TaggedFact,
    TextSpan,
    Transaction,
)
from relparty.reconcile import (
    details_for,
    extraction_from_facts,
    load_extraction,
    reconcile,
    tagged_kinds,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "details"
PAIRS = ["ambow-2021-rpt", "ambow-2022h1-rpt", "ecarx-2024h1-rpt", "huya-2024-rpt", "liauto-2022-rpt", "the9-2020-rpt"]


def page(*body: str, columns: tuple[str, ...] = ("Dec. 31, 2022", "Dec. 31, 2021"), scale: str | None = "¥ in Thousands",
         group: str | None = "|12 Months Ended", title: str = "Related party transactions (Details) - CNY (¥)") -> DetailsPage:
    lines = ["|", title] + ([scale] if scale else []) + ([group] if group else [])
    for c in columns:
        lines += ["|", c]
    return read_details("\n".join([*lines, *body, "X", "- Definition"]) + "\n", source="x.details.txt")


def fact(party: str, kind: str, end: str, amount: object, months: int | None = 12, **kw: object) -> dict:
    return {"counterparty": party, "kind": kind, "period_end": end, "period_months": months, "amount": amount,
            "blank": amount is None, "currency": "CNY", **kw}


KESHEN = "Shanghai Keshen Information Technology Co., Ltd"


def keshen_page(*values: str) -> DetailsPage:
    return page("|Shanghai Keshen", "|Related Party Transactions [Line Items]", "|Revenue from related parties", *values)


def by_status(rec: Reconciliation, status: str) -> list:
    return [i for i in rec.items if i.status == status]


def test_agree_after_scale() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 2, aliases=["Shanghai Keshen"]),
                                fact(KESHEN, "revenue", "2021-12-31", 1, aliases=["Shanghai Keshen"])])
    rec = reconcile(ex, keshen_page("|¥ 2", "|¥ 1"))
    assert rec.counts() == {"agree": 2, "differ": 0, "blank-in-text": 0, "text-only": 0, "tagged-only": 0}
    assert rec.scale == 1000 and "x1,000" in rec.scale_reason
    a = by_status(rec, "agree")
    assert sorted((i.text_value, i.tagged.value) for i in a) == [(1000, 1000), (2000, 2000)]
    assert all("same name" in i.match for i in a)  # the alias equals the member


def test_differ_shows_both_values() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 3), fact(KESHEN, "revenue", "2021-12-31", 1)])
    rec = reconcile(ex, keshen_page("|¥ 2", "|¥ 1"))
    (d,) = by_status(rec, "differ")
    assert d.message == "text '3' (3,000) vs tagged '¥ 2' (2,000)"
    assert d.text_value == 3000 and d.tagged.value == 2000 and d.period_end == date(2022, 12, 31)
    assert len(by_status(rec, "agree")) == 1


def test_blank_in_text_is_reported_never_filled() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", None), fact(KESHEN, "revenue", "2021-12-31", 1)])
    rec = reconcile(ex, keshen_page("|¥ 2", "|¥ 1"))
    (b,) = by_status(rec, "blank-in-text")
    assert b.message == "blank in text, tagged ¥ 2 (2,000)"
    assert b.text_fact.blank is True and b.text_fact.amount is None and b.text_value is None
    assert ex.facts()[0].blank and ex.facts()[0].amount is None  # the extraction is untouched


def test_blank_slot_with_nothing_tagged() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 2), fact(KESHEN, "revenue", "2021-12-31", None)])
    rec = reconcile(ex, keshen_page("|¥ 2"))  # one value, two columns: placed by the text, 2021 then empty
    (t,) = by_status(rec, "text-only")
    assert t.message == "blank in text; no tagged value for it"
    (a,) = by_status(rec, "agree")
    assert a.tagged.placed_by == "text"


def test_text_only_and_tagged_only() -> None:
    ex = extraction_from_facts([fact(KESHEN, "payable", "2022-12-31", 9, months=None)])
    p = page("|Beijing Other", "|Amounts due from related parties", "|¥ 4", "|¥ 5",
             columns=("Dec. 31, 2022", "Dec. 31, 2021"), group=None)
    rec = reconcile(ex, p)
    assert rec.counts()["text-only"] == 1 and rec.counts()["tagged-only"] == 2
    assert by_status(rec, "text-only")[0].message == "no tagged value for this party, kind and period"
    assert all(i.kind == "receivable" for i in by_status(rec, "tagged-only"))


def test_text_places_an_ambiguous_value_and_order_does_the_rest() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 5), fact(KESHEN, "revenue", "2021-12-31", 7),
                                fact(KESHEN, "revenue", "2023-12-31", 0)])
    p = page("|Shanghai Keshen", "|Revenue from related parties", "|¥ 5", "|7",
             columns=("Dec. 31, 2023", "Dec. 31, 2022", "Dec. 31, 2021"))
    assert [f.columns for f in p.facts] == [[1, 2], [2, 3]]
    rec = reconcile(ex, p)
    agree = sorted(by_status(rec, "agree"), key=lambda i: i.tagged.columns)
    assert [(i.tagged.columns, i.tagged.placed_by) for i in agree] == [([2], "text"), ([3], "text")]
    assert agree[0].tagged.reason.startswith("placed by the text: text '5'")
    assert agree[1].tagged.reason == "placed by order once '¥ 5' was placed by the text"
    assert agree[0].tagged.period_end == date(2022, 12, 31)
    assert [f.columns for f in p.facts] == [[1, 2], [2, 3]]  # the page given is not changed
    (z,) = by_status(rec, "text-only")
    assert z.message == "zero in text; nothing tagged (the tagged row leaves this column empty)"


def test_two_explanations_leave_the_value_ambiguous() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 5), fact(KESHEN, "revenue", "2021-12-31", 5)])
    p = page("|Shanghai Keshen", "|Revenue from related parties", "|¥ 5",
             columns=("Dec. 31, 2023", "Dec. 31, 2022", "Dec. 31, 2021"))
    rec = reconcile(ex, p)
    (g,) = by_status(rec, "tagged-only")
    assert g.tagged.columns == [1, 2, 3] and g.tagged.placed_by is None
    assert "text amounts equal to it: column 2" in g.message and "column 3" in g.message
    assert all("ambiguous" in i.message for i in by_status(rec, "text-only"))


def test_one_text_fact_for_two_equal_tagged_values_places_neither() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 5)])
    p = page("|Shanghai Keshen", "|Revenue from related parties", "|¥ 5",
             "|Shanghai Keshen | Services", "|Revenue from related parties", "|¥ 5",
             columns=("Dec. 31, 2023", "Dec. 31, 2022"))
    rec = reconcile(ex, p)
    assert rec.counts()["agree"] == 0 and rec.counts()["tagged-only"] == 2


def _scaled(text: str, value: str, when: str = "2022-12-31") -> NoteExtraction:
    a = Amount(value=Decimal(value), currency="CNY", text=text, span=TextSpan(start=10, end=10 + len(text), text=text))
    rec = Transaction(kind="revenue", counterparty=Counterparty(name=KESHEN, aliases=["Shanghai Keshen"]),
                      amounts=[PeriodAmount(period=Period(end=date.fromisoformat(when), months=12), amount=a)],
                      evidence=TextSpan(start=0, end=40, text="Revenue from Shanghai Keshen was " + text))
    return NoteExtraction(note="n", records=[rec])


@pytest.mark.parametrize(("tagged", "status", "rounding"), [
    ("¥ 1,000,000", "agree", False), ("¥ 1,040,000", "agree", True), ("¥ 1,060,000", "differ", False)])
def test_written_scale_word_and_rounding(tagged: str, status: str, rounding: bool) -> None:
    ex = _scaled("RMB1.0 million", "1000000")
    rec = reconcile(ex, page("|Shanghai Keshen", "|Revenue from related parties", f"|{tagged}", "|¥ 1", scale=None))
    (item,) = [i for i in rec.items if i.text_fact is not None]
    assert item.status == status
    assert ("after rounding" in item.message) is rounding


def test_scale_word_amounts_ignore_the_note_scale() -> None:
    ex = _scaled("RMB2.0 million", "2000000")
    rec = reconcile(ex, keshen_page("|¥ 2,000", "|¥ 1"), scale=1000)
    assert rec.counts()["agree"] == 1 and rec.scale == 1000


@pytest.mark.parametrize(("row", "members", "kinds"), [
    ("Revenue from related parties", [], {"revenue"}),
    ("Amounts due from related parties", [], {"receivable"}),
    ("Amount due to related party", [], {"payable"}),
    ("Service purchased from related party", [], {"cost"}),
    ("Services received from related party", [], {"cost"}),
    ("Service provided to related party", [], {"revenue"}),
    ("Loans to related parties", [], {"other", "receivable"}),
    ("Borrowing from related party", [], {"other", "payable"}),
    ("Balance netting off with related party", [], {"other"}),
    ("Interest income", [], {"revenue"}),
    ("Amount of transaction", ["Rental of office space, and administrative services"], {"cost"}),
    ("Amount of transaction", ["Other income from related party"], {"revenue"}),
    ("Current year provision", [], set()),
    ("Amount of transaction", [], None),
])
def test_row_labels_to_kinds(row: str, members: list[str], kinds: set[str] | None) -> None:
    f = TaggedFact(row=row, members=members, text="1", span=TextSpan(start=0, end=1), row_span=TextSpan(start=0, end=1))
    assert tagged_kinds(f) == kinds


# --- the curated pairs -----------------------------------------------------------------------

EXPECTED = {  # gold-derived narrative facts against the real details pages of the same filing
    "ambow-2021-rpt": {"agree": 11, "differ": 0, "blank-in-text": 0, "text-only": 26, "tagged-only": 0},
    "ambow-2022h1-rpt": {"agree": 7, "differ": 0, "blank-in-text": 0, "text-only": 25, "tagged-only": 0},
    "ecarx-2024h1-rpt": {"agree": 2, "differ": 0, "blank-in-text": 0, "text-only": 12, "tagged-only": 16},
    "huya-2024-rpt": {"agree": 0, "differ": 0, "blank-in-text": 0, "text-only": 27, "tagged-only": 12},
    "liauto-2022-rpt": {"agree": 11, "differ": 0, "blank-in-text": 0, "text-only": 21, "tagged-only": 0},
    "the9-2020-rpt": {"agree": 4, "differ": 0, "blank-in-text": 0, "text-only": 6, "tagged-only": 39},
}


def _gold_rec(name: str) -> tuple[Reconciliation, list[DetailsPage]]:
    ex = load_extraction(CORPUS / f"{name}.gold.json")
    pages = [read_details_file(p) for p in details_for(CORPUS / f"{name}.txt")]
    return reconcile(ex, pages), pages


@pytest.mark.parametrize("name", PAIRS)
def test_curated_pairs(name: str) -> None:
    rec, pages = _gold_rec(name)
    assert rec.counts() == EXPECTED[name]
    tagged = [i.tagged.span.start for i in rec.items if i.tagged is not None]
    assert sorted(tagged) == sorted(f.span.start for p in pages for f in p.facts)  # every tagged fact once
    texts = [i for i in rec.items if i.text_fact is not None]
    assert len(texts) == len(load_extraction(CORPUS / f"{name}.gold.json").facts())  # every narrative fact once


def test_ambow_text_places_what_the_page_cannot() -> None:
    """DETAILS gold: '... the 950 service to Beijing QC is 2019, the 1,250 of the management team is 2021'."""
    rec, pages = _gold_rec("ambow-2021-rpt")
    assert all(not f.placed for f in pages[0].facts)
    placed = {i.tagged.text: (i.tagged.columns, i.tagged.period_end) for i in by_status(rec, "agree")}
    assert placed["950"] == ([3], date(2019, 12, 31))
    assert placed["¥ (1,250)"] == ([1], date(2021, 12, 31))
    mgmt = next(i for i in rec.items if i.tagged is not None and i.tagged.text == "¥ (1,250)")
    assert "but the text says other" in mgmt.message  # the tag says "Service purchased"; shown, not hidden


def test_the9_role_member_and_scale_words() -> None:
    rec, _ = _gold_rec("the9-2020-rpt")
    ceo = [i for i in by_status(rec, "agree") if i.party == "Mr. Jun Zhu"]
    assert sorted((i.tagged.text, i.tagged.columns[0]) for i in ceo) == [("¥ 44,100,000", 10), ("¥ 63,200,000", 11)]
    assert all("role" in i.match for i in ceo)
    assert rec.scale == 1  # every narrative amount has a scale word; the page is in units


def test_real_end_to_end_run() -> None:
    """The live extractor on a real narrative note against its details page: every fact accounted for once."""
    text = (CORPUS / "liauto-2022-rpt.txt").read_text(encoding="utf-8")
    ex = relparty.extract(text, source=str(CORPUS / "liauto-2022-rpt.txt"))
    (p,) = [relparty.read_details(q.read_text(encoding="utf-8"), source=str(q)) for q in details_for(CORPUS / "liauto-2022-rpt.txt")]
    rec = relparty.reconcile(ex, [p])
    assert sum(rec.counts().values()) == len(rec.items)
    assert sorted(i.tagged.span.start for i in rec.items if i.tagged) == sorted(f.span.start for f in p.facts)
    assert len([i for i in rec.items if i.text_fact]) == len(ex.facts())
    for i in by_status(rec, "agree"):  # an agreement is a real one: same period, equal amounts
        assert i.tagged.placed and i.tagged.period_end == i.period_end
        assert abs(i.tagged.value) == abs(i.text_value)


# --- exports ---------------------------------------------------------------------------------


def test_rows_have_the_stable_columns() -> None:
    rec, _ = _gold_rec("ambow-2021-rpt")
    rows = reconciliation_rows(rec)
    assert len(rows) == len(rec.items) and all(tuple(r) == RECONCILIATION_COLUMNS for r in rows)
    agree = next(r for r in rows if r["status"] == "agree")
    assert isinstance(agree["text_value"], Decimal) and isinstance(agree["period_end"], date)
    assert agree["tagged_columns"] and agree["tagged_placed_by"] in ("order", "text")


def test_html_fragment_is_escaped() -> None:
    ex = extraction_from_facts([fact('<script>alert("x")</script> & Co', "revenue", "2022-12-31", 2)])
    rec = reconcile(ex, keshen_page("|¥ 2", "|¥ 1"))
    out = reconciliation_html(rec)
    assert out.startswith('<section class="reconciliation"') and out.endswith("</section>")
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; Co" in out
    assert "tagged-only: 2" in out and "text-only: 1" in out


def test_reconciliation_json_round_trip() -> None:
    rec, _ = _gold_rec("the9-2020-rpt")
    again = Reconciliation.model_validate_json(rec.model_dump_json())
    assert again == rec
    json.loads(rec.model_dump_json())


def test_pages_without_columns_warn() -> None:
    ex = extraction_from_facts([fact(KESHEN, "revenue", "2022-12-31", 2)])
    rec = reconcile(ex, read_details("|Revenue\n|¥ 2\n", source="bad.details.txt"))
    assert rec.warnings and "no columns" in rec.warnings[0]
    assert rec.counts()["text-only"] == 1 and rec.counts()["tagged-only"] == 1


def test_details_for_pairs_files(tmp_path: Path) -> None:
    for name in ("a.txt", "a.details.txt", "a.details-2.txt", "ab.details.txt", "a.gold.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in details_for(tmp_path / "a.txt")] == ["a.details-2.txt", "a.details.txt"]
    assert details_for(tmp_path / "a.details.txt") == []


def test_reconcile_beside_for_batch_runs(tmp_path: Path) -> None:
    from relparty.reconcile import reconcile_beside

    ex = load_extraction(CORPUS / "liauto-2022-rpt.gold.json")
    assert reconcile_beside(tmp_path / "alone.txt", ex) is None
    rec = reconcile_beside(CORPUS / "liauto-2022-rpt.txt", ex)
    assert rec is not None and rec.counts() == EXPECTED["liauto-2022-rpt"]
    cut = reconcile_beside(CORPUS / "the9-2020-rpt.txt", load_extraction(CORPUS / "the9-2020-rpt.gold.json"))
    assert cut is not None and any("cut off" in w for w in cut.warnings)  # the page's warnings come along


def test_unreadable_note_raises_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)))
    with pytest.raises(ValueError, match="binary"):
        load_extraction(bad)


def test_details_for_a_facts_file() -> None:
    assert [p.name for p in details_for(CORPUS / "the9-2020-rpt.gold.json")] == ["the9-2020-rpt.details.txt"]
