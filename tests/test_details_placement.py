"""Placement of values whose empty neighbour cells the rendering dropped: properties over generated rows.

Over any row (columns with currencies, values in some of them, some values marked, maybe a row unit),
``candidate_columns`` equals the brute-force set of every column a value takes in some placement that
obeys order and marks: so it never claims one column where two are possible, and always keeps the true
column. The same holds end to end through ``read_details`` on a page rendered from the generated row.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from relparty.details.placement import candidate_columns
from relparty.details.reader import read_details

SYMBOL = {"CNY": "¥", "USD": "$"}


@st.composite
def rows(draw: st.DrawFn) -> tuple[list[str], list[int], list[bool], bool]:
    """(column currencies, the true columns of the values, which values are marked, row unit ¥)."""
    n = draw(st.integers(1, 7))
    currencies = draw(st.lists(st.sampled_from(["CNY", "USD"]), min_size=n, max_size=n))
    true = sorted(draw(st.sets(st.integers(1, n), min_size=1, max_size=n)))
    marked = draw(st.lists(st.booleans(), min_size=len(true), max_size=len(true)))
    row_unit = all(currencies[c - 1] == "CNY" for c in true) and draw(st.booleans())
    return currencies, true, marked, row_unit


def _allowed(currencies: list[str], true: list[int], marked: list[bool], row_unit: bool) -> list[list[int]]:
    out = []
    for c, m in zip(true, marked):
        want = currencies[c - 1] if m else ("CNY" if row_unit else None)
        out.append([i + 1 for i, cur in enumerate(currencies) if want is None or cur == want])
    return out


def _brute(allowed: list[list[int]], n: int) -> list[set[int]]:
    union: list[set[int]] = [set() for _ in allowed]
    for combo in combinations(range(1, n + 1), len(allowed)):
        if all(c in a for c, a in zip(combo, allowed)):
            for i, c in enumerate(combo):
                union[i].add(c)
    return union


@settings(max_examples=400, deadline=None)
@given(rows())
def test_candidates_are_exactly_every_possible_column(row: tuple[list[str], list[int], list[bool], bool]) -> None:
    currencies, true, marked, row_unit = row
    allowed = _allowed(currencies, true, marked, row_unit)
    cands = candidate_columns(allowed, len(currencies))
    assert cands is not None
    brute = _brute(allowed, len(currencies))
    for i, c in enumerate(true):
        assert c in cands[i]  # the true column is always kept
        assert set(cands[i]) == brute[i]  # and nothing else than what is possible
        if len(cands[i]) == 1:  # a placed value: no placement of the row puts it anywhere else
            assert brute[i] == {c}


@settings(max_examples=200, deadline=None)
@given(rows(), st.data())
def test_pins_keep_the_truth_and_only_narrow(row: tuple[list[str], list[int], list[bool], bool], data: st.DataObject) -> None:
    currencies, true, marked, row_unit = row
    allowed = _allowed(currencies, true, marked, row_unit)
    free = candidate_columns(allowed, len(currencies))
    i = data.draw(st.integers(0, len(true) - 1))
    pinned = candidate_columns(allowed, len(currencies), {i: true[i]})
    assert free is not None and pinned is not None
    assert pinned[i] == [true[i]]
    for j, c in enumerate(true):
        assert c in pinned[j] and set(pinned[j]) <= set(free[j])


def test_impossible_rows_are_none() -> None:
    assert candidate_columns([[1, 2], [1, 2], [1, 2]], 2) is None  # more values than columns
    assert candidate_columns([[2], [1]], 2) is None  # marks contradict the order
    assert candidate_columns([[1, 2]], 2, {0: 3}) is None  # a pin outside the page


def _render(currencies: list[str], true: list[int], marked: list[bool], row_unit: bool) -> str:
    lines = ["|", "T (Details)", "¥ in Thousands, $ in Thousands", "|12 Months Ended"]
    for i, cur in enumerate(currencies):
        lines += ["|", f"Dec. 31, {2030 - i}", f"{cur} ({SYMBOL[cur]})"]
    lines.append("|Revenue | ¥" if row_unit else "|Revenue")
    for k, (c, m) in enumerate(zip(true, marked)):
        number = f"{k + 1:,}"
        lines.append(f"|{SYMBOL[currencies[c - 1]]} {number}" if m else f"|{number}")
    return "\n".join(lines + ["X", "- Definition"]) + "\n"


@settings(max_examples=300, deadline=None)
@given(rows())
def test_read_details_places_generated_rows_soundly(row: tuple[list[str], list[int], list[bool], bool]) -> None:
    currencies, true, marked, row_unit = row
    page = read_details(_render(currencies, true, marked, row_unit))
    assert not page.warnings
    brute = _brute(_allowed(currencies, true, marked, row_unit), len(currencies))
    assert len(page.facts) == len(true)
    for f, c, b in zip(page.facts, true, brute):
        assert c in f.columns and set(f.columns) == b
        assert f.value == 1000 * int(f.text.split()[-1].replace(",", ""))
        if f.placed:
            assert f.period_end is not None and f.period_end.year == 2030 - (c - 1)
            assert f.currency == currencies[c - 1]
        else:
            assert f.period_end is None
