"""Item 404 fields of proxy sections (``relparty.filings.item404``) on invented sentences, one family each, with
controls that must give no record: the related person and the basis of the relationship from an appositive role
("Maria Okafor, our Chief Operating Officer,"), a family tie ("Daniel Park, the brother-in-law of our Chief
Executive Officer,", "Dr. Lee's daughter"), a copula naming the entities ("Carla Diaz is the Chief Executive
Officer of Redfern Logistics", carried to later sentences naming the entity), ownership of the filer ("owns
approximately 10% of our common stock"); the person's interest ("a 40% interest in", "his interest in the
transaction was an amount of approximately $X", employment)."""

from __future__ import annotations

import pytest
from relparty.filings import read_document
from relparty.models.filings import Item404

PROXY = """<html><body><div>SECURITIES AND EXCHANGE COMMISSION</div><div>SCHEDULE 14A</div>
<div>Table of Contents</div><div>Transactions with Related Persons | 12</div>
<div>Board Meetings</div><div>The Board met nine times during the year and every director attended the meetings.</div>
<div>Transactions with Related Persons</div>
<div>Our Audit Committee must review and approve any transaction in which the amount involved exceeds $120,000.</div>
{body}
<div>Stockholder Proposals</div><div>Proposals for next year must be received by the Secretary before the deadline.</div>
</body></html>"""


def _items(*paragraphs: str) -> list[Item404]:
    body = "".join(f"<div>{p}</div>" for p in paragraphs)
    return read_document(PROXY.format(body=body), source="proxy.htm").item404


def _fields(it: Item404) -> tuple[str | None, str | None, str | None, str | None]:
    return it.related_person, it.relationship, it.interest, it.amount


@pytest.mark.parametrize(("sentence", "person", "relationship", "amount"), [
    ("In 2023, we paid $250,000 to Maria Okafor, our Chief Operating Officer, for consulting services.",
     "Maria Okafor", "our Chief Operating Officer", "$250,000"),
    ("We leased office space from Tomas Reyes, a director, for approximately $180,000 in 2023.",
     "Tomas Reyes", "a director", "approximately $180,000"),
    ("Daniel Park, the brother-in-law of our Chief Executive Officer, received $210,000 for advisory work in 2023.",
     "Daniel Park", "brother-in-law of our Chief Executive Officer", "$210,000"),
    ("In 2023, Dr. Lee’s daughter received $140,500 for design services.",
     "Dr. Lee’s daughter", "daughter of Dr. Lee", "$140,500"),
    ("Lena Ortiz, who owns approximately 10% of our common stock, sold equipment to us for $400,000 in 2023.",
     "Lena Ortiz", "owns approximately 10% of our common stock", "$400,000"),
])
def test_person_and_basis(sentence: str, person: str, relationship: str, amount: str) -> None:
    items = _items(sentence)
    assert [(i.related_person, i.relationship, i.amount) for i in items] == [(person, relationship, amount)]


def test_interest_as_a_share_of_the_counterparty() -> None:
    items = _items("Paul Vance, a director, has a 40% interest in Birch Supply Co., which sold us materials for "
                   "$1.2 million in 2023.")
    assert [_fields(i) for i in items] == [("Paul Vance", "a director",
                                             "has a 40% interest in Birch Supply Co.",
                                             "$1.2 million")]


def test_interest_as_an_amount_and_as_ownership_of_the_counterparty() -> None:
    items = _items("Ana Silva, a director, owns approximately 25% of Quarry Stone LLC. We bought gravel from Quarry "
                   "Stone LLC for $900,000 in 2023. Ms. Silva’s interest in the transaction was an amount of "
                   "approximately $225,000.")
    assert [(i.related_person, i.interest, i.amount) for i in items] == [
        ("Ana Silva", "owns approximately 25% of Quarry Stone LLC", None),
        ("Ana Silva", "owns approximately 25% of Quarry Stone LLC", "$900,000"),
        ("Ana Silva", "Silva’s interest in the transaction was an amount of approximately $225,000", "approximately $225,000"),
    ]


def test_copula_basis_carried_to_the_entity_named_later() -> None:
    items = _items("Carla Diaz is the Chief Executive Officer of Redfern Logistics and Osprey Air.",
                   "In 2023, Redfern Logistics billed us approximately $2.1 million for freight.",
                   "Osprey Air is party to a charter agreement with us. We incurred expenses of $0.4 million under it in 2023.")
    assert [(i.related_person, i.relationship, i.amount) for i in items] == [
        ("Carla Diaz", "the Chief Executive Officer of Redfern Logistics and Osprey Air", "approximately $2.1 million"),
        ("Carla Diaz", "the Chief Executive Officer of Redfern Logistics and Osprey Air", "$0.4 million"),
    ]
    assert all(i.interest == i.relationship for i in items)  # the person's position in the party is the interest


