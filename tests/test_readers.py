"""Readers: EDGAR R-page text and HTML to clean text, every offset mapped to the original."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from relparty import extract
from relparty.readers import dropped_lines, read_html, read_plain, read_text

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


# --- the plain reader's lines: kept lines in as few pieces as can be, the same text and offsets --------

_LINE_PARTS = ["Revenue of RMB5", "|", " ", "\t", "||", "---", "12 Months Ended", "Dec. 31, 2023", "[Abstract]",
               "v1.2", "a", "\u00a0", "x | y"]


def _reference_lines(text: str) -> tuple[str, list[int]]:
    """What the plain reader keeps, line by line: each line not dropped, trimmed of its edge pipes
    and white space, and the line break before it (mapped to the original's break before the line)."""
    dropped = {d.start for d in dropped_lines(text)}
    footer = next((d.start for d in dropped_lines(text) if d.reason == "footer"), len(text))
    out, offsets, pos = [], [], 0
    for line in text[:footer].split("\n"):
        core = line.strip().strip("|")
        while core != core.strip().strip("|"):
            core = core.strip().strip("|")
        if pos not in dropped and core:
            if out:
                out.append("\n")
                offsets.append(pos - 1)
            s = pos + line.index(core)
            out.append(core)
            offsets.extend(range(s, s + len(core)))
        pos += len(line) + 1
    return "".join(out), offsets


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PARTS), max_size=5).map("".join), max_size=12).map("\n".join))
def test_plain_reader_keeps_each_line_trimmed_with_its_offsets(text: str) -> None:
    got = read_plain(text)
    want_text, want_offsets = _reference_lines(text)
    assert got.text == want_text.translate(str.maketrans({"\u00a0": " "}))
    assert list(got.offsets[:-1]) == want_offsets and got.offsets[-1] == len(text)


def test_a_version_line_is_a_header_row_only_at_its_start() -> None:
    assert read_plain("v1.2\nRevenue of RMB5.").text == "Revenue of RMB5."
    assert read_plain("Revenue v1.2\nRevenue of RMB5.").text == "Revenue v1.2\nRevenue of RMB5."


def test_the_pages_own_date_row_is_dropped_a_tables_date_cells_kept() -> None:
    # an R page's own header writes "Sep. 30, 2019"; a piped cell with the month in full is a table's column header
    # inside the note, even in the page's first lines ("Our related-party payables consisted of the following:")
    text = ("|Related-Party Transactions\n|6 Months Ended\n|Sep. 30, 2019\n|NOTE 5\n|Our payables:\n|September 30, 2019\n"
            "|March 31, 2019\n|Advances\n|5\n|6\n|Jun. 30, 2019\n")
    kept = read_text(text).text
    assert "Sep. 30, 2019" not in kept and "Jun. 30, 2019" not in kept
    assert "September 30, 2019\nMarch 31, 2019" in kept


# the ruler pattern as it was before its quantifiers were made possessive (the same lines, with backtracking state)
_BACKTRACKING_RULER = re.compile(r"[\s|]*-{3,}(?:[\s|]+-{3,})*[\s|]*")


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["-", "---", "|", " ", "\t", "x", "--"]), max_size=24).map("".join))
def test_a_ruler_line_is_the_lines_the_backtracking_pattern_took(line: str) -> None:
    reasons = [d.reason for d in dropped_lines(f"Revenue of $5 from A Ltd.\n{line}\nmore")]
    assert ("ruler" in reasons) == bool(_BACKTRACKING_RULER.fullmatch(line)), (line, reasons)


def test_a_long_ruler_line_and_one_that_is_not_quite_a_ruler() -> None:
    assert [d.reason for d in dropped_lines("Revenue\n" + "---|" * 50_000 + "\nx")] == ["ruler"]
    # the same cells, then words: not a ruler (the match fails at the end, with nothing kept to go back over)
    assert dropped_lines("Revenue\n" + "---|" * 50_000 + " Note 5\nx") == []
