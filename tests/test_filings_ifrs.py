"""IFRS inline XBRL (a 20-F): the note tagged ``ifrs-full:DisclosureOfRelatedPartyExplanatory`` and followed along its
``continuedAt`` chain, or tagged with the filer's own extension concept whose name says related party, read and
reconciled with its ``ix:nonFraction`` tags (IFRS concepts, euro units, ``scale``). No real inline IFRS 20-F is in
``../shared/filings`` (SOURCES.md: none was found in a fetchable snapshot), so the document is invented.
Controls: an extension concept of a policy is not the note; an ``ifrs-full`` text block of another topic is not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from relparty.filings import read_document

CTX = """<xbrli:context id="{id}"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000999999</xbrli:identifier>{seg}
</xbrli:entity><xbrli:period>{period}</xbrli:period></xbrli:context>"""
SEG = ('<xbrli:segment><xbrldi:explicitMember dimension="ifrs-full:CategoriesOfRelatedPartiesAxis">'
       "nor:NordlysShippingMember</xbrldi:explicitMember></xbrli:segment>")
Y24 = "<xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate>"
Y23 = "<xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate>"
AT24 = "<xbrli:instant>2024-12-31</xbrli:instant>"
HEADER = ("<ix:header><ix:hidden>"
          '<ix:nonNumeric name="dei:DocumentType" contextRef="d">20-F</ix:nonNumeric>'
          '<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="d">2024-12-31</ix:nonNumeric>'
          '<ix:nonNumeric name="dei:EntityRegistrantName" contextRef="d">Fjordline Group ASA</ix:nonNumeric>'
          "</ix:hidden><ix:resources>"
          + CTX.format(id="d", seg="", period=Y24) + CTX.format(id="p24", seg=SEG, period=Y24)
          + CTX.format(id="p23", seg=SEG, period=Y23) + CTX.format(id="b24", seg=SEG, period=AT24)
          + '<xbrli:unit id="eur"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit></ix:resources></ix:header>')


def _tag(concept: str, ctx: str, shown: str) -> str:
    return (f'<ix:nonFraction name="ifrs-full:{concept}" contextRef="{ctx}" unitRef="eur" scale="6" decimals="-5">'
            f"{shown}</ix:nonFraction>")


BODY = ("The Group purchased shipping services from Nordlys Shipping AS, an entity controlled by the Group’s chairman, of "
        f"€{_tag('PurchasesOfGoodsRelatedPartyTransactions', 'p24', '2.4')} million and "
        f"€{_tag('PurchasesOfGoodsRelatedPartyTransactions', 'p23', '1.9')} million in 2024 and 2023, respectively.")
BALANCE = (f"Amounts due to Nordlys Shipping AS were €{_tag('PayablesRelatedPartyTransactions', 'b24', '0.3')} million "
           "at December 31, 2024.")


def _doc(concept: str = "ifrs-full:DisclosureOfRelatedPartyExplanatory", other: str = "") -> str:
    return f"""<html><body><div style="display:none">{HEADER}</div>
<div>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</div><div>FORM 20-F</div>
<div>Table of Contents</div><div>27. Related party transactions | 88</div>
{other}
<div>26. Leases</div><div>The Group leases two vessels from unrelated owners under ten-year charters.</div>
<div><ix:nonNumeric name="{concept}" contextRef="d" id="rp" continuedAt="rp-2"><div>27. Related party transactions</div>
<div>{BODY}</div></ix:nonNumeric></div>
<div>Page 88</div>
<div><ix:continuation id="rp-2">{BALANCE}</ix:continuation></div>
<div>28. Events after the reporting period</div><div>No events after the reporting period need to be disclosed here.</div>
</body></html>"""


WANT = {("cost", date(2024, 12, 31), Decimal(2400000)), ("cost", date(2023, 12, 31), Decimal(1900000)),
        ("payable", date(2024, 12, 31), Decimal(300000))}


@pytest.mark.parametrize("concept", ["ifrs-full:DisclosureOfRelatedPartyExplanatory",
                                     "nor:DisclosureOfRelatedPartyTransactionsAndBalancesExplanatory"])
def test_ifrs_text_block_and_its_chain_read_and_reconciled(concept: str) -> None:
    fx = read_document(_doc(concept), source="fjordline-20f.htm")
    notes = [s for s in fx.sections if s.found_by == "text-block"]
    assert [(s.heading, s.concept, len(s.parts)) for s in notes] == [("27. Related party transactions", concept, 2)]
    assert fx.provenance.form == "20-F" and fx.provenance.filer == "Fjordline Group ASA"
    facts = {(f.kind, f.period_end, f.amount) for n in fx.notes for f in n.facts() if n.section_start == notes[0].span.start}
    assert facts == WANT
    assert [r.counts() for r in fx.reconciliations] == [
        {"agree": 3, "differ": 0, "blank-in-text": 0, "text-only": 0, "tagged-only": 0}]


def test_control_a_policy_extension_and_another_ifrs_topic_are_not_the_note() -> None:
    other = ('<div><ix:nonNumeric name="nor:RelatedPartyTransactionsPolicyExplanatory" contextRef="d" id="pol">'
             "<div>2.9 Related parties (policy)</div><div>Related parties are persons or entities that control the Group "
             "or are controlled by it, as IAS 24 defines them.</div></ix:nonNumeric></div>"
             '<div><ix:nonNumeric name="ifrs-full:DisclosureOfLeasesExplanatory" contextRef="d" id="ls">'
             "<div>25. Lease commitments</div><div>The Group leases its offices from a related party landlord, "
             "Nordlys Eiendom AS, for ten years.</div></ix:nonNumeric></div>")
    fx = read_document(_doc(other=other), source="fjordline-20f.htm")
    assert [s.concept for s in fx.sections if s.found_by == "text-block"] == ["ifrs-full:DisclosureOfRelatedPartyExplanatory"]
