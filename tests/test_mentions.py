"""The mention layer (relparty.components.mentions): what is a party, by its head, and what is not.

Each family: invented sentences with the facts they must give, and a control shape that must not fire."""

from __future__ import annotations

import json

import pytest
from factcheck import check, facts, norm
from relparty import extract
from relparty.patterns import PATTERN_DIR, RULE_FILES, load_patterns
from relparty.pipeline import build_pipeline

Y = "for the year ended December 31, 2023"
D = "2023-12-31"

RELATIONAL = [  # relational noun phrases are parties, by their head
    (f"The Company had sales of $1,200 to the equity-method venture {Y}.", [("equity-method venture", "revenue", D, 1200)]),
    (f"Purchases from a fellow subsidiary were $300 {Y}.", [("fellow subsidiary", "cost", D, 300)]),
    (f"Management fees of $2,000 were paid to the ultimate parent company {Y}.", [("ultimate parent company", "cost", D, 2000)]),
    (f"Revenue from equity-accounted investees was €4.5 million {Y}.", [("equity-accounted investees", "revenue", D, 4500000)]),
    (f"Consulting fees of $15,000 were paid to members of its advisory board {Y}.",
     [("members of its advisory board", "cost", D, 15000)]),
    (f"The Company paid the Chief Operating Officer of the Company $80,000 for consulting services {Y}.",
     [("Chief Operating Officer of the Company", "cost", D, 80000)]),
    (f"Rent of $9,000 was paid to a board member of the Company and an entity he controls {Y}.",
     [("board member of the Company and an entity he controls", "cost", D, 9000)]),
    (f"Interest income from unconsolidated investees was $410 {Y}.", [("unconsolidated investees", "revenue", D, 410)]),
    (f"Management fees of $600 were earned from the unconsolidated entity {Y}.",
     [("unconsolidated entity", "revenue", D, 600)]),
    (f"Sales to equity affiliates were $700 {Y}.", [("equity affiliates", "revenue", D, 700)]),
    (f"The Company purchased fuel from the Harlan family for $60,000 {Y}.", [("Harlan family", "cost", D, 60000)]),
    (f"Consulting fees of $5,000 were paid to a company having a former director in common with the Company {Y}.",
     [("a company having a former director in common with the Company", "cost", D, 5000)]),
    (f"Marketing fees of $700 were paid to a company partially owned by a former officer of the Company {Y}.",
     [("a company partially owned by a former officer of the Company", "cost", D, 700)]),
    # a described party with a modifier before its head, and a relative clause with its own verb and role
    (f"Legal fees of $35,000 were paid to a law firm in which one of our directors is a partner {Y}.",
     [("a law firm in which one of our directors is a partner", "cost", D, 35000)]),
    # a relative clause's role, its "of the Company" with it; a participle clause to its agent; a ", who is also" role
    (f"Interest of $900 was paid to an investment firm that is also a minority stockholder of the Company {Y}.",
     [("an investment firm that is also a minority stockholder of the Company", "cost", D, 900)]),
    (f"Rent of $900 was paid to an affiliate that is controlled by our CEO {Y}.",
     [("an affiliate that is controlled by our CEO", "cost", D, 900)]),
    (f"Interest of $900 was paid to a company owned by a stockholder of the Company, who is also a member of the Board of "
     f"Directors, {Y}.", [("a company owned by a stockholder of the Company, who is also a member of the Board of Directors",
                          "cost", D, 900)]),
    # control: a participle with no agent after it ends no description ("entities that are owned, controlled, or ...")
    ("At December 31, 2023, advances of $5,000 were due to other related parties, including entities that are owned, controlled, or "
     "influenced by our owners.", [("related parties", "payable", D, 5000)]),
    (f"Consulting fees of $8,000 were paid to a consulting firm owned by our CFO {Y}.",
     [("a consulting firm owned by our CFO", "cost", D, 8000)]),
    (f"Rent of $3,000 was paid to a company of which our CEO is the sole shareholder {Y}.",
     [("a company of which our CEO is the sole shareholder", "cost", D, 3000)]),
    (f"Sales of $9,000 were made to a company whose majority shareholder is our Chief Executive Officer {Y}.",
     [("a company whose majority shareholder is our Chief Executive Officer", "revenue", D, 9000)]),
    ("Fees of $500 were paid to a company in which our CFO has an interest in 2023.",
     [("a company in which our CFO has an interest", "cost", D, 500)]),
    (f"Loans to key management and their immediate family members were $742 {Y}.",
     [("key management and their immediate family members", "other", D, 742)]),
    # an externally managed filer's defined manager
    (f"The Advisor received asset management fees of $0.7 million {Y}.", [("The Advisor", "cost", D, 700000)]),
    (f"The Company paid the Property Manager $5,000 in property management fees {Y}.",
     [("the Property Manager", "cost", D, 5000)]),
    # a role of the filer's at another time: a time's possessive between the filer and the role
    ("During 2023 the Company’s prior year’s officers advanced $67,427 for working capital to the Company.",
     [("Company’s prior year’s officers", "other", D, 67427)]),
    ("During 2023 the prior year's directors advanced $5,000 to the Company.", [("prior year's directors", "other", D, 5000)]),
    (f"Consulting fees of $8,000 were paid to last year’s officers {Y}.", [("last year’s officers", "cost", D, 8000)]),
    (f"Rent of $3,000 was paid to the Company's previous year's chief financial officer {Y}.",
     [("Company's previous year's chief financial officer", "cost", D, 3000)]),
    # a member of a body of the filer's: the whole phrase
    ("A member of the senior management team advanced $100,000 to the Company on August 17, 2018.",
     [("A member of the senior management team", "other", "2018-08-17", 100000)]),
    ("During 2023 members of our management advanced $5,000 to the Company.",
     [("members of our management", "other", D, 5000)]),
    # one unnamed affiliate, named as written; interest income on a loan the filer made is income, not the loan
    (f"Interest income from advances to an affiliated company was $908 {Y}.", [("an affiliated company", "revenue", D, 908)]),
    (f"Interest income from loan to a related party was $1,192 {Y}.", [("a related party", "revenue", D, 1192)]),
    (f"The Company made sales to an affiliated corporation of $3,700 {Y}.",
     [("an affiliated corporation", "revenue", D, 3700)]),
    (f"Legal fees of $650 were paid to an affiliated firm {Y}.", [("an affiliated firm", "cost", D, 650)]),
    # control: the plural is the aggregate
    (f"The Company made sales to affiliated companies of $3,700 {Y}.", [("related parties", "revenue", D, 3700)]),
    # a group joined with the related parties at large is the aggregate
    ("We received advances of $5,000 from our majority shareholders and other related parties during 2023.",
     [("related parties", "other", D, 5000)]),
    ("Loans from the spouse of our CEO and other related parties were $7,000 at December 31, 2023.",
     [("related parties", "payable", D, 7000)]),
    # IFRS party groups by their head, a coordinated pair kept whole
    (f"Sales to associates were €4,100 {Y}.", [("associates", "revenue", D, 4100)]),
    (f"Purchases from joint ventures and associates amounted to €930 {Y}.",
     [("joint ventures and associates", "cost", D, 930)]),
    (f"Sales of $77 were made to associate companies and joint ventures {Y}.",
     [("associate companies and joint ventures", "revenue", D, 77)]),
    (f"Services of $15 were bought from jointly controlled entities {Y}.", [("jointly controlled entities", "cost", D, 15)]),
    (f"Sales to unconsolidated joint ventures were $800 {Y}.", [("unconsolidated joint ventures", "revenue", D, 800)]),
]

