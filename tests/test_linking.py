"""Linking (relparty.components.linking): which mention gives each amount its party.

Each family: invented sentences with the facts they must give, and a control shape that must not fire."""

from __future__ import annotations

import pytest
from factcheck import check
from relparty.api import extract

Y = "for the year ended December 31, 2023"
D = "2023-12-31"

CASES = [
    # an aggregate that its own clause then specifies ("relating to X", "in respect of X") is X's
    ("In addition, the $16,000 due from related parties as of December 31, 2023 relating to RCS Advisory LLC is not "
     "included in the table above.", [("RCS Advisory LLC", "receivable", D, 16000)], [("related parties", "receivable", D, 16000)]),
    ("At December 31, 2023, $5,000 was due to related parties in respect of Orla Ltd.", [("Orla Ltd.", "payable", D, 5000)],
     [("related parties", "payable", D, 5000)]),
    # control: a party named in the next sentence does not specify this one's aggregate
    ("At December 31, 2023, $5,000 was due to related parties. The amount relating to Orla Ltd. was repaid.",
     [("related parties", "payable", D, 5000)], [("Orla Ltd.", "payable", D, 5000)]),
    # ... or names it with a participle ("provided by X", "made to X")
    ("At December 31, 2023, the amount due to related party consisted of $8,500 accrued for the office services "
     "provided by the Sponsor.", [("the Sponsor", "payable", D, 8500)], [("related parties", "payable", D, 8500)]),
    (f"The consulting fee of $2,400 charged to related parties {Y} represents services provided to companies under the "
     "common control of the founder.", [("companies under the common control of the founder", "revenue", D, 2400)],
     [("related parties", "revenue", D, 2400)]),
    ("Receivables – related parties of $710 at December 31, 2023 represented advances made to separate entities under "
     "common management.", [("entities under common management", "receivable", D, 710)], [("related parties", "receivable", D, 710)]),
    # control: a party named after a semicolon does not specify the aggregate before it
    ("At December 31, 2023, $5,000 was due to related parties; the services were provided by Orla Ltd.",
     [("related parties", "payable", D, 5000)], [("Orla Ltd.", "payable", D, 5000)]),
    # a line item's aggregate after the amounts ("recorded as ... – related party"): the party named before them
    ("At December 31, 2023, the Company owed unpaid royalties to Vantor AS of $3,151, recorded as Accounts payable – "
     "related party.", [("Vantor AS", "payable", D, 3151)], [("related parties", "payable", D, 3151)]),
    # control: the aggregate right after its trigger, before the amounts, stays the aggregate
    ("Vantor AS licenses the patents. At December 31, 2023, amounts due to related parties were $3,151.",
     [("related parties", "payable", D, 3151)], [("Vantor AS", "payable", D, 3151)]),
    # each amount list with its own "to <party>" right after it (and after its comparative)
    ("During the three months ended March 31, 2024, the Company paid management fees of $30,000 (2023 - $30,000) to a "
     "company controlled by the CEO and $15,000 (2023 - $12,000) to a company controlled by the CFO.",
     [("a company controlled by the CEO", "cost", "2024-03-31", 30000), ("a company controlled by the CFO", "cost", "2024-03-31", 15000),
      ("a company controlled by the CFO", "cost", "2023-03-31", 12000)],
     [("a company controlled by the CEO", "cost", "2024-03-31", 15000)]),
    (f"Rent of $5,000 was paid to Orla Ltd. and $3,000 to Birch Ltd. {Y}.", [("Orla Ltd.", "cost", D, 5000), ("Birch Ltd.", "cost", D, 3000)],
     [("Orla Ltd.", "cost", D, 3000)]),
    # appositives merge: the description names the party before it
    (f"The Company paid Orla, an entity owned by its President, $50 for bookkeeping and $120 for premises {Y}.",
     [("Orla", "cost", D, 50), ("Orla", "cost", D, 120)], [("President", "cost", D, 50)]),
    # ... "a company ..." as well as "an entity ...", and an acronym name
    (f"The Company paid GVI, a company controlled by the Chief Executive Officer, a total of $85 for rent {Y}.",
     [("GVI", "cost", D, 85)], [("a company controlled by the Chief Executive Officer", "cost", D, 85)]),
    ("Software licences were sold to Arden Holdings Limited (“Arden”), the parent of Birch Capital Limited, which holds 8% "
     f"of our shares. Licence revenue was $300 {Y}.", [("Arden Holdings Limited", "revenue", D, 300)],
     [("Birch Capital Limited", "revenue", D, 300)]),
    ("The Company leases a warehouse from Hubei Daily Media Group, a shareholder of the Company. Prepaid rental to a "
     "shareholder was $40 at December 31, 2023.", [("Hubei Daily Media Group", "receivable", D, 40)], []),
    # control: a plural description after a list of names is its own party
    ("The Company sells products to Reef Divers, Yacht Toys and Palm Divers, companies owned by the brother of our "
     "President. Accounts receivable from these entities totaled $900 at December 31, 2023.",
     [("companies owned by the brother of our President", "receivable", D, 900)], [("Palm Divers", "receivable", D, 900)]),
    # the sentence's own aggregate beats a stale topic
    (f"The Company rents offices from Pinecrest Realty LLC. Sales to related parties were $3,000 {Y}.",
     [("related parties", "revenue", D, 3000)], [("Pinecrest Realty LLC", "revenue", D, 3000)]),
    (f"Kestrel Aviation LLC is owned by our CEO. Purchases from affiliates were $610 {Y}.",
     [("related parties", "cost", D, 610)], [("Kestrel Aviation LLC", "cost", D, 610)]),
    # control: a sentence that names no party is about the topic
    (f"The Company rents offices from Pinecrest Realty LLC. Rent expense was $3,000 {Y}.",
     [("Pinecrest Realty LLC", "cost", D, 3000)], []),
    # the topic resets at headings and item markers
    (f"The Company rents offices from Pinecrest Realty LLC.\nOther matters\nRent expense was $3,000 {Y}.",
     [("related parties", "cost", D, 3000)], [("Pinecrest Realty LLC", "cost", D, 3000)]),
    (f"The Company rents offices from Pinecrest Realty LLC.\n(b) Rent expense was $3,000 {Y}.",
     [("related parties", "cost", D, 3000)], [("Pinecrest Realty LLC", "cost", D, 3000)]),
    # control: a heading that names a party makes it the topic
    (f"The Company rents offices from Pinecrest Realty LLC.\nLoans from Quarry Holdings LLC\nInterest expense was $30 {Y}.",
     [("Quarry Holdings LLC", "cost", D, 30)], [("Pinecrest Realty LLC", "cost", D, 30)]),
    # look ahead, within the paragraph, when the next sentence says who the aggregate was
    (f"Pinecrest Realty LLC provides office space. Professional fees of $50,000 were charged by related parties {Y}. "
     "Those services came from firms owned by two officers.", [("firms owned by two officers", "cost", D, 50000)], []),
    (f"Sales to related parties were $8,000 {Y}. These sales were made to Gantry Marine LLC.",
     [("Gantry Marine LLC", "revenue", D, 8000)], [("related parties", "revenue", D, 8000)]),
    # control: the next paragraph does not say who the aggregate was
    (f"Professional fees of $50,000 were charged by related parties {Y}.\nThose services came from firms owned by two officers.",
     [("related parties", "cost", D, 50000)], [("firms owned by two officers", "cost", D, 50000)]),
    # nested parties
    ("Receivables from affiliates include amounts owed by Delta Galvanizing (Delta) of $70 million at December 31, 2023.",
     [("Delta Galvanizing", "receivable", D, 70000000)], [("related parties", "receivable", D, 70000000)]),
    (f"Purchases from related parties include purchases from Sable Metals LLC of $410 {Y}.",
     [("Sable Metals LLC", "cost", D, 410)], [("related parties", "cost", D, 410)]),
    # control: an aggregate that names no one inside it stays the aggregate
    ("Receivables from affiliates were $70 million at December 31, 2023.",
     [("related parties", "receivable", D, 70000000)], []),
    # respectively over parties ("respectfully" too)
    ("Loans from Ann Reyes and Paul Ortiz stood at $45,000 and $12,500, respectively, at December 31, 2023.",
     [("Ann Reyes", "payable", D, 45000), ("Paul Ortiz", "payable", D, 12500)], [("Ann Reyes", "payable", D, 12500)]),
    ("Loans from Ann Reyes and Paul Ortiz stood at $45,000 and $12,500, respectfully, at December 31, 2023.",
     [("Ann Reyes", "payable", D, 45000), ("Paul Ortiz", "payable", D, 12500)], []),
    ("Amounts due to Mr. Li Wei, Mr. Chen Bo and Harbor Trust LLC were $10, $20 and $30, respectively, at December 31, 2023.",
     [("Mr. Li Wei", "payable", D, 10), ("Mr. Chen Bo", "payable", D, 20), ("Harbor Trust LLC", "payable", D, 30)], []),
    # control: respectively over periods, one party
    ("Amounts due to Paul Ortiz were $45,000 and $12,500 at December 31, 2023 and 2022, respectively.",
     [("Paul Ortiz", "payable", D, 45000), ("Paul Ortiz", "payable", "2022-12-31", 12500)], [("Paul Ortiz", "payable", D, 12500)]),
    # "each" over parties: one amount that each coordinated party had, one fact per party
    (f"{Y[0].upper() + Y[1:]}, Mr. Ann Reyes and Mr. Paul Ortiz were each paid consulting fees of $30,000.",
     [("Mr. Ann Reyes", "cost", D, 30000), ("Mr. Paul Ortiz", "cost", D, 30000)], []),
    (f"{Y[0].upper() + Y[1:]}, Orla Ltd. and Tarn Ltd. each paid the Company $5,000 for rent.",
     [("Orla Ltd.", "revenue", D, 5000), ("Tarn Ltd.", "revenue", D, 5000)], []),
    ("At December 31, 2023, amounts due to each of Mr. Ann Reyes and Mr. Paul Ortiz were $2,000.",
     [("Mr. Ann Reyes", "payable", D, 2000), ("Mr. Paul Ortiz", "payable", D, 2000)], []),
    (f"{Y[0].upper() + Y[1:]}, the Company paid Orla Ltd. and Tarn Ltd. $5,000 each for rent.",
     [("Orla Ltd.", "cost", D, 5000), ("Tarn Ltd.", "cost", D, 5000)], []),
    (f"{Y[0].upper() + Y[1:]}, the Company paid $5,000 to each of Orla Ltd. and Tarn Ltd. for rent.",
     [("Orla Ltd.", "cost", D, 5000), ("Tarn Ltd.", "cost", D, 5000)], []),
    # the first of two names is a subject that no preposition marks: "Ann Reyes and Paul Ortiz were each paid"
    (f"{Y[0].upper() + Y[1:]}, Ann Reyes and Paul Ortiz were each paid consulting fees of $30,000.",
     [("Ann Reyes", "cost", D, 30000), ("Paul Ortiz", "cost", D, 30000)], []),
    (f"Ann Reyes and Paul Ortiz each received consulting fees of $30,000 {Y}.",
     [("Ann Reyes", "cost", D, 30000), ("Paul Ortiz", "cost", D, 30000)], []),
    # controls: no "each", or an "each" of another clause, leaves the amount to one party
    (f"{Y[0].upper() + Y[1:]}, the Company paid Orla Ltd. and Tarn Ltd. $5,000 for rent.",
     [("Orla Ltd.", "cost", D, 5000)], [("Tarn Ltd.", "cost", D, 5000)]),
    (f"{Y[0].upper() + Y[1:]}, the Company paid Orla Ltd. $5,000 for rent, and each of Mr. Ann Reyes and Mr. Paul Ortiz was a director.",
     [("Orla Ltd.", "cost", D, 5000)], [("Mr. Ann Reyes", "cost", D, 5000)]),
]


