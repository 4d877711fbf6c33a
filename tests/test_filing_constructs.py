"""Constructs met in the full-length notes of whole filings, on invented text (each family with a control that
must not fire): a table whose caption names its one party; a line item "X, net of Y" whose kind is X; a described
counterparty headed by a trade noun ("a vendor that provides ...") and its anaphor ("this vendor")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from relparty import extract

D = date
N = Decimal
PAGE = "Related Party Transactions\n12 Months Ended\nDec. 31, 2023\nRelated parties\n"


def _facts(text: str) -> set[tuple[str, date, str, Decimal | None]]:
    return {(f.kind, f.period_end, f.counterparty, f.amount) for f in extract(text).facts()}


TABLE = ("The Company buys its products from Heron Supply Co. under a long-term agreement.\n"
         "{caption}\n"
         "2023 | | 2022\n"
         "Purchases, net | | $ | 7,100 | | | $ | 6,500\n"
         "{label} | | $ | 910 | | | $ | 780\n")


@pytest.mark.parametrize(("caption", "label", "party", "balance"), [
    # the caption names the one party after a preposition: every row is that party's
    ("Related party transactions with Heron Supply Co. (in millions):", "Trade accounts payable, net of receivables",
     "Heron Supply Co.", "payable"),
    ("Transactions with Heron Supply Co.:", "Amounts due from, net of amounts due to", "Heron Supply Co.", "receivable"),
    # controls: a caption naming two parties, or none, says no row's party
    ("Transactions with Heron Supply Co. and Osprey Metals Ltd. (in millions):", "Accounts payable, net of receivables",
     "related parties", "payable"),
    ("Related party transactions (in millions):", "Trade accounts payable, net of receivables", "related parties", "payable"),
])
def test_caption_party_and_net_of_line_items(caption: str, label: str, party: str, balance: str) -> None:
    got = _facts(PAGE + TABLE.format(caption=caption, label=label))
    assert got == {("cost", D(2023, 12, 31), party, N(7100)), ("cost", D(2022, 12, 31), party, N(6500)),
                   (balance, D(2023, 12, 31), party, N(910)), (balance, D(2022, 12, 31), party, N(780))}


def test_net_of_in_prose_keeps_the_head_kind() -> None:
    text = ("Amounts due to Heron Supply Co., net of receivables from it, were $2,000 and $1,500 at December 31, 2023 "
            "and 2022, respectively.")
    assert {(k, p) for k, _, p, _ in _facts(text)} == {("payable", "Heron Supply Co.")}


def test_control_net_of_with_no_head_before_it_keeps_its_own_kind() -> None:
    text = "The amounts shown are net of payables to Heron Supply Co. of $2,000 at December 31, 2023."
    assert {k for k, *_ in _facts(text)} == {"payable"}


@pytest.mark.parametrize(("noun", "verb"), [("vendor", "purchased services from"), ("supplier", "purchased goods from"),
                                           ("customer", "sold products to")])
def test_described_trade_party_and_its_anaphor(noun: str, verb: str) -> None:
    text = (f"Our Chief Executive Officer also serves on the Board of Directors of a {noun} that provides logistics "
            f"services to the Company. The Company {verb} this {noun} in the amount of $21 million in 2023 and "
            "$18 million in 2022.")
    parties = {p for *_, p, _ in _facts(text)}
    assert parties == {f"a {noun} that provides logistics services to the Company"}


def test_control_a_bare_trade_noun_is_not_a_party() -> None:
    text = "Sales to a customer were $5,000 in 2023. The Company paid rent to Osprey Metals Ltd. of $100 in 2023."
    assert not any("customer" in p for *_, p, _ in _facts(text))  # no description after it: no described party