RELATIONAL_CONTROLS = [  # a description of a person after a named party does not take its amounts
    # control: "our management fees" is no body of the filer's
    (f"A director of the Company was paid $600 under our management services agreement {Y}.",
     [("A director of the Company", "cost", D, 600)], [("director of the Company was paid", "cost", D, 600)]),
    # control: "Associates" as a name's last word is that name, not the group
    (f"Legal fees of $600 were paid to Whitcombe & Associates {Y}.", [("Whitcombe & Associates", "cost", D, 600)],
     [("Associates", "cost", D, 600)]),
    (f"Consulting fees of $900 were paid to Harlow Associates LLC {Y}.", [("Harlow Associates LLC", "cost", D, 900)],
     [("Associates LLC", "cost", D, 900)]),
    # control: a lower-case manager is no defined manager
    (f"The Company paid the manager of the store $5,000 in fees {Y}.", [("related parties", "cost", D, 5000)],
     [("manager of the store", "cost", D, 5000)]),
    # control: a time's possessive before a kind word is no party ("the prior year's revenue from X" is X's)
    ("During 2023, the prior year's revenue from Orla Ltd. was $6,700.", [("Orla Ltd.", "revenue", D, 6700)],
     [("prior year's revenue", "revenue", D, 6700)]),
    ("The transactions between the Company and Maruwa Co., Ltd. (“Maruwa”), for which a representative director of the "
     f"Company, Masahiko Goto, holds the voting rights, amounted to ¥ 2 million for advertising expenses {Y}.",
     [("Maruwa Co., Ltd.", "cost", D, 2000000)], [("director of the Company", "cost", D, 2000000)]),
    (f"The Company uses the equity method for Tarn Minerals LLC. Sales to Tarn Minerals LLC were $5 {Y}.",
     [("Tarn Minerals LLC", "revenue", D, 5)], [("equity method", "revenue", D, 5)]),
]

