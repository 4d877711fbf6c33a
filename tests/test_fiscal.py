"""Fiscal calendars (``relparty.fiscal``) and their use in whole filings: a bare "2023" or "fiscal 2023" is the
filer's fiscal year of that name, ending on the day its calendar says (a fixed day, or a 52/53-week year ending on
the weekday nearest a month end or the last one of a month), read from the filing's cover tags
(``dei:DocumentFiscalYearFocus``, the period of report, ``dei:CurrentFiscalYearEndDate``) and its own sentence.
Controls: a calendar-year filer keeps December 31; a rule whose weekday is not the anchor's is not used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from relparty.filings import read_document
from relparty.fiscal import calendar_for, stated_rule

D = date


@pytest.mark.parametrize(("anchor", "label", "text", "want"), [
    # the Friday nearest the end of January, fiscal years named by the year they start in (dei focus 2023)
    (D(2024, 2, 2), 2023, "The fiscal year ends on the Friday nearest the end of January.",
     {2023: D(2024, 2, 2), 2022: D(2023, 2, 3), 2021: D(2022, 1, 28)}),
    # the last Saturday of September
    (D(2025, 9, 27), 2025, "a 52- or 53-week period that ends on the last Saturday of September",
     {2025: D(2025, 9, 27), 2024: D(2024, 9, 28), 2023: D(2023, 9, 30), 2022: D(2022, 9, 24)}),
    # "the Sunday closest to December 31", a year ending in January of the next calendar year
    (D(2024, 12, 29), 2024, "Our fiscal year ends on the Sunday closest to December 31.",
     {2024: D(2024, 12, 29), 2023: D(2023, 12, 31), 2020: D(2021, 1, 3)}),
    # a fixed day: August 31; a month end in February keeps the month's last day
    (D(2024, 8, 31), 2024, "", {2024: D(2024, 8, 31), 2022: D(2022, 8, 31)}),
    (D(2024, 2, 29), 2024, "", {2023: D(2023, 2, 28), 2020: D(2020, 2, 29)}),
    # no sentence: an anchor a few days after a month end is the weekday nearest it
    (D(2024, 2, 3), 2023, "", {2022: D(2023, 1, 28), 2021: D(2022, 1, 29)}),
])
def test_fiscal_year_ends(anchor: date, label: int, text: str, want: dict[int, date]) -> None:
    cal = calendar_for(anchor, label, stated_rule(text))
    assert {y: cal.end(y) for y in want} == want


def test_default_label_is_the_nominal_month_end_year() -> None:
    assert calendar_for(D(2025, 1, 3)).label == 2024  # the Friday nearest December 31, 2024
    assert calendar_for(D(2024, 6, 30)).label == 2024


def test_control_a_rule_of_another_weekday_is_not_used() -> None:
    cal = calendar_for(D(2024, 8, 31), 2024, stated_rule("ends on the Friday nearest the end of August"))
    assert cal.rule == "fixed" and cal.end(2023) == D(2023, 8, 31)  # August 31, 2024 is a Saturday


def test_control_no_rule_in_ordinary_text() -> None:
    assert stated_rule("The lease ends on the last day of the term. Fiscal 2023 was a good year.") is None


def _doc(period: str, focus: str | None, note: str, form: str = "10-K", fye: str | None = None, extra: str = "") -> str:
    tags = [f'<ix:nonNumeric name="dei:DocumentType" contextRef="c1">{form}</ix:nonNumeric>',
            f'<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="c1">{period}</ix:nonNumeric>']
    if focus:
        tags.append(f'<ix:nonNumeric name="dei:DocumentFiscalYearFocus" contextRef="c1">{focus}</ix:nonNumeric>')
    if fye:
        tags.append(f'<ix:nonNumeric name="dei:CurrentFiscalYearEndDate" contextRef="c1">{fye}</ix:nonNumeric>')
    return (f'<html><body><div style="display:none"><ix:header><ix:hidden>{"".join(tags)}</ix:hidden></ix:header></div>'
            f"<div>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</div><div>FORM {form}</div>"
            f"<div>1. Summary of Significant Accounting Policies</div><div>{extra or 'We keep books.'}</div>"
            '<div><ix:nonNumeric name="us-gaap:RelatedPartyTransactionsDisclosureTextBlock" contextRef="c1" id="rp">'
            f"<div>2. Related Party Transactions</div><div>{note}</div></ix:nonNumeric></div>"
            "<div>3. Subsequent Events</div><div>None of them needs to be disclosed.</div></body></html>")


NOTE = ("A director of the Company serves on the board of Kestrel Freight Inc. The Company purchased freight services "
        "from Kestrel Freight Inc. of $5.0 million in 2023 and $4.0 million in 2022.")


def _ends(html: str) -> set[tuple[date, Decimal | None]]:
    fx = read_document(html)
    return {(f.period_end, f.amount) for n in fx.notes for f in n.facts() if f.kind == "cost"}


def test_retail_fiscal_years_from_the_cover_tags_and_the_policy_sentence() -> None:
    html = _doc("2024-02-02", "2023", NOTE, extra="Fiscal Year - Our fiscal year ends on the Friday nearest the end of January.")
    assert _ends(html) == {(D(2024, 2, 2), Decimal(5000000)), (D(2023, 2, 3), Decimal(4000000))}


def test_fixed_non_december_year_end() -> None:
    assert _ends(_doc("August 31, 2024", "2024", NOTE.replace("2023", "2024").replace("2022", "2023"))) == {
        (D(2024, 8, 31), Decimal(5000000)), (D(2023, 8, 31), Decimal(4000000))}


def test_quarterly_report_takes_the_year_end_after_its_period() -> None:
    html = _doc("2023-05-31", "2023", NOTE, form="10-Q", fye="--08-31")
    assert _ends(html) == {(D(2023, 8, 31), Decimal(5000000)), (D(2022, 8, 31), Decimal(4000000))}


def test_control_calendar_year_filer_keeps_december_31() -> None:
    assert _ends(_doc("2023-12-31", "2023", NOTE)) == {
        (D(2023, 12, 31), Decimal(5000000)), (D(2022, 12, 31), Decimal(4000000))}


def test_control_an_explicit_day_is_never_moved() -> None:
    note = ("The Company purchased freight services from Kestrel Freight Inc. of $5.0 million for the year ended "
            "December 31, 2023.")
    assert _ends(_doc("2024-02-02", "2023", note)) == {(D(2023, 12, 31), Decimal(5000000))}
