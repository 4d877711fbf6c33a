"""The details-page reader: real pages against their gold, header/row/value shapes from real fragments,
and bad input (a narrative page, a page cut off, no header, binary) that warns and never raises."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import relparty
from relparty.details.reader import parse_value, read_details, read_details_file
from relparty.models import DetailsPage

ROOT = Path(__file__).resolve().parents[1]
DIRS = [ROOT / "corpus" / "details"]  # the seed page of the shared corpus is bundled there too
GOLDS = sorted(g for d in DIRS for g in d.glob("*.details.gold.json"))
SCORER = ROOT / "tools" / "score_details.py"  # the project's scorer, vendored from shared/tools
FACT_FIELDS = ("row", "members", "text", "value", "currency", "columns", "period_end", "period_months")
COLUMN_FIELDS = ("n", "header", "period_end", "period_months", "currency")


def _page_of(gold: Path) -> Path:
    return gold.with_name(gold.name.replace(".details.gold.json", ".details.txt"))


def test_corpus_has_the_pages() -> None:
    assert len(GOLDS) >= 12  # the shared page and 11 curated ones


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_page_reproduces_its_gold_exactly(gold: Path) -> None:
    g = json.loads(gold.read_text(encoding="utf-8"))
    page = read_details(_page_of(gold).read_text(encoding="utf-8"), source=str(_page_of(gold)))
    assert page.scale_line == g["scale_line"]
    assert [{k: c.model_dump(mode="json")[k] for k in COLUMN_FIELDS} for c in page.columns] == g["columns"]
    assert [{k: f.model_dump(mode="json")[k] for k in FACT_FIELDS} for f in page.facts] == \
        [{k: f[k] for k in FACT_FIELDS} for f in g["facts"]]
    for f in page.facts:  # spans point at the characters as written
        text = _page_of(gold).read_text(encoding="utf-8")
        assert text[f.span.start:f.span.end] == f.text
        assert text[f.row_span.start:f.row_span.end].startswith(f.row)
        assert (f.placed_by == "order") == (len(f.columns) == 1)


@pytest.mark.parametrize("folder", DIRS, ids=["corpus"])
def test_scorer_gives_f1_one_and_no_false_certainty(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        for p in sorted(folder.glob("*.details.txt")):  # exactly what the before-stop hook does
            for f in relparty.read_details(p.read_text(encoding="utf-8"), source=str(p)).facts:
                r = f.model_dump(mode="json")
                r["note"] = p.name
                fh.write(json.dumps(r, default=str) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), str(folder), str(out)], capture_output=True, text=True, check=True)
    assert " F1 1.000 " in res.stdout, res.stdout
    assert "ambiguous facts claimed as placed 0" in res.stdout, res.stdout


def test_json_round_trip() -> None:
    for gold in GOLDS:
        page = read_details_file(_page_of(gold))
        again = DetailsPage.model_validate_json(page.model_dump_json())
        assert again == page


# --- value shapes (from the real pages) ------------------------------------------------------

VALUES = [
    ("¥ 17,800", "money", Decimal("17800"), "¥"),
    ("$ 118,113", "money", Decimal("118113"), "$"),
    ("245,335", "money", Decimal("245335"), None),
    ("(65)", "money", Decimal("-65"), None),
    ("¥ (2,839)", "money", Decimal("-2839"), "¥"),
    ("¥ (168,695,802)", "money", Decimal("-168695802"), "¥"),
    ("(14,044)", "money", Decimal("-14044"), None),
    ("¥ 0", "money", Decimal("0"), "¥"),
    ("$ 0", "money", Decimal("0"), "$"),
    ("0", "money", Decimal("0"), None),
    ("$ 160,000,000", "money", Decimal("160000000"), "$"),
    ("$ 0.25", "money", Decimal("0.25"), "$"),
    ("HK$ 1,200", "money", Decimal("1200"), "HK$"),
    ("€ 3,000 [1]", "money", Decimal("3000"), "€"),
    ("81.40%", "percent", Decimal("81.40"), None),
    ("9.90%", "percent", Decimal("9.90"), None),
    ("(1.50%)", "percent", Decimal("-1.50"), None),
    ("3 months", "duration", None, None),
    ("12 months", "duration", None, None),
    ("1 year 6 months", "duration", None, None),
    ("30 days", "duration", None, None),
    ("Dec. 31, 2022", "date", None, None),
    ("2022-12-31", "date", None, None),
    ("true", "text", None, None),
]


@pytest.mark.parametrize(("text", "kind", "number", "mark"), VALUES, ids=[v[0] for v in VALUES])
def test_value_shapes(text: str, kind: str, number: Decimal | None, mark: str | None) -> None:
    v = parse_value(text)
    assert v is not None
    assert (v.kind, v.number, v.mark) == (kind, number, mark)


LABELS = ["Net revenue", "Gross Profit", "CPaaS", "Disaggregation of Revenue [Line Items]", "Related Party Transaction",
          "R&D services | Beijing Yihang", "Net revenue | ¥", "Note 5", "Series A", "(i)", "X", "Tencent Group",
          "2019 Notes", "(2,839", "¥ 1,2"]


@pytest.mark.parametrize("text", LABELS)
def test_label_shapes_are_not_values(text: str) -> None:
    assert parse_value(text) is None


# --- header shapes ---------------------------------------------------------------------------


def _page(*lines: str) -> str:
    return "\n".join(("|", *lines, "X", "- Definition", "+ References")) + "\n"


@pytest.mark.parametrize(("scale_line", "scales"), [
    ("¥ in Thousands, $ in Thousands", {"¥": 1000, "$": 1000}),
    ("$ in Millions", {"$": 1_000_000}),
    ("¥ in Thousands", {"¥": 1000}),
    ("shares in Thousands, $ in Thousands", {"shares": 1000, "$": 1000}),
    ("$ / shares in Units, $ in Thousands", {"$ / shares": 1, "$": 1000}),
    ("€ in Billions", {"€": 1_000_000_000}),
])
def test_scale_lines(scale_line: str, scales: dict[str, int]) -> None:
    page = read_details(_page("T (Details)", scale_line, "|12 Months Ended", "|", "Dec. 31, 2021", "USD ($)",
                              "|Revenue", "|$ 5"))
    assert page.scale_line == scale_line
    assert page.scales == scales


def test_no_scale_line_means_units() -> None:
    page = read_details(_page("T (Details)", "|", "Dec. 31, 2021", "USD ($)", "|Revenue", "|$ 5"))
    assert page.scale_line is None and page.facts[0].value == 5


@pytest.mark.parametrize(("months", "header"), [(1, "1 Months Ended"), (3, "3 Months Ended"), (6, "6 Months Ended"),
                                                (9, "9 Months Ended"), (12, "12 Months Ended")])
def test_header_groups(months: int, header: str) -> None:
    page = read_details(_page("T (Details)", f"|{header}", "|", "Sep. 30, 2021", "CNY (¥)", "|", "Sep. 30, 2020",
                              "CNY (¥)", "|Revenue", "|¥ 1", "|¥ 2"))
    assert [(c.header, c.period_months) for c in page.columns] == [(header, months)] * 2
    assert [f.period_end for f in page.facts] == [date(2021, 9, 30), date(2020, 9, 30)]


def test_bare_dates_are_balance_columns() -> None:
    page = read_details(_page("T (Details)", "|", "Dec. 31, 2023", "CNY (¥)", "|", "Dec. 31, 2022", "CNY (¥)",
                              "|Loan to Related Parties", "|¥ 1", "|¥ 2"))
    assert [(c.header, c.period_months, c.period_end) for c in page.columns] == [
        (None, None, date(2023, 12, 31)), (None, None, date(2022, 12, 31))]


def test_groups_follow_the_breaks_in_date_order_then_balance_dates() -> None:
    page = read_details(_page("T (Details)", "|3 Months Ended", "|12 Months Ended",
                              "|", "Sep. 30, 2021", "CNY (¥)", "|", "Jun. 30, 2021", "CNY (¥)",
                              "|", "Dec. 31, 2021", "CNY (¥)", "|", "Dec. 31, 2021", "USD ($)",
                              "|", "Dec. 31, 2020", "CNY (¥)", "|", "Dec. 31, 2021", "CNY (¥)",
                              "|Revenue", "|¥ 1"))
    assert [c.period_months for c in page.columns] == [3, 3, 12, 12, 12, None]


@pytest.mark.parametrize(("cell", "currency", "symbol", "units"), [
    (("Dec. 31, 2021", "CNY (¥)"), "CNY", "¥", ["CNY (¥)"]),
    (("Dec. 31, 2021", "USD ($)", "Item"), "USD", "$", ["USD ($)", "Item"]),
    (("Jun. 30, 2019", "CNY (¥)", "shares"), "CNY", "¥", ["CNY (¥)", "shares"]),
    (("Dec. 31, 2021", "HKD ($)"), "HKD", "$", ["HKD ($)"]),
    (("Dec. 31, 2021", "EUR (€)", "customer"), "EUR", "€", ["EUR (€)", "customer"]),
])
def test_header_cells(cell: tuple[str, ...], currency: str, symbol: str, units: list[str]) -> None:
    page = read_details(_page("T (Details)", "|", *cell, "|Revenue", "|5"))
    (col,) = page.columns
    assert (col.currency, col.symbol, col.units) == (currency, symbol, units)


def test_title_unit_applies_to_every_column() -> None:
    page = read_details(_page("RELATED PARTY TRANSACTIONS (Details) - CNY (¥)", "¥ in Thousands", "|6 Months Ended",
                              "|", "Jun. 30, 2022", "|", "Jun. 30, 2021", "|Borrowing from related party", "|¥ 1,203"))
    assert [c.currency for c in page.columns] == ["CNY", "CNY"]
    assert page.facts[0].value == 1_203_000 and page.facts[0].columns == [1, 2]


# --- row shapes ------------------------------------------------------------------------------

HEAD = ("T (Details)", "¥ in Thousands, $ in Thousands", "|12 Months Ended", "|", "Dec. 31, 2021", "CNY (¥)",
        "|", "Dec. 31, 2021", "USD ($)", "|", "Dec. 31, 2020", "CNY (¥)")


@pytest.mark.parametrize(("body", "row", "unit", "members"), [
    (("|Net revenue | ¥", "|¥ 41,000"), "Net revenue", "¥", []),
    (("|CPaaS", "|Disaggregation of Revenue [Line Items]", "|Net revenue", "|1"), "Net revenue", None, ["CPaaS"]),
    (("|Services | Beijing Sankuai", "|Related Party Balances and Transactions", "|Purchases from related party", "|¥ 5"),
     "Purchases from related party", None, ["Services", "Beijing Sankuai"]),
    (("|Alibaba Group Holding Limited [Member] | Logistic Service [Member]", "|Fees paid", "|160,882"),
     "Fees paid", None, ["Alibaba Group Holding Limited [Member]", "Logistic Service [Member]"]),
    (("|Related party transactions [abstract]", "|Wages, salaries and allowances", "|$ 44"),
     "Wages, salaries and allowances", None, []),
    (("|Expected Credit Loss Provision [Abstract]", "|Balance at beginning of the year", "|¥ (217)"),
     "Balance at beginning of the year", None, []),
    (("|Purchase of products and services", "|Related party balances and transactions", "|Amount of transaction",
      "|¥ 376,504", "|Rental of office space", "|Related party balances and transactions", "|Amount of transaction",
      "|2,168"), "Amount of transaction", None, ["Rental of office space"]),
    (("|Net royalty paid | ¥", "|0"), "Net royalty paid", "¥", []),
])
def test_row_shapes(body: tuple[str, ...], row: str, unit: str | None, members: list[str]) -> None:
    page = read_details(_page(*HEAD, *body))
    last = page.facts[-1]
    assert (last.row, last.unit, last.members) == (row, unit, members)
    assert not [w for w in page.warnings if "member lines" in w.message]


def test_caption_repeated_under_members_is_a_heading_not_a_member() -> None:
    page = read_details(_page(*HEAD, "|Related Party Transaction", "|Loans to related parties", "|¥ (1)",
                              "|GTI", "|Related Party Transaction", "|Loans to related parties", "|(2)"))
    assert [f.members for f in page.facts] == [[], ["GTI"]]


def test_row_unit_restricts_unmarked_values_to_its_currency() -> None:
    page = read_details(_page(*HEAD, "|Net revenue | ¥", "|¥ 1", "|2"))
    assert [f.columns for f in page.facts] == [[1], [3]]
    assert [f.value for f in page.facts] == [1000, 2000]


def test_counts_percentages_durations_are_cells_not_facts() -> None:
    page = read_details(_page(*HEAD, "|Number of performance obligations", "|2", "|Percentage of equity interest",
                              "|9.90%", "|Length of service contracts", "|3 months", "|Shares held | shares", "|5"))
    assert page.facts == []
    assert [c.kind for c in page.cells] == ["count", "percent", "duration", "count"]


def test_marks_place_values_in_a_short_row() -> None:
    page = read_details(_page(*HEAD, "|Gross Profit", "|$ 42,672", "|214,768"))
    assert [(f.columns, f.currency, f.period_end) for f in page.facts] == [
        ([2], "USD", date(2021, 12, 31)), ([3], "CNY", date(2020, 12, 31))]


def test_ambiguous_value_says_so() -> None:
    page = read_details(_page(*HEAD, "|Goods sold to related parties", "|23,787"))
    (f,) = page.facts
    assert f.columns == [1, 2, 3] and f.currency is None and f.period_end is None and f.placed_by is None
    assert "it can be in columns 1, 2, 3" in f.reason


def test_footer_is_not_data() -> None:
    page = read_details(_page(*HEAD, "|Revenue", "|¥ 1") + "|X\n- Definition\n|Revenue\n|¥ 999\n")
    assert [f.text for f in page.facts] == ["¥ 1"]


# --- bad input -------------------------------------------------------------------------------


def _messages(page: DetailsPage) -> str:
    return " / ".join(w.message for w in page.warnings)


def test_narrative_page_given_as_details() -> None:
    page = read_details_file(ROOT / "corpus" / "details" / "ambow-2021-rpt.txt")
    assert page.facts == []
    assert "does not look like a details page" in _messages(page)


def test_page_cut_off_mid_table() -> None:
    text = (ROOT / "corpus" / "details" / "cloopen-2021-revenue.details.txt").read_text(encoding="utf-8")
    cut = text[: text.index("|Gross Profit | ¥")]
    page = read_details(cut)
    assert page.truncated and "may be cut off" in _messages(page)
    assert len(page.facts) == 13  # net revenue 6, gross profit 4, CPaaS net revenue 3


def test_every_prefix_of_every_page_reads_without_false_certainty() -> None:
    """Cutting a page anywhere never raises, and a value read from the cut page keeps every column
    the whole page allows (values after the cut are unknown, so sets can only grow)."""
    for gold in GOLDS:
        text = _page_of(gold).read_text(encoding="utf-8")
        full = {f.span.start: f for f in read_details(text).facts}
        for cut in range(0, len(text), 23):
            for f in read_details(text[:cut]).facts:
                whole = full.get(f.span.start)
                if whole is not None and whole.text == f.text:
                    assert set(whole.columns) <= set(f.columns), (gold.name, cut, f.text)


def test_no_header() -> None:
    page = read_details("|Revenue\n|¥ 1\n|¥ 2\n")
    assert "no column header" in _messages(page)
    assert [f.text for f in page.facts] == ["¥ 1", "¥ 2"]
    assert all(f.columns == [] and f.period_end is None and "no column header" in f.reason for f in page.facts)


@pytest.mark.parametrize("data", [b"\x00\x01\x02\xff\xfe binary \x00", bytes(range(256)) * 4, b"", "", "   \n",
                                  "\x00|\n\x00", None, 42, "<html><body><table><tr><td>1</td></tr></table></body></html>"])
def test_binary_and_odd_input_warns_and_never_raises(data: object) -> None:
    page = read_details(data)  # type: ignore[arg-type]
    assert isinstance(page, DetailsPage)
    assert page.warnings


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "x.details.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    page = read_details_file(p)
    assert page.facts == [] and "binary" in _messages(page)


def test_missing_file() -> None:
    page = read_details_file("/nonexistent/x.details.txt")
    assert "cannot read" in _messages(page)


def test_reading_is_linear(benchmark_size: int = 8_000) -> None:
    """A page with many rows reads in about linear time (no quadratic blow-up)."""
    import time

    row = "|Service purchased from related party\n|¥ (1,560)\n|(1,279)\n"

    def timed(n: int) -> float:
        text = _page("T (Details)", "¥ in Thousands", "|6 Months Ended", "|", "Jun. 30, 2022", "CNY (¥)", "|",
                     "Jun. 30, 2021", "CNY (¥)", *([row.rstrip("\n")] * n))
        t = time.process_time()  # CPU time: another process's load does not enter the ratio
        page = read_details(text)
        assert len(page.facts) == 2 * n
        return time.process_time() - t

    small, big = timed(benchmark_size // 8), timed(benchmark_size)
    assert big < 8 * small * 3 + 0.5