def test_two_people_in_one_sentence_give_two_records() -> None:
    items = _items("Dr. Lee’s daughter is employed as an analyst and Mr. Roe’s son is employed as an engineer.")
    assert [(i.related_person, i.interest) for i in items] == [
        ("Dr. Lee’s daughter", "is employed as an analyst"), ("Mr. Roe’s son", "is employed as an engineer")]


@pytest.mark.parametrize("sentence", [
    "The Audit Committee must approve any transaction in which a director has an interest exceeding $120,000.",
    "Transactions in which the amount involved exceeds $120,000 are reviewed by the Audit Committee each year.",
    "We paid $5,000 to Acme Corp. for office supplies in 2023.",  # no related person anywhere
    "Shares were sold at a price of $2.50 per share to investors.",  # a price, and no related person
])
def test_controls_give_no_record(sentence: str) -> None:
    assert _items(sentence) == []


def _amounts(*paragraphs: str) -> list[tuple[str | None, list[tuple[str, int | None]]]]:
    """(person, [(amount as its span shows it, year of its period or None)]) of each record with amounts; every
    span is checked to be the amount's own characters in the document."""
    body = "".join(f"<div>{p}</div>" for p in paragraphs)
    doc = PROXY.format(body=body)
    out = []
    for it in read_document(doc, source="proxy.htm").item404:
        for a in it.amounts:
            assert a.amount.span is not None and doc[a.amount.span.start:a.amount.span.end] == a.amount.text
            assert a.period is None or a.period.span is not None
        if it.amounts:
            out.append((it.related_person, [(a.amount.text, a.period.end.year if a.period else None) for a in it.amounts]))
    return out


@pytest.mark.parametrize(("sentence", "expected"), [
    # each list of amounts followed by its own period: every amount of the list in that period
    ("Mr. Lee’s son received salary and bonus of $150,000 and $45,000 in 2023 and $140,000 and $40,000 in 2022.",
     [("Mr. Lee’s son", [("$150,000", 2023), ("$45,000", 2023), ("$140,000", 2022), ("$40,000", 2022)])]),
    ("Hana Berg, a director, is a partner of Berg Vale LLP, and we paid the firm $1.2 million in fiscal 2024 and "
     "$0.9 million in fiscal 2023.",
     [("Hana Berg", [("$1.2 million", 2024), ("$0.9 million", 2023)])]),
    # a list of amounts and a list of periods, respectively
    ("Rita Gomez, the sister of our Chief Executive Officer, received aggregate payments of approximately $310,000, "
     "$295,000 and $280,000 in 2024, 2023 and 2022, respectively.",
     [("Rita Gomez", [("$310,000", 2024), ("$295,000", 2023), ("$280,000", 2022)])]),
    # the period leads the sentence; one amount for each of two years
    ("In 2023, we paid $250,000 to Maria Okafor, our Chief Operating Officer, for consulting services.",
     [("Maria Okafor", [("$250,000", 2023)])]),
    ("In each of 2023 and 2022, Omar Haddad, a director, received $130,000 for advisory services.",
     [("Omar Haddad", [("$130,000", 2023), ("$130,000", 2022)])]),
    # a second amount whose period the sentence does not give ("through February") takes none, not 2024's
    ("Under the agreement, Ivo Tern, a director, incurred expenses of approximately $2.4 million in 2024 and "
     "approximately $0.1 million through February 2025.",
     [("Ivo Tern", [("$2.4 million", 2024), ("$0.1 million", None)])]),
])
def test_every_amount_of_a_sentence_with_its_period(sentence: str, expected: list[object]) -> None:
    assert _amounts(sentence) == expected


def test_each_amount_goes_to_the_person_of_its_clause() -> None:
    assert _amounts("Dr. Lee’s daughter received $140,000 in 2023 and Mr. Roe’s son received $95,000 in 2022.") == [
        ("Dr. Lee’s daughter", [("$140,000", 2023)]), ("Mr. Roe’s son", [("$95,000", 2022)])]


@pytest.mark.parametrize(("sentence", "expected"), [
    # the threshold named beside a transaction
    ("Tomas Reyes, a director, received $180,000 in 2023 for consulting, more than the $120,000 threshold.",
     [("$180,000", 2023)]),
    # a price per share, a share count and a percentage
    ("Lena Ortiz, a director, bought 10,000 shares, or 5% of our common stock, at $12.50 per share for $125,000 in 2023.",
     [("$125,000", 2023)]),
    # a range of prices
    ("Paul Vance, a director, sold us land in 2023 for $900,000, after offers between $800,000 and $950,000.",
     [("$900,000", 2023)]),
])
def test_controls_are_not_amounts(sentence: str, expected: list[tuple[str, int]]) -> None:
    got = _amounts(sentence)
    assert len(got) == 1 and got[0][1] == expected


def test_the_first_amount_as_written_is_kept() -> None:
    items = _items("Rita Gomez, a director, received approximately $310,000 and $295,000 in 2024 and 2023, respectively.")
    assert [(i.amount, [a.amount.text for a in i.amounts]) for i in items] == [
        ("approximately $310,000", ["$310,000", "$295,000"])]
