"""The one vocabulary of currencies, scale words and months (``patterns/vocabulary.json``).

Every list of currency marks, scale words or month names in relparty is derived from here, like
price-parser's single currencies table: the tokenizer's glued prefixes (``RMB3,350``, ``PHP1,000``),
the lexicon's CURRENCY and SCALE marks, the table reader's value and header patterns, the
reconciler's written-scale pattern, the months of the period and table readers, and the unit
statements ("in thousands of U.S. dollars", "RMB'000") that give a note's scale.

The file is validated on load (``Vocabulary``: unknown keys are rejected, no mark names two
currencies unless ``shared_signs`` says how to tell them apart).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator
from relparty.patterns import PATTERN_DIR, RULE_FILES, expand_in, load_patterns

VOCABULARY_FILE = PATTERN_DIR / "vocabulary.json"

__all__ = [
    "Vocabulary", "load_vocabulary", "currency_marks", "currency_of", "currency_marks_pattern", "glued_currency_prefix",
    "glued_scale_suffix", "prefixed_scale_prefix", "prefixed_scales", "scale_of", "scale_words_pattern", "stated_scale", "month_numbers", "months_pattern",
    "shared_sign_currency", "shared_sign_reading", "lexicon_patterns", "all_patterns", "flat_alternation",
    "literal_alternation",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Currency(_Strict):
    iso: str = Field(pattern=r"^[A-Z]{3}$")
    codes: list[str] = Field(default_factory=list)  # written marks, case as written, may be glued to a number
    signs: list[str] = Field(default_factory=list)  # symbols ("$", "€")
    words: list[str] = Field(default_factory=list)  # lower-case words or phrases ("u.s. dollars"), never glued


class SignChoice(_Strict):
    iso: str = Field(pattern=r"^[A-Z]{3}$")
    when_note_says: list[str]  # lower-case words; a note that says one of them writes the sign for ``iso``


class SharedSign(_Strict):
    """A sign several currencies write ("¥": CNY or JPY; "kr": SEK, NOK, DKK or ISK): the choice
    whose words the note says most, else ``default``. ``say_default``: a reading the note does not
    decide (none of the words, or a tie) is said in a warning."""

    signs: list[str]
    default: str = Field(pattern=r"^[A-Z]{3}$")
    choices: list[SignChoice]
    say_default: bool = False


class Scale(_Strict):
    value: int = Field(gt=1)
    words: list[str]  # written after a number: "1.2 million"
    exact: list[str] = Field(default_factory=list)  # short forms matched with their case: "m", "k"
    glued: list[str] = Field(default_factory=list)  # glued to the number: "2.5bn", "$5k"
    unit: str  # the plural of a unit statement: "in thousands"
    short: list[str] = Field(default_factory=list)  # after a mark: "RMB'000"
    prefixed: list[str] = Field(default_factory=list)  # glued before a currency sign, case as written: "K€172"


class Month(_Strict):
    number: int = Field(ge=1, le=12)
    names: list[str]


class Vocabulary(_Strict):
    comment: str = Field("", alias="_comment")
    currencies: list[Currency]
    shared_signs: list[SharedSign] = Field(default_factory=list)
    scales: list[Scale]
    months: list[Month]

    @model_validator(mode="after")
    def _consistent(self) -> Vocabulary:
        seen: dict[str, str] = {}
        shared = {s for sh in self.shared_signs for s in sh.signs}
        for c in self.currencies:
            for mark in [*c.codes, *c.signs, *c.words]:
                if mark in seen and seen[mark] != c.iso and mark not in shared:
                    raise ValueError(f"{mark!r} is both {seen[mark]} and {c.iso}")
                seen.setdefault(mark, c.iso)
            for w in c.words:
                if w != w.lower():
                    raise ValueError(f"currency words are lower case: {w!r}")
        isos = {c.iso for c in self.currencies}
        for sh in self.shared_signs:
            for iso in {sh.default, *(ch.iso for ch in sh.choices)}:
                if iso not in isos:
                    raise ValueError(f"shared sign {sh.signs[0]!r}: {iso} is not a currency of the vocabulary")
        if sorted(m.number for m in self.months) != list(range(1, 13)):
            raise ValueError("months: each of 1..12 exactly once")
        return self


@cache
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    data: dict[str, Any] = json.loads((path or VOCABULARY_FILE).read_text(encoding="utf-8"))
    return Vocabulary.model_validate(data)


# --- currencies ---------------------------------------------------------------------------------


@cache
def _marks() -> dict[str, str]:
    """Written code or sign -> ISO code (the default one of a shared sign)."""
    voc = load_vocabulary()
    out: dict[str, str] = {}
    for c in voc.currencies:
        for m in [*c.codes, *c.signs]:
            out.setdefault(m, c.iso)
    for sh in voc.shared_signs:
        for s in sh.signs:
            out[s] = sh.default
    return out


@cache
def _words() -> dict[str, str]:
    return {w: c.iso for c in load_vocabulary().currencies for w in c.words}


def currency_words() -> dict[str, str]:
    """Every currency written out in words ("u.s. dollars", "renminbi"), lower case -> its ISO code."""
    return dict(_words())


def currency_marks() -> dict[str, str]:
    """Every written code and sign -> its ISO code (a shared sign: its default)."""
    return dict(_marks())


def currency_of(mark: str) -> str | None:
    """The ISO code of a written currency mark ("RMB", "Rs.", "HK$", "₹", "U.S. dollars"), or None."""
    s = mark.strip()
    marks = _marks()
    if s in marks:
        return marks[s]
    low = " ".join(s.lower().split())
    if low in _words():
        return _words()[low]
    return _marks_any_case().get(s.upper())


@cache
def _marks_any_case() -> dict[str, str]:
    """Upper-cased marks that name one currency whatever their case ("Hk$", "rmb")."""
    out: dict[str, set[str]] = {}
    for k, v in _marks().items():
        out.setdefault(k.upper(), set()).add(v)
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1}


def flat_alternation(items: list[str]) -> str:
    """A regex alternation of the literal ``items``, longest first (no groups, no anchors)."""
    return "|".join(re.escape(x) for x in sorted(set(items), key=len, reverse=True))


def literal_alternation(items: list[str]) -> str:
    """A regex that matches what :func:`flat_alternation` of ``items`` matches, in the same order, as
    a prefix tree: "rmb|rm|rp" is ``r(?:m(?:b)?|p)``. The regex engine tries alternatives one by one,
    so at a character that begins many items (a hundred currency marks) the flat form tries each of
    them; the tree tries one character once.

    The same order: every item that matches at a position spells a prefix of the text there, so
    those items lie on one path of the tree, where a longer one is tried before a shorter one (a
    greedy ``?``), as in the longest-first flat form, as long as no two characters that branch from
    one node can match the same character. That is checked in any case (``(?i)``: "M" and "m"), so
    the tree holds in case-sensitive and case-insensitive patterns alike; where it fails (a list
    with "RMB" and "Rmb"), the flat alternation is returned. No groups, no anchors."""
    words = sorted(set(items))
    if not words or "" in words:
        return flat_alternation(items)
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    out = _tree_pattern(root)
    return out if out is not None else flat_alternation(items)


def _tree_pattern(node: dict[str, dict]) -> str | None:  # type: ignore[type-arg]
    """The regex of a prefix tree's node (see ``literal_alternation``); None when two of its branches
    begin with characters that match each other in some case."""
    kids = sorted(ch for ch in node if ch)
    for k, a in enumerate(kids):
        if any(re.fullmatch(f"(?i:{re.escape(a)})", b) or re.fullmatch(f"(?i:{re.escape(b)})", a) for b in kids[k + 1:]):
            return None
    parts = []
    for ch in kids:
        rest = _tree_pattern(node[ch])
        if rest is None:
            return None
        parts.append(re.escape(ch) + rest)
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def currency_marks_pattern() -> str:
    """A regex alternation of every code and sign, longest first (no groups, no anchors)."""
    return literal_alternation(list(_marks()))


@cache
def glued_currency_prefix() -> str:
    """The tokenizer prefix that splits a mark glued to a number: "RMB3,350", "PHP1,000", "Rs.319".
    A one-letter code ("R") splits only before a digit, so "R.J." stays whole."""
    short = [m for m in _marks() if len(m) == 1 and m.isalpha()]
    longer = [m for m in _marks() if m not in short]
    return rf"(?:(?:{literal_alternation(longer)})(?=[\d(.—–])|(?:{literal_alternation(short)})(?=\d))"


@cache
def signed_dash_prefix() -> str:
    """The tokenizer prefix that splits a dash glued to a currency mark and its number: "-$14,000"
    in a comparative "(March 31, 2022 -$14,000)" is a separator, a mark and a number ("-$nil": a mark and its nil word)."""
    return rf"[-–—−](?=(?:{currency_marks_pattern()})\s?(?:\d|(?i:nil)\b))"


@cache
def dashed_currency_infix() -> str:
    """The tokenizer infix that splits the mark off a number after a date's dash: "(2019-$101,750; ...)" is a
    date, a dash, a mark and a number (the dash infix splits "2019-" from "$101,750"; a prefix is not tried again
    on the piece an infix leaves)."""
    return rf"(?<=\d[-–—−])(?:{currency_marks_pattern()})(?=\d)"


def shared_sign_currency(mark: str, note_lower: str) -> str | None:
    """The currency of a shared sign in a note: "¥" is JPY in a note that says "yen" or "Japan"."""
    reading = shared_sign_reading(mark, note_lower)
    return reading[0] if reading is not None else None


@cache
def _choice_res() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    return {s: [(c.iso, re.compile(rf"\b(?:{literal_alternation(c.when_note_says)})\b")) for c in sh.choices]
            for sh in load_vocabulary().shared_signs for s in sh.signs}


def shared_sign_reading(mark: str, note_lower: str) -> tuple[str, str | None] | None:
    """(ISO code, why) of a shared sign in a note (lower-cased): the choice whose words (whole words)
    the note says most, else the default. ``why`` is a sentence for a warning when the sign's entry
    says so (``say_default``) and the note did not decide it; else None. None: not a shared sign."""
    sh = next((x for x in load_vocabulary().shared_signs if mark in x.signs), None)
    if sh is None:
        return None
    counts = [(len(rx.findall(note_lower)), iso) for iso, rx in _choice_res()[mark]]
    best = max((n for n, _ in counts), default=0)
    top = [iso for n, iso in counts if n == best and n > 0]
    if len(top) == 1:
        return top[0], None
    iso = sh.default if not top or sh.default in top else top[0]
    if not sh.say_default:
        return iso, None
    isos = ", ".join(c.iso for c in sh.choices)
    why = ("the note names none of their countries or currencies" if not top
           else f"the note names {' and '.join(top)} alike")
    return iso, f"{mark!r} is written for {isos}: read as {iso} ({why}; patterns/vocabulary.json shared_signs)"


def shared_signs() -> frozenset[str]:
    return frozenset(s for sh in load_vocabulary().shared_signs for s in sh.signs)


# --- scales -------------------------------------------------------------------------------------


@cache
def _scales() -> dict[str, int]:
    out: dict[str, int] = {}
    for s in load_vocabulary().scales:
        for w in [*s.words, *s.glued]:
            out[w.lower()] = s.value
        for w in s.exact:
            out[w] = s.value
    return out


def scale_of(word: str) -> int | None:
    """The factor of a written scale word ("million" 1,000,000; "k" 1,000), or None."""
    return _scales().get(word) or _scales().get(word.lower())


@cache
def scale_words_pattern() -> str:
    """A regex alternation of the scale words written after a number (case-insensitive use)."""
    return literal_alternation([w for s in load_vocabulary().scales for w in s.words])


@cache
def scale_units_pattern() -> str:
    """A regex alternation of the units a statement names: "thousands", "millions"."""
    return literal_alternation([s.unit for s in load_vocabulary().scales])


@cache
def glued_scales_pattern() -> str:
    return literal_alternation([w for s in load_vocabulary().scales for w in s.glued])


@cache
def exact_scales_pattern() -> str:
    return literal_alternation([w.rstrip(".") for s in load_vocabulary().scales for w in s.exact])


@cache
def prefixed_scales() -> dict[str, int]:
    """The scales written glued before a currency sign ("K€172" is €172,000), with their factors."""
    return {w: s.value for s in load_vocabulary().scales for w in s.prefixed}


@cache
def prefixed_scale_prefix() -> str:
    """The tokenizer prefix that splits a scale glued before a currency sign and its number: "K€172" is "K", "€",
    "172" (only before a sign, so "KRW" and "kr" stay whole)."""
    signs = [x for c in load_vocabulary().currencies for x in c.signs] + [x for sh in load_vocabulary().shared_signs
                                                                          for x in sh.signs if not x[:1].isalpha()]
    return rf"(?:{literal_alternation(list(prefixed_scales()))})(?=(?:{literal_alternation(signs)})\s?\d)"


@cache
def glued_scale_suffix() -> str:
    """The tokenizer suffix that splits a scale glued to a number: "2.5bn", "$5k", "$2.5MM" (the
    glued words in any case, the exact ones of more than one letter with their case)."""
    glued = [w for s in load_vocabulary().scales for w in s.glued]
    exact = [w for s in load_vocabulary().scales for w in s.exact if len(w) > 1 and w.isalpha()]
    return rf"(?<=[0-9])(?:{literal_alternation(glued + exact)})"


class _Statement(NamedTuple):
    """One form of unit statement: its regex (group 1 the unit), the unit's value, and what makes the
    search cheap without changing its answer: ``begins``, a regex of how every match begins (the
    statement regex is tried only where it matches), and ``needs``, strings of which every match
    holds one (a text with none of them has no match)."""

    rx: re.Pattern[str]
    table: dict[str, int]
    begins: re.Pattern[str] | None = None
    needs: tuple[str, ...] = ()

    def first(self, text: str) -> re.Match[str] | None:
        """``rx.search(text)``, found faster."""
        if self.needs and not any(n in text for n in self.needs):
            return None
        if self.begins is None:
            return self.rx.search(text)
        pos = 0
        while (b := self.begins.search(text, pos)) is not None:
            m = self.rx.match(text, b.start())  # a match at a position sees the text before it (``\b``)
            if m is not None:
                return m
            pos = b.start() + 1
        return None


@cache
def _statement_res() -> list[_Statement]:
    voc = load_vocabulary()
    units = {s.unit: s.value for s in voc.scales}
    marks = currency_marks_pattern()
    words = literal_alternation(list(_words()))
    unit_alt = literal_alternation(list(units))
    # "in thousands of U.S. dollars", "RMB in Thousands", "(in RMB thousands)", "in thousands, except per share"
    in_units = re.compile(rf"(?i)\bin\s+(?:(?:{marks}|{words})\s*)?({unit_alt})\b")
    shorts = {x: s.value for s in voc.scales for x in s.short}
    # "RMB'000", "(US$’000)", "$'000"
    # the marks' first characters as a look-ahead: the search skips in one test each character
    # that starts no mark (else it tries every mark there); the same matches
    firsts = "".join(sorted({re.escape(m[0]) for m in _marks()}))
    short = re.compile(rf"(?=[{firsts}])(?:{marks})\s?({literal_alternation(list(shorts))})(?![\d,])")
    # "in" and a space begin every match of the first (every letter that case-insensitive "i" matches:
    # a test scans all of Unicode; as plain classes, which the engine scans for much faster), a short
    # form ("'000") is in every match of the second
    begins = re.compile("[iI\u0130\u0131][nN]\\s")
    return [_Statement(in_units, {k.lower(): v for k, v in units.items()}, begins=begins),
            _Statement(short, shorts, needs=tuple(shorts))]


def stated_scale(text: str) -> int | None:
    """The unit a page or note states for its amounts ("RMB in Thousands" 1,000; "RMB'000" 1,000;
    "in millions of U.S. dollars" 1,000,000), the first one written; None when it states none."""
    best: tuple[int, int] | None = None
    for form in _statement_res():
        m = form.first(text)
        if m is not None and (best is None or m.start() < best[0]):
            table = form.table
            best = (m.start(), table[m.group(1).lower() if m.group(1).lower() in table else m.group(1)])
    return best[1] if best else None


# --- months -------------------------------------------------------------------------------------


@cache
def month_numbers() -> dict[str, int]:
    """Lower-case month name or abbreviation (with and without its full stop) -> 1..12."""
    out: dict[str, int] = {}
    for m in load_vocabulary().months:
        for name in m.names:
            out[name.lower()] = m.number
            out[name.lower().rstrip(".")] = m.number
    return out


@cache
def months_pattern() -> str:
    """A regex alternation of month names and abbreviations, without full stops, longest first."""
    return literal_alternation([k.rstrip(".") for k in month_numbers()])


@cache
def dotted_words() -> frozenset[str]:
    """Lower-case words of the vocabulary that end with a full stop that does not end a sentence:
    month abbreviations ("dec.") and currency codes ("rs.", "rp.")."""
    names = [n for m in load_vocabulary().months for n in m.names]
    return frozenset(w.lower() for w in [*names, *_marks()] if w.endswith(".") and len(w) > 2)


# --- lexicon marks ------------------------------------------------------------------------------


def _token_pattern(phrase: str, attr: str) -> list[dict[str, str]]:
    return [{attr: t} for t in phrase.split()]


@cache
def _lexicon_rows() -> tuple[tuple[str, str, str], ...]:
    rows: list[tuple[str, str, str]] = []  # (label, id, json pattern)
    voc = load_vocabulary()
    marks = _marks()
    for mark, iso in marks.items():
        rows.append(("CURRENCY", iso, json.dumps([{"ORTH": mark}])))
        if mark.endswith(".") and len(mark) > 2:  # "Rs." also written as "Rs" "." (lower case: a phrase match)
            rows.append(("CURRENCY", iso, json.dumps([{"LOWER": mark[:-1].lower()}, {"LOWER": "."}])))
        if mark.isupper() and mark.isalpha() and len(mark) == 3:  # "Rmb", "Usd": a code in title case
            rows.append(("CURRENCY", iso, json.dumps([{"ORTH": mark.title()}])))
    for c in voc.currencies:
        for w in c.words:
            rows.append(("CURRENCY", c.iso, json.dumps(_token_pattern(w, "LOWER"))))
    for s in voc.scales:
        for w in [*s.words, *s.glued]:
            rows.append(("SCALE", str(s.value), json.dumps([{"LOWER": w.lower()}])))
        for w in s.exact:
            rows.append(("SCALE", str(s.value), json.dumps([{"ORTH": w}])))
    return tuple(dict.fromkeys(rows))


def lexicon_patterns() -> list[dict[str, Any]]:
    """The CURRENCY and SCALE marks as span-ruler rows (``{"label", "id", "pattern"}``)."""
    return [{"label": label, "id": pid, "pattern": json.loads(pattern)} for label, pid, pattern in _lexicon_rows()]


def all_patterns(directory: Path | None = None, expand: bool = True) -> list[dict[str, Any]]:
    """The currencies and scale words of the one vocabulary (``vocabulary.json``), then every rule
    file's patterns; with ``expand``, ``{"LOWER": {"IN": [...]}}`` alternatives are
    spelled out as plain patterns, which spaCy's Matcher checks in C (IN sets are Python calls)."""
    rows = lexicon_patterns() + [p for name in RULE_FILES for p in load_patterns(name, directory)]
    return [q for p in rows for q in expand_in(p)] if expand else rows
