"""The amount grammar (relparty_amounts and the assembly of its lists): invented sentences of each
family that issue 14 names, with the facts each must give, and each family's control shape.

A row is (sentence, facts); a fact is (kind, period_end, months, amount), amount ``B`` for a blank.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from relparty import extract

B = "blank"


def _facts(text: str) -> set[tuple]:
    return {(f.kind, f.period_end.isoformat(), f.period_months, B if f.blank else f.amount) for f in extract(text).facts()}


def _want(rows: list[tuple]) -> set[tuple]:
    return {(k, e, m, a if a == B else Decimal(str(a))) for k, e, m, a in rows}


def _cases(rows: list[tuple]) -> list:
    return [pytest.param(text, want, id=text[:60]) for text, want in rows]


# --- zero by negation ----------------------------------------------------------------------------
NEGATION = [
    ("No purchases were made from Orla Ltd. in the three and nine months ended September 30, 2023.",
     [("cost", "2023-09-30", 3, 0), ("cost", "2023-09-30", 9, 0)]),
    ("The Company did not receive any rental income from the venture, Orla Ltd., during 2023.",
     [("revenue", "2023-12-31", 12, 0)]),
    ("In 2023 there were no sales to, and no amounts due from, Orla Ltd.",
     [("revenue", "2023-12-31", 12, 0), ("receivable", "2023-12-31", None, 0)]),
    ("Amounts due from Orla Ltd. were $0.5 million at year-end 2022 and none at year-end 2023.",
     [("receivable", "2022-12-31", None, 500000), ("receivable", "2023-12-31", None, 0)]),
    ("Amounts due to Orla Ltd. were nil and nil as of December 31, 2023 and 2022, respectively.",
     [("payable", "2023-12-31", None, 0), ("payable", "2022-12-31", None, 0)]),
    ("There were no amounts due to related parties as of December 31, 2023 and 2022.",
     [("payable", "2023-12-31", None, 0), ("payable", "2022-12-31", None, 0)]),
    ("No revenue was recognized from Orla Ltd. for the years ended December 31, 2023 and 2022.",
     [("revenue", "2023-12-31", 12, 0), ("revenue", "2022-12-31", 12, 0)]),
    ("The Company did not make any purchases from Orla Ltd. during the year ended June 30, 2024.",
     [("cost", "2024-06-30", 12, 0)]),
    ("As of December 31, 2023, there were no balances due to Orla Ltd.",
     [("payable", "2023-12-31", None, 0)]),
    ("During the six months ended June 30, 2024, the Company had no sales to Orla Ltd.",
     [("revenue", "2024-06-30", 6, 0)]),
    # zero written as "-0-" (US filers' nil), in prose and in a table cell ("---" on a line of its own is a ruler)
    ("Rent paid to Orla Ltd. was $45,000 and $-0- for the three months ended September 30, 2023 and 2022, respectively.",
     [("cost", "2023-09-30", 3, 45000), ("cost", "2022-09-30", 3, 0)]),
    ("Amounts due to Orla Ltd. were $ -0- and $1,200 as of December 31, 2023 and 2022, respectively.",
     [("payable", "2023-12-31", None, 0), ("payable", "2022-12-31", None, 1200)]),
    ("Related party balances\nAs of December 31,\n2023\n2022\nAmounts due from Orla Ltd.\n-0-\n63,005",
     [("receivable", "2023-12-31", None, 0), ("receivable", "2022-12-31", None, 63005)]),
    # controls: a negation without a kind, or without a period, gives nothing
    ("No purchases were made from Orla Ltd.", []),
    ("There were no other transactions with Orla Ltd. during 2023.", []),
    ("Orla Ltd. has no employees and no operations as of December 31, 2023.", []),
    ("The amounts due to Orla Ltd. are unsecured, bear no interest and have no fixed terms of repayment.", []),
]


@pytest.mark.parametrize(("text", "want"), _cases(NEGATION))
def test_zero_by_negation(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


def test_a_negated_fact_points_at_its_negation() -> None:
    text = "No purchases were made from Orla Ltd. during 2023."
    (fact,) = extract(text).facts()
    assert fact.amount == 0 and not fact.blank and fact.counterparty == "Orla Ltd."
    assert text[fact.amount_start : fact.amount_end] == "No"


# --- comparatives in parentheses ------------------------------------------------------------------
COMPARATIVES = [
    ("Legal fees of $18,200 (2022 - $15,100) were paid to Orla LLP for the nine months ended 31 March 2023.",
     [("cost", "2023-03-31", 9, 18200), ("cost", "2022-03-31", 9, 15100)]),
    ("Management fees paid to Orla Ltd. were $65 (2022 – $58; 2021 – $51) for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 65), ("cost", "2022-12-31", 12, 58), ("cost", "2021-12-31", 12, 51)]),
    ("Amounts due to Orla Ltd. were $20,000 (March 31, 2022 -$14,000) as of March 31, 2023.",
     [("payable", "2023-03-31", None, 20000), ("payable", "2022-03-31", None, 14000)]),
    ("Amounts due to Orla Ltd. were $5,000 (September 30, 2022 - $) as of September 30, 2023.",
     [("payable", "2023-09-30", None, 5000), ("payable", "2022-09-30", None, B)]),
    ("Rent paid to Orla Ltd. was $12,000 (2022: $11,000) for the year ended June 30, 2023.",
     [("cost", "2023-06-30", 12, 12000), ("cost", "2022-06-30", 12, 11000)]),
    ("The Company paid Orla Ltd. consulting fees of $3,000 for the three months ended June 30, 2023 (2022 – $2,500).",
     [("cost", "2023-06-30", 3, 3000), ("cost", "2022-06-30", 3, 2500)]),
    ("As at March 31, 2023, $4,000 (2022 - $3,500) was due to Orla Ltd.",
     [("payable", "2023-03-31", None, 4000), ("payable", "2022-03-31", None, 3500)]),
    # the comparatives' own years inside the parenthesis: the first amount's period is the one outside it
    ("Sales to Orla Ltd. were $3.7 million ($3.8 million in 2022 and $2.8 million in 2021) for the year ended "
     "December 31, 2023.",
     [("revenue", "2023-12-31", 12, 3700000), ("revenue", "2022-12-31", 12, 3800000),
      ("revenue", "2021-12-31", 12, 2800000)]),
    ("In 2023, the Company paid management fees of $2.2 million ($2.2 million in 2022 and $2.5 million in 2021) "
     "to Orla Ltd.",
     [("cost", "2023-12-31", 12, 2200000), ("cost", "2022-12-31", 12, 2200000), ("cost", "2021-12-31", 12, 2500000)]),
    # ... and the next sentence's running period is the sentence's own, not the aside's last year
    ("During the year ended December 31, 2023, the Company paid fees to Orla Ltd. of $1.2 million ($0.7 million in "
     "2022 and $0.5 million in 2021). The Company made sales to Orla Ltd. in the amount of $3.1 million.",
     [("cost", "2023-12-31", 12, 1200000), ("cost", "2022-12-31", 12, 700000), ("cost", "2021-12-31", 12, 500000),
      ("revenue", "2023-12-31", 12, 3100000)]),
    # a comparative written amount first: "($184 - August 31, 2018)"
    ("During the year ended August 31, 2023 $326 ($184 - August 31, 2022) was paid to Orla Ltd. for directors' fees.",
     [("cost", "2023-08-31", 12, 326), ("cost", "2022-08-31", 12, 184)]),
    ("Amounts due to Orla Ltd. were $20,000 ($14,000 – March 31, 2022) as of March 31, 2023.",
     [("payable", "2023-03-31", None, 20000), ("payable", "2022-03-31", None, 14000)]),
    # a comparative's nil word, bare or glued to its dash's mark, is zero
    ("As at December 31, 2023, the Company had $12 owing to Orla Ltd. (2022 – nil).",
     [("payable", "2023-12-31", None, 12), ("payable", "2022-12-31", None, 0)]),
    ("As at December 31, 2023, the Company had $36,605 (May 31, 2023 -$nil) due from Orla Ltd.",
     [("receivable", "2023-12-31", None, 36605), ("receivable", "2023-05-31", None, 0)]),
    ("Rent paid to Orla Ltd. was $500 for the year ended June 30, 2023 (2022: nil).",
     [("cost", "2023-06-30", 12, 500), ("cost", "2022-06-30", 12, 0)]),
    # control: a nil word after a dash that follows no date is no comparative
    ("Rent paid to Orla Ltd. was $500 for the year ended June 30, 2023 - nil was owed.", [("cost", "2023-06-30", 12, 500)]),
    # control: amounts inside the same parenthesis keep the periods beside them
    ("Orla Ltd. was paid fees (of $4,000 in 2023 and $3,000 in 2022) for its services.",
     [("cost", "2023-12-31", 12, 4000), ("cost", "2022-12-31", 12, 3000)]),
    # controls: a year range or a note number in parentheses is not a comparative
    ("Rent paid to Orla Ltd. (2022 - 2023 lease) was $12,000 for the year ended June 30, 2023.",
     [("cost", "2023-06-30", 12, 12000)]),
    ("Fees of $5,000 (note 7) were paid to Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 5000)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(COMPARATIVES))
def test_comparatives(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


# --- a lone mark that is a slot by its company: a lone-mark conversion, a direction ------------------
LONE_MARKS = [
    ("The Company incurred $ (C$ ) in rent with Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, B)]),
    ("The Company incurred $(C$ ) (2022-$3,717; C$4,932) in rent with Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, B), ("cost", "2022-12-31", 12, 3717)]),
    ("At March 31, 2023, the balance was comprised of $ due to Orla Ltd. and $ due to Birch LLC.",
     [("payable", "2023-03-31", None, B)]),
    # a comparative glued to its dash: "2022-$4,000" is a date, a dash, a mark and a number
    ("Rent of $5,000 (2022-$4,000) was paid to Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 5000), ("cost", "2022-12-31", 12, 4000)]),
    # controls: a mark in running text, a lone mark before a word that is no direction
    ("The contract with Orla Ltd. is denominated in $ due to its terms; rent of $5,000 was paid to Orla Ltd. in 2023.",
     [("cost", "2023-12-31", 12, 5000)]),
    ("Rent of $5,000 (C$6,600) was paid to Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 5000)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(LONE_MARKS))
def test_lone_marks_that_are_slots(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


def test_lone_marks_with_a_direction_keep_their_parties() -> None:
    facts = extract("At March 31, 2023, the balance was comprised of $ due to Orla Ltd., $ due to Birch LLC and $ due "
                    "to Robert Smith.").facts()
    assert [(f.counterparty, f.kind, f.blank) for f in facts] == [
        ("Orla Ltd.", "payable", True), ("Birch LLC", "payable", True), ("Robert Smith", "payable", True)]


# --- one amount for several periods; blank counts that vary --------------------------------------
ONE_FOR_MANY = [
    ("Fees paid to Orla Ltd. were $25,000 for the quarters ended June 30, 2024 and 2023.",
     [("cost", "2024-06-30", 3, 25000), ("cost", "2023-06-30", 3, 25000)]),
    ("At both March 31, 2024 and December 31, 2023, the amount due to Orla Ltd. was $2,000.",
     [("payable", "2024-03-31", None, 2000), ("payable", "2023-12-31", None, 2000)]),
    ("Rent paid to Orla Ltd. was $10,000 in each of the years 2023, 2022 and 2021.",
     [("cost", "2023-12-31", 12, 10000), ("cost", "2022-12-31", 12, 10000), ("cost", "2021-12-31", 12, 10000)]),
    ("Service income of RMB700, and was recognised from Orla Ltd. for 2021, 2022 and 2023, respectively.",
     [("revenue", "2021-12-31", 12, 700), ("revenue", "2022-12-31", 12, B), ("revenue", "2023-12-31", 12, B)]),
    ("The lease cost paid to Orla Ltd. was approximately $ for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, B)]),
    ("The Company paid Orla Ltd. $9,000 and $8,500 for the quarters ended June 30, 2023 and 2022, and $18,000 and "
     "$17,100 and for the half-years ended June 30, 2023 and 2022, respectively.",
     [("cost", "2023-06-30", 3, 9000), ("cost", "2022-06-30", 3, 8500), ("cost", "2023-06-30", 6, 18000),
      ("cost", "2022-06-30", 6, 17100)]),
    ("Revenues from Orla Ltd. were RMB2, and RMB1 for the years ended December 31, 2022, 2023 and 2024, respectively.",
     [("revenue", "2022-12-31", 12, 2), ("revenue", "2023-12-31", 12, B), ("revenue", "2024-12-31", 12, 1)]),
    ("Amounts due from Orla Ltd. were $13,587,536 (RMB98.4 million) and $13,736,110 (RMB98.4 million) as of December 31, 2024 and June 30, 2025.",
     [("receivable", "2024-12-31", None, 13587536), ("receivable", "2025-06-30", None, 13736110)]),
    ("Fees paid to Orla Ltd. totaled $ and $ for the years ended December 31, 2023 and 2022.",
     [("cost", "2023-12-31", 12, B), ("cost", "2022-12-31", 12, B)]),
    ("Fees paid to Orla Ltd. were less than £0.1m (year ended 31 December 2021: £0.2m) for the year ended 31 December 2022.",
     [("cost", "2021-12-31", 12, 200000)]),
    # controls: two amounts for three periods is not made to fit; a lone sign with no opener is no slot;
    # a rate is not the amount of each period
    ("Orla Ltd. managed the vessels for a fixed daily fee of $685 for 2013, 2014 and 2015.", []),
    ("Orla Ltd. is paid consulting fees of $5,000 a month for the years ended December 31, 2023 and 2022.", []),
    ("Fees paid to Orla Ltd. were $5,000 and $4,000 for the years ended December 31, 2023, 2022 and 2021, respectively.", []),
    ("All payments to Orla Ltd. are in $ for the year ended December 31, 2023.", []),
]


SEMICOLON_LISTS = [
    ("Royalty fees of $5,476,306; $3,449,822; and $2,944,102 were paid to Orla Ltd. for the years ended December 31, 2023, "
     "2022, and 2021, respectively.",
     [("cost", "2023-12-31", 12, 5476306), ("cost", "2022-12-31", 12, 3449822), ("cost", "2021-12-31", 12, 2944102)]),
    ("Sales to Orla Ltd. were $5; $6; and $7 in 2023, 2022 and 2021, respectively.",
     [("revenue", "2023-12-31", 12, 5), ("revenue", "2022-12-31", 12, 6), ("revenue", "2021-12-31", 12, 7)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(SEMICOLON_LISTS))
def test_semicolons_separate_a_list_that_ends_in_semicolon_and(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


@pytest.mark.parametrize(("text", "want"), _cases(ONE_FOR_MANY))
def test_one_amount_for_many_and_varying_blanks(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


# --- not amounts ----------------------------------------------------------------------------------
NOT_AMOUNTS = [
    ("Fees paid to Orla Ltd. were under $50,000 for the year ended December 31, 2023.", []),
    ("Fees paid to Orla Ltd. were less than $50,000 for the year ended December 31, 2023.", []),
    ("Fees paid to Orla Ltd. did not exceed $50,000 for the year ended December 31, 2023.", []),
    ("Orla Ltd. holds options with an exercise price of $ per share for the year ended December 31, 2023.", []),
    ("Orla Ltd. bought shares at $2.50 per share for the year ended December 31, 2023.", []),
    ("Noteholders (not related parties) had $4.1 million due from the Company at December 31, 2023.", []),
    # a third party's or a bank's amount, unless the related party stands behind it or paid it for the filer
    ("In 2023, the Company bought equipment from Orla Ltd. and sold it to a third party for $7.8 million.", []),
    ("At December 31, 2023, the Company owed bank borrowings of RMB 13,991,000 assumed from Orla Ltd.", []),
    ("In 2023, the Company repaid Orla Ltd. and three third-party companies RMB1,490,000 in total.", []),
    ("During 2023, Orla Ltd. paid third-party vendors $5,000 on behalf of the Company.", [("other", "2023-12-31", 12, 5000)]),
    ("In 2023, a third-party company lent the Company RMB3.0 million, which Orla Ltd. has guaranteed.",
     [("other", "2023-12-31", 12, 3000000)]),
    ("Orla Ltd. owns 12.5% of the shares; sales to it grew 10% for the year ended December 31, 2023.", []),
    ("The Company issued 1,000,000 shares to Orla Ltd. for the year ended December 31, 2023.", []),
    # the base a fee is reckoned on is no amount with the party
    ("Gross sales upon which royalties are based were $109,526,118 for the year ended December 31, 2023.", []),
    ("Revenues on which the management fee is calculated were $9,000 for the year ended December 31, 2023.", []),
    # control: a semicolon ends a list that does not end in "; and"
    ("Rent of $5,000; $3,000 was paid to Orla Ltd. for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 5000), ("cost", "2023-12-31", 12, 3000)]),
    # the same amount in the page's other mark, in parentheses, is a translation (GOLD.md: the primary amount only)
    ("During 2023, a payment of USD $250,000 ($334,738) was paid to Orla Ltd.", [("cost", "2023-12-31", 12, 250000)]),
    # control: the same mark in parentheses is not known to be a translation: both are read
    ("During 2023, rent of $250,000 ($334,738) was paid to Orla Ltd.",
     [("cost", "2023-12-31", 12, 250000), ("cost", "2023-12-31", 12, 334738)]),
    # controls: the amount next to a bound word of another kind is an amount
    ("Fees paid to Orla Ltd. under the agreement were $50,000 for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 50000)]),
    ("Fees of $5,000 were paid to Orla Ltd., a related party, for the year ended December 31, 2023.",
     [("cost", "2023-12-31", 12, 5000)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(NOT_AMOUNTS))
def test_not_amounts(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


# one negation over two coordinated kinds: zero for each ("no amount due from or due to X")
BOTH_WAYS = [("receivable", "2023-12-31", None, 0), ("payable", "2023-12-31", None, 0)]
TWO_KINDS = [
    ("As at December 31, 2023, there was no amount due from or due to Orla Ltd.", BOTH_WAYS),
    ("As at December 31, 2023, there were no balances due to or from Orla Ltd.", BOTH_WAYS),
    ("There were no amounts due to or from Orla Ltd. at December 31, 2023.", BOTH_WAYS),
    ("There were no receivables from or payables to Orla Ltd. at December 31, 2023.", BOTH_WAYS),
    ("As at December 31, 2023, no amounts were owed to or by Orla Ltd.", BOTH_WAYS),
    ("There were no sales to, or purchases from, Orla Ltd. in 2023.",
     [("revenue", "2023-12-31", 12, 0), ("cost", "2023-12-31", 12, 0)]),
    ("In 2023 there were no sales to, and no balances due from, Orla Ltd.",
     [("revenue", "2023-12-31", 12, 0), ("receivable", "2023-12-31", None, 0)]),
    ("The Company did not purchase any goods from Orla Ltd. during 2023.", [("cost", "2023-12-31", 12, 0)]),
    # "owed nothing to X": a zero balance, in the direction of who owed
    ("The Company owed nothing to Orla Ltd. at December 31, 2023.", [("payable", "2023-12-31", None, 0)]),
    ("Orla Ltd. owed nothing to the Company at December 31, 2023.", [("receivable", "2023-12-31", None, 0)]),
    ("Orla Ltd. owed $500 to the Company at December 31, 2023.", [("receivable", "2023-12-31", None, 500)]),
    ("The Company has nothing to disclose about Orla Ltd. at December 31, 2023.", []),
    # controls: one direction negated is one zero; a second party's own amount is not negated
    ("As at December 31, 2023, there was no amount due from Orla Ltd.", [("receivable", "2023-12-31", None, 0)]),
    ("There were no sales to Orla Ltd. and purchases from Orla Ltd. were $5,000 in 2023.",
     [("revenue", "2023-12-31", 12, 0), ("cost", "2023-12-31", 12, 5000)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(TWO_KINDS))
def test_one_negation_over_two_kinds(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


# --- a period cut off by the page end --------------------------------------------------------------
def test_a_period_cut_inside_its_first_words_leaves_its_amounts_out() -> None:
    text = ("Revenue from Orla Ltd. was $5,960 and $3,532 for the three months ended September 30, 2023 and 2022, "
            "respectively and $18,218 and $8,147 for t")
    assert _facts(text) == _want([("revenue", "2023-09-30", 3, 5960), ("revenue", "2022-09-30", 3, 3532)])


def test_a_page_ending_in_a_purpose_keeps_its_amounts() -> None:  # control: "for services" is no period phrase
    assert _facts("During 2023, the Company paid $5 to Orla Ltd. for services") == _want([("cost", "2023-12-31", 12, 5)])


# "respectively" over the natures of one balance at one date: one balance each, told apart by its detail
NATURES = [
    ("As of December 31, 2023, the outstanding principal and accrued interest due to Mr. Smith were $200,000 and $9,333, "
     "respectively.", [("payable", 200000, "principal"), ("payable", 9333, "accrued interest")]),
    ("At June 30, 2024, loans and advances due from Orla Ltd. were $50,000 and $7,500, respectively.",
     [("receivable", 50000, "loan"), ("receivable", 7500, "advances")]),
    ("At June 30, 2024, the loans, accrued interest and fees due to Orla Ltd. were $50,000, $2,100 and $300, respectively.",
     [("payable", 50000, "loan"), ("payable", 2100, "accrued interest"), ("payable", 300, "fees")]),
    # control: without "respectively" nothing says how the amounts pair
    ("As of December 31, 2023, principal and accrued interest due to Mr. Smith were $200,000 and $9,333.", []),
]


@pytest.mark.parametrize(("text", "want"), _cases(NATURES))
def test_respectively_over_the_natures_of_a_balance(text: str, want: list[tuple]) -> None:
    got = {(f.kind, f.amount, f.detail) for f in extract(text).facts()}
    assert got == {(k, Decimal(a), d) for k, a, d in want}


# "respectively" over kinds: as many kind triggers coordinated as amounts, at one period (a balance at its end)
RESPECTIVE_KINDS = [
    ("Accrued interest and interest expense on the notes payable to Orla Ltd. as of and for the nine months ended "
     "September 30, 2023 totaled $75,251 and $39,354, respectively.",
     [("payable", "2023-09-30", None, 75251), ("cost", "2023-09-30", 9, 39354)]),
    ("Sales to and amounts due from Orla Ltd. were $5,000 and $1,200, respectively, for the year ended December 31, 2023.",
     [("revenue", "2023-12-31", 12, 5000), ("receivable", "2023-12-31", None, 1200)]),
    ("Rent expense and management fees paid to Orla Ltd. were $5,000 and $1,200, respectively, for the year ended "
     "December 31, 2023.", [("cost", "2023-12-31", 12, 5000), ("cost", "2023-12-31", 12, 1200)]),
    # controls: "respectively" over parties pairs with them; a later list does not take the first list's kinds
    ("Sales to Orla Ltd. and Birch LLC were $5,000 and $1,200, respectively, for the year ended December 31, 2023.",
     [("revenue", "2023-12-31", 12, 5000), ("revenue", "2023-12-31", 12, 1200)]),
    ("Purchases from, and royalties paid to, Orla Ltd. totaled $34 and $118 for the three and nine months ended "
     "September 30, 2023, respectively, as compared to $33 and $131, respectively, for the same periods in 2022.",
     [("cost", "2023-09-30", 3, 34), ("cost", "2023-09-30", 9, 118), ("cost", "2022-09-30", 3, 33),
      ("cost", "2022-09-30", 9, 131)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(RESPECTIVE_KINDS))
def test_respectively_over_kinds(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


DATES_AND_CLAUSES = [
    # a balance's date is its as-of date, not the day of a later event in the sentence
    ("As of September 30, 2024, the Company had a receivable of $3,200 from Orla Ltd., which was collected in October 2024.",
     [("receivable", "2024-09-30", None, 3200)]),
    # ", and" then a verb without "respectively": a second clause, and the one amount is that of each date
    ("Notes payable at June 30, 2012 and December 31, 2011 to Orla Ltd. totaled $471,201, and were extended on April 4, 2011.",
     [("payable", "2012-06-30", None, 471201), ("payable", "2011-12-31", None, 471201)]),
    # control: with "respectively" the same shape holds dropped numbers (GOLD.md)
    ("Service income from Orla Ltd. of RMB700, and was recognised for 2021, 2022 and 2023, respectively.",
     [("revenue", "2021-12-31", 12, 700), ("revenue", "2022-12-31", 12, B), ("revenue", "2023-12-31", 12, B)]),
]


@pytest.mark.parametrize(("text", "want"), _cases(DATES_AND_CLAUSES))
def test_balance_dates_and_clauses_after_the_amount(text: str, want: list[tuple]) -> None:
    assert _facts(text) == _want(want)


def test_control_as_many_dates_as_amounts_pair_by_date() -> None:
    text = ("As of December 31, 2023 and 2022, principal and accrued interest due to Mr. Smith were $200,000 and $9,333, "
            "respectively.")
    assert _facts(text) == _want([("payable", "2023-12-31", None, 200000), ("payable", "2022-12-31", None, 9333)])


def test_a_period_cut_off_by_the_page_end_is_not_borrowed() -> None:
    text = ("Sales to Orla Ltd. were $5,000 for the year ended December 31, 2023. "
            "Purchases from Orla Ltd. were $3,000 for the year ended")
    ex = extract(text)
    assert _facts(text) == _want([("revenue", "2023-12-31", 12, 5000)])
    assert any("cut off" in w.message for w in ex.warnings)


def test_a_balance_date_cut_off_by_the_page_end() -> None:
    text = "Amounts due to Orla Ltd. were $5,000 as of December 31, 2023. Amounts due from Orla Ltd. were $2,000 as of"
    ex = extract(text)
    assert _facts(text) == _want([("payable", "2023-12-31", None, 5000)])
    assert any("cut off" in w.message for w in ex.warnings)


def test_control_a_whole_sentence_before_the_page_end_keeps_its_period() -> None:
    text = "Sales to Orla Ltd. were $5,000 for the year ended December 31, 2023. Purchases from Orla Ltd. were $3,000 in 2023"
    assert _facts(text) == _want([("revenue", "2023-12-31", 12, 5000), ("cost", "2023-12-31", 12, 3000)])


# --- scale ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("head", "amount", "scale"), [
    ("(RMB in Thousands)\n", "RMB2,000", 1000),
    ("All amounts in thousands of U.S. dollars.\n", "$2,000", 1000),
    ("(Amounts in RMB'000)\n", "RMB2,000", 1000),
    ("Related Party Transactions - USD ($) $ in Millions\n", "$2", 1_000_000),
    ("(RMB in Thousands)\n", "RMB2.0 million", 1),  # a written scale word: the amount is in units
    ("", "RMB2,000", None),  # nothing states the unit
])
def test_scale_from_the_unit_statement(head: str, amount: str, scale: int | None) -> None:
    text = f"{head}Sales to Orla Ltd. were {amount} for the year ended December 31, 2023."
    (fact,) = extract(text).facts()
    assert fact.scale == scale
    assert fact.amount == (Decimal(2_000_000) if "million" in amount else Decimal(amount.lstrip("RMB$").replace(",", "")))


def test_a_comparatives_nil_takes_the_currency_of_its_amount() -> None:
    facts = extract("As at December 31, 2023, the Company had RMB12 owing to Orla Ltd. (2022: nil).").facts()
    assert [(f.amount, f.currency) for f in facts] == [(12, "CNY"), (0, "CNY")]
