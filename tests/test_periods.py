"""The period grammar (relparty_periods): date ranges, mixed period lists, filler after the anchor,
quarters and halves named by number. Invented sentences of each family with the facts they must
give, and control shapes that must not fire. A fact is (kind, period_end, months, amount)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from relparty import extract
from relparty.pipeline import build_pipeline


def _facts(text: str) -> set[tuple]:
    return {(f.kind, f.period_end.isoformat(), f.period_months, f.amount) for f in extract(text).facts()}


def _want(rows: list[tuple]) -> set[tuple]:
    return {(k, e, m, Decimal(str(a))) for k, e, m, a in rows}


PERIODS = [
    # date ranges
    ("Purchases from Orla Ltd. were $0.8 million for the period from March 3, 2022 to December 31, 2022.",
     [("cost", "2022-12-31", 10, 800000)]),
    ("Purchases from Orla Ltd. were $0.8 million for the period from January 1, 2023 through June 30, 2023.",
     [("cost", "2023-06-30", 6, 800000)]),
    ("Purchases from Orla Ltd. between February 1, 2023 and August 20, 2023 were $40,000.",
     [("cost", "2023-08-20", 7, 40000)]),
    # a short parenthesis after the first date ("(inception)", "(date of incorporation)")
    ("Purchases from Orla Ltd. were $45,000 for the period from March 3, 2022 (inception) to December 31, 2022.",
     [("cost", "2022-12-31", 10, 45000)]),
    ("For the period from June 1, 2021 (date of incorporation) through March 31, 2022, fees of $12,000 were paid to Orla Ltd.",
     [("cost", "2022-03-31", 10, 12000)]),
    # mixed period lists
    ("In 2023 and for the period from March 3, 2022 to December 31, 2022, purchases from Orla Ltd. were $2.2 million "
     "and $0.8 million, respectively.",
     [("cost", "2023-12-31", 12, 2200000), ("cost", "2022-12-31", 10, 800000)]),
    ("Sales to Orla Ltd. were $7,000 and $3,000 for the year ended December 31, 2023 and the period from May 1, 2022 "
     "to December 31, 2022, respectively.",
     [("revenue", "2023-12-31", 12, 7000), ("revenue", "2022-12-31", 8, 3000)]),
    # filler after the anchor
    ("At both March 31, 2024 and December 31, 2023, amounts due to Orla Ltd. were $2,000.",
     [("payable", "2024-03-31", None, 2000), ("payable", "2023-12-31", None, 2000)]),
    ("Rent paid to Orla Ltd. was $10,000 in each of the years 2023, 2022 and 2021.",
     [("cost", "2023-12-31", 12, 10000), ("cost", "2022-12-31", 12, 10000), ("cost", "2021-12-31", 12, 10000)]),
    ("Rent paid to Orla Ltd. was $10,000 during each of the fiscal years 2023 and 2022.",
     [("cost", "2023-12-31", 12, 10000), ("cost", "2022-12-31", 12, 10000)]),
    ("In the third quarter of 2022, the Company sold $5,000 of products to Orla Ltd.",
     [("revenue", "2022-09-30", 3, 5000)]),
    ("During the first half of 2023, purchases from Orla Ltd. were $6,000.",
     [("cost", "2023-06-30", 6, 6000)]),
    ("Sales to Orla Ltd. were $1,000 and $900 in the fourth quarters of 2023 and 2022, respectively.",
     [("revenue", "2023-12-31", 3, 1000), ("revenue", "2022-12-31", 3, 900)]),
    ("Fees paid to Orla Ltd. were $4,000 and $3,000 for the half-years ended June 30, 2023 and 2022.",
     [("cost", "2023-06-30", 6, 4000), ("cost", "2022-06-30", 6, 3000)]),
    ("Amounts due from Orla Ltd. were $900 at year-end 2023.", [("receivable", "2023-12-31", None, 900)]),
    # "the same periods in 2022": the periods of the phrase before, in the year named or the year before
    ("Sales to Orla Ltd. were $2.5 million and $8.5 million, respectively, for the three and nine months ended September 30, "
     "2023, as compared to $2.6 million and $10.2 million, respectively, for the same periods in 2022.",
     [("revenue", "2023-09-30", 3, 2500000), ("revenue", "2023-09-30", 9, 8500000), ("revenue", "2022-09-30", 3, 2600000),
      ("revenue", "2022-09-30", 9, 10200000)]),
    ("Rent paid to Orla Ltd. was $5,000 for the three months ended March 31, 2024, compared to $4,000 for the "
     "corresponding period of the prior year.", [("cost", "2024-03-31", 3, 5000), ("cost", "2023-03-31", 3, 4000)]),
    ("Rent paid to Orla Ltd. was $5,000 for the year ended June 30, 2024 and $4,000 in the same period last year.",
     [("cost", "2024-06-30", 12, 5000), ("cost", "2023-06-30", 12, 4000)]),
    # a duration right before its date, "ended" left out
    ("For three months June 30, 2022 and 2021, expenses for services from Orla Ltd. were $271,000 and $250,000, respectively.",
     [("cost", "2022-06-30", 3, 271000), ("cost", "2021-06-30", 3, 250000)]),
    # controls
    ("Fees paid to Orla Ltd. for six months were $5, paid in May and June 2022.", []),
    ("Rent paid to Orla Ltd. was $5,000 for the year ended June 30, 2024, about the same period as in other years.",
     [("cost", "2024-06-30", 12, 5000)]),
    ("Sales to Orla Ltd. were $5,000 from 2020 onwards.", []),
    ("Orla Ltd. has served the Company from its founding to December 31, 2022; fees were $5,000 in 2022.",
     [("cost", "2022-12-31", 12, 5000)]),
    ("In the third quarter, the Company sold $5,000 of products to Orla Ltd.", []),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(t, w, id=t[:60]) for t, w in PERIODS])
def test_periods(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_pipeline()


@pytest.mark.parametrize(("text", "periods"), [
    ("for the period from March 3, 2022 to December 31, 2022", [(date(2022, 12, 31), 10)]),
    ("between February 1, 2023 and August 20, 2023", [(date(2023, 8, 20), 7)]),
    ("from January 1, 2021 to December 31, 2021", [(date(2021, 12, 31), 12)]),
    ("in the second quarter of 2021", [(date(2021, 6, 30), 3)]),
    ("in the first half of 2021", [(date(2021, 6, 30), 6)]),
    ("in each of the years 2023 and 2022", [(date(2023, 12, 31), 12), (date(2022, 12, 31), 12)]),
])
def test_period_groups(nlp, text: str, periods: list) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert [p for g in doc._.rp_period_groups for p in g.periods] == periods


def test_filler_marks_the_group_distributive(nlp) -> None:  # type: ignore[no-untyped-def]
    (g,) = nlp("at both March 31, 2024 and December 31, 2023")._.rp_period_groups
    assert g.distributive and g.kind == "instant" and len(g.periods) == 2


# "at year end" with no date: its sentence's own period dates it, else the one date its paragraph
# states; else no fact and a warning (never a date of an earlier paragraph). "at period end" the same,
# whatever the period's length
YEAR_END = [
    ("During 2023, the Company purchased supplies of $5,000 from Orla Ltd., of which $1,200 was unpaid at year end.",
     [("cost", "2023-12-31", 12, 5000), ("payable", "2023-12-31", None, 1200)]),
    ("For the year ended June 30, 2024, Orla Ltd. billed the Company $5,000, of which $1,200 remained unpaid at year-end.",
     [("cost", "2024-06-30", 12, 5000), ("payable", "2024-06-30", None, 1200)]),
    ("Orla Ltd. billed the Company $5,000 for the year ended June 30, 2024. Of this, $1,200 remained unpaid at year end.",
     [("cost", "2024-06-30", 12, 5000), ("payable", "2024-06-30", None, 1200)]),
    ("The Company paid Orla Ltd. $5,000 for the year ended June 30, 2024; $1,200 was still unpaid at the end of the year.",
     [("cost", "2024-06-30", 12, 5000), ("payable", "2024-06-30", None, 1200)]),
    ("The Company buys supplies from Orla Ltd. As of December 31, 2023, the Company owed Orla Ltd. $300 for deliveries. "
     "The amount due to Orla Ltd. at year end bears no interest and was $300.",
     [("payable", "2023-12-31", None, 300)]),
    ("For the six months ended June 30, 2024, Orla Ltd. billed the Company $5,000, of which $1,200 remained unpaid at "
     "period end.", [("cost", "2024-06-30", 6, 5000), ("payable", "2024-06-30", None, 1200)]),
    ("During the year ended September 30, 2024, the Company purchased supplies of $5,000 from Orla Ltd., and "
     "$1,200 was unpaid at the end of the fiscal year.",
     [("cost", "2024-09-30", 12, 5000), ("payable", "2024-09-30", None, 1200)]),
]
# controls: no date anywhere, two years in the sentence, a date in an earlier paragraph only
YEAR_END_UNDATED = [
    "The amount due to Orla Ltd. at year end was $1,200.",
    "Sales to Orla Ltd. were $5,000 and $4,000 in 2023 and 2022, and $300 remained unpaid at year end.",
    "As of December 31, 2023, the Company owed Birch Ltd. $300.\nThe amount due to Orla Ltd. at year end was $1,200.",
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(t, w, id=t[:60]) for t, w in YEAR_END])
def test_a_dateless_year_end_takes_its_sentence_or_paragraph_date(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


@pytest.mark.parametrize("text", YEAR_END_UNDATED, ids=[t[:60] for t in YEAR_END_UNDATED])
def test_an_undated_year_end_gives_no_fact_and_a_warning(text: str) -> None:
    ex = extract(text)
    assert not [f for f in ex.facts() if f.amount in (1200, 300) and f.kind in ("payable", "receivable")
                and "Orla" in f.counterparty]
    assert any("do not date" in w.message for w in ex.warnings)


def test_after_year_end_is_no_balance_date() -> None:
    ex = extract("During 2023 the Company bought supplies from Orla Ltd. and its affiliates. Subsequent to year end, the "
                 "Company paid Orla Ltd. $1,200.")
    assert ex.facts() == []
    assert any("do not date" in w.message for w in ex.warnings)
