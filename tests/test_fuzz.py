"""Property tests over generated and mutated notes (issue 16), with hypothesis.

Properties: ``extract`` never raises; every span is in range and its text is the original's text
there; blank amounts have zero-width spans; appending a hostile fragment to a good note loses no
record of the note. The runs are reproducible (``derandomize=True``: the same examples every run)
and bounded for CI (a few dozen examples per property); ``pytest --fuzz-long tests/test_fuzz.py``
runs 100,000 examples per property instead (hours; see the README's "Robustness" section).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from relparty.api import extract
from relparty.models import Amount, NoteExtraction, TextSpan

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))
import shapes  # noqa: E402  (bench/shapes.py: the hostile shapes of bench/scaling.py)

CI_EXAMPLES = 40
LONG_EXAMPLES = 100_000


def _settings(request_long: bool) -> settings:
    return settings(max_examples=LONG_EXAMPLES if request_long else CI_EXAMPLES, derandomize=True, deadline=None,
                    suppress_health_check=list(HealthCheck), database=None)


LONG = os.environ.get("RELPARTY_FUZZ_LONG") == "1"  # set by ``--fuzz-long`` (tests/conftest.py)
FUZZ = _settings(LONG)

GOOD = [
    "Revenue from Alpha Holdings Ltd. (\u201cAlpha\u201d) were $1,200 and $900 for the years ended December 31, 2023 and 2022.",
    "Amounts due from Shanghai Keshen were RMB4 and as of December 31, 2023 and 2024.",
    "The Company purchased services from Beta Co., Ltd of RMB321 and , for the years ended December 31, 2023 and 2024, respectively.",
    "Related party balances\nAs of December 31,\n2023\n2024\nRMB\nRMB\nDue from related parties:\nAlpha Ltd.\n215\n66\n",
    "<div><p>Loans to Gamma Inc. were $5 million as of June 30, 2024.</p></div>",
]
PIECES = [
    "-" * 60, "---|", "|", " \n", "\n\n", "\t", "\u00a0", "(", ")", "[", "]", "\u201c", "\u201d", "\"", "'", "&", "&amp;", "<", ">",
    "<!--", "-->", "<script>", "</script>", "<a", "<div>", "</div>", "<td>", "$", "$1,000", "RMB", "million", "2022", "2023",
    "December 31,", "12 Months Ended", "[Abstract]", "|X\n- Definition", "Ltd.", "Co., Ltd", "(\u201cA\u201d)", "due from",
    "due to", "purchases from", "revenue", "\u00b2", "\u00b9 months", "\udc80", "\x00", "\ufffd", "\u2028", "\r", "e\u0301",
    "\U0001F600", "Note 5", "(a)", "*", "**", ",", ".", ";", ":", " ", "1", "12", "(1,234)", "\u2014", "nil",
]

fragments = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
notes = st.one_of(
    fragments,
    st.text(max_size=400),
    st.tuples(st.sampled_from(GOOD), st.integers(0, 200), fragments).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:]),
    st.tuples(st.sampled_from(sorted(shapes.all_shapes())), st.integers(50, 3000)).map(lambda t: shapes.all_shapes()[t[0]](t[1])[0]),
)


def _spans(obj: object) -> Iterator[TextSpan]:
    if isinstance(obj, TextSpan):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _spans(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _spans(x)


def _amounts(obj: object) -> Iterator[Amount]:
    if isinstance(obj, Amount):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _amounts(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _amounts(x)


def _check_spans(text: str, r: NoteExtraction) -> None:
    # a lone surrogate is read as U+FFFD (one character for one), so spans are checked on that text
    shown = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    for s in _spans(r):
        assert 0 <= s.start <= s.end <= len(text), s
        assert s.text == shown[s.start:s.end], s
    for a in _amounts(r):
        if a.blank:
            assert a.span is not None and a.span.start == a.span.end and a.value is None, a


@FUZZ
@given(notes)
def test_extract_never_raises_and_every_span_points_at_its_text(text: str) -> None:
    r = extract(text)
    assert r.length == len(text) or "only the start was read" in " ".join(w.message for w in r.warnings)
    _check_spans(text, r)


@FUZZ
@given(notes)
def test_html_reader_never_raises_and_spans_point_at_the_text(text: str) -> None:
    _check_spans(text, extract(text, kind="html"))


def _keys(r: NoteExtraction) -> list[tuple]:
    return sorted((f.counterparty, f.kind, str(f.period_end), str(f.amount), f.amount_start) for f in r.facts())


@FUZZ
@given(st.sampled_from(GOOD[:3]), fragments)
def test_a_hostile_fragment_after_a_good_note_loses_no_record(good: str, fragment: str) -> None:
    """The note's facts are all still there when a fragment follows it in a paragraph of its own
    (a fragment may add facts of its own, and may not take any away)."""
    before = _keys(extract(good))
    after = _keys(extract(good + "\n\n" + fragment))
    missing = [k for k in before if k not in after]
    assert not missing, missing