SELF = [  # the filer is never the counterparty
    (f"Fees of $500 were paid by Harbor Advisors LLC to the Trust {Y}.", [("Harbor Advisors LLC", "revenue", D, 500)],
     [("Trust", "revenue", D, 500)]),
    (f"Aspen Capital LLC, the general partner, charged the Partnership management fees of $700 {Y}. "
     f"Amounts due to the Partnership were $20 at December 31, 2023.",
     [("Aspen Capital LLC", "cost", D, 700)], [("Partnership", "receivable", D, 20)]),
    ("Acme Steel Corp. (“Acme Steel” or the “Company”) sells coils to Delta Galvanizing LLC. Sales between Acme Steel and "
     f"Delta Galvanizing LLC were $700 {Y}.", [("Delta Galvanizing LLC", "revenue", D, 700)],
     [("Acme Steel", "revenue", D, 700), ("Acme Steel Corp.", "revenue", D, 700)]),
    (f"Servicing fees paid to the Bank by Orchard Holdings LLC were $90 {Y}.", [("Orchard Holdings LLC", "revenue", D, 90)],
     [("Bank", "revenue", D, 90)]),
    (f"Rent of $3,000 was paid by the Registrant to Marlow Properties LLC {Y}.", [("Marlow Properties LLC", "cost", D, 3000)],
     [("Registrant", "cost", D, 3000)]),
    (f"Management fees of $700 were charged to the Fund by Aspen Capital LLC {Y}.", [("Aspen Capital LLC", "cost", D, 700)],
     [("Fund", "cost", D, 700)]),
]

SELF_CONTROLS = [  # a real party whose name holds a self word stays a party
    (f"Rent of $300 was paid to Harbor Trust LLC {Y}.", [("Harbor Trust LLC", "cost", D, 300)], []),
    (f"Advisory fees of $250 were paid to the Fund Manager LLC {Y}.", [("Fund Manager LLC", "cost", D, 250)], []),
]

NOT_PARTIES = [  # products, brands, programmes, events and families in party position
    (f"The Company pays royalties to Lumo Group. Royalties on the Vasocoat device line were $40 {Y}.",
     [("Lumo Group", "cost", D, 40)], [("Vasocoat", "cost", D, 40)]),
    (f"Tolling Partners LLC is controlled by our CEO. Costs charged before the Carve-out were $75 {Y}.",
     [("Tolling Partners LLC", "cost", D, 75)], [("Carve-out", "cost", D, 75)]),
    (f"Sales of crude and LPG sold to Keystone Refining LLC were $2.0 million {Y}.",
     [("Keystone Refining LLC", "revenue", D, 2000000)], [("LPG", "revenue", D, 2000000)]),
    (f"The Company leases its headquarters from the Harlan family. Rent paid to the Harlan family was $60,000 {Y}.",
     [("Harlan family", "cost", D, 60000)], [("Harlan", "cost", D, 60000)]),
    ("The Company purchases parts from Corvex Industries LLC and its affiliates (“Corvex and affiliates”). Purchases from "
     f"Corvex and affiliates were $900 {Y}.", [("Corvex Industries LLC", "cost", D, 900)],
     [("affiliates", "cost", D, 900), ("related parties", "cost", D, 900), ("Corvex", "cost", D, 900)]),
]

NOT_PARTIES += [  # events named with capitals: a merger, an acquisition, an offering is no party
    ("In October 2023, the Company issued a promissory note in the principal amount of $1.1 million owed to the Chief "
     "Executive Officer of Sera Labs (“Duitch Note”) in connection with the closing of the Sera Labs Merger.",
     [("the Chief Executive Officer of Sera Labs", "other", "2023-10-31", 1100000)],
     [("the Sera Labs Merger", "other", "2023-10-31", 1100000)]),
    (f"Tarn Minerals LLC is owned by our CEO. Fees paid to Tarn Minerals LLC in the Business Combination were $75 {Y}.",
     [("Tarn Minerals LLC", "cost", D, 75)], [("Business Combination", "cost", D, 75)]),
    (f"Costs of $80 charged by Lumo Group LLC for the Initial Public Offering were paid {Y}.",
     [("Lumo Group LLC", "cost", D, 80)], [("Initial Public Offering", "cost", D, 80)]),
]

NOT_PARTY_CONTROLS = [  # a company named after its product is still a party
    (f"Royalties of $40 were paid to Vasocoat Inc. {Y}.", [("Vasocoat Inc.", "cost", D, 40)], []),
    (f"Sales to Crude Logistics LLC were $12 {Y}.", [("Crude Logistics LLC", "revenue", D, 12)], []),
    # ... and one named after an event
    (f"Fees paid to Orla Acquisition Corp. were $90 {Y}.", [("Orla Acquisition Corp.", "cost", D, 90)], []),
]


