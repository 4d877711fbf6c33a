"""Flattened tables read as grids (``relparty.components.tables``): one parametrised table of
invented layouts, one family per item of the layout issue, each row the text and the facts it
must give; control shapes that must give nothing; property tests that the grid keeps every
cell's offsets; bad input (a thousand columns, a million lines, 100 KB cells)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from relparty import extract
from relparty.cells import stack_columns
from relparty.components.tables import MAX_COLUMNS, read_grids, table_rows

D = date
N = Decimal
RP = "Related party transactions\n"  # a table's rows are facts of a page about related parties
# an R page's own header: the page is for the year ended December 31, 2023 (bare year columns take that day)
PAGE = "Related Party Transactions\n12 Months Ended\nDec. 31, 2023\n" + RP
FY0, ASOF0 = "For the years ended December 31,\n2022\n2023\n", "As of December 31,\n2022\n2023\n"
FY, ASOF = RP + FY0, RP + ASOF0
Y22, Y23 = D(2022, 12, 31), D(2023, 12, 31)
# the reader drops a date row in a page's first eight lines (the R page's own header): tables below it
INTRO = "The Company has transactions with related parties.\n" * 8


# "Three Months Ended March 31," with natures under each year, then "(Receivable) Payable as of" with its dates
NAT_DATES = ("Three Months Ended March 31,\n2017\n2016\n(Receivable) Payable as of\n(In thousands)\nIncurred\nForgiven\n"
             "Incurred\nForgiven\nMarch 31, 2017\nDecember 31, 2016\n")
Q17, Q16, Y16 = D(2017, 3, 31), D(2016, 3, 31), D(2016, 12, 31)


def _facts(text: str) -> set[tuple[str, date, str, Decimal | None]]:
    return {(f.kind, f.period_end, f.counterparty, f.amount) for f in extract(text).facts()}


def two(kind: str, party: str, a: int, b: int, ends: tuple[date, date] = (D(2022, 12, 31), D(2023, 12, 31))) -> set:  # type: ignore[type-arg]
    return {(kind, ends[0], party, N(a)), (kind, ends[1], party, N(b))}


LAYOUTS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    # 1. block classes: one cell per line, a row on one line, pipe rows
    ("cells: one per line", FY + "Rent paid to Tenwave Group\n1,200\n1,300", two("cost", "Tenwave Group", 1200, 1300)),
    ("cells: row on one line", FY + "Rent paid to Tenwave Group   1,200   1,300", two("cost", "Tenwave Group", 1200, 1300)),
    ("pipes: header and rows", RP + "For the years ended December 31, | 2022 | 2023\nRent paid to Tenwave Group | 1,200 | 1,300\n"
     "Sales to Orbis Ltd | 5 | 6", two("cost", "Tenwave Group", 1200, 1300) | two("revenue", "Orbis Ltd", 5, 6)),
    ("pipes: bare years header", PAGE + "Related party | 2022 | 2023\nRent paid to Tenwave Group | 1,200 | 1,300",
     two("cost", "Tenwave Group", 1200, 1300)),
    ("control: a statement of operations", "For the years ended December 31,\n2022\n2023\nNet sales\n5\n6\nCost of sales\n3\n4", set()),
    ("section row names the party", FY + "Tenwave Group:\nSales of goods\n$\n5\n$\n6\nPurchases of services\n7\n8",
     two("revenue", "Tenwave Group", 5, 6) | two("cost", "Tenwave Group", 7, 8)),
    ("control: pipe rows without a header", "Rent paid to Tenwave Group | 1,200 | 1,300", set()),
    # 3. headers that are not "For the years ended" lines
    ("header: bare years and currencies", PAGE + "Notes\n2021\n2022\n2023\nEUR\nEUR\nEUR\nService fees paid to Orbis Ltd\n8\n100\n200\n300",
     {("cost", D(2021, 12, 31), "Orbis Ltd", N(100)), ("cost", D(2022, 12, 31), "Orbis Ltd", N(200)),
      ("cost", D(2023, 12, 31), "Orbis Ltd", N(300))}),
    ("control: bare years and no day on the page", RP + "2022\n2023\nAmounts due from Tenwave Group\n10\n20", set()),
    ("header: bare years, caption gives the day", "Freight purchased from related parties for the years ended June 30 was as follows:\n2022\n2023\n"
     "Freight purchased from Tenwave Group\n10\n20", two("cost", "Tenwave Group", 10, 20, (D(2022, 6, 30), D(2023, 6, 30)))),
    ("header: bare years, a balance row", PAGE + "2022\n2023\nAmounts due from Tenwave Group\n10\n20",
     two("receivable", "Tenwave Group", 10, 20)),
    ("header: only dates", INTRO + "December 31, 2022\nDecember 31, 2023\nAmounts due from Tenwave Group\n500\n600",
     two("receivable", "Tenwave Group", 500, 600)),
    ("header: day-month dates", INTRO + "31 March 2023\n31 March 2022\nAmounts due to Orbis Ltd\n7\n8",
     two("payable", "Orbis Ltd", 7, 8, (D(2023, 3, 31), D(2022, 3, 31)))),
    ("header: empty, periods from the caption",
     "For the years ended June 30, 2021, 2022 and 2023, freight purchased from related parties was as follows:\n"
     "Tenwave Group\n1,000\n2,000\n3,000\nOrbis Ltd\n10\n20\n30",
     {("cost", D(2021, 6, 30), "Tenwave Group", N(1000)), ("cost", D(2022, 6, 30), "Tenwave Group", N(2000)),
      ("cost", D(2023, 6, 30), "Tenwave Group", N(3000)), ("cost", D(2021, 6, 30), "Orbis Ltd", N(10)),
      ("cost", D(2022, 6, 30), "Orbis Ltd", N(20)), ("cost", D(2023, 6, 30), "Orbis Ltd", N(30))}),
    ("header: empty, as-of dates from the caption",
     "As of December 31, 2022 and 2023, the amounts due to related parties were as follows:\nTenwave Group\n100\n200",
     two("payable", "Tenwave Group", 100, 200)),
    ("control: caption periods, rows with another count",
     "For the years ended June 30, 2021, 2022 and 2023, freight bought from related parties was as follows:\n"
     "Tenwave Group\n1,000\n2,000", set()),
    ("header: a unit row", RP + "For the years ended December 31,\n2022\n2023\nRMB'000\nRMB'000\nRent paid to Tenwave Group\n1\n2",
     two("cost", "Tenwave Group", 1, 2)),
    ("header: an 'in thousands' line", RP + "For the years ended December 31,\n(in thousands of U.S. dollars)\n2022\n2023\n"
     "Rent paid to Tenwave Group\n1\n2", two("cost", "Tenwave Group", 1, 2)),
    ("header: a convenience translation dropped", RP + "For the years ended December 31,\n2022\n2023\n2023\nRMB\nRMB\nUS$\n"
     "Rent paid to Tenwave Group\n70\n140\n20", two("cost", "Tenwave Group", 70, 140)),
    ("header: interim three and six months side by side", RP + "Three Months Ended June 30,\n2024\n2023\n"
     "Six Months Ended June 30,\n2024\n2023\nRent paid to Orbis Ltd\n$\n1\n$\n2\n$\n3\n$\n4",
     {("cost", D(2024, 6, 30), "Orbis Ltd", N(1)), ("cost", D(2023, 6, 30), "Orbis Ltd", N(2)),
      ("cost", D(2024, 6, 30), "Orbis Ltd", N(3)), ("cost", D(2023, 6, 30), "Orbis Ltd", N(4))}),
    ("header: interim durations on one header row", RP + "Three Months Ended June 30, | Six Months Ended June 30,\n"
     "2024 | 2023 | 2024 | 2023\nRent paid to Orbis Ltd | 1 | 2 | 3 | 4",
     {("cost", D(2024, 6, 30), "Orbis Ltd", N(1)), ("cost", D(2023, 6, 30), "Orbis Ltd", N(2)),
      ("cost", D(2024, 6, 30), "Orbis Ltd", N(3)), ("cost", D(2023, 6, 30), "Orbis Ltd", N(4))}),
    # 4. columns that are not amounts
    ("non-amount: relationship letter", FY + "Rent paid to Tenwave Group\n(b)\n1,200\n1,300", two("cost", "Tenwave Group", 1200, 1300)),
    ("non-amount: note marker", FY + "Rent paid to Tenwave Group\n(ii)\n1,200\n1,300", two("cost", "Tenwave Group", 1200, 1300)),
    ("non-amount: Notes column", RP + "For the years ended December 31,\nNotes\n2022\n2023\nRent paid to Tenwave Group\n12\n1,200\n1,300",
     two("cost", "Tenwave Group", 1200, 1300)),
    ("non-amount: Relationship column", RP + "For the years ended December 31,\nRelationship\n2022\n2023\n"
     "Rent paid to Tenwave Group\nAn affiliate of the CEO\n1,200\n1,300", two("cost", "Tenwave Group", 1200, 1300)),
    ("non-amount: percentage columns", FY + "Rent paid to Tenwave Group\n1,200\n12\n%\n1,300\n10%", two("cost", "Tenwave Group", 1200, 1300)),
    ("non-amount: a sign before each value", FY + "Rent paid to Tenwave Group\n$\n1,200\n$\n1,300", two("cost", "Tenwave Group", 1200, 1300)),
    # 5. cut rows
    ("cut: the last row keeps its complete cells", ASOF + "Amounts due from Pengo\n—\n2,",
     {("receivable", D(2022, 12, 31), "Pengo", N(0))}),
    ("control: a complete last row", ASOF + "Amounts due from Pengo\n—\n2", two("receivable", "Pengo", 0, 2)),
    # 6. caption and section decide the kind of balance tables
    ("kind: caption over as-of columns", "Amount due to related parties:\n" + ASOF0 + "Data hosting services from Tenwave Group\n100\n200",
     two("payable", "Tenwave Group", 100, 200)),
    ("kind: section inside the table", ASOF + "Amounts due from related parties:\nService fees from Orbis Ltd\n3\n4",
     two("receivable", "Orbis Ltd", 3, 4)),
    ("control: the same label under flow columns", FY + "Data hosting services from Tenwave Group\n100\n200",
     two("cost", "Tenwave Group", 100, 200)),
    # 7. lower-case row labels name parties
    ("lower-case: ultimate parent company", FY + "Custody fees earned from ultimate parent company\n100\n200",
     two("revenue", "ultimate parent company", 100, 200)),
    ("lower-case: a fellow subsidiary", FY + "Agency fee paid to a fellow subsidiary\n10\n20", two("cost", "fellow subsidiary", 10, 20)),
    ("control: lower-case words that are no party", FY + "Sales of goods to customers\n1\n2", two("revenue", "related parties", 1, 2)),
    ("lower-case: the party's head alone", ASOF + "Accounts receivable from associates\n—\n1,554",
     two("receivable", "associates", 0, 1554)),
    ("lower-case: a joint arrangement", ASOF + "Loan receivable from a joint arrangement\n—\n3,444",
     two("receivable", "a joint arrangement", 0, 3444)),
    # 7b. a row label's footnote marker: the party its footnote names, when the label names none
    ("footnote: marker alone, text on the next line", FY + "Consulting fees (1)\n5\n6\nMarketing fees (2)\n7\n8\n(1)\n"
     "Fees paid or accrued to a company having a former director in common with the Company, under an agreement\n(2)\n"
     "Marketing fees paid to a company partially owned by a former officer of the Company.",
     two("cost", "a company having a former director in common with the Company", 5, 6)
     | two("cost", "a company partially owned by a former officer of the Company", 7, 8)),
    ("footnote: letter marker, text on its line", FY + "Purchases of maritime services (a)\n5\n6\n(a) Services bought from Orbis Ltd "
     "under a master agreement.", two("cost", "Orbis Ltd", 5, 6)),
    ("footnote: a star", FY + "Rent expense*\n5\n6\n* Rent paid to Tenwave Group for the head office.",
     two("cost", "Tenwave Group", 5, 6)),
    ("control: the label's own party beats its footnote's", ASOF + "Loan receivable from a joint arrangement (3)\n—\n3,444\n"
     "(3)\nBusiness transactions carried out with Orbis Ltd", two("receivable", "a joint arrangement", 0, 3444)),
    ("footnote prose with no party of its own: the row's party", RP + "The remuneration of directors and officers was as "
     "follows:\n" + FY0 + "Management compensation (1)\n36\n37\n(1)\nAs of December 31, 2023, $2,600 is payable or accrued "
     "for management compensation.", two("other", "key management personnel", 36, 37)
     | {("payable", Y23, "key management personnel", N(2600))}),
    ("control: footnote prose that names its party keeps it", FY + "Consulting fees paid to Tenwave Group (1)\n5\n6\n(1)\n"
     "As of December 31, 2023, $40 was payable to Orbis Ltd.", two("cost", "Tenwave Group", 5, 6)
     | {("payable", Y23, "Orbis Ltd.", N(40))}),
    ("control: a party in a footnote's later sentence", FY + "Consulting fees (1)\n5\n6\n(1)\nBalance included within other "
     "payables. In addition, $16 relating to Orbis Ltd is not in the table.", two("cost", "related parties", 5, 6)),
    ("control: a footnote cut by the page end", FY + "Consulting fees (1)\n5\n6\n(1)", two("cost", "related parties", 5, 6)),
    ("control: a footnote that names only related parties", FY + "Consulting fees (1)\n5\n6\n(1)\nFees paid to related "
     "parties under service agreements", two("cost", "related parties", 5, 6)),
    # 8. multi-line labels, sections, totals, others, dashes, negatives
    ("multi-line label", FY + "Service fees charged by\nTenwave Group\n5\n6", two("cost", "Tenwave Group", 5, 6)),
    ("multi-line label, lower-case second line", FY + "Sales of goods\nto Orbis Ltd\n5\n6", two("revenue", "Orbis Ltd", 5, 6)),
    ("section row gives the kind", FY + "Revenue from related parties:\nTenwave Group\n5\n6", two("revenue", "Tenwave Group", 5, 6)),
    ("control: a heading without a colon is a section", FY + "Revenue\nTenwave Group\n5\n6", two("revenue", "Tenwave Group", 5, 6)),
    ("total row is no fact", FY + "Rent paid to Tenwave Group\n5\n6\nTotal\n5\n6", two("cost", "Tenwave Group", 5, 6)),
    ("subtotal row is no fact", FY + "Rent paid to Tenwave Group\n5\n6\nSubtotal\n5\n6", two("cost", "Tenwave Group", 5, 6)),
    ("unlabelled total row is no fact", FY + "Rent paid to Tenwave Group\n5\n6\n5\n6", two("cost", "Tenwave Group", 5, 6)),
    ("an adjustment row is no fact", "Due from related parties:\n" + ASOF0 + "Shanghai Tenwave Technology (a)\n50\n60\n"
     "Subtotal\n50\n60\nLess: allowance for credit losses\n(5\n)\n(6\n)", two("receivable", "Shanghai Tenwave Technology", 50, 60)),
    ("an adjustment row without a colon is no fact", ASOF + "Due to Tenwave Group\n50\n60\nLess unamortized discount\n(5)\n(6)",
     two("payable", "Tenwave Group", 50, 60)),
    ("others row: related parties", "Revenue from related parties:\n" + FY0 + "Tenwave Group\n5\n6\nOthers\n1\n2",
     two("revenue", "Tenwave Group", 5, 6) | two("revenue", "related parties", 1, 2)),
    ("other related parties row", "Amounts due from related parties:\n" + ASOF0 + "Tenwave Group\n5\n6\nOther related parties\n1\n2",
     two("receivable", "Tenwave Group", 5, 6) | two("receivable", "related parties", 1, 2)),
    ("em-dash and hyphen cells are 0", FY + "Rent paid to Tenwave Group\n—\n-", two("cost", "Tenwave Group", 0, 0)),
    ("parenthesised cells", FY + "Loan to Orbis Ltd\n(1,234)\n(5)", two("other", "Orbis Ltd", 1234, 5)),
    ("two captions share the columns", FY + "Rent paid to Orbis Ltd\n5\n6\nAmounts due from related parties\n"
     "Amounts due to related parties\nAs of December 31,\n2022\n2023\n2022\n2023\nTenwave Group\n1\n2\n3\n4",
     two("cost", "Orbis Ltd", 5, 6) | two("receivable", "Tenwave Group", 1, 2) | two("payable", "Tenwave Group", 3, 4)),
    # 3b. natures under each period of a flow group, beside a balance group whose dates follow the natures; a
    # value's note marker ("217 / (5)") is no value; "(Receivable) Payable": a parenthesised cell is receivable
    ("header: natures per period, then a balance group's dates", RP + NAT_DATES + "Asset management fees paid to Tenwave "
     "Group\n5,190\n—\n4,500\n—\n217\n447", {("cost", Q17, "Tenwave Group", N(5190)), ("other", Q17, "Tenwave Group", N(0)),
                                            ("cost", Q16, "Tenwave Group", N(4500)), ("other", Q16, "Tenwave Group", N(0)),
                                            ("payable", Q17, "Tenwave Group", N(217)), ("payable", Y16, "Tenwave Group", N(447))}),
    ("natures: note markers after values", RP + NAT_DATES + "Leasing fees paid to Tenwave Group\n$\n1,097\n$\n557\n913\n596\n"
     "304\n(5) (8)\n252\n(5)", {("cost", Q17, "Tenwave Group", N(1097)), ("other", Q17, "Tenwave Group", N(557)),
                                ("cost", Q16, "Tenwave Group", N(913)), ("other", Q16, "Tenwave Group", N(596)),
                                ("payable", Q17, "Tenwave Group", N(304)), ("payable", Y16, "Tenwave Group", N(252))}),
    ("natures: a parenthesised balance is the parenthesised kind", RP + NAT_DATES + "Notes receivable from Orbis Ltd\n$\n—\n"
     "$\n—\n$\n—\n$\n—\n$\n(3,211\n)\n$\n(5,138\n)", {("receivable", Q17, "Orbis Ltd", N(3211)),
                                                          ("receivable", Y16, "Orbis Ltd", N(5138))}),
    ("control: a row one cell short (its markers dropped) is no fact", RP + NAT_DATES + "Fees paid to Tenwave Group\n—\n—\n—\n"
     "323\n(5)\n923\n(5)", set()),
    ("control: a parenthesised value that fills its row is a value", FY + "Rent paid to Tenwave Group\n1,200\n(5)",
     two("cost", "Tenwave Group", 1200, 5)),
    # controls that must not fire
    ("control: a row with a missing cell", FY + "Rent paid to Tenwave Group\n1,200", set()),
    ("key management pay: other, not a cost", RP + "The remuneration of directors and officers was as follows:\n" + FY0 +
     "Directors' fees\n36\n37", two("other", "key management personnel", 36, 37)),
    ("key management pay: a section that names a group is whose pay it is", RP + "The remuneration of directors and officers "
     "was as follows:\n" + FY0 + "Officers:\nPayroll and other short-term benefits\n36\n37\nDirectors:\nDirectors' fees\n5\n6",
     two("other", "Officers", 36, 37) | two("other", "Directors", 5, 6)),
    ("control: a pay section that names no group keeps key management", RP + "The remuneration of directors and officers was "
     "as follows:\n" + FY0 + "Short-term benefits:\nSalaries\n36\n37", two("other", "key management personnel", 36, 37)),
    ("control: a balance of pay owed", RP + "The remuneration of directors and officers was as follows:\n" + ASOF0 +
     "Directors' fees payable\n36\n37", set()),
    ("non-amount: a negative broken over two lines", FY + "Loan to Orbis Ltd\n(1,234\n)\n(5\n)", two("other", "Orbis Ltd", 1234, 5)),
    ("lower-case: a described party after the preposition", FY + "Purchases of goods from non-consolidated parties\n7\n8",
     two("cost", "non-consolidated parties", 7, 8)),
    ("lower-case: the first preposition of direction", FY + "Sales of goods to a company controlled by the CEO\n7\n8",
     two("revenue", "a company controlled by the CEO", 7, 8)),
    ("kind: a verb after the head decides", FY + "Administrative expenses charged to Orbis Ltd\n7\n8",
     two("revenue", "Orbis Ltd", 7, 8)),
    ("header: month and day, then bare years", INTRO + "March 31\n2024\n2025\nAmounts due from Orbis Ltd\n7\n8",
     two("receivable", "Orbis Ltd", 7, 8, (D(2024, 3, 31), D(2025, 3, 31)))),
    ("control: repeated years in one currency", INTRO + "2019\n2018\n2019\n2018\nAmounts due from Orbis Ltd\n1\n2\n3\n4",
     set()),
    ("control: a label with no kind", FY + "Tenwave Group\n5\n6", set()),
    ("section: a described party, roles in its clause and all, names the rows", FY + "Transactions with a related company in "
     "which a former director of the Company is a director of such company\nLease expenses\n5\n6\nInterest expense on a loan due "
     "to a related company\n7\n8", two("cost", "a related company in which a former director of the Company is a director of "
                                        "such company", 5, 6) |
     two("cost", "a related company in which a former director of the Company is a director of such company", 7, 8)),
    ("control: a label's own party that is not the section's head", FY + "Transactions with a related company in which a former "
     "director of the Company is a director of such company\nInterest expense on a loan due to a shareholder\n7\n8",
     two("cost", "a shareholder", 7, 8)),
    ("kind: the head noun decides over its object's preposition", FY + "Purchases of services to Tenwave Group\n7\n8\n"
     "Sales of services to Orla Ltd\n5\n6", two("cost", "Tenwave Group", 7, 8) | two("revenue", "Orla Ltd", 5, 6)),
    ("control: services to a party with no head noun are sales", FY + "Services to Tenwave Group\n7\n8",
     two("revenue", "Tenwave Group", 7, 8)),
    ("header: two as-of captions, each year in turn", RP + "As of December 31,\nAs of June 30,\n2022\n2023\n"
     "Amounts due from Tenwave Group\n7\n8", two("receivable", "Tenwave Group", 7, 8, (D(2022, 12, 31), D(2023, 6, 30)))),
    ("header: two as-of captions, the last one's translation after", RP + "As of December 31,\nAs of June 30\n2022\n2023\n"
     "2023\nRMB\nRMB\nUS$\nAmounts due from Tenwave Group\n7\n8\n1", two("receivable", "Tenwave Group", 7, 8,
                                                                         (D(2022, 12, 31), D(2023, 6, 30)))),
    ("control: one as-of caption on two lines", RP + "As of\nDecember 31,\n2022\n2023\nAmounts due from Tenwave Group\n7\n8",
     two("receivable", "Tenwave Group", 7, 8)),
    ("section: a term subheading keeps the section", ASOF + "Amounts due from related parties:\nCurrent:\nTenwave Group\n5\n6\n"
     "Non-current:\nOrbis Ltd\n7\n8", two("receivable", "Tenwave Group", 5, 6) | two("receivable", "Orbis Ltd", 7, 8)),
    ("section: a term subheading without its colon", ASOF + "Amounts due to related parties:\nShort-term\nTenwave Group\n5\n6",
     two("payable", "Tenwave Group", 5, 6)),
    ("control: a term heading with no section above says no kind", ASOF + "Current:\nTenwave Group\n5\n6", set()),
    ("control: a new section after the term heading replaces it", ASOF + "Amounts due from related parties:\nCurrent:\n"
     "Tenwave Group\n5\n6\nAmounts due to related parties:\nOrbis Ltd\n7\n8",
     two("receivable", "Tenwave Group", 5, 6) | two("payable", "Orbis Ltd", 7, 8)),
    ("control: flow label under as-of columns with no caption", ASOF + "Rent paid to Tenwave Group\n5\n6", set()),
    # date cells cut in two, the tops first: "December" / "31, 2023" is one date, as is "June 30," / "2023"
    ("header: date cells cut in two", RP + "June 30,\n|\nDecember\n|\n2023\n|\n31, 2023\nLoans from Tenwave Group\n5\n6",
     two("payable", "Tenwave Group", 5, 6, (D(2023, 6, 30), Y23))),
    ("header: cut date cells, currencies below a section row", INTRO + "June 30,\nDecember\nDecember 31,\n2023\n31, 2023\n"
     "2023\nAmounts due to related\nparties:\nRMB\nRMB\nU.S. Dollars\nTenwave Group\n5\n6\n1",
     two("payable", "Tenwave Group", 5, 6, (D(2023, 6, 30), Y23))),
    ("control: a bottom that is a whole date is no cut cell", RP + "June 30,\nDecember\nDecember 31, 2023\n2023\n"
     "Loans from Tenwave Group\n5\n6", set()),
    # a loan's terms after its party in a row label are not the party's name
    ("label: a loan's terms after the party", INTRO + ASOF0 + "Short-term borrowings due to related parties:\n"
     "Borrowing from a Founder, 7.2% annual interest, due on October 20, 2023\n5\n6\n"
     "Borrowing from Tenwave Group, unsecured\n7\n8",
     two("payable", "a Founder", 5, 6) | two("payable", "Tenwave Group", 7, 8)),
]


@pytest.mark.parametrize("name, text, want", LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_layouts(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_at_least_forty_layouts() -> None:
    assert len(LAYOUTS) >= 40 and sum(1 for n, _, _ in LAYOUTS if n.startswith("control")) >= 10


# Headers whose date cells the page wrapped, units and item numbers between the rows, totals on two lines,
# and tables of parties that are not related (invented, each a family seen in real 10-Q and 20-F pages)
S30, M31 = D(2023, 9, 30), D(2023, 3, 31)
WRAPPED: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("wrapped dates: each cell's year on the next line", RP + "Due from related parties\n(In thousands)\nSeptember 30,\n2023\n"
     "March 31,\n2023\nOrbis Dairy Co., Ltd.\n$\n1,919\n$\n1,882\nTenwave Group\n574\n663\nTotal\n$\n2,493\n$\n2,545",
     two("receivable", "Orbis Dairy Co., Ltd.", 1919, 1882, (S30, M31)) | two("receivable", "Tenwave Group", 574, 663, (S30, M31))),
    ("wrapped dates: months and days first, then the years", RP + "Amounts due to related parties\nSeptember 30,\n"
     "December 31,\n2023\n2022\nTenwave Group\n478\n495", two("payable", "Tenwave Group", 478, 495, (S30, D(2022, 12, 31)))),
    ("wrapped dates: a second table's caption, not the unit line", RP + "Due from related parties\n(In thousands)\n"
     "September 30,\n2023\nMarch 31,\n2023\nTenwave Group\n5\n6\nb.\nDue to related parties\n(In thousands)\n"
     "September 30,\n2023\nMarch 31,\n2023\nOrbis Ltd\n7\n8",
     two("receivable", "Tenwave Group", 5, 6, (S30, M31)) | two("payable", "Orbis Ltd", 7, 8, (S30, M31))),
    ("item numbers between rows; terms rows take the section's party", RP + "Notes payable to related parties\n"
     "September 30,\n2023\nDecember 31,\n2022\nNotes payable to relatives of a director, due on demand:\ni.\n"
     "Interest at 1% per month\n$\n720,619\n$\n720,619\nii.\nInterest at 0.5% per month\n695,000\n695,000\nTotal\n"
     "Notes payable to related parties\n$\n1,415,619\n$\n1,415,619",
     {("payable", S30, "relatives of a director", N(720619)), ("payable", D(2022, 12, 31), "relatives of a director", N(720619)),
      ("payable", S30, "relatives of a director", N(695000)), ("payable", D(2022, 12, 31), "relatives of a director", N(695000))}),
    ("account titles under a party section: a nature word after the direction is its object", RP
     + "Related party\nA title of account\nJune 30,\n2023\nDecember 31,\n2022\nAssociates\nOrbis Ltd.\nDeposits due to customers\n"
     "482\n666\nOther liabilities\n489\n50", two("payable", "Orbis Ltd.", 482, 666, (D(2023, 6, 30), D(2022, 12, 31)))
     | two("payable", "Orbis Ltd.", 489, 50, (D(2023, 6, 30), D(2022, 12, 31)))),
    ("numeric dates, day first; note references and loans at a date", RP + "Thousands of Euros\n31/12/2019\n31/12/2018\n"
     "Receivables from associates (note 14)\n1,883\n382\nLoans to associates (note 12)\n18,342\n50,304\n"
     "Loans from joint ventures\n5\n6\nDebts with key management personnel\n(4,005)\n(4,425)",
     two("receivable", "associates", 1883, 382, (D(2019, 12, 31), D(2018, 12, 31)))
     | two("receivable", "associates", 18342, 50304, (D(2019, 12, 31), D(2018, 12, 31)))
     | two("payable", "joint ventures", 5, 6, (D(2019, 12, 31), D(2018, 12, 31)))
     | two("payable", "key management personnel", 4005, 4425, (D(2019, 12, 31), D(2018, 12, 31)))),
    ("numeric dates, month first", RP + "12/31/2019\n12/31/2018\nAmounts due to Orbis Ltd\n7\n8",
     two("payable", "Orbis Ltd", 7, 8, (D(2019, 12, 31), D(2018, 12, 31)))),
    ("control: a numeric date either way round is no column", RP + "06/05/2019\n06/05/2018\nAmounts due to Orbis Ltd\n7\n8",
     set()),
    ("control: a flow's line on loans stays a flow", RP + "31/12/2019\n31/12/2018\nInterest expense on loans from Orbis Ltd\n"
     "7\n8\nLoans from Orbis Ltd\n70\n80", two("payable", "Orbis Ltd", 70, 80, (D(2019, 12, 31), D(2018, 12, 31)))),
    ("a row that says whose pay it is: other, that party", RP + "Compensation to related parties\nYear ended December 31\n"
     "2022\n2021\nCompensation to directors employed by the Company\n616\n1,041\nRent paid to Orbis Ltd\n5\n6",
     {("other", Y22, "directors employed by the Company", N(616)), ("other", D(2021, 12, 31), "directors employed by the Company",
                                                                   N(1041))}
     | two("cost", "Orbis Ltd", 5, 6, (Y22, D(2021, 12, 31)))),
    ("dates over split columns, descriptor cells before the values", RP + "Accounts receivable:\n12.31.2020\n12.31.2019\n"
     "Taxpayer ID\nCompany\nRelationship\nCountry\nCurrency\nCurrent\nNon-Current\nCurrent\nNon-Current\nThCh$\nThCh$\n"
     "ThCh$\nThCh$\n96.891.720-K\nEmbonor S.A.\nShareholder related\nChile\nCLP\n3,643,603\n—\n6,589,539\n12\n"
     "Foreign\nTenwave Group\nDirector related\nArgentina\nARS\n5\n6\n7\n8",
     {("receivable", D(2020, 12, 31), "Embonor S.A.", N(3643603)), ("receivable", D(2020, 12, 31), "Embonor S.A.", N(0)),
      ("receivable", D(2019, 12, 31), "Embonor S.A.", N(6589539)), ("receivable", D(2019, 12, 31), "Embonor S.A.", N(12))}
     | two("receivable", "Tenwave Group", 5, 7, (D(2020, 12, 31), D(2019, 12, 31)))
     | two("receivable", "Tenwave Group", 6, 8, (D(2020, 12, 31), D(2019, 12, 31)))),
    ("control: a country with no named party in the row gives no fact", RP + "Accounts receivable:\n12.31.2020\n12.31.2019\n"
     "Company\nCountry\nCurrent\nNon-Current\nCurrent\nNon-Current\nFlorida Foods\nArgentina\n5\n6\n7\n8", set()),
    ("control: a month and day with no year is no column", RP + "Amounts due from related parties\nSeptember 30,\n"
     "Tenwave Group\n5\n6", set()),
    ("control: a table of unrelated parties under a related-party note", RP + "Notes payable to unrelated parties\n"
     "September 30,\n2023\nDecember 31,\n2022\nNotes payable to Orbis Ltd\n450,000\n450,000", set()),
    ("control: related and unrelated parties in one caption", RP + "Amounts due to related and unrelated parties\n"
     "September 30,\n2023\nDecember 31,\n2022\nAmounts due to Orbis Ltd\n4\n5",
     two("payable", "Orbis Ltd", 4, 5, (S30, D(2022, 12, 31)))),
]


def test_control_split_words_that_do_not_repeat_per_date_are_no_split() -> None:
    text = (RP + "Accounts receivable:\n12.31.2020\n12.31.2019\nCurrent\nNon-Current\nNon-Current\nCurrent\n"
            "Amounts due from Orbis Ltd\n1\n2\n3\n4")
    assert not {f for f in _facts(text) if f[3] in (N(3), N(4))}  # no third or fourth column


@pytest.mark.parametrize("name, text, want", WRAPPED, ids=[x[0] for x in WRAPPED])
def test_wrapped_headers_items_and_unrelated_tables(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


J30 = (D(2020, 6, 30), D(2019, 6, 30))
PARTY_COLUMN = RP + "Amount of the transactions of the year ended\nParty\nTransaction type\n06/30/2020\n06/30/2019\n"

# a party column and a nature column before the period columns: each row's party comes first, as a section of its own
PARTY_ROWS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("caption says the periods' kind, the cells their dates; party and nature columns", PARTY_COLUMN
     + "Joint ventures and associates\nSales and services\n6,139\n4,913\nJoint ventures and associates\n"
     "Purchases of goods and services\n(21,634)\n(17,542)\nOrbis Ltd\nSales of goods\n7\n8",
     two("revenue", "Joint ventures and associates", 6139, 4913, J30)
     | two("cost", "Joint ventures and associates", 21634, 17542, J30) | two("revenue", "Orbis Ltd", 7, 8, J30)),
    ("other flows named by the row: loans granted, contributions, interest gain", PARTY_COLUMN
     + "Joint ventures and associates\nEquity contributions\n250\n517\nJoint ventures and associates\nLoans granted\n—\n599\n"
     "Associates\nIn-kind contributions\n476\n463\nAssociates\nInterest gain\n44\n20",
     two("other", "Joint ventures and associates", 250, 517, J30) | two("other", "Joint ventures and associates", 0, 599, J30)
     | two("other", "Associates", 476, 463, J30) | two("revenue", "Associates", 44, 20, J30)),
    ("a key management section's pay rows: other, that group", PARTY_COLUMN
     + "Key management personnel\nSalaries, social security benefits and other benefits\n(6,501)\n(3,940)\n"
     "Directors\nShort-term benefits\n5\n6",
     two("other", "Key management personnel", 6501, 3940, J30) | two("other", "Directors", 5, 6, J30)),
    ("a row named by a legal suffix after a lower-case word beats its section", RP + "Revenue for the year ended\n"
     "12/31/2019\n12/31/2018\nAssociates\nF&U Credit information Co., Ltd.\n2,777\n1,002\nHappyNarae Co., Ltd.\n5\n6",
     two("revenue", "F&U Credit information Co., Ltd.", 2777, 1002, (D(2019, 12, 31), D(2018, 12, 31)))
     | two("revenue", "HappyNarae Co., Ltd.", 5, 6, (D(2019, 12, 31), D(2018, 12, 31)))),
    ("control: date cells under no 'ended' caption stay as-of dates (a sale's row is no balance)", RP
     + "Party\nTransaction type\n06/30/2020\n06/30/2019\nJoint ventures and associates\nSales and services\n6,139\n4,913", set()),
    ("control: an 'ended' caption that names its month keeps that day", RP + "Amount of the transactions of the year ended "
     "June 30\n2020\n2019\nJoint ventures and associates\nSales and services\n6\n4",
     two("revenue", "Joint ventures and associates", 6, 4, J30)),
    ("control: pay words under a party that is no key management are its flows' kind", PARTY_COLUMN
     + "Orbis Ltd\nSalaries recharged\n5\n6", set()),
]


@pytest.mark.parametrize("name, text, want", PARTY_ROWS, ids=[x[0] for x in PARTY_ROWS])
def test_party_and_nature_columns(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


M31 = D(2018, 3, 31)
PARTY_CAPTION = "The following table summarizes related-party transactions and balances for the year ended/as at March 31, 2018:\n"
PARTY_HEAD = "Associates and its subsidiaries\nJoint ventures\nOrbis Holdings Ltd, its subsidiaries and joint ventures\nTotal\n"

# parties as columns: the caption sentence gives the one date, the header cells the parties, "Total" columns are no facts
PARTY_COLUMNS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("year ended/as at: flows and balances by the row", PARTY_CAPTION + PARTY_HEAD + "Total\n(In millions)\n"
     "Purchase of products\nRs.\n26,057.0\nRs.\n—\nRs.\n1,713.0\nRs.\n27,770.0\nUS$\n911.4\n"
     "Trade and other receivables\n274.5\n6,286.6\n1,892.3\n8,453.4\n120.0\n"
     "Purchase of property, plant and equipment\n624.0\n—\n2.0\n626.0",
     {("cost", M31, "Associates and its subsidiaries", N("26057.0")), ("cost", M31, "Joint ventures", N(0)),
      ("cost", M31, "Orbis Holdings Ltd, its subsidiaries and joint ventures", N("1713.0")),
      ("receivable", M31, "Associates and its subsidiaries", N("274.5")), ("receivable", M31, "Joint ventures", N("6286.6")),
      ("receivable", M31, "Orbis Holdings Ltd, its subsidiaries and joint ventures", N("1892.3")),
      ("other", M31, "Associates and its subsidiaries", N("624.0")), ("other", M31, "Joint ventures", N(0)),
      ("other", M31, "Orbis Holdings Ltd, its subsidiaries and joint ventures", N("2.0"))}),
    ("year ended only: a balance row has no flow", RP + "Transactions with related parties for the year ended December 31, "
     "2023:\nAssociates\nKey management personnel\nOthers\nTotal\nSales of goods\n5\n6\n7\n18\nAmounts due from\n1\n2\n3\n6",
     {("revenue", Y23, "Associates", N(5)), ("revenue", Y23, "Key management personnel", N(6)),
      ("revenue", Y23, "related parties", N(7))}),
    ("as of only: balances", RP + "Balances with related parties as of December 31, 2023:\nAssociates\nJoint ventures\nTotal\n"
     "Amounts due to\n40\n2\n42", {("payable", Y23, "Associates", N(40)), ("payable", Y23, "Joint ventures", N(2))}),
    ("control: party cells with no Total column are no header", RP + "Transactions for the year ended December 31, 2023:\n"
     "Associates\nJoint ventures\nSales of goods\n5\n6", set()),
    ("control: a caption with no date is no header", RP + "Transactions with related parties:\nAssociates\nJoint ventures\n"
     "Total\nSales of goods\n5\n6\n11", set()),
]


@pytest.mark.parametrize("name, text, want", PARTY_COLUMNS, ids=[x[0] for x in PARTY_COLUMNS])
def test_parties_as_columns(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


M11, M12 = D(2011, 3, 31), D(2012, 3, 31)
OVER_YEARS = ("The following table summarizes the related party transactions:\nYears ended\nMarch 31,\nBeneficial Owner and\n"
              "Subsidiaries\nEquity Method Investees\nTotal\n2011\n2012\n2011\n2012\n2011\n2012\n2012\n(In millions)\n"
              "Nature of transactions\nRs.\nRs.\nRs.\nRs.\nRs.\nRs.\n(US$)\nSales of voice services\n1,168\n1,069\n473\n83\n"
              "1,641\n1,152\n27\nSales of services total\n1,168\n1,069\n473\n83\n1,641\n1,152\n27\nInterest income\n—\n—\n"
              "707\n163\n707\n163\n3")


def test_parties_over_the_years_of_each() -> None:
    # one column per party and year; the Total group and the US$ translation are no facts, nor is a row ending "total"
    assert _facts(OVER_YEARS) == (two("revenue", "Beneficial Owner and Subsidiaries", 1168, 1069, (M11, M12))
                                  | two("revenue", "Equity Method Investees", 473, 83, (M11, M12))
                                  | two("revenue", "Beneficial Owner and Subsidiaries", 0, 0, (M11, M12))
                                  | two("revenue", "Equity Method Investees", 707, 163, (M11, M12)))
    assert {f.currency for f in extract(OVER_YEARS).facts()} == {"INR"}


def test_control_parties_over_years_that_do_not_repeat_are_no_header() -> None:
    text = OVER_YEARS.replace("2011\n2012\n2011\n2012\n2011\n2012\n2012", "2011\n2012\n2013\n2012\n2011\n2012\n2012")
    assert not {f for f in _facts(text) if f[2] in ("Beneficial Owner and Subsidiaries", "Equity Method Investees")}


def test_party_columns_keep_the_cell_span_and_rule() -> None:
    text = PARTY_CAPTION + PARTY_HEAD + "Purchase of products\nRs.\n26,057.0\nRs.\n—\nRs.\n1,713.0\nRs.\n27,770.0"
    recs = extract(text).records
    assert {r.kind_rule.split("/")[0] for r in recs} == {"table.party-columns"}
    assert [text[r.counterparty.span.start:r.counterparty.span.end] for r in recs if r.counterparty.span] \
        == ["Associates and its subsidiaries", "Joint ventures", "Orbis Holdings Ltd, its subsidiaries and joint ventures"]
    assert {text[r.evidence.start:r.evidence.end].split("\n")[0] for r in recs} == {"Purchase of products"}
    assert sorted(text[a.span.start:a.span.end] for r in recs for a in [r.amounts[0].amount]) == ["1,713.0", "26,057.0", "—"]


S30_19, M31_19 = D(2019, 9, 30), D(2019, 3, 31)
BRACKETS = (RP + "Our related-party payables consisted of the following:\nSeptember 30, 2019\nMarch 31, 2019\n"
            "Short-term advances [1]\n$\n283,608\n$\n440,489\nShort-term Promissory Note entered into on 8/17/18 [2]\n-\n105,000\n$\n283,608\n"
            "$\n545,489\n[1]\nWe receive advances from our majority shareholders and other related parties. They are due on "
            "demand.\n[2]\nA member of the senior management team advanced funds of $100,000 on August 17, 2018.")


def test_bracketed_footnote_markers_name_the_rows_parties() -> None:
    got = {f for f in _facts(BRACKETS) if f[0] == "payable"}
    assert got == {("payable", S30_19, "related parties", N(283608)), ("payable", M31_19, "related parties", N(440489)),
                   ("payable", S30_19, "A member of the senior management team", N(0)),
                   ("payable", M31_19, "A member of the senior management team", N(105000))}


def test_control_a_row_label_is_no_party_when_its_footnote_names_none() -> None:
    text = BRACKETS.split("[1]\nWe")[0].replace("[1]", "").replace("[2]", "")
    assert not {f for f in _facts(text) if f[2].startswith("Short-term")}  # no row label read as a party's name


LETTERS = (RP + "Year ended December 31\n2010\n2011\nRMB\nRMB\n"
           "Purchase of raw materials from related parties (note (a))\n364\n454\n"
           "Interest income from advances to an affiliated company (note (b))\n908\n1,827\n"
           "Sales of products to related parties (note (c))\n4,596\n8,678\n"
           "December 31,\n2010\n2011\nRMB\nRMB\nDue from related parties:\nCurrent portion\n1,272\n9,661\n"
           "Non-current portion\n23,574\n16,000\nNotes:\n"
           "(a) The Group purchased raw materials from Orbis Pharma Co., Ltd. and its suppliers.\n"
           "(b) The Group advanced funds to an affiliated company at 6% per annum.\n"
           "(c) The Group sold products to the companies in which a major shareholder of the Company")
Y10, Y11 = D(2010, 12, 31), D(2011, 12, 31)


def test_lettered_note_references_name_the_related_parties_of_a_row() -> None:
    assert _facts(LETTERS) == (two("cost", "Orbis Pharma Co., Ltd.", 364, 454, (Y10, Y11))
                               | two("revenue", "an affiliated company", 908, 1827, (Y10, Y11))
                               # (c)'s party is cut by the page end: the related parties at large
                               | two("revenue", "related parties", 4596, 8678, (Y10, Y11))
                               # a current and a non-current portion are line items, not parties
                               | two("receivable", "related parties", 1272, 9661, (Y10, Y11))
                               | two("receivable", "related parties", 23574, 16000, (Y10, Y11)))


def test_control_a_footnote_that_names_the_related_parties_first_keeps_them() -> None:
    text = (RP + "Year ended December 31\n2022\n2023\nAdvertising services provided to related parties (1)\n2,451\n17\n"
            "(1) The service fee charged to related parties represents services provided to companies under the common "
            "control of the founder.")
    assert _facts(text) == two("revenue", "related parties", 2451, 17)


J13, J12 = D(2013, 6, 30), D(2012, 6, 30)
TRANSLATED = (RP + "Three Months ended\nJune 30,\nSix Months ended\nJune 30\nNote\n2013\n2013\n2012\n2013\n2013\n2012\n"
              "USD’000\nRMB’000\nRMB’000\nUSD’000\nRMB’000\nRMB’000\nSales of products\n(i)\n9,497\n58,285\n–\n17,241\n"
              "105,812\n–\nPurchase of products\n(ii)\n3,513\n21,562\n–\n12,743\n78,209\n–\nNotes:\n(i)\nFor the three "
              "months and six months ended June 30, 2013, the Group sold components to Orbis Trading Limited.\n(ii)\nFor the "
              "three months and six months ended June 30, 2013, the Group purchased components from Orb")


def test_a_translated_column_is_dropped_for_the_main_currency_and_markers_in_cells_name_parties() -> None:
    got = {(k, d, p, a) for k, d, p, a in _facts(TRANSLATED)}
    months = {(f.kind, f.period_end, f.period_months) for f in extract(TRANSLATED).facts()}
    assert got == {("revenue", J13, "Orbis Trading Limited", N(58285)), ("revenue", J12, "Orbis Trading Limited", N(0)),
                   ("revenue", J13, "Orbis Trading Limited", N(105812)),
                   # (ii)'s party is cut by the page end ("from Orb"): the related parties at large
                   ("cost", J13, "related parties", N(21562)), ("cost", J12, "related parties", N(0)),
                   ("cost", J13, "related parties", N(78209))}
    assert ("revenue", J13, 3) in months and ("revenue", J13, 6) in months


def test_a_name_column_with_footnote_numbers_and_a_nature_column() -> None:
    text = (RP + "Transactions with related parties\nFor the Six Months Ended\nSeptember 30\nName\nNature\n2024\n2023\n"
            "Tenwave Group Limited\n(1)\nRental income\n$\n-\n$\n26\nOrbis Ltd\n(1)\nRental income\n40\n49\n(1) Rent of an office.")
    assert _facts(text) == (two("revenue", "Tenwave Group Limited", 0, 26, (D(2024, 9, 30), D(2023, 9, 30)))
                            | two("revenue", "Orbis Ltd", 40, 49, (D(2024, 9, 30), D(2023, 9, 30))))


PAY_GROUPS = ("Related party transactions\nThe remuneration of directors and officers for the years ended was as follows:\n"
              "2020\n2019\nSalaries, bonuses, fees and benefits\nMembers of the Board of Directors\n$\n132,228\n$\n124,500\n"
              "Other members of key management\n92,019\n37,801\nShare-based payments\nMembers of the Board of Directors\n"
              "209,032\n219,248\n")
JA20, JA19 = D(2020, 1, 31), D(2019, 1, 31)


def test_pay_rows_naming_groups_take_the_pages_one_day() -> None:
    text = PAY_GROUPS + "Amounts payable as at January 31, 2020 and January 31, 2019 are unsecured."
    got = {(f.kind, f.period_end, f.counterparty, f.amount, f.detail) for f in extract(text).facts()}
    assert got == {("other", JA20, "Members of the Board of Directors", N(132228), "salaries, bonuses, fees and benefits"),
                   ("other", JA19, "Members of the Board of Directors", N(124500), "salaries, bonuses, fees and benefits"),
                   ("other", JA20, "Other members of key management", N(92019), "salaries, bonuses, fees and benefits"),
                   ("other", JA19, "Other members of key management", N(37801), "salaries, bonuses, fees and benefits"),
                   ("other", JA20, "Members of the Board of Directors", N(209032), "share-based payments"),
                   ("other", JA19, "Members of the Board of Directors", N(219248), "share-based payments")}


@pytest.mark.parametrize("tail", ["", "Amounts payable as at January 31, 2020 and December 31, 2019 are unsecured."])
def test_control_bare_year_pay_rows_with_no_one_day_on_the_page_give_nothing(tail: str) -> None:
    assert not extract(PAY_GROUPS + tail).facts()


def test_a_dash_before_a_row_label_is_the_lists_not_the_partys() -> None:
    text = FY + "Services provided to:\n-SZ Century\n5\n6\n- Orbis Ltd\n7\n8\n-Others\n1\n2"
    assert _facts(text) == two("revenue", "SZ Century", 5, 6) | two("revenue", "Orbis Ltd", 7, 8) | two("revenue", "related parties", 1, 2)
    (rec,) = [r for r in extract(text).records if r.counterparty.name == "Orbis Ltd"]
    assert rec.counterparty.span is not None and text[rec.counterparty.span.start:rec.counterparty.span.end] == "Orbis Ltd"


def test_pay_rows_of_a_section_keep_the_section_span_and_rule() -> None:
    text = PARTY_COLUMN + "Key management personnel\nSalaries\n(6,501)\n(3,940)"
    (rec,) = extract(text).records
    assert rec.kind == "other" and rec.kind_rule == "table.pay.labelled" and rec.detail == "salaries"
    assert rec.counterparty.span is not None and rec.counterparty.span.text == "Key management personnel"


def test_cut_number_is_no_fact_and_spans_hold() -> None:
    text = ASOF + "Amounts due from Pengo\n—\n2,"
    ex = extract(text)
    (f,) = ex.facts()
    assert text[f.amount_start:f.amount_end] == "—" and f.amount == 0


# --- nature columns under the periods ("2021 | 2020" over "Receivable | Payable | Receivable | Payable") ---

BAL = RP + "Balances with related parties as of December 31, 2023 and 2022 were as follows:\n"
TX = RP + "Transactions with related parties for the years ended\nDecember 31, 2023, 2022 and 2021 are as follows:\n(In millions of won)\n"


def cells(kind_period_amounts: list[tuple[str, date, int]], party: str) -> set:  # type: ignore[type-arg]
    return {(k, d, party, N(a)) for k, d, a in kind_period_amounts}


NATURES: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("years over natures, as-of header", RP + "As of December 31,\n2023\n2022\nReceivable\nPayable\nReceivable\nPayable\n"
     "Tenwave Group\n1\n2\n3\n4\n",
     cells([("receivable", Y23, 1), ("payable", Y23, 2), ("receivable", Y22, 3), ("payable", Y22, 4)], "Tenwave Group")),
    ("bare years over natures, the caption says as of", BAL + "2023\n2022\nReceivable\nPayable\nReceivable\nPayable\n"
     "Tenwave Group (a)\n$\n1\n$\n—\n$\n3\n$\n-\nOrbis Ltd (b)\n-\n5\n-\n6\n",
     cells([("receivable", Y23, 1), ("payable", Y23, 0), ("receivable", Y22, 3), ("payable", Y22, 0)], "Tenwave Group")
     | cells([("receivable", Y23, 0), ("payable", Y23, 5), ("receivable", Y22, 0), ("payable", Y22, 6)], "Orbis Ltd")),
    ("flow years over natures", RP + "For the years ended December 31,\n2023\n2022\nSales\nPurchases\nSales\nPurchases\n"
     "Tenwave Group\n1\n2\n3\n4\n",
     cells([("revenue", Y23, 1), ("cost", Y23, 2), ("revenue", Y22, 3), ("cost", Y22, 4)], "Tenwave Group")),
    ("one date over two levels of natures", INTRO + "December 31, 2023\nReceivables\nPayables\n(In thousands)\nTrade receivables\n"
     "Other receivables\nOther payables\nLease liabilities\nAssociates\nTenwave Group\n1\n2\n3\n4\nOthers\n5\n6\n7\n8\n",
     cells([("receivable", Y23, 1), ("receivable", Y23, 2), ("payable", Y23, 3), ("payable", Y23, 4)], "Tenwave Group")
     | cells([("receivable", Y23, 5), ("receivable", Y23, 6), ("payable", Y23, 7), ("payable", Y23, 8)], "related parties")),
    ("one year, the wrapped caption says the period; label column headings", TX + "2023\nScope\nCompany\n"
     "Operating revenue and others\nOperating expense and others\nCollection of loans\nAssociates\nTenwave Group(*1)\n₩\n1\n2\n3\n",
     cells([("revenue", Y23, 1), ("cost", Y23, 2), ("other", Y23, 3)], "Tenwave Group")),
    ("a nature over two, and an Others column under it", TX + "2023\nPurchases and others\nSales and others\nDividend income\n"
     "Purchase of raw material\nOthers (*1)\nAssociates\nTenwave Group\n1\n2\n3\n4\n",
     cells([("revenue", Y23, 1), ("other", Y23, 2), ("cost", Y23, 3), ("cost", Y23, 4)], "Tenwave Group")),
    ("pipes: years over natures", RP + "As of December 31, | 2023 | 2022\n | Receivable | Payable | Receivable | Payable\n"
     "Tenwave Group | 1 | 2 | 3 | 4\n",
     cells([("receivable", Y23, 1), ("payable", Y23, 2), ("receivable", Y22, 3), ("payable", Y22, 4)], "Tenwave Group")),
    ("control: a section and a label under the periods", FY + "Revenue from related parties:\nSales to Tenwave Group\n5\n6\n",
     two("revenue", "Tenwave Group", 5, 6)),
    ("control: label lines with kind words, one value per period", FY + "Services received by the Group\n"
     "Advertising costs charged by Tenwave Group\n5\n6\n", two("cost", "Tenwave Group", 5, 6)),
    ("control: one date and one value", INTRO + "December 31, 2023\nAmounts due from Tenwave Group\n5\n", set()),
    ("control: natures that do not share the periods out", RP + "As of December 31,\n2023\n2022\nReceivable\nPayable\n"
     "Other\nTenwave Group\n1\n2\n3\n", set()),
    ("control: a kind word among the first row's labels", INTRO + "December 31, 2023\nReceivable\nPayable\n"
     "Amounts due from related parties\nTenwave Group\n1\n2\n", set()),
]


@pytest.mark.parametrize("name, text, want", NATURES, ids=[x[0] for x in NATURES])
def test_nature_columns(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_nature_columns_keep_their_offsets() -> None:
    text = NATURES[0][1]
    ex = extract(text)
    got = sorted((f.amount_start, f.amount_end) for f in ex.facts())
    assert [text[a:b] for a, b in got] == ["1", "2", "3", "4"]


# --- kind columns: rows are parties, columns are natures, one period from a sub-heading ---------------------

TXS = RP + "Transactions with related companies for the years ended December 31, 2023 and 2022 were as follows:\n"
SUB23 = "1) For the year ended December 31, 2023\n"
RUNS = "Sales and others (*1)\nPurchases and others (*2)\nSales\nOthers\nPurchase of goods\nPurchase of fixed assets\nOthers\n"
KIND_COLUMNS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("parents over unequal runs, each closed by Others", TXS + SUB23 + RUNS + "(in millions of\nWon)\nAssociates\n"
     "Tenwave Group\n₩\n1\n2\n3\n4\n5\nOrbis Ltd (*3)\n6\n—\n7\n8\n9\n",
     cells([("revenue", Y23, 1), ("revenue", Y23, 2), ("cost", Y23, 3), ("other", Y23, 4), ("cost", Y23, 5)], "Tenwave Group")
     | cells([("revenue", Y23, 6), ("revenue", Y23, 0), ("cost", Y23, 7), ("other", Y23, 8), ("cost", Y23, 9)], "Orbis Ltd")),
    ("two sub-headings, one table each", TXS + SUB23 + RUNS + "Tenwave Group\n1\n2\n3\n4\n5\n"
     "2) For the year ended December 31, 2022\n" + RUNS + "Tenwave Group\n6\n7\n8\n9\n10\n",
     cells([("revenue", Y23, 1), ("revenue", Y23, 2), ("cost", Y23, 3), ("other", Y23, 4), ("cost", Y23, 5)], "Tenwave Group")
     | cells([("revenue", Y22, 6), ("revenue", Y22, 7), ("cost", Y22, 8), ("other", Y22, 9), ("cost", Y22, 10)],
             "Tenwave Group")),
    ("a run of one leaf, then a run of three", TXS + "(a) For the year ended December 31, 2023\nRevenue\nPurchases and others\n"
     "Sales of services\nPurchase of raw material\nSubcontracting costs\nOthers\nTenwave Group\n1\n2\n3\n4\n",
     cells([("revenue", Y23, 1), ("cost", Y23, 2), ("cost", Y23, 3), ("cost", Y23, 4)], "Tenwave Group")),
    ("an enumerated as-of heading over balance natures", RP + "(b) As of December 31, 2023\nReceivables\nPayables\n"
     "Trade receivables\nOthers\nTrade payables\nOthers\nTenwave Group\n1\n2\n3\n4\n",
     cells([("receivable", Y23, 1), ("receivable", Y23, 2), ("payable", Y23, 3), ("payable", Y23, 4)], "Tenwave Group")),
    ("no parents: each leaf its own kind", TXS + "i) For the year ended December 31, 2022\nSales\nPurchases\nDividends\n"
     "Tenwave Group\n1\n2\n3\nOrbis Ltd\n4\n5\n6\n",
     cells([("revenue", Y22, 1), ("cost", Y22, 2), ("other", Y22, 3)], "Tenwave Group")
     | cells([("revenue", Y22, 4), ("cost", Y22, 5), ("other", Y22, 6)], "Orbis Ltd")),
    ("control: a kinds heading over a share-count table", RP + "(a) As of December 31, 2023\nShares held\nVoting rights\n"
     "Tenwave Group\n1,000\n20\n", set()),
    ("control: rows with another count than the leaves", TXS + SUB23 + RUNS + "Tenwave Group\n1\n2\n3\n", set()),
    ("control: an item number before a label, no period", TXS + "1) Sales\nPurchases\nTenwave Group\n1\n2\n", set()),
]


@pytest.mark.parametrize("name, text, want", KIND_COLUMNS, ids=[x[0] for x in KIND_COLUMNS])
def test_kind_columns(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_kind_columns_parents_that_share_the_leaves_out_two_ways() -> None:
    from relparty.pipeline import build_pipeline
    text = TXS + SUB23 + "Sales\nRevenue\nSales of goods\nSales of services\nRental income\nTenwave Group\n1\n2\n3\n"
    grids = build_pipeline()(text)._.rp_grids
    assert grids and all(g.header.natures is None for g in grids)  # no column read as a kind
    same = text.replace("Sales\nRevenue\n", "Sales\nPurchases\n").replace("Rental income", "Purchase of goods")
    grids = build_pipeline()(same)._.rp_grids  # the control's twin, one way to share out: read
    assert [same[a:b] for a, b in grids[0].header.natures] == ["Sales of goods", "Sales of services", "Purchase of goods"]


def test_kind_columns_keep_their_offsets_and_rule() -> None:
    text = KIND_COLUMNS[0][1]
    ex = extract(text)
    got = sorted((f.amount_start, f.amount_end) for f in ex.facts())
    assert [text[a:b] for a, b in got] == ["1", "2", "3", "4", "5", "6", "—", "7", "8", "9"]
    assert {f.kind_rule.split("/")[0] for f in ex.facts()} == {"table.kind-columns"}
    assert {f.kind_rule for f in ex.facts() if f.kind == "other"} == {"table.kind-columns/nature.asset-purchase"}  # "Purchase of fixed assets"


# --- natures above the periods: leaves (and their groups) over repeated period columns ----------------------

S22, D21, N22, N21 = D(2022, 9, 30), D(2021, 12, 31), D(2022, 9, 30), D(2021, 9, 30)
ASOF2 = "As of\nSeptember 30,\n2022\nAs of\nDecember 31,\n2021\n"
NINE2 = "For the nine-month period ended\nSeptember 30,\n2022\nFor the nine-month period ended\nSeptember 30,\n2021\n"
NATURES_ABOVE: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("groups over leaves over dates and periods, a signed flow column", RP + "Assets balance\nLiabilities balance\n"
     "Transactions\nClients\nOther assets\nSuppliers\nOther liabilities\nRevenue (expenses)\n" + ASOF2 * 4 + NINE2
     + "Shareholders\nTenwave Group\n1\n2\n3\n4\n5\n6\n7\n8\n(9\n)\n10\nOrbis Ltd (i)\n-\n-\n-\n-\n-\n-\n-\n-\n-\n(11)\n"
     "Total\n1\n2\n3\n4\n5\n6\n7\n8\n(9\n)\n(1)\n",
     cells([("receivable", S22, 1), ("receivable", D21, 2), ("receivable", S22, 3), ("receivable", D21, 4),
            ("payable", S22, 5), ("payable", D21, 6), ("payable", S22, 7), ("payable", D21, 8),
            ("cost", N22, 9)], "Tenwave Group") | {("revenue", N21, "Tenwave Group", N(10))}
     | cells([("receivable", S22, 0), ("receivable", D21, 0), ("payable", S22, 0), ("payable", D21, 0),
              ("cost", N21, 11)], "Orbis Ltd")),
    ("leaves only, one as-of header of repeated years", RP + "Receivables\nPayables\nAs of December 31,\n2023\n2022\n"
     "2023\n2022\nTenwave Group\n1\n2\n3\n4\n",
     cells([("receivable", Y23, 1), ("receivable", Y22, 2), ("payable", Y23, 3), ("payable", Y22, 4)], "Tenwave Group")),
    ("flow leaves over repeated years", RP + "Sales\nPurchases\nFor the years ended December 31,\n2023\n2022\n2023\n2022\n"
     "Tenwave Group\n1\n2\n3\n4\n",
     cells([("revenue", Y23, 1), ("revenue", Y22, 2), ("cost", Y23, 3), ("cost", Y22, 4)], "Tenwave Group")),
    ("parents over leaves with Others", RP + "Receivables\nPayables\nTrade receivables\nOthers\nTrade payables\nOthers\n"
     "As of December 31,\n2023\n2022\n2023\n2022\n2023\n2022\n2023\n2022\nTenwave Group\n1\n2\n3\n4\n5\n6\n7\n8\n",
     cells([("receivable", Y23, 1), ("receivable", Y22, 2), ("receivable", Y23, 3), ("receivable", Y22, 4),
            ("payable", Y23, 5), ("payable", Y22, 6), ("payable", Y23, 7), ("payable", Y22, 8)], "Tenwave Group")),
    ("pipes: leaves over repeated years", RP + " | Trade receivables | Trade payables\nAs of December 31, | 2023 | 2022 | 2023 | 2022\n"
     "Tenwave Group | 1 | 2 | 3 | 4\n",
     cells([("receivable", Y23, 1), ("receivable", Y22, 2), ("payable", Y23, 3), ("payable", Y22, 4)], "Tenwave Group")),
    ("control: a leaf whose kind does not fit its columns", RP + "Receivables\nSales\nAs of December 31,\n2023\n2022\n"
     "2023\n2022\nTenwave Group\n1\n2\n3\n4\n", set()),
    ("control: a kinds header over a share-count table", RP + "Shares held\nVoting rights\nAs of December 31,\n2023\n2022\n"
     "2023\n2022\nTenwave Group\n1,000\n900\n20\n20\n", set()),
    ("control: leaves that do not share the columns out", RP + "Receivables\nPayables\nOther payables\nAs of December 31,\n"
     "2023\n2022\n2023\n2022\nTenwave Group\n1\n2\n3\n4\n", set()),
]


@pytest.mark.parametrize("name, text, want", NATURES_ABOVE, ids=[x[0] for x in NATURES_ABOVE])
def test_natures_above_the_periods(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


@pytest.mark.parametrize("leaves", [2, 4, 8, 16, 32])
def test_natures_above_any_width(leaves: int) -> None:
    kinds = ["Receivables", "Payables"]
    head = "".join(f"{kinds[c % 2]}\n" for c in range(leaves)) + "As of December 31,\n" + "2023\n2022\n" * leaves
    text = RP + head + "Tenwave Group\n" + "".join(f"{c + 1}\n" for c in range(2 * leaves))
    got = {(f.kind, f.period_end, f.amount) for f in extract(text).facts()}
    want = {(("receivable", "payable")[(c // 2) % 2], (Y23, Y22)[c % 2], N(c + 1)) for c in range(2 * leaves)}
    assert got == (want if 2 * leaves <= MAX_COLUMNS else set())


def test_parents_over_many_leaves_is_bounded() -> None:
    # sixty parents over sixty-four leaves: more ways to share them out than are tried; no reading, no error
    parents = "".join(f"Sales group {c}\n" for c in range(60))
    text = TXS + SUB23 + parents + "Sales\n" * 64 + "Tenwave Group\n" + "1\n" * 64
    grids, _ = read_grids(text, [], lambda a, b: frozenset({"revenue"}) if "Sales" in text[a:b] else frozenset())
    assert all(g.header.natures is None or len(g.header.natures) == 64 for g in grids)


def test_natures_above_keep_their_offsets_rule_and_nature() -> None:
    text = NATURES_ABOVE[0][1]
    ex = extract(text)
    facts = [f for f in ex.facts() if f.counterparty == "Tenwave Group"]
    assert sorted(text[f.amount_start : f.amount_end] for f in facts) == sorted(["1", "2", "3", "4", "5", "6", "7", "8", "(9", "10"])
    assert all(f.kind_rule and f.kind_rule.startswith("table.kind-columns/") for f in facts)
    assert {f.detail for f in facts if f.kind == "receivable"} == {"clients", "other assets"}


# --- descriptor columns: the party, relationship, country, nature and currency cells before the amounts -------

DESC = ("Tax No.\nRelated party\nRelationship\nCountry of origin\nNature of transaction\nCurrency\n2022\n2021\n2020\n"
        "96.810.370-9\nTenwave Group Ltd.\nRelated director\nChile\nTickets sales\nCLP\n87\n23\n28\n"
        "81.062.300-4\nOrbis Holdings S.A.\nCommon shareholder\nPeru\nPurchases of fuel\nUS$\n(231\n)\n(35\n)\n(100\n)\n")
Y20, Y21 = D(2020, 12, 31), D(2021, 12, 31)
DESCRIPTORS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("descriptor headings between the period and the years", RP + "For the years ended December 31,\n" + DESC,
     cells([("revenue", Y22, 87), ("revenue", Y21, 23), ("revenue", Y20, 28)], "Tenwave Group Ltd.")
     | cells([("cost", Y22, 231), ("cost", Y21, 35), ("cost", Y20, 100)], "Orbis Holdings S.A.")),
    ("descriptor headings under an as-of heading, a balance nature", RP + "As of December 31,\nRelated party\nRelationship\n"
     "Country\nNature of transaction\nCurrency\n2023\n2022\nTenwave Group Ltd.\nAssociate\nChile\nAccounts receivable\nCLP\n5\n6\n",
     cells([("receivable", Y23, 5), ("receivable", Y22, 6)], "Tenwave Group Ltd.")),
    ("pipes: descriptor headings under the period row", RP + "For the years ended December 31, | | | 2023 | 2022\n"
     "Related party | Country of origin | Nature of transaction | |\nTenwave Group Ltd. | Brazil | Purchases of services | 5 | 6\n",
     cells([("cost", Y23, 5), ("cost", Y22, 6)], "Tenwave Group Ltd.")),
    ("pipes: relationship and nature columns", RP + "For the years ended December 31, | | | 2022 | 2021\n"
     "Related party | Relationship | Country | Nature of transaction | |\nTenwave Group Ltd. | Related director | Chile | "
     "Tickets sales | 87 | 23\nOrbis Holdings S.A. | Common shareholder | Peru | Purchases of fuel | 5 | 6\n",
     cells([("revenue", Y22, 87), ("revenue", Y21, 23)], "Tenwave Group Ltd.")
     | cells([("cost", Y22, 5), ("cost", Y21, 6)], "Orbis Holdings S.A.")),
    ("descriptor headings, a tax number column first", RP + "Years ended December 31,\nTax No.\nRelated party\n"
     "Nature of transaction\n2023\n2022\n76.335.190-K\nTenwave Group Ltd.\nSales of goods\n1\n2\n",
     cells([("revenue", Y23, 1), ("revenue", Y22, 2)], "Tenwave Group Ltd.")),
    ("control: a descriptor column of dates is not a period column", RP + "Related party\nDate of agreement\n"
     "Nature of transaction\nTenwave Group Ltd.\nMarch 1, 2021\nSales of goods\n5\n", set()),
    ("control: pipes, a column of agreement dates and one amount", RP + "Related party | Date of agreement | "
     "Nature of transaction | Amount\nTenwave Group Ltd. | March 1, 2021 | Sales of goods | 5\n", set()),
    ("control: a nature that names no kind (shares held)", RP + "For the years ended December 31,\nRelated party\n"
     "Relationship\nNature of transaction\n2023\n2022\nTenwave Group Ltd.\nShareholder\nShares held\n1,000\n900\n", set()),
]


@pytest.mark.parametrize("name, text, want", DESCRIPTORS, ids=[x[0] for x in DESCRIPTORS])
def test_descriptor_columns(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_descriptor_columns_keep_their_offsets() -> None:
    text = DESCRIPTORS[0][1]
    got = sorted((f.amount_start, f.amount_end) for f in extract(text).facts())
    assert [text[a:b] for a, b in got] == ["87", "23", "28", "(231", "(35", "(100"]


# --- a flow group and a balance group under one header ------------------------------------------------

J23, J22 = D(2023, 6, 30), D(2022, 6, 30)
GROUPS2 = RP + "Years ended June 30,\nBalance receivable (payable) at June 30,\n2023\n2022\n2023\n2022\n$\n$\n$\n$\n"
MIXED: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("flow years and balance years, the row's direction", GROUPS2 + "Rent paid to Tenwave Group\n5\n6\n—\n(7\n)\n"
     "Custody fees earned from Orbis Ltd\n1\n2\n3\n4\nAmounts due from Pengo\n—\n—\n8\n9\n",
     {("cost", J23, "Tenwave Group", N(5)), ("cost", J22, "Tenwave Group", N(6)),
      ("payable", J23, "Tenwave Group", N(0)), ("payable", J22, "Tenwave Group", N(7)),
      ("revenue", J23, "Orbis Ltd", N(1)), ("revenue", J22, "Orbis Ltd", N(2)),
      ("receivable", J23, "Orbis Ltd", N(3)), ("receivable", J22, "Orbis Ltd", N(4)),
      ("receivable", J23, "Pengo", N(8)), ("receivable", J22, "Pengo", N(9))}),
    ("pipes: each group's date in its caption", RP + "Revenue for the year ended December 31, 2023 | Balance at December 31, 2023\n"
     "Sales to Tenwave Group | 5 | 6\n", {("revenue", Y23, "Tenwave Group", N(5)), ("receivable", Y23, "Tenwave Group", N(6))}),
    ("pipes: transaction value and balance", RP + "Transaction value for the year ended December 31, 2023 | Balance as of "
     "December 31, 2023\nPurchases from Tenwave Group | 5 | 6\n",
     {("cost", Y23, "Tenwave Group", N(5)), ("payable", Y23, "Tenwave Group", N(6))}),
    ("groups of unequal width: the years' order turns back", RP + "Transaction values for the years ended December 31,\n"
     "Balance outstanding as at\nDecember 31,\n2023\n2022\n2021\n2023\n2022\nUSD\nUSD\nUSD\nUSD\nUSD\n"
     "Rent paid to Tenwave Group\n1\n2\n3\n(4\n)\n5\n",
     {("cost", Y23, "Tenwave Group", N(1)), ("cost", Y22, "Tenwave Group", N(2)), ("cost", D(2021, 12, 31), "Tenwave Group", N(3)),
      ("payable", Y23, "Tenwave Group", N(4)), ("payable", Y22, "Tenwave Group", N(5))}),
    ("groups of unequal width, years ascending", RP + "Years ended December 31,\nBalance at December 31,\n2021\n2022\n2023\n"
     "2023\nCustody fees earned from Orbis Ltd\n1\n2\n3\n4\n",
     {("revenue", D(2021, 12, 31), "Orbis Ltd", N(1)), ("revenue", Y22, "Orbis Ltd", N(2)), ("revenue", Y23, "Orbis Ltd", N(3)),
      ("receivable", Y23, "Orbis Ltd", N(4))}),
    ("control: more runs of years than groups", RP + "Years ended December 31,\nBalance at December 31,\n2023\n2022\n2023\n"
     "2022\n2023\nRent paid to Tenwave Group\n1\n2\n3\n4\n5\n", set()),
    ("control: a row that names no direction", GROUPS2 + "Tenwave Group\n5\n6\n7\n8\n", set()),
    ("control: one group caption over repeated years", RP + "Years ended June 30,\n2023\n2022\n2023\n2022\n"
     "Rent paid to Tenwave Group\n5\n6\n7\n8\n", set()),
    ("control: groups whose years do not share out", RP + "Years ended June 30,\nBalance at June 30,\n2023\n2022\n2021\n"
     "Rent paid to Tenwave Group\n1\n2\n3\n", set()),
]


@pytest.mark.parametrize("name, text, want", MIXED, ids=[x[0] for x in MIXED])
def test_flow_and_balance_groups(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_flow_and_balance_groups_months() -> None:
    got = {(f.kind, f.period_months) for f in extract(MIXED[0][1]).facts()}
    assert got == {("cost", 12), ("revenue", 12), ("payable", None), ("receivable", None)}


# --- a number as the page's last characters (GOLD.md "Numbers exactly as written"; FIRST-SIGHT.md) --------

PIPES_ASOF = RP + "As of December 31, | 2022 | 2023\n"
RENT = RP + "Rent paid to Tenwave Group for the year ended December 31, 2023 amounted to "
CUT_TAILS: list[tuple[str, str, set]] = [  # type: ignore[type-arg]
    ("cells: a number stopped short", ASOF + "Amounts due from Pengo\n5\n6\nAmounts due to Orbis Ltd\n7\n8,",
     two("receivable", "Pengo", 5, 6) | {("payable", Y22, "Orbis Ltd", N(7))}),
    ("cells: the cut row's last cell ends the page", ASOF + "Amounts due from Pengo\n5\n6\nAmounts due to Orbis Ltd\n7",
     two("receivable", "Pengo", 5, 6)),
    ("cells: its currency mark goes with it", ASOF + "Amounts due from Pengo\n$\n5\n$\n6\nAmounts due to Orbis Ltd\n$\n7\n$\n8,",
     two("receivable", "Pengo", 5, 6) | {("payable", Y22, "Orbis Ltd", N(7))}),
    ("control: a line break after the cut row's last cell", ASOF + "Amounts due from Pengo\n5\n6\nAmounts due to Orbis Ltd\n7\n",
     two("receivable", "Pengo", 5, 6) | {("payable", Y22, "Orbis Ltd", N(7))}),
    ("control: a whole last row ends the page", ASOF + "Amounts due from Pengo\n5\n6\nAmounts due to Orbis Ltd\n7\n8",
     two("receivable", "Pengo", 5, 6) | two("payable", "Orbis Ltd", 7, 8)),
    ("pipes: a number stopped short", PIPES_ASOF + "Amounts due from Pengo | 5 | 6\nAmounts due to Orbis Ltd | 7 | 8,1",
     two("receivable", "Pengo", 5, 6) | {("payable", Y22, "Orbis Ltd", N(7))}),
    ("pipes: the cut row's last cell ends the page", PIPES_ASOF + "Amounts due from Pengo | 5 | 6\nAmounts due to Orbis Ltd | 7",
     two("receivable", "Pengo", 5, 6)),
    ("control: pipes, a whole last row", PIPES_ASOF + "Amounts due from Pengo | 5 | 6\nAmounts due to Orbis Ltd | 7 | 8",
     two("receivable", "Pengo", 5, 6) | two("payable", "Orbis Ltd", 7, 8)),
    ("prose: the page stops inside the sentence", RENT + "RMB11,321", set()),
    ("prose: a value on a line of its own", RENT + "\nRMB\n11,321", set()),
    ("prose: an open parenthesis", RENT + "(RMB11", set()),
    ("control: prose, the sentence ends", RENT + "RMB11,321.", {("cost", Y23, "Tenwave Group", N(11321))}),
    ("control: prose, a line break after the value", RENT + "RMB11,321\n", {("cost", Y23, "Tenwave Group", N(11321))}),
    ("control: prose ends with a year", RP + "Rent paid to Tenwave Group amounted to RMB11,321 for the year ended December 31, 2023",
     {("cost", Y23, "Tenwave Group", N(11321))}),
]


@pytest.mark.parametrize("name, text, want", CUT_TAILS, ids=[x[0] for x in CUT_TAILS])
def test_a_number_ending_the_page(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_the_cut_number_is_warned_and_offsets_hold() -> None:
    from relparty.layout import lay_out
    from relparty.readers import read_text
    text = RENT + "RMB11,321"
    lay = lay_out(read_text(text))
    assert lay.text == text[: text.index("RMB11,321")] and len(lay.source.offsets) == len(lay.text) + 1
    assert any("'11,321' was not read" in w for w in lay.warnings)
    assert any("11,321" in w.message for w in extract(text).warnings)


# --- the grid keeps every cell's offsets ----------------------------------------------------------

_LABELS = ["Rent paid to Tenwave Group", "Sales to Orbis Ltd", "Amounts due from Pengo", "Others", "Total",
           "Service fees charged by Acme Co., Ltd."]
_VALUES = ["1,200", "(5)", "—", "-", "0", "12,345,678", "3.5", "RMB 10", "$7"]


def _table(ncols: int, variant: str, rows: list[tuple[str, list[str]]], sep: str) -> str:
    years = [str(2015 + k) for k in range(ncols)]
    if variant == "ended":
        head = ["For the years ended December 31,", *years]
    elif variant == "asof":
        head = ["As of December 31,", *years]
    elif variant == "bare":
        head = ["Notes", *years] if ncols % 2 else years
    elif variant == "dates":
        head = [f"December 31, {y}" for y in years]
    else:
        head = ["For the years ended December 31,", *years, *(["RMB"] * ncols)]
    out = [sep.join(head)] if sep == " | " else head
    for label, cells in rows:
        out.extend([sep.join([label, *cells])] if sep == " | " else [label, *cells])
    return "\n".join(out)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 7), st.sampled_from(["ended", "asof", "bare", "dates", "currencies"]), st.sampled_from(["\n", " | "]),
       st.lists(st.tuples(st.sampled_from(_LABELS), st.integers(0, 3)), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_grid_keeps_every_cell(ncols: int, variant: str, sep: str, rows: list[tuple[str, int]], rnd: random.Random) -> None:
    if variant in ("bare", "dates") and ncols < 2:
        ncols = 2
    body = [(label, [rnd.choice(_VALUES) for _ in range(ncols)]) for label, _ in rows]
    text = _table(ncols, variant, body, sep)
    grids, warnings = read_grids(text)
    assert not warnings
    assert len(grids) == 1
    (g,) = grids
    assert g.header.ncols == ncols
    got = [r for r in g.rows if r.label is not None]
    assert [r.label for r in got] == [label for label, _ in body]
    for r, (label, cells) in zip(got, body):
        assert r.label_start is not None and text[r.label_start:r.label_end] == label
        assert [text[s:e] for s, e, _ in r.cells] == cells == [c for _, _, c in r.cells]
    for tr in table_rows(g):
        assert len(tr.cells) == len(tr.periods) == ncols
        for c in tr.cells:
            assert text[c.start:c.end] == c.text


# --- bad input: linear, a warning, never an exception ---------------------------------------------

def test_a_thousand_columns() -> None:
    years = [str(1000 + k) for k in range(1000)]  # not years: the header has no period columns
    text = "For the years ended December 31,\n" + "\n".join(["2020"] * 1000) + "\nRent paid to Tenwave Group\n" + \
        "\n".join(["5"] * 1000) + "\n" + "\n".join(years)
    grids, warnings = read_grids(text)
    assert grids == [] and warnings and f"more than {MAX_COLUMNS}" in warnings[0]
    ex = extract(text)
    assert not ex.records and ex.warnings


def test_a_million_line_table() -> None:
    text = FY + "Rent paid to Tenwave Group\n1\n2\n" * 333_000
    grids, warnings = read_grids(text)
    assert len(grids) == 1 and len(grids[0].rows) == 333_000


def test_cells_of_100_kb() -> None:
    big = "1" * 100_000
    text = FY + "Rent paid to Tenwave Group\n" + big + "\n" + big + "\nRent paid to Orbis Ltd\n1\n2"
    grids, warnings = read_grids(text)
    assert any("ends a table" in w for w in warnings)
    ex = extract(text)
    assert ex.warnings


def test_has_column_is_the_one_alternation_it_replaces() -> None:
    """The quick test for a year or date cell gives what the single regex it replaced gave."""
    import re

    from relparty.cells import MONTH
    from relparty.components.tables import _CC, _has_column

    year = _CC.year
    old = re.compile(rf"(?:^|\n|\|)[ \t]*(?:\(?{year}\)?|{MONTH}\.?\s+\d{{1,2}},?\s+{year}|\d{{1,2}}\s+{MONTH}\s+{year})"
                     rf"[ \t]*(?:\n|\||$)|{MONTH}\.?\s+\d{{1,2}},?\s+{year}[ \t]*\|")
    rnd = random.Random(11)
    pieces = ["2023", "(2022)", "1999", "December 31, 2023", "Dec. 31 2022", "31 March 2024", "ſept 30, 2021", "SEPT 1,",
              "|", "\n", " ", "\t", "x", "Revenue", "31", ",", "(", ")", "May", "2023x", "\n\n"]
    seen = set()
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        want = bool(old.search(text))
        seen.add(want)
        assert _has_column(text) == want, repr(text)
    assert seen == {True, False}


def test_label_marks_are_stripped_as_the_footnote_pattern_strips_them() -> None:
    """The label's marks go as the footnote pattern takes them; the pattern is skipped only on labels
    that end as no mark ends (random labels from marks, words, digits and spaces)."""
    from relparty.components.tables import _FOOTNOTE, _without_marks

    rnd = random.Random(7)
    pieces = ["Rent", " ", "  ", "(1)", "(b)", "(ii)", "*", "**", "Note 8", "Notes 3", "(Note 4)", "[2]", "12", "٣",
              "Note ٣", ")", "(", "x", ":", "\t", "\u3000", "Loan 2"]
    stripped = 0
    for _ in range(4000):
        label = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        want = _FOOTNOTE.sub("", label)
        stripped += want != label
        assert _without_marks(label) == want, repr(label)
    assert stripped > 500


def test_two_rows_of_one_party_with_the_same_balance_are_two_facts() -> None:
    """Two loans of one party, each nil at a date, are two facts; the same amount stated again in prose is not a third."""
    text = (INTRO + ASOF0 + "Short-term borrowings due to related parties:\n"
            "Borrowing from Tenwave Group, 7.2% annual interest\n5\n0\nBorrowing from Tenwave Group, no interest\n6\n0\n")
    nil = [f for f in extract(text).facts() if f.amount == 0]
    assert [(f.counterparty, f.period_end) for f in nil] == [("Tenwave Group", Y23)] * 2
    again = extract(text + "The amount due to Tenwave Group was nil at December 31, 2023.\n").facts()
    assert sum(f.amount == 0 for f in again) == 2


def test_a_currency_in_words_is_a_currency_cell() -> None:
    text = INTRO + ASOF0 + "U.S. Dollars\nU.S. Dollars\nAmounts due to Tenwave Group\n5\n6\n"
    assert {(f.currency, f.amount) for f in extract(text).facts()} == {("USD", N(5)), ("USD", N(6))}


def test_a_sentence_before_the_rows_that_state_its_amount_again_is_one_of_them() -> None:
    text = (INTRO + "The amount due to Tenwave Group was nil at December 31, 2023.\n" + ASOF0
            + "Short-term borrowings due to related parties:\n"
            "Borrowing from Tenwave Group, 7.2% annual interest\n5\n0\nBorrowing from Tenwave Group, no interest\n6\n0\n")
    assert sum(f.amount == 0 for f in extract(text).facts()) == 2


# --- header cells that the page wrapped over lines (``relparty.cells.stack_columns``) --------------------------

@pytest.mark.parametrize(("cells", "n", "want"), [
    # parties: a one-line cell beside cells of two lines, the bottom line one cell per column
    ("Key management|Other related|Board of directors|Associates|personnel|parties|of the Company", 4,
     ["Associates", "Key management personnel", "Other related parties", "Board of directors of the Company"]),
    # balances: a cell of three lines, a one-line cell among them, a dash that goes on from the cell over it
    ("Accounts|Accounts|receivable|Other|Accounts|Other|receivable|– Loans|assets|payable|Loans|liabilities", 6,
     ["Accounts receivable", "Accounts receivable – Loans", "Other assets", "Accounts payable", "Loans", "Other liabilities"]),
    # flows and balances: three lines over half the columns, two over the rest
    ("Sales of|Purchases of|goods and|goods and|Accounts|Accounts|services|services|receivable|payable", 4,
     ["Sales of goods and services", "Purchases of goods and services", "Accounts receivable", "Accounts payable"]),
    # a header of one line: every column one cell
    ("Associates|Joint ventures", 2, ["Associates", "Joint ventures"]),
])
def test_wrapped_header_cells_are_put_together_by_column(cells: str, n: int, want: list[str]) -> None:
    parts = cells.split("|")
    got = stack_columns(parts, n)
    assert got is not None and got[1] == 0
    assert [" ".join(parts[i] for i in col) for col in got[0]] == want


@pytest.mark.parametrize(("cells", "n"), [
    ("personnel|parties", 2),  # a cell that goes on from nothing
    ("Other related|Associates|personnel|parties", 3),  # two cells go on, one cell above them
    ("Associates", 2),  # fewer cells than columns
])
def test_control_wrapped_cells_that_do_not_add_up_are_none(cells: str, n: int) -> None:
    assert stack_columns(cells.split("|"), n) is None


STACKED = ("Group transactions with related parties during 2023 were as follows:\n|\nThousands of Euros\n|\n|\nKey management\n"
           "|\n|\nOther related\n|\n|\nAssociates\n|\n|\npersonnel\n|\n|\nparties\n|\n|\nNet sales\n|\n|\n3,009\n|\n|\n—\n|\n|\n—\n"
           "|\nPurchases\n|\n|\n(68,335)\n|\n|\n—\n|\n|\n(7,100)\n")
STACKED_FACTS = {("revenue", Y23, "Associates", N(3009)), ("revenue", Y23, "Key management personnel", N(0)),
                 ("revenue", Y23, "related parties", N(0)), ("cost", Y23, "Associates", N(68335)),
                 ("cost", Y23, "Key management personnel", N(0)), ("cost", Y23, "related parties", N(7100))}
NUMERIC_DAY = ("Related party transactions\nBalances with related parties\n|\n31/12/2023\n|\n31/12/2022\n|\n"
               "Receivables from associates\n|\n1,883\n|\n382\n|\n")


@pytest.mark.parametrize(("name", "text", "want"), [
    # parties as columns, their cells wrapped over lines, under a caption that gives the year; the page's day
    ("the R page's own date", PAGE + STACKED, STACKED_FACTS),
    ("the page's numeric dates", NUMERIC_DAY + STACKED,
     STACKED_FACTS | two("receivable", "associates", 382, 1883)),
    # controls: no day on the page, a caption of two years, a cell that goes on from nothing: no facts from the table
    ("control: no day on the page", RP + STACKED, set()),
    ("control: a caption of two years", PAGE + STACKED.replace("during 2023", "during 2023 and 2022"), set()),
    ("control: cells that do not add up", PAGE + STACKED.replace("Key management\n|\n|\nOther related\n|\n|\n", ""), set()),
])
def test_parties_as_columns_wrapped_over_lines(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_wrapped_party_columns_keep_their_cells_span_and_rule() -> None:
    text = PAGE + STACKED
    recs = [r for r in extract(text).records if r.counterparty.name == "Key management personnel"]
    assert {r.kind_rule.split("/")[0] for r in recs} == {"table.party-columns-stacked"}
    span = recs[0].counterparty.span
    assert span is not None and text[span.start:span.end].startswith("Key management")
    assert text[span.start:span.end].endswith("personnel")


def test_numeric_dates_give_bare_years_their_day_only_when_the_order_is_certain() -> None:
    # "03/04/2023" could be March 4 or April 3: it says no day, and bare years stay unread
    text = NUMERIC_DAY.replace("31/12/2023", "03/04/2023").replace("31/12/2022", "03/04/2022") + STACKED
    assert not {f for f in _facts(text) if f[2] == "Key management personnel"}
