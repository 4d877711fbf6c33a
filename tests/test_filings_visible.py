"""The filings reader's bulk pass (``relparty.filings.visible``) against its tokenizer loop: the same visible text,
the same map to the document (built from checkpoints where asked for), the same inline XBRL index and warnings,
on documents of each construct the pass handles (tags that end a line or open a cell, entities, white space of
every kind, comments, CDATA, declarations, script and style, the hidden ix:header, nested, self-closed and
unclosed ix elements, continuation chains, a legacy text document) and on random mixtures of them."""

from __future__ import annotations

import random

import pytest
from relparty.filings.visible import Visible, visible_text


def _same(doc: str, legacy: bool | None = None) -> None:
    fast, loop = visible_text(doc, legacy), visible_text(doc, legacy, bulk=False)
    assert fast.text == loop.text
    assert fast.offsets(0, len(fast.text)) == loop.offsets(0, len(loop.text))
    for i in [*range(-1, len(fast.text) + 2, max(1, len(fast.text) // 50))]:
        assert fast.to_document(i) == loop.to_document(i), i
    r = random.Random(len(doc))
    for _ in range(10):
        s = r.randrange(len(fast.text) + 1)
        e = min(len(fast.text), s + r.randrange(2000))
        assert fast.offsets(s, e) == loop.offsets(s, e), (s, e)
    assert _index(fast) == _index(loop)
    assert {k: vars(c) for k, c in fast.contexts.items()} == {k: vars(c) for k, c in loop.contexts.items()}
    assert (fast.units, fast.warnings, fast.legacy) == (loop.units, loop.warnings, loop.legacy)


def _index(vis: Visible) -> list[tuple[object, ...]]:
    return [(e.kind, e.attrs, e.tag_start, e.inner_start, e.vis_start, e.inner_end, e.vis_end, e.parent, e.hidden)
            for e in vis.ix]


HEADER = ('<div style="display:none"><ix:header><ix:hidden><ix:nonNumeric name="dei:DocumentType" contextRef="c1">'
          "10-K</ix:nonNumeric></ix:hidden><ix:resources><xbrli:context id=\"c1\"><xbrli:entity><xbrli:segment>"
          '<xbrldi:explicitMember dimension="srt:CounterpartyNameAxis">x:AcmeMember</xbrldi:explicitMember>'
          "</xbrli:segment></xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>"
          '2024-12-31</xbrli:endDate></xbrli:period></xbrli:context><xbrli:unit id="usd"><xbrli:measure>iso4217:USD'
          "</xbrli:measure></xbrli:unit></ix:resources></ix:header></div>")


@pytest.mark.parametrize("doc", [
    "<div>Revenue <span>from</span> Acme</div><div>was $5.</div>",  # lines, inline tags
    "<table><tr><td>Acme</td><td>&#160;</td><td> 1,250 </td></tr><tr><td></td><td>$</td></tr></table>",  # cells
    "a&amp;b &nbsp; c&#8217;s &#10; d &bogus; &#32;&#32;e &lt;tag&gt;",  # entities, white-space entities
    "  lead \t\r\n  runs\u00a0\u2009of\u200bspace  <p>  </p>  trail  ",  # white space of every kind
    "<!-- <div>a</div> --><![CDATA[ x <b>y</b> ]]><!DOCTYPE html><?xml version='1.0'?>z",  # skipped markup
    "<script>var s = '<div>';</script><STYLE type=x>p{}</STYLE >after",  # dropped elements
    HEADER + "<div>19. Related Party Transactions</div>",  # hidden ix:header, contexts and units
    '<ix:nonNumeric name="us-gaap:RelatedPartyTransactionsDisclosureTextBlock" id="b" continuedAt="k">'
    "<div>Note</div></ix:nonNumeric><p>page</p><ix:continuation id=\"k\"> <div>Body <ix:nonFraction name=\"a\" "
    'contextRef="c1">5</ix:nonFraction> and <ix:nonFraction name="b"/></div> </ix:continuation>',  # chains, self-closed
    "<div><ix:nonFraction name='x'>1<ix:exclude>2</ix:exclude></div> cut",  # never closed
    "<ix:header><ix:nonFraction name='h'>1</ix:nonFraction>",  # header never closed
    "<p>one</p><!-- never closed <p>two</p>",
    "<p>one</p><script>never closed",
    "<p>one</p><!DOCTYPE x [<!ENTITY a 'b'> never closed",
    "<ix:header/><ix:header>hidden</ix:header></ix:header>visible",
    "<div>" * 2000 + "deep" + "</div>" * 2000,
])
def test_each_construct_reads_the_same(doc: str) -> None:
    _same(doc)


def test_a_legacy_text_document_reads_the_same() -> None:
    lines = "\n".join(f"  Line {i} of the text document,   with  runs <b>bold</b> &amp; more" for i in range(700))
    doc = "<html><body><div>" + lines + "\n<table>\n<tr><td>a</td><td>b</td></tr></table></div></body></html>"
    assert visible_text(doc).legacy
    _same(doc)


def test_documents_past_many_checkpoints_read_the_same() -> None:
    para = ('<div style="margin:0"><span>We paid Acme Holdings $<ix:nonFraction name="us-gaap:X" contextRef="c1">'
            "1,250</ix:nonFraction> thousand&#160;in 2024.</span></div><table><tr><td>Cost</td><td>$</td><td>812</td>"
            "</tr></table>\n")
    doc = HEADER + para * 3000 + "<!-- a comment -->" + para * 3000  # about 2 MB: checkpoints and chunks
    vis = visible_text(doc)
    assert len(vis.marks_vis) > 100
    _same(doc)


PIECES = ["<div>", "</div>", "<p>", "<td>", "</td>", "<tr>", "<span>", "</span>", " ", "  ", "\n", "\t", "\u00a0",
          "&#160;", "&amp;", "&#10;", "&", "<", ">", "a < b", "word", "Related Party Transactions", "$1,234",
          "<!-- c -->", "<![CDATA[ x ]]>", "<?xml?>", "<script>'<p>'</script>", "<ix:nonFraction name='a'>",
          "</ix:nonFraction>", "<ix:continuation id='k'>", "</ix:continuation>", "<ix:nonFraction name='b'/>",
          "<ix:header>", "</ix:header>", "<xbrli:context id='c'>", "<xbrli:instant>2024-12-31</xbrli:instant>",
          "</xbrli:context>", "<br/>", "<foo:bar>", "é", "’", "\u2009", "<S>", "<page>"]


@pytest.mark.parametrize("seed", range(40))
def test_random_mixtures_read_the_same(seed: int) -> None:
    r = random.Random(seed)
    doc = "".join(r.choice(PIECES) for _ in range(r.randrange(1, 400)))
    for legacy in (None, True):
        _same(doc, legacy)