# Role groups and coordinated roles are parties by their head: a bare plural role after a relation preposition
# ("due to directors"), a role of a board ("members of the Company’s Board of Directors", "a member of the
# supervisory board") and roles joined by "and" with no determiner of their own ("directors and management",
# "our chairman and chief executive officer") are one party each. Controls: roles that describe a named party keep
# the named party; "respectively" over two roles keeps two parties; a plural role heading a longer description
# ("directors, or companies controlled by directors") is not cut to the bare role.
AT = "At December 31, 2023,"
ROLES = [
    (f"{AT} the Company had $12,000 owing to members of the Company’s Board of Directors.",
     [("members of the Company’s Board of Directors", "payable", D, 12000)], [("related parties", "payable", D, 12000)]),
    ("As of December 31, 2023, there was $18,000 payable to members of the Board of Directors.",
     [("members of the Board of Directors", "payable", D, 18000)], [("related parties", "payable", D, 18000)]),
    (f"{AT} the Company had $45,100 due to directors and management related to remuneration.",
     [("directors and management", "payable", D, 45100)], [("related parties", "payable", D, 45100)]),
    (f"{AT} the Company had C$3,660 due from officers and directors for withholding amounts.",
     [("officers and directors", "receivable", D, 3660)], [("related parties", "receivable", D, 3660)]),
    ("As of December 31, 2023, accrued salaries to our company officers and executive director totaled $91,352.",
     [("our company officers and executive director", "payable", D, 91352)], [("related parties", "payable", D, 91352)]),
    (f"Consultant fees of EUR 152k were charged by a member of the supervisory board {Y}.",
     [("a member of the supervisory board", "cost", D, 152000)], [("a member", "cost", D, 152000)]),
    (f"Legal fees paid to our chairman and chief executive officer were $170,517 {Y}.",
     [("our chairman and chief executive officer", "cost", D, 170517)], [("our chairman", "cost", D, 170517)]),
    # a generic aggregate written bare is "related parties" (GOLD-CHANGES.md, 2026-12-03); a described group keeps its words
    (f"Rent of £9,000 was paid by the Group to shareholders {Y}.", [("related parties", "cost", D, 9000)],
     [("shareholders", "cost", D, 9000)]),
    (f"Rent of £9,000 was paid by the Group to the shareholders of Somahlution {Y}.",
     [("the shareholders of Somahlution", "cost", D, 9000)], [("related parties", "cost", D, 9000)]),
    (f"Interest of $5,000 on the note was paid to the Company’s majority shareholder {Y}.",
     [("the Company’s majority shareholder", "cost", D, 5000)], [("related parties", "cost", D, 5000)]),
    (f"{AT} the balance due to the Company’s Executive Chairman was $2,319,512.",
     [("the Company’s Executive Chairman", "payable", D, 2319512)], [("the Company’s Executive", "payable", D, 2319512)]),
    (f"Fees of HK$60,000 were paid to our Executive Director {Y}.", [("our Executive Director", "cost", D, 60000)],
     [("our Executive", "cost", D, 60000)]),
    # a place in parentheses inside a legal name; a defined term after it is no part of it
    (f"Consulting fees of RMB975 were paid to Fanhua Yuntong Enterprise Management Advisory (Shenzhen) Co., Ltd. {Y}.",
     [("Fanhua Yuntong Enterprise Management Advisory (Shenzhen) Co., Ltd.", "cost", D, 975)], [("Co., Ltd.", "cost", D, 975)]),
    (f"Rent of $900 was paid to Ocean Conversion (BVI) Ltd. (“OCBVI”) {Y}.", [("Ocean Conversion (BVI) Ltd.", "cost", D, 900)],
     [("Ltd.", "cost", D, 900)]),
    # a "with which / in which" clause closed by its own predicate, commas and all
    (f"Rent of $900 was paid to entities with which two of the Company’s directors, significant stockholders, and "
     f"executives are affiliated {Y}.", [("entities with which two of the Company’s directors, significant stockholders, "
                                          "and executives are affiliated", "cost", D, 900)],
     [("the Company’s directors", "cost", D, 900)]),
    # a person's name before one role is that person; a term defined in lower case is no party
    ("During the year ended December 31, 2023, Brian Vance, the Company’s Chief Executive Officer, converted $372,000 of "
     "a loan payable balance to a convertible note payable.", [("Brian Vance", "other", D, 372000)],
     [("the Company’s Chief Executive Officer", "other", D, 372000)]),
    ("Orla Ltd. holds a note of the Company with an original issue discount (“OID”) of 7%. As of December 31, 2023, accrued "
     "interest of $900 was payable on the note related to the OID.", [("Orla Ltd.", "payable", D, 900)],
     [("the OID", "payable", D, 900)]),
    ("During the year ended December 31, 2023, Robert Vance, a Director of the Company, loaned the Company $93,000.",
     [("Robert Vance", "other", D, 93000)], [("a Director of the Company", "other", D, 93000)]),
    # a date's year is not the first word of the name after it; a numbered company keeps its number
    ("During the year ended December 31, 2023 Orla Ltd. loaned the Company $5,000.", [("Orla Ltd.", "other", D, 5000)],
     [("2023 Orla Ltd.", "other", D, 5000)]),
    (f"Rent of $500 was paid to 2051580 Ontario Corp. {Y}.", [("2051580 Ontario Corp.", "cost", D, 500)], []),
    # controls: no name of one word before a role; a definition after a described party is its short name
    ("In 2023, the Board, the CEO and the CFO approved fees of $5 paid to the CEO.", [("the CEO", "cost", D, 5)], []),
    ("Rent was paid to a company controlled by our Chairman (“Orla”). Orla was paid $5 in 2023.",
     [("a company controlled by our Chairman", "cost", D, 5)], []),
    # "the related parties" after one described group is that group; after names, or bare, the aggregate
    (f"The Company leases office space from entities controlled by its directors. Rent paid to the related parties was $5,000 "
     f"{Y}.", [("entities controlled by its directors", "cost", D, 5000)], [("related parties", "cost", D, 5000)]),
    (f"The Company leases office space from Orla Ltd. and Lumo LLC. Rent paid to the related parties was $5,000 {Y}.",
     [("related parties", "cost", D, 5000)], []),
    (f"The Company leases office space from entities controlled by its directors. Rent paid to related parties was $5,000 {Y}.",
     [("related parties", "cost", D, 5000)], []),
    # a holding clause ends after its object, a percentage and all; a role "of such company" is the head's
    (f"Rent of $900 was paid to a company in which our CEO holds a 40% interest {Y}.",
     [("a company in which our CEO holds a 40% interest", "cost", D, 900)],
     [("a company in which our CEO holds a", "cost", D, 900)]),
    (f"Fees of $900 were paid to an entity in which a director owns 30% of the shares {Y}.",
     [("an entity in which a director owns 30% of the shares", "cost", D, 900)], [("a director", "cost", D, 900)]),
    (f"Rent of $900 was paid to a related company in which a former director of the Company is a director of such company {Y}.",
     [("a related company in which a former director of the Company is a director of such company", "cost", D, 900)],
     [("a former director", "cost", D, 900)]),
    # kin with a modifier; "such related party" is the party named before, not the aggregate
    (f"Consulting fees of $4,600 were paid to a direct family member of its Chairman {Y}.",
     [("a direct family member of its Chairman", "cost", D, 4600)], [("family member of its Chairman", "cost", D, 4600)]),
    (f"Consulting fees of $4,600 were paid to a direct family member of its Chairman {Y}. As at December 31, 2023, $300 "
     "was payable to such related party.", [("a direct family member of its Chairman", "payable", D, 300)],
     [("related parties", "payable", D, 300)]),
    # a bare group after its preposition keeps its modifiers; a hyphenated title is a role, not a name "Co"
    (f"Directors' fees of $326 were paid to independent directors {Y}.", [("independent directors", "cost", D, 326)],
     [("directors", "cost", D, 326)]),
    (f"Fees of $900 were paid to former officers {Y}.", [("former officers", "cost", D, 900)], [("officers", "cost", D, 900)]),
    (f"Consulting fees of $7,000 were paid to its Co-Chief Executive Officer {Y}.",
     [("its Co-Chief Executive Officer", "cost", D, 7000)], [("Co", "cost", D, 7000)]),
    # "its" is the role's determiner, not a modifier to skip: the role in object position is the party
    (f"{AT} the Company owed its CEO $25,000.", [("its CEO", "payable", D, 25000)], [("related parties", "payable", D, 25000)]),
    (f"The Company paid its CFO $96,000 for consulting services {Y}.", [("its CFO", "cost", D, 96000)],
     [("related parties", "cost", D, 96000)]),
    (f"Rent of $4,000 was paid to its former President {Y}.", [("its former President", "cost", D, 4000)],
     [("President", "cost", D, 4000)]),
    # "the" and a title after a relation's preposition: the filer's officer is the party
    (f"{AT} the Company had an outstanding balance of $6,500 owed to the CEO for expenses paid on behalf of the Company.",
     [("the CEO", "payable", D, 6500)], [("related parties", "other", D, 6500)]),
    (f"{AT} $5,000 is due to the Chairman for advances.", [("the Chairman", "payable", D, 5000)],
     [("related parties", "payable", D, 5000)]),
    (f"Rent of $5,000 was paid to the Chairman of Orbis Ltd {Y}.", [("the Chairman of Orbis Ltd", "cost", D, 5000)],
     [("the Chairman", "cost", D, 5000)]),
    # kin of a role are the party, not the officer: "the spouse of the CEO", "relatives of a director"
    (f"Rent of $12,000 was paid to the spouse of the CEO {Y}.", [("the spouse of the CEO", "cost", D, 12000)],
     [("related parties", "cost", D, 12000)]),
    (f"{AT} notes payable to relatives of a director were $5,000.", [("relatives of a director", "payable", D, 5000)],
     [("a director", "payable", D, 5000)]),
    (f"Consulting fees of $8,000 were paid to the son of our President {Y}.",
     [("the son of our President", "cost", D, 8000)], [("our President", "cost", D, 8000)]),
    (f"{AT} loans from immediate family members of the Chairman totaled $50,000.",
     [("immediate family members of the Chairman", "payable", D, 50000)], [("related parties", "payable", D, 50000)]),
    (f"Rent of $3,000 was paid to a brother-in-law of the Company’s CFO {Y}.",
     [("a brother-in-law of the Company’s CFO", "cost", D, 3000)], [("the Company’s CFO", "cost", D, 3000)]),
    # controls
    (f"The Company paid $5,000 to Birch Capital LLC {Y}. Birch Capital LLC is owned by directors and officers.",
     [("Birch Capital LLC", "cost", D, 5000)], [("directors and officers", "cost", D, 5000)]),
    ("Loans from our CEO and our CFO were $4,000 and $1,500, respectively, at December 31, 2023.",
     [("our CEO", "payable", D, 4000), ("our CFO", "payable", D, 1500)], [("our CEO and our CFO", "payable", D, 4000)]),
    ("Loans from our CEO and CFO were $4,000 and $1,500, respectively, at December 31, 2023.", [],
     [("our CEO and CFO", "payable", D, 4000), ("our CEO and CFO", "payable", D, 1500)]),
    (f"Consulting fees of $7,000 were paid to directors, or companies controlled by directors, of the Company {Y}.",
     [], [("directors", "cost", D, 7000)]),
]


