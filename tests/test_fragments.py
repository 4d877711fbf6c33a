"""A table of real fragments (from the bundled notes and the shared seed notes): amount lists with
blank slots, periods, short names, kinds. Each row states what a careful reader gets out of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from relparty import extract

B = None  # a blank slot

# --- amount lists: sentence -> the slots of its (first) list ------------------------------------
AMOUNT_LISTS = [
    ("Revenues of RMB34, RMB6 and , were recorded for the year ended December 31, 2022,2023 and 2024.", [34, 6, B]),
    ("Revenues of RMB1,341, RMB913 and RMB162 were recorded for the years ended December 31, 2022, 2023 and 2024, respectively.", [1341, 913, 162]),
    ("Revenues of RMB2, and RMB1 were recorded for the years ended December 31, 2022, 2023 and 2024, respectively.", [2, B, 1]),
    ("which is included in cost of revenues of , RMB321 and , for the years ended December 31, 2022, 2023 and 2024, respectively.", [B, 321, B]),
    ("which is included in cost of revenues of , RMB3,302 and RMB1,981, for the years ended December 31, 2022, 2023 and 2024, respectively.", [B, 3302, 1981]),
    ("Amounts due from Shanghai Keshen were RMB4 and as of December 31, 2023 and 2024.", [4, B]),
    ("Amounts due from Shanghai Keshen were RMB3,350 and RMB2,590, which were prepayment as of December 31, 2023 and 2024, respectively.", [3350, 2590]),
    ("Amounts due to X Co., Ltd were and RMB as of December 31, 2023 and 2024.", [B, B]),
    ("Revenues were RMB38,280 RMB30,352 and RMB5,158 for the years ended December 31, 2022, 2023 and 2024.", [38280, 30352, 5158]),
    ("Revenues were RMB4,160, RMB900, respectively, for the years ended December 31, 2023 and 2024.", [4160, 900]),
    ("Marco International billed $5,481 and $9,416 during the three months ended March 31, 2014 and 2013, respectively.", [5481, 9416]),
    ("payables to Marco International under these agreements totaled $0 and $0, respectively.", [0, 0]),
    ("Purchases from this entity totaled $1.4 million and $2.3 million in the three and six months ended June 30, 2022, respectively.", [1400000, 2300000]),
    ("Expenses incurred under this lease were approximately $39,000 for both of the three-month periods ended June 30, 2022 and 2021.", [39000]),
    ("the Company incurred pipeline lease service fees of approximately $13, $14 and $14, respectively.", [13, 14, 14]),
    ("In 2019, UP was disposed for RMB34.0 million to a subsidiary of E-house.", [34000000]),
    ("The Group charged affiliates interest income of RMB12,170, RMB8,088 and nil for loans receivable.", [12170, 8088, 0]),
    ("the amount due from Sincere Fame represented nil and nil principal receivable, respectively, and RMB36,508 and RMB32,495 interest receivable.", [36508, 32495]),
    ("amounted to RMB323,108 and RMB520,288, respectively, which were unsecured.", [323108, 520288]),
    ("These entities accounted for $211,090 or 12.9% and $273,405 or 13.8% of the net revenues.", [211090, 273405]),
    ("Accounts receivable from these entities totaled $ and $ at March 31, 2023 and December 31, 2022, respectively.", [B, B]),
    ("the Company accrued $ and $1,957 in royalties payable incurred on sales, respectively.", [B, 1957]),
    ("The balance due to the related party was (14,186) and RMB5,000.", [14186, 5000]),
    ("Sales to the associate were US$48,000 and US$52,500 in 2022 and 2023.", [48000, 52500]),
    ("Rental expense paid to the director amounted to HK$1.2 million and HK$0.9 million.", [1200000, 900000]),
    ("The Company paid management fees of €0.3 million and €0.5 million.", [300000, 500000]),
    ("Royalties of ¥614 million were paid to the parent.", [614000000]),
    ("Fees of NT$3,000 and NT$2,500 were paid.", [3000, 2500]),
    ("The Company sold goods of Rs. 319 and Rs. 301 to the affiliate.", [319, 301]),
    ("Revenues of RMB 2.5 billion were recorded.", [2500000000]),
    ("the Group made sales to companies related to Directors of less than £0.1m and £0.2m.", [100000, 200000]),
    ("Fees paid to the Sponsor were $5k and US$2.5bn.", [5000, 2500000000]),
    ("the investment in Infraserv was $64 and $57 at December 31, 2020 and 2019, respectively.", [64, 57]),
]


def _first_slots(pipeline, text: str) -> list[int | None]:  # type: ignore[no-untyped-def]
    doc = pipeline(text)
    lists = doc._.rp_amount_lists
    assert lists, f"no amount list in {text!r}"
    periods = len(doc._.rp_period_groups[0].periods) if doc._.rp_period_groups else len(lists[0].slots)
    return [None if s.blank else s.value for s in lists[0].resolved(periods)]


@pytest.mark.parametrize(("text", "expected"), AMOUNT_LISTS, ids=[t[:48] for t, _ in AMOUNT_LISTS])
def test_amount_list(pipeline, text: str, expected: list[int | None]) -> None:  # type: ignore[no-untyped-def]
    got = _first_slots(pipeline, text)
    assert got == [None if e is None else Decimal(e) for e in expected]


# --- periods: phrase -> [(end, months)] -----------------------------------------------------------
D = date
PERIODS = [
    ("for the years ended December 31, 2022, 2023 and 2024", [(D(2022, 12, 31), 12), (D(2023, 12, 31), 12), (D(2024, 12, 31), 12)]),
    ("for the year ended December 31, 2022,2023 and 2024", [(D(2022, 12, 31), 12), (D(2023, 12, 31), 12), (D(2024, 12, 31), 12)]),
    ("For the years ended December 31, 2021 ,2022 and 2023", [(D(2021, 12, 31), 12), (D(2022, 12, 31), 12), (D(2023, 12, 31), 12)]),
    ("as of December 31, 2023 and 2024", [(D(2023, 12, 31), None), (D(2024, 12, 31), None)]),
    ("At March 31, 2014 and June 30, 2013", [(D(2014, 3, 31), None), (D(2013, 6, 30), None)]),
    ("during the three months ended March 31, 2014 and 2013", [(D(2014, 3, 31), 3), (D(2013, 3, 31), 3)]),
    ("During the three and nine months ended March 31, 2014 and 2013", [(D(2014, 3, 31), 3), (D(2013, 3, 31), 3), (D(2014, 3, 31), 9), (D(2013, 3, 31), 9)]),
    ("for both of the three-month periods ended June 30, 2022 and 2021", [(D(2022, 6, 30), 3), (D(2021, 6, 30), 3)]),
    ("in the three and six months ended June 30, 2022", [(D(2022, 6, 30), 3), (D(2022, 6, 30), 6)]),
    ("For each of the years ended December 31, 2020, 2019 and 2018", [(D(2020, 12, 31), 12), (D(2019, 12, 31), 12), (D(2018, 12, 31), 12)]),
    ("for the fiscal years ended June 30, 2019 and 2018", [(D(2019, 6, 30), 12), (D(2018, 6, 30), 12)]),
    ("for the nine months ended September 30, 2021", [(D(2021, 9, 30), 9)]),
    ("for the quarter ended March 31, 2020", [(D(2020, 3, 31), 3)]),
    ("for the six months ended Jun. 30, 2022 and 2021", [(D(2022, 6, 30), 6), (D(2021, 6, 30), 6)]),
    ("as of Dec. 31, 2024", [(D(2024, 12, 31), None)]),
    ("in January 2021", [(D(2021, 1, 31), None)]),
    ("On July 1, 2023", [(D(2023, 7, 1), None)]),
    ("in 2019 and 2020", [(D(2019, 12, 31), 12), (D(2020, 12, 31), 12)]),
    ("as of June 30, 2022 and December 31, 2021", [(D(2022, 6, 30), None), (D(2021, 12, 31), None)]),
    ("for the years ended March 31, 2022, 2021 and 2020", [(D(2022, 3, 31), 12), (D(2021, 3, 31), 12), (D(2020, 3, 31), 12)]),
    ("as at 31 December 2020 and 2019", [(D(2020, 12, 31), None), (D(2019, 12, 31), None)]),
    ("for the years ended September 30, 2011, 2010 and 2009", [(D(2011, 9, 30), 12), (D(2010, 9, 30), 12), (D(2009, 9, 30), 12)]),
]


@pytest.mark.parametrize(("phrase", "expected"), PERIODS, ids=[p for p, _ in PERIODS])
def test_period(pipeline, phrase: str, expected: list[tuple[date, int | None]]) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline(f"Revenues of RMB1 were recorded {phrase}.")
    groups = [g for g in doc._.rp_period_groups if g.kind != "comparative"]
    assert groups, f"no period in {phrase!r}"
    assert groups[0].periods == expected


# --- short names: text -> (party name, alias), and a later mention resolves ------------------------
ALIASES = [
    ("The Company provided CPaaS services to Shenyang Yunrongxin Technology Co., Ltd (“Shenyang Yunrongxin”).",
     "Shenyang Yunrongxin Technology Co., Ltd", "Shenyang Yunrongxin"),
    ("The Company provided Cloud-based UC&C services to subsidiaries of Shanghai Keshen Information Technology Co., Ltd (“Shanghai Keshen”).",
     "Shanghai Keshen Information Technology Co., Ltd", "Shanghai Keshen"),
    ("The vessels are managed by Eurobulk Ltd. (the “Manager”), a company controlled by the Pittas family.", "Eurobulk Ltd.", "Manager"),
    ("The Company owns an interest in InfraServ Gendorf GmbH & Co. KG (collectively \"Infraserv\").", "InfraServ Gendorf GmbH & Co. KG", "Infraserv"),
    ("The Group purchased goods from Shenyang Yunrongxin Technology Co., Ltd, or Shenyang Yunrongxin, a company controlled by the CEO.",
     "Shenyang Yunrongxin Technology Co., Ltd", "Shenyang Yunrongxin"),
    ("Zhejiang Cainiao Supply Chain Management Co. Ltd (“Cainiao”) is controlled by a principal shareholder.",
     "Zhejiang Cainiao Supply Chain Management Co. Ltd", "Cainiao"),
    ("Tencent Holdings Limited and its subsidiaries (the “Tencent Group”) is a shareholder.", "Tencent Holdings Limited", "Tencent Group"),
    ("UP Capital Asset Management Limited (\"UP\") was disposed.", "UP Capital Asset Management Limited", "UP"),
]


@pytest.mark.parametrize(("text", "name", "alias"), ALIASES, ids=[a for _, _, a in ALIASES])
def test_alias(pipeline, text: str, name: str, alias: str) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline(text + f" Amounts due from {alias} were RMB5 as of December 31, 2023.")
    parties = doc._.rp_parties
    owner = next((p for p in parties.values() if p.name == name), None)
    assert owner is not None, sorted(p.name for p in parties.values())
    assert alias in owner.aliases
    later = [m for m in doc._.rp_party_mentions if doc.text[m.start : m.end] == alias and m.start > len(text)]
    assert later and all(m.key == owner.key for m in later)


# --- kinds and parties end to end: sentence -> (kind, counterparty) of its facts -----------------------
KINDS = [
    ("Amounts due from Shanghai Keshen Co., Ltd were RMB4 and RMB5 as of December 31, 2023 and 2024.", "receivable", "Shanghai Keshen Co., Ltd"),
    ("Amounts due to Shanghai Keshen Co., Ltd were RMB51 and RMB62 as of December 31, 2023 and 2024.", "payable", "Shanghai Keshen Co., Ltd"),
    ("The Company purchased project development services from Acme Co., Ltd, which is included in cost of revenues of RMB3 and RMB1 for the years ended December 31, 2023 and 2024.", "cost", "Acme Co., Ltd"),
    ("Net sales to Marco International were $124 and $0 during the three months ended March 31, 2014 and 2013, respectively.", "revenue", "Marco International"),
    ("At March 31, 2014 and June 30, 2013, payables to Marco International totaled $123 and $0, respectively.", "payable", "Marco International"),
    ("At March 31, 2014 and June 30, 2013, receivables from Marco International totaled $62 and $0, respectively.", "receivable", "Marco International"),
    ("Loans to Tianjin Jiatai were RMB50 and RMB5,949 for the years ended December 31, 2018 and 2019.", "other", "Tianjin Jiatai"),
    ("Commission expenses charged by Xiaomi were RMB82,617 and RMB32,795 for the years ended December 31, 2021 and 2022.", "cost", "Xiaomi"),
    ("Rental income from Beta Holdings Inc. was $12 and $10 for the years ended December 31, 2021 and 2020.", "revenue", "Beta Holdings Inc."),
    ("For the years ended December 31, 2020 and 2019, the Company paid consulting fees of $120,000 and $90,000 to Mr. John Smith.", "cost", "Mr. John Smith"),
    ("Amounts due from related parties were RMB11,923,607 and RMB133,560,483 at December 31, 2015 and 2016 respectively.", "receivable", "related parties"),
]


@pytest.mark.parametrize(("text", "kind", "party"), KINDS, ids=[t[:40] for t, _, _ in KINDS])
def test_kind_and_party(text: str, kind: str, party: str) -> None:
    facts = extract(text).facts()
    assert facts, extract(text).warnings
    assert {f.kind for f in facts} == {kind}
    assert {f.counterparty for f in facts} == {party}


def test_table_has_at_least_60_cases() -> None:
    assert len(AMOUNT_LISTS) + len(PERIODS) + len(ALIASES) + len(KINDS) >= 60
