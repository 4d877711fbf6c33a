"""The layout stage (``relparty.layout``): block classes, hard-wrapped prose re-joined, glue split,
offsets that still map to the original characters. Every layout here is invented; each family
has control shapes that must NOT be joined or split."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from relparty import extract
from relparty.layout import classify_line, cut_tail, lay_out
from relparty.readers import read_plain


def _laid(text: str):  # type: ignore[no-untyped-def]
    return lay_out(read_plain(text))


def _maps_back(text: str) -> None:
    """Every laid-out character is its original character, a joined line break (a space for a
    newline) or an inserted space (mapped to the character after it)."""
    lay = _laid(text)
    src = lay.source
    assert len(src.offsets) == len(src.text) + 1
    for i, ch in enumerate(src.text):
        o = src.offsets[i]
        orig = src.original[o]
        assert ch == orig or (ch == " " and (orig == "\n" or orig.isspace() or src.offsets[i + 1] == o)), (i, ch, orig)


def _facts(text: str) -> set[tuple[str, date, str, Decimal | None]]:
    return {(f.kind, f.period_end, f.counterparty, f.amount) for f in extract(text).facts()}


# --- line and block classes ----------------------------------------------------------------------

@pytest.mark.parametrize("line, cls", [
    ("2022", "cell"), ("RMB", "cell"), ("US$", "cell"), ("RMB'000", "cell"), ("(1,234)", "cell"), ("—", "cell"),
    ("-", "cell"), ("nil", "cell"), ("(b)", "cell"), ("(ii)", "cell"), ("December 31, 2022", "cell"), ("€ 1,200", "cell"),
    ("Rs. 319", "cell"), ("", "cell"),
    ("Tenwave Group | 1,234 | 2,345", "pipe"), ("Notes | 2021 | 2022", "pipe"),
    ("$385,500and", "glue"), ("2023,respectively", "glue"), ("$410,000,", "glue"), ("2021,", "glue"), ("niland", "glue"),
    ("nil;", "glue"), ("RMB4,000at the two dates", "glue"),
    ("Loan to Aotao", "prose"), ("Revenue of $1,234 for 2022", "prose"), ("Nile Holdings", "prose"), ("a|b", "prose"),
])
def test_line_classes(line: str, cls: str) -> None:
    assert classify_line(line) == cls


def _kinds(text: str) -> list[str]:
    lay = _laid(text)
    return [b.kind for b in lay.blocks]


BLOCKS = [
    ("prose", "The Company paid rent to Tenwave Group.\nTenwave Group is owned by the CEO.", ["prose"]),
    ("cells", "For the years ended December 31,\n2022\n2023\nRent paid to Tenwave Group\n1,200\n1,300", ["cells"]),
    ("pipes", "Party | 2022 | 2023\nTenwave Group | 1,200 | 1,300\nOrbis Ltd | 100 | 200", ["pipes"]),
    ("xbrl", "The Company bought freight from Tenwave Group of\n$1,234\nduring the year ended December 31, 2023.", ["xbrl"]),
    ("glued prose", "Charter commissions owed to the Broker totalled\n$410,000,\n$385,500and\n$402,750for\n2021,\n2022and\n"
                    "2023,respectively.", ["prose"]),
]


@pytest.mark.parametrize("name, text, kinds", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_block_classes(name: str, text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds
    _maps_back(text)


# --- the inline-XBRL stream: recognised by its shape (the R page's text keeps no tag and no concept name) ---
# A stream is one value on a line of its own inside a sentence; the shapes below come near it and are not.

NOT_XBRL = [
    ("note markers between a row's values", "For the years ended December 31,\n2022\n2023\nFees paid to Tenwave Group\n"
     "304\n(5) (8)\n252\n(5) (8)", ["cells"]),
    ("a column of values under a label ending with a currency", "For the years ended December 31,\n2022\n2023\n"
     "Rent paid to Tenwave Group in RMB\n1,200\n1,300", ["cells"]),
    ("a column of values under a sentence ending with a currency", "The rent paid to Tenwave Group was as follows, in RMB\n"
     "1,200\n1,300\nThe rent is paid monthly.", None),
    ("a year cell under a sentence", "The Company made purchases of\n2023\nTenwave Group is owned by the CEO.", None),
    ("pipes", "Rent paid to Tenwave Group | 1,200 | 1,300\nfees of | 5 | 6", None),
]


@pytest.mark.parametrize("name, text, kinds", NOT_XBRL, ids=[x[0] for x in NOT_XBRL])
def test_near_misses_are_no_xbrl_stream(name: str, text: str, kinds: list[str] | None) -> None:
    got = _kinds(text)
    assert "xbrl" not in got
    if kinds is not None:
        assert got == kinds
    _maps_back(text)


def test_an_xbrl_stream_with_a_currency_line() -> None:
    text = "The Company bought freight from Tenwave Group of £\n1,234\nduring the year ended December 31, 2023."
    assert _kinds(text) == ["xbrl"]


# --- joined prose and split glue: text ------------------------------------------------------------

JOINS = [
    # (family, text, laid-out text)
    ("glued amounts", "fees totalled\n$410,000,\n$385,500and\n$402,750for\n2021,\n2022and\n2023,respectively.",
     "fees totalled $410,000, $385,500 and $402,750 for 2021, 2022 and 2023, respectively."),
    ("nil glued", "The balance stood at\nniland\nRMB4,000at the two dates.", "The balance stood at nil and RMB4,000 at the two dates."),
    ("wrapped lower-case", "the debt investments of RMB165,000\nwere disposed of.", "the debt investments of RMB165,000 were disposed of."),
    ("sign at line end", "purchases of £\nnil (2021: £\nnil).", "purchases of £ nil (2021: £ nil)."),
    ("inline value", "freight bought from X of\n$1,234\nduring 2023.", "freight bought from X of $1,234 during 2023."),
    ("a run of tagged values and fragments", "the Company incurred\n$46,164\n(\n$65,808\nfor\n2019\n) in fees paid to X.",
     "the Company incurred $46,164 ( $65,808 for 2019 ) in fees paid to X."),
    ("a dated aside closed by its line", "was payable to X (\nNovember 30, 2019:\n$4,200\n). The rest",
     "was payable to X ( November 30, 2019: $4,200 ). The rest"),
    ("a wrapped row label", "Amounts due to\nrelated parties\n1,200\n1,300", "Amounts due to related parties\n1,200\n1,300"),
    ("a sentence wrapped over an empty cell", "Group transactions with the related parties of the Company\n|\nwere as follows:",
     "Group transactions with the related parties of the Company were as follows:"),
    # controls: nothing joined or split
    ("control: header cells wrapped over lines, an empty cell between", "Key management\n|\n|\nAssociates\n|\n|\npersonnel"
     "\n|\n|\nof the Company", "Key management\nAssociates\npersonnel\nof the Company"),
    ("control: a row's values and an item number", "Interest at 1.25% per month\n51,347\n(5)\n51,347\niii.\n"
     "Interest at 0.5% per month", "Interest at 1.25% per month\n51,347\n(5)\n51,347\niii.\nInterest at 0.5% per month"),
    ("control: a column of values under a label", "Amounts due to Orla Ltd\n$\n1,200\n1,300\nfor 2023",
     "Amounts due to Orla Ltd\n$\n1,200\n1,300\nfor 2023"),
    ("control: sentence ends", "Rent was paid.\n$1,000 was owed.", "Rent was paid.\n$1,000 was owed."),
    ("control: table header", "For the years ended December 31,\n2022\n2023\nRMB\nRMB", "For the years ended December 31,\n2022\n2023\nRMB\nRMB"),
    ("control: cell rows", "Loan to Aotao\n(167,279,750)\n(479,356,500)", "Loan to Aotao\n(167,279,750)\n(479,356,500)"),
    ("control: ordinals and scales", "On the 3rd day a fee of $2.5bn and 12th fee.", "On the 3rd day a fee of $2.5bn and 12th fee."),
    ("control: pipe rows", "Tenwave | 1,200 | 1,300\nOrbis | 100 | 200", "Tenwave | 1,200 | 1,300\nOrbis | 100 | 200"),
    ("control: upper-case line", "Related party transactions\nTenwave Group is a shareholder.",
     "Related party transactions\nTenwave Group is a shareholder."),
]


@pytest.mark.parametrize("name, text, want", JOINS, ids=[j[0] for j in JOINS])
def test_joins_and_glue(name: str, text: str, want: str) -> None:
    assert _laid(text).text == want
    _maps_back(text)


# --- joined prose and split glue: the facts they give ---------------------------------------------

Y = date
FACTS = [
    ("three glued amounts, three years",
     "Charter commissions paid to the Broker totalled\n$410,000,\n$385,500and\n$402,750for\nthe years ended December 31, 2021,\n"
     "2022and\n2023,respectively.",
     {("cost", Y(2021, 12, 31), "the Broker", Decimal(410000)), ("cost", Y(2022, 12, 31), "the Broker", Decimal(385500)),
      ("cost", Y(2023, 12, 31), "the Broker", Decimal(402750))}),
    ("nil glued to a word",
     "The amount due to Tenwave Group stood at\nniland\nRMB4,000at December 31, 2022 and 2023, respectively.",
     {("payable", Y(2022, 12, 31), "Tenwave Group", Decimal(0)), ("payable", Y(2023, 12, 31), "Tenwave Group", Decimal(4000))}),
    ("inline-XBRL value on its own line",
     "The Company purchased freight services from Tenwave Group of\n$1,234\nduring the year ended December 31, 2023.",
     {("cost", Y(2023, 12, 31), "Tenwave Group", Decimal(1234))}),
    ("wrapped after the currency sign",
     "Rent paid to Orbis Ltd was £\n5,000 for the year ended December 31, 2023.",
     {("cost", Y(2023, 12, 31), "Orbis Ltd", Decimal(5000))}),
    ("a run of tagged values inside a sentence",
     "During the year ended\nNovember 30, 2023,\nthe Company incurred\n$46,164\n(\n$65,808\nfor\n2022\n) in consulting fees "
     "paid to Orbis Ltd.",
     {("cost", Y(2023, 11, 30), "Orbis Ltd.", Decimal(46164)), ("cost", Y(2022, 11, 30), "Orbis Ltd.", Decimal(65808))}),
    ("control: a sentence per line stays two",
     "Rent paid to Orbis Ltd was $5,000 for the year ended December 31, 2023.\nOrbis Ltd is owned by the CEO.",
     {("cost", Y(2023, 12, 31), "Orbis Ltd", Decimal(5000))}),
]


@pytest.mark.parametrize("name, text, want", FACTS, ids=[f[0] for f in FACTS])
def test_prose_facts(name: str, text: str, want: set) -> None:  # type: ignore[type-arg]
    assert _facts(text) == want


def test_amount_spans_point_into_the_original() -> None:
    text = "Charter commissions paid to the Broker totalled\n$410,000,\n$385,500and\n$402,750for\nthe years ended " \
           "December 31, 2021,\n2022and\n2023,respectively."
    ex = extract(text)
    spans = sorted(text[f.amount_start:f.amount_end] for f in ex.facts())
    assert spans == ["$385,500", "$402,750", "$410,000"]


# --- properties ------------------------------------------------------------------------------------

_WORDS = st.sampled_from(["the", "fees", "paid", "to", "Tenwave", "Group", "totalled", "and", "for", "of", "respectively"])
_VALUES = st.sampled_from(["$410,000", "RMB4,000", "nil", "2021", "(1,234)", "—", "€1.5", "2022"])
_GLUE = st.sampled_from(["", ",", "and", "for", ",respectively", " at", ";"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.lists(_WORDS, min_size=1, max_size=6).map(" ".join),
                          st.tuples(_VALUES, _GLUE).map("".join)), min_size=1, max_size=25),
       st.lists(st.sampled_from(["\n", " ", "\n\n", ".\n"]), min_size=25, max_size=25))
def test_every_character_maps_back(pieces: list[str], seps: list[str]) -> None:
    text = "".join(p + s for p, s in zip(pieces, seps))
    _maps_back(text)
    lay = _laid(text)
    # without the inserted spaces and with joined breaks as newlines, the text is the reader's (less a
    # number cut by the page end)
    read = read_plain(text).text
    cut = cut_tail(read, text)
    assert len(lay.text) >= (cut[0] if cut else len(read))
    for b in lay.blocks:
        assert 0 <= b.start <= b.end <= len(lay.text)


# --- bad input: linear, a warning, never an exception ---------------------------------------------

def test_a_million_lines() -> None:
    text = "Rent paid to\n$1,000\n" * 500_000
    lay = _laid(text)
    assert lay.text.count("\n") < 1_000_000  # joined
    assert len(lay.source.offsets) == len(lay.text) + 1


def test_a_cell_of_100_kb_is_left_with_a_warning() -> None:
    text = "Rent paid to Tenwave\n" + "1,000and " * 12_000 + "\nOther text"
    lay = _laid(text)
    assert lay.warnings and "left as it is" in lay.warnings[0]
    ex = extract(text)
    assert any("left as it is" in w.message for w in ex.warnings)


def test_glue_split_is_the_pattern_it_replaces() -> None:
    """The glue split (two patterns, each starting with a character) finds what the one pattern with a
    leading ``\\b`` found."""
    import random
    import re

    from relparty.layout import glue_ends

    old = re.compile(r"\d(?=[a-z]{2,})(?!(?:st|nd|rd|th|bn|mn|mm|k)\b)|\d,(?=[A-Za-z])|\bnil(?=[a-z]{2,}\b)", re.I)
    rnd = random.Random(5)
    pieces = ["500", "and", "Nil", "nil", "NIL", "3rd", "2.5bn", ",", "2023", "respectively", " ", "\n", "K", "ſt", "st",
              "x", "é", "١٢", "for", "NİL", "İl"]
    hits = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        want = [m.end() for m in old.finditer(text)]
        hits += bool(want)
        assert glue_ends(text) == want, repr(text)
    assert hits > 100


# --- the glue split, as first written (a look-ahead, then \b before "nil"): the same spaces --------------

_GLUE_AS_WRITTEN = re.compile(r"(?=[\dn])(?:\d(?=[a-z]{2,})(?!(?:st|nd|rd|th|bn|mn|mm|k)\b)|\d,(?=[A-Za-z])|\bnil(?=[a-z]{2,}\b))",
                              re.I)


@settings(max_examples=400, deadline=None)
@example("Fees of $385,500and RMB4,000at niland vanilla Nilxx 3rd 2.5bn 2023,respectively anilxx 5kk")
@given(st.lists(st.sampled_from(["n", "nil", "N", "I", "L", "a", "5", ",", " ", "st", "bn", "x", "ab", "K", "ı"]),
                max_size=20).map("".join))
def test_glue_splits_where_the_rule_says(words: str) -> None:
    line = f"Fees {words} end."  # a page that ends in a word: no number cut at its end
    at = [m.end() for m in _GLUE_AS_WRITTEN.finditer(line)]
    want = "".join(line[a:b] + " " for a, b in zip([0, *at], at)) + line[at[-1] if at else 0:]
    assert lay_out(read_plain(line)).text == want