@pytest.mark.parametrize(("text", "want", "absent"), ROLES, ids=[f"role-{i:02d}" for i in range(len(ROLES))])
def test_role_groups_and_coordinated_roles_are_parties(text: str, want: list, absent: list) -> None:  # type: ignore[type-arg]
    check(text, want, absent)


def test_role_group_mentions_say_their_rule() -> None:
    ex = extract(f"{AT} the Company had $45,100 due to directors and management. {AT} $300 was due to officers.")
    got = [(f.counterparty, (f.party_rule or "").split("/")[0]) for f in ex.facts()]
    assert got == [("directors and management", "mention.role.coordinated"), ("officers", "mention.role")], got


@pytest.mark.parametrize(("text", "want"), RELATIONAL, ids=[w[0][0] for _, w in RELATIONAL])
def test_relational_noun_phrases_are_parties(text: str, want: list) -> None:  # type: ignore[type-arg]
    check(text, want)


@pytest.mark.parametrize(("text", "want", "absent"), RELATIONAL_CONTROLS + SELF + SELF_CONTROLS + NOT_PARTIES
                         + NOT_PARTY_CONTROLS)
def test_who_is_and_is_not_a_party(text: str, want: list, absent: list) -> None:  # type: ignore[type-arg]
    check(text, want, absent)


