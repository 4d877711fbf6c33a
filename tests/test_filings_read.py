"""Whole filings read: text blocks and their chains, tags reconciled in place, provenance, offsets into the
document as given, no note no guess, the CLI, and hostile input (each case names the file and goes on)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from relparty import read_filing
from relparty.filings import locate_sections, read_document
from relparty.filings.visible import visible_text

FILINGS = Path("/work/shared/filings")
NEEDS = pytest.mark.skipif(not (FILINGS / "SOURCES.md").is_file(),
                           reason=f"needs the shared filings ({FILINGS / 'SOURCES.md'} is absent)")

HEADER = """<ix:header><ix:hidden>
<ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="c1">0000123456</ix:nonNumeric>
<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="c1">2024-12-31</ix:nonNumeric>
</ix:hidden><ix:resources>
<xbrli:context id="c1"><xbrli:entity><xbrli:identifier>1</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="c2"><xbrli:entity><xbrli:identifier>1</xbrli:identifier><xbrli:segment>
<xbrldi:explicitMember dimension="srt:CounterpartyNameAxis">abc:AcmeHoldingsMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
<xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="c3"><xbrli:entity><xbrli:identifier>1</xbrli:identifier><xbrli:segment>
<xbrldi:explicitMember dimension="srt:CounterpartyNameAxis">abc:AcmeHoldingsMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
<xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
</ix:resources></ix:header>"""


def ixbrl(body_note: str, continued: str = 'continuedAt="rp-1"', parts: str | None = None) -> str:
    """A small inline XBRL 10-K: a cover, other notes, and a related-party note in two chained parts."""
    second = parts if parts is not None else (
        '<ix:continuation id="rp-1"><div>' + body_note + "</div></ix:continuation>")
    return f"""<html><body><div style="display:none">{HEADER}</div>
