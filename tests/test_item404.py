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