def test_an_upper_case_heading_does_not_name_the_group() -> None:
    # the heading's words would be the party's first-written name ("NON-CONSOLIDATED JOINT VENTURES")
    ex = extract(f"INVESTMENTS IN NON-CONSOLIDATED JOINT VENTURES\nThe Company had sales to its non-consolidated joint "
                 f"ventures of $8 {Y}.")
    assert [f.counterparty for f in ex.facts()] == ["non-consolidated joint ventures"]


def test_every_mention_says_its_rule(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline("Acme Steel Corp. (“Acme Steel” or the “Company”) pays Delta Galvanizing LLC (“Delta”) and a fellow "
                   "subsidiary. Mr. John Reyes, its director, owns Delta.")
    ments = doc._.rp_party_mentions
    assert ments and all(m.rule for m in ments)
    rules = {m.rule.split("+")[0] for m in ments}
    assert {"mention.legal", "mention.alias.quoted", "rel.fellow-subsidiary", "mention.person"} <= rules, rules
    assert {r for _, _, r in doc._.rp_self_mentions} >= {"mention.self.defined"}
    assert not any(p.name.startswith("Acme") for p in doc._.rp_parties.values())


def test_pattern_rows_reject_unknown_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "kinds.jsonl").write_text(json.dumps({"label": "COST", "patern": [], "pattern": [{"LOWER": "x"}]}) + "\n")
    with pytest.raises(ValueError, match="unknown keys"):
        load_patterns("kinds", tmp_path)