@pytest.mark.parametrize(("text", "want", "absent"), CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_linking(text: str, want: list, absent: list) -> None:  # type: ignore[type-arg]
    check(text, want, absent)


def test_every_record_names_its_mention_and_rules() -> None:
    ex = extract(f"The Company paid Orla, an entity owned by its President, $50 for bookkeeping {Y}. "
                 "Loans from Ann Reyes and Paul Ortiz stood at $45,000 and $12,500, respectively, at December 31, 2023.")
    assert len(ex.records) == 3
    for rec in ex.records:
        cp = rec.counterparty
        assert cp.mention is not None and cp.rule and rec.kind_rule
        assert ex.source is None or True
    orla, reyes, ortiz = ex.records
    assert orla.counterparty.mention.text == "Orla" and "link." in orla.counterparty.rule
    assert reyes.counterparty.mention.text == "Ann Reyes" and reyes.counterparty.rule.endswith("link.respectively")
    assert ortiz.counterparty.mention.text == "Paul Ortiz"
    facts = ex.facts()
    assert all(f.party_rule and f.kind_rule and f.party_mention for f in facts)


def test_heading_pattern_never_matches_a_sentence_ending_with_a_full_stop() -> None:
    """``Linker.begin_sentence`` skips the heading pattern on such sentences: it could not match them."""
    import random

    from relparty.components.linking import _HEADING

    rnd = random.Random(3)
    pieces = ["Related", "Party", "1.", "12.", "(a)", " ", "\n", "|", ":", ",", "&", "’", "-", "/", "é", "_", "(", ")", "."]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 9)))
        if not text.endswith("."):
            text += "."
        assert _HEADING.fullmatch(text) is None, repr(text)