<div>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</div><div>FORM 10-K</div>
<div><ix:nonNumeric name="dei:EntityRegistrantName" contextRef="c1">Widget <span>Corp</span></ix:nonNumeric></div>
<div><ix:nonNumeric name="dei:DocumentType" contextRef="c1">10-K</ix:nonNumeric></div>
<div>Table of Contents</div><div>Note 9. Related Party Transactions | 45</div>
<div>8. Leases</div><div>We lease offices from unrelated landlords for terms of up to ten years in total.</div>
<div><span>9. </span><ix:nonNumeric name="us-gaap:RelatedPartyTransactionsDisclosureTextBlock" contextRef="c1" id="rp" {continued}>Related Party Transactions</ix:nonNumeric></div>
<div>Page 45</div>
{second}
<div>10. Subsequent Events</div><div>None of the events after the balance sheet date needs to be disclosed here.</div>
</body></html>"""


NOTE = ("During 2024 the Company purchased services from Acme Holdings of "
        '$<ix:nonFraction name="us-gaap:RelatedPartyTransactionPurchasesFromRelatedParty" contextRef="c2" unitRef="usd" '
        'scale="3" decimals="-3">1,250</ix:nonFraction> thousand. Amounts due to Acme Holdings were '
        '$<ix:nonFraction name="us-gaap:DueToRelatedPartiesCurrent" contextRef="c3" unitRef="usd" scale="3" '
        'decimals="-3">300</ix:nonFraction> thousand as of December 31, 2024.')


def test_text_block_chain_found_and_read_with_offsets_into_the_document() -> None:
    doc = ixbrl(NOTE)
    fx = read_document(doc, source="widget-10k.htm")
    assert [s.found_by for s in fx.sections] == ["text-block"]
    sec = fx.sections[0]
    assert sec.heading == "9. Related Party Transactions" and len(sec.parts) == 2 and sec.tagged_values == 2
    facts = [f for n in fx.notes for f in n.facts()]
    assert {(f.kind, f.amount) for f in facts} == {("cost", Decimal(1250000)), ("payable", Decimal(300000))}
    for f in facts:  # every span points at the characters of the document as given
        assert f.amount_start is not None and f.amount_end is not None
        assert doc[f.amount_start:f.amount_end].replace(",", "").count(str(int(f.amount / 1000))) == 1
        assert doc[f.start:f.end].startswith(("During", "Amounts"))
        assert f.section == "9. Related Party Transactions" and f.source == "widget-10k.htm"
        assert (f.filer, f.cik, f.form, str(f.period_of_report)) == ("Widget Corp", "0000123456", "10-K", "2024-12-31")
    rec = fx.reconciliations[0]
    assert rec.counts()["agree"] == 2, [i.message for i in rec.items]


def test_the_table_of_contents_line_is_not_the_note() -> None:
    doc = ixbrl(NOTE).replace("us-gaap:RelatedPartyTransactionsDisclosureTextBlock", "abc:SomethingElseTextBlock")
    sections = locate_sections(doc)
    assert [s.heading for s in sections] == ["9. Related Party Transactions"]
    assert sections[0].found_by == "heading"
    assert "| 45" not in sections[0].heading


def test_a_tag_whose_scale_contradicts_the_text_differs() -> None:
    doc = ixbrl(NOTE.replace('scale="3" decimals="-3">300<', 'scale="6" decimals="-6">300<'))
    fx = read_document(doc, source="x.htm")
    items = {i.status: i for i in fx.reconciliations[0].items}
    assert "differ" in items and items["differ"].tagged is not None and items["differ"].tagged.value == Decimal(300_000_000)


def test_a_negative_sign_is_kept_on_the_tag_and_still_agrees() -> None:
    doc = ixbrl(NOTE.replace('scale="3" decimals="-3">300<', 'scale="3" decimals="-3" sign="-">300<'))
    fx = read_document(doc, source="x.htm")
    items = [i for i in fx.reconciliations[0].items if i.tagged is not None and i.tagged.value is not None
             and i.tagged.value < 0]
    assert [i.status for i in items] == ["agree"] and items[0].tagged is not None
    assert items[0].tagged.value == Decimal(-300_000)


def test_fixed_zero_is_a_known_zero() -> None:
    note = NOTE.replace('scale="3" decimals="-3">300</ix:nonFraction> thousand',
                        'scale="3" format="ixt:fixed-zero">—</ix:nonFraction>')
    fx = read_document(ixbrl(note), source="x.htm")
    tags = {t.tagged.text: t.tagged for t in fx.reconciliations[0].items if t.tagged is not None}
    assert tags["—"].value == 0 and "0" in tags["—"].warnings[0]


def test_continued_at_pointing_nowhere_warns_and_keeps_the_first_part() -> None:
    fx = read_document(ixbrl(NOTE, continued='continuedAt="missing-9"', parts=""), source="broken.htm")
    assert len(fx.sections) == 1 and len(fx.sections[0].parts) == 1
    assert any("missing-9" in w.message and "broken.htm" in w.message for w in fx.warnings)


def test_continued_at_loop_stops() -> None:
    parts = '<ix:continuation id="rp-1" continuedAt="rp-2"><div>' + NOTE + \
            '</div></ix:continuation><ix:continuation id="rp-2" continuedAt="rp-1"><div>More.</div></ix:continuation>'
    fx = read_document(ixbrl(NOTE, parts=parts), source="loop.htm")
    assert len(fx.sections[0].parts) == 3
    assert any("loops" in w.message and "loop.htm" in w.message for w in fx.warnings)


def test_truncated_html_reads_what_is_there() -> None:
    doc = ixbrl(NOTE)
    cut = doc[: doc.index("Amounts due to") + 20]
    fx = read_document(cut, source="cut.htm")
    assert fx.sections and any("never closed" in w.message and "cut.htm" in w.message for w in fx.warnings)
    assert any(f.kind == "cost" for n in fx.notes for f in n.facts())


def test_deeply_nested_tags_and_unterminated_markup() -> None:
    deep = "<div>" * 100_000 + "Related party text." + "</div>" * 100_000
    vis = visible_text(deep)
    assert vis.text.strip() == "Related party text."
    vis = visible_text("<p>one</p><!-- never closed " + "x" * 1000)
    assert vis.text.strip() == "one" and "unterminated comment" in vis.warnings[0]


def test_an_entity_bomb_is_inert() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)).replace("&lol0;", "&lol;")
            + "]><html><body><p>&lol9; &amp; friends</p></body></html>")
    fx = read_document(bomb, source="bomb.htm")
    vis = visible_text(bomb)
    assert len(vis.text) < 100 and "&" in vis.text
    assert any("entity declarations" in w.message for w in fx.warnings)
    assert any("no related-party" in w.message for w in fx.warnings)


def test_no_note_no_guess() -> None:
    doc = ixbrl(NOTE).replace("Related Party Transactions", "Commitments").replace(
        "us-gaap:RelatedPartyTransactionsDisclosureTextBlock", "us-gaap:CommitmentsTextBlock")
    fx = read_document(doc, source="none.htm")
    assert fx.sections == [] and fx.notes == []
    assert [w.message for w in fx.warnings] == ["none.htm: no related-party note or section found; no facts are given"]


def test_a_200_mb_file_is_refused_by_name(tmp_path: Path) -> None:
    big = tmp_path / "huge-10k.htm"
    with big.open("wb") as fh:
        fh.truncate(200_000_000)  # sparse: 200 MB on paper, nothing written
    fx = read_filing(big)
    assert fx.notes == [] and "huge-10k.htm" in fx.warnings[0].message and "too large" in fx.warnings[0].message


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relparty.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_cli_extract_detects_a_filing_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "widget-10k.htm").write_text(ixbrl(NOTE), encoding="utf-8")
    big = tmp_path / "huge.htm"
    with big.open("wb") as fh:
        fh.truncate(30_000_000)
    nothing = ixbrl(NOTE).replace("Related Party Transactions", "Commitments").replace(
        "us-gaap:RelatedPartyTransactionsDisclosureTextBlock", "us-gaap:CommitmentsTextBlock")
    (tmp_path / "plain-10k.htm").write_text(nothing, encoding="utf-8")
    r = _cli("extract", str(big), str(tmp_path / "widget-10k.htm"), str(tmp_path / "plain-10k.htm"))
    assert r.returncode == 1  # the huge file failed, the others were read
    facts = [json.loads(x) for x in r.stdout.splitlines()]
    assert {f["kind"] for f in facts} == {"cost", "payable"}
    assert all(f["section"] == "9. Related Party Transactions" and f["filer"] == "Widget Corp" for f in facts)
    assert "huge.htm: too large" in r.stderr
    assert "plain-10k.htm: warning: no related-party note or section found" in r.stderr


def test_cli_locate(tmp_path: Path) -> None:
    (tmp_path / "widget-10k.htm").write_text(ixbrl(NOTE), encoding="utf-8")
    (tmp_path / "other.htm").write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    r = _cli("locate", "--format", "jsonl", str(tmp_path / "widget-10k.htm"), str(tmp_path / "other.htm"),
             str(tmp_path / "missing.htm"))
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["found_by"].startswith("us-gaap:RelatedPartyTransactionsDisclosureTextBlock (2 parts)")
    assert rows[0]["heading"] == "9. Related Party Transactions"
    assert rows[1] == {"file": str(tmp_path / "other.htm"), "section": None, "found_by": "none"}
    assert r.returncode == 1 and "missing.htm" in r.stderr


@NEEDS
def test_union_pacific_note_read_and_tags_agree() -> None:
    path = FILINGS / "unp-10-k-2025-02-07.html"
    fx = read_filing(str(path))
    doc = path.read_text(encoding="utf-8")
    assert fx.provenance.cik == "0000100885" and fx.provenance.form == "10-K"
    assert str(fx.provenance.period_of_report) == "2024-12-31"
    facts = fx.notes[0].facts()
    assert sorted(f.amount for f in facts if f.kind == "cost") == [399_000_000, 402_000_000, 432_000_000]
    for f in facts:
        assert f.amount_start is not None and f.amount_end is not None
        shown = int(f.amount / 1_000_000)
        assert f">{shown}</ix:nonFraction> million" in doc[f.amount_start:f.amount_end]
    assert fx.reconciliations[0].counts()["agree"] == 5


@NEEDS
def test_apple_10q_has_no_note() -> None:
    fx = read_filing(FILINGS / "0000320193-25-000057")
    assert fx.notes == [] or all(not n.records for n in fx.notes)
    assert sum("no related-party note" in w.message for w in fx.warnings) == 1


def test_review_shows_the_located_note_and_its_place(tmp_path: Path) -> None:
    (tmp_path / "widget-10k.htm").write_text(ixbrl(NOTE.replace("Acme Holdings of", "Acme <Holdings> of")),
                                             encoding="utf-8")
    out = tmp_path / "review.html"
    r = _cli("extract", str(tmp_path / "widget-10k.htm"), "--format", "html", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "Section 1: 9. Related Party Transactions" in page
    assert "us-gaap:RelatedPartyTransactionsDisclosureTextBlock (2 parts)" in page and "of the document as given" in page
    assert "<Holdings>" not in page  # the filing's text is escaped like any note


# --- an EDGAR folder: FilingSummary.xml and R pages ---------------------------------------------------

SUMMARY = """<?xml version="1.0" encoding="utf-8"?><FilingSummary><MyReports>
<Report instance="w-20241231.htm"><HtmlFileName>R2.htm</HtmlFileName><LongName>1 - Statement - BALANCE SHEETS</LongName>
<Role>http://w.com/role/BS</Role><ShortName>BALANCE SHEETS</ShortName><MenuCategory>Statements</MenuCategory></Report>
<Report instance="w-20241231.htm"><HtmlFileName>R9.htm</HtmlFileName><LongName>9 - Disclosure - RELATED PARTY TRANSACTIONS</LongName>
<Role>http://w.com/role/RPT</Role><ShortName>RELATED PARTY TRANSACTIONS</ShortName><MenuCategory>Notes</MenuCategory></Report>
<Report instance="w-20241231.htm"><HtmlFileName>R40.htm</HtmlFileName><LongName>40 - Details - Transactions (Details)</LongName>
<Role>http://w.com/role/RPTDetails</Role><ParentRole>http://w.com/role/RPT</ParentRole><ShortName>Transactions (Details)</ShortName><MenuCategory>Details</MenuCategory></Report>
<Report instance="w-20241231.htm"><HtmlFileName>R41.htm</HtmlFileName><LongName>41 - Details - Leases (Details)</LongName>
<Role>http://w.com/role/LeaseDetails</Role><ParentRole>http://w.com/role/Leases</ParentRole><ShortName>Leases (Details)</ShortName><MenuCategory>Details</MenuCategory></Report>
</MyReports></FilingSummary>"""
R9 = """<html><body><table><tr><th>RELATED PARTY TRANSACTIONS</th></tr><tr><td>
<p>The Company purchased services from Acme Holdings of $1,250 and $900 for the years ended December 31, 2024 and 2023.</p>
</td></tr></table></body></html>"""
R40 = """<html><body><table>
<tr><th class="tl" rowspan="2"><div>Transactions (Details) - USD ($)<br>$ in Thousands</div></th><th colspan="2">12 Months Ended</th></tr>
<tr><th>Dec. 31, 2024</th><th>Dec. 31, 2023</th></tr>
<tr><td>Acme Holdings [Member]</td><td></td><td></td></tr>
<tr><td>Related Party Transaction [Line Items]</td><td></td><td></td></tr>
<tr><td>Purchases from related party</td><td>$ 1,250</td><td>$ 900</td></tr>
</table></body></html>"""


def test_an_edgar_folder_is_one_filing_picked_from_its_summary(tmp_path: Path) -> None:
    folder = tmp_path / "0000000000-25-000001"
    folder.mkdir()
    (folder / "FilingSummary.xml").write_text(SUMMARY, encoding="utf-8")
    (folder / "R9.htm").write_text(R9, encoding="utf-8")
    (folder / "R40.htm").write_text(R40, encoding="utf-8")
    (folder / "R41.htm").write_text(R40.replace("Transactions", "Leases"), encoding="utf-8")  # not the note's: never read
    fx = read_filing(folder)
    assert fx.notes and fx.notes[0].section == "RELATED PARTY TRANSACTIONS"
    facts = fx.notes[0].facts()
    assert sorted(f.amount for f in facts) == [900, 1250]
    rec = fx.reconciliations[0]
    assert rec.pages == [str(folder / "R40.htm")]
    assert rec.counts()["agree"] == 2, [i.message for i in rec.items]
    r = _cli("extract", str(folder) + "/")
    assert {json.loads(x)["amount"] for x in r.stdout.splitlines()} == {900, 1250}


def test_an_edgar_folder_without_the_note_page_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "FilingSummary.xml").write_text(SUMMARY, encoding="utf-8")
    fx = read_filing(folder)
    assert fx.notes == [] and any("R9.htm" in w.message and "not in the folder" in w.message for w in fx.warnings)


# --- Item 404 (proxies, prospectuses, Item 13) ---------------------------------------------------------

PROXY = """<html><body><div>SECURITIES AND EXCHANGE COMMISSION</div><div>SCHEDULE 14A</div>
<div>Table of Contents</div><div>Transactions with Related Persons | 12</div>
<div>Board Meetings</div><div>The Board met nine times during the year and every director attended the meetings.</div>
<div>Transactions with Related Persons</div>
<div>Our Audit Committee must review and approve any transaction in which the amount involved exceeds $120,000.</div>
<div>{body}</div>
<div>Stockholder Proposals</div><div>Proposals for next year must be received by the Secretary before the deadline.</div>
</body></html>"""


def test_item_404_fields_of_a_family_member() -> None:
    body = ("The brother of Jane Roe, our Chief Executive Officer, is employed by the Company as a sales manager "
            "and received total compensation of $250,000 in 2024.")
    fx = read_document(PROXY.format(body=body), source="proxy.htm")
    assert [s.heading for s in fx.sections] == ["Transactions with Related Persons"]
    items = fx.item404
    assert len(items) == 1 and not fx.no_transactions
    it = items[0]
    assert it.related_person == "The brother of Jane Roe"
    assert it.relationship is not None and "Chief Executive Officer" in it.relationship
    assert it.interest is not None and it.interest.startswith("is employed by the Company")
    assert it.amount == "$250,000"


def test_item_404_no_transactions_record_and_its_controls() -> None:
    none = "Since the beginning of 2024 the Company had no transactions in which any related person had a material interest."
    fx = read_document(PROXY.format(body=none), source="proxy.htm")
    assert fx.no_transactions and [i.no_transactions for i in fx.item404] == [True]
    excepted = "Except as described below, there were no transactions with related persons during 2024."
    fx = read_document(PROXY.format(body=excepted), source="proxy.htm")
    assert not fx.no_transactions  # "except as described below": some were reported
    policy = "The policy requires that any transaction with a related person be approved in advance."
    assert read_document(PROXY.format(body=policy), source="proxy.htm").item404 == []  # policy text is no record


@NEEDS
def test_cabot_proxy_says_no_transactions() -> None:
    fx = read_filing(FILINGS / "cabot.DEF14A.ixbrl.html")
    assert fx.no_transactions and fx.provenance.form == "DEF 14A"


def test_the_cover_names_the_filer_and_the_filer_is_no_party() -> None:
    from relparty import extract

    body = ("Widget Corp. buys steel from Acme Holdings. Purchases by Widget Corp. from Acme Holdings were $700 thousand "
            "for the year ended December 31, 2024.")
    fx = read_document(ixbrl(body), source="widget.htm")
    assert fx.provenance.filer == "Widget Corp"
    got = {(f.counterparty, f.kind, f.amount) for n in fx.notes for f in n.facts()}
    assert got == {("Acme Holdings", "cost", Decimal(700000))}
    # control: the same words read without the cover do not know who the filer is
    assert "Widget Corp." in {f.counterparty for f in extract(body).facts()}