def test_gap_rules_reject_unknown_keys(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from relparty.components import clauses

    assert {g.rule for g in clauses.GAP_RULES} >= {"other.note-issued", "other.got-back"}
    monkeypatch.setattr(clauses, "load_lexicon", lambda name: [{"rule": "x", "label": "OTHER", "heads": ["a"], "tails": ["b"],
                                                                 "max_gap": 2, "maxgap": 3}])
    with pytest.raises(ValueError, match="unknown keys"):
        clauses.load_gap_rules()


def test_every_pattern_row_has_a_rule_id() -> None:
    rows = [r for name in RULE_FILES for r in load_patterns(name)]
    assert rows and all(r.get("rule") for r in rows)
    named = {r["rule"] for name in ("mentions", "clauses") for r in load_patterns(name)}
    assert {"rel.fellow-subsidiary", "notparty.product", "state.unpaid", "post.on-behalf"} <= named
    assert (PATTERN_DIR / "mentions.jsonl").exists()


def test_a_filer_defined_by_name_is_no_party_anywhere() -> None:
    got = facts("Orion Mining Corp. (“Orion” or the “Company”) leases a truck from Vega Haulage LLC. Rent paid by Orion to "
                f"Vega Haulage LLC was $30 {Y}.")
    assert ("vega haulage llc", "cost", D, 30.0) in got
    assert not any(p.startswith("orion") for p, *_ in got)


# the filer named by the input's provenance (a filing's cover, a note's metadata, --filer) is never
# the counterparty, by its name, its name in capitals as EDGAR writes it, or its short name
FILER_NOTE = ("Acme Steel Corp. sells coils to Delta Galvanizing LLC. Sales between Acme Steel and Delta Galvanizing LLC "
              f"were $700 {Y}. Rent paid by Acme Steel Corp. to Vega Haulage LLC was $30 {Y}.")


@pytest.mark.parametrize("filer", ["Acme Steel Corp.", "ACME STEEL CORP /DE/", "Acme Steel Corporation", "Acme Steel Corp"])
def test_the_filer_named_by_provenance_is_no_party(filer: str) -> None:
    got = {(norm(f.counterparty), f.kind, f.amount) for f in extract(FILER_NOTE, filer=filer).facts()}
    assert got == {("delta galvanizing llc", "revenue", 700), ("vega haulage llc", "cost", 30)}


def test_without_provenance_the_filer_is_not_known() -> None:
    # the control: the same note without a filer name reads the filer's own legal name as a party
    got = {norm(f.counterparty) for f in extract(FILER_NOTE).facts()}
    assert "acme steel corp." in got


@pytest.mark.parametrize("filer", ["unidentified filer (SEC CIK 1408597)", "", None])
def test_a_filer_name_that_names_no_one_changes_nothing(filer: str | None) -> None:
    assert extract(FILER_NOTE, filer=filer).facts() == extract(FILER_NOTE).facts()


def test_a_party_whose_name_begins_with_the_filers_stays_a_party() -> None:
    text = f"Rent of $300 was paid to Acme Steel Pension Trust LLC {Y}."
    got = {(norm(f.counterparty), f.kind, f.amount) for f in extract(text, filer="Acme Steel Corp.").facts()}
    assert got == {("acme steel pension trust llc", "cost", 300)}


def test_an_extractor_names_its_filer_for_every_note() -> None:
    from relparty.api import Extractor

    ex = Extractor(filer="Acme Steel Corp.")
    (a, b) = list(ex.pipe([FILER_NOTE, FILER_NOTE], filers=[None, "Zeta Corp."]))
    assert "vega haulage llc" in {norm(f.counterparty) for f in a.facts()}
    assert "acme steel corp." in {norm(f.counterparty) for f in b.facts()}  # its own filer, not the Extractor's


def test_a_hyphenated_title_after_and_is_no_name() -> None:
    """ "Chairman and Co-Founder": "and" puts "Co" in party position, but it starts a title, not a name."""
    doc = build_pipeline()("Orla Fund is owned by the Company’s Chief Executive Officer, Chairman and Co-Founder.")
    names = {p.name for p in doc._.rp_parties.values()}
    assert "Co" not in names and "the Company’s Chief Executive Officer" in names, names


@pytest.mark.parametrize(("text", "party", "kind"), [
    ("At December 31, 2023, Kestrel owed us $0.8 million for shared services.", "Kestrel", "receivable"),
    ("As of June 30, 2024, Marlow owes the Company $12,000 for rent.", "Marlow", "receivable"),
    ("At December 31, 2023, the Company owed Kestrel $0.8 million for shared services.", "Kestrel", "payable"),
    ("As of June 30, 2024, the Group owed Tarn $4,500 for consulting.", "Tarn", "payable"),
    # the present tense: "owes" is a balance trigger of its own, its direction from the subject
    ("At December 31, 2023, the Group owes Tarn Ltd. $40,000 for freight.", "Tarn Ltd.", "payable"),
    ("At December 31, 2023, we owe Tarn Ltd. $40,000 for freight.", "Tarn Ltd.", "payable"),
    ("The Company owes $40,000 to Tarn Ltd. at December 31, 2023.", "Tarn Ltd.", "payable"),
    ("Tarn Ltd. owes $40,000 to the Company at December 31, 2023.", "Tarn Ltd.", "receivable"),
    # "to the Company" after another verb in the gap is that verb's: "advanced to the Company" leaves the payable
    ("At June 30, 2012, the Company owes a related party $158,959 for amounts advanced to the Company.",
     "a related party", "payable"),
    ("At June 30, 2012, the Company owed a related party $158,959 for amounts lent to the Company.",
     "a related party", "payable"),
    ("At June 30, 2012, Tarn Ltd. owed $5,000 in fees to the Company.", "Tarn Ltd.", "receivable"),  # no verb between
])
def test_a_name_as_subject_or_object_of_owe_is_the_party(text: str, party: str, kind: str) -> None:
    """No preposition puts these names in party position: "X owed us" is the debtor, "owed X" the creditor."""
    got = [(f.counterparty, f.kind) for f in extract(text).facts()]
    assert got == [(party, kind)], got


@pytest.mark.parametrize("text", [
    "At December 31, 2023, the Company owed us nothing; the Company owes the Group $5.",  # the filer, never a party
    "At December 31, 2023, the Company owed December rent of $5.",  # a month is no name
])
def test_the_filer_or_a_date_after_owe_is_no_party(text: str) -> None:
    assert all(f.counterparty in ("related parties",) for f in extract(text).facts())


@pytest.mark.parametrize(("text", "party"), [
    # GOLD.md: a generic aggregate written bare is "related parties", in a sentence or as a table row
    ("Sales to affiliates were $5,000 for the year ended December 31, 2023.", "related parties"),
    ("Purchases from the affiliated companies were $5,000 for the year ended December 31, 2023.", "related parties"),
    ("Related party transactions\n12 Months Ended\nDec. 31, 2023\nRelated party transactions\nAs of December 31,\n2022\n"
     "2023\nAmounts due to related parties:\nShareholders\n5\n6\n", "related parties"),
    # controls: a described group or one unnamed party keeps its words
    ("Sales to affiliates of the Sponsor were $5,000 for the year ended December 31, 2023.", "affiliates of the Sponsor"),
    ("Purchases from a shareholder were $5,000 for the year ended December 31, 2023.", "a shareholder"),
    ("Sales to joint ventures were $5,000 for the year ended December 31, 2023.", "joint ventures"),
])
def test_a_bare_generic_aggregate_is_related_parties(text: str, party: str) -> None:
    assert {f.counterparty for f in extract(text).facts()} == {party}


@pytest.mark.parametrize(("text", "named", "unnamed"), [
    # a name of two words or more right before "and <a name>" is a party too, though no preposition marks it
    ("Ann Reyes and Paul Ortiz were each paid $30,000 for the year ended December 31, 2023.", {"Ann Reyes", "Paul Ortiz"}, set()),
    ("During 2023, Orla Holdings and Tarn Minerals each paid rent of $5,000.", {"Orla Holdings", "Tarn Minerals"}, set()),
    # controls: one capitalised word, the filer, a heading's words before "and" are no party
    ("Sales and Marketing fees paid to Orla Ltd. were $5,000 for the year ended December 31, 2023.", {"Orla Ltd."}, {"Sales"}),
    ("The Company and Orla Ltd. share offices; rent paid to Orla Ltd. was $5,000 for the year ended December 31, 2023.",
     {"Orla Ltd."}, {"The Company", "Company"}),
    ("Cost of Sales and Paul Ortiz", {"Paul Ortiz"}, {"Cost of Sales", "Cost", "Sales"}),
])
def test_the_first_of_two_coordinated_names_is_a_party(text: str, named: set, unnamed: set) -> None:  # type: ignore[type-arg]
    doc = build_pipeline()(text)
    spans = {text[m.start : m.end] for m in doc._.rp_party_mentions}
    assert named <= spans and not unnamed & spans
