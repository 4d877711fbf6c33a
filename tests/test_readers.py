"""Readers: EDGAR R-page text and HTML to clean text, every offset mapped to the original."""

from __future__ import annotations

from relparty import extract
from relparty.readers import read_html, read_text

RPAGE = open("corpus/notes/cloopen-2024-r29.txt", encoding="utf-8").read()


def test_rpage_drops_header_rows_rulers_and_footer() -> None:
    st = read_text(RPAGE)
    assert "---|---" not in st.text
    assert "12 Months Ended" not in st.text
    assert "[Abstract]" not in st.text
    assert "||||" not in st.text
    assert st.text.startswith("RELATED PARTY TRANSACTIONS")
    assert "Shanghai Keshen Information Technology Co., Ltd" in st.text


def test_footer_definitions_are_not_read() -> None:
    text = "|Related Party Transactions\nRevenue of RMB5 was recorded for the year ended December 31, 2023.\n|X\n- Definition\n+ References\nRevenue of RMB9 for the year ended December 31, 2023."
    st = read_text(text)
    assert "RMB9" not in st.text


def test_every_clean_character_maps_back() -> None:
    st = read_text(RPAGE)
    for i, ch in enumerate(st.text):
        if ch != "\n":
            assert RPAGE[st.to_original(i)] == ch


def test_html_entities_and_tags() -> None:
    html = ("<html><body><p>Revenues from Acme Co., Ltd were RMB1,000 and RMB2,000 for R&amp;D services for the years&#160;ended&nbsp;Dec. 31, "
            "2022 and 2023, respectively.</p><script>alert(1)</script></body></html>")
    st = read_html(html)
    assert "alert" not in st.text and "&amp;" not in st.text
    ex = extract(html)
    facts = ex.facts()
    assert [f.amount for f in facts] == [1000, 2000]
    for f in facts:
        assert html[f.amount_start : f.amount_end] in ("RMB1,000", "RMB2,000")
        assert f.evidence.startswith("<p>Revenues") is False and "Revenues from Acme" in f.evidence


def _check_map(original: str, st) -> None:  # type: ignore[no-untyped-def]
    assert len(st.offsets) == len(st.text) + 1
    assert st.offsets[-1] == len(original)
    assert all(a <= b for a, b in zip(st.offsets, st.offsets[1:]))  # the map never runs backwards
    for i, ch in enumerate(st.text):
        o = original[st.offsets[i]]
        if ch == " ":
            assert o.isspace() or o in "<&|", (i, o)  # a space, or one a tag or a table cell stands for
        elif ch != "\n":
            assert o == ch or o in "<&", (i, ch, o)  # or a character a tag or an entity stands for


def test_every_corpus_note_maps_back_character_by_character() -> None:
    from pathlib import Path

    notes = sorted(Path("corpus/notes").glob("*.txt"))
    assert len(notes) > 40
    for p in notes:
        text = p.read_text(encoding="utf-8")
        _check_map(text, read_text(text))


def test_html_offsets_compose_through_both_passes() -> None:
    html = ("<html><body><div>|Related parties|</div><table><tr><td>Loan to\u00a0Acme</td><td>RMB&nbsp;5</td></tr></table>"
            "<p>Fees   of\nRMB2 and RMB3 were paid&#8212;see below.</p></body></html>")
    st = read_html(html)
    assert "Loan to Acme | RMB 5" in st.text and "Fees of RMB2 and RMB3 were paid—see below." in st.text
    _check_map(html, st)
    i = st.text.index("RMB3")
    assert html[st.to_original(i) : st.to_original(i) + 4] == "RMB3"
