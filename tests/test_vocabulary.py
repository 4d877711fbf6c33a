"""The one vocabulary (patterns/vocabulary.json): validated, and every currency mark, scale word and
month it lists tokenises and reads as an amount; a price-parser style table of written amounts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from relparty import extract
from relparty.pipeline import build_pipeline
from relparty.vocabulary import (
    VOCABULARY_FILE,
    Vocabulary,
    currency_of,
    flat_alternation,
    literal_alternation,
    load_vocabulary,
    month_numbers,
    scale_of,
    stated_scale,
)

ROOT = Path(__file__).resolve().parent.parent
VOC = load_vocabulary()
SENTENCE = "Sales to Orla Ltd. were {} for the year ended December 31, 2023."


def _one(text: str) -> tuple[Decimal | None, str | None]:
    facts = extract(text).facts()
    assert len(facts) == 1, [(f.amount, f.currency) for f in facts]
    return facts[0].amount, facts[0].currency


# --- the file and its schema -----------------------------------------------------------------------


def _raw() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def test_unknown_keys_are_rejected() -> None:
    data = _raw()
    data["currency"] = []
    with pytest.raises(ValidationError):
        Vocabulary.model_validate(data)
    data = _raw()
    data["currencies"][0]["symbol"] = "$"
    with pytest.raises(ValidationError):
        Vocabulary.model_validate(data)


def test_a_mark_of_two_currencies_is_rejected() -> None:
    data = _raw()
    data["currencies"][0]["codes"].append("HK$")  # USD and HKD
    with pytest.raises(ValidationError, match="HK"):
        Vocabulary.model_validate(data)


def test_months_must_be_complete_and_iso_codes_well_formed() -> None:
    data = _raw()
    data["months"] = data["months"][:11]
    with pytest.raises(ValidationError):
        Vocabulary.model_validate(data)
    data = _raw()
    data["currencies"][0]["iso"] = "usd"
    with pytest.raises(ValidationError):
        Vocabulary.model_validate(data)


def test_no_other_file_lists_currencies() -> None:
    """The rule files and modules derive their currencies from the vocabulary."""
    for path in (ROOT / "patterns").glob("*.jsonl"):
        assert '"CURRENCY"' not in path.read_text(encoding="utf-8"), path
    for path in (ROOT / "nlp").rglob("*.py"):
        if path.name == "vocabulary.py":
            continue
        src = path.read_text(encoding="utf-8")
        for listed in (r"HK\$", r"NT\$", '"hk$"', '"nt$"', '"rmb"', "Rs\\.?"):
            assert listed not in src, (path, listed)
    assert "months" not in json.loads((ROOT / "patterns" / "lexicon.json").read_text(encoding="utf-8"))


def test_the_worlds_common_currencies_are_there() -> None:
    isos = {c.iso for c in VOC.currencies}
    wanted = ("USD CNY PHP INR JPY KRW EUR GBP CHF CAD AUD HKD SGD TWD MXN BRL ZAR TRY ILS SEK NOK DKK RUB IDR MYR THB VND "
              "NZD PLN")
    assert set(wanted.split()) <= isos


# --- every mark reads as an amount ---------------------------------------------------------------

SHARED = {s for sh in VOC.shared_signs for s in sh.signs}  # read by what the note says: tested below
MARKS = [(m, c.iso) for c in VOC.currencies for m in [*c.codes, *c.signs] if m not in SHARED]
WORDS = [(w.replace("u.s.", "U.S."), c.iso) for c in VOC.currencies for w in c.words]


@pytest.mark.parametrize(("mark", "iso"), MARKS, ids=[m for m, _ in MARKS])
@pytest.mark.parametrize("space", ["", " "], ids=["glued", "spaced"])
def test_each_mark_gives_an_amount_in_its_currency(mark: str, iso: str, space: str) -> None:
    assert _one(SENTENCE.format(f"{mark}{space}1,000")) == (1000, iso)


@pytest.mark.parametrize(("word", "iso"), WORDS, ids=[w for w, _ in WORDS])
def test_each_currency_word_after_a_number(word: str, iso: str) -> None:
    assert _one(SENTENCE.format(f"1,000 {word}")) == (1000, iso)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_pipeline()


@pytest.mark.parametrize(("text", "tokens"), [
    ("PHP1,000", ["PHP", "1,000"]), ("Rs.319", ["Rs.", "319"]), ("₹1,500", ["₹", "1,500"]), ("Rp5,000", ["Rp", "5,000"]),
    ("R1,500", ["R", "1,500"]), ("RM2,000", ["RM", "2,000"]), ("Mex$1,000", ["Mex$", "1,000"]), ("￥1,000", ["￥", "1,000"]),
    ("R.J.", ["R.J."]), ("RMB-denominated", ["RMB", "-", "denominated"]), ("$2.5bn", ["$", "2.5", "bn"]),
    ("K€172", ["K", "€", "172"]), ("k$5", ["k", "$", "5"]), ("KRW5,000", ["KRW", "5,000"]), ("kr500", ["kr", "500"]),
    ("NT$300", ["NT$", "300"]), ("K€", ["K€"]),
])
def test_glued_marks_are_split(nlp, text: str, tokens: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in nlp.tokenizer(text)] == tokens


def test_the_yen_sign_is_rmb_unless_the_note_says_yen() -> None:
    assert _one(SENTENCE.format("¥1,000")) == (1000, "CNY")
    assert _one("Amounts are in Japanese yen. " + SENTENCE.format("¥1,000")) == (1000, "JPY")


# "kr" is SEK, NOK, DKK or ISK: the country or currency the note names most; none (or a tie): the
# vocabulary's default, SEK (a tie: the first of the tied), and a warning that says so
KRONOR = [
    ("Orla AB is based in Sweden. ", "SEK", False), ("Orla AS is a Norwegian company. ", "NOK", False),
    ("Orla A/S, Denmark, and the Company (DKK in thousands). ", "DKK", False), ("Orla hf. is in Iceland. ", "ISK", False),
    ("", "SEK", True), ("Orla has offices in Norway and in Denmark. ", "NOK", True),
    # controls: words that hold a country code are not it ("risk" is not ISK, "seeks" not SEK)
    ("The Company seeks to limit its risk. Orla AS is a Norwegian company. ", "NOK", False),
]


@pytest.mark.parametrize(("lead", "iso", "warned"), KRONOR, ids=[f"{k[1]}-{k[2]}-{n}" for n, k in enumerate(KRONOR)])
@pytest.mark.parametrize("mark", ["kr", "kr.", "Kr"])
def test_kr_is_read_by_what_the_note_says(mark: str, lead: str, iso: str, warned: bool) -> None:
    ex = extract(lead + SENTENCE.format(f"{mark} 5,000"))
    assert [(f.amount, f.currency) for f in ex.facts()] == [(5000, iso)]
    assert any("'kr" in w.message.lower() and "read as" in w.message for w in ex.warnings) == warned


def test_an_explicit_krone_code_needs_no_guess() -> None:
    ex = extract("Orla has offices in Norway. " + SENTENCE.format("DKK 5,000"))
    assert [(f.amount, f.currency) for f in ex.facts()] == [(5000, "DKK")] and not ex.warnings


# decimal commas: a note that writes them ("1.234,5", "1.234.567", "1,5 million") reads "." as the
# thousands separator and "," as the decimal mark; a note of the other style keeps its reading
COMMA_NOTES = [
    ("Sales to Orla GmbH were €1.234,5 thousand and €980,25 thousand for the years ended December 31, 2023 and 2022, "
     "respectively.", [Decimal("1234500"), Decimal("980250")]),
    ("Sales to Orla GmbH were €1,5 million and €2,25 million for the years ended December 31, 2023 and 2022, "
     "respectively.", [Decimal("1500000"), Decimal("2250000")]),
    ("Sales to Orla GmbH were €1.234 and €2.000 for the years ended December 31, 2023 and 2022, respectively. "
     "The balance due from Orla GmbH was €1.234.567 at December 31, 2023.", [Decimal(1234), Decimal(2000), Decimal(1234567)]),
    ("Sales to Orla GmbH were EUR 12.345,67 for the year ended December 31, 2023.", [Decimal("12345.67")]),
    # controls: the decimal-point style of the same shapes is kept
    ("Sales to Orla Ltd. were $1,234.5 thousand and $1.234 for the years ended December 31, 2023 and 2022, respectively.",
     [Decimal("1234500"), Decimal("1.234")]),
    ("Sales to Orla Ltd. were $1,234 and $2,000 for the years ended December 31, 2023 and 2022, respectively. "
     "The balance due from Orla Ltd. was $1,234,567 at December 31, 2023.", [Decimal(1234), Decimal(2000), Decimal(1234567)]),
    ("Sales to Orla Ltd. were $1.5 million for the year ended December 31, 2023.", [Decimal(1500000)]),
    ("Orla S.A. (tax number 96.810.370-9) and Birch S.A. (tax number 81.062.300-4) are affiliates. Sales to Orla S.A. "
     "were US$231,714 for the year ended December 31, 2023.", [Decimal(231714)]),
]


@pytest.mark.parametrize(("text", "values"), COMMA_NOTES, ids=[f"comma-{n}" for n in range(len(COMMA_NOTES))])
def test_decimal_commas_by_the_notes_style(text: str, values: list[Decimal]) -> None:
    facts = extract(text).facts()
    assert [f.amount for f in facts] == values


def test_a_decimal_comma_keeps_the_amount_as_written() -> None:
    text = "Sales to Orla GmbH were €1.234,5 thousand for the year ended December 31, 2023."
    ex = extract(text)
    (rec,) = ex.records
    amount = rec.amounts[0].amount
    assert amount.text == "€1.234,5 thousand" and text[amount.span.start : amount.span.end] == amount.text


def test_a_list_after_a_yen_sign_keeps_the_yen() -> None:
    text = "The Company is in Japan. Sales to Orla Ltd. were ¥1,000 and 900 for the years ended March 31, 2024 and 2023."
    facts = extract(text).facts()
    assert [(f.amount, f.currency) for f in facts] == [(1000, "JPY"), (900, "JPY")]


def test_lookups() -> None:
    assert currency_of("HK$") == "HKD" and currency_of("hk$") == "HKD" and currency_of("U.S. dollars") == "USD"
    assert currency_of("Orla") is None
    assert scale_of("million") == 1_000_000 and scale_of("k") == 1000 and scale_of("bn") == 10**9 and scale_of("x") is None
    assert month_numbers()["sept."] == 9 and month_numbers()["dec"] == 12 and month_numbers()["may"] == 5


@pytest.mark.parametrize(("text", "scale"), [
    ("Related Party Transactions - CNY (¥) ¥ in Thousands", 1000),
    ("RMB in Thousands, $ in Thousands", 1000),
    ("(in thousands of U.S. dollars, except share data)", 1000),
    ("(Amounts in RMB'000)", 1000),
    ("US$’000", 1000),
    ("(in millions of Japanese yen)", 1_000_000),
    ("$ in Millions", 1_000_000),
    ("Revenues of RMB34 were recorded.", None),
    ("the Company sold 1,000 units in thousands of stores", 1000),  # a unit statement by its words; known limit
    ("RMB'0001", None),
    # the first "in" begins no statement, a later one does; "within", "Win" are no "in"
    ("Sales in 2023 were recorded within thousands of days. Win millions. In the table, $ in Millions", 1_000_000),
    ("within thousands", None),
    ("IN THOUSANDS", 1000), ("in\nthousands", 1000),
    # the first statement written counts, whichever form it is
    ("(RMB'000) ... in millions", 1000), ("in millions ... (RMB'000)", 1_000_000), ("$’000,000", 1_000_000),
    ("1,000 and 2,000s", None),
])
def test_stated_scale(text: str, scale: int | None) -> None:
    assert stated_scale(text) == scale


def test_stated_scale_reads_in_written_with_any_letter_that_matches_i_in_any_case() -> None:
    # the search is tried only where "in" begins, in every case the regex engine allows ("İN", "ıN")
    eyes = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and re.fullmatch("(?i)i", chr(c))]
    assert len(eyes) >= 2
    for i in eyes:
        assert stated_scale(f"Amounts {i}N thousands") == 1000, i
        assert stated_scale(f"Amounts {i}n millions") == 1_000_000, i


# --- a price-parser style table of amounts as filings write them --------------------------------

AMOUNTS = [
    ("$1,000", 1000, "USD"), ("$ 1,000", 1000, "USD"), ("US$1,000", 1000, "USD"), ("US$ 1,000", 1000, "USD"),
    ("US $1,000", 1000, "USD"), ("U.S.$1,000", 1000, "USD"), ("USD 1,000", 1000, "USD"), ("USD1,000", 1000, "USD"),
    ("$1.2 million", 1200000, "USD"), ("$1.2 Million", 1200000, "USD"), ("$.5 million", 500000, "USD"),
    ("$0.5 million", 500000, "USD"), ("$5k", 5000, "USD"), ("$1.2M", 1200000, "USD"), ("$2.5bn", 2500000000, "USD"), ("$2.5 billion", 2500000000, "USD"),
    ("US$0.9 million", 900000, "USD"), ("$1,234,567.89", Decimal("1234567.89"), "USD"), ("$99.996", Decimal("99.996"), "USD"),
    ("1.2 million U.S. dollars", 1200000, "USD"), ("1,000 US dollars", 1000, "USD"), ("USD 3 thousand", 3000, "USD"),
    ("RMB3,350", 3350, "CNY"), ("RMB 3,350", 3350, "CNY"), ("Rmb3,350", 3350, "CNY"), ("RMB34", 34, "CNY"),
    ("RMB0.9 million", 900000, "CNY"), ("RMB 2.5 billion", 2500000000, "CNY"), ("CNY 12,000", 12000, "CNY"),
    ("3,350 yuan", 3350, "CNY"), ("RMB nil", 0, "CNY"), ("¥614 million", 614000000, "CNY"), ("RMB¥500", 500, "CNY"),
    ("HK$1.2 million", 1200000, "HKD"), ("HK$ 800", 800, "HKD"), ("HKD 800", 800, "HKD"), ("NT$3,000", 3000, "TWD"),
    ("TWD 3,000", 3000, "TWD"), ("€0.3 million", 300000, "EUR"), ("€ 300", 300, "EUR"), ("EUR 1,500", 1500, "EUR"),
    ("1,500 euros", 1500, "EUR"), ("£0.1m", 100000, "GBP"), ("£ 2,000", 2000, "GBP"), ("GBP 2,000", 2000, "GBP"),
    ("Rs. 319", 319, "INR"), ("Rs.319", 319, "INR"), ("Rs 319", 319, "INR"), ("₹1,500", 1500, "INR"),
    ("INR 1,500 million", 1500000000, "INR"), ("1,500 rupees", 1500, "INR"), ("JPY 5,000", 5000, "JPY"),
    ("5,000 yen", 5000, "JPY"), ("KRW 1,500 million", 1500000000, "KRW"), ("₩1,500", 1500, "KRW"),
    ("PHP1,000", 1000, "PHP"), ("PHP 1,000", 1000, "PHP"), ("₱1,000", 1000, "PHP"), ("S$ 12,500", 12500, "SGD"),
    ("SGD12,500", 12500, "SGD"), ("A$2.0 million", 2000000, "AUD"), ("AUD 2,000", 2000, "AUD"), ("C$180,000", 180000, "CAD"),
    ("CAD 180,000", 180000, "CAD"), ("CDN$ 5,000", 5000, "CAD"), ("NZ$ 500", 500, "NZD"), ("CHF 45,000", 45000, "CHF"),
    ("Mex$1,000", 1000, "MXN"), ("MXN 10,000", 10000, "MXN"), ("Ps. 500", 500, "MXN"), ("R$ 2.5 million", 2500000, "BRL"),
    ("BRL 2,500", 2500, "BRL"), ("R1,500", 1500, "ZAR"), ("ZAR 1,500", 1500, "ZAR"), ("TRY 3,000", 3000, "TRY"),
    ("₺3,000", 3000, "TRY"), ("NIS 1.5 million", 1500000, "ILS"), ("ILS 100", 100, "ILS"), ("₪200", 200, "ILS"),
    ("SEK 1.2 million", 1200000, "SEK"), ("NOK 12,000", 12000, "NOK"), ("DKK 750", 750, "DKK"), ("PLN 900", 900, "PLN"),
    ("RUB 5,000", 5000, "RUB"), ("₽5,000", 5000, "RUB"), ("IDR 20,000", 20000, "IDR"), ("Rp 20,000", 20000, "IDR"),
    ("Rp20,000", 20000, "IDR"), ("RM 2,000", 2000, "MYR"), ("MYR 2,000", 2000, "MYR"), ("THB 8,000", 8000, "THB"),
    ("฿8,000", 8000, "THB"), ("VND 1,000,000", 1000000, "VND"), ("₫1,000,000", 1000000, "VND"),
    ("AED 4,000", 4000, "AED"), ("NGN 4,000", 4000, "NGN"),
]
AMOUNTS += [
    ("$1.2MM", 1200000, "USD"), ("$2.5 MM", 2500000, "USD"), ("$1.2 mil", 1200000, "USD"),
    ("EUR 1.234,56", Decimal("1234.56"), "EUR"), ("€1.234,5 thousand", 1234500, "EUR"), ("€1,5 million", 1500000, "EUR"),
    ("DKK 1.234.567", 1234567, "DKK"), ("kr 5,000", 5000, "SEK"), ("kr5,000", 5000, "SEK"), ("kr. 5,000", 5000, "SEK"),
]
# a space as the thousands separator, where the note groups its amounts so (a currency mark before the groups)
AMOUNTS += [
    ("USD 1 234", 1234, "USD"), ("RMB 1 234 567", 1234567, "CNY"), ("€ 12 500", 12500, "EUR"), ("€12 500", 12500, "EUR"),
    ("CHF 1 250 000", 1250000, "CHF"), ("SEK 2 500.50", Decimal("2500.50"), "SEK"), ("€ 1 200 thousand", 1200000, "EUR"),
]


@pytest.mark.parametrize(("written", "value", "iso"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_written_amounts(written: str, value: Decimal | int, iso: str) -> None:
    assert _one(SENTENCE.format(written)) == (Decimal(value), iso)


SPACED = [  # bare groups follow the note's style; controls: year lists and counts never group, nor a note without the style
    ("Sales to Orla SA were € 12 500, 9 000 and 8 000 for 2023, 2022 and 2021, respectively.", [12500, 9000, 8000]),
    ("Sales to Orla SA were € 2 500 and 1 000 for the years ended December 31, 2023 and 2022, respectively.", [2500, 1000]),
    ("Sales to Orla SA were € 2 500 in 2023. The Company issued 10 500 shares to Orla SA for € 1 000 in 2023.", [2500]),
    ("Sales to Orla SA were $500 for 2023 2022.", [500]),
    ("Sales to Orla Ltd. were $1,500, 500 and 300 for 2023, 2022 and 2021, respectively.", [1500, 500, 300]),
    ("Sales to Orla SA were € 12 500 for 2023; 12 500 units were shipped.", [12500]),
]


@pytest.mark.parametrize(("text", "values"), SPACED, ids=[f"spaced-{i}" for i in range(len(SPACED))])
def test_space_grouped_thousands(text: str, values: list[int]) -> None:
    assert [f.amount for f in extract(text).facts()] == [Decimal(v) for v in values]


def test_a_note_without_spaced_amounts_never_groups() -> None:
    doc = extract("Orla SA holds 10 500 shares. Sales to Orla SA were $700 for the year ended December 31, 2023.")
    assert [f.amount for f in doc.facts()] == [Decimal(700)]


@pytest.mark.parametrize("text", [
    "Sales to Orla Ltd. were RMB-denominated for the year ended December 31, 2023.",
    "Sales to Orla Ltd. grew 12% for the year ended December 31, 2023.",
    "Orla Ltd. in Hong Kong SAR, and Macau SAR were customers for the year ended December 31, 2023.",
    "Mr. R. Dong sold to Orla Ltd. for the year ended December 31, 2023.",
])
def test_not_amounts(text: str) -> None:
    assert extract(text).facts() == []


# --- literal_alternation: a prefix tree that matches as the flat longest-first alternation -------------

_ALPHABET = "abcRMBrmb$.£¥ "
# few letters, so that items are often prefixes of each other ("r", "rm", "rmb") and of the text
_words = st.lists(st.text(st.sampled_from("abAB$."), min_size=1, max_size=4) | st.text(_ALPHABET, min_size=1, max_size=4),
                  min_size=1, max_size=12)


def _spans(pattern: str, text: str, flags: int) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), m.lastindex or 0) for m in re.finditer(pattern, text, flags)]


@settings(max_examples=300, deadline=None)
@example(["a", "ab", "abb"], "abbab ab", "")
@example(["r", "rm", "rmb"], "RMB", r"(c)?m")
@example(["Ab", "aBCD"], "abcd", "")  # branches "A" and "a": a tree would try "Ab" first in (?i)
@given(_words, st.lists(st.sampled_from(["a", "b", "A", "B", "$", ".", "x", " ", "rm", "RMB", "£", "¥"]), max_size=20).map("".join),
       st.sampled_from(["", "b", r"\$", r"(?=\s|$)", r"(c)?m"]))
def test_literal_alternation_matches_as_the_flat_alternation(words: list[str], text: str, after: str) -> None:
    flat, tree = flat_alternation(words), literal_alternation(words)
    for flags in (0, re.I):  # the tree holds in either case; what follows the alternation backtracks into it
        assert _spans(f"(?:{tree}){after}", text, flags) == _spans(f"(?:{flat}){after}", text, flags)
        assert _spans(f"^(?:{tree})$", text, flags) == _spans(f"^(?:{flat})$", text, flags)


def test_literal_alternation_is_a_tree_unless_two_branches_match_in_some_case() -> None:
    assert literal_alternation(["rmb", "rm", "rp"]) == "r(?:m(?:b)?|p)"
    assert re.fullmatch(f"(?:{literal_alternation(['rmb', 'rm', 'rp'])})", "rm")
    # "RMB" and "Rmb" branch at "M"/"m", which match each other case-insensitively: the flat form
    assert literal_alternation(["RMB", "Rmb"]) == flat_alternation(["RMB", "Rmb"])
    assert literal_alternation(["u.s. $", "us$"]) == r"u(?:\.s\.\ \$|s\$)"


PREFIXED = [(w, sign, s.value) for s in VOC.scales for w in s.prefixed for sign in ("€", "$", "£")]


@pytest.mark.parametrize(("scale", "sign", "factor"), PREFIXED, ids=[f"{w}{sg}" for w, sg, _ in PREFIXED])
def test_a_scale_glued_before_a_sign_multiplies_the_amount(scale: str, sign: str, factor: int) -> None:
    value, _ = _one(SENTENCE.format(f"{scale}{sign}172"))
    assert value == 172 * factor


def test_a_scale_before_a_sign_is_no_party_name() -> None:
    facts = extract("In 2023 the compensation to key management by means of share based payments amounts to K€384.").facts()
    assert [(f.counterparty, f.amount) for f in facts] == [("key management", 384000)]
